"""Kinks inside a torch reference: which branch each non-differentiable op takes, and when a step changes it.

A reference built from torch ops may hide a kink (relu, abs, clamp, max, a comparison feeding
``where``, sorting, rounding, max-pooling ...) deep inside: a pre-activation of a network
1e-9 from zero.  A finite difference whose step crosses such a kink estimates the average of
two slopes, and the numeric judge would then disagree with autograd on a right formula.

``signatures(fn, inputs)`` runs the reference once under a ``TorchDispatchMode`` (at the aten
level, so kinks inside composite functions are seen too) and records, for every call of such
an op, the branch each entry takes: the sign of its argument against each breakpoint, the
indices an order statistic selects, the integer part a rounding keeps.  ``crossing(fn, inputs,
moved)`` compares the branches at ``inputs`` and at ``moved``: the first op whose branch
changed is a kink within the step, named with the entry of its argument.

Rules are per aten op (one name whatever the Python alias).  Ops without a rule are invisible
(a C++ extension, numpy inside the reference); data-dependent control flow that changes the
sequence of recorded ops counts as a crossing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

import torch
from torch.utils._python_dispatch import TorchDispatchMode

__all__ = ["Site", "Crossing", "signatures", "crossing"]


@dataclass(frozen=True)
class Site:
    """One call of a non-differentiable op: its name, the branch of every entry, the argument it tested."""

    op: str
    branch: torch.Tensor
    argument: torch.Tensor | None


@dataclass(frozen=True)
class Crossing:
    """A kink within a step: the op, the entry of its argument whose branch changed, and that argument's value."""

    op: str
    entry: tuple[int, ...]
    value: float

    def describe(self) -> str:
        where = f" at entry {self.entry}" if self.entry else ""
        return f"{self.op}{where} (argument {self.value:.3g})"


def _sign(t: torch.Tensor) -> torch.Tensor:
    return torch.sign(t.real if t.is_complex() else t).to(torch.int8)


def _float(t: Any) -> bool:
    return isinstance(t, torch.Tensor) and (t.is_floating_point() or t.is_complex())


def _points(*points: Any) -> Callable[[tuple, dict, Any], tuple[torch.Tensor, torch.Tensor] | None]:
    """Branch = sign of (x - p) for every breakpoint p, named by argument position or a constant."""
    def rule(args: tuple, kwargs: dict, out: Any) -> tuple[torch.Tensor, torch.Tensor] | None:
        x = args[0]
        if not _float(x):
            return None
        values = []
        for p in points:
            v = args[p] if isinstance(p, int) and len(args) > p else kwargs.get(p) if isinstance(p, str) else None
            if isinstance(p, float):
                v = p
            if v is None:
                continue
            values.append(v)
        values = values or [0.0]
        return torch.stack([_sign(x - v) for v in values]), x
    return rule


def _difference(args: tuple, kwargs: dict, out: Any) -> tuple[torch.Tensor, torch.Tensor] | None:
    a, b = args[0], args[1]
    if not (_float(a) or _float(b)):
        return None
    diff = torch.as_tensor(a) - torch.as_tensor(b)
    return _sign(diff), diff


def _indices(position: int) -> Callable[[tuple, dict, Any], tuple[torch.Tensor, None] | None]:
    def rule(args: tuple, kwargs: dict, out: Any) -> tuple[torch.Tensor, None] | None:
        if not _float(args[0]):
            return None
        picked = out[position] if isinstance(out, (tuple, list)) else out
        return picked.detach().clone(), None
    return rule


def _ties(args: tuple, kwargs: dict, out: Any) -> tuple[torch.Tensor, torch.Tensor] | None:
    """A full reduction (max(), amax): which entries reach the extreme."""
    x = args[0]
    if not _float(x) or not isinstance(out, torch.Tensor):
        return None
    return (x == out).to(torch.int8), x


def _integer_part(args: tuple, kwargs: dict, out: Any) -> tuple[torch.Tensor, torch.Tensor] | None:
    x = args[0]
    if not _float(x) or not isinstance(out, torch.Tensor):
        return None
    return out.detach().clone(), x


def _quotient(args: tuple, kwargs: dict, out: Any) -> tuple[torch.Tensor, torch.Tensor] | None:
    a, b = args[0], args[1]
    if not (_float(a) or _float(b)):
        return None
    q = torch.as_tensor(a) / torch.as_tensor(b)
    return torch.floor(q), q


