"""merge: the shards of a verify run become the report one unsharded run writes."""

import json

import pytest

from oracle.cli import EXIT_GATE, EXIT_OK, EXIT_USAGE
from tests.test_cli import run

MODULE = ("--module", "tests.fixtures.gate_formula_regressed")  # two claims, one of which fails the gate


def _verify(out, *extra):
    code, _, err = run("verify", *MODULE, "--examples", "8", "--out", str(out), "--no-html", *extra)
    assert code in (EXIT_OK, EXIT_GATE), err
    return code


def _claims(path):
    payload = json.loads((path / "verdicts.json").read_text())
    return payload["summary"], payload["claims"], payload["documents"]


def test_merged_shards_equal_one_unsharded_run(tmp_path):
    whole = _verify(tmp_path / "whole")
    for i in (1, 2):
        _verify(tmp_path / f"s{i}", "--shard", f"{i}/2")
    code, out, err = run("merge", str(tmp_path / "s2"), str(tmp_path / "s1"), "--out", str(tmp_path / "merged"),
                         "--no-html")
    assert code == whole == EXIT_GATE, err  # the regressed fixture fails the gate, merged or not
    assert "2 claims from 2 shards; gate: FAIL (fixture/wrong)" in out
    for name in ("findings.csv", "junit.xml"):
        assert (tmp_path / "merged" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
    assert _claims(tmp_path / "merged") == _claims(tmp_path / "whole")
    prov = json.loads((tmp_path / "merged" / "verdicts.json").read_text())["provenance"]
    assert prov["merged_shards"] == 2 and prov["selection"]["shard"] is None


@pytest.mark.parametrize("shards, message", [
    (["s1"], "shard 2/2 missing"),
    (["s1", "s1", "s2"], "shard 1/2 given twice"),
    (["s1", "other2"], "is from another run than"),
    (["s1", "whole"], "not a shard"),
    (["s1", "nowhere"], "no verdicts.json"),
])
def test_shards_that_are_not_one_complete_run_are_refused(tmp_path, shards, message):
    _verify(tmp_path / "s1", "--shard", "1/2")
    _verify(tmp_path / "s2", "--shard", "2/2")
    _verify(tmp_path / "other2", "--shard", "2/2", "--seed", "7")
    _verify(tmp_path / "whole")
    code, out, err = run("merge", *[str(tmp_path / s) for s in shards], "--out", str(tmp_path / "merged"))
    assert code == EXIT_USAGE and message in err and "Traceback" not in err
    assert not (tmp_path / "merged").exists()
