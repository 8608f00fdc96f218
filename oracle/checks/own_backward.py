"""A callable's own backward (a custom ``torch.autograd.Function``, hooks) against the numeric judge.

Note [own backward]
-------------------
When the backward under test is the one autograd itself would run, autograd cannot judge
it: the numeric judge, differentiating the callable's own forward in float64, is the only
judge (``reference=`` in ``oracle.gradcheck`` adds autograd on a reference of the user's
choosing, through ``VJPCheck``).  The numeric judge works

* entry by entry where that is cheap: small inputs and a forward that ``torch.func.vmap``
  can batch (one batched evaluation for every entry);
* otherwise along random Gaussian directions of all inputs at once (memory of a few forward
  evaluations).  A disagreement is *localised by bisection*: the direction is split in two
  halves, the half whose disagreement stands furthest above its error bar is kept, down to
  one entry, which is estimated alone and named with both values and the error bar.

A kink of the forward within the judge's step (an input exactly on a ReLU's 0) is found by
the branch recorder (``oracle.judges.numeric.near_kinks``) and judged as a convention: the
backward's value must lie between the one-sided derivatives.  Two backward passes on the
same upstream gradient must agree within rounding (and ``nondet_tol``): a backward that
merely sums in another order is not flagged, one that is nondeterministic beyond that is.
Bands follow the backward's dtype: float64 rounding (Note [tolerance]) with the backward's
own values standing in for the unknown truth, or the low-precision floor (Note [low
precision]; without a reference there is no torch baseline to compare with).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import torch

from oracle.checks.base import CASE_TIME_LIMIT, call_safely, crash, precision_of, to_torch
from oracle.checks.bisection import projected
from oracle.checks.messages import Subject, describe_case, fmt
from oracle.checks.outcome import CaseStatus, Outcome
from oracle.checks.own_case import (
    JUDGES,
    LeftDomain,
    OwnCase,
    failure,
    finite,
    kink_failure,
    passed,
    with_message,
    within_kink,
)
from oracle.checks.precision import dtype_name
from oracle.judges import numeric
from oracle.judges.numeric.branches import signatures
from oracle.judges.numeric.near_kinks import entry_around_kinks
from oracle.seeds import random_upstream
from oracle.tolerance import (
    NUMERIC_FACTOR,
    ROUNDING_FACTOR,
    TORCH_ERROR_FACTOR,
    UNSETTLED_ERROR,
    allowed,
    comparison_scale,
)

__all__ = ["OwnBackwardCheck", "outputs_of"]

#: Entry-wise estimation while the differentiated inputs hold at most this many entries in all (and vmap works).
ENTRYWISE_MAX = 512


def outputs_of(value: Any) -> tuple[list[torch.Tensor] | None, str | None]:
    """The tensors a forward returned (one tensor, or a tuple or list of them), or a problem."""
    outs = [value] if isinstance(value, torch.Tensor) else list(value) if isinstance(value, (tuple, list)) else None
    if outs is None or not all(isinstance(o, torch.Tensor) or o is None for o in outs):
        return None, f"the function returned {type(value).__name__}, expected a tensor or a tuple of tensors"
    return outs, None


def _setup(message: str) -> Outcome:
    return Outcome(status=CaseStatus.SETUP, message=message, judges=JUDGES)


@dataclass(frozen=True)
class OwnBackwardCheck:
    """Judge the backward a callable carries against the numeric judge on the callable's forward.

    Attributes:
        projections: random Gaussian directions checked where entries are not estimated one by one
            (one suffices: an error of an entry escapes it only where the direction's entry is ~0).
        rtol, atol: the caller's own tolerance (``atol + rtol * |gradient|``) instead of rounding.
        nondet_tol: two backward passes may differ by this much besides rounding.
        check_grad_dtypes: a gradient must have its input's dtype.
        time_limit: seconds the forward or the backward may take.
    """

    projections: int = 1
    rtol: float | None = None
    atol: float | None = None
    nondet_tol: float = 0.0
    check_grad_dtypes: bool = False
    time_limit: float = CASE_TIME_LIMIT

    def judge(self, fn: Callable[..., Any], inputs: Mapping[str, Any], wrt: Sequence[str], *, seed: int = 0,
              subject: Subject = Subject(), case_text: Callable[[Mapping[str, Any]], str] = describe_case) -> Outcome:
        """Judge ``fn``'s backward at ``inputs`` (called ``fn(**inputs)``) for the inputs named in ``wrt``."""
        prepared = self._prepare(fn, inputs, tuple(wrt), seed, subject)
        if isinstance(prepared, Outcome):
            return prepared
        case, got_again = prepared
        for k in wrt:  # nondeterminism beyond rounding
            diff = (got_again[k] - case.got[k]).abs()
            worse = diff > torch.clamp(case.bands[k], min=self.nondet_tol)
            if bool(worse.any()):
                index = tuple(int(i) for i in torch.nonzero(worse)[0])
                return Outcome(status=CaseStatus.FAIL, judges=JUDGES, worst=f"{k}{index}", message=(
                    f"{subject.header()} is not deterministic: two passes on the same upstream gradient give "
                    f"{fmt(float(case.got[k][index]))} and {fmt(float(got_again[k][index]))} for {k}{index}, "
                    f"further apart than rounding ({fmt(float(case.bands[k][index]))}) and nondet_tol "
                    f"({fmt(self.nondet_tol)})"))
        mode = self._mode(case, wrt)
        try:
            verdict = (self._entrywise(case, wrt, subject) if mode == "entries"
                       else projected(case, wrt, subject, seed, self.projections))
        except LeftDomain as exc:
            return _setup(str(exc))
        except Exception as exc:
            return _setup(f"the numeric judge could not evaluate the forward near these inputs "
                          f"({type(exc).__name__}: {exc}); its steps may leave the function's domain")
        if verdict.status == CaseStatus.FAIL and "Counterexample" not in verdict.message:
            verdict = with_message(verdict, verdict.message + f"\nInputs: {case_text(inputs)}")
        return verdict

    # --- the forward, the backward, the bands -----------------------------------------------

    def _prepare(self, fn: Callable[..., Any], inputs: Mapping[str, Any], wrt: tuple[str, ...], seed: int,
                 subject: Subject) -> tuple[OwnCase, dict[str, torch.Tensor]] | Outcome:
        own = {k: (v.detach().clone() if isinstance(v, torch.Tensor) else v) for k, v in inputs.items()}
        leaves = {k: own[k].requires_grad_(True) for k in wrt}

        def forward() -> Any:
            with torch.enable_grad():
                return fn(**own)

        value, error = call_safely(forward, time_limit=self.time_limit)
        if error:
            return _setup(f"the function raised {error}")
        outs, problem = outputs_of(value)
        if problem:
            return _setup(problem)
        live = [i for i, o in enumerate(outs) if o is not None and o.is_floating_point() and o.requires_grad]
        if not live:
            return _setup("no output of the function depends differentiably on the inputs judged "
                          f"({', '.join(wrt)}): there is no backward to check")
        rng = np.random.default_rng(seed)
        # as_tensor: a scalar output (a loss) draws a numpy scalar, which from_numpy refuses
        upstream = [torch.as_tensor(random_upstream(rng, tuple(outs[i].shape)), dtype=torch.float64).to(outs[i].dtype)
                    for i in live]

        def backward() -> Any:
            return torch.autograd.grad([outs[i] for i in live], [leaves[k] for k in wrt], upstream,
                                       allow_unused=True, retain_graph=True)

        passes = []
        for _ in range(2):
            grads, error = call_safely(backward, time_limit=self.time_limit)
            if error:
                return crash(f"{subject.what} raised {error}", JUDGES)
            passes.append(grads)
        got: list[dict[str, torch.Tensor]] = []
        for grads in passes:
            mapped = {}
            for k, g in zip(wrt, grads):
                x = leaves[k]
                if g is None:
                    g = torch.zeros_like(x)
                if tuple(g.shape) != tuple(x.shape):
                    return crash(f"{subject.what} returned a gradient for {k} of shape {tuple(g.shape)}, "
                                 f"expected {tuple(x.shape)}", JUDGES)
                if self.check_grad_dtypes and g.dtype != x.dtype:
                    return crash(f"{subject.what} returned a {dtype_name(g.dtype)} gradient for {k}, a "
                                 f"{dtype_name(x.dtype)} input", JUDGES)
                mapped[k] = g.detach().to(torch.float64)
            got.append(mapped)
        inputs64 = to_torch(inputs)

        def reference(**kw: Any) -> torch.Tensor:
            with torch.no_grad():
                res, _ = outputs_of(fn(**kw))
            return torch.cat([res[i].reshape(-1) for i in live])

        u = torch.cat([g.reshape(-1).to(torch.float64) for g in upstream])
        value, error = call_safely(lambda: reference(**inputs64), time_limit=self.time_limit)
        if error:
            return _setup(f"the function does not run on float64 inputs ({error}): the numeric judge differentiates "
                          f"the forward in float64")
        if value.dtype != torch.float64:
            return _setup(f"the function returns {dtype_name(value.dtype)} for float64 inputs: the numeric judge "
                          f"needs a forward that computes in float64")
        if not bool(torch.isfinite(value).all()):
            return Outcome(status=CaseStatus.SKIPPED, message="the function is not finite at these inputs")
        for k in wrt:
            if not bool(torch.isfinite(got[0][k]).all()):
                return crash(f"{subject.what} returned non-finite values for {k} where the function is finite",
                             JUDGES)
        dtype = precision_of(inputs, wrt)
        scale = comparison_scale(u, [got[0][k] for k in wrt])
        bands = {k: self._band(got[0][k], scale, dtype) for k in wrt}
        try:
            sites = signatures(reference, inputs64)
        except Exception:  # a forward the recorder cannot follow: kinks are left to the error bars
            sites = []
        return OwnCase(reference, inputs64, u, got[0], bands, (u * value).sum(), sites), got[1]

    def _band(self, g: torch.Tensor, upstream: float, dtype: torch.dtype) -> torch.Tensor:
        if self.rtol is not None or self.atol is not None:
            return (self.atol or 0.0) + (self.rtol or 0.0) * g.abs()
        if dtype == torch.float64:
            return allowed(g, None, upstream)
        scale = g.abs() + max(float(g.abs().max()) if g.numel() else 0.0, upstream)
        return TORCH_ERROR_FACTOR * ROUNDING_FACTOR[dtype] * torch.finfo(dtype).eps * scale

    def _mode(self, case: OwnCase, wrt: Sequence[str]) -> str:
        if sum(case.inputs[k].numel() for k in wrt) > ENTRYWISE_MAX:
            return "projections"
        k = wrt[0]
        try:
            torch.func.vmap(lambda x: case.reference(**{**case.inputs, k: x}))(case.inputs[k].unsqueeze(0))
        except Exception:
            return "projections"
        return "entries"

    # --- entry by entry ------------------------------------------------------------------------

    def _entrywise(self, case: OwnCase, wrt: Sequence[str], subject: Subject) -> Outcome:
        est = numeric.vjp_entries(case.reference, case.inputs, wrt, case.grad_out)
        for k in wrt:
            finite(est[k].value)
        notes: list[str] = []
        conventions = 0
        for k in wrt:
            value, error = est[k].value.clone(), est[k].error.clone()
            settled = torch.zeros_like(value, dtype=torch.bool)  # entries judged as conventions on a kink
            rescued: set[tuple[int, ...]] = set()
            scale = value.abs() + float(case.grad_out.abs().max())
            while True:  # blamed or blurred entries estimated again around kinks, worst first
                excess = (case.got[k] - value).abs() - (NUMERIC_FACTOR * error + case.bands[k])
                if case.sites:  # Note [own backward]: a bar blurred by a kink within the step is no verdict
                    blurred = error > UNSETTLED_ERROR * scale
                    excess = torch.where(blurred, torch.maximum(excess, error), excess)
                excess = torch.where(settled, torch.full_like(excess, -1.0), excess)
                for done in rescued:
                    if excess[done] > 0 and not bool((case.got[k][done] - value[done]).abs()
                                                     > NUMERIC_FACTOR * error[done] + case.bands[k][done]):
                        excess[done] = -1.0  # estimated again and within its new bar
                if not bool((excess > 0).any()):
                    break
                index = tuple(int(i) for i in torch.unravel_index(torch.argmax(excess), excess.shape))
                rescue = None if index in rescued or len(rescued) >= 64 or not case.sites else entry_around_kinks(
                    case.reference, case.inputs, k, case.grad_out, index, case.sites)
                if rescue is None:
                    return failure(case, k, index, float(value[index]), float(error[index]), subject)
                rescued.add(index)
                new = rescue.estimate
                value[index], error[index] = new.value[0], new.error[0]
                if new.kink is not None and bool(new.kink[0]):
                    g = float(case.got[k][index])
                    if not within_kink(g, new, float(case.bands[k][index])):
                        return kink_failure(case, k, index, g, new, subject)
                    settled[index] = True
                    conventions += 1
                notes.append(rescue.note)
        return passed(case, wrt, notes, conventions, "entries")

    # --- outcomes --------------------------------------------------------------------------------
