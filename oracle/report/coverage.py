"""The catalogue's coverage table: per document, claims by expected status (the catalogue's statement, not a run)."""

from __future__ import annotations

from collections import Counter
from typing import Any, Sequence

from oracle.claims import Claim, Kind, Status

__all__ = ["coverage_table", "claim_lines"]


def coverage_table(documents: Sequence[Any], claims: Sequence[Claim]) -> str:
    """Markdown: one row per document, one column per expected status, derivations and beyond-the-document counts."""
    columns = [Status.HOLDS, Status.ERRATUM, Status.DOES_NOT_RUN, Status.UNSTABLE, Status.CONDITIONAL]
    titles = {getattr(d, "file", ""): getattr(d, "title", "") for d in documents}
    lines = ["| document | claims | " + " | ".join(c.value for c in columns) + " | derivations | beyond the document |",
             "|---|---:|" + "---:|" * (len(columns) + 2)]
    totals: Counter = Counter()
    for file in sorted({c.source.document for c in claims}):
        mine = [c for c in claims if c.source.document == file]
        counts = Counter(c.expect for c in mine)
        derivations = sum(c.kind is Kind.DERIVATION for c in mine)
        beyond = sum(c.beyond_document for c in mine)
        totals.update(counts)
        totals["claims"] += len(mine)
        totals["derivations"] += derivations
        totals["beyond"] += beyond
        lines.append(f"| `{file}` {titles.get(file, '')} | {len(mine)} | "
                     + " | ".join(str(counts[c]) for c in columns) + f" | {derivations} | {beyond} |")
    lines.append(f"| **all** | **{totals['claims']}** | " + " | ".join(f"**{totals[c]}**" for c in columns)
                 + f" | **{totals['derivations']}** | **{totals['beyond']}** |")
    return "\n".join(lines) + "\n"


def claim_lines(claims: Sequence[Claim]) -> str:
    """One line per claim: id, kind, expected status, section."""
    width = max(len(c.id) for c in claims)
    out = []
    for c in claims:
        extra = " (beyond the document)" if c.beyond_document else ""
        out.append(f"{c.id:<{width}}  {c.kind.value:<10}  {c.expect.value:<26}  {c.source.section}{extra}\n")
    out.append(f"{len(claims)} claim{'s' if len(claims) != 1 else ''}\n")
    return "".join(out)
