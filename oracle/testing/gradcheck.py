"""``oracle.gradcheck``: ``torch.autograd.gradcheck``'s call, judged by the numeric judge with error bars.

    assert oracle.gradcheck(MySigmoid.apply, (x,))

Same call shape and return convention as torch's: ``True``, or a ``GradcheckError`` (also
torch's ``GradcheckError``), or ``False`` with ``raise_exception=False``.  What differs is the
verdict (Note [own backward] in ``oracle.checks.own_backward``): tolerances follow the
inputs' dtype and rounding instead of a fixed ``atol=1e-5, rtol=1e-3``, so a float32 backward
is judged as float32 and a 1e-8 error in float64 is caught; a kink within the step is a
convention, not a failure; summing in another order is not nondeterminism; and a failure
names the input, the entry, both values and the numeric error bar.  ``reference=`` (a torch
function of the same arguments whose autograd VJP is the truth) adds the autograd judge and
torch's own error as the low-precision baseline.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np
import torch

from oracle.checks.messages import Subject, summarize_case
from oracle.checks.outcome import CaseStatus, Outcome
from oracle.checks.own_backward import OwnBackwardCheck
from oracle.checks.vjp import VJPCheck
from oracle.testing.arguments import Outputs, returned_gradients
from oracle.testing.assertion import label_of
from oracle.testing.errors import GradcheckError
from oracle.testing.record import observe, save_case

__all__ = ["gradcheck"]

#: torch.autograd.gradcheck options that check something else than a backward pass.
_UNSUPPORTED = {"check_batched_grad": False, "check_batched_forward_grad": False, "check_forward_ad": False,
                "check_backward_ad": True}


def _name(i: int) -> str:
    return f"inputs[{i}]"


def gradcheck(func: Callable[..., Any], inputs: torch.Tensor | Sequence[Any], *, eps: float = 1e-6,
              atol: float | None = None, rtol: float | None = None, raise_exception: bool = True,
              nondet_tol: float = 0.0, check_undefined_grad: bool = True, check_grad_dtypes: bool = False,
              check_batched_grad: bool = False, check_batched_forward_grad: bool = False,
              check_forward_ad: bool = False, check_backward_ad: bool = True, fast_mode: bool = False,
              masked: bool | None = None, reference: Callable[..., Any] | None = None, seed: int = 0,
              name: str | None = None) -> bool:
    """Check the backward of ``func`` at ``inputs`` (the tensors that require grad) against the numeric judge.

    Args:
        func: called as ``func(*inputs)``; returns a tensor or a tuple of tensors.  Its backward is the
            code under test (a custom ``torch.autograd.Function``'s ``apply``, a module with hooks).
        inputs: a tensor or a sequence of arguments; floating tensors with ``requires_grad`` are checked.
        atol, rtol: given, they replace the rounding band (``atol + rtol * |gradient|``); by default the
            band follows the inputs' dtype (torch's defaults, ``1e-5``/``1e-3``, would hide a 1e-8 error).
        raise_exception: raise ``GradcheckError`` on failure (else return ``False``).
        nondet_tol: two backward passes may differ by this much besides rounding.
        check_grad_dtypes: a gradient must have its input's dtype.
        reference: a torch function of the same arguments; its autograd VJP becomes a judge too.
        seed: seeds the upstream gradient and the random directions.
        name: how messages name the function.
        eps, check_undefined_grad, fast_mode, masked: accepted for compatibility; the numeric judge
            chooses its own steps, and entry-wise or projected checking by cost.

    Returns:
        ``True`` when the backward is right (or takes a valid convention at a kink).
    """
    __tracebackhide__ = True
    requested = {"check_batched_grad": check_batched_grad, "check_batched_forward_grad": check_batched_forward_grad,
                 "check_forward_ad": check_forward_ad, "check_backward_ad": check_backward_ad}
    off = [k for k, v in requested.items() if v != _UNSUPPORTED[k]]
    if off or masked:
        raise GradcheckError(f"oracle.gradcheck checks backward passes only; {', '.join(off) or 'masked'} needs "
                             f"torch.autograd.gradcheck")
    label = label_of(func, name)
    outcome, message = _judge(func, inputs, atol=atol, rtol=rtol, nondet_tol=nondet_tol,
                              check_grad_dtypes=check_grad_dtypes, reference=reference, seed=seed, label=label)
    passed = outcome.status in (CaseStatus.PASS, CaseStatus.CONVENTION)
    if not passed:
        case_file = save_case(label or "gradcheck", {_name(i): x for i, x in enumerate(_as_tuple(inputs))})
        message += f"\nFull case: {case_file} (numpy.load)" if case_file else ""
        observe("gradcheck", label, outcome, message, case_file)
        if raise_exception:
            raise GradcheckError(message, outcome)
        return False
    observe("gradcheck", label, outcome, message)
    return True


def _as_tuple(inputs: Any) -> tuple[Any, ...]:
    return (inputs,) if isinstance(inputs, torch.Tensor) else tuple(inputs)


def _judge(func: Callable[..., Any], inputs: Any, *, atol: float | None, rtol: float | None, nondet_tol: float,
           check_grad_dtypes: bool, reference: Callable[..., Any] | None, seed: int,
           label: str) -> tuple[Outcome, str]:
    args = _as_tuple(inputs)
    named = {_name(i): x for i, x in enumerate(args)}
    wrt = tuple(_name(i) for i, x in enumerate(args)
                if isinstance(x, torch.Tensor) and x.is_floating_point() and x.requires_grad)
    if not wrt:
        outcome = Outcome(status=CaseStatus.SETUP, message="no input requires grad: gradcheck checks the inputs "
                                                           "created with requires_grad=True")
        return outcome, "gradcheck: " + outcome.message

    def call(**kw: Any) -> Any:
        return func(*(kw[_name(i)] for i in range(len(args))))

    title = f"The backward of {label}" if label else "The backward"
    subject = Subject(title=title, form="backward", what="the backward", summarize=True)
    if reference is None:
        check = OwnBackwardCheck(rtol=rtol, atol=atol, nondet_tol=nondet_tol, check_grad_dtypes=check_grad_dtypes)
        outcome = check.judge(call, named, wrt, seed=seed, subject=subject, case_text=summarize_case)
    else:
        outcome = _against_reference(call, reference, named, wrt, args, rtol=rtol, atol=atol, seed=seed,
                                     subject=subject)
    message = outcome.message or outcome.status.value
    if outcome.status == CaseStatus.INCONCLUSIVE:
        message = f"gradcheck could not judge the backward: {message}"
    elif outcome.status in (CaseStatus.SETUP, CaseStatus.SKIPPED):
        message = f"gradcheck could not run: {message}"
    return outcome, message


def _against_reference(call: Callable[..., Any], reference: Callable[..., Any], named: dict[str, Any],
                       wrt: tuple[str, ...], args: tuple[Any, ...], *, rtol: float | None, atol: float | None,
                       seed: int, subject: Subject) -> Outcome:
    """The function's backward as the form, the reference's autograd and the numeric judge as judges."""
    try:
        outputs = Outputs.of(lambda **kw: reference(*(kw[_name(i)] for i in range(len(args)))), named)
    except Exception as exc:  # VJPSetupError: the reference does not run on these inputs
        return Outcome(status=CaseStatus.SETUP, message=f"the reference: {exc}")
    ref = outputs.reference(lambda **kw: reference(*(kw[_name(i)] for i in range(len(args)))))

    def impl(case_inputs: dict[str, Any], g: np.ndarray) -> Any:
        leaves = {k: (v.detach().clone().requires_grad_(True) if k in wrt else v) for k, v in case_inputs.items()}
        with torch.enable_grad():
            out = call(**leaves)
        outs = [out] if isinstance(out, torch.Tensor) else list(out)
        ups = outputs.deliver(g, as_tensor=True)
        ups = [ups] if isinstance(ups, torch.Tensor) else list(ups)
        live = [(o, u) for o, u in zip(outs, ups) if isinstance(o, torch.Tensor) and o.requires_grad]
        grads = torch.autograd.grad([o for o, _ in live], [leaves[k] for k in wrt], [u for _, u in live],
                                    allow_unused=True)
        return returned_gradients(tuple(grads), wrt, tuple(case_inputs), case_inputs)

    check = VJPCheck(reference=ref, domain=lambda: None, wrt=wrt, rtol=rtol, atol=atol, case_text=summarize_case)
    return check.judge(impl, {"inputs": named, "grad_out": outputs.upstream(None, seed)}, seed=seed, subject=subject)
