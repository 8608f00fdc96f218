"""Tolerance policy and the mismatch message.

Note [tolerance]
----------------
No claim carries its own fudge factor.  For every entry ``i`` of a compared
quantity the allowed difference between a form and the truth ``t`` is

    allowed_i = ROUNDING_FACTOR[dtype] * (eps * |t_i| + sens_i + eps * S) + tiny

where ``eps`` is the dtype's machine epsilon and ``sens_i`` is the autograd judge's
measured sensitivity of ``t_i`` to one-ulp perturbations of every input (so an
ill-conditioned entry gets the slack its conditioning demands, and a
well-conditioned one gets almost none).  ``S`` is the scale of the comparison:
the largest entry of the truth and of the upstream gradient.  It is a floor for
entries that are tiny only because of cancellation: ``1 - tanh(a)**2`` at
``a = 20`` is 1.7e-17 exactly but any float64 formula built from terms of order
one (torch's own backward included) returns it with an absolute error of order
``eps``.  ``tiny`` (the smallest normal number) says that differences among
subnormal results carry no information.

The sensitivity costs two extra autograd passes, so checks measure it lazily:
a case is first compared with ``sens_i = 0`` and only a case that fails that
band is compared again with the measured sensitivity.  Bands only widen with
it, so the verdict is the one an eager measurement gives.

The numeric judge adds its own error bar: ``|numeric_i - t_i|`` may reach
``NUMERIC_FACTOR * error_i + allowed_i``.  When autograd and the numeric estimate
do not agree within that band, the case is *inconclusive*: neither judge can be
trusted there, so nothing is blamed on the formula.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

__all__ = [
    "ROUNDING_FACTOR",
    "NUMERIC_FACTOR",
    "Mismatch",
    "allowed",
    "mismatch",
    "mismatch_message",
]

#: Headroom over one rounding, per dtype: 2**8 ulps of the value and of its sensitivity.
ROUNDING_FACTOR: dict[torch.dtype, float] = {torch.float64: 2.0**8, torch.float32: 2.0**6}
#: How many numeric error bars two estimates may differ by.
NUMERIC_FACTOR = 8.0


def allowed(truth: torch.Tensor, sensitivity: torch.Tensor | None = None, scale: float = 0.0) -> torch.Tensor:
    """Per-entry allowed absolute difference from ``truth`` (Note [tolerance]).

    ``scale`` is the magnitude of the comparison besides the truth itself (for a
    VJP, the largest entry of the upstream gradient).
    """
    dtype = truth.dtype if truth.is_floating_point() else torch.float64
    info = torch.finfo(dtype)
    t = truth.abs()
    floor = max(float(t.max()) if t.numel() else 0.0, float(scale))
    sens = torch.zeros_like(t) if sensitivity is None else sensitivity
    return ROUNDING_FACTOR[dtype] * (info.eps * t + sens + info.eps * floor) + info.tiny


@dataclass(frozen=True)
class Mismatch:
    """Where and how much a form differs from the truth."""

    mismatched: int
    total: int
    max_abs: float
    max_rel: float
    worst_index: tuple[int, ...]
    got: float
    expected: float
    allowed: float

    @property
    def ok(self) -> bool:
        return self.mismatched == 0


def mismatch(got: torch.Tensor, expected: torch.Tensor, band: torch.Tensor) -> Mismatch:
    """Compare ``got`` with ``expected`` entry by entry within ``band``; locate the worst entry.

    Non-finite entries in ``got`` where ``expected`` is finite count as mismatched.
    """
    got = got.to(torch.float64)
    expected = expected.to(torch.float64)
    diff = (got - expected).abs()
    diff = torch.where(torch.isfinite(got), diff, torch.full_like(diff, float("inf")))
    bad = diff > band
    excess = torch.where(bad, diff - band, torch.zeros_like(diff))
    total = int(diff.numel())
    if total == 0:
        return Mismatch(0, 0, 0.0, 0.0, (), float("nan"), float("nan"), 0.0)
    # Worst entry: the largest excess over its band, or the largest difference if none exceeds.
    key = excess if bool(bad.any()) else diff
    flat = int(torch.argmax(torch.nan_to_num(key, nan=float("inf"))).item())
    idx = tuple(int(i) for i in np.unravel_index(flat, tuple(diff.shape))) if diff.dim() else ()
    rel = diff / torch.clamp(expected.abs(), min=torch.finfo(torch.float64).tiny)
    return Mismatch(
        mismatched=int(bad.sum().item()),
        total=total,
        max_abs=float(diff.max().item()),
        max_rel=float(rel.max().item()),
        worst_index=idx,
        got=float(got.reshape(-1)[flat].item()),
        expected=float(expected.reshape(-1)[flat].item()),
        allowed=float(band.reshape(-1)[flat].item()) if band.dim() else float(band.item()),
    )


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def mismatch_message(*, claim_id: str, document: str, section: str, judge: str, name: str,
                     result: Mismatch, numeric: tuple[float, float] | None = None,
                     counterexample: str = "") -> str:
    """The house mismatch message (torch.testing wording, plus the claim's location)."""
    pct = 100.0 * result.mismatched / max(1, result.total)
    where = f" of {name}" if name else ""
    lines = [
        f"Claim {claim_id} ({document}, \"{section}\") disagrees with {judge}!",
        "",
        f"Mismatched elements{where}: {result.mismatched} / {result.total} ({pct:.1f}%)",
        f"Greatest absolute difference: {_fmt(result.max_abs)} at index {result.worst_index} "
        f"(up to {_fmt(result.allowed)} allowed)",
        f"Greatest relative difference: {_fmt(result.max_rel)}",
    ]
    trail = f"printed: {_fmt(result.got)}  {judge}: {_fmt(result.expected)}"
    if numeric is not None:
        trail += f"  numeric: {_fmt(numeric[0])} ± {_fmt(numeric[1])}"
    lines.append(trail)
    if counterexample:
        lines.append(f"Counterexample: {counterexample}")
    return "\n".join(lines)
