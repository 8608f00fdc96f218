"""Curves of a scalar formula, printed against true, as plain data for the report's plots.

``curve(claim)`` evaluates, on a fixed grid, the printed implementation, the
corrected one (if any) and the truth of a claim that is a function of one scalar
input (``Check.scalar_function``: activation and loss derivatives, whose other
inputs are held at a fixed value; activation definitions).  The result is JSON
data, rounded to 10 significant digits, stored in ``verdicts.json`` (key
``"curve"``); ``oracle.report.plots`` draws it.  Nothing here judges: the curve
only illustrates what the judges decided.

The grid is chosen from the truth alone: ``[-8, 8]`` when the reference is
defined on every real, ``(0, 1)`` when it is defined on probabilities only, the
half line when it is defined on positive numbers.  When the printed form agrees
with the truth everywhere on that grid but not on a wider probe (an overflow at
``|x| > 709``, say), the grid is widened to show where it breaks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from oracle.analysis.pointwise import evaluate
from oracle.checks.base import ScalarFunction
from oracle.claims import Claim
from oracle.tolerance import DIGITS_LOST

__all__ = ["Curve", "curve", "POINTS"]

#: Points on a curve's grid.
POINTS = 201
_DIGITS = 10
_REAL = (-8.0, 8.0)
_PROBABILITY = (0.005, 0.995)
_POSITIVE = (0.01, 8.0)
#: Values tried for the inputs held fixed (a loss's target): the one showing most disagreement wins.
_FIXED_CANDIDATES = (1.0, 0.0, 0.5)
_PROBE = np.geomspace(8.0, 1e4, 241)


@dataclass(frozen=True)
class Curve:
    """The curve's data (``None`` when the claim has none) and, when it has none, why."""

    data: dict[str, Any] | None
    reason: str = ""


def _round(v: float) -> float | None:
    if v is None or not math.isfinite(v):
        return None
    r = float(f"{v:.{_DIGITS}g}")
    return 0.0 if r == 0 else r  # no "-0.0" in the JSON


def _rounded(a: np.ndarray | None) -> list[float | None] | None:
    if a is None:
        return None
    return [_round(float(v)) for v in np.asarray(a, dtype=np.float64).reshape(-1)]


class _Grid:
    """The truth and a form of one claim on any grid, with the other inputs held at ``fixed``."""

    def __init__(self, fn: ScalarFunction, time_limit: float):
        self.fn, self.time_limit = fn, time_limit

    def truth(self, x: np.ndarray, fixed: Mapping[str, float]) -> np.ndarray | None:
        return evaluate(self.fn, None, x, fixed, time_limit=self.time_limit).truth

    def form(self, impl: Any, x: np.ndarray, fixed: Mapping[str, float]) -> np.ndarray | None:
        return evaluate(self.fn, impl, x, fixed, time_limit=self.time_limit, truth=False).printed


def _mismatch(printed: np.ndarray | None, true: np.ndarray | None) -> np.ndarray:
    if true is None:
        return np.zeros(0, dtype=bool)
    if printed is None:
        return np.isfinite(true)
    with np.errstate(all="ignore"):
        finite = np.isfinite(true)
        bad = ~np.isfinite(printed) | (np.abs(printed - true) > DIGITS_LOST * np.maximum(1.0, np.abs(true)))
    return finite & bad


def _interval(g: _Grid, fixed: Mapping[str, float]) -> tuple[float, float]:
    """Where the truth is defined: every real, the probabilities, or the positive half line."""
    probe = np.linspace(-8.0, 8.0, 161)
    t = g.truth(probe, fixed)
    if t is None:
        return _REAL
    ok = np.isfinite(t)
    if ok.all():
        return _REAL
    if ok.any():
        lo, hi = float(probe[ok].min()), float(probe[ok].max())
        if lo >= 0.0 and hi <= 1.0:
            return _PROBABILITY
        if lo >= 0.0:
            return _POSITIVE
    inner = np.linspace(_PROBABILITY[0], _PROBABILITY[1], 41)
    ti = g.truth(inner, fixed)
    if ti is not None and np.isfinite(ti).all():
        return _PROBABILITY
    return _REAL


def _elementwise(g: _Grid, x: np.ndarray, true: np.ndarray, fixed: Mapping[str, float]) -> bool:
    """Entry i of the output depends on entry i of the input only: the grid evaluated in two halves agrees."""
    half = x.size // 2
    a, b = g.truth(x[:half], fixed), g.truth(x[half:], fixed)
    if a is None or b is None:
        return False
    return bool(np.allclose(np.concatenate([a, b]), true, rtol=1e-12, atol=0.0, equal_nan=True))


def _nice_ceiling(v: float) -> float:
    exp = math.floor(math.log10(v))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * 10 ** exp >= v:
            return m * 10 ** exp
    return 10.0 ** (exp + 1)  # pragma: no cover


def _widened(g: _Grid, impl: Any, fixed: Mapping[str, float]) -> tuple[float, float] | None:
    """A wider symmetric interval when the printed form only breaks far out (overflow), else None."""
    xs = np.concatenate([-_PROBE[::-1], _PROBE])
    bad = _mismatch(g.form(impl, xs, fixed), g.truth(xs, fixed))
    if bad.size == 0 or not bad.any():
        return None
    reach = _nice_ceiling(1.25 * float(np.abs(xs[bad]).min()))
    return (-reach, reach)


def curve(claim: Claim) -> Curve:
    """Printed, corrected and true values of a scalar formula on a fixed grid, or why there is no curve."""
    fn = claim.check.scalar_function()
    if fn is None:
        return Curve(None, "not a function of one scalar input")
    g = _Grid(fn, claim.check.time_limit)
    printed_impl = claim.printed.impl
    corrected_impl = claim.correction.impl if claim.correction is not None else None

    candidates = [{k: v for k in fn.others} for v in _FIXED_CANDIDATES] if fn.others else [{}]
    best = None
    for fixed in candidates:
        lo, hi = _interval(g, fixed)
        x = np.linspace(lo, hi, POINTS)
        true = g.truth(x, fixed)
        if true is None or not np.isfinite(true).any():
            continue
        printed = g.form(printed_impl, x, fixed)
        score = int(_mismatch(printed, true).sum())
        if best is None or score > best[0]:
            best = (score, fixed, (lo, hi), x, true, printed)
    if best is None:
        return Curve(None, "the truth is not finite anywhere on the grid")
    score, fixed, (lo, hi), x, true, printed = best
    if fn.quantity == "value" and not _elementwise(g, x, true, fixed):
        return Curve(None, "a vector function: no curve of one scalar against another")
    if score == 0 and (lo, hi) == _REAL:
        wide = _widened(g, printed_impl, fixed)
        if wide is not None:
            lo, hi = wide
            x = np.linspace(lo, hi, POINTS)
            true, printed = g.truth(x, fixed), g.form(printed_impl, x, fixed)
    corrected = g.form(corrected_impl, x, fixed) if corrected_impl is not None else None
    return Curve({
        "variable": fn.variable,
        "quantity": fn.quantity,
        "fixed": {k: _round(v) for k, v in sorted(fixed.items())},
        "x": _rounded(x),
        "printed": _rounded(printed) if printed is not None else [None] * POINTS,
        "true": _rounded(true),
        "corrected": _rounded(corrected),
    })
