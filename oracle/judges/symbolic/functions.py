"""The symbolic vocabulary of derivations: the logistic σ, f'(x), [..]_{a=x}, and helpers.

Documents write σ(a) for the logistic function and σ'(2a) for its derivative at 2a;
``sigmoid`` is a sympy function that prints as σ, differentiates as σ(1 − σ) and
rewrites to ``1/(1 + e^{-a})`` when expressions are compared.  ``prime(f, x)`` is
the derivative of a one-argument function evaluated at ``x`` (``f'(x)``), and
``at(expr, {a: value})`` the evaluation bar ``[expr]_{a=value}``.

Undefined functions (``sympy.Function('f')``) are allowed in derivations: they are
compared symbolically as they are and, for the numeric fallback, replaced by concrete
functions (``realize``): the ones a claim supplies, or random smooth ones.
"""

from __future__ import annotations

import random
from typing import Any, Mapping

import sympy as sp
from sympy.core.function import AppliedUndef, UndefinedFunction

__all__ = ["sigmoid", "prime", "at", "normalize_derivatives", "evaluate_notation", "sigmoid_as_exp",
           "expand_notation", "realize", "MPMATH_FUNCTIONS",
           "random_function", "undefined_functions"]


class sigmoid(sp.Function):  # noqa: N801 (sympy convention: functions are lower case classes)
    """The logistic function σ(x) = 1 / (1 + e^{-x})."""

    nargs = 1

    @classmethod
    def eval(cls, x):
        if x.is_zero:
            return sp.S.Half
        return None

    def fdiff(self, argindex=1):
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, x, **kwargs):
        return 1 / (1 + sp.exp(-x))

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return True if self.args[0].is_real else None

    def _eval_evalf(self, prec):
        return (1 / (1 + sp.exp(-self.args[0])))._eval_evalf(prec)

    def _latex(self, printer, exp=None):
        inner = printer._print(self.args[0])
        base = rf"\sigma\left({inner}\right)"
        return rf"{base}^{{{exp}}}" if exp else base

    def _sympystr(self, printer):
        return f"sigma({printer._print(self.args[0])})"


def _mp_sigmoid(x):
    import mpmath

    return 1 / (1 + mpmath.exp(-x))


#: Implementations of this module's functions for ``sympy.lambdify(..., modules=[MPMATH_FUNCTIONS, "mpmath"])``.
MPMATH_FUNCTIONS = {"sigmoid": _mp_sigmoid}


def prime(fn: Any, x: sp.Expr, order: int = 1) -> sp.Expr:
    """``fn'(x)``: the derivative of the one-argument function ``fn`` evaluated at ``x``.

    ``fn`` is a sympy function class (``sigmoid``, ``sp.tanh``, ``sp.Function('f')``) or
    a ``sp.Lambda`` of one argument.  The result stays unevaluated (a ``Subs``), so it
    prints as the document prints it; ``doit()`` evaluates it.
    """
    t = sp.Dummy("t", real=True)
    body = fn(t)
    return sp.Subs(sp.Derivative(body, (t, order)), t, x)


def at(expr: sp.Expr, values: Mapping[sp.Symbol, Any]) -> sp.Expr:
    """``[expr]_{a=value, ...}``: ``expr`` with its symbols evaluated at ``values``, unevaluated."""
    keys = list(values)
    return sp.Subs(expr, keys, [sp.sympify(values[k]) for k in keys])


def normalize_derivatives(expr: sp.Expr) -> sp.Expr:
    """Rewrite derivatives taken with respect to expressions (``d L(f(x))/d f(x)``) as ``Subs``.

    sympy writes the chain rule through undefined functions as a derivative with respect to
    a function call; such a node cannot survive replacing the function by a concrete one,
    while the equivalent ``Subs(Derivative(L(ξ), ξ), ξ, f(x))`` can.
    """

    def bad(node: Any) -> bool:
        return isinstance(node, sp.Derivative) and any(not v.is_Symbol for v, _ in node.variable_count)

    def fix(node: sp.Derivative) -> sp.Expr:
        body, counts, olds, news = node.expr, [], [], []
        for v, c in node.variable_count:
            if v.is_Symbol:
                counts.append((v, c))
            else:
                d = sp.Dummy("xi")
                body = body.subs(v, d)
                counts.append((d, c))
                olds.append(d)
                news.append(v)
        return sp.Subs(sp.Derivative(body, *counts), olds, news)

    return expr.replace(bad, fix)


def evaluate_notation(expr: sp.Expr) -> sp.Expr:
    """Evaluate derivatives and evaluation bars (σ stays σ)."""
    out = normalize_derivatives(sp.sympify(expr)).doit()
    if out.has(sp.Heaviside):  # d max(0, a)/da; the value at 0 is a convention, never drawn
        out = out.replace(sp.Heaviside, lambda x, *h: sp.Piecewise((0, x < 0), (1, x > 0), (sp.S.Half, True)))
    return out


def sigmoid_as_exp(expr: sp.Expr) -> sp.Expr:
    """σ(x) written 1 / (1 + e^{-x})."""
    return expr.replace(sigmoid, lambda x: 1 / (1 + sp.exp(-x))).doit() if expr.has(sigmoid) else expr


def expand_notation(expr: sp.Expr) -> sp.Expr:
    """Evaluate derivatives and evaluation bars, and write σ with exponentials."""
    return sigmoid_as_exp(evaluate_notation(expr))


def undefined_functions(expr: sp.Expr) -> set[UndefinedFunction]:
    """The undefined function classes (``f``, ``h``, ``L``) that ``expr`` applies."""
    return {node.func for node in sp.sympify(expr).atoms(AppliedUndef)}


def random_function(nargs: int, rng: random.Random) -> sp.Lambda:
    """A smooth, generic function of ``nargs`` arguments with random rational coefficients.

    An identity between expressions in an undefined ``f`` must hold for every ``f``; a
    random nonlinear one makes a false identity show at random points.
    """
    args = sp.symbols(f"u0:{nargs}", real=True)

    def q() -> sp.Rational:
        return sp.Rational(rng.randint(-9, 9) or 1, rng.randint(2, 7))

    linear = sum(q() * u for u in args)
    other = sum(q() * u for u in args)
    body = q() + linear + q() * sp.sin(other + q()) + q() * sp.exp(q() * sum(args) / 3) + q() * linear ** 2
    return sp.Lambda(args, body)


def realize(expr: sp.Expr, functions: Mapping[Any, sp.Lambda]) -> sp.Expr:
    """Replace undefined functions by concrete ones and evaluate what that makes evaluable."""
    out = normalize_derivatives(sp.sympify(expr))
    for fn, concrete in functions.items():
        out = out.replace(fn, concrete)
    return out.doit()
