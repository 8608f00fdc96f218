"""Jupyter notebooks, read with nbformat: Markdown cells as Markdown, code cells as cells (run later).

Lines are counted within each cell (``cell`` is the cell's number, from 1, as Jupyter's
interface counts them); a notebook that nbformat cannot read is reported, not guessed at.
"""

from __future__ import annotations

import nbformat

from oracle.course.markdown import read_markdown_into
from oracle.course.sources import Cell, Extracted, Unreadable

__all__ = ["read_notebook"]


def read_notebook(path: str, file: str, text: str) -> Extracted:
    """A ``.ipynb`` file: its Markdown cells' math and directives, its code cells, in order."""
    out = Extracted(path=path, file=file, format="notebook")
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:  # not JSON, or not a notebook
        out.problems.append(Unreadable(file=file, line=1, text="", reason=f"the notebook does not parse: "
                                                                        f"{type(exc).__name__}: {exc}"))
        return out
    block, cells = 0, 0
    for number, cell in enumerate(nb.cells, start=1):
        source = cell.get("source", "")
        if cell.get("cell_type") == "markdown":
            block, _ = read_markdown_into(out, source, cell=number, block=block)
        elif cell.get("cell_type") == "code":
            cells += 1
            out.items.append(Cell(file=file, line=1, index=cells, source=source, cell=number))
    return out
