"""What the own-backward check knows about one case, and the outcomes it draws from it (Note [own backward]
in ``oracle.checks.own_backward``)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import torch

from oracle.checks.messages import Subject, fmt
from oracle.checks.outcome import CaseStatus, Outcome
from oracle.judges import numeric
from oracle.tolerance import NUMERIC_FACTOR

__all__ = ["JUDGES", "OwnCase", "LeftDomain", "finite", "within_kink", "with_message", "failure", "kink_failure",
           "unlocalised", "passed"]

JUDGES = ("numeric",)


@dataclass(frozen=True)
class OwnCase:
    """Everything one judgement needs, once the forward and the backward have run."""

    reference: Callable[..., torch.Tensor]  # float64, the differentiable outputs flattened and joined
    inputs: dict[str, Any]  # float64 view
    grad_out: torch.Tensor  # float64, joined like the reference's output
    got: dict[str, torch.Tensor]  # the backward's gradients, as float64
    bands: dict[str, torch.Tensor]
    phi0: torch.Tensor  # <grad_out, reference(inputs)>
    sites: list  # the branches the forward's non-differentiable ops take here (empty: no kink anywhere)


class LeftDomain(Exception):
    """The numeric judge's estimate is not finite: its steps left the function's domain."""


def finite(value: torch.Tensor) -> torch.Tensor:
    """``value``, or ``LeftDomain`` when an estimate is not finite."""
    if not bool(torch.isfinite(value).all()):
        raise LeftDomain("the numeric judge's estimate is not finite where the function is: its steps left the "
                         "function's domain (inputs closer to an edge of the domain than 2^-7 max(|x|, 1))")
    return value


def within_kink(g: float, est: numeric.Estimate, band: float) -> bool:
    """A value at a kink lies between the one-sided derivatives, within their error bar and rounding."""
    bar = NUMERIC_FACTOR * float(est.error[0]) + band
    return float(est.lower[0]) - bar <= g <= float(est.upper[0]) + bar


def with_message(outcome: Outcome, message: str) -> Outcome:
    return dataclasses.replace(outcome, message=message)


def failure(case: OwnCase, k: str, index: tuple[int, ...], value: float, error: float, subject: Subject) -> Outcome:
    """Entry ``k[index]`` of the backward disagrees with the numeric judge's estimate ``value ± error``."""
    g = float(case.got[k][index])
    allowed_here = float(case.bands[k][index])
    return Outcome(
        status=CaseStatus.FAIL, judges=JUDGES, worst=f"{k}{index}", printed_value=g, numeric_value=value,
        numeric_error=error, max_abs_error=abs(g - value), allowed=allowed_here, mismatched=1,
        total=sum(int(t.numel()) for t in case.got.values()),
        message=(f"{subject.header()} disagrees with the numeric judge!\n\n"
                 f"Gradient for {k} at index {index}: {subject.form}: {fmt(g)}  numeric: {fmt(value)} ± "
                 f"{fmt(error)}\nDifference: {fmt(abs(g - value))} (up to {fmt(NUMERIC_FACTOR * error)} for the "
                 f"numeric judge's error bar and {fmt(allowed_here)} for rounding allowed)"))


def kink_failure(case: OwnCase, k: str, index: tuple[int, ...], g: float, est: numeric.Estimate,
                 subject: Subject) -> Outcome:
    """At a kink, the backward's value ``g`` lies outside the one-sided derivatives."""
    return Outcome(status=CaseStatus.FAIL, judges=JUDGES, worst=f"{k}{index}", printed_value=g,
                   mismatched=1, total=sum(int(t.numel()) for t in case.got.values()),
                   message=(f"{subject.header()}: at the non-differentiable point {k}{index} the value {fmt(g)} "
                            f"lies outside the one-sided derivatives [{fmt(float(est.lower[0]))}, "
                            f"{fmt(float(est.upper[0]))}]"))


def unlocalised(case: OwnCase, v: Mapping[str, torch.Tensor], subject: Subject) -> Outcome:
    """The backward disagrees along ``v`` but no single entry can be blamed."""
    dot = sum(float((case.got[k] * v[k]).sum()) for k in v)
    est = numeric.directional(case.reference, case.inputs, case.grad_out, dict(v))
    return Outcome(status=CaseStatus.FAIL, judges=JUDGES, printed_value=dot, numeric_value=float(est.value[0]),
                   numeric_error=float(est.error[0]), message=(
                       f"{subject.header()} disagrees with the numeric judge along a random direction of all "
                       f"inputs: {subject.form} {fmt(dot)}, numeric {fmt(float(est.value[0]))} ± "
                       f"{fmt(float(est.error[0]))}; the difference is spread over many entries, each within "
                       f"its own error bar, so no single entry is blamed"))


def passed(case: OwnCase, wrt: Sequence[str], notes: list[str], conventions: int, mode: str) -> Outcome:
    """The backward agrees (a convention where it met kinks); ``notes`` say how the kinks were handled."""
    status = CaseStatus.CONVENTION if conventions else CaseStatus.PASS
    message = "; ".join(dict.fromkeys(notes))
    return Outcome(status=status, judges=JUDGES, message=message,
                   total=sum(int(case.got[k].numel()) for k in wrt), detail={"numeric_mode": mode})
