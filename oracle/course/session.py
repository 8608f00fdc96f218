"""Reading course sources into claims: the entry point of ``python -m oracle check``.

``read(paths)`` extracts every file, reads its math in order (``mathreading``), runs its code
cells and pairs its functions (``code``, when asked), and returns a ``Reading``: the claims to
run, what each claim states (file, line, text, family, severity), and per file what was found,
judged and not understood.  It is a context manager because notebook kernels stay alive until
the claims that call into them have run.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from oracle.claims import Claim, Document
from oracle.course.coverage import SEVERITIES, FileCoverage, Options, Stated
from oracle.course.files import extract, find_files
from oracle.course.ids import ClaimIds, document_id
from oracle.course.mathreading import Noted, read_math
from oracle.course.scope import Scope
from oracle.course.sources import Cell, Directive, Extracted
from oracle.course.statements import Statement
from oracle.errors import UsageError

__all__ = ["Options", "Stated", "FileCoverage", "Reading", "read", "SEVERITIES"]

@dataclass
class Reading:
    """Claims to run and what was read; close it (or use it as a context manager) to stop kernels."""

    claims: list[Claim] = field(default_factory=list)
    stated: dict[str, Stated] = field(default_factory=dict)
    files: list[FileCoverage] = field(default_factory=list)
    noted: list[dict[str, Any]] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    stack: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)

    def __enter__(self) -> "Reading":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self.stack.close()

    def coverage(self) -> dict[str, Any]:
        """The account of the reading that verdicts.json and the pages show."""
        return {
            "files": [f.as_dict() for f in self.files],
            "not_understood": [n for n in self.noted if n["status"] == "not understood"],
            "skipped": [n for n in self.noted if n["status"] == "skipped"],
        }


def _noted(n: Noted) -> dict[str, Any]:
    st = n.statement
    where_ = st.where if isinstance(st, Statement) else (f"line {st.line}" if st.cell is None
                                                          else f"cell {st.cell}, line {st.line}")
    return {"file": st.file, "where": where_, "text": st.text, "status": n.status, "reason": n.reason}


def read(paths: Iterable[str | Path], options: Options = Options()) -> Reading:
    """Read every file the paths name (folders walked in sorted order); a path that does not exist is a usage error."""
    found = find_files(paths)
    if not found:
        raise UsageError("no file to read (.md, .tex, .ipynb, .txt) under the paths given")
    reading = Reading()
    try:
        for path, name in found:
            _read_file(extract(path, name), reading, options)
    except BaseException:
        reading.close()
        raise
    return reading


def _read_file(ex: Extracted, reading: Reading, options: Options) -> None:
    cov = FileCoverage(file=ex.file, format=ex.format, title=ex.title)
    reading.files.append(cov)
    reading.documents.append(Document(id=document_id(ex.file), file=ex.file, title=ex.title or Path(ex.file).name))
    for problem in ex.problems:
        cov.found += 1
        cov.not_understood += 1
        reading.noted.append({"file": problem.file, "where": f"line {problem.line}", "text": problem.text,
                              "status": "not understood", "reason": problem.reason})
    ids = ClaimIds(ex.file)
    math = read_math(ex, Scope(), ids)
    for st, c in math.claims:
        reading.claims.append(c)
        reading.stated[c.id] = Stated(st.file, st.where, st.text, c.family)
        cov.found += 1
        cov.judged += 1
    for n in math.noted:
        if isinstance(n.statement, Directive) and n.status != "not understood":
            continue
        cov.found += 1 if isinstance(n.statement, Statement) else 0
        if n.status == "definition":
            cov.definitions += 1
        elif n.status == "skipped":
            cov.skipped += 1
            reading.noted.append(_noted(n))
        else:
            cov.not_understood += 1 if isinstance(n.statement, Statement) else 0
            reading.noted.append(_noted(n))
    cells = [item for item in ex.items if isinstance(item, Cell)]
    cov.cells = len(cells)
    if cells and options.code:
        from oracle.course.code import read_code  # nbclient and ipykernel load only for code

        read_code(ex, cells, reading, cov, ids, options)
