"""The errata report's view model: what the HTML page and the Markdown file show, read from the record.

Everything here reads ``verdicts.json`` and ``findings.csv`` (``load_inputs``) and turns
their records into what a reader sees: the verdict vocabulary, which claims get a
card and in which order, numbers and cases as text, the derivation told line by
line.  Renderers (``oracle.report.html``, ``oracle.report.markdown``) import this module,
never each other, and nothing here executes a claim or decides a verdict.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

import pandas as pd

__all__ = [
    "COURSE",
    "TESTS",
    "Wording",
    "wording",
    "VERDICTS", "verdict_info", "card_order", "errata_records", "as_float", "fmt_number", "slug", "short_name",
    "split_case", "load_inputs", "documents_of", "doc_title", "doc_byline", "count_phrase", "gate_reason",
    "CODE_LIKE", "visible_length", "SIDE_BY_SIDE", "case_counts", "first_line", "SEVERITIES", "severity_info",
    "FINDING_VERDICTS", "FIGURE_RULES", "Group", "card_groups", "mistakes", "severity_counts", "plural", "mistake_phrase", "reading_of",
]

#: observed verdict -> (css class, icon, label, one-line meaning).  Order = order of the cards.
VERDICTS: dict[str, tuple[str, str, str, str]] = {
    "erratum": ("v-erratum", "✗", "Erratum",
                "wrong as printed: it disagrees with the reference on ordinary inputs"),
    "does not run as printed": ("v-crash", "⊘", "Does not run as printed",
                                "the printed code raises an error or returns the wrong kind of result"),
    "unstable": ("v-unstable", "⚠", "Unstable",
                 "exact in real arithmetic, but breaks down in floating point on extreme inputs"),
    "holds under a precondition": ("v-precondition", "◐", "Holds under a precondition",
                                   "right only where a condition (stated or not) is met"),
    "inconclusive": ("v-inconclusive", "?", "Inconclusive",
                     "the two judges disagreed with each other: nothing is blamed on the formula"),
    "cannot be judged": ("v-inconclusive", "⊗", "Cannot be judged",
                         "the claim's own setup failed (its domain or its reference): the formula was not judged"),
    "too few cases judged": ("v-inconclusive", "…", "Too few cases judged",
                             "most cases lay outside what the reference can evaluate: the domain needs narrowing"),
    "not judged": ("v-notjudged", "◌", "Not judged",
                   "the document shows this formula only as an image: nothing printed is visible, so nothing was "
                   "judged (it counts neither as holding nor as failing)"),
    "holds": ("v-holds", "✓", "Holds", "agrees with the reference: torch.autograd and finite differences for a "
                                       "derivative, the torch function for a definition, the recomputation for a figure, "
                                       "the document's own run for a listing"),
}

#: How a printed figure is judged, by its rule (``oracle.checks.figure.Rounding``).
FIGURE_RULES = {"prose": "prose: within one unit of its last digit",
                "formula": "formula: within half a unit of its last digit",
                "printout": "printout: within half a unit of its last digit"}

#: Observed verdicts that state a finding about the document (each carries a severity in the catalogue).
FINDING_VERDICTS = ("erratum", "does not run as printed", "unstable", "holds under a precondition")

#: severity -> (css class, label, plural label, meaning).  Order: most serious first.
SEVERITIES: dict[str, tuple[str, str, str, str]] = {
    "error": ("s-error", "Error", "errors", "a reader who follows the document gets a wrong result"),
    "caveat": ("s-caveat", "Caveat", "caveats", "right only under a condition the document does not state, or "
                                                "unstable in a regime the document's own use reaches"),
    "note": ("s-note", "Note", "notes", "notation or wording that contradicts the mathematics without changing a result"),
}


def verdict_info(verdict: str | None) -> tuple[str, str, str, str]:
    v = verdict or "inconclusive"
    return VERDICTS.get(v, ("v-inconclusive", "?", v.capitalize(), v))


def card_order(verdict: str | None) -> int:
    keys = list(VERDICTS)
    return keys.index(verdict) if verdict in VERDICTS else len(keys) - 1


def severity_info(severity: str | None) -> tuple[str, str, str, str]:
    return SEVERITIES.get(severity or "", ("s-unrated", "Unrated", "unrated", "the catalogue gives this finding no "
                                                                             "severity (it expected it to hold)"))


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 claim', '2 claims'."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


@dataclass(frozen=True)
class Group:
    """The claims one card shows: the findings of one document that share a root cause (one mistake,
    counted once), or a single claim that is not a finding (inconclusive, not judged, ...)."""

    document: str
    cause: str
    claims: tuple[Mapping[str, Any], ...]

    @property
    def finding(self) -> bool:
        return self.claims[0].get("observed") in FINDING_VERDICTS

    @property
    def severity(self) -> str | None:
        """The most serious severity among its claims (None for a group that is not a finding)."""
        found = [c.get("severity") for c in self.claims if c.get("observed") in FINDING_VERDICTS]
        if not found:
            return None
        return min(found, key=lambda s: list(SEVERITIES).index(s) if s in SEVERITIES else len(SEVERITIES))

    @property
    def verdict(self) -> str | None:
        return min((c.get("observed") for c in self.claims), key=card_order)


def _groups(claims: Sequence[Mapping[str, Any]]) -> list[Group]:
    """Every claim that does not hold, grouped: findings by (document, cause), the rest one by one."""
    keyed: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for c in claims:
        if c.get("observed") == "holds":
            continue
        finding = c.get("observed") in FINDING_VERDICTS
        key = (str(c.get("document")), str(c.get("cause") or short_name(c["claim_id"])) if finding
               else "claim:" + str(c["claim_id"]))
        keyed.setdefault(key, []).append(c)
    return [Group(document=d, cause=k, claims=tuple(cs)) for (d, k), cs in keyed.items()]


def mistakes(claims: Sequence[Mapping[str, Any]]) -> list[Group]:
    """The distinct mistakes found: findings grouped by document and root cause, in catalogue order."""
    return [g for g in _groups(claims) if g.finding]


def severity_counts(claims: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Distinct mistakes per severity (a cause shared by several claims counts once)."""
    counts = Counter(g.severity or "unrated" for g in mistakes(claims))
    return {k: counts[k] for k in [*SEVERITIES, "unrated"] if counts.get(k)}


