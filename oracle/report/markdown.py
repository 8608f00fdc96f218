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
    lines.append(f"- Printed gives: {_num(p) if p is not None else ('not a finite number (NaN or inf)' if text else '—')}")
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
    out = ["| Figure | Printed | Recomputed |", "|---|---:|---:|"]
    for f in figures:
        name = str(f.get("name", "")).replace("|", "\\|")
        rec = f.get("recomputed")
        out.append(f"| {name} | {f.get('printed', '')} | {_num(rec) if rec is not None else '—'} |")
    return out + [""]


def _entry(n: int, c: Mapping[str, Any]) -> list[str]:
    label = errata.verdict_info(c.get("observed"))[2]
    out = [f"### {n}. {label}: {c.get('section') or '(no section)'}", "",
           f"Claim `{c['claim_id']}`" + (" (a statement that completes the document; not printed in it)" if c.get("beyond_document") else ""), ""]
    if c.get("gate_ok") is False:
        out += [f"**Note (gate failure):** {errata.gate_reason(c)}.", ""]
    out += _quote(c.get("quote") or "")
    out.append("")
    detail = c.get("detail") if isinstance(c.get("detail"), Mapping) else {}
    long_chain = bool(detail.get("lines")) and errata.visible_length(c.get("printed_latex")) > 2 * errata.SIDE_BY_SIDE
    if c.get("printed_latex") and not long_chain:
        out.append(f"- **As printed:** {_inline_math(c['printed_latex'])}")
    if c.get("corrected_latex") and not long_chain:
        out.append(f"- **Correction:** {_inline_math(c['corrected_latex'])}")
    if (c.get("printed_latex") or c.get("corrected_latex")) and not long_chain:
        out.append("")
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
    if not detail.get("figures") and not detail.get("lines"):
        out += _counterexample(c)
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
    out = ["# Errata in backpropagation teaching documents", "",
           f"{len(claims)} claims checked against `torch.autograd` and finite differences: "
           + (errata.count_phrase(observed) or "none") + ".", ""]
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
        picked = errata.errata_records(d["_claims"])
        out += [f"## {errata.doc_title(d)}", ""]
        by = errata.doc_byline(d)
        out += [(f"*{by}* — " if by else "") + f"file `{d.get('file')}`", ""]
        out += [f"{d.get('claims') or len(d['_claims'])} claims checked: {errata.count_phrase(d['observed'])}.", ""]
        if not picked:
            out += ["No erratum: every claim checked holds.", ""]
            continue
        for i, c in enumerate(picked, 1):
            try:
                out += _entry(i, c)
            except Exception as exc:  # an odd record must not cost the whole file
                out += [f"### {i}. {c.get('observed')}: {c.get('section') or ''}", "",
                        f"Claim `{c.get('claim_id')}` (this entry could not be written: {type(exc).__name__}; "
                        "see verdicts.json)", ""]
    text = "\n".join(out).rstrip("\n") + "\n"
    return re.sub(r"\n{3,}", "\n\n", text)
