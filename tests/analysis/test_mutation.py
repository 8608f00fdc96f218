"""Mutation sensitivity: mutants are generated from source, caught when wrong, recognised when equivalent."""

import torch
from hypothesis import strategies as st

from oracle import Form, Kind, Source, VJPCheck, claim
from oracle.analysis.mutation import mutants
from oracle.analysis.sensitivity import assess, summary
from oracle.domains import reals
from oracle.forms import elementwise_derivative, vjp
from oracle.run.runner import RunConfig
from tests.fixtures import mutation_subjects as subjects

SOURCE = Source("fixture.txt", "S", "q")
CONFIG = RunConfig(examples=15, seed=0)


def _claim(name, reference, impl, wrt=("x",), domain=None, **check):
    domain = domain or (lambda: st.fixed_dictionaries({"x": reals(low=-6, high=6, edges=(0.0,))}))
    return claim(f"fixture/{name}", kind=Kind.BACKWARD, family="f", source=SOURCE,
                 check=VJPCheck(reference=reference, domain=domain, wrt=wrt, **check), printed=Form(name, impl))


def _descriptions(impl):
    return [m.description.split(": ", 1)[1] for m in mutants(impl)]


def test_mutants_reach_printed_functions_through_adapters_and_globals():
    """d_sigmoid is wrapped by an adapter and calls sigmoid: both are mutated."""
    found = _descriptions(elementwise_derivative(subjects.d_sigmoid, "x"))
    assert "1 - s -> 1 + s" in found                       # a flipped sign
    assert "sigmoid(x) -> sigmoid(sigmoid(x))" in found    # the derivative evaluated at the output
    assert "-x -> x" in found                              # inside sigmoid, reached through globals
    assert "s * (1 - s) -> s" in found                     # a dropped factor


def test_operators_for_transposes_axes_swaps_and_the_mean():
    found = _descriptions(vjp(subjects.dense_backward))
    assert "g.T -> g" in found and "np.sum(g, axis=0) -> np.sum(g, axis=1)" in found
    assert "np.dot(g, w) -> np.dot(w, g)" in found
    assert "2 * (pred - y) / pred.shape[0] -> 2 * (pred - y)" in _descriptions(subjects.mean_square_grad)


def test_a_non_equivalent_mutant_is_caught():
    c = _claim("d-sigmoid", lambda x: torch.sigmoid(x), elementwise_derivative(subjects.d_sigmoid, "x"),
               elementwise=True, analytic=True)
    results = {r.description.split(": ", 1)[1]: r for r in assess(c, CONFIG)}
    assert results["1 - s -> 1 + s"].outcome == "killed"
    assert results["sigmoid(x) -> sigmoid(sigmoid(x))"].outcome == "killed"


def test_an_equivalent_mutant_is_recognised_not_counted_as_a_miss():
    """sigma(-x)(1 - sigma(-x)) = sigma(x)(1 - sigma(x)): the '-x -> x' mutant of sigmoid is equivalent here."""
    c = _claim("d-sigmoid", lambda x: torch.sigmoid(x), elementwise_derivative(subjects.d_sigmoid, "x"),
               elementwise=True, analytic=True)
    s = summary(assess(c, CONFIG))
    assert [e["mutant"].split(": ", 1)[1] for e in s["equivalents"]] == ["-x -> x"]
    assert s["survived"] == 0 and s["score"] == 1.0


def test_a_mutant_differing_only_at_a_kink_is_equivalent_on_a_set_of_measure_zero():
    c = _claim("d-relu", lambda x: torch.relu(x), elementwise_derivative(subjects.d_relu, "x"), elementwise=True,
               breaks={"x": (0.0,)})
    results = {r.description.split(": ", 1)[1]: r for r in assess(c, CONFIG)}
    assert results["x > 0 -> x >= 0"].outcome == "equivalent"
    assert "measure zero" in results["x > 0 -> x >= 0"].reason
    assert results["return x > 0 -> return 2 * (x > 0)"].outcome == "killed"


def test_a_blind_check_lets_mutants_survive_and_they_are_reported_with_a_case():
    """If the judges could not see a mistake, the survivor is reported (and fails the gate), not hidden."""
    import dataclasses

    from oracle.checks.outcome import CaseStatus, Outcome

    @dataclasses.dataclass(frozen=True)
    class BlindCheck(VJPCheck):
        def judge(self, impl, case, **kwargs):
            return Outcome(status=CaseStatus.PASS)

    domain = lambda: st.fixed_dictionaries({"x": reals(low=-6, high=6)})
    blind = BlindCheck(reference=lambda x: torch.sigmoid(x), domain=domain, wrt=("x",))
    c = claim("fixture/blind", kind=Kind.BACKWARD, family="f", source=SOURCE, check=blind,
              printed=Form("d", elementwise_derivative(subjects.d_sigmoid, "x")))
    s = summary(assess(c, CONFIG, limit=3))
    assert s["killed"] == 0 and s["survived"] >= 2
    assert all("on x = [" in x["why"] for x in s["survivors"])
