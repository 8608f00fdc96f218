"""The gate: one frozen verdict per claim, decided once, read by the CLI, the JUnit writer and the reports.

A claim passes the gate when the judges observed the status its catalogue expects,
its correction (if any) holds, and no deliberately broken variant of its printed
form (a mutant that computes something else) went unflagged.  Nothing downstream
decides again: ``verdicts.json`` stores ``gate_ok`` and the reasons, and a merge of
shards reads them back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from oracle.checks.outcome import CaseStatus
from oracle.claims import OBSERVED_ONLY, Status
from oracle.run.runner import ClaimResult

__all__ = ["Verdict", "decide"]


@dataclass(frozen=True)
class Verdict:
    """Expected against observed for one claim, with everything the gate looked at."""

    claim_id: str
    expected: Status
    observed: Status
    correction: Status | None
    survivors: int = 0
    first_survivor: str = ""
    why: str = ""
    #: Who expects ``expected``, in the reasons: the catalogue, or a test (``oracle.report.observations``).
    expected_by: str = "the catalogue"
    #: observed statuses that pass besides the expected one (``oracle check``: a finding a baseline accepts,
    #: or a statement the judges could not decide, which is listed but not blamed).
    tolerated: tuple[Status, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.reasons

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why the claim fails the gate, in words (empty when it passes)."""
        out = []
        if self.observed is not self.expected and self.observed not in self.tolerated:
            out.append(f"the judges observed “{self.observed.value}” where {self.expected_by} expects "
                       f"“{self.expected.value}”" + (f": {self.why}" if self.why else ""))
        if self.correction not in (None, Status.HOLDS):
            out.append(f"the correction is “{self.correction.value}”, not “holds”")
        if self.survivors:
            out.append(f"{self.survivors} deliberately broken variant{'s' if self.survivors != 1 else ''} of the "
                       f"printed form passed as well, so the check cannot tell right from wrong here"
                       + (f" ({self.first_survivor})" if self.first_survivor else ""))
        return tuple(out)


def _why(result: ClaimResult) -> str:
    """Why a claim was not judged: the setup problem, the judges' disagreement, or the skipped cases."""
    if result.observed not in OBSERVED_ONLY:
        return ""
    wanted = {Status.CANNOT_JUDGE: CaseStatus.SETUP, Status.INCONCLUSIVE: CaseStatus.INCONCLUSIVE}.get(result.observed)
    first = next((f for f in result.findings if f.form == "printed" and f.status == getattr(wanted, "value", None)), None)
    if first is not None and first.message:
        return first.message.splitlines()[0]
    if result.observed is Status.TOO_FEW_CASES:
        printed = [f for f in result.findings if f.form == "printed" and f.region == "domain"]
        skipped = sum(f.status == CaseStatus.SKIPPED.value for f in printed)
        return f"{skipped} of {len(printed)} cases skipped (the reference is not finite there): narrow the domain"
    return result.note


def decide(result: ClaimResult, mutation: Mapping[str, Any] | None = None, *,
           tolerated: tuple[Status, ...] = ()) -> Verdict:
    """The claim's verdict from its judged result and its mutation summary (if any); ``tolerated``
    observed statuses pass as well as the expected one."""
    survivors = int((mutation or {}).get("survived") or 0)
    first = next((s.get("mutant", "") for s in (mutation or {}).get("survivors") or []), "") if survivors else ""
    return Verdict(claim_id=result.claim.id, expected=result.claim.expect, observed=result.observed,
                   correction=result.correction_verdict, survivors=survivors, first_survivor=first,
                   why=_why(result), tolerated=tuple(tolerated))
