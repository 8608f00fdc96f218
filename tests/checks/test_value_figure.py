"""ValueCheck (definitions, stability) and FigureCheck (printed numbers)."""

import numpy as np
import pytest
import torch

from oracle.checks import FigureCheck, ValueCheck
from oracle.checks.figure import half_unit
from oracle.checks.messages import Subject
from oracle.checks.outcome import CaseStatus

SIGMOID = ValueCheck(reference=lambda a: torch.sigmoid(a), domain=lambda: None)
CASE = {"inputs": {"a": np.array([-2.0, 0.0, 3.0])}}


def test_a_right_definition_passes_and_a_wrong_one_fails():
    assert SIGMOID.judge(lambda a: 1 / (1 + np.exp(-a)), CASE).status is CaseStatus.PASS
    out = SIGMOID.judge(lambda a: a / (1 + np.exp(-a)), CASE, subject=Subject(claim_id="d/s", document="f.txt", section="S"))
    assert out.status is CaseStatus.FAIL and "disagrees with reference" in out.message


def test_nan_from_an_overflowing_formula_is_reported_as_such():
    check = ValueCheck(reference=lambda a: torch.tanh(a), domain=lambda: None)
    out = check.judge(lambda a: (np.exp(a) - np.exp(-a)) / (np.exp(a) + np.exp(-a)), {"inputs": {"a": np.array([800.0])}})
    assert out.status is CaseStatus.FAIL and "NaN or inf" in out.message


@pytest.mark.parametrize("impl, message", [(lambda a: 1 / 0, "ZeroDivisionError"),
                                           (lambda a: np.ones(5), "shape (5,)"),
                                           (lambda a: None, "dtype object")])
def test_bad_definitions_crash_cleanly(impl, message):
    out = SIGMOID.judge(impl, CASE)
    assert out.status is CaseStatus.CRASH and message in out.message


@pytest.mark.parametrize("digits, half", [("1763.884766", 5e-7), ("4", 0.5), ("-0.0083", 5e-5), ("5.3671", 5e-5)])
def test_half_unit_of_the_last_printed_digit(digits, half):
    assert half_unit(digits) == pytest.approx(half)


def test_figures_match_at_the_printed_precision_only():
    check = FigureCheck(printed={"loss": "29.022667", "w": "0.2327"})
    assert check.judge(lambda: {"loss": 29.0226674, "w": 0.23274}, {}).status is CaseStatus.PASS
    out = check.judge(lambda: {"loss": 29.0226674, "w": 0.2329}, {}, subject=Subject(claim_id="d/f", document="f.txt", section="S"))
    assert out.status is CaseStatus.FAIL and "w: printed 0.2327, recomputed 0.2329" in out.message
    assert out.detail["figures"][1] == {"name": "w", "printed": "0.2327", "recomputed": 0.2329}


def test_a_missing_figure_is_a_crash():
    out = FigureCheck(printed={"a": "1"}).judge(lambda: {"b": 1.0}, {})
    assert out.status is CaseStatus.CRASH and "no value for a" in out.message
