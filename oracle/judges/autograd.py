"""Autograd judge: the exact VJP of a torch reference, with a rounding-sensitivity bar.

The reference is differentiated by ``torch.autograd`` in float64.  Besides the
VJP itself the judge reports, per entry, how much the VJP moves when every input
and the upstream gradient are perturbed by a few units in the last place: that
is the scale at which two correct float64 implementations of the same
mathematics may legitimately differ (see ``oracle.tolerance``, Note [tolerance]).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import torch

from oracle.errors import JudgeError
from oracle.tolerance import SENSITIVITY_DRAWS, SENSITIVITY_ULPS

__all__ = ["AutogradVJP", "JudgeError", "perturb_inputs", "sensitivity", "sensitivity_perturbation", "vjp"]


@dataclass(frozen=True)
class AutogradVJP:
    """VJP of the reference with respect to each named input, and its rounding scale.

    ``sensitivity`` is zero where it was not measured (``measured`` false): the
    tightest band, which a caller widens only when a comparison fails without it.
    """

    output: torch.Tensor
    grads: dict[str, torch.Tensor]
    sensitivity: dict[str, torch.Tensor]
    measured: bool = True


def _grads(fn: Callable[..., torch.Tensor], inputs: Mapping[str, Any], wrt: Sequence[str],
           grad_out: torch.Tensor) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    leaves = {k: inputs[k].detach().clone().requires_grad_(True) for k in wrt}
    args = {**inputs, **leaves}
    with torch.enable_grad():
        out = fn(**args)
        if not isinstance(out, torch.Tensor):
            raise JudgeError(f"the reference returned {type(out).__name__}, not a tensor")
        if out.shape != grad_out.shape:
            raise JudgeError(f"the reference output has shape {tuple(out.shape)}, upstream {tuple(grad_out.shape)}")
        got = torch.autograd.grad(out, [leaves[k] for k in wrt], grad_out, allow_unused=True)
    grads = {k: (torch.zeros_like(leaves[k]) if g is None else g.detach()) for k, g in zip(wrt, got)}
    return out.detach(), grads


def sensitivity_perturbation(t: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """``t`` with every entry moved by ``SENSITIVITY_ULPS`` relative ulps in a random direction."""
    eps = torch.finfo(t.dtype).eps
    signs = torch.randint(0, 2, t.shape, generator=generator, dtype=torch.int64).to(device=t.device, dtype=t.dtype) * 2 - 1
    return t * (1 + SENSITIVITY_ULPS * eps * signs)


def perturb_inputs(inputs: Mapping[str, Any], generator: torch.Generator) -> dict[str, Any]:
    """Every floating tensor input moved by ``SENSITIVITY_ULPS`` relative ulps; other inputs unchanged."""
    return {k: (sensitivity_perturbation(v, generator) if isinstance(v, torch.Tensor) and v.is_floating_point() else v)
            for k, v in inputs.items()}


def vjp(fn: Callable[..., torch.Tensor], inputs: Mapping[str, Any], wrt: Sequence[str],
        grad_out: torch.Tensor, *, seed: int = 0, measure_sensitivity: bool = True) -> AutogradVJP:
    """Return the VJP of ``fn(**inputs)`` with ``grad_out`` for the inputs named in ``wrt``.

    With ``measure_sensitivity`` false the two extra perturbed passes are skipped and
    the sensitivity is zero (see ``sensitivity`` to measure it later).

    Raises:
        JudgeError: the reference raised or returned something unusable.
    """
    try:
        out, grads = _grads(fn, inputs, wrt, grad_out)
    except JudgeError:
        raise
    except Exception as exc:  # the reference is user code too
        raise JudgeError(f"the torch reference raised {type(exc).__name__}: {exc}") from exc
    if not measure_sensitivity:
        return AutogradVJP(output=out, grads=grads, sensitivity={k: torch.zeros_like(g) for k, g in grads.items()},
                           measured=False)
    return AutogradVJP(output=out, grads=grads, sensitivity=sensitivity(fn, inputs, wrt, grad_out, grads, seed=seed))


def sensitivity(fn: Callable[..., torch.Tensor], inputs: Mapping[str, Any], wrt: Sequence[str],
                grad_out: torch.Tensor, grads: Mapping[str, torch.Tensor], *, seed: int = 0) -> dict[str, torch.Tensor]:
    """Per entry, how far the VJP ``grads`` moves per ulp when every input and ``grad_out`` move by a few ulps."""
    gen = torch.Generator().manual_seed(seed)
    spread = {k: torch.zeros_like(g) for k, g in grads.items()}
    for _ in range(SENSITIVITY_DRAWS):
        moved = perturb_inputs(inputs, gen)
        try:
            _, g2 = _grads(fn, moved, wrt, sensitivity_perturbation(grad_out, gen))
        except Exception:
            continue
        for k in grads:
            spread[k] = torch.maximum(spread[k], torch.nan_to_num((g2[k] - grads[k]).abs(), nan=0.0, posinf=0.0))
    return {k: s / SENSITIVITY_ULPS for k, s in spread.items()}
