"""Verdicts in the inputs' precision: a float32, float16 or bfloat16 backward judged by torch's own yardstick.

Note [low precision]
--------------------
A backward computed in float32 cannot agree with the float64 VJP to float64 rounding, and
no fixed tolerance says how far it may be: that depends on the formula's conditioning and
on how long its reductions are.  So the yardstick is torch itself.  The truth stays the
float64 VJP at the same inputs and upstream gradient (low-precision values are exact in
float64); the *baseline* is torch autograd's own VJP of the reference computed in the
inputs' dtype on the same case.  Per input, its error relative to the scale of the
comparison,

    r = max_i |torch_i - t_i| / (|t_i| + S),        S = max(max_i |t_i|, max |upstream|),

says how many digits torch itself keeps on this case.  A backward passes where

    |got_i - t_i| <= TORCH_ERROR_FACTOR * max(r, LOW_PRECISION_FLOOR * eps) * (|t_i| + S)

(the floor covers a case where torch happens to be exact).  A failure is classified by the
ratio of its error to torch's: within ``ROUND_OFF_RATIO`` it is round-off (the backward
keeps fewer digits than torch in that dtype: an order of operations, an unstable form), far
beyond it a mistake that no precision explains.  Where the reference cannot run in the dtype
(an op without a float16 kernel), the floor alone is the band and the message says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import torch

from oracle.checks.messages import fmt
from oracle.errors import JudgeError
from oracle.judges import autograd
from oracle.tolerance import LOW_PRECISION_FLOOR, ROUND_OFF_RATIO, TORCH_ERROR_FACTOR

__all__ = ["LowPrecision", "low_precision", "explicit_bands", "dtype_name"]


def dtype_name(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")


@dataclass(frozen=True)
class LowPrecision:
    """The bands of a case judged in ``dtype`` and torch's own error there, per input."""

    dtype: torch.dtype
    bands: dict[str, torch.Tensor]
    torch_error: dict[str, torch.Tensor] | None
    scale: dict[str, torch.Tensor]
    note: str = ""

    def explain(self, name: str, index: tuple[int, ...], got: float, expected: float) -> str:
        """One line on a failing entry: its error against torch's own in this dtype, round-off or mistake."""
        dt = dtype_name(self.dtype)
        error = abs(got - expected)
        if self.torch_error is None:
            return (f"In {dt}: the error {fmt(error)} exceeds {dt} round-off at this scale ({self.note}); "
                    f"{'a mistake, not round-off' if error > ROUND_OFF_RATIO * float(self.bands[name][index]) else 'round-off level'}")
        level = self.torch_error[name] / self.scale[name]
        baseline = float(level.max()) * float(self.scale[name][index])
        floor = LOW_PRECISION_FLOOR * torch.finfo(self.dtype).eps * float(self.scale[name][index])
        baseline = max(baseline, floor)
        ratio = error / baseline
        kind = (f"round-off: your backward keeps fewer digits in {dt} than torch's own (an order of operations or an "
                f"unstable form), not a wrong formula" if ratio <= ROUND_OFF_RATIO else
                f"far above {dt} round-off: a mistake, not rounding")
        return (f"In {dt}: the error at {name}{index} is {fmt(error)}; torch autograd's own error in {dt} on this "
                f"case is {fmt(float(self.torch_error[name][index]))} there and up to {fmt(baseline)} at this scale "
                f"({fmt(ratio)} times less); {kind}")


def _scale(t: torch.Tensor, upstream: float) -> torch.Tensor:
    floor = max(float(t.abs().max()) if t.numel() else 0.0, upstream)
    return t.abs() + floor


def low_precision(reference: Callable[..., torch.Tensor], inputs: Mapping[str, Any], wrt: Sequence[str],
                  grad_out: torch.Tensor, truth: Mapping[str, torch.Tensor], dtype: torch.dtype) -> LowPrecision:
    """Bands for a backward computed in ``dtype`` (Note [low precision]).

    ``inputs`` and ``grad_out`` are the float64 view of values exact in ``dtype``; ``truth`` is
    the float64 VJP there.
    """
    low = {k: (v.to(dtype) if isinstance(v, torch.Tensor) and v.is_floating_point() else v) for k, v in inputs.items()}
    upstream = float(grad_out.abs().max()) if grad_out.numel() else 0.0
    scale = {k: _scale(t, upstream) for k, t in truth.items()}
    eps = torch.finfo(dtype).eps
    floor = LOW_PRECISION_FLOOR * eps
    note = ""
    try:
        theirs = autograd.vjp(reference, low, wrt, grad_out.to(dtype), measure_sensitivity=False).grads
        errors = {k: (theirs[k].to(torch.float64) - truth[k]).abs() for k in truth}
        if not all(bool(torch.isfinite(e).all()) for e in errors.values()):
            raise JudgeError(f"torch's own VJP in {dtype_name(dtype)} is not finite on this case")
    except JudgeError as exc:
        errors = None
        note = f"torch's own error in {dtype_name(dtype)} could not be measured: {exc}"
    bands = {}
    for k, t in truth.items():
        level = floor if errors is None else max(floor, float((errors[k] / scale[k]).max()) if t.numel() else 0.0)
        bands[k] = TORCH_ERROR_FACTOR * level * scale[k]
    return LowPrecision(dtype=dtype, bands=bands, torch_error=errors, scale=scale, note=note)


def explicit_bands(truth: Mapping[str, torch.Tensor], rtol: float, atol: float) -> dict[str, torch.Tensor]:
    """A caller's own tolerance, as ``torch.testing``: ``atol + rtol * |truth|`` per entry."""
    return {k: atol + rtol * t.abs() for k, t in truth.items()}
