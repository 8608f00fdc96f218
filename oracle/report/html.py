"""The teaching-errata report as one self-contained page, ``index.html``.

Rendered from the view model (``oracle.report.errata``) of ``verdicts.json`` and
``findings.csv``: nothing here re-runs a judge or re-decides a verdict.
The page needs no network: styles, the small filter script, the plots (inline SVG
drawn by matplotlib) and the mathematics (MathML) are all in the one file, and a
Content-Security-Policy forbids any request.  The same inputs give the same bytes;
the only line that changes between two runs with the same seed is the date.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections import Counter
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from oracle.report.assets import CSS, FAVICON, SCRIPT
from oracle.report.errata import (
    CODE_LIKE,
    SIDE_BY_SIDE,
    VERDICTS,
    as_float,
    case_counts,
    count_phrase,
    doc_byline,
    doc_title,
    documents_of,
    errata_records,
    first_line,
    fmt_number,
    gate_reason,
    link_targets,
    short_name,
    slug,
    split_case,
    verdict_info,
    visible_length,
)
from oracle.report.plots import curve_svg, figures_svg
from oracle.report.render_math import math_or_code, text_with_math

__all__ = ["render_html"]


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


def _bar(observed: Mapping[str, int], total: int) -> str:
    if not total:
        return ""
    cells = []
    for v in ["holds"] + [k for k in VERDICTS if k != "holds"]:
        n = observed.get(v, 0)
        if n:
            cells.append(f'<i class="{verdict_info(v)[0]}" style="width:{100.0 * n / total:.4g}%"></i>')
    return f'<div class="bar" aria-hidden="true">{"".join(cells)}</div>'


def masthead(payload: Mapping[str, Any], docs: Sequence[Mapping[str, Any]]) -> str:
    claims = payload.get("claims") or []
    observed = Counter(c.get("observed") for c in claims)
    n = len(claims)
    errata = observed.get("erratum", 0)
    other = sum(v for k, v in observed.items() if k not in ("holds", "erratum"))
    ndocs = sum(1 for d in docs if d["_claims"])
    lead = (f"{n} statement{'s' if n != 1 else ''} printed in {ndocs} teaching document{'s' if ndocs != 1 else ''} "
            f"on backpropagation were checked against <code>torch.autograd</code> and finite differences. ")
    if errata:
        lead += (f"<strong>{errata} {'is' if errata == 1 else 'are'} wrong as printed</strong>"
                 f"{' and ' + str(other) + ' more need a caveat' if other else ''}"
                 f"; each has a card below with the correction, a counterexample and, where it helps, a plot.")
    elif other:
        lead += f"<strong>None is plainly wrong</strong>, but {other} need a caveat; each has a card below."
    else:
        lead += "<strong>Every one holds.</strong>"
    tiles = [f'<li class="tile v-all"><b>{n}</b><span>claims checked</span></li>',
             f'<li class="tile v-holds"><b>{observed.get("holds", 0)}</b><span>hold</span></li>',
             f'<li class="tile v-erratum"><b>{errata}</b><span>{"erratum" if errata == 1 else "errata"}</span></li>']
    for v in ("does not run as printed", "unstable", "holds under a precondition", "inconclusive"):
        if observed.get(v):
            tiles.append(f'<li class="tile {verdict_info(v)[0]}"><b>{observed[v]}</b><span>{esc(v)}</span></li>')
    toc = ['<li><a href="#documents">Documents</a></li>']
    for d in docs:
        if any(c.get("observed") != "holds" for c in d["_claims"]):
            k = sum(1 for c in d["_claims"] if c.get("observed") != "holds")
            toc.append(f'<li><a href="#{doc_anchor(d)}"><span lang="fr">{esc(doc_title(d))}</span></a> ({k})</li>')
    toc += ['<li><a href="#claims">All claims</a></li>', '<li><a href="#provenance">Provenance</a></li>']
    summary = payload.get("summary") or {}
    return (
        '<header class="masthead"><div class="wrap">\n'
        '<p class="eyebrow">Backprop oracle · errata report</p>\n'
        f'<h1>What the course notes get wrong about gradients</h1>\n'
        f'<p class="lead">{lead}</p>\n'
        f'<ul class="tiles" aria-label="Verdicts at a glance">{"".join(tiles)}</ul>\n'
        + gate_banner(payload, summary)
        + f'<nav aria-label="Contents"><ul class="toc">{"".join(toc)}</ul></nav>\n'
        + '</div></header>\n'
    )


def gate_banner(payload: Mapping[str, Any], summary: Mapping[str, Any]) -> str:
    claims = payload.get("claims") or []
    bad = [c for c in claims if c.get("gate_ok") is False]
    if not bad:
        return ('<p class="gate ok"><span aria-hidden="true">✓</span> <strong>Gate passed:</strong> every claim got the '
                'verdict the catalogue expects, and every correction holds.</p>\n')
    items = "".join(
        f'<li><a href="#{claim_anchor(c["claim_id"]) if c.get("observed") != "holds" else "row-" + slug(c["claim_id"])}">'
        f'<code>{esc(c["claim_id"])}</code></a> <span class="gate-verdicts">expected {badge(c.get("expected"))} · '
        f'observed {badge(c.get("observed"))}'
        f'{" · correction " + badge(c.get("correction_verdict")) if c.get("correction_verdict") else ""}</span>'
        f'<p>{esc(gate_reason(c)[0].upper() + gate_reason(c)[1:])}.</p></li>'
        for c in bad)
    return (
        '<section class="gate fail" role="alert" aria-labelledby="gate-title">\n'
        f'<h2 id="gate-title"><span aria-hidden="true">✗</span> Gate failed for {len(bad)} '
        f'claim{"s" if len(bad) != 1 else ""}</h2>\n'
        '<p>For these claims the verdict cannot be trusted yet: the judges observed another verdict than the '
        'catalogue expects, a correction does not hold, or the check let a deliberately broken variant through. '
        'Until this is resolved the report may describe a mistake that is not there, or miss one that is.</p>\n'
        f'<ul class="gate-list">{items}</ul>\n'
        '</section>\n'
    )


def documents_section(docs: Sequence[Mapping[str, Any]]) -> str:
    cards = []
    for d in docs:
        obs = d["observed"]
        total = d.get("claims") or sum(obs.values())
        nonholding = sum(n for v, n in obs.items() if v != "holds")
        counts = "".join(f"<li>{badge(v, count=obs[v])}</li>" for v in VERDICTS if obs.get(v))
        link = f'#{doc_anchor(d)}' if nonholding else "#claims"
        cards.append(
            f'<article class="doc-card">'
            f'<h3><a href="{link}" lang="fr">{esc(doc_title(d))}</a></h3>'
            f'<p class="byline">{esc(doc_byline(d)) or "Author not named"}<br><code>{esc(d.get("file"))}</code></p>'
            f'<p class="byline">{total} claim{"s" if total != 1 else ""}: {esc(count_phrase(obs))}</p>'
            f'<ul class="counts" aria-label="Verdicts">{counts}</ul>'
            f'{_bar(obs, total)}'
            f'</article>')
    table_rows = "".join(
        f'<tr><th scope="row" lang="fr">{esc(doc_title(d))}</th><td>{esc(doc_byline(d)) or "—"}</td>'
        f'<td>{d.get("claims") or 0}</td><td>{d["observed"].get("holds", 0)}</td><td>{d["observed"].get("erratum", 0)}</td>'
        f'<td>{esc(count_phrase({k: v for k, v in d["observed"].items() if k not in ("holds", "erratum")})) or "—"}</td></tr>'
        for d in docs)
    return (
        '<section id="documents" aria-labelledby="documents-title"><div class="wrap">\n'
        '<h2 id="documents-title">Documents</h2>\n'
        '<p class="section-intro">One card per document checked. The bar shows the share of its claims '
        'that hold (green) and those that need attention.</p>\n'
        f'<div class="docs">{"".join(cards)}</div>\n'
        '<details class="message"><summary>The same summary as a table</summary>\n'
        '<div class="table-wrap"><table><thead><tr><th scope="col">Document</th><th scope="col">Author</th>'
        '<th scope="col">Claims</th><th scope="col">Hold</th><th scope="col">Errata</th><th scope="col">Other</th>'
        f'</tr></thead><tbody>{table_rows}</tbody></table></div></details>\n'
        '</div></section>\n'
    )


def quote_block(quote: str | None) -> str:
    if not quote:
        return ""
    q = quote.strip()
    label = '<span class="label">As printed in the document</span>'
    code_like = ("\n" in q or CODE_LIKE.search(q) or (re.search(r"\\[A-Za-z]+|&=|\^\{|_\{", q) and "$" not in q))
    if "$" in q and not q.startswith("$$"):
        body = f'<p lang="fr">{text_with_math(q)}</p>'
    elif code_like or q.startswith("$$"):
        body = f'<pre lang="fr"><code>{esc(q)}</code></pre>'
    else:
        body = f'<p lang="fr">«&nbsp;{esc(q)}&nbsp;»</p>'
    return f'<blockquote class="quote">{label}{body}</blockquote>\n'


def formulas_block(c: Mapping[str, Any]) -> str:
    printed = c.get("printed_latex")
    corrected = c.get("corrected_latex")
    if not printed and not corrected:
        return ""
    stacked = max(visible_length(printed), visible_length(corrected)) > SIDE_BY_SIDE
    parts = []
    if printed:
        parts.append(f'<figure class="formula printed{" alone" if not corrected else ""}">'
                     f'<figcaption><span aria-hidden="true">✗</span> As printed</figcaption>{math_or_code(printed)}</figure>')
    if corrected:
        parts.append(f'<figure class="formula corrected{" alone" if not printed else ""}">'
                     f'<figcaption><span aria-hidden="true">✓</span> Corrected</figcaption>{math_or_code(corrected)}</figure>')
    return f'<div class="compare{" stacked" if stacked else ""}">{"".join(parts)}</div>\n'


def _value_cell(v: Any, fallback: str) -> str:
    f = as_float(v)
    if f is None:
        return esc(fallback)
    return f'<span title="{esc(repr(f))}">{esc(fmt_number(f))}</span>'


def counterexample_block(c: Mapping[str, Any]) -> str:
    text = c.get("counterexample")
    p, t = as_float(c.get("printed_value")), as_float(c.get("true_value"))
    if not text and p is None and t is None:
        return ""
    rows = []
    if text:
        items = []
        for name, value in split_case(text):
            note = " <small>(upstream gradient)</small>" if name == "grad_out" else ""
            items.append(f"<li><code>{esc(name + ' = ' + value if name else value)}</code>{note}</li>")
        region = c.get("counterexample_region")
        where = (' <small>(in the region where the condition applies)</small>' if region == "condition" else "")
        rows.append(f'<dt>Inputs</dt><dd><ul class="inputs">{"".join(items)}</ul>{where}</dd>')
    crashed = c.get("observed") == "does not run as printed" and p is None
    not_finite = ("an error: it does not run (see above)" if crashed
                  else "not a finite number (NaN or ∞)" if text else "—")
    rows.append(f'<dt>Printed gives</dt><dd class="bad">{_value_cell(p, not_finite)}</dd>')
    if t is not None or not crashed:
        rows.append(f'<dt>True value</dt><dd class="good">{_value_cell(t, "—")}</dd>')
    if p is not None and t is not None:
        err = abs(p - t)
        rel = err / abs(t) if t else None
        extra = f" <small>({fmt_number(100 * rel, 3)} % of the true value)</small>" if rel is not None else ""
        rows.append(f'<dt>Error</dt><dd>{esc(fmt_number(err))}{extra}</dd>')
    elif text and p is None and t is not None and not crashed:
        rows.append('<dt>Error</dt><dd>the printed form gives no usable number here</dd>')
    worst = as_float(c.get("max_abs_error"))
    if worst is not None and (p is None or t is None or worst > 1.0001 * abs(p - t)):
        rel = as_float(c.get("max_rel_error"))
        rows.append(f'<dt>Largest error seen</dt><dd>{esc(fmt_number(worst))}'
                    f'{" <small>(relative " + esc(fmt_number(rel, 3)) + ")</small>" if rel is not None else ""}</dd>')
    return (f'<section class="counterexample"><h4>Smallest counterexample</h4><dl>{"".join(rows)}</dl></section>\n')


def _fixed_phrase(fixed: Mapping[str, Any]) -> str:
    return ", ".join(f"<code>{esc(k)} = {esc(fmt_number(v))}</code>" for k, v in fixed.items())


def _has_gap(data: Mapping[str, Any]) -> bool:
    true, printed = data.get("true") or [], data.get("printed") or []
    return any(t is not None and p is None for t, p in zip(true, printed))


def plot_block(c: Mapping[str, Any]) -> str:
    data = c.get("curve")
    if not isinstance(data, Mapping):
        return ""
    qty = "derivative" if data.get("quantity") == "derivative" else "value"
    title = f"{short_name(c['claim_id'])}: printed {qty} against the true {qty}"
    try:
        svg = curve_svg(data, salt=c["claim_id"], title=title)
    except Exception:  # malformed curve data: the card goes without its plot
        svg = None
    if not svg:
        return ""
    fixed = data.get("fixed") or {}
    caption = (f'<span class="swatch printed" aria-hidden="true"></span>as printed, '
               f'<span class="swatch true" aria-hidden="true"></span>true {qty} (torch), ')
    if data.get("corrected") is not None:
        caption += '<span class="swatch corrected" aria-hidden="true"></span>corrected, '
    caption += f'against <code>{esc(data.get("variable", "x"))}</code>'
    if fixed:
        caption += f" with {_fixed_phrase(fixed)} held fixed"
    caption += "."
    if _has_gap(data):
        caption += " Shaded: where the printed form returns NaN or ∞ and the true value is finite."
    return f'<figure class="plot">{svg}<figcaption>{caption}</figcaption></figure>\n'


def _point(point: Any) -> str:
    if not isinstance(point, Mapping) or not point:
        return ""
    return ", ".join(f"{k} = {fmt_number(v, 6)}" for k, v in sorted(point.items()))


def _link_note(link: Mapping[str, Any], first_line: bool) -> str:
    above = "the definition" if first_line else "the line above"
    if link.get("holds") is True:
        how = "proved symbolically" if link.get("method") == "symbolic" else (
            f"checked at {link['points']} points" if link.get("points") else "checked")
        return f'<span class="step ok"><span aria-hidden="true">✓</span> follows from {above} ({esc(how)})</span>'
    if link.get("holds") is None:
        return (f'<span class="step"><span aria-hidden="true">?</span> could not be decided'
                f'{": " + esc(link["note"]) if link.get("note") else ""}</span>')
    evidence = []
    if link.get("method") == "symbolic":
        evidence.append("the two sides differ by a nonzero amount (sympy)")
    else:
        if link.get("points"):
            n_bad = link.get("disagreeing")
            evidence.append(f"the two sides differ at {n_bad if n_bad is not None else 'some'} of "
                            f"{link['points']} random points")
        diff = as_float(link.get("max_difference"))
        if diff is not None:
            where = _point(link.get("worst_point"))
            evidence.append(f"by up to {fmt_number(diff)}" + (f" (at {where})" if where else ""))
    return (f'<span class="step"><span aria-hidden="true">✗</span> does not follow from {above}'
            f'{": " + esc(", ".join(evidence)) if evidence else ""}</span>')


def derivation_block(detail: Mapping[str, Any]) -> str:
    """The printed lines, each with the verdict on the step that leads to it; broken steps highlighted."""
    lines = [str(l) for l in (detail.get("lines") or [])]
    links = [l for l in (detail.get("links") or []) if isinstance(l, Mapping)]
    if not lines:
        return ""
    targets = link_targets(links, len(lines))
    into: dict[int, Mapping[str, Any]] = {}
    for t, link in zip(targets, links):
        into.setdefault(t, link)
    first = detail.get("first_broken")
    right = detail.get("line_correct") or []
    corrected_lines = detail.get("corrected_lines") or []
    items = []
    for i, latex in enumerate(lines):
        link = into.get(i)
        classes = []
        if link is not None and link.get("holds") is False:
            classes.append("broken")
            if first is not None and (link.get("index", targets.index(i) if i in targets else None) == first):
                classes.append("first")
        elif i < len(right) and right[i] is False:
            classes.append("carried")
        body = math_or_code(latex, "inline")
        extra = ""
        if link is not None and link.get("holds") is False:
            fix = link.get("corrected") or (corrected_lines[i] if i < len(corrected_lines) else None)
            if fix and fix != latex:
                extra = f'<div class="should-read"><span>should read</span>{math_or_code(str(fix), "inline")}</div>'
        note = _link_note(link, i == 0) if link is not None else ""
        if "carried" in classes:
            note = '<span class="step carried-note">follows from the line above, so it carries the mistake</span>'
        if "first" in classes:
            note = note.replace('does not follow', 'First broken step: this line does not follow', 1)
        elif "broken" in classes and link.get("index") in (detail.get("compensating_links") or []):
            note += '<span class="step">This wrong step happens to cancel the earlier one.</span>'
        cls = f' class="{" ".join(classes)}"' if classes else ""
        items.append(f"<li{cls}>{body}{extra}{note}</li>")
    start = detail.get("start")
    head = (f'<p class="start"><span>Starting from</span>{math_or_code(str(start), "inline")}</p>' if start else "")
    verdict = ""
    broken = any(l.get("holds") is False for l in links)
    if detail.get("final_correct") is True and broken:
        verdict = esc("The final line is right nevertheless: a later wrong step cancels the first one. "
                      "The result is correct but the derivation is not; both steps need correcting.")
    elif detail.get("final_correct") is False:
        verdict = esc("The mistake carries through to the final line.")
        if detail.get("truth"):
            verdict += f' The true result is {math_or_code(str(detail["truth"]), "inline")}.'
    elif detail.get("final_correct") is True:
        verdict = esc("The final line is correct.")
    out = (f'<section class="derivation-lines"><h4>The derivation, line by line</h4>'
           f'<p class="derivation-help">Lines are numbered from 0, as in the judge’s report; each line is checked '
           f'against the one above it.</p>{head}')
    out += f'<ol class="derivation">{"".join(items)}</ol>'
    if verdict:
        out += f'<p class="verdict-line">{verdict}</p>'
    return out + "</section>\n"


def figures_block(c: Mapping[str, Any]) -> str:
    figures = [f for f in ((c.get("detail") or {}).get("figures") or []) if isinstance(f, Mapping)]
    if not figures:
        return ""
    rows = []
    for f in figures:
        printed, recomputed = f.get("printed"), f.get("recomputed")
        p, r = as_float(printed), as_float(recomputed)
        differs = p is not None and r is not None and fmt_number(r, 10) != fmt_number(p, 10)
        diff = fmt_number(r - p) if p is not None and r is not None else "—"
        row_cls = ' class="bad"' if differs else ""
        rows.append(f'<tr{row_cls}><th scope="row">{esc(f.get("name"))}</th>'
                    f'<td class="num">{esc(str(printed).replace("-", "−"))}</td><td class="num">{esc(fmt_number(recomputed, 10))}</td>'
                    f'<td class="num">{esc(diff)}</td></tr>')
    try:
        svg = figures_svg(figures, salt=c["claim_id"] + "#figures",
                          title=f"{short_name(c['claim_id'])}: printed against recomputed figures")
    except Exception:  # malformed figure data: the table alone
        svg = None
    table = ('<div class="table-wrap"><table class="figures"><thead><tr><th scope="col">Figure</th>'
             '<th scope="col">Printed</th><th scope="col">Recomputed</th><th scope="col">Recomputed − printed</th>'
             f'</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')
    plot = (f'<figure class="plot">{svg}<figcaption>How far each printed figure is from the value recomputed from '
            'the document\'s own data and code, in per cent of the printed value.</figcaption></figure>') if svg else ""
    return f'<section class="figures-block"><h4>Printed against recomputed</h4>{table}{plot}</section>\n'


def more_cases_block(c: Mapping[str, Any], frame: pd.DataFrame) -> str:
    if frame.empty or "claim_id" not in frame:
        return ""
    rows = frame[(frame["claim_id"] == c["claim_id"]) & (frame.get("form", "") == "printed")]
    if rows.empty:
        return ""
    failing = rows[rows["status"].isin(["fail", "crash"])]
    seen, picked = {c.get("counterexample")}, []
    for _, r in failing.iterrows():
        text = r.get("case_text", "")
        if text in seen or len(text) > 160:
            continue
        seen.add(text)
        picked.append(r)
        if len(picked) == 4:
            break
    total, nbad = len(rows), len(failing)
    if not picked:
        return ""
    body = "".join(
        f'<tr><td><code>{esc(r.get("case_text", ""))}</code></td><td class="num">{esc(fmt_number(r.get("printed_value")) if r.get("printed_value") else "NaN / —")}</td>'
        f'<td class="num">{esc(fmt_number(r.get("true_value")) if r.get("true_value") else "—")}</td></tr>'
        for r in picked)
    return (f'<details class="message"><summary>More failing inputs ({nbad} of the {total} cases tried on the printed '
            f'form failed)</summary><div class="table-wrap"><table class="figures"><thead><tr><th scope="col">Inputs</th>'
            f'<th scope="col">Printed</th><th scope="col">True</th></tr></thead><tbody>{body}</tbody></table></div></details>\n')


def card(c: Mapping[str, Any], frame: pd.DataFrame) -> str:
    verdict = c.get("observed")
    cls = verdict_info(verdict)[0]
    detail = c.get("detail") if isinstance(c.get("detail"), Mapping) else {}
    out = [f'<article class="card {cls}" id="{claim_anchor(c["claim_id"])}" aria-labelledby="{claim_anchor(c["claim_id"])}-h">']
    extra = ""
    if c.get("beyond_document"):
        extra = ' <span class="badge plain" title="Not printed in the document: a statement that completes it">beyond the document</span>'
    out.append(f'<header>{badge(verdict)}{extra}<h3 id="{claim_anchor(c["claim_id"])}-h"><span class="section" lang="fr">'
               f'{esc(c.get("section") or "(no section)")}</span><span class="cid">{esc(c["claim_id"])}</span></h3></header>')
    if c.get("gate_ok") is False:
        out.append(f'<p class="gate-note"><span aria-hidden="true">⚠</span> Gate failure: {esc(gate_reason(c))}.</p>')
    out.append(quote_block(c.get("quote")))
    derivation = bool(detail.get("lines"))
    if not derivation or visible_length(c.get("printed_latex")) <= 2 * SIDE_BY_SIDE:
        out.append(formulas_block(c))
    if c.get("explanation"):
        out.append(f'<p class="explanation">{text_with_math(c["explanation"])}</p>\n')
    if c.get("condition"):
        label = "Where it breaks" if verdict == "unstable" else "Condition"
        out.append(f'<p class="condition"><strong>{label}:</strong> {text_with_math(c["condition"])}</p>\n')
    stability = c.get("stability") if isinstance(c.get("stability"), list) else []
    audit = [a.get("sentence") for a in stability if isinstance(a, Mapping) and a.get("sentence")]
    if audit and verdict in ("unstable", "holds under a precondition", "erratum"):
        out.append('<div class="audit"><strong>Floating-point audit of the printed form:</strong><ul>'
                   + "".join(f"<li>{esc(t)}</li>" for t in audit) + "</ul></div>\n")
    if verdict in ("does not run as printed", "inconclusive") and c.get("message") and c.get("printed_value") is None:
        out.append(f'<p class="what-happens"><strong>What happens:</strong> <code>{esc(first_line(c["message"]))}</code></p>\n')
    if derivation:
        out.append(derivation_block(detail))
    out.append(figures_block(c))
    facts = [counterexample_block(c) if not (detail.get("figures") or derivation) else "", plot_block(c)]
    facts = [f for f in facts if f]
    if facts:
        out.append(f'<div class="facts{" single" if len(facts) == 1 else ""}">{"".join(facts)}</div>\n')
    out.append(more_cases_block(c, frame))
    if c.get("message"):
        out.append(f'<details class="message"><summary>The judge’s full report</summary><pre>{esc(c["message"])}'
                   f'{esc(chr(10) + chr(10) + "Correction: " + c["correction_message"]) if c.get("correction_message") else ""}'
                   f'</pre></details>\n')
    cases = case_counts(c)
    case_txt = ", ".join(f"{n} {k}" for k, n in cases.items())
    corr = c.get("correction_verdict")
    foot = [f'<span>{esc(c.get("kind") or "")} · {esc(c.get("family") or "")}</span>']
    if case_txt:
        foot.append(f'<span>· printed form on {sum(cases.values())} cases: {esc(case_txt)}</span>')
    if corr:
        foot.append(f'<span>· correction:</span> {badge(corr)}')
    foot.append(f'<span>· expected:</span> {badge(c.get("expected"))}')
    if c.get("note"):
        foot.append(f'<span>· {esc(c["note"])}</span>')
    out.append(f'<footer>{"".join(foot)}</footer>')
    out.append("</article>")
    return "\n".join(o for o in out if o)


def safe_card(c: Mapping[str, Any], frame: pd.DataFrame) -> str:
    """A card; if a record has a shape this page does not know, a plain card that says so (the report is still written)."""
    try:
        return card(c, frame)
    except Exception as exc:  # one odd record must not cost the whole report (verify writes it every time)
        cid = str(c.get("claim_id", "?"))
        return (f'<article class="card {verdict_info(c.get("observed"))[0]}" id="{claim_anchor(cid)}">'
                f'<header>{badge(c.get("observed"))}<h3><span class="section" lang="fr">{esc(c.get("section") or "")}'
                f'</span><span class="cid">{esc(cid)}</span></h3></header>'
                f'<p class="what-happens">This card could not be drawn ({esc(type(exc).__name__)}: {esc(exc)}); '
                f'the record is in <code>verdicts.json</code>.</p>'
                f'{"<pre>" + esc(c.get("message")) + "</pre>" if c.get("message") else ""}</article>')


def document_sections(docs: Sequence[Mapping[str, Any]], frame: pd.DataFrame) -> str:
    out = []
    for d in docs:
        picked = errata_records(d["_claims"])
        if not picked:
            continue
        obs = d["observed"]
        out.append(
            f'<section class="doc" id="{doc_anchor(d)}" aria-labelledby="{doc_anchor(d)}-title"><div class="wrap">\n'
            f'<header class="doc-head"><h2 id="{doc_anchor(d)}-title" lang="fr">{esc(doc_title(d))}</h2>'
            f'<p class="byline">{esc(doc_byline(d)) or "Author not named"} · <code>{esc(d.get("file"))}</code> · '
            f'{d.get("claims") or 0} claims: {esc(count_phrase(obs))}</p></header>\n'
            f'<div class="cards">\n' + "\n".join(safe_card(c, frame) for c in picked) + '\n</div>\n</div></section>\n')
    if not out:
        return ('<section id="errata"><div class="wrap"><h2>Errata</h2><p class="all-hold">'
                '<span aria-hidden="true">✓</span> Every claim holds: nothing to correct.</p></div></section>\n')
    return "".join(out)


def _options(values: Iterable[tuple[str, str]], label_all: str) -> str:
    opts = [f'<option value="">{esc(label_all)}</option>']
    opts += [f'<option value="{esc(v)}">{esc(label)}</option>' for v, label in values]
    return "".join(opts)


def _mutation_cell(c: Mapping[str, Any]) -> str:
    m = c.get("mutation") if isinstance(c.get("mutation"), Mapping) else None
    if not m or not m.get("mutants"):
        return "—"
    judged = m["mutants"] - (m.get("equivalent") or 0)
    caught = [x.get("mutant", "") for x in m.get("caught") or [] if isinstance(x, Mapping)]
    title = "; ".join(caught[:3]) + (" …" if len(caught) > 3 else "")
    return f'<span title="{esc(title)}">{m.get("killed", 0)}/{judged}</span>'


def power_section(payload: Mapping[str, Any]) -> str:
    """'This check would have caught ...': the mutation score of the holding claims, overall."""
    rows = [c["mutation"] for c in payload.get("claims") or [] if isinstance(c.get("mutation"), Mapping)
            and c["mutation"].get("mutants")]
    if not rows:
        return ""
    killed = sum(m.get("killed", 0) for m in rows)
    judged = sum(m["mutants"] - (m.get("equivalent") or 0) for m in rows)
    equivalent = sum(m.get("equivalent") or 0 for m in rows)
    examples = [x.get("mutant", "") for m in rows for x in (m.get("caught") or [])[:1] if isinstance(x, Mapping)][:3]
    shown = "".join(f"<li><code>{esc(e.split(': ', 1)[-1])}</code></li>" for e in examples)
    return (
        '<section id="power" class="power" aria-labelledby="power-title"><div class="wrap">\n'
        '<h2 id="power-title">Would these checks have caught a mistake?</h2>\n'
        f'<p class="section-intro">For {len(rows)} formulas that hold, the harness rewrote the printed code one mistake '
        f'at a time (a flipped sign, a dropped factor, a missing transpose, the wrong axis, an index off by one...) '
        f'and judged each variant again. <strong>These checks caught {killed} of {judged}</strong> such mistakes'
        f'{f"; {equivalent} more variants compute the same values and were set aside" if equivalent else ""}. '
        'The claims table gives the count for each formula. For instance, it caught:</p>\n'
        f'<ul class="power-examples">{shown}</ul>\n'
        '</div></section>\n'
    )


def claims_section(payload: Mapping[str, Any], docs: Sequence[Mapping[str, Any]]) -> str:
    claims = payload.get("claims") or []
    doc_opts = [(d.get("file") or "", doc_title(d)) for d in docs if d["_claims"]]
    families = sorted({c.get("family") or "" for c in claims})
    verdicts = [v for v in VERDICTS if any(c.get("observed") == v for c in claims)]
    verdicts += sorted({c.get("observed") for c in claims if c.get("observed") not in VERDICTS})
    rows = []
    for c in claims:
        cid = c["claim_id"]
        has_card = c.get("observed") != "holds"
        doc_part, _, name_part = cid.rpartition("/")
        label = f'<span class="cid-doc">{esc(doc_part)}/</span>{esc(name_part)}'
        name = f'<a href="#{claim_anchor(cid)}">{label}</a>' if has_card else label
        mismatch = c.get("gate_ok") is False
        cases = case_counts(c)
        row_cls = ' class="gate-mismatch"' if mismatch else ""
        expected_badge = (' <span class="badge gate-bad">expected ' + esc(c.get("expected")) + "</span>") if mismatch else ""
        rows.append(
            f'<tr id="row-{slug(cid)}" data-document="{esc(c.get("document"))}" data-family="{esc(c.get("family"))}" '
            f'data-verdict="{esc(c.get("observed"))}"{row_cls}>'
            f'<td data-label="Claim">{name}</td>'
            f'<td data-label="Section" lang="fr">{esc(c.get("section"))}</td>'
            f'<td data-label="Kind">{esc(c.get("kind"))} · {esc(c.get("family"))}</td>'
            f'<td data-label="Verdict">{badge(c.get("observed"))}'
            f'{expected_badge}</td>'
            f'<td data-label="Correction">{badge(c.get("correction_verdict")) if c.get("correction_verdict") else "—"}</td>'
            f'<td data-label="Cases">{sum(cases.values()) if cases else "—"}</td>'
            f'<td data-label="Mutants caught">{_mutation_cell(c)}</td></tr>')
    legend = "".join(f'<dt>{badge(v)}</dt><dd>{esc(meaning[0].upper() + meaning[1:])}.</dd>'
                     for v, (_, _, _, meaning) in VERDICTS.items())
    return (
        '<section id="claims" aria-labelledby="claims-title"><div class="wrap">\n'
        '<h2 id="claims-title">All claims</h2>\n'
        '<p class="section-intro">Every statement checked, in the order of the documents. Claims that need attention '
        'link to their card.</p>\n'
        '<form id="claim-filters" class="filters" hidden aria-label="Filter the claims">'
        f'<label>Document<select name="document">{_options(doc_opts, "All documents")}</select></label>'
        f'<label>Family<select name="family">{_options([(f, f or "(none)") for f in families], "All families")}</select></label>'
        f'<label>Verdict<select name="verdict">{_options([(v, verdict_info(v)[2]) for v in verdicts], "All verdicts")}</select></label>'
        '<button type="reset">Show all</button>'
        '<output id="claim-count" aria-live="polite"></output></form>\n'
        '<div class="table-wrap"><table id="claims-table"><thead><tr><th scope="col">Claim</th>'
        '<th scope="col">Section</th><th scope="col">Kind</th><th scope="col">Verdict</th><th scope="col">Correction</th>'
        f'<th scope="col">Cases</th><th scope="col">Mutants caught</th></tr></thead><tbody>\n' + "\n".join(rows) + '\n</tbody></table></div>\n'
        f'<dl class="legend" aria-label="What the verdicts mean">{legend}</dl>\n'
        '</div></section>\n'
    )


def provenance_section(payload: Mapping[str, Any], frame: pd.DataFrame) -> str:
    prov = payload.get("provenance") or {}
    cases = len(frame.index)
    items = [
        ("Project version", prov.get("project_version")),
        ("Seed", prov.get("seed")),
        ("Cases per claim and region", prov.get("examples")),
        ("Cases judged in all", cases if cases else None),
        ("torch", prov.get("torch")),
        ("numpy", prov.get("numpy")),
        ("pandas", prov.get("pandas")),
        ("Python", prov.get("python")),
    ]
    cells = "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in items if v not in (None, ""))
    # The date is the only line allowed to change between two runs with the same seed: keep it on one line.
    date = prov.get("date") or ""
    return (
        '<section id="provenance" class="provenance" aria-labelledby="provenance-title"><div class="wrap">\n'
        '<h2 id="provenance-title">Provenance</h2>\n'
        '<p class="section-intro">Everything on this page is read from <code>verdicts.json</code> and '
        '<code>findings.csv</code>, written by the same run. The same seed gives the same page.</p>\n'
        f'<dl>{cells}</dl>\n'
        f'<p class="generated">Generated on <time>{esc(date)}</time>.</p>\n'
        '</div></section>\n'
    )


def _script_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def render_html(payload: Mapping[str, Any], frame: pd.DataFrame) -> str:
    """The whole page as one string (deterministic for given inputs)."""
    docs = documents_of(payload)
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; script-src '{_script_hash(SCRIPT)}'; img-src data:; "
           "font-src data:; base-uri 'none'; form-action 'none'")
    n_err = sum(1 for c in payload.get("claims") or [] if c.get("observed") == "erratum")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="color-scheme" content="light">\n'
        f'<title>Errata report: {n_err} {"erratum" if n_err == 1 else "errata"} in backpropagation course notes</title>\n'
        f'<link rel="icon" href="{FAVICON}">\n'
        f'<style>{CSS}</style>\n</head>\n<body>\n'
        '<a class="skip" href="#main">Skip to the report</a>\n'
        + masthead(payload, docs)
        + '<main id="main">\n'
        + documents_section(docs)
        + document_sections(docs, frame)
        + power_section(payload)
        + claims_section(payload, docs)
        + provenance_section(payload, frame)
        + '</main>\n'
        '<footer class="site-footer"><div class="wrap">Written by <code>python -m oracle verify</code> '
        '(backprop oracle). Formulas are MathML; plots are SVG drawn by matplotlib; the page makes no network request. '
        'The machine-readable record is <code>verdicts.json</code> and <code>findings.csv</code> beside this file.'
        '</div></footer>\n'
        f'<script>{SCRIPT}</script>\n'
        '</body>\n</html>\n'
    )
