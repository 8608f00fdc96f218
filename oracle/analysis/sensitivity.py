"""Mutation sensitivity: would the checks have caught the mistakes people make?

For a claim whose printed form holds, every mutant (``oracle.analysis.mutation``) is judged by
the same check.  A mutant is

* **killed** when the judges flag it (erratum, or it no longer runs);
* **equivalent** when it is not flagged and its outputs equal the printed form's on
  every sampled case (within rounding), or differ only on entries that sit exactly
  on a declared break (a set of measure zero: ``>`` for ``>=`` at a kink);
* **survived** otherwise: a non-equivalent mistake the check missed, with the case
  that shows the difference.  A survivor is a hole in the harness.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from oracle.analysis.mutation import Mutant, mutants
from oracle.checks.vjp import VJPCheck
from oracle.claims import Claim, Form, Kind, Status
from oracle.draws import for_each_case
from oracle.run.runner import RunConfig, run_claim
from oracle.seeds import derive_seed
from oracle.tolerance import EQUIVALENT_ULPS

__all__ = ["MutantResult", "assess", "eligible", "summary"]

#: Sampled cases on which a mutant must equal the printed form to be called equivalent.
_EQUIVALENCE_CASES = 200


@dataclass(frozen=True)
class MutantResult:
    claim_id: str
    operator: str
    description: str
    outcome: str  # killed | equivalent | survived | inconclusive
    reason: str


def eligible(claim: Claim) -> bool:
    """Claims whose printed form holds and is a formula in code (not derivation lines, not figure scripts)."""
    return claim.expect is Status.HOLDS and claim.kind not in (Kind.DERIVATION, Kind.FIGURE)


def _as_arrays(value: Any) -> dict[str, np.ndarray] | None:
    items = value.items() if isinstance(value, Mapping) else [("value", value)]
    out = {}
    for k, v in items:
        try:
            out[str(k)] = np.asarray(v, dtype=np.float64)
        except (TypeError, ValueError):
            return None
    return out


def _on_break(claim: Claim, case: Mapping[str, Any]) -> bool:
    breaks = claim.check.breaks if isinstance(claim.check, VJPCheck) else {}
    for name, points in breaks.items():
        x = case.get("inputs", {}).get(name)
        if isinstance(x, np.ndarray) and any(bool(np.any(x == p)) for p in points):
            return True
    return False


def _difference(claim: Claim, mutant: Mutant, config: RunConfig) -> tuple[bool, str]:
    """Does the mutant differ from the printed form on a sampled case off the breaks?"""
    check = claim.check
    strategy = check.strategy(check.domain)
    found: list[str] = []
    only_on_breaks: list[bool] = []

    def compare(case: Any) -> None:
        if found:
            return
        a, err_a = check.call(claim.printed.impl, case)
        b, err_b = check.call(mutant.impl, case)
        if err_a or err_b:
            if bool(err_a) != bool(err_b):
                found.append(f"one raises ({err_a or err_b}) on {check.describe(case)}")
            return
        xa, xb = _as_arrays(a), _as_arrays(b)
        wrt = check.names(case["inputs"]) if isinstance(check, VJPCheck) else None
        if wrt and xa is not None and xb is not None:  # only what the check judges
            xa = {k: v for k, v in xa.items() if k in wrt}
            xb = {k: v for k, v in xb.items() if k in wrt}
        if xa is None or xb is None or xa.keys() != xb.keys():
            found.append(f"outputs of different structure on {check.describe(case)}")
            return
        for k in xa:
            if xa[k].shape != xb[k].shape:
                found.append(f"{k} has shape {xb[k].shape} instead of {xa[k].shape} on {check.describe(case)}")
                return
            with np.errstate(all="ignore"):
                band = EQUIVALENT_ULPS * np.finfo(np.float64).eps * np.maximum(1.0, np.abs(xa[k]))
                differs = ~((np.abs(xa[k] - xb[k]) <= band) | (np.isnan(xa[k]) & np.isnan(xb[k])) | (xa[k] == xb[k]))
            if bool(np.any(differs)):
                if _on_break(claim, case):
                    only_on_breaks.append(True)
                    return
                idx = tuple(int(i) for i in np.argwhere(differs)[0])
                found.append(f"{k}{idx}: printed {xa[k][idx]:.6g}, mutant {xb[k][idx]:.6g} on {check.describe(case)}")
                return

    try:
        for_each_case(strategy, compare, seed=derive_seed(config.seed, claim.id, "equivalence", mutant.description),
                      examples=1 if check.deterministic else _EQUIVALENCE_CASES)
    except Exception as exc:
        return True, f"could not compare: {type(exc).__name__}: {exc}"
    if found:
        return True, found[0]
    if only_on_breaks:
        return False, "differs only on entries exactly at a kink or boundary (a set of measure zero)"
    return False, "identical outputs on every sampled case"


def _ordered(ms: Sequence[Mutant]) -> list[Mutant]:
    """One mutant per operator first, so that a limited run still covers every kind of mistake."""
    first, rest, seen = [], [], set()
    unique = {}
    for m in ms:
        unique.setdefault(m.description, m)
    for m in unique.values():
        (rest if m.operator in seen else first).append(m)
        seen.add(m.operator)
    return first + rest


def assess(claim: Claim, config: RunConfig, limit: int | None = None) -> list[MutantResult]:
    """Judge up to ``limit`` mutants of the claim's printed form (all when ``limit`` is None)."""
    if not eligible(claim):
        return []
    chosen = _ordered(mutants(claim.printed.impl))
    if limit is not None:
        chosen = chosen[:limit]
    results = []
    run_config = dataclasses.replace(config, shrink=False)
    for m in chosen:
        mutated = dataclasses.replace(claim, printed=Form(claim.printed.latex, m.impl), correction=None, condition=None)
        observed = run_claim(mutated, run_config).observed
        if observed in (Status.ERRATUM, Status.DOES_NOT_RUN):
            results.append(MutantResult(claim.id, m.operator, m.description, "killed", observed.value))
            continue
        differs, reason = _difference(claim, m, config)
        if observed is Status.INCONCLUSIVE and differs:
            results.append(MutantResult(claim.id, m.operator, m.description, "inconclusive", reason))
        elif differs:
            results.append(MutantResult(claim.id, m.operator, m.description, "survived", reason))
        else:
            results.append(MutantResult(claim.id, m.operator, m.description, "equivalent", reason))
    return results


def summary(results: Sequence[MutantResult]) -> dict[str, Any]:
    """Counts and score: killed / (mutants - equivalent)."""
    counts = {k: sum(r.outcome == k for r in results) for k in ("killed", "equivalent", "survived", "inconclusive")}
    # Killed by a crash (the mutant no longer runs) rather than by a wrong value: reported apart.
    counts["killed_by_crash"] = sum(r.outcome == "killed" and r.reason == Status.DOES_NOT_RUN.value for r in results)
    judged = len(results) - counts["equivalent"]
    return {
        "mutants": len(results),
        **counts,
        "score": (counts["killed"] / judged) if judged else None,
        "survivors": [{"operator": r.operator, "mutant": r.description, "why": r.reason}
                      for r in results if r.outcome in ("survived", "inconclusive")],
        "equivalents": [{"operator": r.operator, "mutant": r.description, "why": r.reason}
                        for r in results if r.outcome == "equivalent"],
        "caught": [{"operator": r.operator, "mutant": r.description} for r in results if r.outcome == "killed"],
    }
