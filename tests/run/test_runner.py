"""The runner: cases from hypothesis, verdicts from findings, minimal counterexamples, determinism."""

import dataclasses

import pytest
import torch

from oracle.claims import Status
from oracle.gate import decide
from oracle.run.runner import RunConfig, region_verdict, run_claim
from tests.fixtures import bad_claims, gate_claims

RIGHT, WRONG = gate_claims.CLAIMS


def test_a_right_claim_holds_on_every_case():
    result = run_claim(RIGHT, RunConfig(examples=30, seed=1))
    assert result.observed is Status.HOLDS and decide(result).ok
    assert len(result.findings) == 30 and {f.status for f in result.findings} == {"pass"}


def test_a_wrong_claim_is_an_erratum_with_a_shrunk_counterexample():
    result = run_claim(WRONG, RunConfig(examples=30, seed=1))
    assert result.observed is Status.ERRATUM and result.correction_verdict is Status.HOLDS and decide(result).ok
    minimal = [f for f in result.findings if f.minimal]
    assert len(minimal) == 1
    # 3x vs 2x differs everywhere but at 0; hypothesis shrinks to one small entry and a simple upstream.
    assert minimal[0].case_text.startswith("x = [") and minimal[0].case_text.count(",") <= 1


def test_same_seed_same_findings_and_different_seed_different_cases():
    a = run_claim(WRONG, RunConfig(examples=20, seed=7))
    b = run_claim(WRONG, RunConfig(examples=20, seed=7))
    c = run_claim(WRONG, RunConfig(examples=20, seed=8))
    strip = lambda r: [dataclasses.replace(f, seconds=0.0) for f in r.findings]
    assert strip(a) == strip(b)
    assert [f.case_text for f in a.findings] != [f.case_text for f in c.findings]


@pytest.mark.parametrize("statuses, verdict", [
    (["pass", "pass"], Status.HOLDS),
    (["pass", "convention"], Status.HOLDS),
    (["pass", "fail"], Status.ERRATUM),
    (["fail", "crash"], Status.DOES_NOT_RUN),
    (["pass", "inconclusive"], Status.INCONCLUSIVE),
    (["pass", "setup error"], Status.CANNOT_JUDGE),
    (["fail", "setup error"], Status.ERRATUM),
    (["skipped"], Status.TOO_FEW_CASES),
    (["pass", "skipped", "skipped"], Status.TOO_FEW_CASES),
    (["pass", "pass", "skipped"], Status.HOLDS),
    ([], Status.CANNOT_JUDGE),
])
def test_region_verdicts_from_case_statuses(statuses, verdict):
    assert region_verdict(statuses) is verdict


@pytest.mark.parametrize("claim_id, observed, text", [
    ("bad/raises", Status.DOES_NOT_RUN, "RuntimeError: boom in user code"),
    ("bad/wrong-shape", Status.ERRATUM, "has shape (7,) where (3,) is expected"),
    ("bad/not-an-array", Status.DOES_NOT_RUN, "expected a real number type"),
    ("bad/nan", Status.ERRATUM, "NaN"),
    ("bad/inf", Status.ERRATUM, "inf"),
    ("bad/wrong-arity", Status.DOES_NOT_RUN, "TypeError"),
    ("bad/slow", Status.DOES_NOT_RUN, "exceeded the per-case time limit of 0.2 s"),
    ("bad/returns-none", Status.DOES_NOT_RUN, "returned NoneType, expected a mapping"),
])
def test_misbehaving_claims_become_findings(claim_id, observed, text):
    claim = next(c for c in bad_claims.CLAIMS if c.id == claim_id)
    result = run_claim(claim, RunConfig(examples=5))
    assert result.observed is observed
    messages = " ".join(f.message for f in result.findings)
    assert text in messages or text.lower() in messages.lower()


def test_a_domain_that_cannot_generate_cannot_be_judged_and_says_why():
    claim = next(c for c in bad_claims.CLAIMS if c.id == "bad/domain-cannot-generate")
    result = run_claim(claim, RunConfig(examples=5))
    assert result.observed is Status.CANNOT_JUDGE
    assert "the domain could not generate a case: Unsatisfiable" in result.note


def test_a_reference_that_raises_cannot_be_judged_and_is_not_called_inconclusive():
    """Regression: a setup error was labelled 'inconclusive', which means the judges disagreed."""
    claim = next(c for c in bad_claims.CLAIMS if c.id == "bad/reference-raises")
    result = run_claim(claim, RunConfig(examples=5))
    assert result.observed is Status.CANNOT_JUDGE
    assert "the torch reference raised RuntimeError" in result.note
    verdict = decide(result)
    assert not verdict.ok and "the torch reference raised RuntimeError" in verdict.reasons[0]


def test_a_claim_whose_cases_are_mostly_skipped_does_not_hold():
    """Regression: log on a domain starting at 0 'held' with 60 of 100 cases skipped."""
    from hypothesis import strategies as st

    from oracle import Form, Kind, Source, VJPCheck, claim
    from oracle.domains import reals

    c = claim("fixture/log", kind=Kind.BACKWARD, family="f", source=Source("f.txt", "S", "q"),
              check=VJPCheck(reference=lambda x: torch.log(x), wrt=("x",), elementwise=True, breaks={"x": (0.0,)},
                             domain=lambda: st.fixed_dictionaries({"x": reals(shape=(1,), low=-1, high=1)})),
              printed=Form("1/x", lambda i, g: {"x": g / i["x"]}))
    result = run_claim(c, RunConfig(examples=40, seed=2))
    skipped = sum(f.status == "skipped" for f in result.findings)
    assert skipped > 20 and result.observed is Status.TOO_FEW_CASES
    assert f"{skipped} of 40 cases skipped" in decide(result).reasons[0]


def test_numeric_steps_that_leave_an_undeclared_domain_make_the_claim_not_judged():
    """Without the break at 0, the numeric judge's steps from x = 1e-3 reach log of a negative number: its
    estimate is NaN where autograd's is finite, which is no agreement (it used to pass unnoticed)."""
    from hypothesis import strategies as st

    from oracle import Form, Kind, Source, VJPCheck, claim
    from oracle.domains import reals

    c = claim("fixture/log", kind=Kind.BACKWARD, family="f", source=Source("f.txt", "S", "q"),
              check=VJPCheck(reference=lambda x: torch.log(x), wrt=("x",), elementwise=True,
                             domain=lambda: st.fixed_dictionaries({"x": reals(shape=(1,), low=1e-3, high=2e-3)})),
              printed=Form("1/x", lambda i, g: {"x": g / i["x"]}))
    result = run_claim(c, RunConfig(examples=10, seed=2))
    assert result.observed is Status.CANNOT_JUDGE
    assert "its steps left the reference's domain" in decide(result).reasons[0]


def test_a_failing_deterministic_claim_has_one_row_marked_as_its_counterexample():
    """Figures and derivations are judged once: the failing row is the counterexample, not repeated."""
    from oracle import FigureCheck, Form, Kind, Rounding, Severity, Source, claim

    c = claim("fixture/figure", kind=Kind.FIGURE, family="f", source=Source("f.txt", "S", "q"),
              check=FigureCheck(printed={"x": "1.5"}, rounding=Rounding.PRINTOUT), printed=Form("x", lambda: {"x": 2.0}),
              expect=Status.ERRATUM, correction=Form("x", lambda: {"x": 1.5}), explanation="fixture",
              severity=Severity.ERROR)
    result = run_claim(c, RunConfig(examples=10))
    printed = [f for f in result.findings if f.form == "printed"]
    assert len(printed) == 1 and printed[0].minimal and printed[0].status == "fail"
