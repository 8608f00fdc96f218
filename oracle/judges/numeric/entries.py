"""Entry-wise numeric VJPs: every entry of an input moved on its own (or all at once, elementwise).

Six forward evaluations per entry (central differences at three steps) or one complex one,
batched with ``torch.func.vmap`` over chunks of coordinates so that memory stays O(chunk x
input size); no Jacobian is built.
"""

from __future__ import annotations

import ctypes
import functools
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import torch

from oracle.judges.numeric.estimate import Estimate, Unsupported, complex_step, differences, first_steps
from oracle.tolerance import COMPLEX_STEP

__all__ = ["BATCH_ELEMENTS", "phi_batch", "vjp_entries", "vjp_at", "vjp_entry"]

#: Perturbed copies per batched evaluation are capped so that copies x size stays under this.
BATCH_ELEMENTS = 2**21


def phi_batch(fn: Callable[..., torch.Tensor], inputs: Mapping[str, Any], name: str, grad_out: torch.Tensor,
              xs: torch.Tensor, *, per_entry: bool = False) -> tuple[torch.Tensor, torch.Tensor]:
    """phi = <grad_out, fn(x)> at each stacked copy ``xs`` of input ``name``, and the magnitude of its terms
    (Note [rounding of a contraction]); per entry of the output with ``per_entry``.  vmap, else a loop;
    a function with a ``many(inputs, name, xs)`` attribute (a notebook's function, evaluated in its kernel)
    is given all copies at once."""

    def single(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        prod = grad_out * fn(**{**inputs, name: x})
        return (prod, prod.abs()) if per_entry else (prod.sum(), prod.abs().sum())

    many = getattr(fn, "many", None)
    if many is not None:  # a function evaluated out of process takes every copy in one call
        prod = grad_out * many(inputs, name, xs)
        dims = tuple(range(1, prod.dim()))
        return (prod, prod.abs()) if per_entry else (prod.sum(dim=dims), prod.abs().sum(dim=dims))
    try:
        return torch.func.vmap(single)(xs)
    except Exception:
        pairs = [single(x) for x in xs]
        return torch.stack([p[0] for p in pairs]), torch.stack([p[1] for p in pairs])


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
            return complex_step(lambda h: ((grad_out * out.imag), (grad_out * out.imag).abs()), hx)
        except Exception:
            pass
    phi0_full = grad_out * fn(**inputs)
    if phi0_full.shape != x.shape:
        return None
    h, on_break = first_steps(x, breaks)
    phi = lambda steps: phi_batch(fn, inputs, name, grad_out, x + steps, per_entry=True)  # noqa: E731
    return differences(phi, h, on_break, phi0_full)


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

    def phi(steps: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        # steps: (S, c), one step per coordinate of this chunk.
        xs = x.reshape(1, 1, n) + steps.unsqueeze(-1) * basis.unsqueeze(0)  # (S, c, n)
        vals, mags = phi_batch(fn, inputs, name, grad_out, xs.reshape(-1, *x.shape))
        return vals.reshape(steps.shape), mags.reshape(steps.shape)

    flat = idx.to(x.device)
    return differences(phi, h.reshape(-1)[flat], on_break.reshape(-1)[flat], phi0)


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
    return complex_step(lambda h: (im, abs_sum), flat_h)


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
    h, on_break = first_steps(x, tuple(breaks))
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


