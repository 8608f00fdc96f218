"""The autograd judge: exact VJPs of torch references, with a rounding-sensitivity bar."""

import pytest
import torch

from oracle.judges import autograd


def test_vjp_of_sigmoid_is_upstream_times_sigmoid_prime():
    """A known derivative comes out exactly."""
    z = torch.linspace(-5, 5, 11, dtype=torch.float64)
    u = torch.linspace(0.5, 2, 11, dtype=torch.float64)
    got = autograd.vjp(lambda z: torch.sigmoid(z), {"z": z}, ("z",), u)
    s = torch.sigmoid(z)
    torch.testing.assert_close(got.grads["z"], u * s * (1 - s), rtol=1e-15, atol=1e-15)


def test_vjp_of_a_matrix_product_for_each_input():
    """Every named input gets its gradient; unused inputs get zeros."""
    x = torch.randn(3, 4, dtype=torch.float64)
    w = torch.randn(2, 4, dtype=torch.float64)
    c = torch.randn(5, dtype=torch.float64)
    u = torch.randn(3, 2, dtype=torch.float64)
    got = autograd.vjp(lambda x, w, c: x @ w.T, {"x": x, "w": w, "c": c}, ("x", "w", "c"), u)
    torch.testing.assert_close(got.grads["x"], u @ w)
    torch.testing.assert_close(got.grads["w"], u.T @ x)
    assert torch.equal(got.grads["c"], torch.zeros(5, dtype=torch.float64))


def test_sensitivity_is_tiny_for_well_conditioned_entries_and_large_for_ill_conditioned_ones():
    """The rounding bar grows with conditioning: tan near pi/2 is ill-conditioned."""
    z = torch.tensor([0.1, 1.5707963], dtype=torch.float64)
    got = autograd.vjp(lambda z: torch.tan(z), {"z": z}, ("z",), torch.ones(2, dtype=torch.float64))
    assert got.sensitivity["z"][0] < 1e-14
    assert got.sensitivity["z"][1] > 1e3 * got.sensitivity["z"][0]


def test_a_reference_that_raises_is_a_judge_error():
    """A broken reference is reported, not propagated as a crash of the harness."""
    with pytest.raises(autograd.JudgeError, match="ZeroDivisionError"):
        autograd.vjp(lambda z: 1 / 0, {"z": torch.ones(1, dtype=torch.float64)}, ("z",), torch.ones(1, dtype=torch.float64))
