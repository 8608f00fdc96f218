"""Helpers shared by the checks: case conversion, calling user code safely, formatting."""

from __future__ import annotations

import contextlib
import signal
import threading
import traceback
from typing import Any, Callable, Mapping

import numpy as np
import torch

from oracle.outcome import CaseStatus, Outcome

__all__ = ["ReferenceFailure", "to_torch", "copy_inputs", "call_safely", "as_float_array", "describe_case", "crash"]

_MAX_SHOWN = 24


class ReferenceFailure(Exception):
    """The torch reference raised while a case was being drawn (a bug in the claim, not the form)."""


def to_torch(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Float arrays become float64 tensors, integer arrays int64 tensors; other values pass through."""
    out: dict[str, Any] = {}
    for k, v in inputs.items():
        if isinstance(v, np.ndarray) or isinstance(v, (float, np.floating)):
            a = np.asarray(v)
            if a.dtype.kind == "f":
                out[k] = torch.from_numpy(np.array(a, dtype=np.float64))
            elif a.dtype.kind in "iub":
                out[k] = torch.from_numpy(np.array(a, dtype=np.int64))
            else:
                out[k] = v
        else:
            out[k] = v
    return out


def copy_inputs(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Fresh copies, so a printed implementation that writes into its inputs harms nothing."""
    return {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in inputs.items()}


#: Seconds one call of user code may take on one case before it is abandoned as a finding.
CASE_TIME_LIMIT = 20.0


class _CaseTimeout(Exception):
    pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise _CaseTimeout()


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Interrupt user code after ``seconds`` (SIGALRM; only in the main thread of a process)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def call_safely(fn: Callable[..., Any], *args: Any, time_limit: float = CASE_TIME_LIMIT) -> tuple[Any, str | None]:
    """``(result, None)``, or ``(None, message)`` naming the exception and the printed line that raised.

    A call running longer than ``time_limit`` seconds is abandoned and reported as such.
    """
    try:
        with np.errstate(all="ignore"), _time_limit(time_limit):
            return fn(*args), None
    except _CaseTimeout:
        return None, f"TimeoutError: exceeded the per-case time limit of {time_limit:g} s"
    except Exception as exc:  # user code: every exception is a finding
        frames = traceback.extract_tb(exc.__traceback__)
        where = f" (at {frames[-1].name}, line {frames[-1].lineno})" if frames else ""
        return None, f"{type(exc).__name__}: {exc}{where}"


def as_float_array(value: Any, shape: tuple[int, ...], what: str) -> tuple[np.ndarray | None, str | None]:
    """Validate a value returned by user code: numeric, real, of the expected shape."""
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    try:
        arr = np.asarray(value)
    except Exception as exc:
        return None, f"{what} is not array-like ({type(value).__name__}): {exc}"
    if arr.dtype.kind not in "biuf":
        return None, f"{what} has dtype {arr.dtype}, expected a real number type"
    if arr.shape != shape:
        if arr.size == int(np.prod(shape)) and arr.size == 1:
            arr = arr.reshape(shape)
        else:
            return None, f"{what} has shape {arr.shape}, expected {shape}"
    return arr.astype(np.float64), None


def _fmt_value(v: Any) -> str:
    if isinstance(v, np.ndarray):
        if v.size <= _MAX_SHOWN:  # Python's shortest round-trip reprs; array2string costs ~0.3 ms a call
            return repr(v.tolist())
        return np.array2string(v, separator=", ", floatmode="unique", threshold=_MAX_SHOWN, edgeitems=3)
    if isinstance(v, torch.Tensor):
        return _fmt_value(v.detach().cpu().numpy())
    if isinstance(v, np.generic):
        return repr(v.item())
    return repr(v)


def describe_case(values: Mapping[str, Any]) -> str:
    """``name = value`` pairs, arrays shown with round-trip digits."""
    return "; ".join(f"{k} = {_fmt_value(v)}" for k, v in values.items())


def crash(message: str, judges: tuple[str, ...] = ()) -> Outcome:
    return Outcome(status=CaseStatus.CRASH, message=message, judges=judges)
