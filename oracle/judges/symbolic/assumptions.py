"""What the symbols and functions of a derivation stand for: intervals, simplices, fixed values,
bindings of intermediate quantities, and concrete functions (``Assumptions``)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import mpmath
import sympy as sp

from oracle.judges.symbolic.functions import realize
from oracle.tolerance import LINK_DIGITS as DIGITS

__all__ = ["Assumptions", "REAL_INTERVAL", "POSITIVE_INTERVAL"]

#: Default sampling interval of a real symbol with no stated interval.
REAL_INTERVAL = (-3.0, 3.0)
#: Default sampling interval of a positive symbol with no stated interval.
POSITIVE_INTERVAL = (0.125, 4.0)


@dataclass(frozen=True)
class Assumptions:
    """What the symbols and functions of a derivation stand for.

    Attributes:
        intervals: open sampling interval per symbol (``{yhat: (0, 1)}`` for a probability).
            Symbols without one are drawn from ``REAL_INTERVAL``, or ``POSITIVE_INTERVAL``
            when the symbol is declared positive.
        simplices: groups of symbols that are probabilities summing to one
            (``((y1, y2, y3),)``).  Symbolically the last of a group is replaced by
            one minus the others; numerically the group is drawn on the open simplex.
        point: symbols fixed to values everywhere (``{u: 2, v: 3, w: 4}``).
        bindings: intermediate quantities, ``((z, w*x + b), (a, sigmoid(z)), ...)``, in any
            order: substituted into every line before comparing, so that a line may print
            ``∂a/∂z`` as the document does (see ``_bind`` for what a partial derivative with
            respect to a bound symbol means).
        functions: what named functions *are*, ``{f: sp.Lambda(t, t**2)}``: substituted
            everywhere, symbolically too.
        instances: concrete instances of *generic* functions, ``{f: sp.Lambda(t, sigmoid(t))}``:
            used only by the numeric check and the autograd cross-check, so that an identity
            in ``f`` is still proved for every ``f``.  Generic functions without an instance
            get random smooth ones.
    """

    intervals: Mapping[sp.Symbol, tuple[float, float]] = field(default_factory=dict)
    simplices: tuple[tuple[sp.Symbol, ...], ...] = ()
    point: Mapping[sp.Symbol, Any] = field(default_factory=dict)
    bindings: tuple[tuple[sp.Symbol, Any], ...] = ()
    functions: Mapping[Any, Any] = field(default_factory=dict)
    instances: Mapping[Any, Any] = field(default_factory=dict)

    def prepare(self, expr: Any) -> sp.Expr:
        """``expr`` with the bindings and the function definitions substituted (not yet evaluated)."""
        out = sp.sympify(expr)
        if self.bindings:
            out = _bind(out, {s: sp.sympify(v) for s, v in self.bindings}, frozenset(), 0)
        if self.functions:
            out = realize(out, self.functions)
        return out

    def symbolic(self, expr: sp.Expr) -> sp.Expr:
        """``expr`` with fixed values and sum-to-one constraints substituted."""
        subs = {k: sp.sympify(v) for k, v in self.point.items()}
        for group in self.simplices:
            subs[group[-1]] = 1 - sum(group[:-1])
        return expr.subs(subs) if subs else expr

    def _fixed(self) -> dict[sp.Symbol, Any]:
        return {s: mpmath.mpmathify(str(sp.N(sp.sympify(v), DIGITS + 10))) for s, v in self.point.items()}

    def draw(self, symbols: Sequence[sp.Symbol], rng: random.Random) -> dict[sp.Symbol, Any]:
        """One random point for ``symbols`` (mpmath numbers), respecting the assumptions."""
        values: dict[sp.Symbol, Any] = {}
        for group in self.simplices:
            weights = [rng.expovariate(1.0) + 1e-3 for _ in group]
            total = sum(mpmath.mpf(w) for w in weights)
            for s, w in zip(group, weights):
                values[s] = mpmath.mpf(w) / total
        values.update(self._fixed())
        for s in symbols:
            if s in values:
                continue
            if s in self.intervals:
                lo, hi = self.intervals[s]
            elif s.is_positive:
                lo, hi = POSITIVE_INTERVAL
            elif s.is_nonnegative:
                lo, hi = 0.0, POSITIVE_INTERVAL[1]
            else:
                lo, hi = REAL_INTERVAL
            # Strictly inside the open interval, with a random 53-bit mantissa.
            u = rng.random()
            while u == 0.0:
                u = rng.random()
            values[s] = mpmath.mpf(lo) + (mpmath.mpf(hi) - mpmath.mpf(lo)) * mpmath.mpf(u)
        return values


_MAX_BINDING_DEPTH = 64


def _bind(expr: sp.Expr, values: Mapping[sp.Symbol, sp.Expr], keep: frozenset, depth: int) -> sp.Expr:
    """Substitute bound symbols, with the meaning of a partial derivative in the document's notation.

    ``∂X/∂v`` with ``v`` free: every binding is substituted into ``X`` before differentiating
    (``∂C/∂w`` follows ``C`` through ``a`` and ``z`` down to ``w``).  With ``v`` bound
    (``∂C/∂z_1``), ``X`` is expanded *except* for ``v`` itself, differentiated with respect to
    ``v``, and the result evaluated at ``v``'s value: the other intermediate quantities are
    held at their values, as the document's partial derivatives mean.  (sympy's own ``subs``
    into a derivative evaluates after differentiating, which would lose the dependence of
    ``X`` on ``v`` through other bound symbols.)
    """
    if depth > _MAX_BINDING_DEPTH:
        raise RecursionError("the bindings refer to each other in a cycle")
    if isinstance(expr, sp.Symbol):
        if expr in values and expr not in keep:
            return _bind(values[expr], values, keep, depth + 1)
        return expr
    if not expr.args:
        return expr
    if isinstance(expr, sp.Derivative):
        bound = [v for v, _ in expr.variable_count if isinstance(v, sp.Symbol) and v in values]
        inner = _bind(expr.expr, values, keep | frozenset(bound), depth + 1)
        out = sp.Derivative(inner, *expr.variable_count)
        if bound:
            out = sp.Subs(out, bound, [_bind(values[v], values, keep, depth + 1) for v in bound])
        return out
    if isinstance(expr, sp.Subs):
        local = frozenset(expr.variables)
        inner = _bind(expr.expr, values, keep | local, depth + 1)
        point = [_bind(p, values, keep, depth + 1) for p in expr.point]
        return sp.Subs(inner, expr.variables, point)
    args = [_bind(a, values, keep, depth + 1) for a in expr.args]
    return expr.func(*args) if any(n is not o for n, o in zip(args, expr.args)) else expr


