"""Numeric derivative along one direction of all inputs at once: the projection referee.

Memory is that of a few forward evaluations whatever the size of the inputs.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import torch

from oracle.judges.numeric.estimate import Estimate, complex_step, differences
from oracle.tolerance import COMPLEX_STEP, FIRST_STEP

__all__ = ["directional", "direction_scale"]


def direction_scale(inputs: Mapping[str, Any], direction: Mapping[str, torch.Tensor]) -> float:
    """The largest step along ``direction``: ``FIRST_STEP`` relative to the inputs' and the direction's size."""
    scale = max(1.0, max(float(inputs[k].abs().max()) for k in direction) if direction else 1.0)
    return FIRST_STEP * scale / max(1.0, max(float(v.abs().max()) for v in direction.values()))


def directional(fn: Callable[..., torch.Tensor], inputs: Mapping[str, Any], grad_out: torch.Tensor,
                direction: Mapping[str, torch.Tensor], *, analytic: bool = False,
                phi0: torch.Tensor | None = None, first_step: float | None = None) -> Estimate:
    """Numeric derivative of ``<grad_out, fn(inputs + t * direction)>`` at ``t = 0`` (one scalar).

    Memory is that of a few forward evaluations: the projection check for inputs
    too large to estimate entry by entry.  ``phi0``, the value at ``t = 0``, saves a
    forward evaluation where the caller has it; ``first_step`` caps the largest step (a kink
    along the direction, ``around_kinks``).
    """

    def at(t: Any) -> dict[str, Any]:
        if isinstance(t, complex):
            return {**inputs, **{k: inputs[k] + t * v for k, v in direction.items()}}
        return {**inputs, **{k: torch.add(inputs[k], v, alpha=t) for k, v in direction.items()}}

    if analytic:
        try:
            out = fn(**at(1j * COMPLEX_STEP))
            if out.is_complex():
                prod = grad_out * out.imag
                est = complex_step(lambda h: (prod.sum(), prod.abs().sum()),
                                    torch.tensor(COMPLEX_STEP, dtype=torch.float64))
                return Estimate(value=est.value.reshape(1), error=est.error.reshape(1), method=est.method)
        except Exception:
            pass
    h0 = direction_scale(inputs, direction)
    def phi(steps: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        prods = [grad_out * fn(**at(float(t))) for t in steps]
        return torch.stack([p.sum() for p in prods]).cpu(), torch.stack([p.abs().sum() for p in prods]).cpu()

    phi0 = ((grad_out * fn(**inputs)).sum() if phi0 is None else phi0).cpu()
    h0 = h0 if first_step is None else min(h0, float(first_step))
    est = differences(phi, torch.tensor(h0, dtype=torch.float64), torch.zeros((), dtype=torch.bool), phi0)
    return Estimate(value=est.value.reshape(1), error=est.error.reshape(1), method=est.method)
