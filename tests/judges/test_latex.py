"""The LaTeX reader of derivation lines (oracle.judges.symbolic.latex)."""

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from oracle.judges.symbolic import LatexParseError, derivation_lines, parse_latex, parse_lines, sigmoid
from oracle.judges.symbolic.functions import expand_notation

a, x, y = sp.symbols("a x y", real=True)
f, h = sp.Function("f"), sp.Function("h")


def same(e1, e2, *symbols):
    """Equal after evaluating derivatives, checked at a few points with mpmath."""
    d = expand_notation(e1) - expand_notation(e2)
    if d == 0 or sp.expand(d) == 0:
        return True
    fn = sp.lambdify(symbols, d, modules="mpmath")
    with mpmath.workdps(30):
        return all(abs(fn(*[mpmath.mpf(v) + k for k in range(len(symbols))])) < 1e-20 for v in (0.3, -1.1, 2.2))


def test_reads_the_sigmoid_block_of_the_slides_line_by_line():
    block = (r"\begin{aligned}\sigma'(a) &= \frac{\partial}{\partial a} (1 + e^{-a})^{-1} \\ "
             r"&= -\frac{1}{(1 + e^{-a})^2} \left[-\frac{\partial}{\partial a} e^a \right] \\ "
             r"&= \sigma(a) (1 - \sigma(a))\end{aligned}")
    lhs, lines = derivation_lines(block)
    assert lhs == r"\sigma'(a)" and len(lines) == 3
    e0, e1, e2 = parse_lines(lines, symbols={"a": a})
    assert e0 == sp.Derivative(1 / (1 + sp.exp(-a)), a)
    assert same(e1, sp.exp(a) / (1 + sp.exp(-a)) ** 2, a)
    assert e2 == sigmoid(a) * (1 - sigmoid(a))


@pytest.mark.parametrize("text, expected", [
    (r"2h(x) \times 2", 4 * h(x)),
    (r"4(2x + 3)", 4 * (2 * x + 3)),
    (r"2\sigma(2a) - 1", 2 * sigmoid(2 * a) - 1),
    (r"\frac{e^{2a} - 1}{e^{2a} + 1}", (sp.exp(2 * a) - 1) / (sp.exp(2 * a) + 1)),
    (r"1 - \left(\tanh(a)\right)^2", 1 - sp.tanh(a) ** 2),
    (r"x \cdot y", x * y),
    (r"x * y", x * y),
    (r"\frac{\partial \tanh(a)}{\partial a}", sp.Derivative(sp.tanh(a), a)),
    (r"\frac{d}{dx} x^2", sp.Derivative(x ** 2, x)),
    (r"\frac{dy}{dx}", sp.Derivative(y, x)),
    (r"\frac{d}{2}", sp.Symbol("d", real=True) / 2),
    (r"\log(1 - x) + \ln x + \exp(a)", sp.log(1 - x) + sp.log(x) + sp.exp(a)),
    (r"\sqrt{x}", sp.sqrt(x)),
    (r"\max(0, a)", sp.Max(0, a)),
    ("σ(a) − 1", sigmoid(a) - 1),
    (r"= 2(x - y)", 2 * (x - y)),
    (r"&= 0.5 x", x / 2),
])
def test_reads_the_notation_of_the_documents(text, expected):
    got = parse_latex(text, symbols={"a": a, "x": x, "y": y}, functions={"h": h})
    assert sp.simplify(got - expected) == 0, (got, expected)


def test_primes_are_derivatives_at_a_point():
    got = parse_latex(r"4\sigma'(2a)", symbols={"a": a})
    assert isinstance(got.args[1], sp.Subs) or any(isinstance(t, sp.Subs) for t in got.args)
    assert same(got, 4 * sigmoid(2 * a) * (1 - sigmoid(2 * a)), a)
    assert same(parse_latex(r"f'(x)", symbols={"x": x}, functions={"f": f}).subs(f, sp.Lambda(y, y ** 3)),
                3 * x ** 2, x)


