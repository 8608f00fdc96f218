"""From a piece of math to the statements it makes: chains ``A = B = C``, one per row or separator.

A fragment is cut into rows (``\\\\``), a row starting with ``=`` (``&=``) continuing the chain
above it, and a row into statements at top-level separators (``,\\quad``, ``;``, ``\\text{where}``)
when each part states a relation (``f = t_1 w, \\quad t_1 = u + v`` is two statements; ``k = 1, 2``
stays one).  A statement is its members and the relations between them.  Only ``=`` and ``:=``
are equalities; any other relation (``\\leftarrow``, ``\\approx``, ``<``, ``\\in``) makes a statement
the harness does not judge, with that reason.  Nothing here parses the members.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Equation", "equations", "top_level_split", "RELATION_REASONS"]

#: Relations that are not equalities, and why a statement holding one is not judged.
RELATION_REASONS = {
    "\\leftarrow": "an assignment (\\leftarrow) is an algorithm step, not an equality",
    "\\gets": "an assignment (\\gets) is an algorithm step, not an equality",
    "\\approx": "an approximation (\\approx) is not checked",
    "\\simeq": "an approximation (\\simeq) is not checked",
    "\\sim": "a relation (\\sim) is not checked",
    "\\propto": "a proportionality (\\propto) is not checked",
    "\\equiv": "an identity sign (\\equiv) is not checked",
    "\\neq": "an inequality (\\neq) is not checked", "\\ne": "an inequality (\\ne) is not checked",
    "\\leq": "an inequality is not checked", "\\le": "an inequality is not checked",
    "\\geq": "an inequality is not checked", "\\ge": "an inequality is not checked",
    "<": "an inequality is not checked", ">": "an inequality is not checked",
    "\\in": "a membership (\\in) is not an equality", "\\subset": "an inclusion is not an equality",
    "\\to": "an arrow is not an equality", "\\rightarrow": "an arrow is not an equality",
    "\\mapsto": "an arrow is not an equality", "\\Rightarrow": "an implication is not checked",
    "\\implies": "an implication is not checked", "\\iff": "an equivalence is not checked",
    "\\Leftrightarrow": "an equivalence is not checked",
}
_EQUALS = ("=", ":=", "\\coloneqq", "\\triangleq", "\\stackrel{def}{=}")
_ENV = re.compile(r"\\(begin|end)\{(equation|align|aligned|gather|gathered|split|multline|eqnarray|displaymath|math|"
                  r"flalign|alignat)\*?\}(\{[^}]*\})?")
_ARRAY = re.compile(r"\\(begin|end)\{array\}(\{[^}]*\})?")
_MATRIX = re.compile(r"\\begin\{(pmatrix|bmatrix|vmatrix|Bmatrix|matrix|cases|smallmatrix)\}")
_NOISE = re.compile(r"\\(label|tag)\{[^}]*\}|\\(nonumber|notag)\b")
_SEPARATOR_WORDS = ("où", "ou", "where", "and", "et", "with", "avec", "for", "pour", "if", "si", "soit", "let")
_TRAILING = re.compile(r"(\s|,|;|\.|\\q?quad)+$")
_REL = sorted(list(RELATION_REASONS) + list(_EQUALS), key=len, reverse=True)


@dataclass(frozen=True)
class Equation:
    """One statement: members joined by relations, with the line it starts on (counted from 0 in its fragment).

    ``continues`` is true when the statement starts with ``=`` (it extends the chain before it);
    then ``members[0]`` is empty.  ``defines`` is true when the first relation is ``:=``.
    ``problem`` says why the statement is not an equality chain (another relation, a matrix).
    """

    members: tuple[str, ...]
    relations: tuple[str, ...]
    row: int
    text: str
    continues: bool = False
    defines: bool = False
    problem: str = ""


def top_level_split(text: str, separators: tuple[str, ...]) -> list[tuple[str, str]]:
    """``text`` cut at separators outside ``{}``, ``[]`` and ``()``: ``(part, separator after it)`` pairs."""
    parts: list[tuple[str, str]] = []
    depth, start, i = 0, 0, 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and text[i + 1] in "{}[]()":
            i += 2  # \{ \} are written delimiters, not grouping
            continue
        if c in "{[(":
            depth += 1
        elif c in "}])":
            depth = max(depth - 1, 0)
        elif depth == 0:
            for sep in separators:
                if text.startswith(sep, i) and not (sep[0] == "\\" and _letter_after(text, i + len(sep)) and
                                                    sep[-1].isalpha()):
                    parts.append((text[start:i], sep))
                    i += len(sep)
                    start = i
                    break
            else:
                i += 1
                continue
            continue
        i += 1
    parts.append((text[start:], ""))
    return parts


def _letter_after(text: str, i: int) -> bool:
    return i < len(text) and text[i].isalpha()


def _has_relation(text: str) -> bool:
    return any(sep in _REL for _, sep in top_level_split(text, tuple(_REL)))


def _statements_of_row(row: str) -> list[str]:
    """A row cut at separators where both sides state a relation (else it stays one statement)."""
    words = tuple(f"\\text{{ {w} }}" for w in _SEPARATOR_WORDS) + tuple(f"\\text{{{w}}}" for w in _SEPARATOR_WORDS)
    out: list[str] = []
    pending = ""
    for part, sep in top_level_split(row, words + ("\\qquad", "\\quad", ";", ",")):
        if out and _has_relation(out[-1]) and _has_relation(part):
            out.append(part)  # "f = t_1 w, \quad t_1 = u + v": two statements
        elif out:
            out[-1] += pending + part  # "k = 1, 2, \dots, K": one
        else:
            out.append(part)
        pending = sep
    return [t for t in (_TRAILING.sub("", s).strip() for s in out) if t]


def _split_relations(statement: str) -> tuple[list[str], list[str]]:
    pieces = top_level_split(statement, tuple(_REL))
    members = [p.strip() for p, _ in pieces]
    relations = [sep for _, sep in pieces[:-1]]
    return members, relations


def equations(body: str) -> list[Equation]:
    """The statements of one piece of math (its LaTeX between the delimiters, or a whole environment)."""
    text = _NOISE.sub("", body)
    if _MATRIX.search(text):
        return [Equation((text.strip(),), (), 0, text.strip(), problem="a matrix (or cases) is not read")] \
            if _has_relation(text) else []
    text = _ARRAY.sub("\\\\\\\\", _ENV.sub("", text))
    rows = [r for r, _ in top_level_split(text, ("\\\\",))]
    out: list[Equation] = []
    newlines = 0
    for number, raw in enumerate(rows):
        lead = len(raw) - len(raw.lstrip())
        row_line = newlines + raw[:lead].count("\n")
        newlines += raw.count("\n")
        row = raw.strip()
        if not row.replace("&", "").strip():
            continue
        for statement in _statements_of_row(row):
            members, relations = _split_relations(statement)
            members = [m.replace("&", " ").strip() for m in members]
            if not relations:
                continue  # a mention (``\sigma``, ``\mathbf{x}``), not a statement
            other = [r for r in relations if r not in _EQUALS]
            problem = RELATION_REASONS.get(other[0], "") if other else ""
            continues = members[0] == ""
            out.append(Equation(tuple(members), tuple(relations), row_line, statement, continues=continues,
                                defines=relations[0] not in ("=",) and relations[0] in _EQUALS, problem=problem))
    return out
