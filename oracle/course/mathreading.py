"""Reading a document's math: each statement becomes a judged claim, a definition in scope, or "not understood".

In document order (Note [what a statement is]):

* ``NAME(params) = body`` defines a function for what follows, and for its paragraph ("where
  f(x) = x²"): a function known by name (σ, tanh, ReLU, the quadratic loss…) is judged against
  its standard definition (``ReadingsCheck`` over the standard variants); any other is recorded;
* ``symbol = value`` binds a symbol (``f = (u + v)w``), ``symbol = number`` gives it a value;
* any other chain ``A = B = C`` is judged link by link by ``DerivationCheck``; when its head is a
  derivative (``f'(x)``, ``\\frac{\\partial L}{\\partial w}``, ``\\frac{d}{dx} f(x)``), the truth is the
  derivative of what is in scope, cross-checked with torch.autograd where it maps to torch ops;
* a head that names a derivative the reader cannot write (``L'_{\\text{quad}}(\\hat{y}, y)``) names
  the chain that follows, which is judged.

A statement is "not understood", with its reason, when a member does not parse (the column is
given), when it uses a definition that was not understood, when it applies a function with the
wrong number of arguments, or when it differentiates a symbol that nothing in scope makes depend
on the variable (``\\frac{\\partial C}{\\partial w}`` with C undefined: the notation leaves the
dependence implicit, and reading it as 0 would judge nothing).  Nothing is guessed into a verdict.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import sympy as sp

from oracle.claims import Claim
from oracle.course.ids import ClaimIds
from oracle.course.known import known
from oracle.course.mathclaims import Unread as _Unread
from oracle.course.mathclaims import chain, known_definition, reference_claim
from oracle.course.scope import Scope, parse_error_reason
from oracle.course.sources import Directive, Extracted
from oracle.course.statements import Statement, statements
from oracle.judges.symbolic import LatexParseError, parse_latex
from oracle.judges.symbolic.latex import name_key

__all__ = ["Noted", "MathReading", "read_math", "FAMILIES"]

#: What a judged statement is (the claim's family), and the severity its finding will carry.
FAMILIES = {"definition": "error", "derivative": "error", "derivation": "error"}

_HEAD = re.compile(r"^(?P<name>(?:\\(?:text|operatorname|mathrm|mathit|mathsf)\{[^{}]*\}|\\[A-Za-z]+|[A-Za-zσ])"
                   r"(?:\^\{\([^{}]*\)\}|_\{(?:[^{}]|\{[^{}]*\})*\}|_[A-Za-z0-9])*)\s*(?P<primes>'*)"
                   r"(?P<scripts>(?:_\{(?:[^{}]|\{[^{}]*\})*\}|_[A-Za-z0-9])*)\s*(?:\\left\s*)?\((?P<params>.*?)"
                   r"(?:\\right\s*)?\)$", re.S)


@dataclass(frozen=True)
class Noted:
    """A statement that gave no claim: ``status`` "definition" (in scope, nothing to judge),
    "not understood" or "skipped" (by a directive), with the reason."""

    statement: Statement | Directive
    status: str
    reason: str


@dataclass
class MathReading:
    """The judged statements of a file (with their claims) and the others."""

    claims: list[tuple[Statement, Claim]] = field(default_factory=list)
    noted: list[Noted] = field(default_factory=list)


def read_math(extracted: Extracted, scope: Scope, ids: ClaimIds) -> MathReading:
    """Read every math statement of one file, in order, with ``scope`` carrying what is defined."""
    out = MathReading()
    items = statements(extracted)
    early: set[int] = set()
    paragraphs: set[int] = set()
    pending = {"skip": None, "reference": ""}
    for k, item in enumerate(items):
        if isinstance(item, Directive):
            _directive(item, scope, pending, out)
            continue
        if pending["skip"] is not None:
            out.noted.append(Noted(item, "skipped", f"skipped by the directive at line {pending['skip'].line}"))
            pending["skip"] = None
            continue
        if item.block not in paragraphs:  # the first statement of a paragraph: its "where" definitions first
            paragraphs.add(item.block)
            early |= _define_ahead(items, k, scope)
        if k in early:
            reference, pending["reference"] = pending["reference"], ""
            if reference:  # the definition was made ahead; the directive above it still names its reference
                try:
                    out.claims.append((item, reference_claim(item, scope, ids, _simple_definition(item)[0], reference)))
                except _Unread as exc:
                    out.noted.append(Noted(item, "not understood", str(exc)))
                continue
            out.noted.append(Noted(item, "definition", _defined_what(item)))
            continue
        try:
            made = _statement(item, scope, ids, pending)
        except _Unread as exc:
            out.noted.append(Noted(item, "not understood", str(exc)))
            continue
        if isinstance(made, Claim):
            out.claims.append((item, made))
        else:
            out.noted.append(Noted(item, "definition", made))
    return out


# --- directives ---------------------------------------------------------------------------

_INTERVAL = re.compile(r"^(?P<sym>.+?)\s*\\in\s*(?P<open>[(\[\]])\s*(?P<lo>[^,]+?)\s*,\s*(?P<hi>[^,]+?)\s*(?P<close>[)\]\[])$")
_BOUND = re.compile(r"^(?P<sym>[^<>]+?)\s*(?P<op>>|<|\\geq|\\leq|\\ge|\\le|\\gt|\\lt)\s*(?P<value>.+)$")


def _directive(d: Directive, scope: Scope, pending: dict, out: MathReading) -> None:
    if d.verb == "skip":
        pending["skip"] = d
    elif d.verb == "reference":
        pending["reference"] = d.argument.split()[0] if d.argument else ""
    elif d.verb == "assume":
        try:
            sym, interval = _assumption(d.argument)
        except (LatexParseError, ValueError, TypeError) as exc:
            out.noted.append(Noted(d, "not understood", f"the assumption does not read: {exc}"))
            return
        scope.intervals[sym] = interval
    else:
        out.noted.append(Noted(d, "not understood", f"unknown directive 'oracle: {d.verb}' (assume, skip, reference)"))


def _number(text: str) -> float:
    t = text.strip()
    if t in ("\\infty", "+\\infty", "∞"):
        return math.inf
    if t in ("-\\infty", "-∞"):
        return -math.inf
    return float(parse_latex(t))


def _assumption(text: str) -> tuple[sp.Symbol, tuple[float, float]]:
    """``y \\in (0,1)``, ``a > 0``, ``x \\leq 2``: a symbol and the interval its draws keep to."""
    m = _INTERVAL.match(text.strip())
    if m:
        lo, hi = _number(m.group("lo")), _number(m.group("hi"))
        sym = parse_latex(m.group("sym"))
    else:
        m = _BOUND.match(text.strip())
        if not m:
            raise ValueError(f"expected 'x \\in (a, b)' or 'x > a', got {text!r}")
        sym = parse_latex(m.group("sym"))
        value = _number(m.group("value"))
        lo, hi = (value, math.inf) if m.group("op") in (">", "\\geq", "\\ge", "\\gt") else (-math.inf, value)
    if not isinstance(sym, sp.Symbol):
        raise ValueError(f"{sym} is not a symbol")
    if math.isinf(lo) and math.isinf(hi):
        lo, hi = -3.0, 3.0
    elif math.isinf(lo):
        lo = hi - 6.0
    elif math.isinf(hi):
        hi = lo + 6.0 if lo != 0 else 4.0
    if not lo < hi:
        raise ValueError(f"the interval ({lo}, {hi}) is empty")
    return sym, (lo, hi)


# --- definitions --------------------------------------------------------------------------

def _head(text: str) -> tuple[str, str, list[str], str] | None:
    """``(key, name as written, parameter texts, primes)`` when ``text`` is ``NAME(p, q)``, else ``None``."""
    m = _HEAD.match(text.strip())
    if not m:
        return None
    params = _split_params(m.group("params"))
    if params is None:
        return None
    name = m.group("name") + m.group("scripts")
    return name_key(name if not name.startswith("σ") else "\\sigma"), name, params, m.group("primes")


def _split_params(text: str) -> list[str] | None:
    parts, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
            if depth < 0:
                return None
        elif c == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def _params(texts: list[str]) -> tuple[sp.Symbol, ...] | None:
    """Distinct symbols, or ``None`` when a parameter is an expression (``f(2x + 3)`` is a use, not a definition)."""
    out = []
    for t in texts:
        try:
            p = parse_latex(t, strict=True)
        except LatexParseError:
            return None
        if not isinstance(p, sp.Symbol) or p in out:
            return None
        out.append(p)
    return tuple(out) if out else None


def _simple_definition(st: Statement) -> tuple[str, str, tuple[sp.Symbol, ...]] | None:
    """A ``NAME(params) = body`` of a function that is not known by name (defined ahead in its paragraph)."""
    if st.problem or len(st.members) != 2:
        return None
    head = _head(st.members[0])
    if head is None or head[3] or known(head[0]) is not None:
        return None
    params = _params(head[2])
    return (head[0], head[1], params) if params else None


def _define_ahead(items: list, k: int, scope: Scope) -> set[int]:
    """Define the plain function definitions of the paragraph that starts at ``items[k]``; their indices."""
    block = items[k].block
    done = set()
    for j in range(k, len(items)):
        st = items[j]
        if isinstance(st, Directive):
            continue
        if st.block != block or st.file != items[k].file:
            break
        found = _simple_definition(st)
        if found:
            _define(st, scope, *found)
            done.add(j)
    return done


def _define(st: Statement, scope: Scope, key: str, name: str, params: tuple[sp.Symbol, ...], reference: str = ""
            ) -> str:
    readings, why = scope.readings([st.members[1]])
    if not readings:
        scope.define(key, name, params, None, st.where, problem=why)
        return f"defines {name} (its body is not understood: {why})"
    try:
        body = scope.parse(st.members[1], readings[0])
    except LatexParseError as exc:
        scope.define(key, name, params, None, st.where, problem=parse_error_reason(exc))
        return f"defines {name} (its body is not understood: {parse_error_reason(exc)})"
    scope.define(key, name, params, body, st.where, reference=reference)
    return f"defines {name}({', '.join(map(str, params))})"


def _defined_what(st: Statement) -> str:
    found = _simple_definition(st)
    return f"defines {found[1]} (in scope for its paragraph and what follows)" if found else "a definition"


# --- one statement ------------------------------------------------------------------------

def _statement(st: Statement, scope: Scope, ids: ClaimIds, pending: dict) -> Claim | str:
    """The claim a statement makes, or what it defines (a string); raises ``_Unread`` with the reason."""
    if st.problem:
        raise _Unread(st.problem)
    reference, pending["reference"] = pending["reference"], ""
    members = list(st.members)
    head = _head(members[0])
    if head is not None and not head[3]:
        params = _params(head[2])
        if params is not None:
            k = known(head[0])
            if k is not None and k.bodies and len(params) == k.arity:
                scope.release(params)
                made = known_definition(st, scope, ids, head[0], head[1], params)
                _define(st, scope, head[0], head[1], params, reference)
                return made
            # Any other function (softmax or the categorical cross-entropy written on scalars included: their
            # standard forms need indexed sums) is the document's own from here on.
            what = _define(st, scope, head[0], head[1], params, reference)
            if reference:
                return reference_claim(st, scope, ids, head[0], reference)
            return chain(st, scope, ids, members[1:]) if len(members) > 2 else what
    try:
        readings, why = scope.readings(members)
        first = scope.parse(members[0], readings[0]) if readings else None
    except LatexParseError as exc:
        if head is not None and head[3]:
            # ``L'_{\text{quad}}(\hat{y}, y) = \frac{\partial L_{quad}}{\partial \hat{y}} = …``: the head names the chain.
            if len(members) > 2:
                return chain(st, scope, ids, members[1:],
                             note=f"(Its left side {members[0].strip()} names the derivative that follows.)")
        raise _Unread(f"{members[0]}: {parse_error_reason(exc)}") from None
    if first is None:
        raise _Unread(why)
    if _is_name(first):
        if not isinstance(first, sp.Symbol):
            return chain(st, scope, ids, members[1:]) if len(members) > 2 else "names a quantity"
        try:
            value = scope.parse(members[1], readings[0])
        except LatexParseError as exc:  # later statements that use the symbol are not understood either
            scope.bind(first, None, st.where, problem=parse_error_reason(exc))
            raise _Unread(f"{members[1].strip()}: {parse_error_reason(exc)}") from None
        if len(members) == 2 and value.is_number:
            scope.give_value(first, value)
            return f"gives {first} the value {value}"
        if len(members) == 2:
            scope.bind(first, value, st.where)
            return f"binds {first}"
        try:
            return chain(st, scope, ids, members[1:])
        finally:
            scope.bind(first, value, st.where)  # bound after its own chain is read, as the document defines it
    return chain(st, scope, ids, members)


def _is_name(expr: sp.Expr) -> bool:
    r"""A symbol, or a symbol with a symbolic superscript (``\phi_K^\delta``): a name, not a claim."""
    return isinstance(expr, sp.Symbol) or (isinstance(expr, sp.Pow) and isinstance(expr.base, sp.Symbol)
                                           and isinstance(expr.exp, sp.Symbol))
