"""Is one line of a derivation equal to the next?  Symbolically first, numerically always.

Note [link equality]
--------------------
Two expressions ``a`` and ``b`` (after substituting the bindings, and evaluating their
unevaluated derivatives and evaluation bars) are compared in three steps:

1. *Cheap symbolic*: ``a - b`` is zero after ``expand`` or ``cancel``, first with σ kept
   as a function (chain rules through several layers stay small), then with σ, tanh,
   sinh and cosh written with exponentials.  These are fast and decide most textbook
   steps.  A difference that reduces to a nonzero constant is a symbolic refutation.
2. *Numeric*, at ``points`` random points (64 by default) drawn under the symbols'
   assumptions (positive symbols drawn positive, probabilities in (0, 1), groups that sum
   to one drawn on the simplex, fixed values substituted), evaluated with mpmath at
   ``digits`` significant digits (50).  A point agrees when
   ``|a - b| <= 1e-20 * max(1, |a|, |b|)``: thirty digits of headroom over the working
   precision, so cancellation in a correct line never looks like a difference and any
   real difference (a sign, a factor, e^{a} for e^{-a}) is many orders above it.
   Undefined functions (``f``, ``h``, ``L``) are replaced by the concrete functions the
   claim supplies or, failing that, by random smooth ones (an identity in ``f`` must
   hold for every ``f``).  Points where either side cannot be evaluated are skipped;
   fewer than half the points evaluable makes the numeric answer inconclusive.
3. *Full symbolic*: when step 1 failed and the numbers agree, ``sympy.simplify`` runs in
   a forked process under a time limit (``timeout`` seconds); a zero upgrades the
   numeric agreement to a proof.  When the numbers disagree it is not tried: a proof
   of zero would contradict the numbers, and a nonzero answer adds nothing.

Sum-to-one groups and fixed values are substituted in the symbolic steps (the last member
of a group becomes one minus the others).

Verdict: a symbolic proof that the numbers confirm -> holds ("symbolic"); numbers
agreeing without a proof -> holds ("numeric"); numbers disagreeing -> broken
("numeric", with the worst point); a proof the numbers contradict, or too few
evaluable points without a proof -> inconclusive (``holds is None``).
"""

from __future__ import annotations

import os
import random
import select
import signal
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import mpmath
import sympy as sp

from oracle.judges.symbolic.assumptions import Assumptions
from oracle.judges.symbolic.functions import (
    MPMATH_FUNCTIONS,
    evaluate_notation,
    random_function,
    realize,
    sigmoid,
    sigmoid_as_exp,
)
from oracle.tolerance import LINK_DIGITS, LINK_POINTS, LINK_RELATIVE_TOLERANCE

__all__ = ["Assumptions", "Equality", "equal", "RELATIVE_TOLERANCE", "DIGITS", "POINTS"]

#: Agreement at a point, working precision and points per check (Note [link equality]): oracle.tolerance.
RELATIVE_TOLERANCE, DIGITS, POINTS = LINK_RELATIVE_TOLERANCE, LINK_DIGITS, LINK_POINTS
@dataclass(frozen=True)
class Equality:
    """The answer for one link.

    ``holds`` is True, False, or None (inconclusive).  ``method`` says what decided:
    ``"symbolic"`` (a proof), ``"numeric"`` (random points), or ``"none"``.
    """

    holds: bool | None
    method: str
    symbolic: bool | None
    points: int
    max_difference: float
    max_relative_difference: float
    worst_point: dict[str, float] = field(default_factory=dict)
    left_value: float = float("nan")
    right_value: float = float("nan")
    disagreeing: int = 0
    note: str = ""


def _cheap_zero(diff: sp.Expr) -> bool | None:
    """True when ``diff`` is visibly zero; False when it is visibly a nonzero number; None otherwise."""
    if diff == 0:
        return True
    for simplifier in (sp.expand, lambda e: sp.cancel(sp.expand(e)), sp.cancel):
        try:
            out = simplifier(diff)
        except Exception:  # sympy can raise on exotic nodes (PolynomialError, ...): not decisive
            continue
        if out == 0:
            return True
        if out.is_number and not out.free_symbols:
            try:
                # A constant well above the numeric tolerance: not an identity.  (A tiny one may be
                # an unsimplified zero evaluated in floating point; the numbers decide it.)
                if abs(complex(sp.N(out, DIGITS))) > RELATIVE_TOLERANCE:
                    return False
            except (TypeError, ValueError):
                pass
    return None


def _simplified_to_zero(diff: sp.Expr) -> bool:
    out = sp.simplify(diff)
    if out != 0:
        out = sp.simplify(sp.expand(out.rewrite(sp.exp)))
    return out == 0


