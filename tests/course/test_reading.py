"""The math reading: right statements hold, wrong ones are found, and what cannot be read says why."""

from pathlib import Path

import pytest

from oracle.checks.outcome import CaseStatus, Outcome
from oracle.course.readings import _choose
from tests.course.helpers import FIXTURES, check, observed


def claims_by_line(payload):
    return {(c["claim_id"].split("/", 1)[1]): c for c in payload["claims"]}


def reasons(payload):
    return {n["text"]: n["reason"] for n in payload["reading"]["not_understood"]}


def test_right_notes_hold_and_what_is_not_read_is_listed(tmp_path):
    code, out, err, payload = check(str(FIXTURES / "notes_right.md"), "--no-code", out_dir=tmp_path)
    assert code == 0 and "gate: PASS" in out and "Traceback" not in err
    assert observed(payload) == {"l3-definition": "holds", "l6-derivation": "holds", "l15-derivative": "holds",
                                 "l19-derivative": "holds", "l23-derivation": "holds"}
    why = reasons(payload)
    assert "indexed sum" in why["$z = \\sum_k w_k x_k$"]
    (implicit,) = [r for t, r in why.items() if t.startswith("$\\frac{\\partial C}")]
    assert "not understood" in implicit  # it uses z, whose definition was not read
    (f,) = payload["reading"]["files"]
    assert (f["found"], f["judged"], f["definitions"], f["not_understood"]) == (9, 5, 2, 2)


def test_wrong_notes_are_found_statement_by_statement(tmp_path):
    code, out, _, payload = check(str(FIXTURES / "notes_wrong.md"), "--no-code", out_dir=tmp_path)
    assert code == 1 and "gate: FAIL (4 new findings)" in out
    c = claims_by_line(payload)
    assert {k: v["observed"] for k, v in c.items()} == {
        "l3-definition": "erratum", "l6-derivation": "erratum", "l15-derivative": "erratum", "l19-derivative": "erratum"}
    assert "differs from the standard logistic sigmoid" in c["l3-definition"]["message"]
    # σ' is judged with the standard σ (the document's own σ explains less of it), and its first line is wrong
    assert "Read with the standard logistic sigmoid" in c["l6-derivation"]["message"]
    assert c["l6-derivation"]["detail"]["first_broken"] == 0
    loss = c["l15-derivative"]["detail"]
    assert loss["truth"].replace(" ", "") == r"-\frac{y}{\hat{y}}+\frac{1-y}{1-\hat{y}}"
    assert loss["autograd"]["agree"] is True  # the truth is cross-checked with torch.autograd of the definition
    assert c["l19-derivative"]["detail"]["truth"].replace(" ", "") == "3x^{2}+2"


def test_latex_slides_broken_and_compensating_links_skip_and_assignments(tmp_path):
    code, _, _, payload = check(str(FIXTURES / "slides.tex"), "--no-code", out_dir=tmp_path)
    assert code == 1
    c = claims_by_line(payload)
    assert c["l7-derivation"]["observed"] == "holds"
    wrong = c["l12-derivation"]
    assert wrong["observed"] == "erratum"
    assert (wrong["detail"]["broken"], wrong["detail"]["compensating_links"], wrong["detail"]["final_correct"]) == \
        ([0, 1], [1], True)
    assert (c["l16-derivative"]["observed"], c["l16-derivative-2"]["observed"]) == ("holds", "erratum")
    assert [s["text"] for s in payload["reading"]["skipped"]] == [r"\tanh'(a) = 2"]
    assert "assignment" in reasons(payload)["$w \\leftarrow w - \\eta g$"]


def test_plain_text_known_functions_right_and_wrong(tmp_path):
    _, _, _, payload = check(str(FIXTURES / "plain.txt"), "--no-code", out_dir=tmp_path)
    assert observed(payload) == {"l3-definition": "holds", "l3-derivative": "holds", "l5-definition": "holds",
                                 "l5-derivative": "erratum"}


