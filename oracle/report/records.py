"""Findings and verdicts as data: one pandas DataFrame of findings, one record per claim.

These two are the single source of truth; every report (CSV, JSON, JUnit, HTML,
Markdown) is written from them.  Nothing here decides a verdict: expected
statuses come from the claims and observed verdicts from the runner.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from typing import Any, Mapping, Sequence

import pandas as pd

from oracle.analysis.analyse import Analyses
from oracle.gate import Verdict
from oracle.run.runner import ClaimResult, Finding

__all__ = ["findings_frame", "verdict_records", "FINDING_COLUMNS"]

#: Columns of findings.csv, in order.  Timing is left out so that a seed gives the same bytes.
FINDING_COLUMNS = [
    "claim_id", "document", "kind", "family", "form", "region", "case", "status", "minimal",
    "max_abs_error", "max_rel_error", "allowed", "worst", "printed_value", "true_value",
    "numeric_value", "numeric_error", "judges", "case_text", "message",
]


def findings_frame(results: Sequence[ClaimResult]) -> pd.DataFrame:
    """One row per claim x form x region x case."""
    rows = []
    for r in results:
        for f in r.findings:
            row = dataclasses.asdict(f)
            row.update(document=r.claim.source.document, kind=r.claim.kind.value, family=r.claim.family)
            rows.append(row)
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS + ["seconds", "detail"])
    return frame


def _clean(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x))) else x


def _minimal(findings: Sequence[Finding], form: str) -> Finding | None:
    for f in findings:
        if f.form == form and f.minimal:
            return f
    return None


def verdict_records(results: Sequence[ClaimResult], verdicts: Sequence[Verdict],
                    analyses: Mapping[str, Analyses] | None = None) -> list[dict[str, Any]]:
    """One JSON-ready record per claim: source, forms, expected and observed status, gate, errors, counterexample.

    ``verdicts`` are the gate's, in the order of ``results``; ``analyses`` maps claim ids
    to what the analyses found (mutation sensitivity, stability audit, curve).
    """
    analyses = analyses or {}
    records = []
    for r, verdict in zip(results, verdicts):
        c = r.claim
        found = analyses.get(c.id) or Analyses()
        printed = [f for f in r.findings if f.form == "printed"]
        counts = Counter(f.status for f in printed)
        finite = [f for f in printed if f.status in ("pass", "fail", "convention")]
        worst = max(finite, key=lambda f: (f.max_abs_error if not math.isnan(f.max_abs_error) else -1), default=None)
        minimal = _minimal(r.findings, "printed")
        corr_min = _minimal(r.findings, "correction")
        conventions = [f for f in printed if f.status == "convention"]
        records.append({
            "claim_id": c.id,
            "document": c.source.document,
            "section": c.source.section,
            "quote": c.source.quote,
            "kind": c.kind.value,
            "family": c.family,
            "beyond_document": c.beyond_document,
            "printed_latex": c.printed.latex if c.printed is not None else None,
            "corrected_latex": c.correction.latex if c.correction else None,
            "explanation": c.explanation,
            "condition": c.condition.text if c.condition else None,
            "expected": c.expect.value,
            "severity": c.severity.value if c.severity else None,
            "cause": c.cause or None,
            "observed": r.observed.value,
            "correction_verdict": r.correction_verdict.value if r.correction_verdict else None,
            "gate_ok": verdict.ok,
            "gate_reasons": list(verdict.reasons),
            "mutation": found.mutation,
            "stability": found.stability,
            "region_verdicts": {k: v.value for k, v in r.region_verdicts.items()},
            "cases": dict(sorted(counts.items())),
            "max_abs_error": _clean(worst.max_abs_error) if worst else None,
            "max_rel_error": _clean(worst.max_rel_error) if worst else None,
            "counterexample": minimal.case_text if minimal else None,
            "counterexample_region": minimal.region if minimal else None,
            "printed_value": _clean(minimal.printed_value) if minimal else None,
            "true_value": _clean(minimal.true_value) if minimal else None,
            "message": minimal.message if minimal else (conventions[0].message if conventions else ""),
            "correction_message": corr_min.message if corr_min else None,
            "conventions": len(conventions),
            "note": "; ".join(n for n in (r.note, *found.notes) if n),
            # Check-specific structure (figure tables, derivation links) of the most telling printed case.
            "detail": (minimal or (printed[0] if printed else None)).detail if (minimal or printed) else {},
            "correction_detail": corr_min.detail if corr_min else (
                next((f.detail for f in r.findings if f.form == "correction"), {})),
            # Printed, corrected and true values of a scalar formula on a grid (None for other claims).
            "curve": found.curve,
        })
    return records