def simplify_is_zero(diff: sp.Expr, timeout: float) -> bool | None:
    """``sympy.simplify(diff) == 0`` within ``timeout`` seconds (None when it ran out or cannot tell).

    simplify runs in a child made with ``os.fork`` (not ``multiprocessing``, whose
    daemonic ``--jobs`` workers may not have children), killed when time runs out.
    """
    if timeout <= 0 or not hasattr(os, "fork"):  # no fork: simplify cannot be bounded; the numbers decide
        return None
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer with one byte, never return into the caller's code
        code = b"?"
        try:
            os.close(read_end)
            code = b"1" if _simplified_to_zero(diff) else b"0"
        except BaseException:
            pass
        finally:
            try:
                os.write(write_end, code)
            finally:
                os._exit(0)
    os.close(write_end)
    answer = b""
    try:
        ready, _, _ = select.select([read_end], [], [], timeout)
        if ready:
            answer = os.read(read_end, 1)
    finally:
        if not answer:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.waitpid(pid, 0)
        os.close(read_end)
    return True if answer == b"1" else None


def _to_float(x: Any) -> float:
    try:
        if isinstance(x, mpmath.mpc):
            return float(abs(x)) if abs(x.imag) > 0 else float(x.real)
        return float(x)
    except (TypeError, ValueError, OverflowError):
        return float("nan")


class _Compiled:
    """One side made numeric: its free symbols and an mpmath function of them."""

    def __init__(self, expr: sp.Expr):
        self.symbols = sorted(expr.free_symbols, key=lambda s: s.sort_key())
        # Plain argument names: lambdify would otherwise rename 'a^{L-1}_1' symbol by symbol (slow).
        plain = sp.symbols(f"x0:{len(self.symbols)}") if self.symbols else ()
        body = expr.xreplace(dict(zip(self.symbols, plain)))
        self.fn = sp.lambdify(plain, body, modules=[MPMATH_FUNCTIONS, "mpmath"], dummify=False, cse=True,
                              docstring_limit=0)

    def __call__(self, values: Mapping[sp.Symbol, Any]) -> Any:
        return self.fn(*[values[s] for s in self.symbols])


def _instances(exprs: Sequence[sp.Expr], assumptions: Assumptions, seed: int) -> dict[Any, Any]:
    """The concrete functions of the numeric check: the claim's instances, random smooth ones for the rest.

    Random ones depend only on ``seed`` and the function's name, so that every link of one
    derivation sees the same instance of ``f``.
    """
    funcs = dict(assumptions.instances)
    applied = set().union(*(sp.sympify(e).atoms(sp.core.function.AppliedUndef) for e in exprs))
    for fn in sorted({a.func for a in applied}, key=str):
        if fn not in funcs:
            nargs = next(len(a.args) for a in applied if a.func == fn)
            funcs[fn] = random_function(nargs, random.Random(f"{seed}|{fn}"))
    return funcs


def _numeric_form(expr: sp.Expr, assumptions: Assumptions, seed: int, cache: dict) -> _Compiled:
    """The evaluated line (shared with the symbolic step), generic functions made concrete, compiled."""
    key = ("numeric", expr, seed)
    if key not in cache:
        base = _symbolic_form(expr, assumptions, cache, False)
        if base.atoms(sp.core.function.AppliedUndef):
            base = evaluate_notation(realize(base, _instances([base], assumptions, seed)))
        cache[key] = _Compiled(base)
    return cache[key]


def _numeric(left: sp.Expr, right: sp.Expr, assumptions: Assumptions, rng: random.Random,
             points: int, digits: int, seed: int, cache: dict) -> dict[str, Any]:
    """Evaluate both sides at random points; the worst disagreement and how many points counted."""
    try:
        fl = _numeric_form(left, assumptions, seed, cache)
        fr = _numeric_form(right, assumptions, seed, cache)
    except Exception as exc:
        return {"points": 0, "note": f"the lines could not be made numeric: {type(exc).__name__}: {exc}"}
    symbols = sorted(set(fl.symbols) | set(fr.symbols) | set(assumptions.point)
                     | {s for g in assumptions.simplices for s in g}, key=lambda s: s.sort_key())
    worst: dict[str, Any] = {"rel": -1.0}
    counted = disagreeing = 0
    with mpmath.workdps(digits):
        for _ in range(points):
            values = assumptions.draw(symbols, rng)
            try:
                a = fl(values)
                b = fr(values)
                diff = abs(a - b)
                scale = max(mpmath.mpf(1), abs(a), abs(b))
            except (ZeroDivisionError, ValueError, OverflowError, TypeError, ArithmeticError):
                continue
            if not (mpmath.isfinite(diff) and mpmath.isfinite(scale)):
                continue
            counted += 1
            rel = float(diff / scale)
            disagreeing += rel > RELATIVE_TOLERANCE
            if rel > worst["rel"]:
                worst = {"rel": rel, "abs": float(diff), "a": a, "b": b, "at": values}
    if counted == 0:
        return {"points": 0, "note": "no random point could be evaluated on both sides"}
    shown = set(fl.symbols) | set(fr.symbols)
    return {
        "points": counted,
        "disagreeing": disagreeing,
        "agree": worst["rel"] <= RELATIVE_TOLERANCE,
        "max_difference": worst["abs"],
        "max_relative_difference": worst["rel"],
        "worst_point": {str(k): float(v) for k, v in sorted(worst["at"].items(), key=lambda kv: str(kv[0]))
                        if k in shown},
        "left_value": _to_float(worst["a"]),
        "right_value": _to_float(worst["b"]),
        "note": "",
    }


