"""The whole page, ``index.html``: masthead and gate, documents, the cards of each document, the power of
the checks, every claim in a filterable table, provenance.  One self-contained file: styles, the filter
script, plots (inline SVG) and formulas (MathML) are inline, and a Content-Security-Policy forbids any
request.  The same inputs give the same bytes; only the date changes between two runs with one seed."""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from oracle.report.errata import (
    COURSE,
    FINDING_VERDICTS,
    SEVERITIES,
    VERDICTS,
    Wording,
    card_groups,
    case_counts,
    count_phrase,
    doc_byline,
    doc_title,
    documents_of,
    gate_reason,
    mistake_phrase,
    mistakes,
    plural,
    severity_counts,
    slug,
    verdict_info,
    wording,
)
from oracle.report.html.assets import CSS, FAVICON, SCRIPT
from oracle.report.html.elements import badge, claim_anchor, doc_anchor, esc, severity_badge
from oracle.report.html.groups import safe_group_card
from oracle.report.html.reading import reading_section

__all__ = ["render_html"]


def _bar(observed: Mapping[str, int], total: int) -> str:
    if not total:
        return ""
    cells = []
    for v in ["holds"] + [k for k in VERDICTS if k != "holds"]:
        n = observed.get(v, 0)
        if n:
            cells.append(f'<i class="{verdict_info(v)[0]}" style="width:{100.0 * n / total:.4g}%"></i>')
    return f'<div class="bar" aria-hidden="true">{"".join(cells)}</div>'


def _lead(claims: Sequence[Mapping[str, Any]], ndocs: int, words: Wording = COURSE) -> str:
    n = len(claims)
    observed = Counter(c.get("observed") for c in claims)
    found = mistakes(claims)
    in_claims = sum(len(g.claims) for g in found)
    checked = words.checked.format(statements=plural(n, "statement" if words is COURSE else "call"),
                                   documents=plural(ndocs, words.doc_noun))
    judges = ", finite differences and the documents' own runs" if words is COURSE else " and finite differences"
    lead = f"{checked} against <code>torch.autograd</code>{judges}. "
    if found:
        lead += (f"<strong>{plural(len(found), 'distinct mistake')}</strong> "
                 f"({esc(mistake_phrase(claims))}) in {plural(in_claims, 'claim')}: claims that share a root cause "
                 f"share one card and count once. Each card gives the correction, a counterexample and, where it "
                 f"helps, a plot." if words is COURSE else
                 f"<strong>{plural(len(found), 'failing call')}</strong>: each card names the test, the entry its "
                 f"backward gets wrong and where the full case is saved.")
    else:
        lead += "<strong>Every one that could be judged holds.</strong>"
    if observed.get("not judged"):
        lead += (f" {plural(observed['not judged'], 'statement')} could not be judged: the document shows "
                 f"{'it' if observed['not judged'] == 1 else 'them'} only as an image.")
    return lead


def masthead(payload: Mapping[str, Any], docs: Sequence[Mapping[str, Any]]) -> str:
    claims = payload.get("claims") or []
    observed = Counter(c.get("observed") for c in claims)
    ndocs = sum(1 for d in docs if d["_claims"])
    severities = severity_counts(claims)
    tiles = [f'<li class="tile v-all"><b>{len(claims)}</b><span>claims checked</span></li>',
             f'<li class="tile v-holds"><b>{observed.get("holds", 0)}</b><span>hold</span></li>']
    for sev, (cls, label, labels, _) in SEVERITIES.items():
        n = severities.get(sev, 0)
        tiles.append(f'<li class="tile {cls}"><b>{n}</b><span>{esc(label.lower() if n == 1 else labels)}</span></li>')
    if severities.get("unrated"):
        tiles.append(f'<li class="tile s-unrated"><b>{severities["unrated"]}</b><span>unrated</span></li>')
    for v in VERDICTS:
        if v not in FINDING_VERDICTS and v != "holds" and observed.get(v):
            tiles.append(f'<li class="tile {verdict_info(v)[0]}"><b>{observed[v]}</b><span>{esc(v)}</span></li>')
    toc = ['<li><a href="#documents">Documents</a></li>']
    for d in docs:
        k = len(card_groups(d["_claims"]))
        if k:
            toc.append(f'<li><a href="#{doc_anchor(d)}"><span lang="fr">{esc(doc_title(d))}</span></a> ({k})</li>')
    toc += ['<li><a href="#claims">All claims</a></li>', '<li><a href="#provenance">Provenance</a></li>']
    summary = payload.get("summary") or {}
    words = wording(payload)
    return (
        '<header class="masthead"><div class="wrap">\n'
        '<p class="eyebrow">Backprop oracle · errata report</p>\n'
        f'<h1>{esc(words.title)}</h1>\n'
        f'<p class="lead">{_lead(claims, ndocs, words)}</p>\n'
        f'<ul class="tiles" aria-label="Distinct mistakes by severity, at a glance">{"".join(tiles)}</ul>\n'
        + gate_banner(payload, summary)
        + f'<nav aria-label="Contents"><ul class="toc">{"".join(toc)}</ul></nav>\n'
        + '</div></header>\n'
    )


