"""A test session's ``assert_vjp`` and ``gradcheck`` outcomes as results of claims, for the same reports.

Each call becomes one claim of the document "its test file": the section is the test's node
id (the card's title), the expected status "holds" (a test expects its backward to be
right), and the observed status is read from the outcome exactly as the runner reads a
case (``oracle.run.runner.region_verdict``).  Nothing here judges.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from oracle.claims import Claim, Document, Form, Kind, Severity, Source, Status
from oracle.gate import Verdict
from oracle.run.runner import ClaimResult, Finding, region_verdict
from oracle.testing.record import Observation

__all__ = ["observation_results"]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-._") or "x"


def _file_of(test: str) -> str:
    return test.split("::", 1)[0] if test else "(outside pytest)"


def observation_results(observations: Sequence[Observation]) -> tuple[list[ClaimResult], list[Verdict],
                                                                       list[Document]]:
    """One claim result and verdict per observation, and one document per test file."""
    results, verdicts = [], []
    seen: Counter[str] = Counter()
    for obs in observations:
        file = _file_of(obs.test)
        name = _slug(obs.test.split("::", 1)[-1] if obs.test else obs.label or obs.call)
        seen[f"{file}/{name}"] += 1
        if seen[f"{file}/{name}"] > 1:
            name = f"{name}-{seen[f'{file}/{name}']}"
        claim_id = f"{_slug(file.rsplit('/', 1)[-1].removesuffix('.py'))}/{name}"
        section = obs.test or obs.label or obs.call
        if obs.label:
            section += f" · {obs.call}({obs.label})"
        o = obs.outcome
        observed = region_verdict([o.status.value])
        # A backward the judges found wrong is an error: code that follows it computes wrong gradients.
        severity = Severity.ERROR if observed in (Status.ERRATUM, Status.DOES_NOT_RUN) else None
        claim = Claim(id=claim_id, kind=Kind.BACKWARD, family=obs.call, source=Source(file, section, ""),
                      check=None, printed=Form("", None), expect=Status.HOLDS, severity=severity)
        finding = Finding(
            claim_id=claim_id, form="printed", region="domain", case=0, status=o.status.value,
            minimal=o.status.value in ("fail", "crash"), max_abs_error=o.max_abs_error, max_rel_error=o.max_rel_error,
            allowed=o.allowed, worst=o.worst, printed_value=o.printed_value, true_value=o.true_value,
            numeric_value=o.numeric_value, numeric_error=o.numeric_error, judges="+".join(o.judges),
            case_text=obs.case_file, message=obs.message, seconds=0.0, detail=dict(o.detail))
        results.append(ClaimResult(claim=claim, findings=(finding,), observed=observed,
                                   region_verdicts={"printed/domain": observed}, correction_verdict=None))
        why = obs.message.splitlines()[0] if observed in (Status.CANNOT_JUDGE, Status.INCONCLUSIVE) else ""
        verdicts.append(Verdict(claim_id=claim_id, expected=Status.HOLDS, observed=observed, correction=None,
                                why=why, expected_by="the test"))
    files = sorted({_file_of(o.test) for o in observations})
    documents = [Document(id=_slug(f.rsplit("/", 1)[-1].removesuffix(".py")), file=f, title=f) for f in files]
    return results, verdicts, documents
