"""Writers for the machine-readable reports: findings.csv, verdicts.json, junit.xml.

Each file is written to a temporary name and renamed, so an interrupted run never
leaves a half-written report; files are written in a fixed order (CSV first) so
that what was written before a failure stays.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd
import torch

from oracle.report.errata import severity_counts
from oracle.report.records import FINDING_COLUMNS

__all__ = ["provenance", "write_csv", "write_json", "write_junit", "atomic_write"]


def atomic_write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def provenance(*, seed: int, examples: int, selection: dict[str, Any] | None = None) -> dict[str, Any]:
    """Versions, seed, the options that shape the results, and the date.

    ``date`` is the only field allowed to change between identical runs: output
    folders and worker counts do not change results and are not recorded.
    """
    from oracle import __version__, device

    return {
        "project_version": __version__,
        "seed": seed,
        "examples": examples,
        "torch": torch.__version__,
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "python": platform.python_version(),
        "device": device.describe(device.current()),
        "selection": {k: (list(v) if isinstance(v, tuple) else v) for k, v in (selection or {}).items()},
        "date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def write_csv(frame: pd.DataFrame, out: Path) -> Path:
    return atomic_write(out / "findings.csv", frame[FINDING_COLUMNS].to_csv(index=False, float_format="%.6g",
                                                                             lineterminator="\n"))


def write_json(records: Sequence[dict[str, Any]], documents: Sequence[Any], prov: dict[str, Any], out: Path,
               reading: dict[str, Any] | None = None) -> Path:
    """verdicts.json; ``reading`` (``oracle check``) adds what was read per file and what was not understood."""
    per_doc: dict[str, Counter] = {}
    for r in records:
        per_doc.setdefault(r["document"], Counter())[r["observed"]] += 1
    docs = []
    known = {getattr(d, "file", None): d for d in documents}
    for file in sorted(per_doc):
        d = known.get(file)
        docs.append({
            "file": file,
            "id": getattr(d, "id", ""),
            "title": getattr(d, "title", ""),
            "author": getattr(d, "author", ""),
            "year": getattr(d, "year", ""),
            "claims": sum(per_doc[file].values()),
            "observed": dict(sorted(per_doc[file].items())),
        })
    payload = {
        "provenance": prov,
        "summary": {
            "claims": len(records),
            "observed": dict(sorted(Counter(r["observed"] for r in records).items())),
            "mistakes": dict(severity_counts(records)),
            "gate": "pass" if all(r["gate_ok"] for r in records) else "fail",
            "gate_failures": [r["claim_id"] for r in records if not r["gate_ok"]],
        },
        "documents": docs,
        "claims": list(records),
    }
    if reading is not None:
        payload["reading"] = reading
    return atomic_write(out / "verdicts.json", json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=False) + "\n")


def write_junit(records: Sequence[dict[str, Any]], out: Path) -> Path:
    """One test case per claim; a failure when the observed verdict differs from the expected one."""
    suite = ET.Element("testsuite", name="oracle.verify", tests=str(len(records)),
                       failures=str(sum(not r["gate_ok"] for r in records)), errors="0", skipped="0")
    for r in records:
        case = ET.SubElement(suite, "testcase", classname=r["document"], name=r["claim_id"])
        if not r["gate_ok"]:
            msg = (f"expected '{r['expected']}', observed '{r['observed']}'"
                   + (f"; correction: {r['correction_verdict']}" if r["correction_verdict"] not in (None, "holds") else ""))
            failure = ET.SubElement(case, "failure", message=msg)
            failure.text = r["message"] or msg
        else:
            out_el = ET.SubElement(case, "system-out")
            out_el.text = f"{r['observed']}: {r['message']}" if r["message"] else r["observed"]
    ET.indent(suite)
    return atomic_write(out / "junit.xml", ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n")
