"""An engineer's test of a custom backward with ``assert_vjp`` (runs under pytest)."""

import numpy as np
import pytest
import torch.nn.functional as F

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
