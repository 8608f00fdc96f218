"""Figure claims: numbers a document prints, recomputed from its own data and code.

The printed digits are compared at their printed precision: a recomputed value
matches when it rounds to the printed digits, that is when it lies within half a
unit of the last printed digit, widened by a few ulps of the precision the
document computed in (float32 for a PyTorch script using default tensors).

A correction of printed figures is the same recomputation stated with other digits
(``oracle.forms.StatedFigures``): it is judged against its own digits, not the
document's, so that a right correction holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Mapping

import numpy as np
from hypothesis import strategies as st

from oracle.checks.base import CASE_TIME_LIMIT, ScalarFunction, call_safely, crash, returned_mapping
from oracle.checks.messages import Subject
from oracle.checks.outcome import CaseStatus, Outcome
from oracle.forms import StatedFigures
from oracle.tolerance import FIGURE_PRECISION_ULPS

__all__ = ["FigureCheck", "half_unit"]


def half_unit(printed: str) -> float:
    """Half a unit of the last printed digit: '1763.884766' -> 5e-7."""
    exponent = Decimal(printed.strip()).as_tuple().exponent
    return 0.5 * 10.0 ** int(exponent)


@dataclass(frozen=True)
class FigureCheck:
    """Judge ``impl() -> {name: value}`` against ``printed`` ({name: digits as printed})."""

    printed: Mapping[str, str]
    precision: Any = np.float64
    deterministic: bool = True
    domain: Callable[[], st.SearchStrategy[dict[str, Any]]] = field(default=lambda: st.just({}))

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
            band = half_unit(digits) + FIGURE_PRECISION_ULPS * eps * abs(want)
            diff = abs(got - want) if np.isfinite(got) else float("inf")
            rows.append((name, digits, got, diff, band))
            if worst is None or diff - band > worst[3] - worst[4]:
                worst = rows[-1]
        bad = [r for r in rows if r[3] > r[4]]
        name, digits, got, diff, band = bad[0] if bad else worst
        table = "\n".join(f"  {r[0]}: printed {r[1]}, recomputed {r[2]:.10g}{'  <-- differs' if r[3] > r[4] else ''}"
                          for r in rows)
        common = dict(max_abs_error=max(r[3] for r in rows), max_rel_error=max(r[3] / max(abs(float(r[1])), 1e-300) for r in rows),
                      allowed=band, worst=name, printed_value=float(digits), true_value=got,
                      mismatched=len(bad), total=len(rows), judges=("recomputation",),
                      detail={"figures": [{"name": r[0], "printed": r[1], "recomputed": r[2]} for r in rows]})
        if bad:
            return Outcome(status=CaseStatus.FAIL,
                           message=(f"{subject.header()}: {len(bad)} of {len(rows)} printed "
                                    f"figures differ from the recomputation at the printed precision\n{table}"),
                           **common)
        return Outcome(status=CaseStatus.PASS, message=table, **common)
