"""What is in scope while a document is read: its definitions, bindings, values and assumptions.

A definition ``f(x) = …`` makes ``f`` a function for what follows (and for its paragraph: "where
f(x) = x²"); ``f = (u + v)w`` binds a symbol; ``u = 2`` gives it a value; ``oracle: assume``
bounds a symbol's draws.  Functions nobody defined are *generic* when their letter says so
(``f``, ``g``, ``h``, ``F``, ``L``, ``R``…, with any index: an identity in them must hold for
every function), *known* when their name is (σ, tanh, ReLU, the quadratic loss…), and otherwise
not functions at all (``a(b + c)`` is a product).  ``parse`` reads one member of a statement
under one *reading* (which definition each known function takes); ``Parsed`` carries the
sympy expression and what the judges need to evaluate it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from oracle.course.known import known, standard_readings
from oracle.judges.symbolic import Assumptions, LatexParseError, parse_latex
from oracle.judges.symbolic.latex import name_key

__all__ = ["Definition", "Binding", "Scope", "Reading", "function_names", "GENERIC_LETTERS", "MAX_READINGS"]

#: Letters that name functions in the documents' notation when applied (``f(x)``, ``L(r, y)``, ``f_k(a_k)``).
GENERIC_LETTERS = frozenset("fghFGHLRCJE") | {"ell", "varphi"}
#: At most this many readings of one statement (known functions with a document definition x variants).
MAX_READINGS = 8

_NAME = (r"(?P<base>\\(?:text|operatorname|mathrm|mathit|mathsf)\{[^{}]*\}|\\[A-Za-z]+|[A-Za-zσ])"
         r"(?P<scripts>(?:\^\{\([^{}]*\)\}|_\{(?:[^{}]|\{[^{}]*\})*\}|_[A-Za-z0-9])*)")
_CALL = re.compile(_NAME + r"\s*(?P<primes>'*)\s*(?:\\left\s*)?\(")


@dataclass
class Definition:
    """A function the document defined: ``name(params) = body`` at ``where``; ``problem`` when not understood."""

    key: str
    name: str
    params: tuple[sp.Symbol, ...]
    body: sp.Expr | None
    fn: Any
    where: str
    problem: str = ""
    reference: str = ""

    @property
    def as_lambda(self) -> sp.Lambda | None:
        return sp.Lambda(self.params, self.body) if self.body is not None else None


@dataclass
class Binding:
    """A symbol the document bound (``F = L(R(x), y)``), or one whose binding was not understood."""

    value: sp.Expr | None
    where: str
    problem: str = ""


@dataclass(frozen=True)
class Reading:
    """One way to read a statement: the function objects the parser uses, their definitions, and a label.

    ``labels`` names the choices made for known functions (empty when there was no choice).
    """

    functions: dict[str, Any]
    definitions: dict[Any, sp.Lambda]
    labels: tuple[str, ...] = ()


def function_names(text: str) -> dict[str, tuple[str, str]]:
    """Names applied like functions in ``text`` (``f(``, ``\\sigma'(``, ``L_{\\text{quad}}(``): key -> (as written, base)."""
    out: dict[str, tuple[str, str]] = {}
    for m in _CALL.finditer(text):
        base = m.group("base")
        if base in ("\\left", "\\right", "\\frac", "\\sqrt", "\\mathbb", "\\partial", "\\cdot", "\\times", "\\big",
                    "\\Big", "\\bigg", "\\Bigg") or base.startswith("\\begin"):
            continue
        raw = ("\\sigma" if base == "σ" else base) + m.group("scripts")
        letter = re.sub(r"^\\(text|operatorname|mathrm|mathit|mathsf)\{|\}$", "", base).lstrip("\\")
        out.setdefault(name_key(raw), (raw, "sigma" if base == "σ" else letter))
    return out


class Scope:
    """Definitions, bindings, values and assumptions of one file, as its statements are read in order."""

    def __init__(self) -> None:
        self.definitions: dict[str, Definition] = {}
        self.bindings: dict[sp.Symbol, Binding] = {}
        self.values: dict[sp.Symbol, sp.Expr] = {}
        self.intervals: dict[sp.Symbol, tuple[float, float]] = {}
        self.generic: dict[str, Any] = {}
        self.every_definition: list[Definition] = []
        self._versions: dict[str, int] = {}

    # --- what the document states ------------------------------------------------------------

    def define(self, key: str, name: str, params: tuple[sp.Symbol, ...], body: sp.Expr | None, where: str,
               problem: str = "", reference: str = "") -> Definition:
        """Record ``name(params) = body``; a redefinition gets a new function object (earlier uses keep theirs)."""
        version = self._versions.get(key, 0) + 1
        self._versions[key] = version
        fn = sp.Function(_function_name(key) + ("" if version == 1 else f"_{{v{version}}}"))
        d = Definition(key, name, params, body, fn, where, problem, reference)
        self.release(params)
        self.definitions[key] = d
        self.every_definition.append(d)
        # ``\frac{\partial L}{\partial w}`` after ``L(w) = …``: the bare name stands for the function at its parameters.
        k = known(key)
        if body is not None and not problem and (k is None or not k.bodies):
            try:
                bare = parse_latex(name)
            except LatexParseError:
                bare = None
            if isinstance(bare, sp.Symbol):
                self.bindings[bare] = Binding(fn(*params), where)
        return d

    def release(self, params: tuple[sp.Symbol, ...]) -> None:
        """A parameter is a fresh variable: ``L(ŷ, y) = …`` releases any binding or value of ŷ and y."""
        for p in params:
            self.bindings.pop(p, None)
            self.values.pop(p, None)

    def bind(self, symbol: sp.Symbol, value: sp.Expr | None, where: str, problem: str = "") -> None:
        self.bindings[symbol] = Binding(value, where, problem)
        self.values.pop(symbol, None)

    def give_value(self, symbol: sp.Symbol, value: sp.Expr) -> None:
        self.values[symbol] = value
        self.bindings.pop(symbol, None)

    # --- reading a statement -----------------------------------------------------------------

    def readings(self, texts: list[str], exclude: str = "") -> tuple[list[Reading], str]:
        """Every reading of the members ``texts`` (at most ``MAX_READINGS``), or ``([], why)`` when one cannot be read.

        ``exclude`` is a known function being defined: its own name is read with the reader's built-in meaning.
        """
        names: dict[str, tuple[str, str]] = {}
        for t in texts:
            names.update(function_names(t))
        fixed: dict[str, Any] = {}
        definitions: dict[Any, sp.Lambda] = {}
        choices: list[list[tuple[str, Any, sp.Lambda | None]]] = []
        for key, (raw, letter) in sorted(names.items()):
            if key == exclude:
                continue
            d = self.definitions.get(key)
            k = known(key)
            if d is not None and d.problem:
                return [], f"it uses {d.name}, whose definition ({d.where}) was not understood: {d.problem}"
            if d is not None and (k is None or not k.bodies):
                fixed[key] = d.fn
                definitions[d.fn] = d.as_lambda
            elif k is not None and k.bodies:
                options = [(label, fn, None) for label, fn, _ in standard_readings(k)]
                if d is not None:
                    options.insert(0, (f"the document's own definition of {d.name} ({d.where})", d.fn, d.as_lambda))
                choices.append([(lbl, (key, fn), lam) for lbl, fn, lam in options])
            elif k is not None:
                return [], f"{raw} ({k.title}) acts on vectors: its standard definition needs indexed sums"
            elif letter in GENERIC_LETTERS or letter.rstrip("'") in GENERIC_LETTERS:
                fixed[key] = self.generic.setdefault(key, sp.Function(_function_name(key)))
        for d in self.every_definition:  # functions that bindings and other definitions may bring in
            k = known(d.key)
            if not d.problem and d.fn not in definitions and (k is None or not k.bodies):
                definitions[d.fn] = d.as_lambda
        combos = list(itertools.product(*choices)) if choices else [()]
        if len(combos) > MAX_READINGS:
            combos = [tuple(c[0] for c in choices), tuple(c[-1] for c in choices)]
        out = []
        for combo in combos:
            functions, defs, labels = dict(fixed), dict(definitions), []
            for label, (key, fn), lam in combo:
                functions[key] = fn
                if lam is not None:
                    defs[fn] = lam
                labels.append(label)
            out.append(Reading(functions, defs, tuple(labels) if len(combos) > 1 else ()))
        return out, ""

    def name_of(self, fn: Any) -> str:
        """How the document writes a function it defined (``R_{v,w}``), else the function's own name."""
        return next((d.name for d in self.every_definition if d.fn == fn), str(fn))

    def parse(self, text: str, reading: Reading) -> sp.Expr:
        """One member under one reading (strict: an unknown word is an error at its column).

        A bare derivative operator followed by several factors (``\\frac{d}{dx} x e^{x}``) may apply to
        the next factor or to the whole product: both are read, and when they differ the member is
        refused as ambiguous rather than judged under a reading the author may not mean.
        """
        factor = parse_latex(text, functions=reading.functions, strict=True)
        if not _OPERATOR.search(text):
            return factor
        product = parse_latex(text, functions=reading.functions, strict=True, operator_scope="product")
        if product != factor and not _same(factor, product):
            column = _OPERATOR.search(text).start()
            raise LatexParseError("a derivative operator followed by a product: write \\frac{d}{dx}\\left(...\\right) "
                                  "around what it differentiates", text=text, column=column)
        return factor

    def assumptions(self, reading: Reading, exprs: list[sp.Expr], extra: dict[sp.Symbol, tuple[float, float]] | None = None
                    ) -> Assumptions:
        """The judges' assumptions for these expressions under this reading: bindings, values, intervals, functions."""
        bindings = tuple((s, b.value) for s, b in self.bindings.items() if b.value is not None and not b.problem)
        intervals = dict(self.intervals)
        base = Assumptions(bindings=bindings, functions=dict(reading.definitions))
        prepared = []
        for e in exprs:
            # The bodies of the functions it applies say where their arguments live (log(ŷ) asks ŷ > 0),
            # even once a derivative has removed the logarithm.
            applied = [lam(*node.args) for node in e.atoms(AppliedUndef)
                       if (lam := reading.definitions.get(node.func)) is not None and len(node.args) == len(lam.variables)]
            for item in [e, *applied]:
                try:
                    prepared.append(base.prepare(item))
                except Exception:
                    prepared.append(item)
        for sym, interval in infer_intervals(prepared).items():
            intervals.setdefault(sym, interval)
        intervals.update(extra or {})
        point = {s: v for s, v in self.values.items()}
        return Assumptions(intervals=intervals, point=point, bindings=bindings, functions=dict(reading.definitions))

    def unbound_problem(self, exprs: list[sp.Expr]) -> str:
        """Why a statement uses a binding that was not understood, or ''."""
        for e in exprs:
            for s in e.free_symbols:
                b = self.bindings.get(s)
                if b is not None and b.problem:
                    return f"it uses {s}, whose definition ({b.where}) was not understood: {b.problem}"
        return ""


_OPERATOR = re.compile(r"\\[dt]?frac\s*\{\s*(?:d|\\partial)\s*\}")


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    """The two readings of an operator's scope give the same value (derivatives evaluated)."""
    try:
        return sp.simplify(sp.expand(a.doit() - b.doit())) == 0
    except Exception:
        return False


def _function_name(key: str) -> str:
    return key.replace("^(", "^{(").replace(")", ")}") if "^(" in key else key


def infer_intervals(exprs: list[sp.Expr]) -> dict[sp.Symbol, tuple[float, float]]:
    """Where logarithms and square roots ask a symbol to be: ``log(ŷ)``, ``log(1 - ŷ)`` give ŷ in (0, 1).

    Only arguments linear in one symbol are read (``a·s + b > 0``); the interval is intersected
    with the default ``(-3, 3)`` and left out when empty.
    """
    low: dict[sp.Symbol, float] = {}
    high: dict[sp.Symbol, float] = {}
    for e in exprs:
        for node in sp.preorder_traversal(e):
            if isinstance(node, sp.log) or (isinstance(node, sp.Pow) and node.exp.is_Rational and not node.exp.is_integer):
                arg = node.args[0]
                syms = [s for s in arg.free_symbols if isinstance(s, sp.Symbol)]
                if len(syms) != 1:
                    continue
                s = syms[0]
                poly = sp.Poly(arg, s) if arg.is_polynomial(s) else None
                if poly is None or poly.degree() != 1:
                    continue
                a, b = (float(c) for c in poly.all_coeffs())
                bound = -b / a
                if a > 0:
                    low[s] = max(low.get(s, -3.0), bound)
                else:
                    high[s] = min(high.get(s, 3.0), bound)
    out = {}
    for s in set(low) | set(high):
        lo, hi = low.get(s, -3.0), high.get(s, 3.0)
        if lo < hi:
            out[s] = (lo, hi)
    return out


def parse_error_reason(exc: LatexParseError) -> str:
    """A parse error as a reason: what, and the column."""
    where = f" (column {exc.column + 1})" if exc.column is not None else ""
    return f"{exc.reason}{where}"