def mistake_phrase(claims: Sequence[Mapping[str, Any]]) -> str:
    """'3 errors, 1 caveat and 2 notes' (distinct mistakes), or '' when there are none."""
    parts = [plural(n, severity_info(k)[1].lower(), severity_info(k)[2]) for k, n in severity_counts(claims).items()]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1] if parts else ""


def card_groups(claims: Sequence[Mapping[str, Any]]) -> list[Group]:
    """The cards of one document: mistakes by severity (errors first), each severity in the document's order;
    then the claims that were not judged or could not be, in the order of their verdict and of the document."""
    rank = list(SEVERITIES)

    def key(item: tuple[int, Group]) -> tuple[int, int, int]:
        i, g = item
        if g.finding:
            return (0, rank.index(g.severity) if g.severity in rank else len(rank), i)
        return (1, card_order(g.verdict), i)

    return [g for _, g in sorted(enumerate(_groups(claims)), key=key)]


def errata_records(claims: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The claims that get a card: every observed verdict but 'holds', errata first, then catalogue order."""
    picked = [(card_order(c.get("observed")), i, c) for i, c in enumerate(claims) if c.get("observed") != "holds"]
    return [c for _, _, c in sorted(picked, key=lambda t: (t[0], t[1]))]


_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def as_float(v: Any) -> float | None:
    if v is None or v == "":
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def fmt_number(v: Any, digits: int = 6) -> str:
    """A number for reading: 6 significant digits, '×10ⁿ' for very large or small magnitudes, a true minus."""
    f = as_float(v)
    if f is None:
        return "—" if v in (None, "") else str(v)
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "∞" if f > 0 else "−∞"
    if f == 0:
        return "0"
    a = abs(f)
    if 1e-4 <= a < 1e7:
        s = f"{f:.{digits}g}"
        if "e" in s:  # pragma: no cover - %g switches only outside the range above
            s = f"{f:.{digits}f}".rstrip("0").rstrip(".")
    else:
        mant, exp = f"{f:.{min(digits, 4)}e}".split("e")
        mant = mant.rstrip("0").rstrip(".")
        s = f"{mant} × 10{str(int(exp)).translate(_SUP)}"
    return s.replace("-", "−")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "x"


def short_name(claim_id: str) -> str:
    return claim_id.split("/", 1)[-1]


_CASE_SPLIT = re.compile(r";\s+(?=[A-Za-z_][\w.]*\s*=\s)")


def split_case(text: str | None) -> list[tuple[str, str]]:
    """'yhat = [0.5]; y = [0.]' -> [('yhat', '[0.5]'), ('y', '[0.]')]; free text -> [('', text)]."""
    if not text:
        return []
    parts = []
    for chunk in _CASE_SPLIT.split(text.strip()):
        name, sep, value = chunk.partition(" = ")
        parts.append((name.strip(), value.strip()) if sep and re.fullmatch(r"[A-Za-z_][\w.]*", name.strip())
                     else ("", chunk.strip()))
    return parts


def load_inputs(out: Path) -> tuple[dict[str, Any], pd.DataFrame]:
    """``verdicts.json`` and ``findings.csv`` (as text columns, so nothing is re-rounded)."""
    out = Path(out)
    payload = json.loads((out / "verdicts.json").read_text(encoding="utf-8"))
    csv = out / "findings.csv"
    if csv.exists() and csv.stat().st_size:
        frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
    else:
        frame = pd.DataFrame(columns=["claim_id", "form", "region", "case", "status", "minimal", "case_text",
                                      "printed_value", "true_value"])
    return payload, frame


def documents_of(payload: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The documents, in the JSON's order, with any document a claim names but the list lacks."""
    docs = [dict(d) for d in payload.get("documents") or []]
    known = {d.get("file") for d in docs}
    for c in payload.get("claims") or []:
        f = c.get("document")
        if f not in known:
            known.add(f)
            docs.append({"file": f, "id": "", "title": "", "author": "", "year": "", "claims": None, "observed": {}})
    by_doc: dict[str, list] = {}
    for c in payload.get("claims") or []:
        by_doc.setdefault(c.get("document"), []).append(c)
    for d in docs:
        d["_claims"] = by_doc.get(d.get("file"), [])
        d["observed"] = dict(d.get("observed") or Counter(c.get("observed") for c in d["_claims"]))
        if d.get("claims") is None:
            d["claims"] = len(d["_claims"])
    return docs


def doc_title(doc: Mapping[str, Any]) -> str:
    return doc.get("title") or doc.get("id") or doc.get("file") or "Untitled document"


def doc_byline(doc: Mapping[str, Any]) -> str:
    author = doc.get("author") or ""
    year = doc.get("year") or ""
    return ", ".join(p for p in (author, str(year) if year else "") if p)


def count_phrase(observed: Mapping[str, int]) -> str:
    parts = []
    plural = {"erratum": "errata", "holds": "hold", "holds under a precondition": "hold under a precondition"}
    for v in VERDICTS:
        n = observed.get(v, 0)
        if n:
            parts.append(f"{n} {v if n == 1 else plural.get(v, v)}")
    for v, n in sorted(observed.items()):
        if v not in VERDICTS and n:
            parts.append(f"{n} {v}")
    return ", ".join(parts)


@dataclass(frozen=True)
class Wording:
    """What the pages call things: a catalogue of documents, or a test session's own backward passes."""

    title: str
    markdown_title: str
    checked: str  # "{n} statements printed in {k} teaching documents on backpropagation were checked"
    expected_by: str
    printed_gives: str
    doc_noun: str


COURSE = Wording(title="What the course notes get wrong about gradients",
                 markdown_title="Errata in backpropagation teaching documents",
                 checked="{statements} printed in {documents} on backpropagation were checked",
                 expected_by="the catalogue", printed_gives="Printed gives", doc_noun="teaching document")
TESTS = Wording(title="Hand-written backward passes checked by the tests",
                markdown_title="Backward passes checked in a test session",
                checked="{statements} in {documents} were checked",
                expected_by="the test", printed_gives="Your code gives", doc_noun="test file")


def wording(payload: Mapping[str, Any]) -> Wording:
    """``TESTS`` for a report written by the pytest plugin (``oracle.pytest_plugin``), else ``COURSE``."""
    selection = (payload.get("provenance") or {}).get("selection") or {}
    return TESTS if selection.get("pytest") else COURSE


def gate_reason(c: Mapping[str, Any]) -> str:
    """Why a claim fails the gate, in words: the reasons the gate recorded (``oracle.gate``); nothing is re-decided."""
    reasons = [str(r) for r in c.get("gate_reasons") or []]
    return "; ".join(reasons) or "see verdicts.json"


CODE_LIKE = re.compile(r"\bdef\b|\breturn\b|np\.|torch\.|\bimport\b|[A-Za-z_]\w*_\w*\(|\b(?:print|len|range|tensor|zeros|ones|squeeze|mean|str|float|int)\(|\w\[|\)\s*:|->|==|\w_\w|%|#")


def visible_length(latex: str | None) -> int:
    """About how many glyphs a formula shows on one line (a fraction counts its wider part)."""
    s = latex or ""
    s = re.sub(r"\\(text|mathrm|operatorname|texttt|mathbf|boldsymbol|mathbb|hat|bar)\{([^}]*)\}", r"\2", s)
    s = re.sub(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}", lambda m: "x" * max(len(m.group(1)), len(m.group(2))), s)
    s = re.sub(r"\\[A-Za-z]+", "x", s)
    return len(re.sub(r"[{}^_\s&\\]", "", s))


#: Formulas longer than this are shown one above the other rather than side by side.
SIDE_BY_SIDE = 31


def case_counts(c: Mapping[str, Any]) -> dict[str, int]:
    cases = c.get("cases")
    if not isinstance(cases, Mapping):
        return {}
    return {str(k): int(v) for k, v in cases.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}


def first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""


def reading_of(payload: Mapping[str, Any]) -> dict[str, Any] | None:
    """What ``oracle check`` read (``verdicts.json``'s ``reading``): per file the statements found, judged,
    defined and not understood, the statements not understood with their reasons, and the baseline's account;
    ``None`` for a catalogue run."""
    r = payload.get("reading")
    if not isinstance(r, Mapping):
        return None
    files = [f for f in r.get("files") or [] if isinstance(f, Mapping)]
    return {"files": files,
            "not_understood": [n for n in r.get("not_understood") or [] if isinstance(n, Mapping)],
            "skipped": [n for n in r.get("skipped") or [] if isinstance(n, Mapping)],
            "baseline": r.get("baseline") if isinstance(r.get("baseline"), Mapping) else {}}
