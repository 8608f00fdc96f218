"""VJPCheck: a printed backward judged by autograd, refereed by the numeric judge."""

import numpy as np
import pytest
import torch

from oracle.checks import VJPCheck
from oracle.checks.messages import Subject
from oracle.checks.outcome import CaseStatus
from oracle.checks.referee import Referee
from oracle.judges import numeric


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


RIGHT = lambda inputs, g: {"z": g * _sigmoid(inputs["z"]) * (1 - _sigmoid(inputs["z"]))}
WRONG = lambda inputs, g: {"z": g * _sigmoid(inputs["z"]) * (1 + _sigmoid(inputs["z"]))}
CHECK = VJPCheck(reference=lambda z: torch.sigmoid(z), domain=lambda: None, wrt=("z",), elementwise=True, analytic=True)
CASE = {"inputs": {"z": np.array([-3.0, 0.0, 2.5])}, "grad_out": np.array([1.0, -0.5, 2.0])}


def test_the_right_backward_passes():
    assert CHECK.judge(RIGHT, CASE).status is CaseStatus.PASS


def test_a_wrong_backward_fails_with_the_worst_entry_located():
    out = CHECK.judge(WRONG, CASE, subject=Subject(claim_id="doc/x", document="doc.txt", section="S"))
    assert out.status is CaseStatus.FAIL
    assert out.worst == "z(2,)"
    assert "Claim doc/x (doc.txt, \"S\") disagrees with autograd!" in out.message
    assert "Mismatched elements of z: 3 / 3" in out.message


@pytest.mark.parametrize("backward, expected", [(RIGHT, True), (WRONG, False)])
def test_the_numeric_judge_alone_separates_right_from_wrong(backward, expected):
    """Without autograd: the printed VJP lies inside the numeric error band iff it is right."""
    z = torch.tensor(CASE["inputs"]["z"])
    u = torch.tensor(CASE["grad_out"])
    for analytic in (True, False):
        est = numeric.vjp_entries(lambda z: torch.sigmoid(z), {"z": z}, ("z",), u, elementwise=True, analytic=analytic)["z"]
        got = torch.tensor(backward(CASE["inputs"], CASE["grad_out"])["z"])
        assert bool(((got - est.value).abs() <= 8 * est.error + 1e-13).all()) is expected


def test_a_small_extra_term_of_order_1e_8_is_caught():
    """gradcheck's default tolerances miss this; the rounding-based band does not."""
    out = CHECK.judge(lambda i, g: {"z": RIGHT(i, g)["z"] + 1e-8}, CASE)
    assert out.status is CaseStatus.FAIL


@pytest.mark.parametrize(
    "impl, message",
    [
        (lambda i, g: 1 / 0, "ZeroDivisionError"),
        (lambda i, g: [1.0, 2.0, 3.0], "expected a mapping"),
        (lambda i, g: {"y": g}, "no gradient for z"),
        (lambda i, g: {"z": np.array(["a", "b", "c"])}, "expected a real number type"),
        (lambda i, g: {"z": "text"}, "expected a real number type"),
    ],
)
def test_bad_printed_implementations_are_crashes_with_a_clear_message(impl, message):
    out = CHECK.judge(impl, CASE)
    assert out.status is CaseStatus.CRASH
    assert message in out.message


def test_a_gradient_of_the_wrong_shape_is_a_wrong_formula_not_a_crash():
    """A formula that computes another quantity (g h[k]^T for g h[k-1]^T) ran: it is wrong, not unrunnable."""
    out = CHECK.judge(lambda i, g: {"z": np.ones(2)}, CASE)
    assert out.status is CaseStatus.FAIL
    assert "has shape (2,) where (3,) is expected" in out.message


def test_nan_where_the_reference_is_finite_is_a_failure():
    out = CHECK.judge(lambda i, g: {"z": np.full(3, np.nan)}, CASE)
    assert out.status is CaseStatus.FAIL


