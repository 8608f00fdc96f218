"""The seed sweep: the gate over many seeds, claim by claim, to find the verdicts that depend on luck.

A right formula must hold whatever cases are drawn, and an erratum must be caught whatever
cases are drawn: a gate that passes for the default seed and fails for another is worthless in
CI.  ``sweep`` judges every selected claim under each seed (no shrinking, no analyses: only the
verdict matters here), and reports per claim how often the observed status or the correction
differed from what the catalogue expects, with the first case that did so.

Work is spread over forked processes by (claim, seed) pairs; every pair draws from its own seed,
so the result does not depend on ``jobs``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from oracle.claims import Claim, Status
from oracle.gate import decide
from oracle.run.parallel import DIED, forked_map
from oracle.run.runner import ClaimResult, RunConfig, run_claim

__all__ = ["SweepRow", "sweep"]

#: Statuses of a case that explain nothing about a gate failure.
_QUIET = ("pass", "convention", "skipped")


@dataclass(frozen=True)
class SweepRow:
    """One claim over every seed: how many seeds failed its gate, and the first that did."""

    claim_id: str
    expected: str
    seeds: int
    failures: int
    observed: dict[str, int]
    first_seed: int | None = None
    first_observed: str = ""
    first_reason: str = ""
    first_case: str = ""
    first_message: str = ""

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _telling_finding(result: ClaimResult) -> Any:
    """The first case whose status explains the verdict (a crash, a failure, an inconclusive case)."""
    return next((f for f in result.findings if f.status not in _QUIET), None)


_FORKED: Sequence[Claim] = ()
_TASKS: list[tuple[int, int, int]] = []


def _judge_task(k: int) -> tuple[int, int, str, tuple[str, ...], str, str]:
    """Task ``k`` of the sweep under way (the tasks are in the forked workers' memory)."""
    return _judge(_TASKS[k])


def _judge(task: tuple[int, int, int]) -> tuple[int, int, str, tuple[str, ...], str, str]:
    index, seed, examples = task
    result = run_claim(_FORKED[index], RunConfig(examples=examples, seed=seed, shrink=False))
    verdict = decide(result)
    telling = _telling_finding(result) if not verdict.ok else None
    return (index, seed, result.observed.value, verdict.reasons,
            telling.case_text if telling else "", (telling.message or result.note) if telling else result.note)


def sweep(claims: Sequence[Claim], seeds: Sequence[int], *, examples: int, jobs: int = 1,
          progress: Callable[[int, int], None] | None = None) -> list[SweepRow]:
    """Judge every claim under every seed; one row per claim, in the claims' order.

    ``progress(done, total)`` is told after each (claim, seed) pair.
    """
    global _FORKED, _TASKS
    tasks = [(i, s, examples) for s in seeds for i in range(len(claims))]
    outcomes: list[tuple[int, int, str, tuple[str, ...], str, str]] = []
    _FORKED, _TASKS = claims, tasks
    try:
        if jobs <= 1:
            for t in tasks:
                outcomes.append(_judge(t))
                if progress:
                    progress(len(outcomes), len(tasks))
        else:
            def arrived(_: int, out: tuple[int, int, str, tuple[str, ...], str, str]) -> None:
                outcomes.append(out)
                if progress:
                    progress(len(outcomes), len(tasks))

            def died(k: int) -> tuple[int, int, str, tuple[str, ...], str, str]:
                index, seed, _ = tasks[k]
                return index, seed, Status.CANNOT_JUDGE.value, (DIED,), "", DIED

            forked_map(len(tasks), _judge_task, jobs, arrived, died, ordered=False)
    finally:
        _FORKED, _TASKS = (), []
    by_claim: dict[int, list] = defaultdict(list)
    for out in outcomes:
        by_claim[out[0]].append(out)
    rows = []
    for i, c in enumerate(claims):
        runs = sorted(by_claim[i], key=lambda o: seeds.index(o[1]))
        observed: dict[str, int] = defaultdict(int)
        for _, _, obs, _, _, _ in runs:
            observed[obs] += 1
        failing = [o for o in runs if o[3]]
        first = failing[0] if failing else None
        rows.append(SweepRow(
            claim_id=c.id, expected=c.expect.value, seeds=len(runs), failures=len(failing),
            observed=dict(sorted(observed.items())),
            first_seed=first[1] if first else None, first_observed=first[2] if first else "",
            first_reason="; ".join(first[3]) if first else "", first_case=first[4] if first else "",
            first_message=first[5] if first else ""))
    return rows
