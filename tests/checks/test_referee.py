"""The judges referee each other: a kink inside the reference or a cancelling contraction never makes a
right formula inconclusive, and a wrong one is still caught (exact cases the seed sweep found)."""


import numpy as np
import pytest
import torch

from oracle import VJPCheck
from oracle.checks.outcome import CaseStatus
from oracle.forms import vjp
from oracle.judges.numeric.branches import crossing, signatures
from oracle.judges.numeric.near_kinks import entry_around_kinks
from reference import cnn_from_scratch, germain_2019, reseau_profond
from tests.fixtures import sweep_cases

_BY_ID = {c.id: c for c in cnn_from_scratch.CLAIMS + reseau_profond.CLAIMS}
GERMAIN = {c.id: c for c in germain_2019.CLAIMS}


def _judge(claim_id, case, form="printed"):
    c = _BY_ID[claim_id]
    impl = (c.printed if form == "printed" else c.correction).impl
    return c.check.judge(impl, case, seed=0)


@pytest.mark.parametrize("case", [sweep_cases.MODEL_BACKWARD_SEED_11, sweep_cases.MODEL_BACKWARD_SEED_23],
                         ids=["seed-11", "seed-23"])
def test_a_relu_preactivation_near_its_kink_inside_the_network_is_stepped_around(case):
    """Regression (sweep, seeds 11 and 23): the judges used to disagree on a right backward."""
    out = _judge("reseau-profond/model-backward-pass", case)
    assert out.status is CaseStatus.PASS, out.message
    assert "a kink of aten.relu" in out.message and "lies within the numeric judge's step" in out.message


def test_the_same_network_still_catches_a_wrong_backward():
    c = _BY_ID["reseau-profond/model-backward-pass"]

    def doubled(inputs, g):
        return {k: 2 * v for k, v in c.printed.impl(inputs, g).items()}

    out = c.check.judge(doubled, sweep_cases.MODEL_BACKWARD_SEED_11, seed=0)
    assert out.status is CaseStatus.FAIL, out.message


def test_a_kink_within_the_step_of_one_layer_is_stepped_around():
    """Regression (sweep, seed 206): W(5, 5) of a relu layer whose pre-activation is 0.0064 from the kink."""
    out = _judge("reseau-profond/layer-backward-pass", sweep_cases.LAYER_BACKWARD_SEED_206)
    assert out.status is CaseStatus.PASS, out.message


def test_judges_agreeing_to_thirteen_digits_agree():
    """Regression (sweep, seed 203): cross-entropy terms of 60 cancel in <u, f>; the numeric error bar now
    scales with the terms, not with their sum, and the judges agree."""
    out = _judge("cnn-from-scratch/ce-gradient", sweep_cases.CE_GRADIENT_SEED_203)
    assert out.status is CaseStatus.PASS, out.message


def test_rounding_carried_through_a_saturated_layer_is_not_a_failure():
    """Regression (sweep, seed 80): the right matrix backprop differed from autograd by 4e-13 on a gradient of 6e-5
    beneath a saturated tanh, while the backward carried gradients up to 68 (Note [tolerance]: the scale is the
    whole VJP's)."""
    c = GERMAIN["germain-2019/matrix-backprop-square"]
    case = sweep_cases.MATRIX_BACKPROP_SQUARE_SEED_80
    assert c.check.judge(c.correction.impl, case, seed=0).status is CaseStatus.PASS
    assert c.check.judge(c.printed.impl, case, seed=0).status is CaseStatus.FAIL

    def off_by_1e_8(inputs, g):
        out = dict(c.correction.impl(inputs, g))
        out["W1"] = np.asarray(out["W1"]) * (1 + 1e-8)
        return out

    assert c.check.judge(off_by_1e_8, case, seed=0).status is CaseStatus.FAIL


# --- the pieces ---------------------------------------------------------------------------------

def _mlp(x, W1, W2):
    return (W2 @ torch.relu(W1 @ x)).sum(0)