def test_when_the_judges_disagree_the_case_is_inconclusive():
    """A reference whose autograd backward is wrong: the numeric judge objects, nothing is blamed."""

    class BadSquare(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 3 * x * g

    check = VJPCheck(reference=lambda z: BadSquare.apply(z), domain=lambda: None, wrt=("z",), elementwise=True)
    out = check.judge(lambda i, g: {"z": 2 * i["z"] * g}, CASE)
    assert out.status is CaseStatus.INCONCLUSIVE
    assert "judges disagree" in out.message


def test_a_kink_is_a_convention_not_an_erratum():
    """ReLU at exactly 0: both 0 and 1 are valid one-sided values."""
    check = VJPCheck(reference=lambda z: torch.relu(z), domain=lambda: None, wrt=("z",), elementwise=True,
                     breaks={"z": (0.0,)})
    case = {"inputs": {"z": np.array([0.0, 1.0])}, "grad_out": np.array([1.0, 1.0])}
    for value_at_zero in (0.0, 1.0, 0.5):
        out = check.judge(lambda i, g: {"z": g * np.where(i["z"] > 0, 1.0, 0.0) + (i["z"] == 0) * value_at_zero}, case)
        assert out.status is CaseStatus.CONVENTION
    out = check.judge(lambda i, g: {"z": g * np.where(i["z"] > 0, 1.0, 0.0) + (i["z"] == 0) * 2.0}, case)
    assert out.status is CaseStatus.FAIL


def test_large_inputs_use_projections_and_still_locate_entries():
    """Above max_entries the numeric judge projects; autograd still compares every entry."""
    check = VJPCheck(reference=lambda w, x: x @ w.T, domain=lambda: None, wrt=("w",), max_entries=10)
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(4, 5)), rng.normal(size=(3, 5))
    g = rng.normal(size=(4, 3))
    right = lambda i, g: {"w": g.T @ i["x"]}
    assert check.judge(right, {"inputs": {"w": w, "x": x}, "grad_out": g}).status is CaseStatus.PASS

    def off_by_one(i, g):
        out = g.T @ i["x"]
        out[1, 2] += 1.0
        return {"w": out}

    out = check.judge(off_by_one, {"inputs": {"w": w, "x": x}, "grad_out": g})
    assert out.status is CaseStatus.FAIL and out.worst == "w(1, 2)"


def test_the_printed_backward_cannot_corrupt_the_judges_inputs():
    """An implementation that writes into its inputs sees copies."""

    def vandal(i, g):
        i["z"][:] = 100.0
        return RIGHT({"z": CASE["inputs"]["z"]}, g)

    assert CHECK.judge(vandal, CASE).status is CaseStatus.PASS
    assert CASE["inputs"]["z"][0] == -3.0


def test_regression_richardson_near_a_probability_boundary_is_not_inconclusive():
    """Campaign regression: at yhat = 1e-12 the steps are capped at 5e-13, rounding of 1 - yhat dominates the
    central differences, and an error estimate built from the last Richardson step alone (1e-6) understated the
    real error (4e-5): the right derivative was called inconclusive.  The estimate now includes the change
    between the first-order extrapolants (Note [Richardson error])."""
    nll = lambda yhat, y: -(torch.xlogy(y, yhat) + torch.xlogy(1 - y, 1 - yhat))  # xlogy: no complex step
    check = VJPCheck(reference=nll, domain=lambda: None, wrt=("yhat",), elementwise=True, breaks={"yhat": (0.0, 1.0)})
    case = {"inputs": {"yhat": np.array([1e-12, 0.5, 1 - 1e-12]), "y": np.array([0.0, 1.0, 1.0])},
            "grad_out": np.array([0.5, 1.0, -2.0])}
    right = lambda i, g: {"yhat": g * (-i["y"] / i["yhat"] + (1 - i["y"]) / (1 - i["yhat"]))}
    assert check.judge(right, case).status is CaseStatus.PASS


