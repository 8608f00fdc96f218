"""What a user passes to ``assert_vjp`` and ``gradcheck``, made judgeable without changing what her code sees.

Inputs keep their container and dtype (a float32 tensor stays a float32 tensor for her
backward; the judges see float64 copies); lists become numpy arrays, integers staying
integers (labels); ``wrt`` may be one name; ``domain`` bounds and ``breaks`` become the
points the numeric judge's steps never cross; a forward with several outputs is judged as
one joined output, its upstream gradients joined the same way.
"""

from __future__ import annotations

import inspect
import math
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import torch

from oracle.checks.base import call_safely
from oracle.checks.own_backward import outputs_of
from oracle.seeds import random_upstream
from oracle.testing.errors import VJPSetupError

__all__ = ["user_inputs", "wrt_names", "declared_breaks", "Outputs", "returned_gradients", "own_view", "by_name"]


def by_name(forward: Callable[..., Any], names: Sequence[str]) -> Callable[..., Any]:
    """``forward`` as the judges call it, ``f(**inputs)``: itself when its parameters name every input (or it
    takes ``**kwargs``), else a wrapper passing the inputs positionally in their order (builtins such as
    ``torch.sigmoid``, whose parameter is ``input``)."""
    try:
        params = inspect.signature(forward).parameters
    except (TypeError, ValueError):
        params = None
    if params is not None:
        if any(p.kind == p.VAR_KEYWORD for p in params.values()):
            return forward
        if all(n in params and params[n].kind != inspect.Parameter.POSITIONAL_ONLY for n in names):
            return forward
    order = tuple(names)

    def positional(**inputs: Any) -> Any:
        return forward(*(inputs[n] for n in order))

    positional.__name__ = getattr(forward, "__name__", "forward")
    return positional


def _floating(v: Any) -> bool:
    if isinstance(v, torch.Tensor):
        return v.is_floating_point()
    if isinstance(v, np.ndarray):
        return v.dtype.kind == "f"
    return isinstance(v, (float, np.floating))


def user_inputs(inputs: Any) -> dict[str, Any]:
    """The inputs as the backward sees them: tensors and arrays untouched, lists and tuples as numpy arrays."""
    if not isinstance(inputs, Mapping):
        raise VJPSetupError(f"inputs must be a mapping {{name: value}}, got {type(inputs).__name__}")
    out: dict[str, Any] = {}
    for k, v in inputs.items():
        if not isinstance(k, str):
            raise VJPSetupError(f"input names must be strings, got {k!r}")
        if isinstance(v, (list, tuple)):
            try:
                v = np.asarray(v)
            except Exception as exc:
                raise VJPSetupError(f"input {k} is not a rectangular array: {exc}") from None
            if v.dtype.kind not in "biuf":
                raise VJPSetupError(f"input {k} holds {v.dtype} values, expected numbers")
        if isinstance(v, (torch.Tensor, np.ndarray)) and (v.is_complex() if isinstance(v, torch.Tensor)
                                                          else v.dtype.kind == "c"):
            raise VJPSetupError(f"input {k} is complex: backward passes are judged on real inputs")
        out[k] = v
    return out


