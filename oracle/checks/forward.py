"""A printed VJP against a forward known only as code: the numeric judge alone.

A notebook's ``f`` with its ``f_prime``, or its ``layer_forward`` with its ``layer_backward``,
gives no torch reference: the truth is the derivative of the notebook's *own* forward, which
only forward evaluations can reach.  The numeric judge (complex step is not tried: the forward
is arbitrary code; central differences with Richardson extrapolation and an error estimate)
differentiates ``forward`` (called with float64 tensors, returning an array); the printed VJP
must agree within the tolerance policy's band widened by the estimate's error bar.  Autograd
cannot referee here; the judges column says so ("numeric").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np
import torch
from hypothesis import strategies as st

from oracle.checks.base import (
    CASE_TIME_LIMIT,
    ScalarFunction,
    as_float_array,
    call_safely,
    copy_inputs,
    crash,
    returned_mapping,
    to_torch,
)
from oracle.checks.compare import mismatch
from oracle.checks.messages import Subject, describe_case, mismatch_message
from oracle.checks.outcome import CaseStatus, Outcome
from oracle.domains import draw_upstream
from oracle.judges import numeric
from oracle.tolerance import allowed

__all__ = ["ForwardVJPCheck", "ERROR_BAR_FACTOR"]


def _arrays(inputs: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (v.detach().cpu().numpy() if isinstance(v, torch.Tensor) else v) for k, v in inputs.items()}

#: A printed entry may differ from the estimate by this many error bars (besides the tolerance band).
ERROR_BAR_FACTOR = 8.0


@dataclass(frozen=True)
class ForwardVJPCheck:
    """Judge ``impl(inputs, grad_out) -> {name: gradient}`` against numeric differences of ``forward``.

    ``forward(**inputs)`` takes float64 arrays and returns an array-like (it may run anywhere: a
    notebook kernel); it is differentiated with respect to ``wrt``.  A ``forward.many(inputs, name,
    xs)`` attribute, evaluating the forward at every stacked copy ``xs`` of input ``name`` in one call,
    saves the numeric judge a call per perturbed copy.  ``breaks`` are points
    the steps must not cross (kinks, domain ends), as for ``VJPCheck``.
    """

    forward: Callable[..., Any]
    domain: Callable[[], st.SearchStrategy[dict[str, Any]]]
    wrt: tuple[str, ...]
    elementwise: bool = False
    breaks: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    deterministic: bool = False
    time_limit: float = CASE_TIME_LIMIT

    @property
    def _forward(self) -> Callable[..., torch.Tensor]:
        """``forward`` on tensors; with ``forward.many`` (every perturbed copy in one call) passed on to the judge."""
        user = self.forward

        def fn(**inputs: Any) -> torch.Tensor:
            return torch.as_tensor(np.asarray(user(**_arrays(inputs)), dtype=np.float64))

        many = getattr(user, "many", None)
        if many is not None:
            fn.many = lambda inputs, name, xs: torch.as_tensor(  # type: ignore[attr-defined]
                np.asarray(many(_arrays(inputs), name, xs.detach().cpu().numpy()), dtype=np.float64))
        return fn

    def strategy(self, domain: Callable[[], st.SearchStrategy[dict[str, Any]]]) -> st.SearchStrategy[dict[str, Any]]:
        forward = self._forward

        @st.composite
        def cases(draw: st.DrawFn) -> dict[str, Any]:
            inputs = draw(domain())
            out, error = call_safely(lambda: forward(**to_torch(inputs)), time_limit=self.time_limit)
            shape = tuple(out.shape) if error is None else ()
            return {"inputs": inputs, "grad_out": draw_upstream(draw, shape), "forward_error": error}

        return cases()

    def describe(self, case: Mapping[str, Any]) -> str:
        return describe_case({**case["inputs"], "grad_out": case["grad_out"]})

    def call(self, impl: Callable[..., Any], case: Mapping[str, Any]) -> tuple[Any, str | None]:
        return call_safely(impl, copy_inputs(case["inputs"]), np.array(case["grad_out"]), time_limit=self.time_limit)

    def scalar_function(self) -> ScalarFunction | None:
        return None

    def judge(self, impl: Callable[..., Any], case: Mapping[str, Any], *, seed: int = 0,
              subject: Subject = Subject()) -> Outcome:
        if case.get("forward_error"):
            return Outcome(status=CaseStatus.INCONCLUSIVE, judges=("numeric",),
                           message=f"the forward raised {case['forward_error']}: there is nothing to differentiate")
        inputs = to_torch(case["inputs"])
        u = torch.from_numpy(np.asarray(case["grad_out"], dtype=np.float64))
        try:
            estimates = numeric.vjp_entries(self._forward, inputs, self.wrt, u, elementwise=self.elementwise,
                                            analytic=False, breaks=self.breaks)
        except Exception as exc:  # the forward failed on a perturbed input
            return Outcome(status=CaseStatus.INCONCLUSIVE, judges=("numeric",),
                           message=f"numeric judge: the forward raised {type(exc).__name__}: {exc}")
        printed, error = self.call(impl, case)
        if error:
            return crash(f"the printed backward raised {error}", judges=("numeric",))
        printed, problem = returned_mapping(printed, self.wrt, "the printed backward", "gradient")
        if problem:
            return crash(problem, judges=("numeric",))
        worst: Outcome | None = None
        for name in self.wrt:
            est = estimates[name]
            truth = est.value
            arr, problem = as_float_array(printed[name], tuple(truth.shape), f"the gradient for {name}")
            if problem:
                return crash(problem, judges=("numeric",))
            if not bool(torch.isfinite(truth).all()):
                return Outcome(status=CaseStatus.SKIPPED, message="the forward is not finite near this case")
            got = torch.from_numpy(arr)
            band = allowed(truth, scale=float(u.abs().max()) if u.numel() else 0.0) + ERROR_BAR_FACTOR * est.error
            if est.kink is not None and bool(est.kink.any()):
                inside = (got >= est.lower - band) & (got <= est.upper + band)
                band = torch.where(est.kink & inside, (got - truth).abs(), band)
            res = mismatch(got, truth, band)
            outcome = Outcome(
                status=CaseStatus.PASS if res.ok else CaseStatus.FAIL, max_abs_error=res.max_abs,
                max_rel_error=res.max_rel, allowed=res.allowed, worst=f"{name}{list(res.worst_index)}",
                printed_value=res.got, true_value=res.expected, numeric_value=res.expected,
                numeric_error=float(est.error.reshape(-1)[0]) if est.error.numel() else float("nan"),
                mismatched=res.mismatched, total=res.total, judges=("numeric",),
                message="" if res.ok else mismatch_message(subject, judge="numeric", name=name, result=res,
                                                           counterexample=self.describe(case)))
            if not res.ok:
                return outcome
            worst = outcome if worst is None or outcome.max_abs_error > worst.max_abs_error else worst
        return worst or Outcome(status=CaseStatus.PASS, judges=("numeric",))
