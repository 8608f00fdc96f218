"""Code as printed, end to end: a document's listing run the way the document runs it, in a subprocess.

A listing claim's form is a ``Program``: the document's cells, verbatim and in the order the
document runs them (a script's ``python file.py``, a notebook's cells), each with what the
document shows it printing (a ``Printout``).  ``ListingCheck`` runs it in a fresh Python
process under a time limit (``listing_driver.py``), offline, with the pinned current versions
of the libraries it imports and, where the document downloads or loads data the harness does
not have, small synthetic stand-ins of the claim's own (``offline``: a Python file whose
``install(seed)`` puts them in place).  Then:

* a library the listing needs that is not installed here: the claim cannot be judged (a setup
  problem: ``pip install -e '.[documents]'``), never "does not run";
* an import that fails, a cell that raises or a syntax error: **does not run as printed**, with
  the cell, the line and the exception;
* otherwise each cell's standard output is compared with what the document shows
  (``oracle.checks.printout``: the number of lines, the text, number formats, and values where
  they are recomputable): a difference is a **failure** of the printed form.

A correction is a ``Program`` too: the same cells with ``Amendment``s (the fix), and the
printout it shows may be corrected as well.  A ``Program`` may also carry amendments that are
*context*: the corrections of earlier claims, applied so that a run reaches the cell a claim is
about (``context=True``; the report lists them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from hypothesis import strategies as st

from oracle.checks.base import ScalarFunction, crash
from oracle.checks.messages import Subject
from oracle.checks.outcome import CaseStatus, Outcome
from oracle.checks.printout import Numbers, Printout, compare_printout
from oracle.errors import CheckError

__all__ = ["Amendment", "Cell", "ListingCheck", "Numbers", "Printout", "Program", "LISTING_TIME_LIMIT"]

#: Seconds a listing may run (both forms, each in its own process) before it is abandoned as a finding.
LISTING_TIME_LIMIT = 120.0
_DRIVER = Path(__file__).with_name("listing_driver.py")
_SHOWN_LINES = 40


@dataclass(frozen=True)
class Amendment:
    """A change to one cell's source: ``old`` (verbatim, found exactly once) becomes ``new``.

    ``reason`` says why in a few words; ``context`` marks the correction of another claim,
    applied so that the run reaches the cell this claim is about.
    """

    cell: str
    old: str
    new: str
    reason: str = ""
    context: bool = False


@dataclass(frozen=True)
class Cell:
    """One cell of a listing: its name (``"In [16]"``, ``"mnist2.py"``), its source verbatim, and
    what the document shows it printing (``None``: nothing shown, nothing compared)."""

    name: str
    source: str
    shows: Printout | None = None


@dataclass(frozen=True)
class Program:
    """A listing as the document runs it: cells in order, amendments (context or fix), and
    ``stop_after``: stop once this many lines are printed (the lines compared; a run the
    document itself says takes long is cut there, and the report says so)."""

    cells: tuple[Cell, ...]
    amendments: tuple[Amendment, ...] = ()
    stop_after: int | None = None

    def __post_init__(self) -> None:
        names = [c.name for c in self.cells]
        problems = [f"two cells are named {n!r}" for n in sorted({n for n in names if names.count(n) > 1})]
        text = {c.name: c.source for c in self.cells}
        for a in self.amendments:  # in order: an amendment may amend the text an earlier one wrote
            if a.cell not in text:
                problems.append(f"an amendment names the cell {a.cell!r}, which the program does not have")
            elif text[a.cell].count(a.old) != 1:
                problems.append(f"the text to amend in {a.cell!r} occurs {text[a.cell].count(a.old)} times, not once: "
                                f"{a.old[:60]!r}")
            else:
                text[a.cell] = text[a.cell].replace(a.old, a.new, 1)
        if problems:
            raise CheckError("Program", problems)

    def amended(self, *more: Amendment, shows: Mapping[str, Printout] | None = None) -> "Program":
        """The same program with more amendments and, optionally, other printouts for some cells."""
        cells = tuple(replace(c, shows=shows[c.name]) if shows and c.name in shows else c for c in self.cells)
        return Program(cells=cells, amendments=self.amendments + tuple(more), stop_after=self.stop_after)

    def sources(self) -> list[dict[str, str]]:
        """The cells as run: each source with its amendments applied."""
        out = []
        for c in self.cells:
            text = c.source
            for a in self.amendments:
                if a.cell == c.name:
                    text = text.replace(a.old, a.new, 1)
            out.append({"name": c.name, "source": text})
        return out


@dataclass(frozen=True)
class ListingCheck:
    """Run a ``Program`` in a subprocess and judge what happens (module docstring).

    ``requires``: the modules the listing imports (a missing one is a setup problem, named);
    ``offline``: the file of synthetic stand-ins (``install(seed)``), or None; ``time_limit`` in seconds.
    """

    requires: tuple[str, ...] = ()
    offline: Path | None = None
    time_limit: float = LISTING_TIME_LIMIT
    deterministic: bool = True
    domain: Callable[[], st.SearchStrategy[dict[str, Any]]] = field(default=lambda: st.just({}))

    def __post_init__(self) -> None:
        if self.offline is not None and not Path(self.offline).is_file():
            raise CheckError("ListingCheck", [f"the offline stand-ins {str(self.offline)!r} are not a file"])

    def strategy(self, domain: Callable[[], st.SearchStrategy[dict[str, Any]]]) -> st.SearchStrategy[dict[str, Any]]:
        return st.just({"inputs": {}})

    def describe(self, case: Mapping[str, Any]) -> str:
        return "the document's listing, run as the document runs it (offline" + (
            ", on synthetic stand-ins for its data)" if self.offline else ")")

    def scalar_function(self) -> ScalarFunction | None:
        return None

    def call(self, impl: Program, case: Mapping[str, Any], *, seed: int = 0) -> tuple[Any, str | None]:
        """The run's record (what the driver wrote), or why the run could not be carried out."""
        if not isinstance(impl, Program):
            return None, f"a listing claim's form must be a Program, got {type(impl).__name__}"
        spec = {"cells": impl.sources(), "seed": seed % 2**32, "requires": list(self.requires),
                "offline": str(self.offline) if self.offline else None, "stop_after": impl.stop_after}
        with tempfile.TemporaryDirectory(prefix="oracle-listing-") as work:
            spec_path, result_path = Path(work, ".spec.json"), Path(work, ".result.json")
            spec_path.write_text(json.dumps(spec), encoding="utf-8")
            try:
                done = subprocess.run([sys.executable, str(_DRIVER), str(spec_path), str(result_path)], cwd=work,
                                      env=_environment(), capture_output=True, text=True, timeout=self.time_limit)
            except subprocess.TimeoutExpired:
                return None, f"TimeoutError: the listing ran past the time limit of {self.time_limit:g} s"
            if not result_path.is_file():
                tail = (done.stderr or "").strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
                return None, f"the listing's process ended without a result: {tail[0]}"
            return json.loads(result_path.read_text(encoding="utf-8")), None

    def judge(self, impl: Program, case: Mapping[str, Any], *, seed: int = 0, subject: Subject = Subject()) -> Outcome:
        record, problem = self.call(impl, case, seed=seed)
        if problem:
            return crash(f"{subject.header('The listing')}: {problem}")
        detail = _detail(impl, record)
        if record.get("setup"):
            return Outcome(status=CaseStatus.SETUP, message=f"the listing could not be started: {record['setup']}",
                           detail=detail)
        error = record.get("error")
        if error:
            where = f"{error['cell']}, line {error['line']}" + (f": {error['text']}" if error.get("text") else "")
            return Outcome(status=CaseStatus.CRASH, judges=("run",), detail=detail,
                           message=f"{error['type']}: {error['message']} (at {where})")
        cells = detail["listing"]["cells"]
        compared = [c for c in cells if c.get("shown") is not None]
        bad = [c for c in compared if c["differences"]]
        summary = "; ".join(f"{c['name']}: {len(c['differences'])} difference{'s' if len(c['differences']) != 1 else ''}"
                            for c in bad)
        lines = "\n".join(f"  {c['name']}: {d}" for c in bad for d in c["differences"])
        common = dict(judges=("run",), detail=detail, mismatched=len(bad), total=len(compared))
        if bad:
            return Outcome(status=CaseStatus.FAIL, message=(f"{subject.header('The listing')}: what it prints differs "
                                                            f"from what the document shows ({summary})\n{lines}"),
                           **common)
        ran = f"ran {len(cells)} cell{'s' if len(cells) != 1 else ''}"
        return Outcome(status=CaseStatus.PASS, message=f"the listing {ran}; {len(compared)} printout"
                       f"{'s' if len(compared) != 1 else ''} compared, all as shown", **common)


