"""Figure claims: numbers a document prints, recomputed from its own data and code.

The printed digits are compared at their printed precision: a recomputed value
matches when it rounds to the printed digits, that is when it lies within half a
unit of the last printed digit, widened by a few ulps of the precision the
document computed in (float32 for a PyTorch script using default tensors).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Mapping

import numpy as np
from hypothesis import strategies as st

from oracle.checks.common import call_safely, crash
from oracle.outcome import CaseStatus, Outcome

__all__ = ["FigureCheck", "half_unit"]

#: ulps of the computing precision allowed on top of the printed half unit.
_PRECISION_ULPS = 4


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

    def judge(self, impl: Callable[[], Mapping[str, float]], case: Mapping[str, Any], *, seed: int = 0,
              claim_id: str = "", document: str = "", section: str = "") -> Outcome:
        values, error = call_safely(impl)
        if error:
            return crash(f"recomputing the figures raised {error}")
        if not isinstance(values, Mapping):
            return crash(f"recomputing the figures returned {type(values).__name__}, expected a mapping")
        missing = [k for k in self.printed if k not in values]
        if missing:
            return crash(f"recomputing the figures gave no value for {', '.join(missing)}")
        eps = float(np.finfo(self.precision).eps)
        rows, worst = [], None
        for name, digits in self.printed.items():
            got = float(values[name])
            want = float(digits)
            band = half_unit(digits) + _PRECISION_ULPS * eps * abs(want)
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
                           message=(f"Claim {claim_id} ({document}, \"{section}\"): {len(bad)} of {len(rows)} printed "
                                    f"figures differ from the recomputation at the printed precision\n{table}"),
                           **common)
        return Outcome(status=CaseStatus.PASS, message=table, **common)
