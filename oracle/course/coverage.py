"""What a reading records besides its claims: the options, what each claim states, per-file counts.

Shared by ``session`` (which reads) and ``code`` (which adds cells and pairs); a module of its own
so that neither imports the other's internals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from oracle.course.mathreading import FAMILIES

__all__ = ["Options", "Stated", "FileCoverage", "SEVERITIES"]

#: The severity a finding of each family will carry (an "unstable" observation is a caveat whatever its family).
SEVERITIES = {**FAMILIES, "code": "error", "cell": "error"}


@dataclass(frozen=True)
class Options:
    """What ``check`` reads and runs: code cells (with a time limit per cell, offline) or math only."""

    code: bool = True
    cell_timeout: float = 60.0
    examples: int = 20


@dataclass(frozen=True)
class Stated:
    """What one claim states, as the author wrote it: for the console, the baseline and the reports."""

    file: str
    where: str
    text: str
    family: str

    @property
    def severity(self) -> str:
        return SEVERITIES.get(self.family, "error")


@dataclass
class FileCoverage:
    """Per file: statements found, judged (a claim was made), definitions, not understood, skipped."""

    file: str
    format: str
    title: str = ""
    found: int = 0
    judged: int = 0
    definitions: int = 0
    not_understood: int = 0
    skipped: int = 0
    cells: int = 0
    pairs: int = 0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)
