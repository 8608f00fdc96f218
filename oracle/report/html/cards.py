"""One card per claim that does not hold: the quote, printed against corrected, the counterexample, the plot,
the derivation line by line, the figures, the other failing cases and the judge's full report."""

from __future__ import annotations

import re
from typing import Any, Mapping

import pandas as pd

from oracle.checks import narrative
from oracle.report.errata import (
    CODE_LIKE,
    FIGURE_RULES,
    FINDING_VERDICTS,
    SIDE_BY_SIDE,
    as_float,
    case_counts,
    first_line,
    fmt_number,
    gate_reason,
    plural,
    short_name,
    split_case,
    verdict_info,
    visible_length,
)
from oracle.report.html.elements import badge, claim_anchor, esc, severity_badge
from oracle.report.html.listing import corrected_lines_block, listing_block
from oracle.report.html.render_math import math_or_code, text_with_math
from oracle.report.plots import curve_svg, figures_svg

__all__ = ["card", "card_body", "card_footer", "badges", "safe_card"]


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
    rows.append(f'<dt>{esc(c.get("form_name") or "Printed")} gives</dt><dd class="bad">{_value_cell(p, not_finite)}</dd>')
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


def _link_note(step: narrative.Step) -> str:
    """The verdict on the step into a line, as a short note beside it."""
    link = step.link or {}
    above = "the definition" if step.index == 0 else "the line above"
    if step.status == "carried":
        return '<span class="step carried-note">follows from the line above, so it carries the mistake</span>'
    if step.status == "holds":
        how = "proved symbolically" if link.get("method") == "symbolic" else (
            f"checked at {link['points']} points" if link.get("points") else "checked")
        return f'<span class="step ok"><span aria-hidden="true">✓</span> follows from {above} ({esc(how)})</span>'
    if step.status == "undecided":
        return (f'<span class="step"><span aria-hidden="true">?</span> could not be decided'
                f'{": " + esc(link["note"]) if link.get("note") else ""}</span>')
    if step.status != "broken":
        return ""
    why = narrative.evidence(link)
    lead = "First broken step: this line does not follow" if step.first else "does not follow"
    note = (f'<span class="step"><span aria-hidden="true">✗</span> {lead} from {above}'
            f'{": " + esc(why) if why else ""}</span>')
    if step.compensates and not step.first:
        note += '<span class="step">This wrong step happens to cancel the earlier one.</span>'
    return note


