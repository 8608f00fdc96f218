"""Small HTML pieces every part of the page uses: escaping, anchors, verdict badges."""

from __future__ import annotations

import html
from typing import Any, Mapping

from oracle.report.errata import severity_info, slug, verdict_info

__all__ = ["esc", "claim_anchor", "doc_anchor", "badge", "severity_badge"]


def esc(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def claim_anchor(claim_id: str) -> str:
    return "claim-" + slug(claim_id)


def doc_anchor(doc: Mapping[str, Any]) -> str:
    return "doc-" + slug(doc.get("id") or doc.get("file") or "document")


# --- inputs ----------------------------------------------------------------------------------

# --- page parts --------------------------------------------------------------------------------

def badge(verdict: str | None, extra: str = "", count: int | None = None) -> str:
    cls, icon, label, meaning = verdict_info(verdict)
    if count is not None:
        label = f"{count} {label.lower() if verdict != 'erratum' else ('erratum' if count == 1 else 'errata')}"
        if verdict == "holds":
            label = f"{count} hold{'s' if count == 1 else ''}"
        elif verdict == "holds under a precondition" and count != 1:
            label = f"{count} hold under a precondition"
    return (f'<span class="badge {cls}{extra}" title="{esc(meaning)}"><span class="icon" aria-hidden="true">{icon}</span>'
            f'{esc(label)}</span>')


def severity_badge(severity: str | None, count: int | None = None) -> str:
    """The severity of a finding (error, caveat, note), with a count of distinct mistakes when given."""
    cls, label, labels, meaning = severity_info(severity)
    text = label if count is None else f"{count} {label.lower() if count == 1 else labels}"
    return f'<span class="badge sev {cls}" title="{esc(meaning)}">{esc(text)}</span>'
