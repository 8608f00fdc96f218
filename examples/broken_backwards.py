"""Backward passes with planted mistakes, for the plugin's report: every test here fails on purpose.

Not collected by the test suite (the file name does not start with ``test_``); run it explicitly:

    pytest examples/broken_backwards.py --oracle-report out/

and open ``out/index.html``: one card per failing test, titled by its node id.
"""

import numpy as np
import torch

from oracle import assert_vjp, gradcheck


def linear(x, w, b):
    return torch.nn.functional.linear(x, w, b)


def test_transposed_weight_gradient():
    rng = np.random.default_rng(0)
    inputs = {"x": rng.normal(size=(4, 3)), "w": rng.normal(size=(3, 3)), "b": rng.normal(size=3)}
    assert_vjp(linear, lambda g, x, w, b: {"x": g @ w, "w": x.T @ g, "b": g.sum(0)}, inputs)


def test_dropped_mean_in_a_loss():
    logits = torch.randn(8, 5, dtype=torch.float32, generator=torch.Generator().manual_seed(0))
    labels = [0, 3, 1, 4, 2, 2, 0, 1]

    def backward(g, logits, labels):
        p = torch.softmax(logits, 1)
        p[torch.arange(8), labels] -= 1
        return g * p  # the 1/N of the mean is missing

    assert_vjp(torch.nn.functional.cross_entropy, backward, {"logits": logits, "labels": labels}, wrt="logits")


class WrongSigmoid(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = torch.sigmoid(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return g * y * (y - 1)  # sign flipped


def test_custom_function_with_a_sign_flip():
    x = torch.randn(10, dtype=torch.float64, requires_grad=True)
    assert gradcheck(WrongSigmoid.apply, (x,))


def test_a_right_backward_still_passes():
    rng = np.random.default_rng(1)
    inputs = {"x": rng.normal(size=(4, 3)), "w": rng.normal(size=(3, 3)), "b": rng.normal(size=3)}
    assert_vjp(linear, lambda g, x, w, b: {"x": g @ w, "w": g.T @ x, "b": g.sum(0)}, inputs)