def _near_kink_mlp():
    """A 2-layer relu network whose first pre-activation sits 1e-9 above its kink."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(3, dtype=torch.float64, generator=g)
    W1 = torch.randn(4, 3, dtype=torch.float64, generator=g)
    W1[0] -= (W1[0] @ x - 1e-9) * x / (x @ x)
    W2 = torch.randn(2, 4, dtype=torch.float64, generator=g)
    return {"x": x, "W1": W1, "W2": W2}


def test_the_branches_of_the_reference_are_recorded_and_a_crossing_is_named():
    inputs = _near_kink_mlp()
    (site,) = signatures(_mlp, inputs)
    assert site.op == "aten.relu" and int(site.branch[0, 0]) == 1
    w = inputs["W1"][0]
    step = -2e-9 * w / (w @ w)  # moves the first pre-activation from 1e-9 to -1e-9
    found = crossing(_mlp, inputs, {**inputs, "x": inputs["x"] + step})
    assert found is not None and found.op == "aten.relu" and found.entry == (0,)
    assert crossing(_mlp, inputs, {**inputs, "x": inputs["x"] * (1 + 1e-14)}) is None


def test_an_entry_is_estimated_clear_of_the_kink_and_matches_autograd():
    inputs = _near_kink_mlp()
    u = torch.ones((), dtype=torch.float64)
    leaves = {k: v.clone().requires_grad_(True) for k, v in inputs.items()}
    (grad,) = torch.autograd.grad(_mlp(**leaves), [leaves["x"]])
    rescue = entry_around_kinks(lambda **k: _mlp(**k), inputs, "x", u, (0,))
    assert rescue is not None and "aten.relu" in rescue.note
    assert abs(float(rescue.estimate.value[0]) - float(grad[0])) <= 8 * float(rescue.estimate.error[0]) + 1e-12


def test_a_smooth_reference_has_no_kink_to_step_around():
    inputs = {"x": torch.tensor([0.3, -0.2], dtype=torch.float64)}
    assert entry_around_kinks(lambda x: torch.tanh(x).sum(), inputs, "x", torch.ones(()), (0,)) is None


def test_a_broken_reference_backward_stays_inconclusive_even_with_kinks_around():
    """A relu network whose custom backward is wrong: stepping around kinks explains nothing, so nothing is blamed."""
    class BrokenRelu(torch.autograd.Function):
        @staticmethod
        def forward(ctx, z):
            ctx.save_for_backward(z)
            return z.clamp(min=0)

        @staticmethod
        def backward(ctx, g):
            (z,) = ctx.saved_tensors
            return 1.5 * g * (z > 0)

    check = VJPCheck(reference=lambda x, W1: BrokenRelu.apply(W1 @ x).sum(0), domain=lambda: None, wrt=("W1",))
    inputs = _near_kink_mlp()
    case = {"inputs": {"x": inputs["x"].numpy(), "W1": inputs["W1"].numpy()}, "grad_out": np.array(1.0)}
    right = vjp(lambda g, x, W1: {"W1": g * np.outer((W1 @ x) > 0, x)})
    out = check.judge(right, case)
    assert out.status is CaseStatus.INCONCLUSIVE, out.message


def test_a_printed_kink_convention_inside_a_network_is_accepted():
    """relu'(0) = 1 where a pre-activation is exactly 0: one-sided bounds, a convention, not an erratum."""
    W1 = torch.tensor([[1.0, -1.0], [0.5, 0.25]], dtype=torch.float64)
    x = torch.tensor([2.0, 2.0], dtype=torch.float64)   # first pre-activation exactly 0
    check = VJPCheck(reference=lambda x, W1: torch.relu(W1 @ x).sum(0), domain=lambda: None, wrt=("x",))
    case = {"inputs": {"x": x.numpy(), "W1": W1.numpy()}, "grad_out": np.array(1.0)}
    relu_prime_one = vjp(lambda g, x, W1: {"x": g * W1.T @ ((W1 @ x) >= 0).astype(float)})
    out = check.judge(relu_prime_one, case)
    assert out.status is CaseStatus.CONVENTION, out.message
    wrong = vjp(lambda g, x, W1: {"x": 3 * g * W1.T @ ((W1 @ x) >= 0).astype(float)})
    assert check.judge(wrong, case).status is CaseStatus.FAIL
