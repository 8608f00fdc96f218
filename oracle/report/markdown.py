"""``errata.md``: the errata of each document in Markdown, ready to send to its author.

Built from ``verdicts.json`` alone (the same records as the HTML page); formulas are
LaTeX between ``$...$``, which GitHub, GitLab, Jupyter and most Markdown editors render.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Mapping

from oracle.checks import narrative
from oracle.report import errata

__all__ = ["render_markdown"]


def _num(v: Any) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return "—" if v in (None, "") else str(v)
    if f != f:
        return "NaN"
    if f in (float("inf"), float("-inf")):
        return "inf" if f > 0 else "-inf"
    return f"{f:.6g}"


def _inline_math(latex: str) -> str:
    s = " ".join(latex.split())
    return f"${s}$"


def _quote(text: str) -> list[str]:
    q = (text or "").strip()
    if not q:
        return []
    latex_like = q.startswith("$") or re.search(r"\\[A-Za-z]+|&=", q)
    code_like = "\n" in q or (errata.CODE_LIKE.search(q) and not latex_like)
    if code_like:
        fence = "````" if "```" in q else "```"
        body = [fence] + q.splitlines() + [fence]
    elif latex_like:
        inner = q.strip("$").strip()
        inner = re.sub(r"(?<!\\)&", "", inner).strip()
        body = ["$$", inner, "$$"]
    else:
        body = [f"« {q} »"]
    return ["> " + line if line else ">" for line in body]


def _counterexample(c: Mapping[str, Any]) -> list[str]:
    text = c.get("counterexample")
    p, t = errata.as_float(c.get("printed_value")), errata.as_float(c.get("true_value"))
    if not text and p is None and t is None:
        return []
    lines = ["**Smallest counterexample**", ""]
    if text:
        pairs = errata.split_case(text)
        shown = ", ".join(f"`{n} = {v}`" if n else f"`{v}`" for n, v in pairs)
        lines.append(f"- Inputs: {shown}" + (" (where the condition applies)" if c.get("counterexample_region") == "condition" else ""))
    lines.append(f"- {c.get('form_name') or 'Printed'} gives: {_num(p) if p is not None else ('not a finite number (NaN or inf)' if text else '—')}")
    lines.append(f"- True value: {_num(t)}")
    if p is not None and t is not None:
        lines.append(f"- Error: {_num(abs(p - t))}")
    return lines + [""]


def _derivation(detail: Mapping[str, Any]) -> list[str]:
    told = narrative.steps(detail)
    if not told:
        return []
    out = ["**The derivation, line by line** (numbered from 0 as in the judge's report; ✗ marks a line that does "
           "not follow from the one before)", ""]
    if detail.get("start"):
        out += [f"Starting from {_inline_math(str(detail['start']))}:", ""]
    for step in told:
        mark = ""
        if step.status == "broken":
            mark = " ✗ **does not follow**" + (f"; should read {_inline_math(step.fix)}" if step.fix else "")
        elif step.status == "undecided":
            mark = " (this step could not be decided)"
        out.append(f"{step.index}. {_inline_math(step.latex)}{mark}")
    out.append("")
    sentence, truth = narrative.conclusion(detail)
    if sentence and sentence != "The final line is correct.":
        out += [sentence + (f" The true result is {_inline_math(truth)}." if truth else ""), ""]
    return out


def _figures(c: Mapping[str, Any]) -> list[str]:
    figures = [f for f in ((c.get("detail") or {}).get("figures") or []) if isinstance(f, Mapping)]
    if not figures:
        return []
    out = ["| Figure | Printed | Recomputed | Judged as |", "|---|---:|---:|---|"]
    for f in figures:
        name = str(f.get("name", "")).replace("|", "\\|")
        rec = f.get("recomputed")
        rule = errata.FIGURE_RULES.get(str(f.get("rule")), "—")
        out.append(f"| {name} | {f.get('printed', '')} | {_num(rec) if rec is not None else '—'} | {rule} |")
    return out + [""]


def _fence(text: str) -> list[str]:
    fence = "````" if "```" in text else "```"
    return [fence] + text.rstrip("\n").splitlines() + [fence]


def _listing(c: Mapping[str, Any]) -> list[str]:
    """A listing's run: the amendments it ran with, the fix, and each printout against the document's."""
    listing = (c.get("detail") or {}).get("listing")
    if not isinstance(listing, Mapping):
        return []
    corrected = (c.get("correction_detail") or {}).get("listing") or {}
    out = [f"Run as the document runs it, offline: {', '.join(str(x) for x in listing.get('run') or [])}"
           + (f"; stopped once it had printed the {errata.plural(int(listing['stopped_after']), 'line')} compared"
              if listing.get("stopped_after") else "") + ".", ""]
    for title, rows in (("With the corrections of earlier claims applied:",
                         [a for a in listing.get("amendments") or [] if a.get("context")]),
                        ("Corrected:", [a for a in corrected.get("amendments") or [] if not a.get("context")])):
        if rows:
            out += [title, ""] + [f"- `{a.get('cell')}`: `{a.get('old')}` → `{a.get('new')}`"
                                  + (f" ({a.get('reason')})" if a.get("reason") else "") for a in rows] + [""]
    for source in (listing, corrected):
        cells = [x for x in source.get("cells") or [] if isinstance(x, Mapping) and x.get("shown") is not None]
        for cell in cells:
            whose = "" if source is listing else " (corrected listing)"
            out += [f"The document shows ({cell.get('name')}){whose}:", ""] + _fence(str(cell.get("shown")))
            out += ["", "The listing prints:", ""] + _fence(str(cell.get("printed") or "")) + [""]
            out += [f"- {d}" for d in cell.get("differences") or []] or ["Prints what the document shows."]
            out.append("")
        if cells:
            break
    return out


def _corrected_lines(c: Mapping[str, Any]) -> list[str]:
    lines = [str(x) for x in ((c.get("correction_detail") or {}).get("lines") or [])]
    if not lines:
        return []
    return ["**Corrected derivation** (lines numbered from 0):", ""] + [
        f"{i}. {_inline_math(line)}" for i, line in enumerate(lines)] + [""]


def _entry(n: int | str, c: Mapping[str, Any], level: str = "###") -> list[str]:
    label = errata.verdict_info(c.get("observed"))[2]
    severity = (errata.severity_info(c.get("severity"))[1] + " · ") if c.get("observed") in errata.FINDING_VERDICTS else ""
    out = [f"{level} {n}. {severity}{label}: {c.get('section') or '(no section)'}", "",
           f"Claim `{c['claim_id']}`" + (" (a statement that completes the document; not printed in it)" if c.get("beyond_document") else ""), ""]
    if c.get("observed") == "not judged":
        return out + _quote(c.get("quote") or "") + ["", f"**Not judged: nothing printed is visible.** {c.get('explanation') or ''}", ""]
    if c.get("gate_ok") is False:
        out += [f"**Note (gate failure):** {errata.gate_reason(c)}.", ""]
    out += _quote(c.get("quote") or "")
    out.append("")
    detail = c.get("detail") if isinstance(c.get("detail"), Mapping) else {}
    derivation = bool(detail.get("lines"))
    if c.get("printed_latex") and not derivation and not detail.get("listing"):
        out.append(f"- **As printed:** {_inline_math(c['printed_latex'])}")
        if c.get("corrected_latex"):
            out.append(f"- **Correction:** {_inline_math(c['corrected_latex'])}")
        out.append("")
    if derivation:
        out += _corrected_lines(c)
    if c.get("explanation"):
        out += [c["explanation"], ""]
    if c.get("condition"):
        out += [f"*{'Where it breaks' if c.get('observed') == 'unstable' else 'Condition'}:* {c['condition']}", ""]
    if c.get("observed") in ("does not run as printed", "inconclusive") and c.get("message") and c.get("printed_value") is None:
        out += [f"What happens: `{errata.first_line(c['message'])}`", ""]
    stability = c.get("stability") if isinstance(c.get("stability"), list) else []
    audit = [a.get("sentence") for a in stability if isinstance(a, Mapping) and a.get("sentence")]
    if audit and c.get("observed") in ("unstable", "holds under a precondition", "erratum"):
        out += ["Floating-point audit of the printed form: " + "; ".join(audit) + ".", ""]
    out += _derivation(detail)
    out += _figures(c)
    out += _listing(c)
    if not detail.get("figures") and not detail.get("lines") and not detail.get("listing"):
        out += _counterexample(c)
    return out


def _group(n: int, group: errata.Group) -> list[str]:
    """One mistake: its claim's entry, or a heading for the cause and one entry per claim."""
    if len(group.claims) == 1:
        return _entry(n, group.claims[0])
    label = errata.severity_info(group.severity)[1]
    out = [f"### {n}. {label}: one mistake in {errata.plural(len(group.claims), 'claim')} "
           f"(cause `{group.cause}`)", ""]
    for i, c in enumerate(group.claims):
        out += _entry(f"{n}.{chr(ord('a') + i)}", c, level="####")
    return out


