"""Autograd judge: the exact VJP of a torch reference, with a rounding-sensitivity bar.

The reference is differentiated by ``torch.autograd`` in float64.  Besides the
VJP itself the judge reports, per entry, how much the VJP moves when every input
and the upstream gradient are perturbed by a few units in the last place: that
is the scale at which two correct float64 implementations of the same
mathematics may legitimately differ (see ``oracle.tolerance``, Note [tolerance]).
The perturbed passes also move the result of every operation by a few ulps
(``rounding_noise``), so that rounding inside the computation counts as well as
rounding of the inputs: ``1 - tanh(a)**2`` at a saturated ``a`` loses its digits
to cancellation, which no perturbation of ``a`` shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import torch
from torch.utils._python_dispatch import TorchDispatchMode

from oracle.errors import JudgeError
from oracle.tolerance import SENSITIVITY_DRAWS, SENSITIVITY_ULPS

__all__ = ["AutogradVJP", "JudgeError", "noise_generator", "perturb_inputs", "rounding_noise", "sensitivity", "sensitivity_perturbation",
           "vjp"]


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


def noise_generator(seed: int) -> torch.Generator:
    """The generator of ``rounding_noise``, apart from the one that perturbs the inputs: the inputs move exactly as
    they would without the noise, which only ever scales a result (it never changes its sign, so a kink at 0 is
    never crossed by it)."""
    return torch.Generator().manual_seed((seed + 0x9E3779B9) % 2**63)


class rounding_noise(TorchDispatchMode):  # noqa: N801 (used as a context manager, like torch's own modes)
    """Within it, every floating result of a torch operation moves by ``SENSITIVITY_ULPS`` relative ulps in a
    random direction (Monte Carlo arithmetic): how far the computation's own rounding can carry its result.

    In-place and view operations are left alone: their result must stay the tensor they act on.
    """

    def __init__(self, generator: torch.Generator) -> None:
        super().__init__()
        self.generator = generator

    def __torch_dispatch__(self, func: Any, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        out = func(*args, **(kwargs or {}))
        if (func._schema.is_mutable or func.is_view or not isinstance(out, torch.Tensor)
                or not out.is_floating_point() or out.device.type == "meta"):
            return out
        return sensitivity_perturbation(out, self.generator)


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
    """Per entry, how far the VJP ``grads`` moves per ulp when every input, ``grad_out`` and the result of every
    operation move by a few ulps."""
    gen, noise = torch.Generator().manual_seed(seed), noise_generator(seed)
    spread = {k: torch.zeros_like(g) for k, g in grads.items()}
    for _ in range(SENSITIVITY_DRAWS):
        moved = perturb_inputs(inputs, gen)
        upstream = sensitivity_perturbation(grad_out, gen)
        try:
            with rounding_noise(noise):
                _, g2 = _grads(fn, moved, wrt, upstream)
        except Exception:
            continue
        for k in grads:
            spread[k] = torch.maximum(spread[k], torch.nan_to_num((g2[k] - grads[k]).abs(), nan=0.0, posinf=0.0))
    return {k: s / SENSITIVITY_ULPS for k, s in spread.items()}
