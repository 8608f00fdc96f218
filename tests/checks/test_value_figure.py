"""ValueCheck (definitions, stability) and FigureCheck (printed numbers)."""

import numpy as np
import pytest
import torch

from oracle.checks import FigureCheck, Rounding, ValueCheck
from oracle.checks.figure import half_unit
from oracle.checks.messages import Subject
from oracle.checks.outcome import CaseStatus
from oracle.errors import CheckError

SIGMOID = ValueCheck(reference=lambda a: torch.sigmoid(a), domain=lambda: None)
CASE = {"inputs": {"a": np.array([-2.0, 0.0, 3.0])}}


def test_a_right_definition_passes_and_a_wrong_one_fails():
    assert SIGMOID.judge(lambda a: 1 / (1 + np.exp(-a)), CASE).status is CaseStatus.PASS
    out = SIGMOID.judge(lambda a: a / (1 + np.exp(-a)), CASE, subject=Subject(claim_id="d/s", document="f.txt", section="S"))
    assert out.status is CaseStatus.FAIL and "disagrees with reference" in out.message


def test_a_value_of_the_wrong_shape_is_a_wrong_formula():
    out = SIGMOID.judge(lambda a: np.ones(5), CASE)
    assert out.status is CaseStatus.FAIL and "has shape (5,) where (3,) is expected" in out.message


def test_nan_from_an_overflowing_formula_is_reported_as_such():
    check = ValueCheck(reference=lambda a: torch.tanh(a), domain=lambda: None)
    out = check.judge(lambda a: (np.exp(a) - np.exp(-a)) / (np.exp(a) + np.exp(-a)), {"inputs": {"a": np.array([800.0])}})
    assert out.status is CaseStatus.FAIL and "NaN or inf" in out.message


@pytest.mark.parametrize("impl, message", [(lambda a: 1 / 0, "ZeroDivisionError"),
                                           (lambda a: None, "dtype object")])
def test_bad_definitions_crash_cleanly(impl, message):
    out = SIGMOID.judge(impl, CASE)
    assert out.status is CaseStatus.CRASH and message in out.message


@pytest.mark.parametrize("digits, half", [("1763.884766", 5e-7), ("4", 0.5), ("-0.0083", 5e-5), ("5.3671", 5e-5)])
def test_half_unit_of_the_last_printed_digit(digits, half):
    assert half_unit(digits) == pytest.approx(half)


def test_figures_match_at_the_printed_precision_only():
    check = FigureCheck(printed={"loss": "29.022667", "w": "0.2327"}, rounding=Rounding.PRINTOUT)
    assert check.judge(lambda: {"loss": 29.0226674, "w": 0.23274}, {}).status is CaseStatus.PASS
    out = check.judge(lambda: {"loss": 29.0226674, "w": 0.2329}, {}, subject=Subject(claim_id="d/f", document="f.txt", section="S"))
    assert out.status is CaseStatus.FAIL and "w: printed 0.2327 (printout), recomputed 0.2329" in out.message
    figure = out.detail["figures"][1]
    assert (figure["name"], figure["printed"], figure["recomputed"], figure["rule"]) == ("w", "0.2327", 0.2329, "printout")


def test_a_missing_figure_is_a_crash():
    out = FigureCheck(printed={"a": "1"}, rounding=Rounding.PRINTOUT).judge(lambda: {"b": 1.0}, {})
    assert out.status is CaseStatus.CRASH and "no value for a" in out.message


@pytest.mark.parametrize("rounding, value, status", [
    # "Une loss de 1763" for 1763.884766: a rounded figure in prose, within one unit of its last digit.
    (Rounding.PROSE, 1763.884766, CaseStatus.PASS),
    (Rounding.PROSE, 1762.1, CaseStatus.PASS),
    (Rounding.PROSE, 1764.2, CaseStatus.FAIL),
    # The same digits printed by a program (or stated by a formula) must round to them: half a unit.
    (Rounding.PRINTOUT, 1763.884766, CaseStatus.FAIL),
    (Rounding.PRINTOUT, 1763.4, CaseStatus.PASS),
    (Rounding.FORMULA, 1763.6, CaseStatus.FAIL),
])
def test_the_prose_rule_allows_one_unit_and_printouts_half_a_unit(rounding, value, status):
    check = FigureCheck(printed={"loss": "1763"}, precision=np.float32, rounding=rounding)
    assert check.judge(lambda: {"loss": value}, {}).status is status


