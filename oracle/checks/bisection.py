"""A callable's own backward judged along random directions; a disagreement narrowed to one entry.

Note [own backward] in ``oracle.checks.own_backward``: the memory of a few forward evaluations
whatever the size; a failing direction is split in halves, the half that stands furthest above its
error bar is kept, down to one entry, which is estimated alone and named.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import torch

from oracle.checks.messages import Subject
from oracle.checks.outcome import Outcome
from oracle.checks.own_case import OwnCase, failure, finite, kink_failure, passed, unlocalised, within_kink
from oracle.judges import numeric
from oracle.judges.numeric.near_kinks import direction_around_kinks, entry_around_kinks
from oracle.tolerance import NUMERIC_FACTOR

__all__ = ["projected", "direction", "along", "bisect", "support_of", "restricted"]


def projected(case: OwnCase, wrt: Sequence[str], subject: Subject, seed: int, projections: int) -> Outcome:
    """The backward along ``projections`` random Gaussian directions of all inputs (Note [own backward])."""
    gen = torch.Generator().manual_seed(seed)
    notes: list[str] = []
    conventions = 0
    for _ in range(projections):
        v = {k: torch.randn(case.inputs[k].shape, generator=gen, dtype=torch.float64) for k in wrt}
        outcome = along(case, v, subject, notes)
        if isinstance(outcome, Outcome):
            return outcome
        conventions += outcome
    return passed(case, wrt, notes, conventions, "projections")


def direction(case: OwnCase, v: Mapping[str, torch.Tensor],
              notes: list[str]) -> tuple[float, float, tuple[float, float] | None]:
    """``(excess, estimate, kink range)``: how far the backward's projection on ``v`` stands outside the
    numeric judge's bar (negative inside), the estimate, and one-sided bounds where ``v`` runs into a kink."""
    dot = sum(float((case.got[k] * v[k]).sum()) for k in v)
    band = sum(float((case.bands[k] * v[k].abs()).sum()) for k in v)
    # A kink within the step blurs the estimate's bar up to the jump of the derivative (Note [undeclared
    # kink]), wide enough to let a wrong convention through: where the forward has kinks, steps avoid them.
    rescue = direction_around_kinks(case.reference, case.inputs, case.grad_out, v, case.sites) if case.sites else None
    if rescue is None:
        est = numeric.directional(case.reference, case.inputs, case.grad_out, v, phi0=case.phi0)
        value, error = float(finite(est.value)[0]), float(est.error[0])
        return abs(dot - value) - NUMERIC_FACTOR * error - band, value, None
    new = rescue.estimate
    finite(new.value)
    bar = NUMERIC_FACTOR * float(new.error[0]) + band
    notes.append(rescue.note)
    if new.kink is not None and bool(new.kink[0]):
        lo, hi = float(new.lower[0]) - bar, float(new.upper[0]) + bar
        inside = lo <= dot <= hi
        return (-1.0 if inside else min(abs(dot - lo), abs(dot - hi))), float(new.value[0]), (lo, hi)
    value = float(new.value[0])
    return abs(dot - value) - bar, value, None


def along(case: OwnCase, v: dict[str, torch.Tensor], subject: Subject, notes: list[str]) -> Outcome | int:
    """A failure along ``v``, or how many kinks it ran into (each judged as a convention).

    A direction that runs into kinks is split until each part holds one kinked entry: the
    one-sided derivatives along a direction bound a sum of conventions only for one entry
    (two entries on kinks with opposite signs in ``v`` have valid values outside them).
    """
    excess, _, kink = direction(case, v, notes)
    support = support_of(v)
    if kink is not None and len(support) > 1:
        conventions = 0
        for half in (support[: len(support) // 2], support[len(support) // 2:]):
            found = along(case, restricted(v, half), subject, notes)
            if isinstance(found, Outcome):
                return found
            conventions += found
        return conventions
    if kink is not None:
        if excess <= 0:
            return 1
        k, flat = support[0]
        index = tuple(int(i) for i in np.unravel_index(flat, tuple(case.inputs[k].shape)))
        rescue = entry_around_kinks(case.reference, case.inputs, k, case.grad_out, index, case.sites)
        if rescue is not None and rescue.estimate.kink is not None and bool(rescue.estimate.kink[0]):
            return kink_failure(case, k, index, float(case.got[k][index]), rescue.estimate, subject)
        return unlocalised(case, v, subject)
    if excess <= 0:
        return 0
    return bisect(case, v, support, subject)


def bisect(case: OwnCase, v: dict[str, torch.Tensor], support: list[tuple[str, int]],
           subject: Subject) -> Outcome:
    """The failure along ``v`` narrowed to one entry (Note [own backward])."""
    while len(support) > 1:
        halves = (support[: len(support) // 2], support[len(support) // 2:])
        scored = [(direction(case, restricted(v, half), [])[0], half) for half in halves]
        best_excess, best = max(scored, key=lambda s: s[0])
        if best_excess <= 0:
            return unlocalised(case, v, subject)
        support = best
    k, flat = support[0]
    index = tuple(int(i) for i in np.unravel_index(flat, tuple(case.inputs[k].shape)))
    est = numeric.vjp_entry(case.reference, case.inputs, k, case.grad_out, index)
    value, error = float(est.value[0]), float(est.error[0])
    g = float(case.got[k][index])
    if case.sites:
        rescue = entry_around_kinks(case.reference, case.inputs, k, case.grad_out, index, case.sites)
        if rescue is not None:
            new = rescue.estimate
            if new.kink is not None and bool(new.kink[0]):
                if within_kink(g, new, float(case.bands[k][index])):
                    return unlocalised(case, v, subject)
                return kink_failure(case, k, index, g, new, subject)
            value, error = float(new.value[0]), float(new.error[0])
    if abs(g - value) <= NUMERIC_FACTOR * error + float(case.bands[k][index]):
        return unlocalised(case, v, subject)  # the entry bisection ended on is right after all
    return failure(case, k, index, value, error, subject)


def support_of(v: Mapping[str, torch.Tensor]) -> list[tuple[str, int]]:
    """The entries a direction moves, as (input, flat index)."""
    return [(k, int(i)) for k in v for i in torch.nonzero(v[k].reshape(-1) != 0).reshape(-1).tolist()]


def restricted(v: Mapping[str, torch.Tensor], entries: Sequence[tuple[str, int]]) -> dict[str, torch.Tensor]:
    """``v`` with every entry outside ``entries`` set to zero."""
    sub = {k: torch.zeros_like(t) for k, t in v.items()}
    for k, i in entries:
        sub[k].view(-1)[i] = v[k].view(-1)[i]
    return sub
