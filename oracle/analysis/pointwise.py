"""A claim's printed form and its truth, evaluated on a grid of one scalar input.

The curves of the report and the stability audit both look at a claim as a
function of one input (``Check.scalar_function``); this module evaluates that
function on given points, under the per-case time limit, and says why when it
cannot.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import torch

from oracle.checks.base import CASE_TIME_LIMIT, ScalarFunction, call_safely

__all__ = ["Point", "evaluate", "as_vector"]


@dataclass(frozen=True)
class Point:
    """Printed and true values on the grid (``None`` where they cannot be had, with ``problem`` saying why)."""

    printed: np.ndarray | None
    truth: np.ndarray | None
    problem: str = ""
    truth_shape_differs: bool = False


def as_vector(value: Any, n: int) -> np.ndarray | None:
    """``value`` as a float64 vector of ``n`` entries (a single value is repeated), or ``None``."""
    if value is None:
        return None
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    if arr.size == 1 and n != 1:
        arr = np.full(n, float(arr.reshape(-1)[0]))
    if arr.size != n:
        return None
    return arr.reshape(-1)


def evaluate(fn: ScalarFunction, impl: Any, x: np.ndarray, fixed: Mapping[str, float], *,
             time_limit: float = CASE_TIME_LIMIT, truth: bool = True) -> Point:
    """The printed form ``impl`` (and, with ``truth``, the truth) at the points ``x``; ``fixed`` holds the others."""
    inputs = {fn.variable: np.array(x, dtype=np.float64)}
    for k in fn.others:
        inputs[k] = np.full_like(x, fixed[k], dtype=np.float64)
    problems = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        true, shape_differs = None, False
        if truth:
            value, error = call_safely(fn.truth, inputs, time_limit=time_limit)
            true = as_vector(value, x.size)
            shape_differs = not error and true is None
            if error or true is None:
                problems.append(f"the truth: {error or 'not one value per point'}")
        printed = None
        if impl is not None:
            value, error = call_safely(fn.form, impl, {k: v.copy() for k, v in inputs.items()}, time_limit=time_limit)
            printed = as_vector(value, x.size)
            if error or printed is None:
                problems.append(f"the printed form: {error or 'not one value per point'}")
    return Point(printed=printed, truth=true, problem="; ".join(problems), truth_shape_differs=shape_differs)
