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
import torch
from hypothesis import Phase, find, settings

from oracle.checks import ValueCheck, VJPCheck
from oracle.checks.common import call_safely
from oracle.judges import numeric
from oracle.claims import Claim, Kind, Status
from oracle.draws import independent_draws

__all__ = ["Threshold", "audit", "auditable"]

#: More than half of float64's ~16 significant digits lost.
DIGITS_LOST = 1e-8
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


def _single_input(claim: Claim) -> str | None:
    check = claim.check
    if not isinstance(check, (VJPCheck, ValueCheck)):
        return None
    try:
        # One generated example says which inputs there are; no shrinking, no explain phase.
        with independent_draws():
            example = find(check.domain(), lambda _: True,
                           settings=settings(database=None, max_examples=1, phases=[Phase.generate]))
    except Exception:
        return None
    arrays = [k for k, v in example.items() if isinstance(v, np.ndarray)]
    if len(example) != 1 or not arrays:
        return None
    if isinstance(check, VJPCheck) and not (check.elementwise and tuple(check.wrt) == tuple(arrays)):
        return None
    return arrays[0]


def auditable(claim: Claim) -> bool:
    """Scalar-input printed forms that are exact in real arithmetic (not errata)."""
    return (claim.kind in (Kind.DEFINITION, Kind.STABILITY, Kind.BACKWARD)
            and claim.expect in (Status.HOLDS, Status.UNSTABLE) and _single_input(claim) is not None
            and (isinstance(claim.check, VJPCheck) and len(claim.check.wrt) == 1 or isinstance(claim.check, ValueCheck)))


def _evaluator(claim: Claim, name: str) -> Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Printed values and the truth at points ``x``.

    For a backward claim the truth is the numeric judge's complex-step derivative
    when the reference is analytic (exact to rounding, unlike a library backward
    such as 1 - tanh(a)**2, which loses relative digits in saturation itself);
    otherwise the autograd derivative.
    """
    check = claim.check
    impl = claim.printed.impl

    def values(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        t = torch.from_numpy(x.copy())
        if isinstance(check, VJPCheck):
            ones = torch.ones_like(t)
            est = numeric.vjp_entries(check.reference, {name: t}, (name,), ones, elementwise=True,
                                      analytic=check.analytic, breaks=check.breaks)[name]
            if est.method == "complex-step":
                truth = est.value
            else:
                leaf = t.clone().requires_grad_(True)
                out = check.reference(**{name: leaf})
                (truth,) = torch.autograd.grad(out, leaf, torch.ones_like(out))
            printed, err = call_safely(impl, {name: x.copy()}, np.ones_like(x))
            printed = printed.get(name) if isinstance(printed, dict) else None
        else:
            truth = check.reference(**{name: t})
            printed, err = call_safely(lambda: impl(**{name: x.copy()}))
        p = np.full_like(x, np.nan) if err or printed is None else np.asarray(printed, dtype=np.float64).reshape(x.shape)
        return p, truth.detach().numpy().astype(np.float64)

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


def audit(claim: Claim) -> list[Threshold]:
    """Where the printed form breaks down: at most one region towards 0 and one towards large |x| per side."""
    name = _single_input(claim)
    if name is None:
        return []
    try:
        return _audit(_evaluator(claim, name), name)
    except Exception:  # a form the audit cannot drive pointwise is not audited
        return []


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

