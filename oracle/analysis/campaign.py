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
    """The claims a campaign covers: expected to hold, with random cases (definitions, backward and algorithm
    claims alike; figures and derivations are deterministic)."""
    return [c for c in claims if c.expect is Status.HOLDS and not c.check.deterministic]


def campaign(claims: Sequence[Claim], *, cases: int, seed: int, seeds: int = 1, jobs: int = 1,
             progress: Callable[[ClaimResult, Any], None] | None = None) -> dict[str, Any]:
    """At least ``cases`` cases spread evenly over ``claims`` and over ``seeds`` seeds (``seed``, ``seed + 1``, ...);
    per claim, the alarms found."""
    per_run = math.ceil(cases / (len(claims) * seeds))
    rows = {c.id: {"claim_id": c.id, "cases": 0, "alarms": 0, "conventions": 0, "skipped": 0} for c in claims}
    alarms: list[dict[str, Any]] = []
    for s in range(seed, seed + seeds):
        for r, _ in run_claims(claims, RunConfig(examples=per_run, seed=s, shrink=False), progress=progress,
                               jobs=jobs):
            judged = [f for f in r.findings if f.form == PRINTED and f.region == DOMAIN]
            bad = [f for f in judged if f.status not in _CLEAR]
            row = rows[r.claim.id]
            row["cases"] += len(judged)
            row["alarms"] += len(bad)
            row["conventions"] += sum(f.status == "convention" for f in judged)
            row["skipped"] += sum(f.status == "skipped" for f in judged)
            shown = sum(a["claim_id"] == r.claim.id for a in alarms)
            alarms += [{"claim_id": r.claim.id, "seed": s, "status": f.status, "case": f.case_text,
                        "message": f.message} for f in bad[:max(0, _SHOWN - shown)]]
    per_claim = list(rows.values())
    return {"examples": per_run, "seeds": list(range(seed, seed + seeds)),
            "cases": sum(r["cases"] for r in per_claim), "claims": len(claims),
            "alarms": sum(r["alarms"] for r in per_claim), "per_claim": per_claim, "examples_of_alarms": alarms}
