"""Two card panels that show text the document prints rather than one formula: a listing's run (what it
printed against what the document shows, the amendments it ran with, the exception that stopped it) and a
derivation's corrected lines."""

from __future__ import annotations

from typing import Any, Mapping

from oracle.report.errata import plural
from oracle.report.html.elements import esc
from oracle.report.html.render_math import math_or_code

__all__ = ["listing_block", "corrected_lines_block"]


def _amendments(listing: Mapping[str, Any], form: str) -> str:
    items = []
    for a in listing.get("amendments") or []:
        if not isinstance(a, Mapping):
            continue
        why = f' <small>({esc(a.get("reason"))})</small>' if a.get("reason") else ""
        old, new = str(a.get("old")), str(a.get("new"))
        if "\n" in old.strip("\n") or "\n" in new.strip("\n"):  # a block: shown as a diff, its layout kept
            diff = "\n".join([f"- {line}" for line in old.rstrip("\n").splitlines()]
                             + [f"+ {line}" for line in new.rstrip("\n").splitlines()])
            items.append(f'<li><span class="cell">{esc(a.get("cell"))}</span>{why}<pre class="diff">{esc(diff)}</pre></li>')
            continue
        items.append(f'<li><span class="cell">{esc(a.get("cell"))}</span> <del><code>{esc(old)}</code></del> '
                     f'→ <ins><code>{esc(new)}</code></ins>{why}</li>')
    if not items:
        return ""
    return f'<div class="amendments"><strong>{esc(form)}</strong><ul>{"".join(items)}</ul></div>'


def _split_amendments(listing: Mapping[str, Any]) -> tuple[dict, dict]:
    """(context, fix): the corrections of earlier claims it runs with, and the rest."""
    context = [a for a in listing.get("amendments") or [] if isinstance(a, Mapping) and a.get("context")]
    fix = [a for a in listing.get("amendments") or [] if isinstance(a, Mapping) and not a.get("context")]
    return {"amendments": context}, {"amendments": fix}


def _cells(listing: Mapping[str, Any]) -> str:
    rows = []
    for cell in listing.get("cells") or []:
        if not isinstance(cell, Mapping) or cell.get("shown") is None:
            continue
        diffs = cell.get("differences") or []
        verdict = ('<p class="ok">Prints what the document shows.</p>' if not diffs else
                   '<ul class="differences">' + "".join(f"<li>{esc(d)}</li>" for d in diffs) + "</ul>")
        rows.append(f'<div class="printouts"><figure><figcaption>The document shows ({esc(cell.get("name"))})'
                    f'</figcaption><pre lang="fr">{esc(cell.get("shown"))}</pre></figure>'
                    f'<figure><figcaption>The listing prints</figcaption><pre>{esc(cell.get("printed"))}</pre></figure>'
                    f'</div>{verdict}')
    return "".join(rows)


def _run_note(listing: Mapping[str, Any]) -> str:
    cells = [str(x) for x in listing.get("run") or []]
    text = f"Run as the document runs it, offline: {esc(', '.join(cells))} ({esc(plural(len(cells), 'cell'))}, in order)"
    if listing.get("stopped_after"):
        text += (f"; stopped once it had printed the {esc(plural(int(listing['stopped_after']), 'line'))} compared "
                 "(the rest of the run is the same loop, and the document itself warns it is long)")
    warnings = [w for w in listing.get("warnings") or [] if isinstance(w, Mapping)]
    if warnings:
        shown = "; ".join(f"{w.get('category')}: {w.get('message')} ({w.get('cell')}, ×{w.get('count')})"
                          for w in warnings[:3])
        text += f". Warnings: {esc(shown)}"
    return f'<p class="run-note">{text}.</p>'


def listing_block(c: Mapping[str, Any]) -> str:
    """The run of a listing claim: its context, the fix, and each printout against the document's."""
    listing = (c.get("detail") or {}).get("listing")
    if not isinstance(listing, Mapping):
        return ""
    corrected = (c.get("correction_detail") or {}).get("listing")
    context, _ = _split_amendments(listing)
    compared_run = listing if _cells(listing) or not isinstance(corrected, Mapping) else corrected
    parts = [_run_note(compared_run),
             _amendments(context, "With the corrections of earlier claims applied, so that the run reaches this cell:")]
    if isinstance(corrected, Mapping):
        _, fix = _split_amendments(corrected)
        parts.append(_amendments(fix, "Corrected:"))
    cells = _cells(compared_run)
    if cells:
        whose = "" if compared_run is listing else " (the corrected listing)"
        parts.append(f"<h4>Printed against shown{esc(whose)}</h4>{cells}")
    return f'<section class="listing-block">{"".join(p for p in parts if p)}</section>\n'


def corrected_lines_block(c: Mapping[str, Any]) -> str:
    """A derivation's corrected lines (numbered as the printed ones), the lines that change marked."""
    printed = [str(x) for x in ((c.get("detail") or {}).get("lines") or [])]
    corrected = [str(x) for x in ((c.get("correction_detail") or {}).get("lines") or [])]
    if not corrected:
        return ""
    items = []
    for i, line in enumerate(corrected):
        changed = i >= len(printed) or printed[i] != line
        cls, mark = (' class="changed"', "<small>changed</small>") if changed else ("", "")
        items.append(f'<li{cls}>{math_or_code(line, "inline")}{mark}</li>')
    return (f'<figure class="formula corrected alone"><figcaption><span aria-hidden="true">✓</span> Corrected '
            f'(the derivation, line by line from 0)</figcaption><ol class="derivation corrected-lines" start="0">'
            f'{"".join(items)}</ol></figure>\n')