def _notes(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "notes.md"
    path.write_text(text)
    return path


@pytest.mark.parametrize("text, reason", [
    (r"$\frac{\partial C}{\partial w} = x$", "nothing in scope makes one depend on the other"),
    (r"$R(x) = x^2$ and $\frac{\partial R(x, y)}{\partial x} = 2x$", "defined with 1 argument but applied to 2"),
    (r"$\frac{d}{dx} x e^{x} = e^{x} + x e^{x}$", "a derivative operator followed by a product"),
    ("$cost'(a) = 2a$", "unknown identifier 'cost'"),
    (r"$\sigma'(a) = \sum_k a_k$", "indexed sum"),
])
def test_what_cannot_be_read_is_never_judged(tmp_path, text, reason):
    _, _, _, payload = check(str(_notes(tmp_path, text)), "--no-code", out_dir=tmp_path / "r")
    assert payload["claims"] == [] or all(c["family"] != "derivative" for c in payload["claims"])
    assert any(reason in n["reason"] for n in payload["reading"]["not_understood"]), payload["reading"]


def test_definitions_are_in_scope_for_their_paragraph_and_what_follows(tmp_path):
    text = ("Here $F(x) = (2x + 3)^2$\n$= f(2x + 3)$ where $f(x) = x^2$\n$= f(h(x))$ where $h(x) = 2x + 3$.\n\n"
            r"$$\frac{\partial F(x)}{\partial x} = 2h(x) \times 2 = 4(2x + 3)$$" "\n\n"
            r"$$\frac{\partial F(x)}{\partial x} = 2h(x) = 4(2x + 3)$$" "\n")
    _, _, _, payload = check(str(_notes(tmp_path, text)), "--no-code", out_dir=tmp_path / "r")
    c = claims_by_line(payload)
    assert c["l1-derivation"]["observed"] == "holds"  # (2x+3)^2 = f(2x+3) = f(h(x)) with the "where" definitions
    assert c["l5-derivation"]["observed"] == "holds"
    assert c["l7-derivation"]["observed"] == "erratum"
    assert c["l7-derivation"]["detail"]["broken"] == [0, 1]


def test_an_assumption_bounds_the_draws_and_a_reference_judges_a_definition(tmp_path):
    text = ("<!-- oracle: assume x \\in (2, 3) -->\n\n$g(x) = \\log(x - 2)$ and $g'(x) = \\frac{1}{x - 2}$.\n\n"
            "<!-- oracle: reference torch.tanh -->\n\n$\\phi(a) = \\frac{e^{2a} - 1}{e^{2a} + 1}$\n\n"
            "<!-- oracle: reference torch.tanh -->\n\n$\\psi(a) = \\frac{e^{a} - 1}{e^{a} + 1}$\n")
    _, _, _, payload = check(str(_notes(tmp_path, text)), "--no-code", out_dir=tmp_path / "r")
    c = claims_by_line(payload)
    assert c["l3-derivative"]["observed"] == "holds"
    assert (c["l7-definition"]["observed"], c["l11-definition"]["observed"]) == ("holds", "erratum")


def test_a_statement_is_reported_under_the_reading_that_explains_most():
    def outcome(status, first=None):
        return Outcome(status=status, detail={"first_broken": first})

    assert _choose([outcome(CaseStatus.FAIL, 0), outcome(CaseStatus.PASS)]) == 1
    assert _choose([outcome(CaseStatus.FAIL, 0), outcome(CaseStatus.FAIL, 2)]) == 1
    assert _choose([outcome(CaseStatus.FAIL, 2), outcome(CaseStatus.FAIL, 2)]) == 0  # the document's own on a tie
    right_end = Outcome(status=CaseStatus.FAIL, detail={"first_broken": 0, "final_correct": True})
    assert _choose([outcome(CaseStatus.FAIL, 0), right_end]) == 1  # then the reading that ends right
    assert _choose([outcome(CaseStatus.FAIL, 0), outcome(CaseStatus.INCONCLUSIVE)]) == 1  # never blamed if undecided


@pytest.mark.parametrize("statement, right", [
    (r"$f'(x) = 3x^2 - 2$", True),
    (r"$f'(x) = 3x^2 + 2$", False),
    (r"$\frac{d}{dx} f(x) = 3x^2 - 2$", True),
    (r"$\frac{d}{dx} f(x) = 3x^2$", False),
    (r"$\frac{\partial g(x, y)}{\partial y} = x e^{x y}$", True),
    (r"$\frac{\partial g(x, y)}{\partial y} = y e^{x y}$", False),
])
def test_each_way_of_writing_a_derivative_is_judged_against_the_definition_in_scope(tmp_path, statement, right):
    text = f"$f(x) := x^3 - 2x$ and $g(x, y) := e^{{x y}}$.\n\n{statement}\n"
    _, _, _, payload = check(str(_notes(tmp_path, text)), "--no-code", out_dir=tmp_path / "r")
    (c,) = payload["claims"]
    assert c["family"] == "derivative" and c["observed"] == ("holds" if right else "erratum")
    assert c["detail"]["autograd"]["agree"] is True  # sympy's truth agrees with torch.autograd of the definition
