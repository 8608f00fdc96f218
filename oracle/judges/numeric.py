"""Numeric judge: VJPs from forward evaluations only, each with an error estimate.

The judge never calls autograd.  It differentiates the scalar
``phi(x) = <grad_out, f(x)>`` along coordinate or random directions:

* complex step, ``Im phi(x + i h v) / h``, where the caller says the function is
  analytic: exact up to rounding and it never leaves a real domain;
* otherwise central differences at three step sizes combined by Richardson
  extrapolation, with the difference between the last two extrapolants plus a
  rounding term as the error estimate (numdifftools' habit: no estimate without
  its error bar).

Steps never cross a caller-declared *break* (a domain boundary such as 0 or 1 for
probabilities, or a kink such as 0 for ReLU).  An entry sitting exactly on a
break gets one-sided derivatives from both sides instead, so that a kink is
reported as an interval of valid values rather than as a wrong number.

No Jacobian is built.  Entry-wise estimates perturb a chunk of coordinates at a
time (memory O(chunk x input size)), or every coordinate at once for elementwise
functions; where that is too costly the caller checks a few random projections
instead (``directional``, O(inputs + outputs) memory whatever the size) and
estimates single entries on demand (``vjp_at``); ``oracle.checks.vjp``, Note
[numeric referee mode], decides which.
"""

from __future__ import annotations

import ctypes
import functools
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import torch

from oracle.tolerance import (
    COMPLEX_STEP,
    COMPLEX_STEP_ROUNDING,
    DIFFERENCE_ROUNDING,
    FIRST_STEP,
    KINK_GAP_RATIO,
    KINK_GAP_ROUNDINGS,
)

__all__ = ["Estimate", "Unsupported", "vjp_entries", "vjp_at", "vjp_entry", "directional"]

#: Perturbed copies per batched evaluation are capped so that copies x size stays under this.
BATCH_ELEMENTS = 2**21


class Unsupported(Exception):
    """The method cannot handle this function (e.g. complex step on a real-only op)."""


@dataclass(frozen=True)
class Estimate:
    """A numeric derivative with its error estimate.

    ``value`` and ``error`` have the shape of what was differentiated (an input,
    or one scalar per projection).  Where ``kink`` is true the entry sits on a
    declared break and ``[lower, upper]`` bounds the valid one-sided values;
    ``value`` is then their midpoint.
    """

    value: torch.Tensor
    error: torch.Tensor
    method: str
    lower: torch.Tensor | None = None
    upper: torch.Tensor | None = None
    kink: torch.Tensor | None = None


def _eval_phi_batch(fn: Callable[..., torch.Tensor], inputs: Mapping[str, Any], name: str,
                    grad_out: torch.Tensor, xs: torch.Tensor, *, per_entry: bool = False) -> torch.Tensor:
    """phi at each of the stacked copies ``xs`` of input ``name`` (vmap, else a loop)."""

    def single(x: torch.Tensor) -> torch.Tensor:
        out = fn(**{**inputs, name: x})
        prod = grad_out * out
        return prod if per_entry else prod.sum()

    try:
        return torch.func.vmap(single)(xs)
    except Exception:
        return torch.stack([single(x) for x in xs])


def _rounding(phis: torch.Tensor, h: torch.Tensor) -> torch.Tensor:
    eps = torch.finfo(torch.float64).eps
    return DIFFERENCE_ROUNDING * eps * phis.abs().amax(dim=0) / h


def _steps(x: torch.Tensor, breaks: Sequence[float]) -> tuple[torch.Tensor, torch.Tensor]:
    """First step per entry, capped at half the distance to the nearest break; mask of entries on a break."""
    h = FIRST_STEP * torch.clamp(x.abs(), min=1.0)
    on_break = torch.zeros_like(x, dtype=torch.bool)
    for b in breaks:
        d = (x - b).abs()
        on_break |= d == 0
        h = torch.where(d > 0, torch.minimum(h, d / 2), h)
    return h, on_break


# Note [Richardson error]: the error estimate adds the change between the two
# first-order extrapolants to the change of the last step.  It overstates the
# error where the table converges (harmless: the numeric judge referees, the
# autograd judge measures) and, where rounding noise dominates the differences
# (tiny steps forced by a nearby break), it grows with that noise instead of
# letting one lucky agreement pass for accuracy.


