"""Derivation claims: a formula derived over several printed lines, checked link by link.

A derivation is the list of successive right-hand sides a document prints under one
left-hand side (``σ'(a) = ∂/∂a (1 + e^{-a})^{-1} = ... = σ(a)(1 − σ(a))``), as sympy
expressions or LaTeX strings (read by ``oracle.judges.symbolic.latex``).  The check holds what
the derivation starts from (``definition``, differentiated with respect to ``variable``;
with ``variable=None`` the lines restate the definition itself), the symbols'
assumptions, and optionally a torch reference.

Lines are counted from 0.  Link 0 joins the truth (``d definition / d variable``) to
line 0; link ``i`` joins line ``i - 1`` to line ``i``.  Each link is decided by
``oracle.judges.symbolic.equality.equal`` (Note [link equality]): symbolically when sympy can,
numerically at random points with mpmath otherwise.  The last line is also compared
with the truth, so that a derivation whose wrong steps cancel (a *compensated*
derivation) is told apart from one whose result is wrong.  The truth itself is checked
against ``torch.autograd`` of the reference at a few points, so that the symbolic and
the numeric worlds of the harness agree.

Outcome: PASS when every link holds; FAIL when any link is broken, even when a later
broken link compensates (the document still prints a false equality); CRASH when a line
does not parse (the message names the line and the column); INCONCLUSIVE when a link
cannot be decided or the truth disagrees with autograd.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import mpmath
import sympy as sp
import torch
from hypothesis import strategies as st

from oracle.checks.base import CASE_TIME_LIMIT, ScalarFunction, crash
from oracle.checks.messages import Subject
from oracle.checks.narrative import conclusion, evidence
from oracle.checks.outcome import CaseStatus, Outcome
from oracle.judges.symbolic.equality import DIGITS, POINTS, RELATIVE_TOLERANCE, Assumptions, Equality, equal
from oracle.judges.symbolic.functions import MPMATH_FUNCTIONS, evaluate_notation, realize, undefined_functions
from oracle.judges.symbolic.latex import LatexParseError, parse_latex, parse_lines
from oracle.seeds import derive_seed
from oracle.tolerance import allowed

__all__ = ["DerivationCheck"]

def _latex(item: Any, expr: sp.Expr) -> str:
    """A line as the author wrote it (LaTeX strings are kept verbatim), else sympy's LaTeX."""
    if isinstance(item, str):
        return item.strip().strip("$").strip()
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
        return item[0].strip().strip("$").strip()
    return sp.latex(expr)