def _environment() -> dict[str, str]:
    """The child's environment: this interpreter's paths, a plotting backend without a display, one thread,
    fixed hashing (same seed, same bytes)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "MPL"))}
    env.update(PYTHONPATH=os.pathsep.join(p for p in sys.path if p), PYTHONHASHSEED="0", MPLBACKEND="Agg",
               OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONWARNINGS="ignore")
    return env


def _tail(text: str) -> str:
    lines = text.splitlines()
    if len(lines) <= _SHOWN_LINES:
        return text
    return "\n".join(lines[:_SHOWN_LINES // 2] + [f"[... {len(lines) - _SHOWN_LINES} lines ...]"]
                     + lines[-_SHOWN_LINES // 2:])


def _detail(program: Program, record: Mapping[str, Any]) -> dict[str, Any]:
    """What the reports show of a run: per cell, what it printed against what the document shows."""
    shown = {c.name: c.shows for c in program.cells}
    cells = []
    for ran in record.get("cells") or []:
        spec = shown.get(ran["name"])
        entry: dict[str, Any] = {"name": ran["name"], "printed": _tail(ran.get("stdout") or "")}
        if spec is not None and not record.get("error") and not record.get("setup"):
            entry.update(shown=spec.text, numbers=spec.numbers.value, values=spec.values,
                         differences=compare_printout(spec, ran.get("stdout") or "",
                                                      stopped=bool(record.get("stopped"))))
        cells.append(entry)
    return {"listing": {
        "cells": cells,
        "run": [c.name for c in program.cells],
        "amendments": [{"cell": a.cell, "old": a.old, "new": a.new, "reason": a.reason, "context": a.context}
                       for a in program.amendments],
        "stopped_after": program.stop_after if record.get("stopped") else None,
        "error": record.get("error"),
        "warnings": record.get("warnings") or [],
    }}
