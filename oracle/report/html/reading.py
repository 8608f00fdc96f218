"""``oracle check``'s account of what it read, on the page: per file the statements found, judged and
not understood, and every statement not understood with its reason (read from ``verdicts.json``)."""

from __future__ import annotations

from typing import Any, Mapping

from oracle.report.errata import reading_of
from oracle.report.html.elements import esc

__all__ = ["reading_section"]

_COLUMNS = (("found", "Statements found"), ("judged", "Judged"), ("definitions", "Definitions"),
            ("not_understood", "Not understood"), ("skipped", "Skipped"), ("cells", "Code cells"),
            ("pairs", "Function pairs"))


def reading_section(payload: Mapping[str, Any]) -> str:
    """The section, or '' for a catalogue run."""
    r = reading_of(payload)
    if r is None:
        return ""
    head = "".join(f'<th scope="col">{esc(label)}</th>' for _, label in _COLUMNS)
    rows = "".join(
        f'<tr><th scope="row"><code>{esc(f.get("file"))}</code></th>'
        + "".join(f"<td>{int(f.get(key) or 0)}</td>" for key, _ in _COLUMNS) + "</tr>"
        for f in r["files"])
    base = r["baseline"]
    baseline = ""
    if base.get("file"):
        gone = "".join(f'<li><code>{esc(e.get("file"))}</code> {esc(e.get("where"))} ({esc(e.get("family"))}): '
                       f'<code>{esc(e.get("text"))}</code></li>' for e in base.get("no_longer_found") or [])
        baseline = (f'<p>Baseline <code>{esc(base["file"])}</code>: {int(base.get("accepted") or 0)} accepted findings, '
                    f'{len(base.get("new") or [])} new, {len(base.get("no_longer_found") or [])} no longer found.</p>'
                    + (f"<ul>{gone}</ul>" if gone else ""))
    unread = "".join(
        f'<tr><td><code>{esc(n.get("file"))}</code></td><td>{esc(n.get("where"))}</td>'
        f'<td><code>{esc(n.get("text"))}</code></td><td>{esc(n.get("reason"))}</td></tr>'
        for n in r["not_understood"])
    details = ""
    if unread:
        details = ('<details class="message"><summary>Not understood: '
                   f'{len(r["not_understood"])} statements, listed with the reason, never guessed into a verdict'
                   '</summary>\n<div class="table-wrap"><table><thead><tr><th scope="col">File</th>'
                   '<th scope="col">Where</th><th scope="col">Statement</th><th scope="col">Why</th></tr></thead>'
                   f'<tbody>{unread}</tbody></table></div></details>\n')
    return ('<section id="reading" aria-labelledby="reading-title"><div class="wrap">\n'
            '<h2 id="reading-title">What was read</h2>\n'
            '<p class="section-intro">Per file, the statements found in its math and code, those judged, '
            'the definitions kept in scope, and those not understood.</p>\n'
            f'<div class="table-wrap"><table><thead><tr><th scope="col">File</th>{head}</tr></thead>'
            f'<tbody>{rows}</tbody></table></div>\n{baseline}{details}</div></section>\n')
