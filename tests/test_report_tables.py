"""Verdict records: the single source of truth for every report."""

from oracle.report.tables import findings_frame, verdict_records, FINDING_COLUMNS
from oracle.runner import RunConfig, run_claim
from tests.fixtures import gate_claims


def test_a_surviving_mutant_fails_the_claims_gate_even_when_the_verdict_is_as_expected():
    result = run_claim(gate_claims.CLAIMS[0], RunConfig(examples=5))
    assert result.gate_ok
    clean = verdict_records([result], {result.claim.id: {"mutation": {"survived": 0, "killed": 3}}})[0]
    holed = verdict_records([result], {result.claim.id: {"mutation": {"survived": 1, "killed": 2}}})[0]
    assert clean["gate_ok"] and not holed["gate_ok"]


def test_records_carry_source_forms_statuses_and_counterexample():
    result = run_claim(gate_claims.CLAIMS[1], RunConfig(examples=5))
    rec = verdict_records([result])[0]
    assert (rec["claim_id"], rec["document"], rec["printed_latex"], rec["corrected_latex"]) == (
        "fixture/wrong", "fixture.txt", "3x", "2x")
    assert (rec["expected"], rec["observed"], rec["correction_verdict"]) == ("erratum", "erratum", "holds")
    assert rec["counterexample"].startswith("x = [") and rec["cases"]["fail"] >= 3


def test_the_findings_frame_has_one_row_per_case_and_the_documented_columns():
    result = run_claim(gate_claims.CLAIMS[0], RunConfig(examples=7))
    frame = findings_frame([result])
    assert len(frame) == 7 and list(frame.columns[: len(FINDING_COLUMNS)]) == FINDING_COLUMNS
