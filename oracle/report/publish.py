"""Every report of a run, written in a fixed order: the machine-readable record first, then the pages.

``findings.csv``, ``verdicts.json`` and ``junit.xml`` are the record; ``index.html`` and
``errata.md`` are rendered from the two first files only (``oracle.report.errata``), so a
failure in a renderer costs that page alone, never what was written before it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence, TextIO

import pandas as pd

from oracle.report.errata import load_inputs
from oracle.report.html import render_html
from oracle.report.machine import atomic_write, write_csv, write_json, write_junit
from oracle.report.markdown import render_markdown

__all__ = ["publish", "write_pages"]


def write_pages(out: Path | str) -> list[Path]:
    """Read ``out/verdicts.json`` and ``out/findings.csv``; write ``out/index.html`` and ``out/errata.md``."""
    out = Path(out)
    payload, frame = load_inputs(out)
    return [atomic_write(out / "index.html", render_html(payload, frame)),
            atomic_write(out / "errata.md", render_markdown(payload))]


def publish(frame: pd.DataFrame, records: Sequence[Mapping[str, Any]], documents: Sequence[Any],
            prov: Mapping[str, Any], out: Path, *, html: bool, err: TextIO,
            reading: Mapping[str, Any] | None = None) -> list[Path]:
    """findings.csv, verdicts.json and junit.xml, then (with ``html``) the HTML and Markdown report.

    ``reading`` (``oracle check``): per file, the statements found, judged and not understood.
    """
    written = [write_csv(frame, out), write_json(records, documents, prov, out, reading), write_junit(records, out)]
    if html:
        try:
            written.extend(write_pages(out))
        except Exception as exc:  # the machine-readable reports are written; say what failed and go on
            err.write(f"oracle: warning: the HTML/Markdown report could not be written: {type(exc).__name__}: {exc}\n")
    return written