def test_evaluation_bars_and_derivatives_with_respect_to_a_function():
    got = parse_latex(r"\left[\frac{\partial f(a)}{\partial a} \right]_{a=h(x)} \frac{\partial h(x)}{\partial x}",
                      symbols={"x": x}, functions={"f": f, "h": h})
    assert sp.simplify(got.doit() - sp.diff(f(h(x)), x)) == 0
    chain = parse_latex(r"\frac{\partial f(h(x))}{\partial h(x)} \frac{\partial h(x)}{\partial x}",
                        symbols={"x": x}, functions={"f": f, "h": h})
    assert sp.simplify(chain.doit() - sp.diff(f(h(x)), x)) == 0
    bar = parse_latex(r"\left. x^2 \right|_{x=3}", symbols={"x": x})
    assert bar.doit() == 9


def test_names_accents_scripts_and_declared_functions():
    w = sp.Symbol("w^L_11", real=True)
    prev = sp.Symbol("a^{L-1}_1", real=True)
    got = parse_latex(r"a^{L-1}_1 * w^L_{11} + \hat{y} + \theta_k", symbols={"w^L_11": w, "a^{L-1}_1": prev})
    names = {s.name for s in got.free_symbols}
    assert w in got.free_symbols and prev in got.free_symbols and {"yhat", "theta_k"} <= names
    assert sp.latex(sp.Symbol("yhat")) == r"\hat{y}"
    cost = sp.Function("cost")
    got = parse_latex(r"cost'(a) + \text{relu}(a) + L_{\text{quad}}(a, 1)", symbols={"a": a},
                      functions={"cost": cost, "relu": sp.Lambda(x, sp.Max(0, x)),
                                 r"L_{\text{quad}}": sp.Lambda((x, y), (x - y) ** 2)})
    assert got.has(sp.Max) and got.has((a - 1) ** 2) and got.atoms(sp.Subs)
    assert parse_latex(r"\mathbb{1}_{a>0}", symbols={"a": a}).subs(a, 2) == 1


def test_a_symbol_followed_by_parentheses_is_a_product_unless_declared():
    assert parse_latex("a(x + 1)", symbols={"a": a, "x": x}) == a * (x + 1)
    assert parse_latex("h(x)", symbols={"x": x}, functions={"h": h}) == h(x)


def test_lines_share_the_callers_symbols_and_accept_sympy_and_pairs():
    positive = sp.Symbol("a", positive=True)
    lines = parse_lines([r"\frac{1}{a}", positive ** 2, (r"\sum_k a", 3 * positive)], symbols={"a": positive})
    assert lines == [1 / positive, positive ** 2, 3 * positive]


@pytest.mark.parametrize("text, fragment", [
    (r"\frac{1}{1 + e^{-a}", "expected '}' to close the denominator"),
    (r"2 \cdot", "ends too early"),
    ("(a + b", "expected ')'"),
    ("a = b", "one right-hand side"),
    (r"\foo(a)", r"unknown command '\foo'"),
    ("a # b", "unexpected character '#'"),
    ("x^23", "ambiguous exponent"),
    (r"\sigma'(a, b)", "primes need one argument"),
    (r"\frac{\partial}{\partial a}", "must be followed by what it differentiates"),
    (r"a \\ b", "starts a new line"),
    ("", "empty"),
])
def test_errors_name_the_line_the_column_and_the_reason(text, fragment):
    with pytest.raises(LatexParseError) as info:
        parse_latex(text, line=3)
    message = str(info.value)
    assert fragment in message and message.startswith(f"line 3 `{text}` does not parse")


def test_parse_lines_names_the_line_that_fails():
    with pytest.raises(LatexParseError) as info:
        parse_lines(["a + 1", r"\frac{a}{", "a"])
    assert info.value.line == 1 and str(info.value).startswith("line 1 `\\frac{a}{` does not parse")


def test_derivation_lines_refuses_a_row_without_its_equals_sign():
    with pytest.raises(LatexParseError, match="must start with '&='"):
        derivation_lines(r"\begin{aligned} f &= a \\ b \end{aligned}")
    lhs, lines = derivation_lines(r"f(x) = x^2 = x \cdot x")
    assert lhs == "f(x)" and lines == ["x^2", r"x \cdot x"]


