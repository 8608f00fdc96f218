"""The runner: every form of a claim x drawn cases -> findings -> one verdict per claim.

Cases come from hypothesis, seeded from ``(seed, claim id, form, region)`` so that a
run is reproducible and claims do not share random streams.  A first pass
collects ``examples`` cases without stopping at a failure (so a verdict reports how
often a form fails, not just that it does); when some case failed, a second pass
with the same seed lets hypothesis shrink to a minimal counterexample.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from oracle.checks.messages import Subject
from oracle.checks.outcome import CaseStatus, Outcome
from oracle.claims import Claim, Status
from oracle.draws import for_each_case
from oracle.errors import ReferenceFailure
from oracle.seeds import derive_seed

__all__ = ["RunConfig", "Finding", "ClaimResult", "run_claim", "region_verdict", "DEFAULT_EXAMPLES", "MOST_SKIPPED",
           "PRINTED", "CORRECTION", "DOMAIN", "CONDITION"]

DEFAULT_EXAMPLES = 100
PRINTED, CORRECTION = "printed", "correction"
DOMAIN, CONDITION = "domain", "condition"


@dataclass(frozen=True)
class RunConfig:
    """How many cases per claim and region, the seed, and whether to shrink failures."""

    examples: int = DEFAULT_EXAMPLES
    seed: int = 0
    shrink: bool = True


@dataclass(frozen=True)
class Finding:
    """One comparison of one form of a claim on one case, flattened for the DataFrame."""

    claim_id: str
    form: str
    region: str
    case: int
    status: str
    minimal: bool
    max_abs_error: float
    max_rel_error: float
    allowed: float
    worst: str
    printed_value: float
    true_value: float
    numeric_value: float
    numeric_error: float
    judges: str
    case_text: str
    message: str
    seconds: float
    detail: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class ClaimResult:
    """All findings of one claim and the verdicts read from them."""

    claim: Claim
    findings: tuple[Finding, ...]
    observed: Status
    region_verdicts: dict[str, Status]
    correction_verdict: Status | None
    note: str = ""


class _CaseFailed(Exception):
    """Raised inside the hypothesis test so that hypothesis shrinks the case."""


def _judge_cases(claim: Claim, impl: Any, domain: Callable[[], Any], config: RunConfig, form: str,
                 region: str) -> tuple[list[Finding], str]:
    """Run one form of a claim over one region; return its findings and a note on what went wrong."""
    check = claim.check
    seed = derive_seed(config.seed, claim.id, form, region)
    examples = 1 if check.deterministic else config.examples
    subject = Subject(claim_id=claim.id, document=claim.source.document, section=claim.source.section)
    findings: list[Finding] = []
    first_fail: list[tuple[Any, Outcome, float, int]] = []  # case, outcome, seconds, row
    first_crash: list[tuple[Any, Outcome, float, int]] = []

    def judge(case: Any) -> tuple[Outcome, float]:
        start = time.perf_counter()
        outcome = check.judge(impl, case, seed=derive_seed(seed, len(findings)), subject=subject)
        return outcome, time.perf_counter() - start

    def record(case: Any, outcome: Outcome, seconds: float, minimal: bool) -> None:
        findings.append(Finding(
            claim_id=claim.id, form=form, region=region, case=len(findings), status=outcome.status.value,
            minimal=minimal, max_abs_error=outcome.max_abs_error, max_rel_error=outcome.max_rel_error,
            allowed=outcome.allowed, worst=outcome.worst, printed_value=outcome.printed_value,
            true_value=outcome.true_value, numeric_value=outcome.numeric_value, numeric_error=outcome.numeric_error,
            judges="+".join(outcome.judges), case_text=check.describe(case), message=outcome.message,
            seconds=seconds, detail=dict(outcome.detail),
        ))

    strategy = check.strategy(domain)

    def collect(case: Any) -> None:
        outcome, seconds = judge(case)
        record(case, outcome, seconds, minimal=False)
        if outcome.status is CaseStatus.FAIL and not first_fail:
            first_fail.append((case, outcome, seconds, len(findings) - 1))
        if outcome.status is CaseStatus.CRASH and not first_crash:
            first_crash.append((case, outcome, seconds, len(findings) - 1))

    try:
        for_each_case(strategy, collect, seed=seed, examples=examples)
    except ReferenceFailure as exc:
        return findings, f"{exc} on a drawn case"
    except Exception as exc:  # the domain broke while drawing
        first = str(exc).split(". ")[0]
        return findings, f"the domain could not generate a case: {type(exc).__name__}: {first}"
    if not findings:
        return findings, "the domain generated no case"
    # Shrink towards the status that decides the verdict: a crash outranks a failure.
    failing = first_crash or first_fail
    if failing and config.shrink and not check.deterministic:
        last: list[tuple[Any, Outcome, float]] = []

        def shrink(case: Any) -> None:
            outcome, seconds = judge(case)
            if outcome.failed and outcome.status == failing[0][1].status:
                last.append((case, outcome, seconds))
                raise _CaseFailed()

        try:
            for_each_case(strategy, shrink, seed=seed, examples=examples, shrink=True)
        except _CaseFailed:
            pass
        except Exception:
            pass
        if last:
            record(*last[-1], minimal=True)
        else:
            record(*failing[0][:3], minimal=True)
    elif failing:
        # Nothing to shrink: the first failing case is the counterexample; mark its row, don't repeat it.
        index = failing[0][3]
        findings[index] = dataclasses.replace(findings[index], minimal=True)
    return findings, ""


#: More than this share of a region's cases skipped (outside what the reference can evaluate) and the
#: region's verdict is "too few cases judged", not "holds": the domain needs narrowing.
MOST_SKIPPED = 0.5


def region_verdict(statuses: Iterable[str], setup_problem: bool = False) -> Status:
    """The verdict of one form over one region, from its cases' statuses.

    What the printed form does outranks everything (it crashes, it fails); then a defect of the
    claim's own setup (a case it could not judge, or ``setup_problem``: its domain or reference
    broke while cases were drawn); then a disagreement of the judges; a form that holds on fewer
    than half of its cases, the others skipped, holds on too few to say so.
    """
    statuses = list(statuses)
    seen = set(statuses)
    if CaseStatus.CRASH.value in seen:
        return Status.DOES_NOT_RUN
    if CaseStatus.FAIL.value in seen:
        return Status.ERRATUM
    if setup_problem or CaseStatus.SETUP.value in seen or not seen:
        return Status.CANNOT_JUDGE
    if CaseStatus.INCONCLUSIVE.value in seen:
        return Status.INCONCLUSIVE
    if statuses.count(CaseStatus.SKIPPED.value) > MOST_SKIPPED * len(statuses):
        return Status.TOO_FEW_CASES
    return Status.HOLDS


def _observed(claim: Claim, verdicts: dict[str, Status]) -> Status:
    main = verdicts[f"{PRINTED}/{DOMAIN}"]
    if claim.condition is None or main is not Status.HOLDS:
        return main
    outside = verdicts[f"{PRINTED}/{CONDITION}"]
    if outside is Status.ERRATUM:
        return claim.condition.meaning
    return outside


def run_claim(claim: Claim, config: RunConfig = RunConfig()) -> ClaimResult:
    """Judge every form of ``claim`` over its domain and its condition's region.

    A claim expected 'not judged' (nothing printed is visible) is not run: it is observed as such,
    with no finding, so that it counts neither as holding nor as failing.
    """
    if not claim.judged:
        return ClaimResult(claim=claim, findings=(), observed=Status.NOT_JUDGED, region_verdicts={},
                           correction_verdict=None)
    regions = [(DOMAIN, claim.check.domain)]
    if claim.condition is not None:
        regions.append((CONDITION, claim.condition.domain))
    forms = [(PRINTED, claim.printed)]
    if claim.correction is not None:
        forms.append((CORRECTION, claim.correction))
    findings: list[Finding] = []
    verdicts: dict[str, Status] = {}
    notes: list[str] = []
    for form_name, form in forms:
        for region_name, domain in regions:
            got, note = _judge_cases(claim, form.impl, domain, config, form_name, region_name)
            if note:
                notes.append(f"{form_name} on its {region_name}: {note}")
            findings.extend(got)
            verdicts[f"{form_name}/{region_name}"] = region_verdict((f.status for f in got), setup_problem=bool(note))
    correction = None
    if claim.correction is not None:
        corr = [v for k, v in verdicts.items() if k.startswith(CORRECTION)]
        correction = Status.HOLDS if all(v is Status.HOLDS for v in corr) else next(v for v in corr if v is not Status.HOLDS)
    return ClaimResult(claim=claim, findings=tuple(findings), observed=_observed(claim, verdicts),
                       region_verdicts=verdicts, correction_verdict=correction, note="; ".join(notes))
