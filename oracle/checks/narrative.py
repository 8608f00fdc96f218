"""A judged derivation told in words, once: for the judge's message and for both reports.

Everything here reads the ``detail`` a ``DerivationCheck`` records (its lines, its links
and what was decided about them) and returns plain data and sentences; the check
words its message with it and the HTML and Markdown renderers lay the same steps out.
No sympy: the report reads this without loading the symbolic judge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

__all__ = ["Step", "steps", "conclusion", "evidence", "link_targets"]

#: Significant digits of the point shown where two sides differ.
_POINT_DIGITS = 6


@dataclass(frozen=True)
class Step:
    """One printed line and what the judge said of the step that leads to it.

    ``status``: "holds", "broken", "undecided", "carried" (follows from a wrong line above,
    so it carries the mistake) or "" (no link leads here).  ``first``: the first broken step.
    ``compensates``: a broken step that cancels an earlier one.  ``fix``: the corrected line.
    """

    index: int
    latex: str
    status: str
    link: Mapping[str, Any] | None
    first: bool = False
    compensates: bool = False
    fix: str | None = None


def link_targets(links: Sequence[Mapping[str, Any]]) -> list[int]:
    """The line each link leads to (0-based): link i leads to line i (``DerivationCheck``'s convention);
    integer ``to`` fields, counted from 0 or from 1, are honoured too."""
    ints = [x.get("to") for x in links if isinstance(x.get("to"), int) and not isinstance(x.get("to"), bool)]
    base = 1 if ints and 0 not in ints and len(links) in ints else 0
    out = []
    for pos, link in enumerate(links):
        to = link.get("to")
        out.append(to - base if isinstance(to, int) and not isinstance(to, bool) else
                   (link.get("index") if isinstance(link.get("index"), int) else pos))
    return out


def steps(detail: Mapping[str, Any]) -> list[Step]:
    """Every printed line with the verdict on the step into it."""
    lines = [str(x) for x in (detail.get("lines") or [])]
    links = [x for x in (detail.get("links") or []) if isinstance(x, Mapping)]
    into: dict[int, tuple[int, Mapping[str, Any]]] = {}
    for pos, (target, link) in enumerate(zip(link_targets(links), links)):
        into.setdefault(target, (pos, link))
    right = detail.get("line_correct") or []
    corrected = detail.get("corrected_lines") or []
    first = detail.get("first_broken")
    compensating = set(detail.get("compensating_links") or [])
    out = []
    for i, latex in enumerate(lines):
        pos, link = into.get(i, (None, None))
        index = link.get("index", pos) if link is not None else None
        if link is not None and link.get("holds") is False:
            fix = link.get("corrected") or (corrected[i] if i < len(corrected) else None)
            out.append(Step(i, latex, "broken", link, first=index == first, compensates=index in compensating,
                            fix=str(fix) if fix and fix != latex else None))
        elif link is not None and link.get("holds") is None:
            out.append(Step(i, latex, "undecided", link))
        elif i < len(right) and right[i] is False:
            out.append(Step(i, latex, "carried", link))
        else:
            out.append(Step(i, latex, "holds" if link is not None else "", link))
    return out


def conclusion(detail: Mapping[str, Any]) -> tuple[str, str | None]:
    """What the derivation's end amounts to: a sentence, and the true result (LaTeX) when the end is wrong."""
    links = [x for x in (detail.get("links") or []) if isinstance(x, Mapping)]
    broken = any(x.get("holds") is False for x in links)
    final = detail.get("final_correct")
    if final is True and broken:
        return ("The final line is right nevertheless: a later wrong step cancels the first one. The result is "
                "correct but the derivation is not; both steps need correcting.", None)
    if final is False:
        return "The mistake carries through to the final line.", (str(detail["truth"]) if detail.get("truth") else None)
    if final is True:
        return "The final line is correct.", None
    return ("Whether the final line is right could not be decided.", None) if broken else ("", None)


def _fmt(x: Any, digits: int = 4) -> str:
    try:
        return f"{float(x):.{digits}g}"
    except (TypeError, ValueError):
        return "—"


def evidence(link: Mapping[str, Any]) -> str:
    """Why a broken link is broken, in words: sympy's refutation, or where and by how much the sides differ."""
    if link.get("method") == "symbolic":
        return "the difference of the two sides is a nonzero constant (sympy)"
    parts = []
    if link.get("points"):
        n = link.get("disagreeing")
        parts.append(f"the two sides differ at {n if n is not None else 'some'} of {link['points']} random points")
    if link.get("max_difference") is not None:
        point = link.get("worst_point") or {}
        where = ", ".join(f"{k} = {float(v):.{_POINT_DIGITS}g}" for k, v in sorted(point.items()))
        values = ""
        if link.get("left_value") is not None and link.get("right_value") is not None:
            values = f": {_fmt(link['left_value'])} against {_fmt(link['right_value'])}"
        parts.append(f"by up to {_fmt(link['max_difference'])}" + (f" at {where}" if where else "") + values)
    return ", ".join(parts)
