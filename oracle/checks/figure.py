"""Figure claims: numbers a document prints, recomputed from its own data and code.

A figure is judged at its printed precision, by a written rule stated per figure (``Rounding``):

* **printout** -- a number a program printed (a log line, ``%f``, a tensor's repr): the program
  rounded it, so the recomputed value must round to the printed digits, that is lie within
  *half a unit* of the last printed digit;
* **formula** -- a value a formula or a worked computation states (∂f/∂u = 4 at a point,
  E = T − Y = (0, 1, −0.5)): the author computed it, so it too must round to the printed digits
  (half a unit);
* **prose** -- a number an author quotes in a sentence ("Une loss de 1763" for 1763.88,
  "0.5 = 0.01 * 35.7 + 0.15" for 0.507): a figure is judged at its printed precision, and a
  rounded figure within *one unit* of its last printed digit holds, whether the author rounded
  to nearest or truncated.

The bands are widened by a few ulps of the precision the document computed in (float32
for a PyTorch script using default tensors).

A correction of printed figures is the same recomputation stated with other digits
(``oracle.forms.StatedFigures``): it is judged against its own digits, not the
document's, so that a right correction holds.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Mapping

import numpy as np
from hypothesis import strategies as st

from oracle.checks.base import CASE_TIME_LIMIT, ScalarFunction, call_safely, crash, returned_mapping
from oracle.checks.messages import Subject
from oracle.checks.outcome import CaseStatus, Outcome
from oracle.errors import CheckError
from oracle.forms import StatedFigures
from oracle.tolerance import FIGURE_PRECISION_ULPS

__all__ = ["FigureCheck", "Rounding", "half_unit", "unit"]


class Rounding(str, enum.Enum):
    """Who wrote a figure, hence how far from the recomputed value it may lie (module docstring)."""

    PRINTOUT = "printout"  # a program printed it: within half a unit of its last digit
    FORMULA = "formula"    # a formula or worked computation states it: within half a unit of its last digit
    PROSE = "prose"        # an author quotes it in a sentence: within one unit of its last digit

    @property
    def units(self) -> float:
        """The band, in units of the last printed digit."""
        return 1.0 if self is Rounding.PROSE else 0.5


def unit(printed: str) -> float:
    """One unit of the last printed digit: '1763.884766' -> 1e-6, '1763' -> 1, '5E+1' -> 10."""
    exponent = Decimal(printed.strip()).as_tuple().exponent
    return 10.0 ** int(exponent)


def half_unit(printed: str) -> float:
    """Half a unit of the last printed digit: '1763.884766' -> 5e-7."""
    return 0.5 * unit(printed)


@dataclass(frozen=True)
class FigureCheck:
    """Judge ``impl() -> {name: value}`` against ``printed`` ({name: digits as printed}).

    ``rounding`` says, for every figure, which rule judges it: one ``Rounding`` for all the
    figures of the check, or a mapping from figure name to ``Rounding``.
    """

    printed: Mapping[str, str]
    precision: Any = np.float64
    deterministic: bool = True
    domain: Callable[[], st.SearchStrategy[dict[str, Any]]] = field(default=lambda: st.just({}))
    rounding: Rounding | Mapping[str, Rounding] = field(kw_only=True)

    def __post_init__(self) -> None:
        problems = []
        for name, digits in self.printed.items():
            try:
                Decimal(str(digits).strip())
            except InvalidOperation:
                problems.append(f"the figure {name!r} is printed as {digits!r}, which is not a number")
        if isinstance(self.rounding, Mapping):
            missing = [n for n in self.printed if not isinstance(self.rounding.get(n), Rounding)]
            if missing:
                problems.append(f"no Rounding (PRINTOUT, FORMULA or PROSE) for {', '.join(map(repr, missing))}")
        elif not isinstance(self.rounding, Rounding):
            problems.append(f"rounding must be a Rounding (PRINTOUT, FORMULA or PROSE), or a mapping of them per figure, "
                            f"got {self.rounding!r}")
        if problems:
            raise CheckError("FigureCheck", problems)

    def rule(self, name: str) -> Rounding:
        """The rule that judges the figure ``name``."""
        return self.rounding[name] if isinstance(self.rounding, Mapping) else self.rounding

    def strategy(self, domain: Callable[[], st.SearchStrategy[dict[str, Any]]]) -> st.SearchStrategy[dict[str, Any]]:
        return st.just({"inputs": {}})

    def describe(self, case: Mapping[str, Any]) -> str:
        return "the document's own data and code"

    time_limit: float = CASE_TIME_LIMIT

    def call(self, impl: Callable[[], Mapping[str, float]], case: Mapping[str, Any]) -> tuple[Any, str | None]:
        """The recomputation, under the time limit."""
        return call_safely(impl, time_limit=self.time_limit)

    def scalar_function(self) -> ScalarFunction | None:
        return None

    def judge(self, impl: Callable[[], Mapping[str, float]], case: Mapping[str, Any], *, seed: int = 0,
              subject: Subject = Subject()) -> Outcome:
        printed = impl.digits if isinstance(impl, StatedFigures) else self.printed
        values, error = self.call(impl, case)
        if error:
            return crash(f"recomputing the figures raised {error}")
        values, problem = returned_mapping(values, printed, "recomputing the figures", "value")
        if problem:
            return crash(problem)
        eps = float(np.finfo(self.precision).eps)
        rows, worst = [], None
        for name, digits in printed.items():
            got = float(values[name])
            want = float(digits)
            rule = self.rule(name) if name in self.printed else Rounding.PRINTOUT
            band = rule.units * unit(digits) + FIGURE_PRECISION_ULPS * eps * abs(want)
            diff = abs(got - want) if np.isfinite(got) else float("inf")
            rows.append((name, digits, got, diff, band, rule))
            if worst is None or diff - band > worst[3] - worst[4]:
                worst = rows[-1]
        bad = [r for r in rows if r[3] > r[4]]
        name, digits, got, diff, band, _ = bad[0] if bad else worst
        table = "\n".join(f"  {r[0]}: printed {r[1]} ({r[5].value}), recomputed {r[2]:.10g}"
                          f"{'  <-- differs' if r[3] > r[4] else ''}" for r in rows)
        common = dict(max_abs_error=max(r[3] for r in rows), max_rel_error=max(r[3] / max(abs(float(r[1])), 1e-300) for r in rows),
                      allowed=band, worst=name, printed_value=float(digits), true_value=got,
                      mismatched=len(bad), total=len(rows), judges=("recomputation",),
                      detail={"figures": [{"name": r[0], "printed": r[1], "recomputed": r[2], "rule": r[5].value,
                                          "allowed": r[4]} for r in rows]})
        if bad:
            return Outcome(status=CaseStatus.FAIL,
                           message=(f"{subject.header()}: {len(bad)} of {len(rows)} printed "
                                    f"figures differ from the recomputation at the printed precision\n{table}"),
                           **common)
        return Outcome(status=CaseStatus.PASS, message=table, **common)
