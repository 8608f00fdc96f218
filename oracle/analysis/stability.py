"""Numerical stability audit: where does a printed implementation break down?

For claims whose printed form is a function of one scalar array input (activation
definitions and derivatives), the audit scans magnitudes from 1e-30 to 1e6 on both
sides of zero, evaluating the printed form and the truth (the torch reference, or
its autograd derivative for a backward claim) and marking a point *bad* when the
printed value is NaN or infinite while the truth is finite, or when it has lost
more than half of its significant digits (relative error above 1e-8).  Each
boundary between good and bad is then bisected to a few parts in a million, and
reported as a threshold such as "NaN for x >= 709.78".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from oracle.analysis.pointwise import evaluate
from oracle.checks.base import ScalarFunction
from oracle.claims import Claim, Kind, Status
from oracle.tolerance import DIGITS_LOST

__all__ = ["Threshold", "Audit", "audit", "auditable"]

_GRID = np.concatenate([10.0 ** np.arange(-30, 6.01, 0.125)])


@dataclass(frozen=True)
class Threshold:
    """From ``start`` outwards (towards ``direction``), the printed form ``what``."""

    variable: str
    start: float
    direction: str  # "up" (|x| grows) or "down" (|x| shrinks towards 0)
    what: str

    def sentence(self) -> str:
        if self.direction == "up":
            op = ">=" if self.start > 0 else "<="
            return f"{self.what} for {self.variable} {op} {self.start:.6g}"
        lo, hi = sorted((0.0, self.start))
        return f"{self.what} for {self.variable} in ({lo:.6g}, {hi:.6g}]" if self.start > 0 else \
            f"{self.what} for {self.variable} in [{self.start:.6g}, 0)"


@dataclass(frozen=True)
class Audit:
    """The thresholds found, or why the audit could not be carried out (``reason``).

    ``applicable`` is false when the claim turns out not to be a function of one scalar
    input after all (its truth does not give one value per point): nothing to audit.
    """

    thresholds: tuple[Threshold, ...] = ()
    reason: str = ""
    applicable: bool = True


class _NotPointwise(RuntimeError):
    """The truth maps the grid to something else than one value per point."""


def _scalar(claim: Claim) -> ScalarFunction | None:
    """The claim as a function of its one input (no other input held fixed), or None."""
    fn = claim.check.scalar_function()
    return fn if fn is not None and not fn.others else None


def auditable(claim: Claim) -> bool:
    """Printed forms of one scalar input that are exact in real arithmetic (not errata)."""
    return (claim.kind in (Kind.DEFINITION, Kind.STABILITY, Kind.BACKWARD)
            and claim.expect in (Status.HOLDS, Status.UNSTABLE) and _scalar(claim) is not None)


def _evaluator(claim: Claim, fn: ScalarFunction) -> Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Printed values and the truth at points ``x``; a printed form that raises gives NaN there.

    Raises:
        RuntimeError: the truth itself cannot be evaluated (the audit is then not carried out).
    """
    impl, limit = claim.printed.impl, claim.check.time_limit

    def values(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        point = evaluate(fn, impl, x, {}, time_limit=limit)
        if point.truth is None:
            raise (_NotPointwise if point.truth_shape_differs else RuntimeError)(point.problem)
        printed = point.printed if point.printed is not None else np.full_like(x, np.nan)
        return printed, point.truth

    return values


def _bad(p: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(all="ignore"):
        nonfinite = ~np.isfinite(p) & np.isfinite(t)
        rel = np.abs(p - t) / np.maximum(np.abs(t), np.finfo(np.float64).tiny)
        lost = np.isfinite(t) & (np.abs(t) > np.finfo(np.float64).tiny) & (rel > DIGITS_LOST)
    return nonfinite, lost | nonfinite


def _label(nonfinite: bool, p: float) -> str:
    if nonfinite:
        return "returns NaN" if math.isnan(p) else "returns inf"
    return "loses more than half of its significant digits"


def _bisect(values, sign: float, good: float, bad: float, *, nonfinite_only: bool = False) -> float:
    """The boundary between |x| = good and |x| = bad, to a few parts in a million.

    ``nonfinite_only``: bad means NaN or inf (not merely digits lost).
    """
    which = 0 if nonfinite_only else 1
    for _ in range(80):
        if abs(bad - good) <= 1e-6 * max(abs(bad), abs(good)):
            break
        lo, hi = sorted((good, bad))
        mid = math.sqrt(lo * hi) if hi / lo > 1.0001 else (lo + hi) / 2
        pm, tm = values(np.array([sign * mid]))
        if bool(_bad(pm, tm)[which][0]):
            bad = mid
        else:
            good = mid
    return sign * bad


def audit(claim: Claim) -> Audit:
    """Where the printed form breaks down: at most one region towards 0 and one towards large |x| per side."""
    fn = _scalar(claim)
    if fn is None:
        return Audit(reason="not a function of one scalar input")
    try:
        return Audit(thresholds=tuple(_audit(_evaluator(claim, fn), fn.variable)))
    except _NotPointwise:
        return Audit(reason="the truth does not give one value per point", applicable=False)
    except RuntimeError as exc:
        return Audit(reason=f"the truth cannot be evaluated pointwise: {exc}")


def _audit(values: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]], name: str) -> list[Threshold]:
    found: list[Threshold] = []
    for sign in (1.0, -1.0):
        x = sign * _GRID
        p, t = values(x)
        nonfinite, bad = _bad(p, t)
        small = [i for i in range(len(x)) if bad[i] and abs(x[i]) < 1]
        if small:
            i = max(small)
            if i + 1 < len(x) and not bad[i + 1]:
                edge = _bisect(values, sign, abs(x[i + 1]), abs(x[i]))
                found.append(Threshold(name, float(edge), "down", _label(bool(nonfinite[i]), float(p[i]))))
        large = [i for i in range(len(x)) if bad[i] and abs(x[i]) >= 1]
        if large:
            i = min(large)
            edge = _bisect(values, sign, abs(x[i - 1]), abs(x[i])) if i > 0 and not bad[i - 1] else float(x[i])
            found.append(Threshold(name, float(edge), "up", _label(bool(nonfinite[i]), float(p[i]))))
            overflow = [j for j in large if nonfinite[j]]
            if overflow and not nonfinite[i]:
                j = min(overflow)
                edge = _bisect(values, sign, abs(x[j - 1]), abs(x[j]), nonfinite_only=True)
                found.append(Threshold(name, float(edge), "up", _label(True, float(p[j]))))
    return found

