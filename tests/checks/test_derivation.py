"""Derivation claims: link-by-link checking (oracle.checks.derivation, oracle.judges.symbolic.equality)."""

import json
import re

import pytest
import sympy as sp

from oracle.checks import DerivationCheck
from oracle.checks.messages import Subject
from oracle.checks.outcome import CaseStatus
from oracle.claims import Form, Kind, Severity, Source, Status, claim
from oracle.gate import decide
from oracle.judges.symbolic import Assumptions, LatexParseError, equal, parse_latex, prime, sigmoid
from oracle.run.runner import RunConfig, run_claim
from reference.cnn_from_scratch import derivations as cnn_derivations
from reference.germain_2019 import derivations
from reference.tutoriel_backprop import derivations as tutoriel_derivations
from tests.documents import DOCUMENTS

a, x = sp.symbols("a x", real=True)
f, h = sp.Function("f"), sp.Function("h")


def judge(check, lines, seed=0):
    return check.judge(lines, {"inputs": {}}, seed=seed, subject=Subject(claim_id="test/derivation", document="doc.txt", section="Section"))


DERIVATIONS = tutoriel_derivations.CLAIMS + cnn_derivations.CLAIMS + derivations.CLAIMS
BY_ID = {c.id: c for c in DERIVATIONS}
SIGMOID = BY_ID["germain-2019/derivation-sigmoid-prime"]
CUBE = DerivationCheck(definition=x ** 3, variable=x, reference=lambda x: x ** 3, reference_args={"x": x})


def test_a_correct_multi_line_derivation_passes():
    lines = [r"\frac{\partial}{\partial x} x^3", r"3x^2", r"3 x \cdot x", x * (2 * x + x)]
    out = judge(CUBE, lines)
    assert out.status is CaseStatus.PASS, out.message
    d = out.detail
    assert d["first_broken"] is None and d["compensated"] is False and d["final_correct"] is True
    assert [l["holds"] for l in d["links"]] == [True] * 4
    assert d["lines"][:3] == lines[:3] and d["lines"][3] == sp.latex(lines[3])
    assert d["autograd"]["agree"] is True and "autograd" in out.judges
    json.dumps(d)  # the report writers need JSON


def test_one_wrong_line_is_localised_to_that_line():
    lines = [r"3x^2", r"3 x \cdot x", r"3 x^3", r"3 x \cdot x^2"]
    check = DerivationCheck(definition=x ** 3, variable=x, corrected=(r"3x^2", r"3 x \cdot x", r"3 x^2", r"3x^2"))
    out = judge(check, lines)
    assert out.status is CaseStatus.FAIL
    d = out.detail
    assert d["first_broken"] == 2 and d["broken"] == [2]
    assert d["compensated"] is False and d["final_correct"] is False
    assert d["line_correct"] == [True, True, False, False]
    link = d["links"][2]
    assert link["from"] == r"3 x \cdot x" and link["to"] == r"3 x^3" and link["method"] == "numeric"
    assert link["points"] >= 50 and link["max_difference"] > 0 and link["corrected"] == r"3 x^2"
    assert "link 2 is broken" in out.message and r"3 x^3" in out.message and r"3 x \cdot x" in out.message
    assert "corrected line 2: 3 x^2" in out.message and "The mistake carries through to the final line" in out.message
    assert out.worst.startswith("link 2") and out.mismatched == 1 and out.total == 4


def test_a_wrong_first_line_breaks_link_zero():
    out = judge(CUBE, [r"2x^2", r"2 x \cdot x"])
    assert out.status is CaseStatus.FAIL and out.detail["first_broken"] == 0
    assert out.detail["links"][0]["from"] == sp.latex(sp.Derivative(x ** 3, x))


def test_two_compensating_errors_are_reported_as_such():
    out = judge(SIGMOID.check, derivations.SIGMOID_LINES)
    assert out.status is CaseStatus.FAIL
    d = out.detail
    assert d["first_broken"] == 2 and d["broken"] == [2, 5]
    assert d["compensated"] is True and d["final_correct"] is True and d["compensating_links"] == [5]
    assert d["line_correct"] == [True, True, False, False, False, True, True, True]
    assert "e^a" in d["links"][2]["to"] and d["links"][2]["corrected"] is not None
    assert "The final line is right nevertheless" in out.message and "Compensating link: 5." in out.message
    corrected = judge(SIGMOID.check, derivations.SIGMOID_CORRECTED)
    assert corrected.status is CaseStatus.PASS, corrected.message


