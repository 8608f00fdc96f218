"""The catalogue's coverage: per document, claims by kind and by severity (the catalogue's statement, not a run),
and the claims of a selection one per line (``python -m oracle list``)."""

from __future__ import annotations

from collections import Counter
from typing import Any, Sequence

from oracle.claims import FINDINGS, Claim, Kind, Severity, Status

__all__ = ["coverage_table", "claim_lines", "distinct_findings"]


def distinct_findings(claims: Sequence[Claim]) -> Counter:
    """Distinct mistakes per severity: findings sharing a document and a cause count once, at their most serious."""
    worst: dict[tuple[str, str], Severity] = {}
    for c in claims:
        if c.expect in FINDINGS and c.severity is not None:
            key = (c.document, c.cause)
            if key not in worst or c.severity.rank < worst[key].rank:
                worst[key] = c.severity
    return Counter(worst.values())


def coverage_table(documents: Sequence[Any], claims: Sequence[Claim]) -> str:
    """Markdown: one row per document; claims by kind, then holding, findings by severity (distinct mistakes in
    brackets where claims share a cause), not judged, and beyond-the-document counts."""
    kinds = list(Kind)
    severities = list(Severity)
    titles = {getattr(d, "file", ""): getattr(d, "title", "") for d in documents}
    lines = ["| document | claims | " + " | ".join(k.value for k in kinds) + " | holds | "
             + " | ".join(s.value for s in severities) + " | not judged | beyond the document |",
             "|---|---:|" + "---:|" * (len(kinds) + len(severities) + 3)]
    rows: list[tuple[str, Sequence[Claim]]] = [(f"`{f}` {titles.get(f, '')}", [c for c in claims if c.document == f])
                                               for f in sorted({c.document for c in claims})]
    rows.append(("**all**", list(claims)))
    for label, mine in rows:
        bold = (lambda x: f"**{x}**") if label == "**all**" else str
        kind = Counter(c.kind for c in mine)
        sev = Counter(c.severity for c in mine if c.expect in FINDINGS)
        distinct = distinct_findings(mine)
        cells = [len(mine)] + [kind[k] for k in kinds] + [sum(c.expect is Status.HOLDS for c in mine)]
        cells += [f"{sev[s]}" + (f" ({distinct[s]})" if distinct[s] != sev[s] else "") for s in severities]
        cells += [sum(c.expect is Status.NOT_JUDGED for c in mine), sum(c.beyond_document for c in mine)]
        lines.append(f"| {label} | " + " | ".join(bold(x) for x in cells) + " |")
    return "\n".join(lines) + "\n"


def _status(c: Claim) -> str:
    if c.expect in FINDINGS and c.severity is not None:
        return f"{c.expect.value} ({c.severity.value})"
    return c.expect.value


def claim_lines(claims: Sequence[Claim]) -> str:
    """One line per claim: id, kind, expected status (with its severity), section; the shared cause of a finding
    and the reason a claim is not judged on the line below."""
    width = max(len(c.id) for c in claims)
    out = []
    shared = Counter((c.document, c.cause) for c in claims if c.expect in FINDINGS)
    for c in claims:
        extra = " (beyond the document)" if c.beyond_document else ""
        out.append(f"{c.id:<{width}}  {c.kind.value:<10}  {_status(c):<36}  {c.source.section}{extra}\n")
        if c.expect in FINDINGS and shared[(c.document, c.cause)] > 1:
            out.append(f"{'':<{width}}  cause {c.cause}: one mistake with {shared[(c.document, c.cause)] - 1} other "
                       f"claim{'s' if shared[(c.document, c.cause)] > 2 else ''}\n")
        if c.expect is Status.NOT_JUDGED:
            out.append(f"{'':<{width}}  not judged: {c.explanation}\n")
    out.append(f"{len(claims)} claim{'s' if len(claims) != 1 else ''}\n")
    return "".join(out)
