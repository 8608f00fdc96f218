"""A statement judged under several readings, reported under the one that explains it best.

When a document's own definition of a known function differs from the standard one (004's
σ(a) = a/(1 + e^{-a})), the definition is reported, and each later statement about σ is read
both ways: with the document's definition and with the standard one.  A statement holds when
some reading makes it hold (the document's own first); otherwise it is reported under the
reading whose first broken link comes latest (the author's evident intent), the document's own
on a tie.  The same mechanism tries the variants of a standard definition (the quadratic loss
with or without ½) and both argument orders of a two-argument loss.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from hypothesis import strategies as st

from oracle.checks.base import CASE_TIME_LIMIT, ScalarFunction
from oracle.checks.messages import Subject
from oracle.checks.outcome import CaseStatus, Outcome

__all__ = ["ReadingsCheck"]


@dataclass(frozen=True)
class ReadingsCheck:
    """Judge a statement (``impl``: one list of lines per reading) with one check per reading.

    ``labels`` name the readings (empty when there is a single one); ``lead`` is a sentence
    put before the chosen reading's message when the statement does not hold (what kind of
    finding it is: "The document's definition of σ differs from the standard one."), only when
    link 0 is the broken one if ``lead_on_first_link``.
    """

    checks: tuple[Any, ...]
    labels: tuple[str, ...] = ()
    lead: str = ""
    lead_on_first_link: bool = False
    deterministic: bool = True
    time_limit: float = CASE_TIME_LIMIT
    domain: Callable[[], st.SearchStrategy[dict[str, Any]]] = field(default=lambda: st.just({}))

    def strategy(self, domain: Callable[[], st.SearchStrategy[dict[str, Any]]]) -> st.SearchStrategy[dict[str, Any]]:
        return st.just({"inputs": {}})

    def describe(self, case: Mapping[str, Any]) -> str:
        return self.checks[0].describe(case)

    def call(self, impl: Sequence[Any], case: Mapping[str, Any]) -> tuple[Any, str | None]:
        return impl, None

    def scalar_function(self) -> ScalarFunction | None:
        return None

    def judge(self, impl: Sequence[Any], case: Mapping[str, Any], *, seed: int = 0,
              subject: Subject = Subject()) -> Outcome:
        outcomes = [check.judge(lines, case, seed=seed, subject=subject) for check, lines in zip(self.checks, impl)]
        chosen = _choose(outcomes)
        outcome = outcomes[chosen]
        label = self.labels[chosen] if len(self.labels) > chosen else ""
        detail = {**outcome.detail, "reading": label, "readings": list(self.labels)}
        message = outcome.message
        if label and chosen > 0:  # the document's own reading (the first) is not the one reported
            if outcome.status is CaseStatus.PASS:
                message = f"{message} (read with {label})"
            else:
                message = f"Read with {label}, which explains the most of it (also tried: {self.labels[0]}).\n{message}"
        first = detail.get("first_broken")
        if self.lead and outcome.status is not CaseStatus.PASS and (not self.lead_on_first_link or first == 0):
            message = f"{self.lead}\n{message}"
        return dataclasses.replace(outcome, message=message, detail=detail)


def _choose(outcomes: Sequence[Outcome]) -> int:
    """The first reading that holds; else the first undecided one (a statement is wrong only if every
    reading says so); else the one whose first broken link comes latest, then whose last line is right,
    then with the fewest broken links (the first, the document's own, on a tie)."""
    for wanted in (CaseStatus.PASS, CaseStatus.INCONCLUSIVE):
        for i, o in enumerate(outcomes):
            if o.status is wanted:
                return i

    def rank(i: int) -> tuple[int, bool, int, int]:
        detail = outcomes[i].detail if isinstance(outcomes[i].detail, Mapping) else {}
        first = detail.get("first_broken")
        return (first if isinstance(first, int) else -1, detail.get("final_correct") is True,
                -len(detail.get("broken") or ()), -i)

    return max(range(len(outcomes)), key=rank)
