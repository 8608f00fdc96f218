"""Verdict records: the single source of truth for every report."""

from oracle.analysis.analyse import Analyses
from oracle.gate import decide
from oracle.report.records import FINDING_COLUMNS, findings_frame, verdict_records
from oracle.run.runner import RunConfig, run_claim
from tests.fixtures import gate_claims


def test_records_carry_source_forms_statuses_gate_and_counterexample():
    result = run_claim(gate_claims.CLAIMS[1], RunConfig(examples=5))
    rec = verdict_records([result], [decide(result)])[0]
    assert (rec["claim_id"], rec["document"], rec["printed_latex"], rec["corrected_latex"]) == (
        "fixture/wrong", "fixture.txt", "3x", "2x")
    assert (rec["expected"], rec["observed"], rec["correction_verdict"]) == ("erratum", "erratum", "holds")
    assert rec["gate_ok"] is True and rec["gate_reasons"] == []
    assert rec["counterexample"].startswith("x = [") and rec["cases"]["fail"] >= 3


def test_records_take_the_gate_and_the_analyses_as_given():
    result = run_claim(gate_claims.CLAIMS[0], RunConfig(examples=5))
    mutation = {"mutants": 3, "survived": 1, "killed": 2, "survivors": [{"mutant": "f: a -> b"}]}
    found = Analyses(mutation=mutation, stability=[], curve={"x": [0.0]}, notes=("an analysis note",))
    rec = verdict_records([result], [decide(result, mutation)], {result.claim.id: found})[0]
    assert rec["gate_ok"] is False and "passed as well" in rec["gate_reasons"][0]
    assert rec["mutation"] == mutation and rec["curve"] == {"x": [0.0]} and rec["note"] == "an analysis note"


def test_the_findings_frame_has_one_row_per_case_and_the_documented_columns():
    result = run_claim(gate_claims.CLAIMS[0], RunConfig(examples=7))
    frame = findings_frame([result])
    assert len(frame) == 7 and list(frame.columns[: len(FINDING_COLUMNS)]) == FINDING_COLUMNS
