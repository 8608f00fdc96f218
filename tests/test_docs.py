"""The examples of docs/engineers.md run, and print what the page says they print."""

import contextlib
import io
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "engineers.md"
_BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)


def blocks() -> list[tuple[str, str, str | None]]:
    """``(label, python code, expected output or None)`` for every python block, in page order."""
    found = _BLOCK.findall(DOC.read_text())
    out = []
    for i, (lang, body) in enumerate(found):
        if lang != "python":
            continue
        expected = found[i + 1][1] if i + 1 < len(found) and found[i + 1][0] == "text" else None
        out.append((f"block {len(out) + 1}", body, expected))
    return out


def test_every_example_runs_and_prints_what_the_page_shows(tmp_path, monkeypatch):
    monkeypatch.setenv("ORACLE_CASES_DIR", str(tmp_path))
    namespace: dict = {}
    examples = blocks()
    assert len(examples) >= 8
    for label, code, expected in examples:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"{DOC.name} {label}", "exec"), namespace)
        if expected is not None:
            assert printed.getvalue().strip() == expected.strip(), f"{label} of {DOC.name}"


@pytest.mark.parametrize("name", ["Document", "GradcheckError", "VJPMismatch", "VJPSetupError", "assert_vjp",
                                  "gradcheck", "DerivationCheck", "claim"])
def test_names_the_docs_use_are_exported(name):
    import oracle

    assert name in oracle.__all__ and getattr(oracle, name) is not None
