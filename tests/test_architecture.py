"""The architecture is a checked contract: import-linter keeps the layers (pyproject.toml, docs/architecture.md)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytest.importorskip("importlinter", reason="import-linter is installed by the [test] and [lint] extras")


def _lint(tree: Path) -> subprocess.CompletedProcess:
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports())"
    return subprocess.run([sys.executable, "-c", code], cwd=tree, capture_output=True, text=True,
                          env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"}, timeout=120)


def _copy(tmp_path: Path) -> Path:
    for name in ("oracle", "reference"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


@pytest.mark.slow
def test_the_tree_keeps_every_contract(tmp_path):
    result = _lint(_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("module, line, contract", [
    ("oracle/checks/base.py", "import oracle.report.html", "The flow"),
    ("oracle/judges/numeric/entries.py", "import oracle.judges.autograd", "Judges are blind to each other"),
    ("oracle/run/runner.py", "import reference", "The library never imports its own catalogue"),
])
def test_a_deliberate_forbidden_import_breaks_the_contract(tmp_path, module, line, contract):
    tree = _copy(tmp_path)
    path = tree / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # deliberately forbidden\n", encoding="utf-8")
    result = _lint(tree)
    assert result.returncode != 0
    assert f"{contract}" in result.stdout and "BROKEN" in result.stdout
