"""Entry-by-entry comparison of a form with the truth, within a per-entry band.

A ``Mismatch`` pairs every figure with its own index, as ``torch.testing`` does:
the greatest absolute difference and the index where it occurs, the greatest
relative difference and its index, and, separately, the *worst* entry (the one
exceeding its band the most, or the largest difference when none exceeds), which
is the entry a check blames and referees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

__all__ = ["Mismatch", "mismatch"]


@dataclass(frozen=True)
class Mismatch:
    """Where and how much a form differs from the truth.

    Attributes:
        mismatched, total: entries outside their band, and entries compared.
        max_abs, max_abs_index, max_abs_allowed: the greatest absolute difference, where, and its band there.
        max_rel, max_rel_index: the greatest relative difference and where.
        worst_index, got, expected, allowed: the entry exceeding its band the most (the largest
            difference when none exceeds), its two values and its band.
    """

    mismatched: int
    total: int
    max_abs: float
    max_rel: float
    worst_index: tuple[int, ...]
    got: float
    expected: float
    allowed: float
    max_abs_index: tuple[int, ...] = ()
    max_abs_allowed: float = 0.0
    max_rel_index: tuple[int, ...] = ()

    @property
    def ok(self) -> bool:
        return self.mismatched == 0


def _index(flat: int, shape: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(int(i) for i in np.unravel_index(flat, shape)) if shape else ()


def _argmax(values: torch.Tensor) -> int:
    return int(torch.argmax(torch.nan_to_num(values, nan=float("inf"))).item())


def mismatch(got: torch.Tensor, expected: torch.Tensor, band: torch.Tensor) -> Mismatch:
    """Compare ``got`` with ``expected`` entry by entry within ``band``; locate the worst entry.

    Non-finite entries in ``got`` where ``expected`` is finite count as mismatched.
    """
    got = got.to(torch.float64)
    expected = expected.to(torch.float64)
    diff = (got - expected).abs()
    diff = torch.where(torch.isfinite(got), diff, torch.full_like(diff, float("inf")))
    band = torch.broadcast_to(band, diff.shape)
    bad = diff > band
    total = int(diff.numel())
    if total == 0:
        return Mismatch(0, 0, 0.0, 0.0, (), float("nan"), float("nan"), 0.0)
    excess = torch.where(bad, diff - band, torch.zeros_like(diff))
    shape = tuple(diff.shape)
    worst = _argmax(excess if bool(bad.any()) else diff)
    rel = diff / torch.clamp(expected.abs(), min=torch.finfo(torch.float64).tiny)
    # Among equal greatest differences, name the worst entry: one index where one suffices.
    largest = worst if bool(diff.reshape(-1)[worst] >= diff.max()) else _argmax(diff)
    largest_rel = worst if bool(rel.reshape(-1)[worst] >= rel.max()) else _argmax(rel)
    flat = lambda t, i: float(t.reshape(-1)[i].item())  # noqa: E731
    return Mismatch(
        mismatched=int(bad.sum().item()),
        total=total,
        max_abs=flat(diff, largest),
        max_rel=flat(rel, largest_rel),
        worst_index=_index(worst, shape),
        got=flat(got, worst),
        expected=flat(expected, worst),
        allowed=flat(band, worst),
        max_abs_index=_index(largest, shape),
        max_abs_allowed=flat(band, largest),
        max_rel_index=_index(largest_rel, shape),
    )
