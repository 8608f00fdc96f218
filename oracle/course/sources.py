"""What reading a course source yields: math fragments, code cells and directives, each where it was written.

Extractors (``textmath``, ``markdown``, ``tex``, ``notebook``) turn a file into an ordered list
of these items; nothing here interprets them.  ``line`` counts from 1 in the file (in the cell
for a notebook, whose cell number is ``cell``), so a finding can point at what the author wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Fragment", "Cell", "Directive", "Extracted", "Unreadable", "where"]


def where(line: int, cell: int | None = None) -> str:
    """``line 12``, or ``cell 3, line 2`` in a notebook."""
    return f"line {line}" if cell is None else f"cell {cell}, line {line}"


@dataclass(frozen=True)
class Fragment:
    """One piece of math as written: its text with delimiters, the LaTeX inside them, and where it is.

    ``block`` numbers the paragraph (a "where f(x) = x²" definition serves its whole paragraph);
    ``section`` is the nearest heading above it, '' when the format has none; ``starts_line`` is
    false when prose precedes it on its line ("… où $f(x) = x^2$": an aside, not the main chain).
    """

    file: str
    line: int
    text: str
    body: str
    display: bool
    block: int
    section: str = ""
    cell: int | None = None
    starts_line: bool = True


@dataclass(frozen=True)
class Cell:
    """One code cell (a notebook's, or a Python fence of a Markdown or text file)."""

    file: str
    line: int
    index: int
    source: str
    section: str = ""
    cell: int | None = None


@dataclass(frozen=True)
class Directive:
    """``oracle: VERB ARGUMENT`` written in a comment (``<!-- -->``, ``%``, ``#``)."""

    file: str
    line: int
    verb: str
    argument: str
    text: str
    cell: int | None = None


@dataclass(frozen=True)
class Unreadable:
    """A file, or part of one, that could not be read at all, with the reason."""

    file: str
    line: int
    text: str
    reason: str


@dataclass
class Extracted:
    """Everything read from one file, in document order."""

    path: str
    file: str
    format: str
    title: str = ""
    items: list[Fragment | Cell | Directive] = field(default_factory=list)
    problems: list[Unreadable] = field(default_factory=list)
