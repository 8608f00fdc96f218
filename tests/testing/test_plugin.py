"""The pytest plugin: ``pytest --oracle-report DIR`` writes one card per failing test, titled by its node id."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BROKEN = "examples/broken_backwards.py"


def _pytest(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def test_the_report_has_one_failing_card_per_failing_test(tmp_path):
    out = tmp_path / "report"
    run = _pytest(BROKEN, "--oracle-report", str(out))
    assert run.returncode == 1, run.stdout[-2000:]
    failed = sorted(line.split(" ")[1] for line in run.stdout.splitlines() if line.startswith("FAILED "))
    assert len(failed) == 3
    assert f"oracle report: {out / 'index.html'} (4 calls, 3 failing)" in run.stdout
    payload = json.loads((out / "verdicts.json").read_text())
    failing = sorted(c["section"].split(" · ")[0] for c in payload["claims"] if not c["gate_ok"])
    assert failing == failed
    assert {c["observed"] for c in payload["claims"] if c["gate_ok"]} == {"holds"}
    page = (out / "index.html").read_text()
    for node in failed:
        assert node in page
    assert (out / "findings.csv").exists() and (out / "junit.xml").exists()


def test_without_the_option_nothing_is_written_or_imported(tmp_path):
    test = tmp_path / "test_plain.py"
    test.write_text("def test_nothing():\n    import sys\n    assert 'oracle.testing' not in sys.modules\n")
    run = _pytest(str(test), "--rootdir", str(tmp_path), cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-2000:]
    assert list(tmp_path.iterdir()) == [test] or all(p.name in ("test_plain.py", "__pycache__")
                                                      for p in tmp_path.iterdir())
