"""The false-alarm campaign: many random cases on every claim expected to hold.

Every case of a holding claim that is not a pass, a kink convention or a skipped
case (outside what the reference can evaluate) is an *alarm*: a right formula that
the judges did not clear.  The payload is what ``reports/campaign.json`` holds.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Sequence

from oracle.claims import Claim, Status
from oracle.run.parallel import run_claims
from oracle.run.runner import DOMAIN, PRINTED, ClaimResult, RunConfig

__all__ = ["campaign_claims", "campaign"]

#: Statuses that are not alarms on a claim that holds.
_CLEAR = ("pass", "convention", "skipped")
#: Alarms shown per claim in the payload.
_SHOWN = 3


def campaign_claims(claims: Sequence[Claim]) -> list[Claim]:
    """The claims a campaign covers: expected to hold, with random cases."""
    return [c for c in claims if c.expect is Status.HOLDS and not c.check.deterministic]


def campaign(claims: Sequence[Claim], *, cases: int, seed: int, jobs: int = 1,
             progress: Callable[[ClaimResult, Any], None] | None = None) -> dict[str, Any]:
    """At least ``cases`` cases spread evenly over ``claims``; per claim, the alarms found."""
    per_claim = math.ceil(cases / len(claims))
    config = RunConfig(examples=per_claim, seed=seed, shrink=False)
    pairs = run_claims(claims, config, progress=progress, jobs=jobs)
    alarms, rows, total = [], [], 0
    for r, _ in pairs:
        judged = [f for f in r.findings if f.form == PRINTED and f.region == DOMAIN]
        total += len(judged)
        bad = [f for f in judged if f.status not in _CLEAR]
        rows.append({"claim_id": r.claim.id, "cases": len(judged), "alarms": len(bad),
                     "conventions": sum(f.status == "convention" for f in judged),
                     "skipped": sum(f.status == "skipped" for f in judged)})
        alarms += [{"claim_id": r.claim.id, "status": f.status, "case": f.case_text, "message": f.message}
                   for f in bad[:_SHOWN]]
    return {"examples": per_claim, "cases": total, "claims": len(claims), "alarms": sum(r["alarms"] for r in rows),
            "per_claim": rows, "examples_of_alarms": alarms}
