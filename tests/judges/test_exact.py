"""References judged in their exact formulation where a torch op is an approximation (Note [reference exactness])."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from oracle import VJPCheck
from oracle.checks.outcome import CaseStatus
from oracle.judges.exact import exact

SOFTPLUS = VJPCheck(reference=F.softplus, domain=lambda: None, wrt=("x",), elementwise=True)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def test_the_exact_softplus_has_the_sigmoid_as_its_gradient_beyond_the_threshold():
    f = exact(F.softplus)
    x = torch.tensor([25.0, 20.5, -3.0], dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(f(x).sum(), x)
    assert torch.equal(g, torch.sigmoid(x.detach())) and f.notes


def test_a_right_softplus_derivative_is_not_called_wrong_above_torchs_threshold():
    """Regression: softplus'(x) = 1/(1+e^-x) on [-30, 30] was an erratum against F.softplus (linear above 20)."""
    x = np.linspace(-30, 30, 121)
    out = SOFTPLUS.judge(lambda i, g: {"x": g * _sigmoid(i["x"])}, {"inputs": {"x": x}, "grad_out": np.ones_like(x)})
    assert out.status is CaseStatus.PASS, out.message
    assert "F.softplus is linear above" in out.message


@pytest.mark.parametrize("where", [(-30.0, 20.0), (20.0, 30.0)])
def test_an_error_of_1e_8_is_still_caught_on_either_side_of_the_threshold(where):
    x = np.linspace(*where, 41)
    out = SOFTPLUS.judge(lambda i, g: {"x": g * (_sigmoid(i["x"]) + 1e-8)},
                         {"inputs": {"x": x}, "grad_out": np.ones_like(x)})
    assert out.status is CaseStatus.FAIL


BCE = VJPCheck(reference=lambda p, y: F.binary_cross_entropy(p, y), domain=lambda: None, wrt=("p",),
               breaks={"p": (0.0, 1.0)})


def _bce_grad(i, g, error=0.0):
    p, y = i["p"], i["y"]
    return {"p": g * ((p - y) / (p * (1 - p)) / p.size) * (1 + error)}


def test_a_right_bce_gradient_is_not_called_wrong_near_p_equal_one():
    """Regression: torch's backward clamps p(1-p) at 1e-12 (1000000003994.8 for 1000022122209.5)."""
    case = {"inputs": {"p": np.array([1 - 1e-12, 0.3, 1e-13]), "y": np.array([0.0, 1.0, 1.0])}, "grad_out": np.array(1.0)}
    out = BCE.judge(_bce_grad, case)
    assert out.status is CaseStatus.PASS, out.message
    assert "F.binary_cross_entropy clamps" in out.message


def test_a_relative_error_of_1e_8_in_the_bce_gradient_is_still_caught_there():
    """Within 1e-12 of 0 the clamp applies and the gradient is well conditioned: 1e-8 relative is caught.

    (Within 1e-12 of 1 the gradient's condition number in p is 1e12, so float64 inputs cannot tell a
    relative 1e-8 apart there: the band says so, from the measured sensitivity.)"""
    case = {"inputs": {"p": np.array([1e-13, 0.3]), "y": np.array([1.0, 1.0])}, "grad_out": np.array(1.0)}
    assert BCE.judge(_bce_grad, case).status is CaseStatus.PASS
    out = BCE.judge(lambda i, g: _bce_grad(i, g, error=1e-8), case)
    assert out.status is CaseStatus.FAIL


def test_an_ordinary_reference_is_left_alone():
    f = exact(lambda x: torch.tanh(x))
    x = torch.tensor([0.5], dtype=torch.float64)
    assert torch.equal(f(x), torch.tanh(x)) and not f.notes


def test_a_stable_softplus_definition_holds_against_f_softplus_beyond_its_threshold():
    """Regression: a correct, stable softplus definition was an erratum against F.softplus (linear above 20)."""
    from oracle import ValueCheck

    check = ValueCheck(reference=F.softplus, domain=lambda: None)
    x = np.linspace(-30, 30, 121)
    stable = lambda x: np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))
    assert check.judge(stable, {"inputs": {"x": x}}).status is CaseStatus.PASS
    assert check.judge(lambda x: stable(x) + 1e-8, {"inputs": {"x": x}}).status is CaseStatus.FAIL
