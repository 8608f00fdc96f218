"""Claims spread over forked worker processes, with results identical to a serial run.

Every claim draws from its own seed (``oracle.seeds``), so neither the order in which
claims finish nor the number of processes changes a finding.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from oracle.claims import Claim
from oracle.run.runner import ClaimResult, RunConfig, run_claim

__all__ = ["run_claims"]


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
    import multiprocessing

    _FORKED_CLAIMS = claims
    slots: list[tuple[ClaimResult, Any] | None] = [None] * len(claims)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            pending = [pool.apply_async(_work, (i, config, extra)) for i in range(len(claims))]
            for job in pending:
                i, parts, more = job.get()
                findings, observed, regions, correction, note = parts
                result = ClaimResult(claim=claims[i], findings=findings, observed=observed, region_verdicts=regions,
                                     correction_verdict=correction, note=note)
                slots[i] = (result, more)
                if progress is not None:
                    progress(result, more)
    finally:
        _FORKED_CLAIMS = ()
    return [s for s in slots if s is not None]
