"""Where the five documents are, for tests that compare quotes with the text (skipped when absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

__all__ = ["DOCUMENTS", "document_text"]

#: $ORACLE_DOCUMENTS, else ../shared/documents beside the checkout.
DOCUMENTS = Path(os.environ.get("ORACLE_DOCUMENTS", Path(__file__).resolve().parents[2] / "shared" / "documents"))


def document_text(file: str) -> str:
    """The document's text, or a clean skip where the documents are not available."""
    path = DOCUMENTS / file
    if not path.is_file():
        pytest.skip(f"{file} is not available here (set ORACLE_DOCUMENTS to the documents folder)")
    return path.read_text(encoding="utf-8")