# aten op name -> rule.  Breakpoints: argument positions (ints), keyword names (strs) or constants (floats).
_RULES: dict[str, Callable[[tuple, dict, Any], Any]] = {
    **{name: _points(0.0) for name in ("relu", "relu_", "leaky_relu", "leaky_relu_", "_prelu_kernel", "prelu",
                                       "rrelu_with_noise", "elu", "elu_", "abs", "abs_", "sign", "sgn",
                                       "heaviside", "signbit")},
    "hardtanh": _points(1, 2), "hardtanh_": _points(1, 2),
    "threshold": _points(1), "threshold_": _points(1),
    "hardshrink": _points(1), "softshrink": _points(1),
    "hardsigmoid": _points(-3.0, 3.0), "hardswish": _points(-3.0, 3.0),
    "clamp": _points(1, 2, "min", "max"), "clamp_": _points(1, 2, "min", "max"),
    "clamp_min": _points(1), "clamp_min_": _points(1), "clamp_max": _points(1), "clamp_max_": _points(1),
    **{name: _difference for name in ("gt", "ge", "lt", "le", "eq", "ne", "maximum", "minimum", "fmax", "fmin",
                                      "l1_loss")},
    **{name: _indices(1) for name in ("max", "min", "sort", "topk", "kthvalue", "median", "nanmedian", "mode",
                                      "cummax", "cummin", "max_pool2d_with_indices", "max_pool3d_with_indices",
                                      "adaptive_max_pool2d", "adaptive_max_pool3d")},
    "argmax": _indices(0), "argmin": _indices(0),
    "amax": _ties, "amin": _ties,
    **{name: _integer_part for name in ("floor", "ceil", "trunc", "round", "frac")},
    **{name: _quotient for name in ("remainder", "fmod", "floor_divide")},
}


class _Recorder(TorchDispatchMode):
    def __init__(self) -> None:
        super().__init__()
        self.sites: list[Site] = []

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):  # noqa: ANN001 (torch's protocol)
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        name = func.overloadpacket.__name__
        rule = _RULES.get(name)
        if name in ("max", "min") and len(args) == 1 and not kwargs:
            rule = _ties  # full reduction: no indices
        if rule is not None:
            try:
                found = rule(args, kwargs, out)
            except Exception:  # a rule that cannot read this overload records nothing
                found = None
            if found is not None:
                branch, argument = found
                self.sites.append(Site(f"aten.{name}", branch, None if argument is None else argument.detach()))
        return out


def signatures(fn: Callable[..., Any], inputs: Mapping[str, Any]) -> list[Site]:
    """The branch of every non-differentiable op called by ``fn(**inputs)``, in call order."""
    recorder = _Recorder()
    with torch.no_grad(), recorder:
        fn(**inputs)
    return recorder.sites


def _first_difference(before: Site, after: Site) -> Crossing | None:
    if before.op != after.op or before.branch.shape != after.branch.shape:
        return Crossing(op=f"{before.op} (the reference took another path)", entry=(), value=float("nan"))
    changed = before.branch != after.branch
    if not bool(changed.any()):
        return None
    flat = int(torch.nonzero(changed.reshape(-1))[0])
    index = tuple(int(i) for i in torch.unravel_index(torch.tensor(flat), changed.shape))
    arg = before.argument
    if arg is not None and changed.dim() == arg.dim() + 1:  # breakpoints stacked in front
        index = index[1:]
    value = float(arg[index].real) if arg is not None and arg.dim() == len(index) and arg.numel() else float("nan")
    return Crossing(op=before.op, entry=index, value=value)


def crossing(fn: Callable[..., Any], inputs: Mapping[str, Any], moved: Mapping[str, Any],
             before: list[Site] | None = None) -> Crossing | None:
    """The first kink ``fn`` crosses between ``inputs`` and ``moved`` (``None``: no branch changes).

    ``before`` saves the recording at ``inputs`` where the caller has it.
    """
    sites = signatures(fn, inputs) if before is None else before
    if not sites:
        return None
    after = signatures(fn, moved)
    if len(after) != len(sites):
        return Crossing(op="the reference's control flow", entry=(), value=float("nan"))
    for a, b in zip(sites, after):
        found = _first_difference(a, b)
        if found is not None:
            return found
    return None