# --- round trip: sympy's own LaTeX of random expressions reads back as the same expression --------

_atoms = st.sampled_from([a, x, sp.Integer(2), sp.Integer(3), sp.Rational(1, 2)])


def _combine(children):
    unary = st.tuples(st.sampled_from([sp.exp, sp.tanh, sigmoid, lambda e: -e, lambda e: e ** 2,
                                       lambda e: 1 / (1 + e ** 2), lambda e: sp.log(1 + e ** 2)]), children)
    binary = st.tuples(st.sampled_from([sp.Add, sp.Mul, lambda p, q: p / (2 + q ** 2), lambda p, q: p - q]),
                       children, children)
    return st.one_of(unary.map(lambda t: t[0](t[1])), binary.map(lambda t: t[0](t[1], t[2])))


@settings(max_examples=100, deadline=None)
@given(st.recursive(_atoms, _combine, max_leaves=8))
def test_round_trip_of_sympys_latex(expr):
    text = sp.latex(expr)
    got = parse_latex(text, symbols={"a": a, "x": x})
    assert same(got, expr, a, x), (text, got, expr)


# --- what `oracle check` needs of the reader ------------------------------------------------------

def test_named_functions_read_as_written():
    assert parse_latex(r"\operatorname{sigmoid}(a)", symbols={"a": a}) == sigmoid(a)
    assert parse_latex(r"\text{sigmoid}(2a)", symbols={"a": a}) == sigmoid(2 * a)
    assert parse_latex(r"sigmoid(a) - 1", symbols={"a": a}) == sigmoid(a) - 1


def test_a_parenthesised_superscript_numbers_a_layer_and_is_part_of_the_name():
    f3, f2 = sp.Function("f3"), sp.Function("f2")
    got = parse_latex(r"f^{(3)} \left(f^{(2)} (x) \right)", symbols={"x": x},
                      functions={"f^{(3)}": f3, "f^{(2)}": f2})
    assert got == f3(f2(x))
    assert str(parse_latex(r"W^{(k-1)}_{11}")) == "W^{(k-1)}_11"
    assert parse_latex(r"e^{\left(a + x\right)^{2}}", symbols={"a": a, "x": x}) == sp.exp((a + x) ** 2)


@pytest.mark.parametrize("text, column, reason", [
    (r"cost'(a)", 0, "unknown identifier 'cost'"),
    (r"dZ_n \cdot 2", 0, "unknown identifier 'dZ'"),
    (r"1 + \text{relu}(a)", 4, "unknown function 'relu'"),
])
def test_strict_mode_refuses_unknown_identifiers_at_their_column(text, column, reason):
    with pytest.raises(LatexParseError) as info:
        parse_latex(text, strict=True)
    assert info.value.column == column and reason in info.value.reason
    parse_latex(text.replace("'", "") if "relu" not in text else "1 + r(a)")  # not strict: a product, as before


@pytest.mark.parametrize("text, reason", [
    (r"\sum_k w_k", "indexed sum"),
    (r"1 + \dots + n", "ellipsis"),
    (r"x \leftarrow x - 1", "assignment"),
    (r"(f \circ h)(x)", "composition"),
    (r"\mathbf{W} x", "bold"),
    (r"W^T \delta", "transpose"),
    (r"x^{\top} y", "transpose"),
])
def test_notation_it_does_not_read_is_named(text, reason):
    with pytest.raises(LatexParseError) as info:
        parse_latex(text)
    assert reason in info.value.reason


def test_a_definition_with_colon_equals_splits_like_an_equality():
    lhs, lines = derivation_lines(r"\sigma(a) := \frac{1}{1 + e^{-a}} = (1 + e^{-a})^{-1}")
    assert lhs == r"\sigma(a)" and lines == [r"\frac{1}{1 + e^{-a}}", r"(1 + e^{-a})^{-1}"]