@dataclass(frozen=True)
class DerivationCheck:
    """Judge a derivation ``impl`` (a list of lines) link by link.

    Attributes:
        definition: what is differentiated (a sympy expression or a LaTeX string).
        variable: the variable of differentiation (a symbol or its name); ``None`` when the
            lines restate ``definition`` itself (``tanh(a) = (e^{2a} - 1)/(e^{2a} + 1) = 2σ(2a) - 1``).
        assumptions: sampling intervals, sum-to-one groups, fixed values and concrete
            functions (``oracle.judges.symbolic.Assumptions``).
        symbols: extra symbols LaTeX lines may name (the definition's own are always known).
        functions: names LaTeX lines may apply (``{"f": f, "L_{\\text{quad}}": sp.Lambda(...)}``).
        reference: optional torch function of the definition, called with ``reference_args``
            (keyword -> symbol) as float64 scalars; the truth is compared with its autograd
            derivative (or its value when ``variable`` is None) at ``autograd_points`` points.
        corrected: the corrected lines, when known, to name the fix of each broken link.
        points, digits, timeout: numeric points, mpmath digits, and the time limit of the
            full symbolic simplification of one link (seconds).
    """

    definition: Any
    variable: Any = None
    assumptions: Assumptions = field(default_factory=Assumptions)
    symbols: tuple[sp.Symbol, ...] = ()
    functions: Mapping[str, Any] = field(default_factory=dict)
    reference: Callable[..., torch.Tensor] | None = None
    reference_args: Mapping[str, sp.Symbol] = field(default_factory=dict)
    corrected: tuple[Any, ...] | None = None
    points: int = POINTS
    digits: int = DIGITS
    timeout: float = 1.0
    autograd_points: int = 4
    deterministic: bool = True
    time_limit: float = CASE_TIME_LIMIT
    domain: Callable[[], st.SearchStrategy[dict[str, Any]]] = field(default=lambda: st.just({}))

    # --- the runner's interface ---------------------------------------------------------

    def strategy(self, domain: Callable[[], st.SearchStrategy[dict[str, Any]]]) -> st.SearchStrategy[dict[str, Any]]:
        return st.just({"inputs": {}})

    def describe(self, case: Mapping[str, Any]) -> str:
        return (f"every printed line, symbolically (sympy) and at {self.points} random points "
                f"({self.digits}-digit mpmath)")

    # --- context --------------------------------------------------------------------------

    def _context(self) -> tuple[dict[str, sp.Symbol], dict[str, Any]]:
        symbols: dict[str, sp.Symbol] = {}
        definition = self.definition if not isinstance(self.definition, str) else sp.Integer(0)
        pool = set(sp.sympify(definition).free_symbols) | set(self.symbols) | set(self.reference_args.values())
        pool |= set(self.assumptions.intervals) | set(self.assumptions.point)
        pool |= {s for g in self.assumptions.simplices for s in g}
        for sym, value in self.assumptions.bindings:
            pool |= {sym} | set(sp.sympify(value).free_symbols)
        if isinstance(self.variable, sp.Symbol):
            pool.add(self.variable)
        for s in sorted(pool, key=lambda s: s.sort_key()):
            if isinstance(s, sp.Symbol):
                symbols[s.name] = s
        functions: dict[str, Any] = {fn.__name__: fn for fn in undefined_functions(definition)}
        for _, value in self.assumptions.bindings:
            functions.update({fn.__name__: fn for fn in undefined_functions(value)})
        for fn in list(self.assumptions.functions) + list(self.assumptions.instances):
            if hasattr(fn, "__name__"):
                functions.setdefault(fn.__name__, fn)
        functions.update(self.functions)
        return symbols, functions

    def truth(self) -> tuple[sp.Expr, sp.Expr, sp.Symbol | None]:
        """``(start, truth, variable)``: the unevaluated start (``Derivative(definition, x)``) and its value."""
        symbols, functions = self._context()
        definition = self.definition
        if isinstance(definition, str):
            definition = parse_latex(definition, symbols=symbols, functions=functions)
        variable = self.variable
        if isinstance(variable, str):
            known = {**{s.name: s for s in definition.free_symbols if isinstance(s, sp.Symbol)}, **symbols}
            if variable not in known:
                raise ValueError(f"the variable {variable!r} is not a symbol of the definition")
            variable = known[variable]
        if variable is None:
            return definition, evaluate_notation(self.assumptions.prepare(definition)), None
        start = sp.Derivative(definition, variable)
        # Prepared as the lines are (bindings give a derivative with respect to a bound symbol its meaning).
        return start, evaluate_notation(self.assumptions.prepare(start)), variable

    # --- judging --------------------------------------------------------------------------

    def _equal(self, left: sp.Expr, right: sp.Expr, seed: int, base_seed: int, cache: dict) -> Equality:
        try:
            return equal(left, right, self.assumptions, seed=seed, points=self.points, digits=self.digits,
                         timeout=self.timeout, instance_seed=base_seed, cache=cache)
        except Exception as exc:  # sympy on an exotic line: undecided, never a crash of the run
            return Equality(holds=None, method="none", symbolic=None, points=0, max_difference=float("nan"),
                            max_relative_difference=float("nan"),
                            note=f"the comparison raised {type(exc).__name__}: {exc}")

    def call(self, impl: Sequence[Any], case: Mapping[str, Any]) -> tuple[Any, str | None]:
        """A derivation is data (its lines), not code: calling it gives the lines."""
        return impl, None

    def scalar_function(self) -> ScalarFunction | None:
        return None

    def judge(self, impl: Sequence[Any], case: Mapping[str, Any], *, seed: int = 0,
              subject: Subject = Subject()) -> Outcome:
        where = subject.header("The derivation")
        if isinstance(impl, (str, sp.Basic)) or not isinstance(impl, Sequence) or not impl:
            return crash(f"{where}: a derivation is a non-empty list of lines (sympy expressions or LaTeX strings), "
                         f"got {type(impl).__name__}", judges=("sympy",))
        symbols, functions = self._context()
        try:
            lines = parse_lines(list(impl), symbols=symbols, functions=functions)
        except LatexParseError as exc:
            return crash(f"{where}: {exc}", judges=("latex",))
        try:
            start, truth, variable = self.truth()
        except (LatexParseError, ValueError) as exc:
            return crash(f"{where}: the definition does not parse: {exc}", judges=("latex",))
        texts = [_latex(item, expr) for item, expr in zip(impl, lines)]
        start_tex = sp.latex(start)
        corrected_tex = self._corrected(symbols, functions, len(lines))

        # Links: truth -> line 0, line i-1 -> line i.  The cache shares prepared and compiled lines.
        cache: dict = {}
        links: list[Equality] = []
        for i, line in enumerate(lines):
            left = start if i == 0 else lines[i - 1]
            links.append(self._equal(left, line, derive_seed(seed, "link", i), seed, cache))

        # Which lines are right (equal to the truth): propagated along holding links, computed otherwise.
        right: list[bool | None] = []
        previous: bool | None = True
        for i, link in enumerate(links):
            if link.holds is True:
                now = previous
            elif link.holds is False and previous is True:
                now = False
            else:
                now = self._equal(lines[i], start, derive_seed(seed, "line", i), seed, cache).holds
            right.append(now)
            previous = now
        if all(l.holds is True for l in links):
            final = Equality(holds=True, method="transitivity", symbolic=None, points=0, max_difference=0.0,
                             max_relative_difference=0.0)
        else:
            final = self._equal(lines[-1], start, derive_seed(seed, "final"), seed, cache)
        final_correct = final.holds
        broken = [i for i, l in enumerate(links) if l.holds is False]
        undecided = [i for i, l in enumerate(links) if l.holds is None]
        compensating = [i for i in broken if (right[i - 1] if i > 0 else True) is False and right[i] is True]
        compensated = bool(broken) and final_correct is True

        autograd = self._autograd(truth, variable, seed)

        detail = {
            "start": start_tex,
            "truth": sp.latex(truth),
            "lines": texts,
            "links": [self._link_detail(i, texts, start_tex, link, corrected_tex) for i, link in enumerate(links)],
            "first_broken": broken[0] if broken else None,
            "broken": broken,
            "undecided": undecided,
            "line_correct": right,
            "compensating_links": compensating,
            "compensated": compensated,
            "final_correct": final_correct,
            "final": {"holds": final.holds, "method": final.method, "points": final.points,
                      "max_difference": _json_float(final.max_difference)},
            "corrected_lines": corrected_tex,
            "autograd": autograd,
        }
        judges = ("sympy", "mpmath") + (("autograd",) if autograd.get("points") else ())
        common = dict(allowed=RELATIVE_TOLERANCE, mismatched=len(broken), total=len(links), judges=judges,
                      detail=detail)

        if autograd.get("agree") is False:
            return Outcome(status=CaseStatus.INCONCLUSIVE, message=(
                f"{where}: the truth {sp.latex(truth)} disagrees with torch.autograd of the reference "
                f"({autograd['note']}); the links are not judged against a truth that the judges dispute"), **common)

        if broken:
            i = broken[0]
            link = links[i]
            msg = [f"{where}: link {i} is broken: {self._link_name(i)} is not an equality",
                   f"  from: {start_tex if i == 0 else texts[i - 1]}",
                   f"  to:   {texts[i]}",
                   f"  why:  {evidence(detail['links'][i])}"]
            if corrected_tex and corrected_tex[i] is not None:
                msg.append(f"  corrected line {i}: {corrected_tex[i]}")
            later = broken[1:]
            if later:
                msg.append("Later broken links: " + ", ".join(f"{j} ({self._link_name(j)})" for j in later) + ".")
            if compensating:
                msg.append("Compensating link: " + ", ".join(str(j) for j in compensating) + ".")
            sentence, true_result = conclusion(detail)
            msg.append(sentence + (f" The true result is {true_result}." if true_result else ""))
            return Outcome(status=CaseStatus.FAIL, message="\n".join(msg),
                           max_abs_error=_nan(link.max_difference),
                           max_rel_error=_nan(link.max_relative_difference), worst=f"link {i}: {self._link_name(i)}",
                           printed_value=_nan(link.right_value), true_value=_nan(link.left_value), **common)
        if undecided:
            i = undecided[0]
            return Outcome(status=CaseStatus.INCONCLUSIVE, message=(
                f"{where}: link {i} ({self._link_name(i)}) could not be decided: {links[i].note}"),
                worst=f"link {i}: {self._link_name(i)}", **common)
        # Which links sympy proved within its time limit stays in the detail: the message (findings.csv)
        # must not depend on the machine's speed.
        summary = (f"all {len(links)} links hold (symbolically, or at {self.points} random points "
                   f"with {self.digits} digits)")
        if autograd.get("points"):
            summary += f"; the truth agrees with torch.autograd at {autograd['points']} points"
        worst = max(links, key=lambda l: _nan(l.max_relative_difference, -1.0))
        return Outcome(status=CaseStatus.PASS, message=summary, max_abs_error=_nan(worst.max_difference),
                       max_rel_error=_nan(worst.max_relative_difference), **common)

    # --- pieces ---------------------------------------------------------------------------

    def _link_name(self, i: int) -> str:
        if i == 0:
            return "the definition → line 0" if self.variable is None else "the definition's derivative → line 0"
        return f"line {i - 1} → line {i}"

    def _link_detail(self, i: int, texts: list[str], start_tex: str, link: Equality,
                     corrected: list[str | None] | None) -> dict[str, Any]:
        return {
            "index": i,
            "from": start_tex if i == 0 else texts[i - 1],
            "to": texts[i],
            "holds": link.holds,
            "method": link.method,
            "symbolic": link.symbolic,
            "points": link.points,
            "disagreeing": link.disagreeing,
            "max_difference": _json_float(link.max_difference),
            "max_relative_difference": _json_float(link.max_relative_difference),
            "worst_point": link.worst_point if link.holds is False else {},
            "left_value": _json_float(link.left_value) if link.holds is False else None,
            "right_value": _json_float(link.right_value) if link.holds is False else None,
            "corrected": (corrected[i] if corrected and link.holds is False else None),
            "note": link.note,
        }

    def _corrected(self, symbols: dict[str, sp.Symbol], functions: dict[str, Any], n: int) -> list[str | None] | None:
        if not self.corrected:
            return None
        try:
            exprs = parse_lines(list(self.corrected), symbols=symbols, functions=functions)
        except LatexParseError:
            return None
        texts: list[str | None] = [_latex(item, e) for item, e in zip(self.corrected, exprs)]
        if len(texts) != n:  # the correction does not line up with the printed lines: nothing to pair
            return None
        return texts

    def _autograd(self, truth: sp.Expr, variable: sp.Symbol | None, seed: int) -> dict[str, Any]:
        """The truth against torch.autograd of the reference (its value when there is no variable)."""
        if self.reference is None or self.autograd_points <= 0:
            return {}
        names = list(self.reference_args)
        syms = [self.reference_args[k] for k in names]
        wrt = None
        if variable is not None:
            wrt = next((k for k in names if self.reference_args[k] == variable), None)
            if wrt is None:
                return {"agree": False, "points": 0, "note": f"the reference has no argument for {variable}"}
        try:
            value = evaluate_notation(realize(truth, dict(self.assumptions.instances)))
            fixed = {k: sp.sympify(v) for k, v in self.assumptions.point.items() if k not in syms}
            value = value.subs(fixed) if fixed else value
            extra = sorted(value.free_symbols - set(syms), key=str)
            if extra:
                return {"agree": False, "points": 0,
                        "note": f"the reference takes no argument for {', '.join(map(str, extra))}"}
            plain = sp.symbols(f"x0:{len(syms)}")
            fn = sp.lambdify(plain, value.xreplace(dict(zip(syms, plain))), modules=[MPMATH_FUNCTIONS, "mpmath"],
                             dummify=False, cse=True, docstring_limit=0)
        except Exception as exc:
            return {"agree": False, "points": 0, "note": f"the truth cannot be evaluated: {type(exc).__name__}: {exc}"}
        rng = random.Random(derive_seed(seed, "autograd"))
        worst = {"excess": -float("inf")}
        for k in range(self.autograd_points):
            point = self.assumptions.draw(syms, rng)
            with mpmath.workdps(self.digits):
                try:
                    exact = float(fn(*[point[s] for s in syms]))
                except Exception as exc:
                    return {"agree": False, "points": k, "note": f"the truth cannot be evaluated: {exc}"}
            inputs = {n: torch.tensor(float(point[s]), dtype=torch.float64) for n, s in zip(names, syms)}
            try:
                if wrt is None:
                    with torch.no_grad():
                        got_t = self.reference(**inputs)
                    band = allowed(torch.tensor(exact, dtype=torch.float64))
                else:
                    from oracle.judges.autograd import vjp
                    res = vjp(self.reference, inputs, [wrt], torch.ones((), dtype=torch.float64),
                              seed=derive_seed(seed, "sens", k))
                    got_t = res.grads[wrt]
                    # scale 1: the upstream gradient, as for a VJP (Note [tolerance] in oracle.compare)
                    band = allowed(torch.tensor(exact, dtype=torch.float64), res.sensitivity[wrt], scale=1.0)
            except Exception as exc:
                return {"agree": False, "points": k, "note": f"the torch reference raised {type(exc).__name__}: {exc}"}
            got = float(got_t.reshape(()).item())
            diff = abs(got - exact)
            excess = diff - float(band)
            if excess > worst["excess"]:
                worst = {"excess": excess, "diff": diff, "band": float(band), "got": got, "exact": exact,
                         "at": {str(s): float(point[s]) for s in syms}}
        agree = worst["excess"] <= 0
        note = (f"largest difference {worst['diff']:.4g} (allowed {worst['band']:.4g}): sympy {worst['exact']!r}, "
                f"torch {worst['got']!r} at " + ", ".join(f"{k} = {v:.6g}" for k, v in worst["at"].items()))
        return {"agree": agree, "points": self.autograd_points, "max_difference": worst["diff"], "note": note}


def _nan(x: float, default: float = float("nan")) -> float:
    try:
        return default if x is None or x != x else float(x)
    except (TypeError, ValueError):
        return default


def _json_float(x: float) -> float | None:
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return None if x != x or x in (float("inf"), float("-inf")) else x
