"""A sympy expression as a torch function, for the autograd cross-check of a derivative's truth.

Only expressions made of elementary functions are translated (no undefined function, no
unevaluated derivative); σ becomes ``torch.sigmoid``, max/min elementwise maxima.  The function
is tried once on a sample point, and ``None`` is returned where the translation does not run:
the statement is then judged by sympy and mpmath alone.
"""

from __future__ import annotations

import functools
import math
from typing import Any, Callable, Sequence

import sympy as sp
import torch
from sympy.core.function import AppliedUndef

__all__ = ["torch_function"]


def _max(*args: Any) -> torch.Tensor:
    tensors = [torch.as_tensor(a, dtype=torch.float64) for a in args]
    return functools.reduce(torch.maximum, tensors)


def _min(*args: Any) -> torch.Tensor:
    tensors = [torch.as_tensor(a, dtype=torch.float64) for a in args]
    return functools.reduce(torch.minimum, tensors)


_MODULES = [{"sigmoid": torch.sigmoid, "Max": _max, "Min": _min, "exp": torch.exp, "log": torch.log,
             "tanh": torch.tanh, "sinh": torch.sinh, "cosh": torch.cosh, "sqrt": torch.sqrt, "Abs": torch.abs,
             "sin": torch.sin, "cos": torch.cos, "tan": torch.tan, "E": math.e, "pi": math.pi, "exp_polar": torch.exp}]


def torch_function(expr: sp.Expr, symbols: Sequence[sp.Symbol]) -> Callable[..., torch.Tensor] | None:
    """``fn(**{"x0": t0, "x1": t1, ...})`` computing ``expr`` at ``symbols`` = (t0, t1, ...), or ``None``."""
    if expr.atoms(AppliedUndef) or expr.has(sp.Derivative, sp.Subs, sp.Piecewise, sp.Heaviside):
        return None
    if not set(expr.free_symbols) <= set(symbols):
        return None
    plain = sp.symbols(f"x0:{len(symbols)}")
    try:
        raw = sp.lambdify(plain, expr.xreplace(dict(zip(symbols, plain))), modules=_MODULES)
    except Exception:
        return None

    def fn(**kw: torch.Tensor) -> torch.Tensor:
        out = raw(*[kw[str(p)] for p in plain])
        return torch.as_tensor(out, dtype=torch.float64) if not isinstance(out, torch.Tensor) else out

    try:
        sample = {str(p): torch.tensor(0.25 + 0.1 * i, dtype=torch.float64) for i, p in enumerate(plain)}
        value = fn(**sample)
        if value.shape != ():
            return None
    except Exception:
        return None
    return fn
