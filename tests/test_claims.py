"""claim(): a malformed record is refused at the entry, once, with every rule it breaks."""

import pytest
import torch
from hypothesis import strategies as st

from oracle import ClaimError, Condition, Form, Kind, OracleError, Severity, Source, Status, ValueCheck, claim

CHECK = ValueCheck(reference=torch.sigmoid, domain=lambda: st.just({}))
GOOD = dict(kind=Kind.DEFINITION, family="x", source=Source("f.txt", "S", "q"), check=CHECK, printed=Form("s", abs))
FIX = dict(correction=Form("c", abs), explanation="why", severity=Severity.ERROR)
UNSEEN = dict(kind=Kind.DEFINITION, family="x", source=Source("f.txt", "S", "Annexe 28"), expect=Status.NOT_JUDGED,
              explanation="the formula is an image")


def test_a_well_formed_claim_is_built():
    c = claim("doc/name", **GOOD)
    assert (c.id, c.expect, c.document) == ("doc/name", Status.HOLDS, "f.txt")


@pytest.mark.parametrize("claim_id, change, message", [
    ("Doc/Name", {}, "must look like 'document-id/name'"),
    ("noslash", {}, "must look like 'document-id/name'"),
    ("doc/name", {"kind": "backward"}, "kind must be a Kind"),
    ("doc/name", {"expect": Status.INCONCLUSIVE}, "expect must be a Status other than INCONCLUSIVE"),
    ("doc/name", {"expect": "holds"}, "expect must be a Status"),
    ("doc/name", {"source": ("f.txt", "S", "q")}, "source must be a Source"),
    ("doc/name", {"printed": abs}, "printed must be a Form"),
    ("doc/name", {"correction": abs}, "correction must be a Form"),
    ("doc/name", {"expect": Status.ERRATUM}, "needs a correction"),
    ("doc/name", {"expect": Status.ERRATUM, "correction": Form("c", abs)}, "needs an explanation"),
    ("doc/name", {"expect": Status.DOES_NOT_RUN, **FIX}, None),
    ("doc/name", {"expect": Status.ERRATUM, **{**FIX, "severity": None}}, "needs a severity"),
    ("doc/name", {"expect": Status.ERRATUM, **{**FIX, "severity": "error"}}, "needs a severity"),
    ("doc/name", {"severity": Severity.NOTE}, "states no finding: drop its severity"),
    ("doc/name", {"cause": "shared"}, "states no finding: drop its cause"),
    ("doc/name", {"expect": Status.ERRATUM, **FIX, "cause": "Two Words"}, "must be a short id"),
    ("doc/name", {"expect": Status.NOT_JUDGED, "explanation": "image"}, "has nothing to judge: drop its check, printed"),
    ("doc/name", {"expect": Status.UNSTABLE, **FIX}, "needs a condition"),
    ("doc/name", {"expect": Status.UNSTABLE, **FIX, "condition": Condition("c", CHECK.domain)},
     "its condition means 'holds under a precondition' but the claim expects 'unstable'"),
    ("doc/name", {"check": object()}, "check must be a check"),
])
def test_invalid_claims_are_refused_with_the_rule_and_the_claim_id(claim_id, change, message):
    if message is None:  # the well-formed control row of the table
        assert claim(claim_id, **{**GOOD, **change}).expect is Status.DOES_NOT_RUN
        return
    with pytest.raises(ClaimError, match=message.replace("(", r"\(").replace(")", r"\)")) as info:
        claim(claim_id, **{**GOOD, **change})
    assert info.value.claim_id == claim_id and str(info.value).startswith(f"claim {claim_id}: ")
    assert isinstance(info.value, OracleError)


def test_every_broken_rule_is_reported_at_once():
    with pytest.raises(ClaimError) as info:
        claim("doc/name", **{**GOOD, "kind": "x", "printed": "y"})
    assert len(info.value.problems) == 2


def test_a_finding_without_a_cause_is_its_own_cause_and_claims_name_a_shared_one():
    alone = claim("doc/alone", **GOOD, expect=Status.ERRATUM, **FIX)
    shared = claim("doc/one", **GOOD, expect=Status.ERRATUM, **FIX, cause="same-slip")
    assert (alone.severity, alone.cause, shared.cause) == (Severity.ERROR, "alone", "same-slip")
    assert claim("doc/fine", **GOOD).cause == "" and claim("doc/fine", **GOOD).severity is None


def test_a_claim_not_judged_needs_only_its_source_and_its_reason():
    c = claim("doc/image", **UNSEEN)
    assert (c.expect, c.judged, c.check, c.printed, c.severity) == (Status.NOT_JUDGED, False, None, None, None)
    with pytest.raises(ClaimError, match="needs an explanation saying why nothing printed is visible"):
        claim("doc/image", **{**UNSEEN, "explanation": ""})
    with pytest.raises(ClaimError, match="states no finding: drop its severity"):
        claim("doc/image", **UNSEEN, severity=Severity.NOTE)
