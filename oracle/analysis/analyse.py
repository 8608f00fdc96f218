"""The analyses of one claim after its judging: mutation sensitivity, stability audit, curve.

They run in the same worker as the claim (``run_claims(extra=...)``), so that a
parallel run does them in parallel too.  The result is plain data, stored in the
claim's record of ``verdicts.json``; an analysis that could not be carried out
says why in ``notes``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from oracle.analysis.curves import curve
from oracle.analysis.sensitivity import assess, eligible, summary
from oracle.analysis.stability import audit, auditable
from oracle.claims import Claim
from oracle.run.runner import RunConfig

__all__ = ["Analyses", "analyse", "MUTANT_EXAMPLES"]

#: Cases per mutant: a mistake that survives this many cases is a hole worth knowing about.
MUTANT_EXAMPLES = 20


@dataclass(frozen=True)
class Analyses:
    """What the analyses found for one claim (``None`` where an analysis does not apply)."""

    mutation: dict[str, Any] | None = None
    stability: list[dict[str, Any]] | None = None
    curve: dict[str, Any] | None = None
    notes: tuple[str, ...] = field(default=())


def analyse(claim: Claim, *, seed: int, examples: int, mutants: int | None) -> Analyses:
    """Mutation sensitivity (``mutants`` of them, all with ``None``, none with 0), stability audit and curve."""
    if not claim.judged:  # nothing printed to mutate, audit or draw
        return Analyses()
    notes = []
    mutation = None
    if mutants != 0 and eligible(claim):
        config = RunConfig(examples=min(examples, MUTANT_EXAMPLES), seed=seed, shrink=False)
        mutation = summary(assess(claim, config, mutants))
    stability = None
    found = audit(claim) if auditable(claim) else None
    if found is not None and found.applicable:
        if found.reason:
            notes.append(f"stability audit not carried out: {found.reason}")
        stability = [{"variable": t.variable, "from": t.start, "direction": t.direction, "what": t.what,
                      "sentence": t.sentence()} for t in found.thresholds]
    drawn = curve(claim)
    return Analyses(mutation=mutation, stability=stability, curve=drawn.data, notes=tuple(notes))