def test_regression_a_kink_closer_than_every_step_is_not_inconclusive():
    """Campaign regression: a ReLU inside a network, 1e-13 from its kink (no declared break).  All three
    Richardson levels straddled the kink, agreed with each other on a wrong slope, and the right gradient was
    called inconclusive.  The gap between one-sided differences now widens the error bar (Note [undeclared kink])."""
    x = np.array([1.0, -2.0, 0.5])
    w = np.array([[0.5, 0.25, 2e-13]])  # w @ x = 1e-13
    check = VJPCheck(reference=lambda w, x: torch.relu(w @ x), domain=lambda: None, wrt=("w",))
    case = {"inputs": {"w": w, "x": x}, "grad_out": np.array([1.5])}
    right = lambda i, g: {"w": np.outer(g * (i["w"] @ i["x"] > 0), i["x"])}
    assert check.judge(right, case).status is CaseStatus.PASS
    wrong = lambda i, g: {"w": np.outer(g * (i["w"] @ i["x"] > 0), -i["x"])}
    assert check.judge(wrong, case).status is CaseStatus.FAIL


def _linear_case(seed=0):
    rng = np.random.default_rng(seed)
    return {"inputs": {"w": rng.normal(size=(3, 5)), "x": rng.normal(size=(4, 5))}, "grad_out": rng.normal(size=(4, 3))}


def _off_at_1_2(i, g):
    out = g.T @ i["x"]
    out[1, 2] += 1e-3
    return {"w": out}


def test_in_projection_mode_the_blamed_entry_is_refereed_by_the_numeric_judge():
    """A failure found while the numeric judge only projected still carries a numeric value at the blamed entry."""
    check = VJPCheck(reference=lambda w, x: x @ w.T, domain=lambda: None, wrt=("w",), max_entries=1)
    case = _linear_case()
    out = check.judge(_off_at_1_2, case)
    assert out.status is CaseStatus.FAIL and out.worst == "w(1, 2)"
    assert abs(out.numeric_value - out.true_value) <= 8 * out.numeric_error + 1e-12
    assert out.numeric_error < 1e-8


class _WrongBackwardAt12(torch.autograd.Function):
    """x @ w.T whose autograd backward is off at w[1, 2]: a broken reference."""

    @staticmethod
    def forward(ctx, w, x):
        ctx.save_for_backward(x)
        return x @ w.T

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        gw = g.T @ x
        gw[1, 2] += 1e-3
        return gw, None


def test_a_broken_reference_at_the_blamed_entry_makes_the_case_inconclusive():
    """With no projections at all, the entry referee alone keeps a wrong autograd from blaming a right formula."""
    check = VJPCheck(reference=lambda w, x: _WrongBackwardAt12.apply(w, x), domain=lambda: None, wrt=("w",),
                     max_entries=1, projections=0)
    out = check.judge(lambda i, g: {"w": g.T @ i["x"]}, _linear_case())
    assert out.status is CaseStatus.INCONCLUSIVE
    assert "the judges disagree on the gradient for w at index (1, 2), the entry the printed form gets wrong" in out.message


def test_the_numeric_mode_is_chosen_by_cost():
    """Every entry while cheap (elementwise, declared breaks, small inputs); projections above 591 entries."""
    def mode(check, **sizes):
        return check.numeric_mode(sizes) == "entries"

    plain = VJPCheck(reference=None, domain=lambda: None, wrt=("a", "b"))
    assert mode(plain, a=591, b=10) and not mode(plain, a=592, b=10)
    assert mode(VJPCheck(reference=None, domain=lambda: None, wrt=("a",), elementwise=True), a=10**5)
    assert mode(VJPCheck(reference=None, domain=lambda: None, wrt=("a",), breaks={"a": (0.0,)}), a=10**4)
    assert not mode(VJPCheck(reference=None, domain=lambda: None, wrt=("a",), max_entries=4), a=5)
    assert mode(VJPCheck(reference=None, domain=lambda: None, wrt=("a",), max_entries=10**6), a=10**5)


