"""What every check is (the ``Check`` protocol) and what checks share: calling user code safely,
case conversion, and the validation of what user code returns."""

from __future__ import annotations

import contextlib
import functools
import inspect
import signal
import threading
import traceback
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Mapping, Protocol, runtime_checkable

import numpy as np
import torch

from oracle.checks.messages import Subject
from oracle.checks.outcome import CaseStatus, Outcome
from oracle.errors import ReferenceFailure

if TYPE_CHECKING:  # hypothesis loads where cases are drawn, not where one backward is judged
    from hypothesis import strategies as st

__all__ = ["Check", "ScalarFunction", "ReferenceFailure", "to_torch", "copy_inputs", "call_safely", "as_float_array",
           "returned_mapping", "parameter_names", "input_names", "domain_example", "real_variable", "precision_of",
           "crash", "wrong_shape", "wrong_shape_outcome", "CASE_TIME_LIMIT"]

#: Seconds one call of user code may take on one case before it is abandoned as a finding.
CASE_TIME_LIMIT = 20.0

#: What a drawn case is: ``{"inputs": {...}}`` plus what the check adds (an upstream gradient).
Case = Mapping[str, Any]
Domain = Callable[[], "st.SearchStrategy[dict[str, Any]]"]


@dataclass(frozen=True)
class ScalarFunction:
    """A claim seen as a function of one scalar array input (curves and the stability audit).

    ``variable`` varies; ``others`` are the other inputs, held at a fixed value.  ``truth``
    and ``form`` map the inputs (numpy arrays of one shape) to values of that shape:
    the reference's value, or its derivative in ``variable`` (``quantity``).  Either may
    raise; callers run them under ``call_safely``.
    """

    variable: str
    others: tuple[str, ...]
    quantity: str  # "value" or "derivative"
    truth: Callable[[Mapping[str, np.ndarray]], np.ndarray]
    form: Callable[[Any, Mapping[str, np.ndarray]], np.ndarray]


@runtime_checkable
class Check(Protocol):
    """How one kind of claim is judged.

    A check owns the torch reference and the input domain of a claim.  The runner
    draws cases from ``strategy(domain)`` (the claim's main domain, or its condition's),
    judges each form on each case with ``judge`` and records ``describe(case)``;
    ``deterministic`` checks are judged on one case (figures, derivations).  ``call``
    runs a form on a case the way ``judge`` does, without judging it (mutation
    equivalence); ``scalar_function`` exposes the claim as a scalar function when it is
    one (curves, stability audit), else ``None``.
    """

    domain: Domain
    deterministic: bool
    time_limit: float

    def strategy(self, domain: Domain) -> st.SearchStrategy[Case]: ...

    def describe(self, case: Case) -> str: ...

    def judge(self, impl: Any, case: Case, *, seed: int = 0, subject: Subject = Subject()) -> Outcome: ...

    def call(self, impl: Any, case: Case) -> tuple[Any, str | None]: ...

    def scalar_function(self) -> ScalarFunction | None: ...


def to_torch(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The judges' view of a case: floats as float64 tensors, integers as int64 tensors (from numpy or
    torch, whatever their precision); other values pass through."""
    out: dict[str, Any] = {}
    for k, v in inputs.items():
        if isinstance(v, torch.Tensor):
            t = v.detach()
            out[k] = t.to(torch.float64).clone() if t.is_floating_point() else t.clone()
        elif isinstance(v, np.ndarray) or isinstance(v, (float, np.floating)):
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


#: numpy float dtypes by the torch dtype of the same precision.
_TORCH_DTYPE = {np.dtype(np.float16): torch.float16, np.dtype(np.float32): torch.float32,
                np.dtype(np.float64): torch.float64}


def precision_of(inputs: Mapping[str, Any], names: Any) -> torch.dtype:
    """The lowest floating precision among the inputs ``names`` (float64 when all are float64 or not floats)."""
    found = torch.float64
    for k in names:
        v = inputs.get(k)
        if isinstance(v, torch.Tensor) and v.is_floating_point():
            dtype = v.dtype
        elif isinstance(v, np.ndarray) and v.dtype.kind == "f":
            dtype = _TORCH_DTYPE.get(v.dtype, torch.float64)
        else:
            continue
        if torch.finfo(dtype).eps > torch.finfo(found).eps:
            found = dtype
    return found


def parameter_names(fn: Callable[..., Any]) -> tuple[str, ...] | None:
    """The required parameters of ``fn`` by name, or ``None`` when it takes ``*args``/``**kwargs`` or has no signature."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    names = []
    for p in sig.parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            return None
        if p.default is p.empty:
            names.append(p.name)
    return tuple(names)


