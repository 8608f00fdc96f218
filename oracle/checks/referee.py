"""The verdict of a VJP case: the two judges referee each other, then the printed form is judged.

1. **Do the judges agree?**  The numeric estimate of every entry (or of every random
   projection) must lie within its error bar, plus the tolerance band, of autograd's value.
   Where it does not, the numeric judge's step may have crossed a kink inside the reference
   (Note [kinks inside the reference] in ``oracle.judges.numeric.near_kinks``): the entry is
   estimated again with steps clear of every kink.  A disagreement no kink explains makes the
   case *inconclusive*: nothing is blamed on the formula.
2. **Entries on a kink** (a declared break, or a kink found in step 1) are conventions: the
   printed value must lie between the one-sided derivatives.
3. **Printed against autograd**, entry by entry.  Before a failure is reported, the numeric
   judge looks at the blamed entry too: where it cannot tell the printed value from autograd's
   (a kink blurs its estimate) the entry is estimated clear of kinks; where that shows the
   entry on a kink, the printed value is judged as a convention.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping

import torch

from oracle.checks.compare import Mismatch, mismatch
from oracle.checks.messages import Subject, mismatch_message
from oracle.checks.outcome import CaseStatus, Outcome
from oracle.judges import numeric
from oracle.judges.autograd import AutogradVJP
from oracle.judges.numeric.branches import Site, signatures
from oracle.judges.numeric.near_kinks import Rescue, direction_around_kinks, entry_around_kinks
from oracle.tolerance import NUMERIC_FACTOR, allowed, comparison_scale

__all__ = ["Referee"]

_JUDGES = ("autograd", "numeric")
#: Disagreeing entries of one input estimated again around kinks before the case is called inconclusive.
_MAX_RESCUES = 64


def _inconclusive(message: str) -> Outcome:
    return Outcome(status=CaseStatus.INCONCLUSIVE, judges=_JUDGES, message=message)


def _left_domain(where: str) -> Outcome:
    """The numeric judge's estimate is not finite where autograd's is: its steps left the reference's domain."""
    return Outcome(status=CaseStatus.SETUP, judges=("numeric",), message=(
        f"the numeric judge's estimate is not finite {where}, where autograd's is: its steps left the reference's "
        f"domain; declare the domain's bounds (breaks=, or domain= in assert_vjp) and the steps stay inside"))


