"""An entry, or a projection, estimated again with steps that cross no kink inside the reference.

Note [kinks inside the reference]: the numeric judge's largest step (2^-7 of an entry) can
straddle a kink the reference hides (a relu pre-activation of a network 1e-9 from zero); the
difference quotient then mixes two slopes, and a right formula would be called inconclusive.
When the judges disagree, the check asks this module: ``branches`` records which branch every
non-differentiable op takes at the point and after a step; if the judge's own steps change a
branch, the step is halved until it does not, and the entry is estimated again:

* with central differences when both sides leave room (steps down to 2^-20 of the first one);
* with one-sided differences on the side that leaves room otherwise (the derivative *at* the
  point, which is not on the kink);
* and when a kink sits within rounding distance on both sides, the point is on the kink: the
  one-sided derivatives from either side bound the valid values, a convention as at a declared
  break (``Estimate.kink``).

Nothing changes where no kink is in reach: a genuine disagreement stays one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

import torch

from oracle.judges.numeric.branches import Crossing, Site, crossing, signatures
from oracle.judges.numeric.directional import direction_scale
from oracle.judges.numeric.entries import phi_batch
from oracle.judges.numeric.estimate import Estimate, richardson_central, richardson_one_sided, rounding
from oracle.tolerance import FIRST_STEP

__all__ = ["Rescue", "entry_around_kinks", "direction_around_kinks"]

#: Smallest step tried, relative to the first one: below it rounding dominates a difference quotient.
_SMALLEST = 2.0**-20
_HALVINGS = 48


@dataclass(frozen=True)
class Rescue:
    """The new estimate (shape ``(1,)``), the kink the judge's steps crossed, and what was done, in words."""

    estimate: Estimate
    crossed: Crossing
    note: str


def _largest_clean(crosses: Callable[[float], Crossing | None], h0: float) -> float:
    """The largest step h0 / 2^k whose move crosses no kink (0 when even the smallest one does)."""
    h = h0
    for _ in range(_HALVINGS):
        if crosses(h) is None:
            return h
        h /= 2
    return 0.0


def _estimate(phi: Callable[[list[float]], tuple[torch.Tensor, torch.Tensor]], phi0: torch.Tensor,
              h_plus: float, h_minus: float, h0: float) -> tuple[Estimate, str]:
    """Central, one-sided or on-the-kink estimate from the room left on each side."""
    floor = h0 * _SMALLEST
    h = min(h_plus, h_minus)
    if h >= floor:
        levels = [h / 2**k for k in range(3)]
        vals, mags = phi([s for hk in levels for s in (hk, -hk)])
        central = [(vals[2 * k] - vals[2 * k + 1]) / (2 * levels[k]) for k in range(3)]
        value, err = richardson_central(central)
        err = err + rounding(mags, torch.tensor(levels[-1]))
        return Estimate(value=value.reshape(1), error=err.reshape(1), method="richardson-central"), \
            f"central differences with steps up to {h:.3g}"
    if max(h_plus, h_minus) >= floor:
        sign, room = (1.0, h_plus) if h_plus >= h_minus else (-1.0, h_minus)
        levels = [room / 2**k for k in range(3)]
        vals, mags = phi([sign * hk for hk in levels])
        value, err = richardson_one_sided([(vals[k] - phi0) / (sign * levels[k]) for k in range(3)])
        err = err + rounding(torch.cat([mags, mags.new_tensor([float(phi0.abs())])]), torch.tensor(levels[-1]))
        side = "above" if sign > 0 else "below"
        return Estimate(value=value.reshape(1), error=err.reshape(1), method="richardson-one-sided"), \
            f"one-sided differences from {side}, steps up to {room:.3g}"
    levels = [h0 / 2**k for k in range(3)]
    vals, mags = phi([s for hk in levels for s in (hk, -hk)])
    right, err_r = richardson_one_sided([(vals[2 * k] - phi0) / levels[k] for k in range(3)])
    left, err_l = richardson_one_sided([(phi0 - vals[2 * k + 1]) / levels[k] for k in range(3)])
    err = torch.maximum(err_l, err_r) + rounding(mags, torch.tensor(levels[-1]))
    lower, upper = torch.minimum(left, right).reshape(1), torch.maximum(left, right).reshape(1)
    return Estimate(value=(lower + upper) / 2, error=err.reshape(1), method="richardson-one-sided", lower=lower,
                    upper=upper, kink=torch.ones(1, dtype=torch.bool)), "the point is on the kink: one-sided bounds"


