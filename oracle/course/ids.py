"""Names for what a reading produces: a document id per file, a claim id per judged statement.

Ids follow the claim id rule (``document/name``, lower case): the document id comes from the
file's path, the name from where the statement is (``l134-derivation``, ``c3-l2-derivative``),
with a counter when one line holds several statements.  They are stable while the file's lines
do not move; baselines match findings by text, not by id (``oracle.course.baseline``).
"""

from __future__ import annotations

import re

__all__ = ["document_id", "ClaimIds"]


def document_id(file: str) -> str:
    """``notes/Chapter 1.md`` -> ``notes-chapter-1.md``."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", file.lower().lstrip("./")).strip("-._")
    return slug or "document"


class ClaimIds:
    """Unique claim ids within one file."""

    def __init__(self, file: str):
        self.prefix = document_id(file)
        self.used: set[str] = set()

    def __call__(self, line: int, family: str, cell: int | None = None, name: str = "") -> str:
        """``l12-derivation``, ``c3-l1-cell``, or ``sigmoid-backward`` for a function ``name``."""
        if name:
            base = re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-._") + f"-{family}"
        else:
            base = (f"c{cell}-" if cell is not None else "") + f"l{line}-{family}"
        name, n = base, 1
        while name in self.used:
            n += 1
            name = f"{base}-{n}"
        self.used.add(name)
        return f"{self.prefix}/{name}"
