"""The gate: one verdict per claim from what was observed, the correction and the mutants."""

import pytest

from oracle.claims import Status
from oracle.gate import Verdict, decide
from oracle.run.runner import RunConfig, run_claim
from tests.fixtures import gate_claims


def _verdict(**kw):
    base = dict(claim_id="d/c", expected=Status.ERRATUM, observed=Status.ERRATUM, correction=Status.HOLDS)
    return Verdict(**{**base, **kw})


def test_observed_as_expected_with_a_holding_correction_passes():
    assert _verdict().ok and _verdict().reasons == ()


@pytest.mark.parametrize("change, reason", [
    (dict(observed=Status.HOLDS), "the judges observed “holds” where the catalogue expects “erratum”"),
    (dict(correction=Status.ERRATUM), "the correction is “erratum”, not “holds”"),
    (dict(survivors=2, first_survivor="f: a -> b"), "2 deliberately broken variants"),
])
def test_each_failure_of_the_gate_gives_its_reason(change, reason):
    v = _verdict(**change)
    assert not v.ok and v.reasons[0].startswith(reason)


def test_a_surviving_mutant_fails_the_gate_even_when_the_verdict_is_as_expected():
    result = run_claim(gate_claims.CLAIMS[0], RunConfig(examples=5))
    assert decide(result, {"survived": 0, "killed": 3}).ok
    holed = decide(result, {"survived": 1, "killed": 2, "survivors": [{"mutant": "square_prime: 2 * x -> x"}]})
    assert not holed.ok and holed.reasons == (
        "1 deliberately broken variant of the printed form passed as well, so the check cannot tell right from "
        "wrong here (square_prime: 2 * x -> x)",)


def test_tolerated_statuses_pass_besides_the_expected_one():
    """``oracle check``: a statement is expected to hold; a finding its baseline accepts, or an undecided one, passes."""
    accepted = _verdict(expected=Status.HOLDS, observed=Status.ERRATUM, correction=None,
                        tolerated=(Status.INCONCLUSIVE, Status.ERRATUM))
    assert accepted.ok
    new = _verdict(expected=Status.HOLDS, observed=Status.DOES_NOT_RUN, correction=None,
                   tolerated=(Status.INCONCLUSIVE, Status.ERRATUM))
    assert not new.ok and "does not run as printed" in new.reasons[0]
    result = run_claim(gate_claims.CLAIMS[0], RunConfig(examples=5))
    assert decide(result, tolerated=(Status.ERRATUM,)).tolerated == (Status.ERRATUM,)