def entry_around_kinks(fn: Callable[..., torch.Tensor], inputs: Mapping[str, Any], name: str,
                       grad_out: torch.Tensor, index: tuple[int, ...],
                       sites: list[Site] | None = None) -> Rescue | None:
    """Entry ``index`` of input ``name`` estimated with steps clear of every kink, or ``None`` when the
    judge's own steps cross none (Note [kinks inside the reference]).  ``sites``: the recording at
    ``inputs``, where the caller has it."""
    sites = signatures(fn, inputs) if sites is None else sites
    if not sites:
        return None
    x = inputs[name]
    unit = torch.zeros_like(x)
    unit[index] = 1.0
    h0 = FIRST_STEP * max(float(x[index].abs()), 1.0)
    crosses = lambda t: crossing(fn, inputs, {**inputs, name: x + t * unit}, sites)  # noqa: E731
    up, down = crosses(h0), crosses(-h0)
    if up is None and down is None:
        return None
    h_plus = h0 if up is None else _largest_clean(crosses, h0)
    h_minus = h0 if down is None else _largest_clean(lambda t: crosses(-t), h0)

    def phi(steps: list[float]) -> tuple[torch.Tensor, torch.Tensor]:
        xs = torch.stack([x + s * unit for s in steps])
        return phi_batch(fn, inputs, name, grad_out, xs)

    phi0 = (grad_out * fn(**inputs)).sum()
    estimate, how = _estimate(phi, phi0, h_plus, h_minus, h0)
    crossed = up if up is not None else down
    return Rescue(estimate, crossed, f"a kink of {crossed.describe()} lies within the numeric judge's step at "
                                     f"{name}{tuple(index)}: estimated with {how}")


def direction_around_kinks(fn: Callable[..., torch.Tensor], inputs: Mapping[str, Any], grad_out: torch.Tensor,
                           direction: Mapping[str, torch.Tensor], sites: list[Site] | None = None) -> Rescue | None:
    """A projection estimated with steps along ``direction`` clear of every kink, or ``None`` when the judge's
    own steps cross none."""
    sites = signatures(fn, inputs) if sites is None else sites
    if not sites:
        return None
    h0 = direction_scale(inputs, direction)
    at = lambda t: {**inputs, **{k: torch.add(inputs[k], v, alpha=t) for k, v in direction.items()}}  # noqa: E731
    crosses = lambda t: crossing(fn, inputs, at(t), sites)  # noqa: E731
    up, down = crosses(h0), crosses(-h0)
    if up is None and down is None:
        return None
    h_plus = h0 if up is None else _largest_clean(crosses, h0)
    h_minus = h0 if down is None else _largest_clean(lambda t: crosses(-t), h0)

    def phi(steps: list[float]) -> tuple[torch.Tensor, torch.Tensor]:
        prods = [grad_out * fn(**at(s)) for s in steps]
        return torch.stack([q.sum() for q in prods]), torch.stack([q.abs().sum() for q in prods])

    phi0 = (grad_out * fn(**inputs)).sum()
    estimate, how = _estimate(phi, phi0, h_plus, h_minus, h0)
    crossed = up if up is not None else down
    return Rescue(estimate, crossed, f"a kink of {crossed.describe()} lies within the numeric judge's step along "
                                     f"a random projection: estimated with {how}")