def test_a_simple_compensation_in_sympy_lines():
    # d/dx x^2 = 2x, printed "x + x" (right), "3x" (wrong), "2x" (back to right: compensates).
    check = DerivationCheck(definition=x ** 2, variable=x)
    out = judge(check, [x + x, 3 * x, 2 * x])
    assert out.detail["broken"] == [1, 2] and out.detail["compensated"] is True
    assert out.detail["compensating_links"] == [2] and out.status is CaseStatus.FAIL


def test_an_inconclusive_symbolic_check_falls_back_to_the_numeric_one():
    lhs, rhs = sp.sin(x) ** 2 + sp.cos(x) ** 2, sp.Integer(1)
    # expand/cancel cannot see this identity; without time for simplify it is decided by the numbers.
    numeric = equal(lhs, rhs, timeout=0)
    assert numeric.holds is True and numeric.method == "numeric" and numeric.symbolic is None
    assert numeric.points == 64 and numeric.max_relative_difference <= 1e-20
    proved = equal(lhs, rhs, timeout=20)
    assert proved.holds is True and proved.method == "symbolic"
    check = DerivationCheck(definition=sp.Integer(1), variable=None, timeout=0)
    out = judge(check, [r"\sin(x)^2 + \cos(x)^2"])
    assert out.status is CaseStatus.PASS and out.detail["links"][0]["method"] == "numeric"
    wrong = judge(check, [r"\sin(x)^2 + \cos(x)"])
    assert wrong.status is CaseStatus.FAIL and wrong.detail["links"][0]["method"] == "numeric"


def test_a_difference_that_is_a_nonzero_constant_is_broken_symbolically():
    result = equal(x + 1, x)
    assert result.holds is False and result.method == "symbolic"


def test_unparsable_input_gives_a_clear_error():
    out = judge(CUBE, [r"3x^2", r"3 x \cdot {x", r"3x^2"])
    assert out.status is CaseStatus.CRASH
    assert "line 1 `3 x \\cdot {x` does not parse" in out.message and "expected '}'" in out.message
    assert "test/derivation" in out.message
    with pytest.raises(LatexParseError, match=r"line 4 .*does not parse"):
        parse_latex(r"\frac{1}{", line=4)
    assert judge(CUBE, "3x^2").status is CaseStatus.CRASH  # a string, not a list of lines
    assert judge(CUBE, []).status is CaseStatus.CRASH


def test_the_runner_and_gate_read_a_crash_as_does_not_run():
    c = claim("test/crash", kind=Kind.DERIVATION, family="t", source=Source("d.txt", "s", "q"), check=CUBE,
              printed=Form("x", [r"3x^{2"]), expect=Status.DOES_NOT_RUN, correction=Form("x", [r"3x^2"]),
              explanation="unbalanced brace", severity=Severity.ERROR)
    result = run_claim(c, RunConfig(examples=5))
    assert result.observed is Status.DOES_NOT_RUN and result.correction_verdict is Status.HOLDS and decide(result).ok


def test_assumptions_sum_to_one_and_intervals():
    y1, y2, p1 = sp.symbols("y_1 y_2 p_1", real=True)
    # p1 (y1 + y2) - y1 == p1 - y1 only where y1 + y2 = 1.
    free = equal(p1 * (y1 + y2) - y1, p1 - y1)
    assert free.holds is False
    constrained = equal(p1 * (y1 + y2) - y1, p1 - y1, Assumptions(simplices=((y1, y2),)))
    assert constrained.holds is True
    # sqrt(t^2) == t holds for t in (0, 1), not on the default real interval.
    t = sp.Symbol("t", real=True)
    assert equal(sp.sqrt(t ** 2), t, Assumptions(intervals={t: (0.0, 1.0)}), timeout=0).holds is True
    assert equal(sp.sqrt(t ** 2), t, timeout=0).holds is False