def test_the_prose_rule_on_the_documents_worked_example():
    """'0.5 = 0.01 * 35.7 + 0.15' (0.507) holds in prose; written '0.500' it would claim a precision it lacks."""
    value = {"0.01 * 35.7 + 0.15": 0.01 * 35.7 + 0.15}
    assert FigureCheck(printed={"0.01 * 35.7 + 0.15": "0.5"}, rounding=Rounding.PROSE).judge(
        lambda: value, {}).status is CaseStatus.PASS
    assert FigureCheck(printed={"0.01 * 35.7 + 0.15": "0.500"}, rounding=Rounding.PROSE).judge(
        lambda: value, {}).status is CaseStatus.FAIL


def test_the_rule_is_stated_per_figure_and_a_missing_one_is_refused():
    check = FigureCheck(printed={"a": "10", "b": "10"}, rounding={"a": Rounding.PROSE, "b": Rounding.PRINTOUT})
    out = check.judge(lambda: {"a": 10.9, "b": 10.9}, {})
    assert out.status is CaseStatus.FAIL and [f["rule"] for f in out.detail["figures"]] == ["prose", "printout"]
    assert "  <-- differs" not in out.message.splitlines()[1] and out.message.splitlines()[2].endswith("<-- differs")
    with pytest.raises(CheckError, match="no Rounding .* for 'b'"):
        FigureCheck(printed={"a": "1", "b": "2"}, rounding={"a": Rounding.PROSE})
    with pytest.raises(CheckError, match="rounding must be a Rounding"):
        FigureCheck(printed={"a": "1"}, rounding="prose")
    with pytest.raises(CheckError, match="is not a number"):
        FigureCheck(printed={"a": "about 5"}, rounding=Rounding.PROSE)


def test_rounding_inside_the_reference_widens_the_band_where_it_cancels():
    """Regression (verify --examples 1000): an Adam step fed with the gradient through a saturated tanh. Adam divides
    the gradient (1e-7, whose 1 - tanh² lost its last digits to cancellation) by its own size, and the right step
    differed from torch's by 5.1e-13 against a band of 5.0e-13: only input perturbations were measured."""
    from reference import germain_2019

    c = next(c for c in germain_2019.CLAIMS if c.id == "germain-2019/backprop-used-by-optimizers")
    case = {"inputs": {"x": np.float64(23.0), "y": np.float64(0.0), "w": np.array([3.0, 0.125]),
                       "acts": ["relu", "tanh"], "optimizer": "adam"}}
    assert c.check.judge(c.printed.impl, case, seed=0).status is CaseStatus.PASS

    def a_step_one_per_mille_too_long(**inputs):
        w = np.asarray(inputs["w"], dtype=np.float64)
        return w + 1.001 * (np.asarray(c.printed.impl(**inputs)) - w)

    assert c.check.judge(a_step_one_per_mille_too_long, case, seed=0).status is CaseStatus.FAIL


def test_rounding_noise_moves_every_result_but_leaves_in_place_and_views_alone():
    from oracle.judges.autograd import rounding_noise

    a = torch.full((1000,), 8.6, dtype=torch.float64)
    exact = 1 - torch.tanh(a) ** 2
    with rounding_noise(torch.Generator().manual_seed(0)):
        noisy = 1 - torch.tanh(a) ** 2
        b = torch.zeros(3, dtype=torch.float64)
        b.add_(1.0)
        view = b.view(3)
    # the cancellation shows: relative differences far above the ulps the noise moved each result by
    assert float(((noisy - exact) / exact).abs().max()) > 1e-12
    assert torch.equal(b, torch.ones(3, dtype=torch.float64)) and view.data_ptr() == b.data_ptr()
