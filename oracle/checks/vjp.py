"""Backward (and algorithm) claims: a printed VJP against autograd and the numeric judge.

A printed form's ``impl(inputs, grad_out) -> {name: array}`` gives the gradient
of ``<grad_out, reference(**inputs)>`` with respect to each input named in
``wrt``.  Adapters in ``oracle.forms`` turn the shapes documents print (an
elementwise derivative, a partial derivative of a loss, the gradients of a scalar
cost) into that signature.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

import numpy as np
import torch

from oracle import device
from oracle.checks.base import (
    CASE_TIME_LIMIT,
    ScalarFunction,
    as_float_array,
    call_safely,
    copy_inputs,
    crash,
    input_names,
    precision_of,
    real_variable,
    returned_mapping,
    to_torch,
    wrong_shape,
    wrong_shape_outcome,
)
from oracle.checks.messages import Subject, describe_case
from oracle.checks.outcome import CaseStatus, Outcome, with_notes
from oracle.checks.precision import explicit_bands, low_precision
from oracle.checks.referee import Referee
from oracle.errors import JudgeError, ReferenceFailure
from oracle.judges import autograd, numeric
from oracle.judges.exact import exact

if TYPE_CHECKING:  # hypothesis loads where cases are drawn, not where one backward is judged
    from hypothesis import strategies as st

__all__ = ["VJPCheck"]

_JUDGES = ("autograd", "numeric")


def _numeric_setup(exc: Exception) -> Outcome:
    """The numeric judge could not evaluate the reference near the case: a setup error, with the way out."""
    return Outcome(status=CaseStatus.SETUP, judges=("numeric",), message=(
        f"the numeric judge could not evaluate the reference near this case ({type(exc).__name__}: "
        f"{str(exc).strip().splitlines()[0] if str(exc).strip() else ''}); its steps (up to 2^-7 max(|x|, 1) "
        f"per entry) may leave the reference's domain: declare its bounds and kinks (breaks=, or domain= in "
        f"assert_vjp) and the steps stay inside"))


@dataclass(frozen=True)
class VJPCheck:
    """Judge a printed VJP against ``torch.autograd`` and central/complex-step differences.

    Attributes:
        reference: forward built from torch ops, called as ``reference(**inputs)``.
        domain: zero-argument callable returning a strategy of input dicts.
        wrt: names of the inputs the printed backward differentiates, or a function of a case's
            inputs giving them (a network of drawn depth: ``oracle.domains.network_weights``).
        elementwise: output entry i depends only on input entry i (lets the numeric
            judge perturb every entry at once).
        analytic: the reference is analytic in ``wrt`` (enables complex step).
        breaks: per input, points the numeric judge's steps must not cross
            (domain boundaries, kinks); an entry exactly on one is a kink.
        max_entries: above this many entries the numeric judge checks random
            projections instead of every entry (autograd still checks every entry).
            ``None`` (the default) decides by cost, Note [numeric referee mode].
        projections: how many random projections in that case.
        time_limit: seconds the printed backward may take on one case.
        rtol, atol: a caller's own tolerance for the printed values (``atol + rtol * |truth|``, as
            ``torch.testing``), in place of the rounding band; the judges keep theirs.
        precision: the dtype the printed backward computes in; by default the lowest precision
            among the differentiated inputs.  Below float64 the verdict follows Note [low precision].
        case_text: how a failure message shows the case (all values by default).
    """

    reference: Callable[..., torch.Tensor]
    domain: Callable[[], st.SearchStrategy[dict[str, Any]]]
    wrt: tuple[str, ...] | Callable[[Mapping[str, Any]], Sequence[str]]
    elementwise: bool = False
    analytic: bool = False
    breaks: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    max_entries: int | None = None
    projections: int = 3
    deterministic: bool = False
    time_limit: float = CASE_TIME_LIMIT
    rtol: float | None = None
    atol: float | None = None
    precision: torch.dtype | None = None
    case_text: Callable[[Mapping[str, Any]], str] = describe_case

    def __post_init__(self) -> None:
        if (self.rtol is None) != (self.atol is None):
            raise ValueError("rtol and atol go together: give both or neither (as torch.testing.assert_close)")

    def strategy(self, domain: Callable[[], st.SearchStrategy[dict[str, Any]]]) -> st.SearchStrategy[dict[str, Any]]:
        from hypothesis import strategies as st

        from oracle.domains import draw_upstream

        reference = self.reference

        @st.composite
        def cases(draw: st.DrawFn) -> dict[str, Any]:
            inputs = draw(domain())
            try:
                out = reference(**to_torch(inputs))
            except Exception as exc:
                raise ReferenceFailure(f"the torch reference raised {type(exc).__name__}: {exc}") from None
            return {"inputs": inputs, "grad_out": draw_upstream(draw, tuple(out.shape))}

        return cases()

    def describe(self, case: Mapping[str, Any]) -> str:
        return self.case_text({**case["inputs"], "grad_out": case["grad_out"]})

    def names(self, inputs: Mapping[str, Any]) -> tuple[str, ...]:
        """The inputs differentiated on a case with these ``inputs``."""
        return tuple(self.wrt(inputs)) if callable(self.wrt) else tuple(self.wrt)

    def call(self, impl: Callable[..., Any], case: Mapping[str, Any]) -> tuple[Any, str | None]:
        """The printed backward on a case: ``impl(inputs, grad_out)`` on fresh copies, under the time limit."""
        return call_safely(impl, copy_inputs(case["inputs"]), np.array(case["grad_out"]), time_limit=self.time_limit)

    def scalar_function(self) -> ScalarFunction | None:
        """An elementwise backward of one input: its derivative against the reference's.

        The truth is the complex-step derivative where the reference is analytic (exact to
        rounding, unlike a library backward such as ``1 - tanh(a)**2``, which loses relative
        digits in saturation itself), the autograd derivative otherwise.
        """
        names = input_names(self.reference, self.domain)
        if callable(self.wrt) or not self.elementwise or len(self.wrt) != 1 or names is None or self.wrt[0] not in names:
            return None
        if not real_variable(self.domain, self.wrt[0]):
            return None
        var = self.wrt[0]

        def truth(inputs: Mapping[str, np.ndarray]) -> torch.Tensor:
            tensors = {k: torch.from_numpy(np.array(v, dtype=np.float64)) for k, v in inputs.items()}
            leaf = tensors[var].clone().requires_grad_(True)
            with torch.enable_grad():
                out = self.reference(**{**tensors, var: leaf})
                (grad,) = torch.autograd.grad(out, [leaf], torch.ones_like(out), allow_unused=True)
            grad = torch.zeros_like(leaf) if grad is None else grad
            if self.analytic:  # complex step where the reference is defined (autograd finite) and it is finite
                est = numeric.vjp_entries(self.reference, tensors, (var,), torch.ones_like(tensors[var]),
                                          elementwise=True, analytic=True, breaks=self.breaks)[var]
                if est.method == "complex-step":
                    return torch.where(torch.isfinite(grad) & torch.isfinite(est.value), est.value, grad)
            return grad

        def form(impl: Callable[..., Any], inputs: Mapping[str, np.ndarray]) -> Any:
            got = impl(dict(inputs), np.ones_like(inputs[var]))
            return got.get(var) if isinstance(got, Mapping) else None

        return ScalarFunction(var, tuple(n for n in names if n != var), "derivative", truth, form)

    def judge(self, impl: Callable[..., Any], case: Mapping[str, Any], *, seed: int = 0,
              subject: Subject = Subject()) -> Outcome:
        wrt = self.names(case["inputs"])
        reference = exact(self.reference)
        dev = device.current()
        inputs = {k: (v.to(dev) if isinstance(v, torch.Tensor) else v) for k, v in to_torch(case["inputs"]).items()}
        dtype = self.precision or precision_of(case["inputs"], wrt)
        u = torch.from_numpy(np.asarray(case["grad_out"], dtype=np.float64)).to(dev)
        if dtype != torch.float64:  # the upstream gradient the backward sees, exactly (Note [low precision])
            u = u.to(dtype).to(torch.float64)
            case = {**case, "grad_out": u.cpu().numpy()}
        try:
            truth = autograd.vjp(reference, inputs, wrt, u, seed=seed, measure_sensitivity=False)
        except JudgeError as exc:
            return Outcome(status=CaseStatus.SETUP, message=f"autograd judge: {exc}", judges=("autograd",))
        if not bool(torch.isfinite(truth.output).all()) or not all(bool(torch.isfinite(g).all()) for g in truth.grads.values()):
            return Outcome(status=CaseStatus.SKIPPED, message="the reference is not finite on this case")

        printed, error = self.call(impl, case)
        if error:
            return crash(f"{subject.what} raised {error}")
        printed, problem = returned_mapping(printed, wrt, subject.what, "gradient")
        if problem:
            return crash(problem)
        got: dict[str, torch.Tensor] = {}
        for k in wrt:
            shape = tuple(truth.grads[k].shape)
            other = wrong_shape(printed[k], shape)
            if other is not None:
                return wrong_shape_outcome(subject, f"{subject.what}'s gradient for {k}", other, shape,
                                           self.describe(case))
            arr, problem = as_float_array(printed[k], shape, f"the gradient for {k}")
            if problem:
                return crash(problem)
            got[k] = torch.from_numpy(arr).to(dev)

        printed_bands, explain = None, None
        if self.rtol is not None:
            printed_bands = explicit_bands(truth.grads, self.rtol, self.atol)
        elif dtype != torch.float64:
            low = low_precision(self.reference, inputs, wrt, u, truth.grads, dtype)
            printed_bands, explain = low.bands, low.explain
        try:
            num = self._numeric(reference, inputs, u, truth, seed)
        except Exception as exc:
            return _numeric_setup(exc)
        entries: dict[tuple[str, tuple[int, ...]], numeric.Estimate] = {}

        def entry(name: str, index: tuple[int, ...]) -> numeric.Estimate:
            if (name, index) not in entries:
                entries[name, index] = numeric.vjp_entry(reference, inputs, name, u, index,
                                                         analytic=self.analytic, breaks=self.breaks.get(name, ()))
            return entries[name, index]

        def verdict(t: autograd.AutogradVJP) -> Outcome:
            try:
                outcome = Referee(reference, inputs, u, t, got, num, entry, subject,
                                  counterexample=lambda: self.describe(case), printed_bands=printed_bands,
                                  explain=explain).verdict()
            except Exception as exc:
                return _numeric_setup(exc)
            return with_notes(outcome, reference.notes)

        outcome = verdict(truth)
        if outcome.status in (CaseStatus.PASS, CaseStatus.CONVENTION):
            return outcome
        # Note [lazy sensitivity]: the bands only widen with the measured sensitivity, so a
        # case that passes without it passes with it; only the others pay for the two passes.
        sens = autograd.sensitivity(reference, inputs, wrt, u, truth.grads, seed=seed)
        return verdict(dataclasses.replace(truth, sensitivity=sens, measured=True))

    # Note [numeric referee mode]: the numeric judge estimates every entry while that is
    # cheap: for elementwise references (six evaluations in all), for inputs with declared
    # breaks (a kink needs its one-sided derivatives, which only entry estimates give),
    # and while each input's perturbed copies fit in one vectorised batch
    # (6 n^2 <= BATCH_ELEMENTS, i.e. n <= 591 entries).  Above that the cost grows as
    # n times a forward pass, which is gradcheck's slow mode; the judge then checks
    # random projections (a few forward passes) and, when autograd blames an entry,
    # estimates that entry alone (``numeric.vjp_entry``), so a failure is still
    # localised and refereed by both judges.  Where projections are used on an input
    # with declared breaks (``max_entries`` set), its entries exactly on a break are
    # still estimated one by one and left out of the projections.

    def numeric_mode(self, sizes: Mapping[str, int]) -> str:
        """``"entries"`` or ``"projections"`` for inputs of these sizes (Note [numeric referee mode])."""
        n = list(sizes.values())
        if self.max_entries is not None:
            entry_wise = sum(n) <= self.max_entries
        else:
            entry_wise = (self.elementwise or any(self.breaks.get(k) for k in sizes)
                          or all(6 * m * m <= numeric.BATCH_ELEMENTS for m in n))
        return "entries" if entry_wise else "projections"

    def _numeric(self, reference: Callable[..., torch.Tensor], inputs: dict[str, Any], u: torch.Tensor,
                 truth: autograd.AutogradVJP, seed: int) -> dict[str, Any]:
        if self.numeric_mode({k: g.numel() for k, g in truth.grads.items()}) == "entries":
            return {"entries": numeric.vjp_entries(reference, inputs, tuple(truth.grads), u, elementwise=self.elementwise,
                                                   analytic=self.analytic, breaks=self.breaks)}
        gen = torch.Generator().manual_seed(seed)
        phi0 = (u * truth.output).sum()
        kinks = {k: est for k in truth.grads if (est := self._kinks(reference, inputs, u, k)) is not None}
        probes = []
        for _ in range(self.projections):
            v = {k: torch.randint(0, 2, truth.grads[k].shape, generator=gen, dtype=torch.float64).mul_(2).sub_(1)
                 .to(u.device) for k in truth.grads}
            for k, est in kinks.items():  # entries on a kink are judged one by one, never stepped across
                v[k] = v[k].masked_fill(est.kink, 0.0)
            probes.append((v, numeric.directional(reference, inputs, u, v, analytic=self.analytic, phi0=phi0)))
        return {"projections": probes, "kinks": kinks}

    def _kinks(self, reference: Callable[..., torch.Tensor], inputs: dict[str, Any], u: torch.Tensor,
               name: str) -> numeric.Estimate | None:
        """One-sided estimates of the entries of ``name`` lying exactly on a declared break, in projection mode.

        Full-shape estimate whose ``kink`` marks those entries (``lower``/``upper`` are
        meaningful there only); ``None`` where no entry sits on a break.
        """
        x = inputs[name]
        on = torch.zeros_like(x, dtype=torch.bool)
        for b in self.breaks.get(name, ()):
            on |= x == b
        if not bool(on.any()):
            return None
        flat = torch.nonzero(on.reshape(-1)).reshape(-1).cpu()
        est = numeric.vjp_at(reference, inputs, name, u, flat, breaks=self.breaks[name])

        def spread(values: torch.Tensor) -> torch.Tensor:
            full = torch.zeros(x.numel(), dtype=torch.float64, device=x.device)
            full[flat.to(x.device)] = values
            return full.reshape(x.shape)

        return numeric.Estimate(value=spread(est.value), error=spread(est.error), method=est.method,
                                lower=spread(est.lower), upper=spread(est.upper), kink=on)
