"""``assert_vjp``: one hand-written backward checked inside a test, with a failure an engineer can act on.

    def test_my_sigmoid_backward():
        z = torch.linspace(-5, 5, 11, dtype=torch.float32)
        assert_vjp(torch.sigmoid, lambda g, z: g * s(z) * (1 - s(z)), {"z": z})

The backward is called as ``backward(grad_out, **inputs)`` with the inputs in the container and
dtype they were given in, and ``grad_out`` in the forward's output dtype (a tensor when any input
is a tensor, else a numpy array; a tuple for a forward with several outputs).  It returns the
gradients: a mapping ``{name: gradient}``, the gradient itself for one input, or a tuple
(``None`` for a zero gradient).  The judges are those of the catalogue: autograd on
``forward`` and the numeric judge, in float64; a backward computed in float32, float16 or
bfloat16 is judged against torch's own error in that dtype (Note [low precision]).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

import numpy as np
import torch

from oracle.checks.base import to_torch
from oracle.checks.messages import Subject, summarize_case
from oracle.checks.outcome import CaseStatus, Outcome
from oracle.checks.vjp import VJPCheck
from oracle.testing.arguments import Outputs, by_name, declared_breaks, returned_gradients, user_inputs, wrt_names
from oracle.testing.errors import VJPMismatch, VJPSetupError
from oracle.testing.record import observe, save_case

__all__ = ["assert_vjp", "custom_functions", "label_of"]


def label_of(fn: Callable[..., Any], name: str | None) -> str:
    """How messages name the code under test: ``name``, else its function name (lambdas stay anonymous)."""
    if name:
        return name
    owner = getattr(fn, "__self__", None)
    if isinstance(owner, type):  # MyFunction.apply
        return f"{owner.__name__}.{getattr(fn, '__name__', 'apply')}"
    label = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or type(fn).__name__
    if "<locals>" in label:  # a function defined inside the test: its own name says enough
        label = getattr(fn, "__name__", label)
    return "" if "<lambda>" in label else label


def custom_functions(forward: Callable[..., Any], inputs: Mapping[str, Any], wrt: Sequence[str]) -> list[str]:
    """The custom ``torch.autograd.Function`` nodes in the forward's graph (their backward is user code)."""
    try:
        tensors = to_torch(inputs)
        leaves = {k: tensors[k].requires_grad_(True) for k in wrt}
        with torch.enable_grad():
            out = forward(**{**tensors, **leaves})
        roots = [o.grad_fn for o in (out if isinstance(out, (tuple, list)) else [out])
                 if isinstance(o, torch.Tensor) and o.grad_fn is not None]
    except Exception:
        return []
    found, seen, stack = [], set(), roots
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, torch.autograd.function.BackwardCFunction):
            found.append(type(node).__name__)
        stack.extend(n for n, _ in getattr(node, "next_functions", ()))
    return sorted(set(found))


def assert_vjp(forward: Callable[..., Any], backward: Callable[..., Any], inputs: Mapping[str, Any], *,
               wrt: str | Sequence[str] | None = None, grad_out: Any = None,
               breaks: Mapping[str, float | Sequence[float]] | None = None,
               domain: Mapping[str, tuple[float | None, float | None]] | None = None,
               rtol: float | None = None, atol: float | None = None, seed: int = 0, elementwise: bool = False,
               analytic: bool = False, name: str | None = None) -> Outcome:
    """Raise ``VJPMismatch`` unless ``backward`` is the VJP of ``forward`` at ``inputs``.

    Args:
        forward: torch function, called as ``forward(**inputs)``; a tensor or a tuple of tensors.
        backward: the hand-written VJP, called as ``backward(grad_out, **inputs)``.
        inputs: named inputs (tensors, numpy arrays, nested lists; integer values stay integers).
        wrt: the input name(s) to differentiate; every floating input by default.
        grad_out: upstream gradient (a tuple for several outputs, ``None`` parts are zero); seeded
            random by default.
        breaks: per input, kinks (``{"x": 0.0}``): an entry exactly on one may take any value between
            the one-sided derivatives, and the numeric judge's steps never cross one.
        domain: per input, ``(low, high)`` bounds (``None`` for unbounded) the numeric judge's steps
            stay within; inputs outside raise ``VJPSetupError``.
        rtol, atol: your own tolerance (both, as ``torch.testing.assert_close``) instead of the
            rounding band or the low-precision policy.
        seed: seeds the upstream gradient and the numeric judge's projections.
        elementwise, analytic: hints for the numeric judge (``VJPCheck``).
        name: how messages name the backward (its function name by default).

    Returns:
        The passing ``Outcome`` (the largest error, where, the numeric judge's estimate there).

    Raises:
        VJPMismatch: the backward is wrong (or crashed, or the judges could not confirm it).
        VJPSetupError: the call cannot be judged as given; the message says what to change.
    """
    __tracebackhide__ = True  # pytest shows the message, not the harness's frames
    label = label_of(backward, name)
    title = f"Your backward {label}".rstrip()
    try:
        outcome, message, case_file = _judge(forward, backward, inputs, wrt=wrt, grad_out=grad_out, breaks=breaks,
                                             domain=domain, rtol=rtol, atol=atol, seed=seed, elementwise=elementwise,
                                             analytic=analytic, title=title, label=label or "backward")
    except VJPSetupError as exc:
        observe("assert_vjp", label, Outcome(status=CaseStatus.SETUP, message=str(exc)), str(exc))
        raise VJPSetupError(str(exc)) from None
    observe("assert_vjp", label, outcome, message, case_file)
    if outcome.status in (CaseStatus.PASS, CaseStatus.CONVENTION):
        return outcome
    if outcome.status in (CaseStatus.SETUP, CaseStatus.SKIPPED):
        raise VJPSetupError(message, outcome)
    raise VJPMismatch(message, outcome)


