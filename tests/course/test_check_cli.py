"""``python -m oracle check`` as CI would run it: exit codes, reports, a baseline of accepted findings."""

import json
import shutil
import subprocess
import sys

import pytest

from tests.course.helpers import FIXTURES, check


def course(tmp_path):
    """A course folder: right notes, wrong notes and slides (math only, so no kernel is needed)."""
    root = tmp_path / "course"
    (root / "slides").mkdir(parents=True)
    shutil.copy(FIXTURES / "notes_right.md", root / "right.md")
    shutil.copy(FIXTURES / "notes_wrong.md", root / "wrong.md")
    shutil.copy(FIXTURES / "slides.tex", root / "slides" / "slides.tex")
    return root


def test_a_course_folder_gates_in_ci_with_a_baseline(tmp_path, monkeypatch):
    root = course(tmp_path)
    monkeypatch.chdir(tmp_path)
    # First run: every finding is new; the baseline records them.
    code, out, _, payload = check("course", "--no-code", "--write-baseline", "baseline.json", out_dir=tmp_path / "r1")
    assert code == 1 and "gate: FAIL (6 new findings)" in out
    accepted = json.loads((tmp_path / "baseline.json").read_text())["findings"]
    assert len(accepted) == 6 and {f["file"] for f in accepted} == {"course/wrong.md", "course/slides/slides.tex"}
    # With the baseline, the same course passes: known findings are accepted, and listed as such.
    code, out, _, payload = check("course", "--no-code", "--baseline", "baseline.json", out_dir=tmp_path / "r2")
    assert code == 0 and "gate: PASS" in out and out.count("accepted") >= 6
    assert payload["reading"]["baseline"]["accepted"] == 6
    assert all(c["gate_ok"] for c in payload["claims"])
    # Fixing an erratum is reported (the baseline entry is no longer found) and does not fail the gate.
    wrong = root / "wrong.md"
    wrong.write_text(wrong.read_text().replace("Then $f'(x) = 3x^2$.", "Then $f'(x) = 3x^2 + 2$."))
    code, out, _, payload = check("course", "--no-code", "--baseline", "baseline.json", out_dir=tmp_path / "r3")
    assert code == 0 and "no longer found" in out and "f'(x) = 3x^2$" in out
    assert len(payload["reading"]["baseline"]["no_longer_found"]) == 1
    # A new erratum fails the gate, even above lines that moved.
    wrong.write_text("Intro.\n\n$\\tanh'(a) = 1 + \\tanh(a)^2$\n\n" + wrong.read_text())
    code, out, _, payload = check("course", "--no-code", "--baseline", "baseline.json", out_dir=tmp_path / "r4")
    assert code == 1 and "gate: FAIL (1 new finding)" in out
    (new,) = [c for c in payload["claims"] if not c["gate_ok"]]
    assert new["where"] == "line 3" and new["document"] == "course/wrong.md"
    junit = (tmp_path / "r4" / "junit.xml").read_text()
    assert junit.count("<failure ") == 1


def test_usage_errors_are_one_line_with_exit_code_2(tmp_path):
    code, _, err, _ = check(str(tmp_path / "missing.md"), out_dir=tmp_path / "r")
    assert code == 2 and err.count("\n") == 1 and "no such file" in err
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    (tmp_path / "n.md").write_text("$x = 1$")
    code, _, err, _ = check(str(tmp_path / "n.md"), "--baseline", str(bad), out_dir=tmp_path / "r")
    assert code == 2 and "not a baseline file" in err and "Traceback" not in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err, _ = check(str(empty), out_dir=tmp_path / "r")
    assert code == 2 and "no file to read" in err


@pytest.mark.slow
def test_reports_show_what_was_read_and_are_deterministic(tmp_path):
    outs = []
    for k in range(2):
        out_dir = tmp_path / f"r{k}"
        proc = subprocess.run([sys.executable, "-m", "oracle", "check", str(FIXTURES / "notes_wrong.md"),
                               str(FIXTURES / "slides.tex"), "--no-code", "--out", str(out_dir)],
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 1, proc.stderr
        outs.append(out_dir)
    for name in ("findings.csv", "junit.xml", "errata.md"):
        a, b = ((d / name).read_text() for d in outs)
        if name == "errata.md":
            a, b = ("\n".join(ln for ln in t.splitlines() if not ln.startswith("Generated on")) for t in (a, b))
        assert a == b, name
    md = (outs[0] / "errata.md").read_text()
    assert "## What was read" in md and "### Not understood" in md and "assignment" in md
    html = (outs[0] / "index.html").read_text()
    assert 'id="reading"' in html and "Not understood" in html