@dataclass
class Referee:
    """Everything known about one case of a VJP check, and the verdict drawn from it."""

    reference: Callable[..., torch.Tensor]
    inputs: Mapping[str, Any]
    grad_out: torch.Tensor
    truth: AutogradVJP
    got: dict[str, torch.Tensor]
    num: dict[str, Any]
    entry: Callable[[str, tuple[int, ...]], numeric.Estimate]
    subject: Subject
    counterexample: Callable[[], str]
    notes: list[str] = field(default_factory=list)
    #: Bands of the printed values where they are not the judges' own (a caller's rtol/atol, a low precision).
    printed_bands: dict[str, torch.Tensor] | None = None
    #: A line on a failing entry (low precision: round-off or mistake), given name, index, printed and true values.
    explain: Callable[[str, tuple[int, ...], float, float], str] | None = None
    _sites: list[Site] | None = None

    def __post_init__(self) -> None:
        scale = comparison_scale(self.grad_out, self.truth.grads.values())
        #: The judges' bands: how far autograd and the numeric judge, both in float64, may differ.
        self.bands = {k: allowed(self.truth.grads[k], self.truth.sensitivity[k], scale) for k in self.truth.grads}
        #: How far the printed values may be from the truth.
        self.own = self.printed_bands if self.printed_bands is not None else self.bands

    # --- kinks inside the reference -----------------------------------------------------------

    def sites(self) -> list[Site]:
        """The branches the reference's non-differentiable ops take at this case (recorded once)."""
        if self._sites is None:
            self._sites = signatures(self.reference, self.inputs)
        return self._sites

    def _rescue(self, name: str, index: tuple[int, ...]) -> Rescue | None:
        rescue = entry_around_kinks(self.reference, self.inputs, name, self.grad_out, index, self.sites())
        if rescue is not None:
            self.notes.append(rescue.note)
        return rescue

    # --- 1. do the judges agree? -----------------------------------------------------------------

    def _settle_entries(self, name: str, est: numeric.Estimate) -> tuple[numeric.Estimate, Outcome | None]:
        """The entry estimates of ``name``, mended around kinks where they disagreed with autograd."""
        t, band = self.truth.grads[name], self.bands[name]
        lost = ~torch.isfinite(est.value) & torch.isfinite(t)
        if bool(lost.any()):
            return est, _left_domain(f"for {name} at index {tuple(torch.nonzero(lost)[0].tolist())}")
        kink = est.kink if est.kink is not None else torch.zeros_like(t, dtype=torch.bool)
        excess = torch.where(kink, torch.zeros_like(t), (est.value - t).abs() - (NUMERIC_FACTOR * est.error + band))
        if not bool((excess > 0).any()):
            return est, None
        order = torch.argsort(excess.reshape(-1), descending=True)
        flat = [int(i) for i in order if float(excess.reshape(-1)[i]) > 0]
        value, error = est.value.clone(), est.error.clone()
        lower = (est.lower if est.lower is not None else est.value).clone()
        upper = (est.upper if est.upper is not None else est.value).clone()
        kink = kink.clone()
        for n, f in enumerate(flat):
            index = tuple(int(i) for i in torch.unravel_index(torch.tensor(f), t.shape))
            rescue = self._rescue(name, index) if n < _MAX_RESCUES else None
            if rescue is None:
                return est, _inconclusive(
                    f"the judges disagree on the gradient for {name} at index {index}: autograd {float(t[index]):.6g}, "
                    f"numeric ({est.method}) {float(est.value[index]):.6g} ± {float(est.error[index]):.3g}; "
                    f"nothing is blamed on the formula"
                    + ("" if n < _MAX_RESCUES else f" ({len(flat)} entries disagree, more than are estimated again)"))
            new = rescue.estimate
            if new.kink is not None and bool(new.kink[0]):
                kink[index], lower[index], upper[index] = True, new.lower[0], new.upper[0]
            elif abs(float(new.value[0]) - float(t[index])) > NUMERIC_FACTOR * float(new.error[0]) + float(band[index]):
                return est, _inconclusive(
                    f"the judges disagree on the gradient for {name} at index {index}: autograd "
                    f"{float(t[index]):.6g}, numeric ({new.method}) {float(new.value[0]):.6g} ± "
                    f"{float(new.error[0]):.3g} ({rescue.note}); nothing is blamed on the formula")
            value[index], error[index] = new.value[0], new.error[0]
        return numeric.Estimate(value=value, error=error, method=est.method, lower=lower, upper=upper,
                                kink=kink if bool(kink.any()) else None), None

    def _settle_projection(self, v: Mapping[str, torch.Tensor], est: numeric.Estimate) -> Outcome | None:
        grads = self.truth.grads
        dot_true = sum(float((grads[k] * v[k]).sum()) for k in grads)
        band = sum(float((self.bands[k] * v[k].abs()).sum()) for k in grads)
        if not bool(torch.isfinite(est.value).all()):
            return _left_domain("along a random projection")
        if abs(float(est.value) - dot_true) <= NUMERIC_FACTOR * float(est.error) + band:
            return None
        rescue = direction_around_kinks(self.reference, self.inputs, self.grad_out, v, self.sites())
        if rescue is not None:
            self.notes.append(rescue.note)
            new = rescue.estimate
            if new.kink is not None and bool(new.kink[0]):
                return None  # on a kink along this direction: the projection cannot referee; the others do
            if abs(float(new.value[0]) - dot_true) <= NUMERIC_FACTOR * float(new.error[0]) + band:
                return None
            est = new
        return _inconclusive(f"the judges disagree on a random projection: autograd {dot_true:.6g}, numeric "
                             f"({est.method}) {float(est.value.reshape(-1)[0]):.6g} ± "
                             f"{float(est.error.reshape(-1)[0]):.3g}")

    # --- 3. the numeric judge at a blamed entry ------------------------------------------------------

    def _numeric_at(self, name: str, index: tuple[int, ...], printed: float) -> tuple[numeric.Estimate, bool]:
        """The numeric judge's estimate of one entry, shape ``(1,)``, and whether it was mended around a kink.

        Mended where the estimate cannot tell the printed value from autograd's, or (projection
        mode) disagrees with autograd: both are what a kink within the step looks like.
        """
        est = self.num["entries"][name] if "entries" in self.num else None
        if est is not None:
            one = numeric.Estimate(value=est.value[index].reshape(1), error=est.error[index].reshape(1),
                                   method=est.method)
        else:
            one = self.entry(name, index)
            if one.kink is not None and bool(one.kink[0]):
                return one, False
        value, error = float(one.value[0]), float(one.error[0])
        band = NUMERIC_FACTOR * error + float(self.bands[name][index])
        blurred = abs(printed - value) <= NUMERIC_FACTOR * error + float(self.own[name][index])
        disputed = abs(value - float(self.truth.grads[name][index])) > band
        if blurred or disputed:
            rescue = self._rescue(name, index)
            if rescue is not None:
                return rescue.estimate, True
        return one, False

    # --- the verdict -------------------------------------------------------------------------------

    def verdict(self) -> Outcome:
        on_kinks: dict[str, numeric.Estimate] = dict(self.num.get("kinks", {}))
        if "entries" in self.num:
            for k in self.truth.grads:
                est, problem = self._settle_entries(k, self.num["entries"][k])
                if problem is not None:
                    return problem
                self.num["entries"][k] = est
                if est.kink is not None and bool(est.kink.any()):
                    on_kinks[k] = est
        else:
            for v, est in self.num["projections"]:
                problem = self._settle_projection(v, est)
                if problem is not None:
                    return problem
        while True:
            outcome = self._judge_printed(on_kinks)
            if not isinstance(outcome, tuple):
                return outcome
            name, index, est = outcome  # the blamed entry turned out to sit on a kink: judge it as one
            on_kinks[name] = self._with_kink(on_kinks.get(name), name, index, est)

    def _with_kink(self, kinks: numeric.Estimate | None, name: str, index: tuple[int, ...],
                   est: numeric.Estimate) -> numeric.Estimate:
        t = self.truth.grads[name]
        if kinks is None:
            kinks = numeric.Estimate(value=t.clone(), error=torch.zeros_like(t), method=est.method,
                                     lower=t.clone(), upper=t.clone(), kink=torch.zeros_like(t, dtype=torch.bool))
        value, error, lower, upper, kink = (kinks.value.clone(), kinks.error.clone(), kinks.lower.clone(),
                                            kinks.upper.clone(), kinks.kink.clone())
        value[index], error[index], lower[index], upper[index] = est.value[0], est.error[0], est.lower[0], est.upper[0]
        kink[index] = True
        return replace(kinks, value=value, error=error, lower=lower, upper=upper, kink=kink)

    def _judge_printed(self, on_kinks: Mapping[str, numeric.Estimate]) -> Outcome | tuple:
        got, grads = self.got, self.truth.grads
        # 2. entries on a kink: the printed value must lie between the one-sided derivatives.
        conventions, note = 0, ""
        for k, est in on_kinks.items():
            kink = est.kink
            referee_band = NUMERIC_FACTOR * est.error + self.own[k]
            in_range = (got[k] >= est.lower - referee_band) & (got[k] <= est.upper + referee_band)
            if not bool(in_range[kink].all()):
                bad = tuple(torch.nonzero((~in_range) & kink)[0].tolist())
                return Outcome(
                    status=CaseStatus.FAIL, judges=_JUDGES, worst=f"{k}{bad}",
                    printed_value=float(got[k][bad]), true_value=float(grads[k][bad]),
                    message=(f"{self.subject.header()}: at the non-differentiable point "
                             f"{k}{bad} {self.subject.value_phrase} {float(got[k][bad]):.6g} lies outside the one-sided "
                             f"derivatives [{float(est.lower[bad]):.6g}, {float(est.upper[bad]):.6g}]\n"
                             f"Counterexample: {self.counterexample()}"),
                    mismatched=1, total=int(got[k].numel()),
                )
            conventions += int(kink.sum())
            first = tuple(torch.nonzero(kink)[0].tolist())
            note = (f"{conventions} entr{'y' if conventions == 1 else 'ies'} on a non-differentiable point; "
                    f"at {k}{first} one-sided values [{float(est.lower[first]):.6g}, "
                    f"{float(est.upper[first]):.6g}], printed {float(got[k][first]):.6g}, "
                    f"autograd {float(grads[k][first]):.6g}")
        # 3. printed against autograd, entry by entry; kink entries were judged above.
        worst: tuple[str, Mismatch] | None = None
        for k in grads:
            g, t = got[k], grads[k]
            if k in on_kinks:
                g = torch.where(on_kinks[k].kink, t, g)
            res = mismatch(g, t, self.own[k])
            if not res.ok:
                est, mended = self._numeric_at(k, res.worst_index, res.got)
                if est.kink is not None and bool(est.kink[0]):
                    return (k, res.worst_index, est)
                value, error = float(est.value[0]), float(est.error[0])
                if "entries" not in self.num or mended:
                    referee_band = NUMERIC_FACTOR * error + float(self.bands[k][res.worst_index])
                    if abs(value - res.expected) > referee_band:
                        return _inconclusive(
                            f"the judges disagree on the gradient for {k} at index {res.worst_index}, the entry the "
                            f"printed form gets wrong: autograd {res.expected:.6g}, numeric ({est.method}) "
                            f"{value:.6g} ± {error:.3g}; nothing is blamed on the formula")
                return Outcome(
                    status=CaseStatus.FAIL, judges=_JUDGES,
                    message=mismatch_message(
                        self.subject, judge="autograd", name=k, result=res, numeric=(value, error),
                        notes=() if self.explain is None else (self.explain(k, res.worst_index, res.got, res.expected),),
                        around=(g, t) if self.subject.summarize else None, counterexample=self.counterexample()),
                    max_abs_error=res.max_abs, max_rel_error=res.max_rel, allowed=res.allowed,
                    worst=f"{k}{res.worst_index}", printed_value=res.got, true_value=res.expected,
                    numeric_value=value, numeric_error=error, mismatched=res.mismatched, total=res.total,
                )
            if worst is None or res.max_abs > worst[1].max_abs:  # every input passed so far: keep the largest error
                worst = (k, res)
        k, res = worst
        entries = self.num.get("entries", {}).get(k)
        message = "; ".join(m for m in (note, self._kink_note()) if m)
        return Outcome(
            status=CaseStatus.CONVENTION if conventions else CaseStatus.PASS, judges=_JUDGES, message=message,
            max_abs_error=res.max_abs, max_rel_error=res.max_rel, allowed=res.allowed, worst=f"{k}{res.worst_index}",
            printed_value=res.got, true_value=res.expected,
            numeric_value=float(entries.value[res.worst_index]) if entries is not None else float("nan"),
            numeric_error=float(entries.error[res.worst_index]) if entries is not None else float("nan"),
            total=sum(int(got[n].numel()) for n in grads),
        )

    def _kink_note(self) -> str:
        if not self.notes:
            return ""
        more = len(self.notes) - 1
        return self.notes[0] + (f" (and {more} more entr{'y' if more == 1 else 'ies'} likewise)" if more else "")