def _judge(forward: Callable[..., Any], backward: Callable[..., Any], inputs: Mapping[str, Any], *, wrt: Any,
           grad_out: Any, breaks: Any, domain: Any, rtol: float | None, atol: float | None, seed: int,
           elementwise: bool, analytic: bool, title: str, label: str) -> tuple[Outcome, str, str]:
    if not callable(forward) or not callable(backward):
        raise VJPSetupError("forward and backward must be callables")
    if (rtol is None) != (atol is None):
        raise VJPSetupError("rtol and atol go together: give both or neither (as torch.testing.assert_close)")
    given = user_inputs(inputs)
    forward = by_name(forward, tuple(given))
    names = wrt_names(wrt, given)
    kinks = declared_breaks(given, breaks, domain)
    outputs = Outputs.of(forward, given)
    upstream = outputs.upstream(grad_out, seed)
    as_tensor = any(isinstance(v, torch.Tensor) for v in given.values())
    returned: list[Any] = []

    def impl(case_inputs: Mapping[str, Any], g: np.ndarray) -> Any:
        got = backward(outputs.deliver(g, as_tensor), **case_inputs)
        returned[:] = [got]
        return returned_gradients(got, names, tuple(given), case_inputs)

    check = VJPCheck(reference=outputs.reference(forward), domain=lambda: None, wrt=names, elementwise=elementwise,
                     analytic=analytic, breaks=kinks, rtol=rtol, atol=atol, case_text=summarize_case)
    subject = Subject(title=title, form="your backward", what="your backward", summarize=True)
    outcome = check.judge(impl, {"inputs": given, "grad_out": upstream}, seed=seed, subject=subject)
    message = outcome.message or outcome.status.value
    case_file = ""
    if outcome.status not in (CaseStatus.PASS, CaseStatus.CONVENTION):
        message = _explained(outcome, message, forward, given, names)
        got = returned[0] if returned else None
        saved = {**{f"input_{k}": v for k, v in given.items()}, "grad_out": upstream,
                 **({f"gradient_{k}": v for k, v in got.items()} if isinstance(got, Mapping) else {})}
        case_file = save_case(label, saved)
        if case_file:
            message += f"\nFull case: {case_file} (numpy.load)"
    return outcome, message, case_file


def _explained(outcome: Outcome, message: str, forward: Callable[..., Any], inputs: Mapping[str, Any],
               wrt: Sequence[str]) -> str:
    """The message, with what to do where the status alone does not say it."""
    if outcome.status == CaseStatus.INCONCLUSIVE:
        custom = custom_functions(forward, inputs, wrt)
        if custom:
            message += (f"\nThe forward calls a custom autograd.Function ({', '.join(custom)}): autograd judges it "
                        f"with its own backward, which is the code to check. Use oracle.gradcheck(forward, inputs) "
                        f"to judge that backward against the numeric judge alone.")
        return f"Your backward could not be judged: {message}"
    if outcome.status == CaseStatus.SKIPPED:
        return f"{message}: nothing to judge at these inputs (choose inputs where the forward is finite)"
    return message

