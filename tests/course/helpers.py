"""Shared by the course tests: the fixtures, a clean skip where no Jupyter kernel can run, running ``check``."""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path

import pytest

from oracle.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: Tests that execute notebook code skip cleanly where ipykernel or nbclient is not installed.
needs_kernel = pytest.mark.skipif(
    importlib.util.find_spec("ipykernel") is None or importlib.util.find_spec("nbclient") is None,
    reason="ipykernel and nbclient are not installed (pip install '.[course]')")


def check(*argv: str, out_dir: Path) -> tuple[int, str, str, dict]:
    """Run ``python -m oracle check`` in-process: exit code, stdout, stderr and verdicts.json."""
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", *argv, "--out", str(out_dir), "--no-html"], out=out, err=err)
    path = out_dir / "verdicts.json"
    payload = json.loads(path.read_text()) if path.exists() else {}
    return code, out.getvalue(), err.getvalue(), payload


def observed(payload: dict) -> dict[str, str]:
    """claim name (after the document id) -> observed status."""
    return {c["claim_id"].split("/", 1)[1]: c["observed"] for c in payload["claims"]}