def test_passing_cases_skip_the_sensitivity_passes(monkeypatch):
    """Note [lazy sensitivity]: the two perturbed autograd passes run only when the tight band fails."""
    from oracle.judges import autograd

    calls = []
    real = autograd.sensitivity
    monkeypatch.setattr(autograd, "sensitivity", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert CHECK.judge(RIGHT, CASE).status is CaseStatus.PASS and not calls
    assert CHECK.judge(WRONG, CASE).status is CaseStatus.FAIL and calls


_TANH_LAYER = VJPCheck(reference=lambda x, w: torch.tanh(x @ w), domain=lambda: None, wrt=("x",))


def _cancelling_layer_case(trial: int) -> dict:
    """Inputs of 1e4 whose pre-activations cancel to ~1e-4: rounding in the sum is amplified."""
    rng = np.random.default_rng([1, trial])
    x, w = rng.normal(size=(2, 8)) * 1e4, rng.normal(size=(8, 3))
    w[-1] = -(x[0, :-1] @ w[:-1]) / x[0, -1] + rng.normal(size=3) * 1e-4
    return {"inputs": {"x": x, "w": w}, "grad_out": np.ones((2, 3))}


def _reversed_sum_backward(i, g):
    """The right VJP, with the pre-activation summed in the opposite order to torch's."""
    z = sum(np.outer(i["x"][:, k], i["w"][k]) for k in reversed(range(i["x"].shape[1])))
    return {"x": (g * (1 - np.tanh(z) ** 2)) @ i["w"].T}


def _verdicts(case):
    """(tight band only, as judged lazily, eagerly widened) statuses of one case."""
    from oracle.judges import autograd

    check = _TANH_LAYER
    inputs = {k: torch.from_numpy(v) for k, v in case["inputs"].items()}
    u = torch.from_numpy(case["grad_out"])
    got = {"x": torch.from_numpy(_reversed_sum_backward(case["inputs"], case["grad_out"])["x"])}
    tight_truth = autograd.vjp(check.reference, inputs, ("x",), u, measure_sensitivity=False)
    eager_truth = autograd.vjp(check.reference, inputs, ("x",), u)
    num = check._numeric(check.reference, inputs, u, eager_truth, 0)

    def verdict(truth):
        return Referee(check.reference, inputs, u, truth, got, num, lambda *a: None, Subject(),
                       counterexample=lambda: "").verdict()

    tight, eager = verdict(tight_truth), verdict(eager_truth)
    return tight.status, check.judge(_reversed_sum_backward, case).status, eager.status


@pytest.mark.parametrize("trial", range(16))
def test_lazy_sensitivity_gives_the_eager_verdict(trial):
    """Note [lazy sensitivity]: widening only on failure changes no verdict."""
    _, lazy, eager = _verdicts(_cancelling_layer_case(trial))
    assert lazy is eager


def test_the_measured_sensitivity_admits_a_right_formula_on_an_ill_conditioned_case():
    """The tight band rejects the reordered sum; the measured sensitivity admits it, as the eager judge did."""
    tight, lazy, eager = _verdicts(_cancelling_layer_case(13))
    assert (tight, lazy, eager) == (CaseStatus.FAIL, CaseStatus.PASS, CaseStatus.PASS)


def test_in_projection_mode_entries_on_a_kink_are_judged_one_by_one():
    """Entries exactly on a declared break get their one-sided derivatives even when the judge projects;
    the projections never step across them."""
    check = VJPCheck(reference=lambda z: torch.relu(z), domain=lambda: None, wrt=("z",), elementwise=True,
                     breaks={"z": (0.0,)}, max_entries=1)
    case = {"inputs": {"z": np.array([0.0, 1.0, -2.0, 0.0, 3.0])}, "grad_out": np.array([1.0, 1.0, 1.0, -1.0, 2.0])}
    relu_with = lambda at_zero: (lambda i, g: {"z": g * (np.where(i["z"] > 0, 1.0, 0.0) + (i["z"] == 0) * at_zero)})
    for at_zero in (0.0, 1.0, 0.5):
        out = check.judge(relu_with(at_zero), case)
        assert out.status is CaseStatus.CONVENTION, out.message
        assert out.message.startswith("2 entries on a non-differentiable point")
    out = check.judge(relu_with(2.0), case)
    assert out.status is CaseStatus.FAIL and "at the non-differentiable point z(0,)" in out.message
    wrong_elsewhere = lambda i, g: {"z": relu_with(0.0)(i, g)["z"] + np.array([0, 0, 0, 0, 1e-3])}
    out = check.judge(wrong_elsewhere, case)
    assert out.status is CaseStatus.FAIL and out.worst == "z(4,)"