def test_the_softmax_derivation_needs_its_sum_to_one():
    c = BY_ID["cnn-from-scratch/derivation-softmax-ce"]
    assert judge(c.check, c.printed.impl).status is CaseStatus.PASS
    loose = DerivationCheck(definition=c.check.definition, variable=c.check.variable,
                            assumptions=Assumptions(bindings=c.check.assumptions.bindings))
    out = judge(loose, c.printed.impl)
    assert out.status is CaseStatus.FAIL and out.detail["first_broken"] == 2


def test_bindings_give_partial_derivatives_their_document_meaning():
    w, z, act, C = sp.symbols("w z a C", real=True)
    cost = sp.Function("cost")
    assume = Assumptions(bindings=((C, cost(act)), (act, sigmoid(z)), (z, w * x)))
    lines = [parse_latex(r"\frac{\partial z}{\partial w} \frac{\partial a}{\partial z} \frac{\partial C}{\partial a}",
                         symbols={"z": z, "w": w, "a": act, "C": C}),
             x * prime(sigmoid, z) * prime(cost, act)]
    out = judge(DerivationCheck(definition=C, variable=w, assumptions=assume), lines)
    assert out.status is CaseStatus.PASS and all(l["method"] == "symbolic" for l in out.detail["links"])
    wrong = judge(DerivationCheck(definition=C, variable=w, assumptions=assume), [w * prime(sigmoid, z) * prime(cost, act)])
    assert wrong.status is CaseStatus.FAIL


def test_generic_functions_are_proved_for_every_function_and_refuted_with_random_ones():
    good = parse_latex(r"f'(h(x)) h'(x)", symbols={"x": x}, functions={"f": f, "h": h})
    check = DerivationCheck(definition=f(h(x)), variable=x)
    out = judge(check, [good])
    assert out.status is CaseStatus.PASS and out.detail["links"][0]["method"] == "symbolic"
    bad = parse_latex(r"f'(x) h'(x)", symbols={"x": x}, functions={"f": f, "h": h})
    assert judge(check, [bad]).status is CaseStatus.FAIL


def test_a_reference_that_disagrees_with_the_truth_is_inconclusive():
    check = DerivationCheck(definition=x ** 3, variable=x, reference=lambda x: x ** 2, reference_args={"x": x})
    out = judge(check, [r"3x^2"])
    assert out.status is CaseStatus.INCONCLUSIVE and "torch.autograd" in out.message


def test_judging_is_deterministic_under_the_seed():
    c = SIGMOID
    one, two = judge(c.check, c.printed.impl, seed=7), judge(c.check, c.printed.impl, seed=7)
    assert one.detail == two.detail and one.message == two.message


# --- the catalogue's derivation claims ---------------------------------------------------------

def test_catalogue_derivation_ids_say_what_they_are():
    assert all(c.kind is Kind.DERIVATION and c.id.split("/")[1].startswith("derivation-") for c in DERIVATIONS)


def test_the_document_errata_are_located():
    nll_claim = BY_ID["germain-2019/derivation-nll-loss-prime"]
    nll = judge(nll_claim.check, nll_claim.printed.impl)
    assert nll.detail["first_broken"] == 1 and nll.detail["compensated"] is False and nll.detail["final_correct"] is False


@pytest.mark.skipif(not DOCUMENTS.is_dir(), reason="the documents (../shared/documents) are not available here")
def test_pasted_blocks_are_verbatim_in_the_document():
    text = re.sub(r"\s+", " ", (DOCUMENTS / "004_6a6382b038f5beb4.txt").read_text(encoding="utf-8"))
    for block in derivations.GERMAIN_BLOCKS:
        assert re.sub(r"\s+", " ", block) in text, block[:80]


def test_a_course_author_can_write_everything_in_latex():
    check = DerivationCheck(definition=r"\frac{1}{1 + e^{-a}}", variable="a")
    out = judge(check, [r"\frac{e^{-a}}{(1 + e^{-a})^2}", r"\sigma(a)(1 - \sigma(a))"])
    assert out.status is CaseStatus.PASS, out.message
    out = judge(check, [r"\frac{e^{a}}{(1 + e^{-a})^2}"])
    assert out.status is CaseStatus.FAIL and out.detail["first_broken"] == 0
