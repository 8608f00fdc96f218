"""An engineer's test of a custom backward with ``assert_vjp`` (runs under pytest)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import oracle
from oracle import VJPMismatch, assert_vjp


def linear(x, w, b):
    return F.linear(x, w, b)


def my_linear_backward(grad_out, x, w, b):
    """Hand-written backward of y = x @ w.T + b."""
    return {"x": grad_out @ w, "w": grad_out.T @ x, "b": grad_out.sum(axis=0)}


def test_my_linear_backward_matches_autograd():
    rng = np.random.default_rng(0)
    inputs = {"x": rng.normal(size=(4, 3)), "w": rng.normal(size=(2, 3)), "b": rng.normal(size=2)}
    assert_vjp(linear, my_linear_backward, inputs)


def test_a_missing_transpose_is_reported_with_the_worst_entry():
    rng = np.random.default_rng(0)
    inputs = {"x": rng.normal(size=(3, 3)), "w": rng.normal(size=(3, 3)), "b": rng.normal(size=3)}
    wrong = lambda g, x, w, b: {**my_linear_backward(g, x, w, b), "x": g @ w.T}
    with pytest.raises(VJPMismatch, match=r"Greatest absolute difference: .* at index"):
        assert_vjp(linear, wrong, inputs)


class MyLinear(torch.autograd.Function):
    """A custom Function: its backward is what oracle.gradcheck judges (autograd cannot judge itself)."""

    @staticmethod
    def forward(ctx, x, w, b):
        ctx.save_for_backward(x, w)
        return x @ w.T + b

    @staticmethod
    def backward(ctx, grad_out):
        x, w = ctx.saved_tensors
        return grad_out @ w, grad_out.T @ x, grad_out.sum(0)


def test_my_custom_function_with_the_gradcheck_drop_in():
    x = torch.randn(8, 3, dtype=torch.float64, requires_grad=True)
    w = torch.randn(2, 3, dtype=torch.float64, requires_grad=True)
    b = torch.randn(2, dtype=torch.float64, requires_grad=True)
    assert oracle.gradcheck(MyLinear.apply, (x, w, b))


def test_my_backward_in_float32_is_judged_against_torchs_own_float32_error():
    x, w, b = torch.randn(4, 3), torch.randn(2, 3), torch.randn(2)  # float32
    assert_vjp(linear, lambda g, x, w, b: {"x": g @ w, "w": g.T @ x, "b": g.sum(0)}, {"x": x, "w": w, "b": b})
