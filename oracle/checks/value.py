"""Definition and stability claims: a printed forward against the torch reference's values.

A printed form's ``impl(**inputs) -> array`` is compared entry by entry with
``reference(**inputs)``; the band is the tolerance policy's, with the reference's
sensitivity measured by perturbing its inputs by a few ulps (Note [tolerance]).
A printed value that is NaN or infinite where the reference is finite fails.
Values are compared at unit absolute scale at least (see ``_UNIT_SCALE``).
"""

from __future__ import annotations

from dataclasses import dataclass
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
    input_names,
    real_variable,
    to_torch,
    wrong_shape,
    wrong_shape_outcome,
)
from oracle.checks.compare import mismatch
from oracle.checks.messages import Subject, describe_case, mismatch_message
from oracle.checks.outcome import CaseStatus, Outcome, with_notes
from oracle.judges.autograd import noise_generator, perturb_inputs, rounding_noise
from oracle.judges.exact import exact
from oracle.tolerance import SENSITIVITY_DRAWS, SENSITIVITY_ULPS, UNIT_SCALE, allowed

__all__ = ["ValueCheck"]



@dataclass(frozen=True)
class ValueCheck:
    """Judge a printed forward (``impl(**inputs)``) against ``reference(**inputs)``."""

    reference: Callable[..., torch.Tensor]
    domain: Callable[[], st.SearchStrategy[dict[str, Any]]]
    deterministic: bool = False
    time_limit: float = CASE_TIME_LIMIT

    def strategy(self, domain: Callable[[], st.SearchStrategy[dict[str, Any]]]) -> st.SearchStrategy[dict[str, Any]]:
        return domain().map(lambda inputs: {"inputs": inputs})

    def describe(self, case: Mapping[str, Any]) -> str:
        return describe_case(case["inputs"])

    def _sensitivity(self, reference: Callable[..., torch.Tensor], inputs: dict[str, Any], truth: torch.Tensor,
                     seed: int) -> torch.Tensor:
        gen, noise = torch.Generator().manual_seed(seed), noise_generator(seed)
        spread = torch.zeros_like(truth)
        for _ in range(SENSITIVITY_DRAWS):
            moved = perturb_inputs(inputs, gen)
            try:
                with rounding_noise(noise):
                    other = reference(**moved).to(torch.float64)
            except Exception:
                continue
            spread = torch.maximum(spread, torch.nan_to_num((other - truth).abs(), nan=0.0, posinf=0.0))
        return spread / SENSITIVITY_ULPS

    def call(self, impl: Callable[..., Any], case: Mapping[str, Any]) -> tuple[Any, str | None]:
        """The printed forward on a case: ``impl(**inputs)`` on fresh copies, under the time limit."""
        return call_safely(lambda: impl(**copy_inputs(case["inputs"])), time_limit=self.time_limit)

    def scalar_function(self) -> ScalarFunction | None:
        """A forward of one input: its values against the reference's."""
        names = input_names(self.reference, self.domain)
        if names is None or len(names) != 1 or not real_variable(self.domain, names[0]):
            return None

        def truth(inputs: Mapping[str, Any]) -> Any:
            return self.reference(**{k: torch.from_numpy(np.array(v, dtype=np.float64)) for k, v in inputs.items()})

        return ScalarFunction(names[0], (), "value", truth, lambda impl, inputs: impl(**inputs))

    def judge(self, impl: Callable[..., Any], case: Mapping[str, Any], *, seed: int = 0,
              subject: Subject = Subject()) -> Outcome:
        inputs = to_torch(case["inputs"])
        reference = exact(self.reference)
        try:
            truth = reference(**inputs)
        except Exception as exc:
            return Outcome(status=CaseStatus.SETUP, message=f"the torch reference raised {type(exc).__name__}: {exc}")
        truth = torch.as_tensor(truth).to(torch.float64)
        if not bool(torch.isfinite(truth).all()):
            return Outcome(status=CaseStatus.SKIPPED, message="the reference is not finite on this case")
        value, error = self.call(impl, case)
        if error:
            return crash(f"the printed implementation raised {error}")
        other = wrong_shape(value, tuple(truth.shape))
        if other is not None:
            return wrong_shape_outcome(subject, "the printed value", other, tuple(truth.shape), self.describe(case))
        arr, problem = as_float_array(value, tuple(truth.shape), "the printed value")
        if problem:
            return crash(problem)
        got = torch.from_numpy(arr)
        res = mismatch(got, truth, allowed(truth, scale=UNIT_SCALE))
        if not res.ok:  # Note [lazy sensitivity] in oracle.checks.vjp: widen only where the tight band fails
            res = mismatch(got, truth, allowed(truth, self._sensitivity(reference, inputs, truth, seed), scale=UNIT_SCALE))
        common = dict(max_abs_error=res.max_abs, max_rel_error=res.max_rel, allowed=res.allowed,
                      worst=f"{res.worst_index}", printed_value=res.got, true_value=res.expected,
                      mismatched=res.mismatched, total=res.total, judges=("reference",))
        if res.ok:
            return with_notes(Outcome(status=CaseStatus.PASS, **common), reference.notes)
        message = mismatch_message(subject, judge="reference", name="", result=res, counterexample=self.describe(case))
        if not bool(torch.isfinite(got).all()):
            message = "the printed implementation returns NaN or inf where the reference is finite\n" + message
        return with_notes(Outcome(status=CaseStatus.FAIL, message=message, **common), reference.notes)