@functools.lru_cache(maxsize=1024)
def domain_example(domain: Domain) -> Mapping[str, Any] | None:
    """One case drawn from ``domain`` (the first hypothesis generates), or ``None`` when it cannot draw here."""
    from hypothesis import Phase, find, settings

    from oracle.draws import independent_draws

    try:
        with independent_draws():
            example = find(domain(), lambda _: True,
                           settings=settings(database=None, max_examples=1, phases=[Phase.generate]))
    except Exception:  # a domain that cannot draw here is reported by the runner, not by this helper
        return None
    return example if isinstance(example, Mapping) else None


def domain_names(domain: Domain) -> tuple[str, ...] | None:
    """The input names of one case drawn from ``domain`` (for references whose signature hides them)."""
    example = domain_example(domain)
    return tuple(example) if example is not None else None


def real_variable(domain: Domain, name: str) -> bool:
    """Input ``name`` of ``domain`` holds real numbers (not sizes, counts or labels), so that it can be scanned
    as a real variable (the stability audit, the curves); true when no case can be drawn to tell."""
    example = domain_example(domain)
    if example is None or name not in example:
        return True
    v = example[name]
    if isinstance(v, torch.Tensor):
        return v.is_floating_point()
    return np.asarray(v).dtype.kind == "f"


def input_names(fn: Callable[..., Any], domain: Domain) -> tuple[str, ...] | None:
    """The names a reference is called with: its required parameters, else those of a drawn case."""
    names = parameter_names(fn)
    return names if names is not None else domain_names(domain)


def copy_inputs(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Fresh copies in their own container and dtype, so that code writing into its inputs harms nothing."""
    return {k: (v.copy() if isinstance(v, np.ndarray) else v.detach().clone() if isinstance(v, torch.Tensor) else v)
            for k, v in inputs.items()}


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
        value = value.detach().cpu()
        value = (value.to(torch.float64) if value.is_floating_point() else value).numpy()
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


def wrong_shape(value: Any, shape: tuple[int, ...]) -> tuple[int, ...] | None:
    """The shape of ``value`` when it is an array of numbers whose shape is not ``shape`` (a formula that
    computes another quantity, not code that fails to run); ``None`` otherwise."""
    if isinstance(value, torch.Tensor):
        got = tuple(value.shape)
    else:
        try:
            arr = np.asarray(value)
        except Exception:
            return None
        if arr.dtype.kind not in "biuf":
            return None
        got = arr.shape
    if got == tuple(shape) or int(np.prod(got)) == int(np.prod(shape)) == 1:
        return None
    return got


def wrong_shape_outcome(subject: Subject, what: str, got: tuple[int, ...], expected: tuple[int, ...],
                        counterexample: str) -> Outcome:
    """A form whose value has the wrong shape computes another quantity: it fails (it ran)."""
    total = int(np.prod(expected))
    return Outcome(status=CaseStatus.FAIL, judges=("shape",), worst=f"shape {got}", mismatched=total, total=total,
                   message=(f"{subject.header()}: {what} has shape {got} where {expected} is expected: the formula "
                            f"computes another quantity\nCounterexample: {counterexample}"))


def returned_mapping(value: Any, names: Any, what: str, noun: str) -> tuple[Mapping[str, Any] | None, str | None]:
    """Validate that user code returned a mapping holding a ``noun`` for every name in ``names``.

    ``what`` names the code in the message ("the printed backward", "recomputing the figures").
    """
    if isinstance(value, (tuple, list)):
        return None, (f"{what} returned a {type(value).__name__} of {len(value)} values, expected a mapping of "
                      f"{noun}s by name (or one value per name: {', '.join(names)})")
    if not isinstance(value, Mapping):
        return None, f"{what} returned {type(value).__name__}, expected a mapping of {noun}s"
    missing = [k for k in names if k not in value]
    if missing:
        return None, f"{what} returned no {noun} for {', '.join(missing)}"
    return value, None


def crash(message: str, judges: tuple[str, ...] = ()) -> Outcome:
    return Outcome(status=CaseStatus.CRASH, message=message, judges=judges)