COURSE_GATE = ('<p>For these claims the verdict cannot be trusted yet: the judges observed another verdict than the '
               'catalogue expects, a correction does not hold, or the check let a deliberately broken variant through. '
               'Until this is resolved the report may describe a mistake that is not there, or miss one that is.</p>\n')
TESTS_GATE = '<p>These calls did not pass: the judges found the backward wrong, or could not judge it.</p>\n'


def gate_banner(payload: Mapping[str, Any], summary: Mapping[str, Any]) -> str:
    claims = payload.get("claims") or []
    bad = [c for c in claims if c.get("gate_ok") is False]
    if not bad:
        return ('<p class="gate ok"><span aria-hidden="true">✓</span> <strong>Gate passed:</strong> every claim got the '
                f'verdict {wording(payload).expected_by} expects, and every correction holds.</p>\n')
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
        + (COURSE_GATE if wording(payload) is COURSE else TESTS_GATE)
        + f'<ul class="gate-list">{items}</ul>\n'
        '</section>\n'
    )


def documents_section(docs: Sequence[Mapping[str, Any]]) -> str:
    cards = []
    for d in docs:
        obs = d["observed"]
        total = d.get("claims") or sum(obs.values())
        nonholding = sum(n for v, n in obs.items() if v != "holds")
        counts = "".join(f"<li>{badge(v, count=obs[v])}</li>" for v in VERDICTS if obs.get(v))
        sev = severity_counts(d["_claims"])
        sevs = "".join(f"<li>{severity_badge(k, count=n)}</li>" for k, n in sev.items())
        link = f'#{doc_anchor(d)}' if nonholding else "#claims"
        cards.append(
            f'<article class="doc-card">'
            f'<h3><a href="{link}" lang="fr">{esc(doc_title(d))}</a></h3>'
            f'<p class="byline">{esc(doc_byline(d)) or "Author not named"}<br><code>{esc(d.get("file"))}</code></p>'
            f'<p class="byline">{esc(plural(total, "claim"))}: {esc(count_phrase(obs))}</p>'
            + (f'<p class="byline">Distinct mistakes: {esc(mistake_phrase(d["_claims"]))}</p>'
               f'<ul class="counts" aria-label="Distinct mistakes by severity">{sevs}</ul>' if sev else "")
            + f'<ul class="counts" aria-label="Verdicts">{counts}</ul>'
            f'{_bar(obs, total)}'
            f'</article>')
    table_rows = "".join(
        f'<tr><th scope="row" lang="fr">{esc(doc_title(d))}</th><td>{esc(doc_byline(d)) or "—"}</td>'
        f'<td>{d.get("claims") or 0}</td><td>{d["observed"].get("holds", 0)}</td>'
        + "".join(f'<td>{severity_counts(d["_claims"]).get(k, 0)}</td>' for k in SEVERITIES)
        + f'<td>{d["observed"].get("not judged", 0)}</td></tr>'
        for d in docs)
    return (
        '<section id="documents" aria-labelledby="documents-title"><div class="wrap">\n'
        '<h2 id="documents-title">Documents</h2>\n'
        '<p class="section-intro">One card per document checked. Mistakes are counted once per root cause, by '
        'severity (error: a reader who follows the document gets a wrong result; caveat: right only under an unstated '
        'condition, or unstable where the document\'s own run goes; note: notation or wording only). The bar shows the '
        'share of its claims that hold (green) and those that need attention.</p>\n'
        f'<div class="docs">{"".join(cards)}</div>\n'
        '<details class="message"><summary>The same summary as a table</summary>\n'
        '<div class="table-wrap"><table><thead><tr><th scope="col">Document</th><th scope="col">Author</th>'
        '<th scope="col">Claims</th><th scope="col">Hold</th><th scope="col">Errors</th><th scope="col">Caveats</th>'
        '<th scope="col">Notes</th><th scope="col">Not judged</th>'
        f'</tr></thead><tbody>{table_rows}</tbody></table></div></details>\n'
        '</div></section>\n'
    )