def derivation_block(detail: Mapping[str, Any]) -> str:
    """The printed lines, each with the verdict on the step that leads to it; broken steps highlighted."""
    told = narrative.steps(detail)
    if not told:
        return ""
    items = []
    for step in told:
        classes = {"broken": ["broken"] + (["first"] if step.first else []), "carried": ["carried"]}.get(step.status, [])
        fix = (f'<div class="should-read"><span>should read</span>{math_or_code(step.fix, "inline")}</div>'
               if step.fix else "")
        cls = f' class="{" ".join(classes)}"' if classes else ""
        items.append(f"<li{cls}>{math_or_code(step.latex, 'inline')}{fix}{_link_note(step)}</li>")
    start = detail.get("start")
    head = (f'<p class="start"><span>Starting from</span>{math_or_code(str(start), "inline")}</p>' if start else "")
    sentence, truth = narrative.conclusion(detail)
    verdict = esc(sentence) + (f' The true result is {math_or_code(truth, "inline")}.' if truth else "")
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
        p, r, allowed = as_float(printed), as_float(recomputed), as_float(f.get("allowed"))
        if allowed is not None:
            differs = p is None or r is None or abs(r - p) > allowed
        else:
            differs = p is not None and r is not None and fmt_number(r, 10) != fmt_number(p, 10)
        diff = fmt_number(r - p) if p is not None and r is not None else "—"
        row_cls = ' class="bad"' if differs else ""
        rows.append(f'<tr{row_cls}><th scope="row">{esc(f.get("name"))}</th>'
                    f'<td class="num">{esc(str(printed).replace("-", "−"))}</td><td class="num">{esc(fmt_number(recomputed, 10))}</td>'
                    f'<td class="num">{esc(diff)}</td><td>{esc(FIGURE_RULES.get(str(f.get("rule")), "—"))}</td></tr>')
    try:
        svg = figures_svg(figures, salt=c["claim_id"] + "#figures",
                          title=f"{short_name(c['claim_id'])}: printed against recomputed figures")
    except Exception:  # malformed figure data: the table alone
        svg = None
    table = ('<div class="table-wrap"><table class="figures"><thead><tr><th scope="col">Figure</th>'
             '<th scope="col">Printed</th><th scope="col">Recomputed</th><th scope="col">Recomputed − printed</th>'
             '<th scope="col">Judged as</th>'
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


def _not_judged(c: Mapping[str, Any]) -> list[str]:
    """A statement that survives only as an image's caption or a sentence: what survives, and why nothing is judged."""
    return [quote_block(c.get("quote")),
            '<p class="not-judged"><strong>Not judged: nothing printed is visible.</strong> '
            + text_with_math(c.get("explanation") or "") + "</p>\n"]


def card_body(c: Mapping[str, Any], frame: pd.DataFrame) -> list[str]:
    """Everything a card shows of one claim between its header and its footer."""
    verdict = c.get("observed")
    if verdict == "not judged":
        return _not_judged(c)
    detail = c.get("detail") if isinstance(c.get("detail"), Mapping) else {}
    out = []
    if c.get("gate_ok") is False:
        out.append(f'<p class="gate-note"><span aria-hidden="true">⚠</span> Gate failure: {esc(gate_reason(c))}.</p>')
    out.append(quote_block(c.get("quote")))
    derivation = bool(detail.get("lines"))
    if derivation:
        out.append(corrected_lines_block(c))
    elif not detail.get("listing"):
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
    out.append(listing_block(c))
    shown = detail.get("figures") or derivation or detail.get("listing")
    facts = [counterexample_block(c) if not shown else "", plot_block(c)]
    facts = [f for f in facts if f]
    if facts:
        out.append(f'<div class="facts{" single" if len(facts) == 1 else ""}">{"".join(facts)}</div>\n')
    out.append(more_cases_block(c, frame))
    if c.get("message"):
        out.append(f'<details class="message"><summary>The judge’s full report</summary><pre>{esc(c["message"])}'
                   f'{esc(chr(10) + chr(10) + "Correction: " + c["correction_message"]) if c.get("correction_message") else ""}'
                   f'</pre></details>\n')
    return out


def card_footer(c: Mapping[str, Any]) -> str:
    cases = case_counts(c)
    case_txt = ", ".join(f"{n} {k}" for k, n in cases.items())
    corr = c.get("correction_verdict")
    foot = [f'<span>{esc(c.get("kind") or "")} · {esc(c.get("family") or "")}</span>']
    if case_txt:
        foot.append(f'<span>· printed form on {esc(plural(sum(cases.values()), "case"))}: {esc(case_txt)}</span>')
    if corr:
        foot.append(f'<span>· correction:</span> {badge(corr)}')
    foot.append(f'<span>· expected:</span> {badge(c.get("expected"))}')
    if c.get("severity"):
        foot.append(f'<span>· severity: {esc(c["severity"])}</span>')
    if c.get("note"):
        foot.append(f'<span>· {esc(c["note"])}</span>')
    return f'<footer>{"".join(foot)}</footer>'


def badges(c: Mapping[str, Any]) -> str:
    """Severity (for a finding), verdict, and 'beyond the document' where it applies."""
    out = severity_badge(c.get("severity")) if c.get("observed") in FINDING_VERDICTS else ""
    out += badge(c.get("observed"))
    if c.get("beyond_document"):
        out += (' <span class="badge plain" title="Not printed in the document: a statement that completes it">'
                'beyond the document</span>')
    return out


def card(c: Mapping[str, Any], frame: pd.DataFrame) -> str:
    cls = verdict_info(c.get("observed"))[0]
    anchor = claim_anchor(c["claim_id"])
    out = [f'<article class="card {cls}" id="{anchor}" aria-labelledby="{anchor}-h">',
           f'<header>{badges(c)}<h3 id="{anchor}-h"><span class="section" lang="fr">'
           f'{esc(c.get("section") or "(no section)")}</span><span class="cid">{esc(c["claim_id"])}</span></h3></header>']
    out += card_body(c, frame)
    out.append(card_footer(c))
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