def _symbolic_form(expr: sp.Expr, assumptions: Assumptions, cache: dict, exp: bool) -> sp.Expr:
    """The evaluated line (σ kept, or written with exponentials when ``exp``), constraints substituted."""
    key = ("symbolic", expr, exp)
    if key not in cache:
        if exp:
            out = sigmoid_as_exp(_symbolic_form(expr, assumptions, cache, False))
            if out.has(sp.tanh, sp.sinh, sp.cosh):
                out = out.rewrite(sp.exp)
            cache[key] = out
        else:
            cache[key] = assumptions.symbolic(evaluate_notation(expr))
    return cache[key]


def _symbolic_proof(left: sp.Expr, right: sp.Expr, assumptions: Assumptions, cache: dict) -> tuple[Any, bool | None]:
    """The cheap symbolic step: first with σ kept as a function (chain rules stay small), then with exponentials."""
    diff, proof = None, None
    for exp in (False, True):
        a = _symbolic_form(left, assumptions, cache, exp)
        b = _symbolic_form(right, assumptions, cache, exp)
        diff = a - b
        proof = _cheap_zero(diff)
        if proof is not None or not (a.has(sigmoid, sp.tanh, sp.sinh, sp.cosh) or b.has(sigmoid, sp.tanh, sp.sinh, sp.cosh)):
            break
    return diff, proof


def _prepared(expr: sp.Expr, assumptions: Assumptions, cache: dict) -> sp.Expr:
    key = ("prepared", expr)
    if key not in cache:
        cache[key] = assumptions.prepare(expr)
    return cache[key]


def equal(left: sp.Expr, right: sp.Expr, assumptions: Assumptions = Assumptions(), *, seed: int = 0,
          points: int = POINTS, digits: int = DIGITS, timeout: float = 1.0, instance_seed: int | None = None,
          cache: dict | None = None) -> Equality:
    """Decide whether ``left == right`` under ``assumptions`` (Note [link equality]).

    ``seed`` drives the random points; ``instance_seed`` (default ``seed``) the random instances of
    generic functions.  ``cache`` (a dict) lets the links of one derivation share their prepared,
    expanded and compiled lines; it must not be shared across different ``assumptions``.
    """
    cache = {} if cache is None else cache
    instance_seed = seed if instance_seed is None else instance_seed
    rng = random.Random(seed)
    try:
        left, right = _prepared(left, assumptions, cache), _prepared(right, assumptions, cache)
    except Exception as exc:
        return Equality(holds=None, method="none", symbolic=None, points=0, max_difference=float("nan"),
                        max_relative_difference=float("nan"),
                        note=f"the bindings or function definitions could not be substituted: "
                             f"{type(exc).__name__}: {exc}")
    try:
        diff, proof = _symbolic_proof(left, right, assumptions, cache)
    except Exception as exc:
        diff, proof = None, None
        early_note = f"symbolic evaluation failed ({type(exc).__name__}: {exc}); "
    else:
        early_note = ""
    num = _numeric(left, right, assumptions, rng, points, digits, instance_seed, cache)
    counted = num["points"]
    enough = counted >= max(1, points // 2)
    if proof is None and diff is not None and enough and num["agree"]:
        proof = simplify_is_zero(diff, timeout)
    common = dict(points=counted, max_difference=num.get("max_difference", float("nan")),
                  max_relative_difference=num.get("max_relative_difference", float("nan")),
                  worst_point=num.get("worst_point", {}), left_value=num.get("left_value", float("nan")),
                  right_value=num.get("right_value", float("nan")), disagreeing=num.get("disagreeing", 0))
    note = early_note + num.get("note", "")
    if proof is True:
        if enough and not num["agree"]:
            return Equality(holds=None, method="none", symbolic=True,
                            note=note + "sympy simplifies the difference to zero but the numbers disagree", **common)
        return Equality(holds=True, method="symbolic", symbolic=True, note=note, **common)
    if proof is False:
        return Equality(holds=False, method="symbolic", symbolic=False, note=note, **common)
    if not enough:
        return Equality(holds=None, method="none", symbolic=None,
                        note=note or f"only {counted} of {points} random points could be evaluated", **common)
    return Equality(holds=bool(num["agree"]), method="numeric", symbolic=None, note=note, **common)