def own_view(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs as tensors in their own dtype (numpy arrays shared, not copied), for the forward."""
    return {k: (torch.from_numpy(np.ascontiguousarray(v)) if isinstance(v, np.ndarray) else
                torch.tensor(v, dtype=torch.float64) if isinstance(v, (float, np.floating)) else v)
            for k, v in inputs.items()}


def wrt_names(wrt: str | Sequence[str] | None, inputs: Mapping[str, Any]) -> tuple[str, ...]:
    """The differentiated inputs: ``wrt`` (one name or several), by default every floating input."""
    if wrt is None:
        names = tuple(k for k, v in inputs.items() if _floating(v))
        if not names:
            raise VJPSetupError(f"no floating input to differentiate among {', '.join(inputs) or 'the inputs'}")
        return names
    names = (wrt,) if isinstance(wrt, str) else tuple(wrt) if isinstance(wrt, (tuple, list)) else (wrt,)
    if not all(isinstance(k, str) for k in names):
        raise VJPSetupError(f"wrt must be an input name or a sequence of them, got {wrt!r}")
    missing = [k for k in names if k not in inputs]
    if missing:
        raise VJPSetupError(f"wrt names {missing} are not among the inputs ({', '.join(inputs)})")
    integral = [k for k in names if not _floating(inputs[k])]
    if integral:
        raise VJPSetupError(f"cannot differentiate {', '.join(integral)}: not floating-point values "
                            f"(integer inputs are labels or indices)")
    return names


def _values(v: Any) -> np.ndarray:
    if isinstance(v, torch.Tensor):
        t = v.detach().cpu()
        return (t.to(torch.float64) if t.is_floating_point() else t).numpy()
    return np.asarray(v, dtype=np.float64)


def declared_breaks(inputs: Mapping[str, Any], breaks: Mapping[str, Any] | None,
                    domain: Mapping[str, Any] | None) -> dict[str, tuple[float, ...]]:
    """Points the numeric judge's steps must not cross, per input: kinks (``breaks``) and finite domain bounds.

    Raises ``VJPSetupError`` for an unknown name, a malformed bound, or an input outside its domain.
    """
    out: dict[str, list[float]] = {}
    for what, table in (("breaks", breaks), ("domain", domain)):
        if table is None:
            continue
        if not isinstance(table, Mapping):
            raise VJPSetupError(f"{what} must be a mapping {{input name: ...}}, got {type(table).__name__}")
        unknown = [k for k in table if k not in inputs]
        if unknown:
            raise VJPSetupError(f"{what} names {unknown} are not among the inputs ({', '.join(inputs)})")
    for k, points in (breaks or {}).items():
        values = (points,) if isinstance(points, (int, float)) else points
        try:
            out.setdefault(k, []).extend(float(p) for p in values)
        except (TypeError, ValueError):
            raise VJPSetupError(f"breaks for {k} must be a number or a sequence of numbers, got {points!r}") from None
    for k, bounds in (domain or {}).items():
        try:
            low, high = (-math.inf if bounds[0] is None else float(bounds[0]),
                         math.inf if bounds[1] is None else float(bounds[1]))
            if len(bounds) != 2:
                raise ValueError
        except (TypeError, ValueError, IndexError):
            raise VJPSetupError(f"domain for {k} must be a pair (low, high), got {bounds!r}") from None
        if not low < high:
            raise VJPSetupError(f"domain for {k} is empty: ({low:g}, {high:g})")
        x = _values(inputs[k])
        outside = (x < low) | (x > high)
        if outside.any():
            index = tuple(int(i) for i in np.argwhere(outside)[0])
            raise VJPSetupError(f"{k} has entries outside its declared domain [{low:g}, {high:g}]: "
                                f"{float(x[index]):.6g} at index {index}")
        out.setdefault(k, []).extend(b for b in (low, high) if math.isfinite(b))
    return {k: tuple(sorted(set(v))) for k, v in out.items()}


@dataclass(frozen=True)
class Outputs:
    """The forward's outputs: one tensor, or several judged as one joined vector."""

    shapes: tuple[tuple[int, ...], ...]
    dtypes: tuple[torch.dtype, ...]
    several: bool

    @classmethod
    def of(cls, forward: Callable[..., Any], inputs: Mapping[str, Any]) -> Outputs:
        """Run ``forward`` once on the inputs in their own dtype (``VJPSetupError`` if it raises)."""
        value, error = call_safely(lambda: forward(**own_view(inputs)))
        if error:
            raise VJPSetupError(f"the forward raised {error} on these inputs")
        outs, problem = outputs_of(value)
        if problem:
            raise VJPSetupError(problem.replace("the function", "the forward"))
        if any(o is None for o in outs):
            raise VJPSetupError("the forward returned None among its outputs")
        return cls(tuple(tuple(o.shape) for o in outs), tuple(o.dtype for o in outs),
                   several=not isinstance(value, torch.Tensor))

    def reference(self, forward: Callable[..., Any]) -> Callable[..., torch.Tensor]:
        """The forward the judges differentiate: itself, or its outputs flattened and joined."""
        if not self.several:
            return forward

        def joined(**inputs: Any) -> torch.Tensor:
            return torch.cat([o.reshape(-1) for o in forward(**inputs)])

        joined.__name__ = getattr(forward, "__name__", "forward")
        return joined

    def upstream(self, grad_out: Any, seed: int) -> np.ndarray:
        """The upstream gradient the judges use (float64, joined): the caller's, else a seeded random one."""
        if grad_out is None:
            rng = np.random.default_rng(seed)
            parts = [random_upstream(rng, s) for s in self.shapes]
        else:
            given = list(grad_out) if self.several else [grad_out]
            if len(given) != len(self.shapes):
                raise VJPSetupError(f"grad_out has {len(given)} parts for {len(self.shapes)} outputs")
            parts = []
            for i, (g, shape) in enumerate(zip(given, self.shapes)):
                g = np.zeros(shape) if g is None else _values(g)
                if g.shape != shape:
                    raise VJPSetupError(f"grad_out{f'[{i}]' if self.several else ''} has shape {g.shape}, the "
                                        f"forward's output {shape}")
                parts.append(g)
        return np.concatenate([p.reshape(-1) for p in parts]) if self.several else parts[0]

    def deliver(self, grad_out: np.ndarray, as_tensor: bool) -> Any:
        """The upstream gradient as the user's backward takes it: in the outputs' shapes, dtypes and container."""
        sizes = [int(np.prod(s)) for s in self.shapes]
        flat = np.asarray(grad_out).reshape(-1)
        parts, start = [], 0
        for shape, dtype, size in zip(self.shapes, self.dtypes, sizes):
            t = torch.from_numpy(flat[start:start + size].reshape(shape).copy()).to(dtype)
            start += size
            parts.append(t if as_tensor or dtype == torch.bfloat16 else t.numpy())
        return tuple(parts) if self.several else parts[0]


def returned_gradients(value: Any, wrt: Sequence[str], names: Sequence[str],
                       inputs: Mapping[str, Any]) -> Any:
    """The backward's return value as ``{name: gradient}``.

    Accepted: a mapping; the gradient itself when one input is differentiated; a tuple or list
    with one gradient per differentiated input, or one per input (``autograd.Function``'s
    convention).  ``None`` stands for a zero gradient.  Anything else is returned unchanged,
    for the check to report.
    """
    def zero_if_none(k: str, g: Any) -> Any:
        return np.zeros(np.shape(_values(inputs[k]))) if g is None else g

    if isinstance(value, Mapping):
        return {k: zero_if_none(k, g) if k in inputs else g for k, g in value.items()}
    if isinstance(value, (tuple, list)):
        if len(value) == len(wrt):
            return {k: zero_if_none(k, g) for k, g in zip(wrt, value)}
        if len(value) == len(names):
            return {k: zero_if_none(k, g) for k, g in zip(names, value) if k in wrt}
        return value
    if len(wrt) == 1:
        return {wrt[0]: zero_if_none(wrt[0], value)}
    return value
