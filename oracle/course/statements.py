"""Math statements in document order, chains joined across rows and fragments.

``$F(x) = (2x + 3)^2$ … $= f(2x + 3)$ … $= f(h(x))$`` is one chain written over three inline
fragments, and an aligned row ``&= …`` continues the row above: a statement that starts with
``=`` extends the one before it.  Directives stay in the stream, where they were written.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from oracle.course.equations import equations
from oracle.course.sources import Directive, Extracted, Fragment, where

__all__ = ["Statement", "statements"]


@dataclass(frozen=True)
class Statement:
    """One statement: its members (LaTeX, as written), the relations between them, and where it is.

    ``problem`` is set when the statement is not an equality chain (another relation, a matrix,
    a continuation that follows nothing); it is then listed as not understood with that reason.
    """

    file: str
    line: int
    text: str
    members: tuple[str, ...]
    relations: tuple[str, ...]
    block: int
    section: str = ""
    cell: int | None = None
    defines: bool = False
    problem: str = ""

    @property
    def where(self) -> str:
        return where(self.line, self.cell)


def statements(extracted: Extracted) -> list[Statement | Directive]:
    """The file's statements and directives, in order.

    A continuation extends the paragraph's main chain: the last statement that was displayed,
    opened its paragraph, started its line, or was itself extended (an aside written after
    prose on its line, "… où $f(x) = x^2$", is not).
    """
    out: list[Statement | Directive] = []
    last: int | None = None  # index in ``out`` of the statement a continuation extends
    origin: dict[int, Fragment] = {}
    for item in extracted.items:
        if isinstance(item, Directive):
            out.append(item)
            continue
        if not isinstance(item, Fragment):
            continue
        for eq in equations(item.body):
            text = eq.text if item.display or len(equations(item.body)) > 1 else item.text
            line = item.line + eq.row
            if eq.continues:
                if last is not None and not out[last].problem:
                    prev = out[last]
                    joined = prev.text + (" \\\\ " if origin.get(last) is item else " … ") + text
                    out[last] = replace(prev, members=prev.members + eq.members[1:],
                                        relations=prev.relations + eq.relations, text=joined,
                                        problem=prev.problem or eq.problem)
                    continue
                st = Statement(item.file, line, text, eq.members, eq.relations, item.block, item.section, item.cell,
                               problem=eq.problem or "it starts with '=' but no statement precedes it")
            else:
                st = Statement(item.file, line, text, eq.members, eq.relations, item.block, item.section, item.cell,
                               defines=eq.defines, problem=eq.problem)
            out.append(st)
            origin[len(out) - 1] = item
            opens = last is None or out[last].block != item.block or out[last].file != item.file
            if item.display or item.starts_line or opens:
                last = len(out) - 1
    return out