def document_sections(docs: Sequence[Mapping[str, Any]], frame: pd.DataFrame) -> str:
    out = []
    for d in docs:
        picked = card_groups(d["_claims"])
        if not picked:
            continue
        obs = d["observed"]
        found = mistake_phrase(d["_claims"])
        out.append(
            f'<section class="doc" id="{doc_anchor(d)}" aria-labelledby="{doc_anchor(d)}-title"><div class="wrap">\n'
            f'<header class="doc-head"><h2 id="{doc_anchor(d)}-title" lang="fr">{esc(doc_title(d))}</h2>'
            f'<p class="byline">{esc(doc_byline(d)) or "Author not named"} · <code>{esc(d.get("file"))}</code> · '
            f'{esc(plural(d.get("claims") or 0, "claim"))}: {esc(count_phrase(obs))}'
            f'{" · distinct mistakes: " + esc(found) if found else ""}</p></header>\n'
            f'<div class="cards">\n' + "\n".join(safe_group_card(g, frame) for g in picked)
            + '\n</div>\n</div></section>\n')
    if not out:
        return ('<section id="errata"><div class="wrap"><h2>Errata</h2><p class="all-hold">'
                '<span aria-hidden="true">✓</span> Every claim holds: nothing to correct.</p></div></section>\n')
    return "".join(out)


def _cases_cell(cases: Mapping[str, int]) -> str:
    """The number of cases judged, with the skipped ones and the setup errors said apart."""
    if not cases:
        return "—"
    apart = [f"{cases[k]} {k}" for k in ("skipped", "setup error") if cases.get(k)]
    return f"{sum(cases.values())}" + (f" ({esc(', '.join(apart))})" if apart else "")


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


def _severity_cell(c: Mapping[str, Any]) -> str:
    """A finding's severity and, when it shares its cause with other claims, the cause."""
    if c.get("observed") not in FINDING_VERDICTS:
        return "—"
    cause = c.get("cause")
    return severity_badge(c.get("severity")) + (f' <small>cause <code>{esc(cause)}</code></small>' if cause else "")


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
            f'<td data-label="Severity">{_severity_cell(c)}</td>'
            f'<td data-label="Correction">{badge(c.get("correction_verdict")) if c.get("correction_verdict") else "—"}</td>'
            f'<td data-label="Cases">{_cases_cell(cases)}</td>'
            f'<td data-label="Mutants caught">{_mutation_cell(c)}</td></tr>')
    legend = "".join(f'<dt>{badge(v)}</dt><dd>{esc(meaning[0].upper() + meaning[1:])}.</dd>'
                     for v, (_, _, _, meaning) in VERDICTS.items())
    legend += "".join(f'<dt>{severity_badge(k)}</dt><dd>{esc(meaning[0].upper() + meaning[1:])}.</dd>'
                      for k, (_, _, _, meaning) in SEVERITIES.items())
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
        '<th scope="col">Section</th><th scope="col">Kind</th><th scope="col">Verdict</th><th scope="col">Severity</th>'
        '<th scope="col">Correction</th>'
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
    n_err = len(mistakes(payload.get("claims") or []))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="color-scheme" content="light">\n'
        f'<title>Errata report: {plural(n_err, "mistake")} in backpropagation course notes</title>\n'
        f'<link rel="icon" href="{FAVICON}">\n'
        f'<style>{CSS}</style>\n</head>\n<body>\n'
        '<a class="skip" href="#main">Skip to the report</a>\n'
        + masthead(payload, docs)
        + '<main id="main">\n'
        + documents_section(docs)
        + reading_section(payload)
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
