"""The result of judging one form of a claim on one case."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field
from typing import Any

__all__ = ["CaseStatus", "Outcome", "with_notes"]


class CaseStatus(str, enum.Enum):
    """What one case says about one form.

    PASS: the form agrees with the judges.  FAIL: it disagrees with judges that agree
    with each other, or its value has the wrong shape (it computes another quantity).
    CRASH: it raised, or returned the wrong type or a non-finite value where the
    reference is finite.  INCONCLUSIVE: the judges
    disagree with each other, so nothing is blamed.  CONVENTION: the case sits on a
    non-differentiable point and the form picks a valid one-sided value.
    SKIPPED: the case is outside what the reference itself can evaluate.  SETUP: the
    claim's own setup failed on this case (its reference raised, returned the wrong
    shape or type): a defect of the claim, not of the form, and not a disagreement.
    """

    PASS = "pass"
    FAIL = "fail"
    CRASH = "crash"
    INCONCLUSIVE = "inconclusive"
    CONVENTION = "convention"
    SKIPPED = "skipped"
    SETUP = "setup error"


@dataclass(frozen=True)
class Outcome:
    """One comparison of a form against the judges on one case.

    Errors are measured against the autograd judge (or the reference value) when
    it is available; ``numeric`` records the independent referee's estimate and
    its error bar at the worst entry.
    """

    status: CaseStatus
    message: str = ""
    max_abs_error: float = float("nan")
    max_rel_error: float = float("nan")
    allowed: float = float("nan")
    worst: str = ""
    printed_value: float = float("nan")
    true_value: float = float("nan")
    numeric_value: float = float("nan")
    numeric_error: float = float("nan")
    mismatched: int = 0
    total: int = 0
    judges: tuple[str, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.status in (CaseStatus.FAIL, CaseStatus.CRASH)


def with_notes(outcome: Outcome, notes: Any) -> Outcome:
    """``outcome`` with ``notes`` (sentences about how the case was judged) added to its message."""
    extra = "; ".join(sorted(notes))
    if not extra:
        return outcome
    if not outcome.message:
        message = extra
    elif "\n" in outcome.message:
        message = f"{outcome.message}\nJudged: {extra}"
    else:
        message = f"{outcome.message}; {extra}"
    return dataclasses.replace(outcome, message=message)
