"""Claims spread over forked worker processes, with results identical to a serial run.

Every claim draws from its own seed (``oracle.seeds``), so neither the order in which
claims finish nor the number of processes changes a finding.

Note [a worker that dies]: a claim can take its worker down with it (the kernel kills a
process that exhausts memory; user code may call ``os._exit``).  ``multiprocessing.Pool``
then waits forever for the lost task, and a CI job hangs.  ``forked_map`` notices the death
(``concurrent.futures`` reports a broken pool), judges every task that had not finished again
alone in a fresh process, and the one that dies again gets a result that says so: the claim
"cannot be judged", and the run goes on.
"""

from __future__ import annotations

import functools
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Sequence, TypeVar

from oracle.claims import Claim, Status
from oracle.run.runner import ClaimResult, RunConfig, run_claim

__all__ = ["run_claims", "forked_map", "DIED"]

T = TypeVar("T")

#: Why a claim whose worker process died has no findings.
DIED = ("the process judging this claim died (killed by the system, most likely for exhausting memory, or "
        "ended by the code it ran): its cases could not be judged")


def forked_map(count: int, work: Callable[[int], T], jobs: int, deliver: Callable[[int, T], None],
               dead: Callable[[int], T], *, ordered: bool = True) -> None:
    """``work(i)`` for every ``i < count`` in ``jobs`` forked processes; ``deliver(i, result)`` as results come
    (in index order when ``ordered``).  ``work`` must pickle (a module-level function, or a ``functools.partial``
    of one): the processes are forked, but tasks reach them through a queue.  A task whose process dies is run again alone; ``dead(i)`` stands for
    the result of one that dies again (Note [a worker that dies])."""
    context = multiprocessing.get_context("fork")
    results: dict[int, T] = {}
    following = 0

    def arrived(i: int, value: T) -> None:
        nonlocal following
        if not ordered:
            deliver(i, value)
            return
        results[i] = value
        while following in results:
            deliver(following, results.pop(following))
            following += 1

    unfinished: list[int] = []
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {pool.submit(work, i): i for i in range(count)}
        for future, i in futures.items():
            try:
                arrived(i, future.result())
            except BrokenProcessPool:
                unfinished.append(i)
    for i in unfinished:  # alone, so that a death names its task
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            try:
                value = pool.submit(work, i).result()
            except BrokenProcessPool:
                value = dead(i)
        arrived(i, value)


# Claims hold lambdas and closures, which do not pickle: worker processes are forked
# with the claim list in memory and receive indices; they send back plain data.
_FORKED_CLAIMS: Sequence[Claim] = ()


def _work(index: int, config: RunConfig, extra: Callable[[Claim], Any] | None) -> tuple[int, tuple, Any]:
    claim = _FORKED_CLAIMS[index]
    r = run_claim(claim, config)
    return index, (r.findings, r.observed, r.region_verdicts, r.correction_verdict, r.note), (
        extra(claim) if extra else None)


def run_claims(claims: Sequence[Claim], config: RunConfig = RunConfig(),
               progress: Callable[[ClaimResult, Any], None] | None = None, *, jobs: int = 1,
               extra: Callable[[Claim], Any] | None = None) -> list[tuple[ClaimResult, Any]]:
    """Judge each claim; return ``(result, extra(claim))`` pairs in the claims' order.

    With ``jobs > 1`` claims are spread over forked processes; every claim has its own
    seed, so the results are identical to a serial run.  ``progress(result, extra)`` is
    told after each claim (in completion order).
    """
    global _FORKED_CLAIMS
    if jobs <= 1 or len(claims) <= 1:
        out = []
        for claim in claims:
            result = run_claim(claim, config)
            more = extra(claim) if extra else None
            out.append((result, more))
            if progress is not None:
                progress(result, more)
        return out
    _FORKED_CLAIMS = claims
    slots: list[tuple[ClaimResult, Any] | None] = [None] * len(claims)

    def deliver(i: int, payload: tuple[int, tuple, Any]) -> None:
        _, (findings, observed, regions, correction, note), more = payload
        result = ClaimResult(claim=claims[i], findings=findings, observed=observed, region_verdicts=regions,
                             correction_verdict=correction, note=note)
        slots[i] = (result, more)
        if progress is not None:
            progress(result, more)

    def died(i: int) -> tuple[int, tuple, Any]:
        return i, ((), Status.CANNOT_JUDGE, {}, None, DIED), None

    try:
        forked_map(len(claims), functools.partial(_work, config=config, extra=extra), jobs, deliver, died)
    finally:
        _FORKED_CLAIMS = ()
    return [s for s in slots if s is not None]
