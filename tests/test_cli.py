"""The command line: the gate's exit codes in both directions, usage errors, reports written."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from oracle.cli import EXIT_GATE, EXIT_OK, EXIT_USAGE, main

ROOT = Path(__file__).resolve().parents[1]


def run(*argv, tmp_path=None):
    out, err = io.StringIO(), io.StringIO()
    args = list(argv)
    if tmp_path is not None and argv and argv[0] == "verify":
        args += ["--out", str(tmp_path), "--no-html"]
    code = main(args, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_gate_passes_when_every_observed_verdict_is_expected(tmp_path):
    code, out, _ = run("verify", "--module", "tests.fixtures.gate_claims", "--examples", "10", tmp_path=tmp_path)
    assert code == EXIT_OK and "gate: PASS" in out


def test_the_gate_fails_when_a_formula_starts_failing(tmp_path):
    code, out, _ = run("verify", "--module", "tests.fixtures.gate_formula_regressed", "--examples", "10", tmp_path=tmp_path)
    assert code == EXIT_GATE and "gate: FAIL (fixture/wrong)" in out


def test_the_gate_fails_when_an_erratum_stops_failing(tmp_path):
    code, out, _ = run("verify", "--module", "tests.fixtures.gate_erratum_fixed", "--examples", "10", tmp_path=tmp_path)
    assert code == EXIT_GATE and "gate: FAIL (fixture/right)" in out


def test_reports_are_written_with_one_junit_case_per_claim(tmp_path):
    run("verify", "--module", "tests.fixtures.gate_formula_regressed", "--examples", "10", tmp_path=tmp_path)
    verdicts = json.loads((tmp_path / "verdicts.json").read_text())
    assert [c["claim_id"] for c in verdicts["claims"]] == ["fixture/right", "fixture/wrong"]
    assert verdicts["summary"]["gate"] == "fail"
    wrong = verdicts["claims"][1]
    assert (wrong["expected"], wrong["observed"], wrong["gate_ok"]) == ("holds", "erratum", False)
    assert wrong["counterexample"].startswith("x = [")
    junit = (tmp_path / "junit.xml").read_text()
    assert junit.count("<testcase ") == 2 and junit.count("<failure ") == 1
    header = (tmp_path / "findings.csv").read_text().splitlines()[0]
    assert header.startswith("claim_id,document,kind,family,form,region,case,status")


def test_misbehaving_claims_do_not_stop_the_run_and_reports_are_still_written(tmp_path):
    code, out, err = run("verify", "--module", "tests.fixtures.bad_claims", "--examples", "5", tmp_path=tmp_path)
    assert code == EXIT_GATE  # the two claims whose setup fails cannot be judged, not as expected
    assert "Traceback" not in out + err
    assert "GATE bad/reference-raises: cannot be judged (printed on its domain: the torch reference raised" in out
    ids = [c["claim_id"] for c in json.loads((tmp_path / "verdicts.json").read_text())["claims"]]
    assert len(ids) == len(__import__("tests.fixtures.bad_claims", fromlist=["CLAIMS"]).CLAIMS) == 10
    for name in ("findings.csv", "verdicts.json", "junit.xml"):
        assert (tmp_path / name).stat().st_size > 0


@pytest.mark.parametrize("argv, message", [
    (["verify", "--examples", "0"], "--examples: expected a positive integer, got 0"),
    (["verify", "--examples", "many"], "expected a positive integer, got 'many'"),
    (["verify", "--seed", "-1"], "the seed must lie in [0, 2**32)"),
    (["verify", "--bogus"], "unrecognized arguments: --bogus"),
    (["verify", "--kind", "poem"], "invalid choice: 'poem'"),
    (["verify", "--only", "no-such-claim-anywhere"], "no claim matches the selection"),
    (["verify", "--module", "no_such_module_xyz"], "module no_such_module_xyz was not found"),
    (["verify", "--module", "tests.fixtures.malformed_claims"], "claim user/oops: a claim expected to be 'erratum' needs a correction"),
    (["verify", "--module", "tests.fixtures.not_claims"], "CLAIMS[0] is a str, not a Claim"),
    ([], "choose a command"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
])
def test_usage_errors_are_one_line_and_exit_2(argv, message, tmp_path):
    code, out, err = run(*argv)
    assert code == EXIT_USAGE
    assert message in err and err.count("\n") == 1 and err.startswith("oracle: error: ")


def test_list_filters_by_document():
    code, out, _ = run("list", "--document", "004_6a6382b038f5beb4.txt")
    assert code == EXIT_OK
    lines = out.splitlines()
    claims = [line for line in lines[:-1] if not line.startswith(" ")]  # indented: a claim's cause or reason
    assert lines[-1].endswith("claims") and claims and all(line.startswith("germain-2019/") for line in claims)
    assert "cause grad-w-index: one mistake with 1 other claim" in out


def test_list_shows_severities_and_why_a_claim_is_not_judged():
    code, out, _ = run("list", "--document", "001_dde28a00788c0b3a.txt")
    assert code == EXIT_OK
    assert "erratum (error)" in out and "not judged: Annexe 28" in out


def test_the_module_entry_point_exits_2_without_a_traceback():
    proc = subprocess.run([sys.executable, "-m", "oracle", "verify", "--examples", "-3"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == EXIT_USAGE and "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1


def test_readme_user_module_example_runs(tmp_path):
    """The README's --module example: one claim holds, the handout's typo is the expected erratum."""
    code, out, _ = run("verify", "--module", "examples.my_claims", "--examples", "20", tmp_path=tmp_path)
    assert code == EXIT_OK and "my-notes/softplus-prime-handout  erratum" in out


def test_parallel_runs_give_the_same_bytes_as_serial_runs(tmp_path):
    """--jobs only spreads claims over processes (every claim draws from its own seed)."""
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}"
        code, _, _ = run("verify", "--only", "germain-2019/*relu*", "--examples", "10", "--mutants", "0",
                         "--jobs", jobs, "--out", str(out), "--no-html")
        assert code == EXIT_OK
        outs.append(out)
    assert (outs[0] / "findings.csv").read_bytes() == (outs[1] / "findings.csv").read_bytes()
    strip = lambda p: [l for l in (p / "verdicts.json").read_text().splitlines() if '"date"' not in l]
    assert strip(outs[0]) == strip(outs[1])


def test_a_sweep_of_right_claims_passes_and_writes_its_table(tmp_path):
    code, out, _ = run("sweep", "--module", "tests.fixtures.gate_claims", "--seeds", "3", "--examples", "5",
                       "--out", str(tmp_path))
    payload = json.loads((tmp_path / "sweep.json").read_text(encoding="utf-8"))
    assert code == EXIT_OK and "0 gate failures" in out
    assert payload["seeds"] == [0, 1, 2] and [r["failures"] for r in payload["per_claim"]] == [0, 0]


def test_a_sweep_finds_a_verdict_that_depends_on_the_seed(tmp_path):
    """Five cases per seed catch the flaw only under some seeds: the sweep says which seed, and fails."""
    code, out, _ = run("sweep", "--module", "tests.fixtures.flaky_claims", "--seeds", "12", "--examples", "5",
                       "--jobs", "2", "--out", str(tmp_path))
    (row,) = json.loads((tmp_path / "sweep.json").read_text(encoding="utf-8"))["per_claim"]
    assert code == EXIT_GATE and 0 < row["failures"] < 12
    assert row["first_observed"] == "erratum" and row["first_case"].startswith("x = [")
    assert f"seed {row['first_seed']}: the judges observed “erratum”" in out


def test_a_campaign_spreads_its_cases_over_seeds(tmp_path):
    code, out, _ = run("campaign", "--module", "tests.fixtures.gate_claims", "--cases", "40", "--seeds", "4",
                       "--out", str(tmp_path))
    payload = json.loads((tmp_path / "campaign.json").read_text(encoding="utf-8"))
    assert code == EXIT_OK and payload["provenance"]["selection"]["seeds"] == [0, 1, 2, 3]
    assert payload["cases"] >= 40 and payload["claims"] == 1 and "over 4 seeds" in out
