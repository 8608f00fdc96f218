"""From a piece of math to its statements: rows, separators, relations."""

import pytest

from oracle.course.equations import equations
from oracle.course.sources import Extracted, Fragment
from oracle.course.statements import statements


def members(body):
    return [(e.members, e.continues, " ".join(e.problem.split()[:2])) for e in equations(body)]


@pytest.mark.parametrize("body, expected", [
    ("a = b = c", [(("a", "b", "c"), False, "")]),
    (r"f = t_1 w, \quad t_1 = u + v", [(("f", "t_1 w"), False, ""), (("t_1", "u + v"), False, "")]),
    (r"k = 1, 2, \dots, K", [(("k", r"1, 2, \dots, K"), False, "")]),
    (r"\begin{aligned} a &= b \\ &= c \end{aligned}", [(("a", "b"), False, ""), (("", "c"), True, "")]),
    (r"\begin{array}{l} z = w \\ a = \sigma(z) \end{array}", [(("z", "w"), False, ""), (("a", r"\sigma(z)"), False, "")]),
    (r"\left[\frac{\partial f(a)}{\partial a}\right]_{a=h(x)} = g", [((r"\left[\frac{\partial f(a)}{\partial a}\right]_{a=h(x)}", "g"), False, "")]),
    (r"w \leftarrow w - \eta g", [(("w", r"w - \eta g"), False, "an assignment")]),
    (r"\mathbf{W} = \begin{bmatrix} a & b \end{bmatrix}", [((r"\mathbf{W} = \begin{bmatrix} a & b \end{bmatrix}",), False, "a matrix")]),
    (r"\sigma", []),
    (r"\sigma(a) := \frac{1}{1 + e^{-a}}", [((r"\sigma(a)", r"\frac{1}{1 + e^{-a}}"), False, "")]),
])
def test_statements_of_a_fragment(body, expected):
    assert members(body) == expected


def test_a_continuation_extends_the_main_chain_not_an_aside():
    frag = lambda line, text, starts=True: Fragment("f.txt", line, text, text.strip("$"), False, 0, starts_line=starts)
    ex = Extracted("p", "f.txt", "text", items=[
        frag(1, "$F(x) = (2x + 3)^2$", starts=False),
        frag(2, "$= f(2x + 3)$"), frag(2, "$f(x) = x^2$", starts=False),
        frag(3, "$= f(h(x))$"), frag(3, "$h(x) = 2x + 3$", starts=False)])
    sts = statements(ex)
    assert [s.members for s in sts] == [("F(x)", "(2x + 3)^2", "f(2x + 3)", "f(h(x))"), ("f(x)", "x^2"), ("h(x)", "2x + 3")]
    assert sts[0].text == "$F(x) = (2x + 3)^2$ … $= f(2x + 3)$ … $= f(h(x))$"


def test_a_continuation_that_follows_nothing_is_not_understood():
    ex = Extracted("p", "f.txt", "text", items=[Fragment("f.txt", 1, "$= 2$", "= 2", False, 0)])
    (st,) = statements(ex)
    assert "no statement precedes it" in st.problem