def _cell(text: Any) -> str:
    return " ".join(str(text or "").split()).replace("|", "\\|")


def _reading(payload: Mapping[str, Any]) -> list[str]:
    """``oracle check``: what was read per file, and what was not understood, with the reason."""
    r = errata.reading_of(payload)
    if r is None:
        return []
    out = ["## What was read", "",
           "| File | Statements found | Judged | Definitions | Not understood | Skipped | Code cells | Function pairs |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for f in r["files"]:
        out.append(f"| `{_cell(f.get('file'))}` | {f.get('found', 0)} | {f.get('judged', 0)} | {f.get('definitions', 0)} | "
                   f"{f.get('not_understood', 0)} | {f.get('skipped', 0)} | {f.get('cells', 0)} | {f.get('pairs', 0)} |")
    out.append("")
    base = r["baseline"]
    if base.get("file"):
        out += [f"Baseline `{_cell(base['file'])}`: {base.get('accepted', 0)} accepted findings, "
                f"{len(base.get('new') or [])} new, {len(base.get('no_longer_found') or [])} no longer found.", ""]
        for e in base.get("no_longer_found") or []:
            out.append(f"- no longer found: `{_cell(e.get('file'))}` {e.get('where', '')} ({e.get('family', '')}): "
                       f"`{_cell(e.get('text'))}`")
        out.append("")
    if r["not_understood"]:
        out += ["### Not understood", "", "Listed, never guessed into a verdict:", "",
                "| File | Where | Statement | Why |", "|---|---|---|---|"]
        for n in r["not_understood"]:
            out.append(f"| `{_cell(n.get('file'))}` | {_cell(n.get('where'))} | `{_cell(n.get('text'))}` | "
                       f"{_cell(n.get('reason'))} |")
        out.append("")
    return out


def render_markdown(payload: Mapping[str, Any]) -> str:
    """The errata, per document, as one Markdown file."""
    docs = errata.documents_of(payload)
    prov = payload.get("provenance") or {}
    claims = payload.get("claims") or []
    observed = Counter(c.get("observed") for c in claims)
    found = errata.mistakes(claims)
    out = [f"# {errata.wording(payload).markdown_title}", "",
           f"{errata.plural(len(claims), 'claim')} checked against `torch.autograd`, finite differences and the "
           f"documents' own runs: " + (errata.count_phrase(observed) or "none") + ".", ""]
    if found:
        out += [f"**{errata.plural(len(found), 'distinct mistake')}** ({errata.mistake_phrase(claims)}) in "
                f"{errata.plural(sum(len(g.claims) for g in found), 'claim')}; claims that share a root cause are "
                f"one mistake.", ""]
    bad = [c for c in claims if c.get("gate_ok") is False]
    if bad:
        out += ["> **Gate failed:** " + "; ".join(f"`{c['claim_id']}`: {errata.gate_reason(c)}" for c in bad), ""]
    out += [f"Project {prov.get('project_version', '?')}, seed {prov.get('seed', '?')}, {prov.get('examples', '?')} cases "
            f"per claim and region, torch {prov.get('torch', '?')}, numpy {prov.get('numpy', '?')}.",
            f"Generated on {prov.get('date', '')}.", ""]
    out += _reading(payload)
    for d in docs:
        if not d["_claims"]:
            continue
        picked = errata.card_groups(d["_claims"])
        out += [f"## {errata.doc_title(d)}", ""]
        by = errata.doc_byline(d)
        out += [(f"*{by}* — " if by else "") + f"file `{d.get('file')}`", ""]
        found = errata.mistake_phrase(d["_claims"])
        out += [f"{errata.plural(d.get('claims') or len(d['_claims']), 'claim')} checked: "
                f"{errata.count_phrase(d['observed'])}" + (f"; distinct mistakes: {found}" if found else "") + ".", ""]
        if not picked:
            out += ["No erratum: every claim checked holds.", ""]
            continue
        for i, g in enumerate(picked, 1):
            try:
                out += _group(i, g)
            except Exception as exc:  # an odd record must not cost the whole file
                ids = ", ".join(f"`{c.get('claim_id')}`" for c in g.claims)
                out += [f"### {i}. {g.verdict}", "", f"Claims {ids} (this entry could not be written: "
                        f"{type(exc).__name__}; see verdicts.json)", ""]
    text = "\n".join(out).rstrip("\n") + "\n"
    return re.sub(r"\n{3,}", "\n\n", text)