def _richardson_central(d: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    r1a = (4 * d[1] - d[0]) / 3
    r1b = (4 * d[2] - d[1]) / 3
    r2 = (16 * r1b - r1a) / 15
    return r2, (r2 - r1b).abs() + (r1b - r1a).abs()


def _richardson_one_sided(d: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    r1a = 2 * d[1] - d[0]
    r1b = 2 * d[2] - d[1]
    r2 = (4 * r1b - r1a) / 3
    return r2, (r2 - r1b).abs() + (r1b - r1a).abs()


def _undeclared_kink(plus: torch.Tensor, minus: torch.Tensor, phi0: torch.Tensor, levels: list[torch.Tensor],
                     rounding: torch.Tensor) -> torch.Tensor:
    """Error to add where a kink nobody declared lies inside every step.

    Note [undeclared kink]: the gap between the one-sided differences,
    ``D+(h) - D-(h) = (phi(x+h) - 2 phi(x) + phi(x-h)) / h``, halves with ``h`` where phi
    is smooth (it is ``h phi''``).  When a kink sits closer to ``x`` than the smallest
    step (a ReLU deep inside a network whose input is 1e-5 from 0), the gap stays near
    the jump of the derivative whatever the step, every Richardson level is wrong in
    the same way, and the extrapolation looks converged.  There the gap itself is the
    honest error bar.  (Found by the false-alarm campaign.)
    """
    gap1 = (plus[1] - 2 * phi0 + minus[1]) / levels[1]
    gap2 = (plus[2] - 2 * phi0 + minus[2]) / levels[2]
    stuck = (gap2.abs() > KINK_GAP_RATIO * gap1.abs()) & (gap2.abs() > KINK_GAP_ROUNDINGS * rounding)
    return torch.where(stuck, gap2.abs(), torch.zeros_like(gap2))


def _differences(phi: Callable[[torch.Tensor], torch.Tensor], h: torch.Tensor,
                 on_break: torch.Tensor, phi0: torch.Tensor) -> Estimate:
    """Richardson estimates from ``phi(s) = phi(x + s)`` for entry-aligned steps ``s``.

    ``phi`` maps a stack of step tensors to the stack of matching phi values.
    """
    levels = [h / 2**k for k in range(3)]
    steps = torch.stack([s for hk in levels for s in (hk, -hk)])
    vals = phi(steps)
    plus, minus = vals[0::2], vals[1::2]
    central = [(plus[k] - minus[k]) / (2 * levels[k]) for k in range(3)]
    value, err = _richardson_central(central)
    rounding = _rounding(vals, levels[-1])
    err = err + rounding + _undeclared_kink(plus, minus, phi0, levels, rounding)
    if not bool(on_break.any()):
        return Estimate(value=value, error=err, method="richardson-central")
    right, err_r = _richardson_one_sided([(plus[k] - phi0) / levels[k] for k in range(3)])
    left, err_l = _richardson_one_sided([(phi0 - minus[k]) / levels[k] for k in range(3)])
    lower = torch.where(on_break, torch.minimum(left, right), value)
    upper = torch.where(on_break, torch.maximum(left, right), value)
    err = torch.where(on_break, torch.maximum(err_l, err_r) + rounding, err)
    mid = torch.where(on_break, (lower + upper) / 2, value)
    return Estimate(value=mid, error=err, method="richardson-central", lower=lower, upper=upper, kink=on_break)


def _complex_step(phi_c: Callable[[torch.Tensor], torch.Tensor], hx: torch.Tensor) -> Estimate:
    """Complex-step estimate; ``phi_c`` maps stacked imaginary steps to (value, abs-sum) pairs."""
    im, abs_sum = phi_c(hx)
    eps = torch.finfo(torch.float64).eps
    value = im / hx
    if not bool(torch.isfinite(value).all()):
        raise Unsupported("complex step produced non-finite values")
    return Estimate(value=value, error=COMPLEX_STEP_ROUNDING * eps * abs_sum / hx, method="complex-step")


def vjp_entries(fn: Callable[..., torch.Tensor], inputs: Mapping[str, Any], wrt: Sequence[str],
                grad_out: torch.Tensor, *, elementwise: bool = False, analytic: bool = False,
                breaks: Mapping[str, Sequence[float]] | None = None) -> dict[str, Estimate]:
    """Entry-wise numeric VJP of ``fn(**inputs)`` with upstream ``grad_out``, per input in ``wrt``."""
    breaks = breaks or {}
    out: dict[str, Estimate] = {}
    for name in wrt:
        x = inputs[name]
        b = tuple(breaks.get(name, ()))
        est = _elementwise_entries(fn, inputs, name, grad_out, x, analytic, b) if elementwise else None
        if est is None:
            est = _reshaped(vjp_at(fn, inputs, name, grad_out, torch.arange(x.numel()), analytic=analytic, breaks=b),
                            x.shape)
        out[name] = est
    return out


def _elementwise_entries(fn, inputs, name, grad_out, x, analytic, breaks) -> Estimate | None:
    """Every entry at once, where output entry i depends on input entry i alone; ``None`` where shapes disagree."""
    if analytic:
        try:
            hx = COMPLEX_STEP * torch.clamp(x.abs(), min=1.0)
            out = fn(**{**inputs, name: torch.complex(x, hx)})
            if out.shape != x.shape:
                raise Unsupported("not elementwise")
            return _complex_step(lambda h: ((grad_out * out.imag), (grad_out * out.imag).abs()), hx)
        except Exception:
            pass
    phi0_full = grad_out * fn(**inputs)
    if phi0_full.shape != x.shape:
        return None
    h, on_break = _steps(x, breaks)
    phi = lambda steps: _eval_phi_batch(fn, inputs, name, grad_out, x + steps, per_entry=True)
    return _differences(phi, h, on_break, phi0_full)


def _reshaped(est: Estimate, shape: torch.Size) -> Estimate:
    """A flat estimate given the shape of its input."""
    shaped = lambda t: None if t is None else t.reshape(shape)
    return Estimate(value=shaped(est.value), error=shaped(est.error), method=est.method, lower=shaped(est.lower),
                    upper=shaped(est.upper), kink=shaped(est.kink))


def _chunked(estimate: Callable[[torch.Tensor], Estimate], flat: torch.Tensor, size: int) -> list[Estimate]:
    """``estimate`` over consecutive chunks of ``size`` flat indices, trimming the heap as it goes."""
    parts = []
    for k, start in enumerate(range(0, len(flat), size)):
        if k and k % _TRIM_EVERY == 0:
            _release_freed_memory()
        parts.append(estimate(flat[start:start + size]))
    return parts


# Note [heap fragmentation]: the batches of a chunked entry estimate allocate and free
# blocks of many sizes inside the reference, and glibc keeps the freed ones: forcing
# every-entry estimates on a 28 k-entry MLP grew to 2-5 GB of RSS from run to run (396 MB
# with every allocation mmap'd, at twice the time).  Trimming the heap after every chunk
# kept it under 0.5 GB at 1.6x the time; every _TRIM_EVERY chunks is the compromise.
_TRIM_EVERY = 16


@functools.lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


def _release_freed_memory() -> None:
    """Hand freed heap pages back to the OS (glibc; a no-op elsewhere), Note [heap fragmentation]."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _richardson_at(fn, inputs, name, grad_out, x, idx: torch.Tensor, h: torch.Tensor, on_break: torch.Tensor,
                   phi0: torch.Tensor) -> Estimate:
    """Richardson estimates of the entries ``idx`` (flat indices) of input ``name``, each moved on its own."""
    n = x.numel()
    basis = torch.zeros(len(idx), n, dtype=x.dtype, device=x.device)
    basis[torch.arange(len(idx), device=x.device), idx.to(x.device)] = 1.0

    def phi(steps: torch.Tensor) -> torch.Tensor:
        # steps: (S, c), one step per coordinate of this chunk.
        xs = x.reshape(1, 1, n) + steps.unsqueeze(-1) * basis.unsqueeze(0)  # (S, c, n)
        vals = _eval_phi_batch(fn, inputs, name, grad_out, xs.reshape(-1, *x.shape))
        return vals.reshape(steps.shape)

    flat = idx.to(x.device)
    return _differences(phi, h.reshape(-1)[flat], on_break.reshape(-1)[flat], phi0)


def _joined(parts: Sequence[Estimate], shape: torch.Size, on_break: torch.Tensor) -> Estimate:
    """Flat per-chunk estimates joined into one of ``shape``."""
    value = torch.cat([p.value for p in parts]).reshape(shape)
    error = torch.cat([p.error for p in parts]).reshape(shape)
    if not bool(on_break.any()):
        return Estimate(value=value, error=error, method=parts[0].method)
    lower = torch.cat([p.value if p.lower is None else p.lower for p in parts]).reshape(shape)
    upper = torch.cat([p.value if p.upper is None else p.upper for p in parts]).reshape(shape)
    return Estimate(value=value, error=error, method=parts[0].method, lower=lower, upper=upper, kink=on_break)


def _complex_at(fn, inputs, name, grad_out, x, idx: torch.Tensor, hx: torch.Tensor) -> Estimate:
    """Complex-step estimates of the entries ``idx`` (flat indices) of input ``name``."""
    flat_h = hx.reshape(-1)[idx.to(x.device)]
    xs = x.reshape(-1).to(torch.complex128).repeat(len(idx), 1)
    xs[torch.arange(len(idx), device=x.device), idx.to(x.device)] += 1j * flat_h
    outs = _eval_complex_outputs(fn, inputs, name, xs.reshape(-1, *x.shape))
    prod = grad_out.unsqueeze(0) * outs.imag
    im = prod.reshape(len(idx), -1).sum(dim=1)
    abs_sum = prod.abs().reshape(len(idx), -1).sum(dim=1)
    return _complex_step(lambda h: (im, abs_sum), flat_h)


def vjp_at(fn: Callable[..., torch.Tensor], inputs: Mapping[str, Any], name: str, grad_out: torch.Tensor,
           flat: torch.Tensor, *, analytic: bool = False, breaks: Sequence[float] = ()) -> Estimate:
    """Numeric VJP of the entries ``flat`` (flat indices, in order) of input ``name`` alone.

    Six forward evaluations per entry (or one complex one), batched; the estimate
    has shape ``(len(flat),)``.  Entries on a declared break get one-sided bounds.
    """
    x = inputs[name].contiguous()
    n = x.numel()
    if analytic:
        try:
            hx = COMPLEX_STEP * torch.clamp(x.abs(), min=1.0)
            parts = _chunked(lambda idx: _complex_at(fn, inputs, name, grad_out, x, idx, hx), flat,
                             max(1, BATCH_ELEMENTS // max(1, n)))
            return _joined(parts, (len(flat),), torch.zeros((), dtype=torch.bool))
        except Exception:
            pass
    h, on_break = _steps(x, tuple(breaks))
    phi0 = (grad_out * fn(**inputs)).sum()
    parts = _chunked(lambda idx: _richardson_at(fn, inputs, name, grad_out, x, idx, h, on_break, phi0), flat,
                     max(1, BATCH_ELEMENTS // max(1, 6 * n)))
    return _joined(parts, (len(flat),), on_break.reshape(-1)[flat.to(x.device)])


def vjp_entry(fn: Callable[..., torch.Tensor], inputs: Mapping[str, Any], name: str, grad_out: torch.Tensor,
              index: tuple[int, ...], *, analytic: bool = False, breaks: Sequence[float] = ()) -> Estimate:
    """Numeric VJP entry ``index`` of input ``name`` alone, shape ``(1,)``.

    The referee of a failure found while the judge only projected: it puts a
    numeric value beside autograd's at the very entry that is blamed.
    """
    shape = tuple(inputs[name].shape)
    flat = torch.tensor([int(np.ravel_multi_index(index, shape)) if index else 0])
    return vjp_at(fn, inputs, name, grad_out, flat, analytic=analytic, breaks=breaks)


def _eval_complex_outputs(fn, inputs, name, xs: torch.Tensor) -> torch.Tensor:
    single = lambda x: fn(**{**inputs, name: x})
    try:
        outs = torch.func.vmap(single)(xs)
    except Exception:
        outs = torch.stack([single(x) for x in xs])
    if not outs.is_complex():
        raise Unsupported("the function dropped the imaginary part")
    return outs


def directional(fn: Callable[..., torch.Tensor], inputs: Mapping[str, Any], grad_out: torch.Tensor,
                direction: Mapping[str, torch.Tensor], *, analytic: bool = False,
                phi0: torch.Tensor | None = None) -> Estimate:
    """Numeric derivative of ``<grad_out, fn(inputs + t * direction)>`` at ``t = 0`` (one scalar).

    Memory is that of a few forward evaluations: the projection check for inputs
    too large to estimate entry by entry.  ``phi0``, the value at ``t = 0``, saves a
    forward evaluation where the caller has it.
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
                est = _complex_step(lambda h: (prod.sum(), prod.abs().sum()),
                                    torch.tensor(COMPLEX_STEP, dtype=torch.float64))
                return Estimate(value=est.value.reshape(1), error=est.error.reshape(1), method=est.method)
        except Exception:
            pass
    scale = max(1.0, max(float(inputs[k].abs().max()) for k in direction) if direction else 1.0)
    h0 = FIRST_STEP * scale / max(1.0, max(float(v.abs().max()) for v in direction.values()))
    phi = lambda steps: torch.stack([(grad_out * fn(**at(float(t)))).sum() for t in steps]).cpu()  # noqa: E731
    phi0 = ((grad_out * fn(**inputs)).sum() if phi0 is None else phi0).cpu()
    est = _differences(phi, torch.tensor(h0, dtype=torch.float64), torch.zeros((), dtype=torch.bool), phi0)
    return Estimate(value=est.value.reshape(1), error=est.error.reshape(1), method=est.method)
