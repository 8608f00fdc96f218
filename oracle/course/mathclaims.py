"""Claims from math statements: a chain judged link by link, a known function's definition, a named reference.

Every claim is a ``ReadingsCheck`` over one ``DerivationCheck`` per reading of the statement
(``oracle.course.readings``), with the statement's own LaTeX as the lines (``(as written,
meaning)`` pairs, so reports quote the author).  Before a claim is made, what would make its
verdict meaningless is refused with a reason (``Unread``): a function applied with the wrong
number of arguments, a binding that was not understood, a derivative of something that does
not depend on its variable.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import sympy as sp
import torch
from hypothesis import strategies as st
from sympy.core.function import AppliedUndef

from oracle.checks.derivation import DerivationCheck
from oracle.checks.value import ValueCheck
from oracle.claims import Claim, Form, Kind, Source, claim
from oracle.course.ids import ClaimIds
from oracle.course.known import known, standard_readings
from oracle.course.readings import ReadingsCheck
from oracle.course.scope import Reading, Scope, parse_error_reason
from oracle.course.statements import Statement
from oracle.course.torchify import torch_function
from oracle.domains import reals
from oracle.judges.symbolic import Assumptions, LatexParseError
from oracle.judges.symbolic.functions import normalize_derivatives

__all__ = ["Unread", "chain", "known_definition", "reference_claim", "make_claim"]


class Unread(Exception):
    """A statement that is not understood; the message is the reason."""


def make_claim(st: Statement, ids: ClaimIds, family: str, kind: Kind, check: Any, latex: str, impl: Any) -> Claim:
    """The claim of one statement, quoting it where it is (section and line)."""
    section = f"{st.section} ({st.where})" if st.section else st.where
    return claim(ids(st.line, family, st.cell), kind=kind, family=family,
                 source=Source(document=st.file, section=section, quote=st.text), check=check,
                 printed=Form(latex, impl))


def _parse_all(scope: Scope, texts: list[str], reading: Reading) -> list[sp.Expr]:
    out = []
    for t in texts:
        try:
            out.append(scope.parse(t, reading))
        except LatexParseError as exc:
            raise Unread(f"{t.strip()}: {parse_error_reason(exc)}") from None
    return out


def _arity(exprs: list[sp.Expr], reading: Reading, scope: Scope) -> None:
    for e in exprs:
        for node in e.atoms(AppliedUndef):
            lam = reading.definitions.get(node.func)
            if lam is not None and len(node.args) != len(lam.variables):
                n = len(lam.variables)
                raise Unread(f"{scope.name_of(node.func)} is defined with {n} argument{'s' if n != 1 else ''} but "
                             f"applied to {len(node.args)} here")


def _vacuous(exprs: list[sp.Expr], assumptions: Assumptions) -> None:
    """Refuse a derivative of something that nothing in scope makes depend on its variable."""
    bind = Assumptions(bindings=assumptions.bindings)
    for e in exprs:
        try:
            node_tree = normalize_derivatives(bind.prepare(e))
            for fn, lam in assumptions.functions.items():
                node_tree = node_tree.replace(fn, lam)
        except Exception as exc:
            raise Unread(f"it cannot be evaluated with the definitions in scope ({type(exc).__name__}: {exc})") from None
        for node in sp.preorder_traversal(node_tree):
            if isinstance(node, sp.Derivative):
                for v, _ in node.variable_count:
                    if isinstance(v, sp.Symbol) and v not in node.expr.free_symbols:
                        raise Unread(f"it differentiates {sp.latex(node.expr)} with respect to {sp.latex(v)}, but "
                                     f"nothing in scope makes one depend on the other (the notation leaves the "
                                     f"dependence implicit)")


def _derivative_head(head: sp.Expr) -> tuple[sp.Expr, sp.Symbol | None]:
    """``f'(x)``, ``∂X/∂v`` (first order, a symbol): what is differentiated and the variable; else ``(head, None)``."""
    if isinstance(head, sp.Subs) and isinstance(head.expr, sp.Derivative) and len(head.variables) == 1:
        d, (t,), (x,) = head.expr, head.variables, head.point
        if isinstance(x, sp.Symbol) and d.variable_count == ((t, 1),):
            return d.expr.xreplace({t: x}), x
    if isinstance(head, sp.Derivative) and len(head.variable_count) == 1:
        v, n = head.variable_count[0]
        if n == 1 and isinstance(v, sp.Symbol):
            return head.expr, v
    return head, None


def _reference(definition: sp.Expr, variable: sp.Symbol | None, assumptions: Assumptions
               ) -> tuple[Callable[..., torch.Tensor] | None, dict[str, sp.Symbol]]:
    """torch of what is differentiated, when it maps to torch ops (autograd then cross-checks sympy's derivative)."""
    if variable is None or any(s == variable for s, _ in assumptions.bindings):
        return None, {}
    try:
        prepared = assumptions.prepare(definition)
    except Exception:
        return None, {}
    symbols = sorted(prepared.free_symbols, key=str)
    if variable not in symbols:
        return None, {}
    fn = torch_function(prepared, symbols)
    return (fn, {f"x{i}": s for i, s in enumerate(symbols)}) if fn is not None else (None, {})


def chain(st: Statement, scope: Scope, ids: ClaimIds, members: list[str], *, note: str = "") -> Claim:
    """``A = B = C …`` judged link by link, under each reading of its known functions."""
    if len(members) < 2:
        raise Unread("there is nothing to compare")
    readings, why = scope.readings(members)
    if not readings:
        raise Unread(why)
    checks, impls, labels, family = [], [], [], "derivation"
    for k, reading in enumerate(readings):
        exprs = _parse_all(scope, members, reading)
        _arity(exprs, reading, scope)
        problem = scope.unbound_problem(exprs)
        if problem:
            raise Unread(problem)
        assumptions = scope.assumptions(reading, exprs)
        _vacuous(exprs, assumptions)
        definition, variable = _derivative_head(exprs[0])
        if k == 0 and variable is not None and len(members) == 2:
            family = "derivative"
        reference, args = _reference(definition, variable, assumptions)
        checks.append(DerivationCheck(definition=definition, variable=variable, assumptions=assumptions,
                                      reference=reference, reference_args=args))
        impls.append([(m.strip(), e) for m, e in zip(members[1:], exprs[1:])])
        labels.append(", ".join(reading.labels))
    check = ReadingsCheck(tuple(checks), tuple(labels) if len(checks) > 1 else (), lead=note)
    return make_claim(st, ids, family, Kind.DERIVATION, check, " = ".join(m.strip() for m in members), tuple(impls))


def known_definition(st: Statement, scope: Scope, ids: ClaimIds, key: str, name: str,
                     params: tuple[sp.Symbol, ...]) -> Claim:
    """``σ(a) = …``: the document's definition against the standard one (every variant and argument order)."""
    k = known(key)
    rest = [m.strip() for m in st.members[1:]]
    readings, why = scope.readings(rest, exclude=key)
    if not readings:
        raise Unread(why)
    checks, impls, labels = [], [], []
    for label, fn, order in standard_readings(k):
        standard = fn(*params)
        for reading in readings:
            exprs = _parse_all(scope, rest, reading)
            _arity(exprs, reading, scope)
            intervals = {params[order[i]]: iv for i, iv in enumerate(k.intervals) if iv is not None}
            assumptions = scope.assumptions(reading, [standard, *exprs], extra=intervals)
            _vacuous(exprs, assumptions)

            def reference(_order=order, **kw: torch.Tensor) -> torch.Tensor:
                return k.torch(*[kw[f"x{_order[i]}"] for i in range(k.arity)])

            checks.append(DerivationCheck(definition=standard, variable=None, assumptions=assumptions,
                                          reference=reference, reference_args={f"x{i}": p for i, p in enumerate(params)}))
            impls.append([(m, e) for m, e in zip(rest, exprs)])
            labels.append(", ".join([label, *reading.labels]))
    lead = f"The document's definition of {name} differs from the standard {k.title}, ${k.latex}$."
    check = ReadingsCheck(tuple(checks), tuple(labels) if len(checks) > 1 else (), lead=lead, lead_on_first_link=True)
    return make_claim(st, ids, "definition", Kind.DEFINITION, check, " = ".join(m.strip() for m in st.members),
                      tuple(impls))


def _torch_callable(name: str) -> Callable[..., torch.Tensor] | None:
    parts = name.split(".")
    if parts[0] != "torch":
        return None
    obj: Any = torch
    for p in parts[1:]:
        obj = getattr(obj, p, None)
        if obj is None:
            return None
    return obj if callable(obj) else None


def reference_claim(st: Statement, scope: Scope, ids: ClaimIds, key: str, reference: str) -> Claim:
    """A definition that a directive names a torch reference for: its values against that reference."""
    d = scope.definitions[key]
    fn = _torch_callable(reference)
    if fn is None:
        raise Unread(f"the reference {reference!r} named by the directive is not a torch function")
    if d.body is None:
        raise Unread(f"its body is not understood: {d.problem}")
    readings, _ = scope.readings([st.members[1]])
    body = Assumptions(functions=dict(readings[0].definitions) if readings else {}).prepare(d.body)
    plain = sp.symbols(f"x0:{len(d.params)}")
    try:
        numpy_fn = sp.lambdify(plain, body.xreplace(dict(zip(d.params, plain))),
                               modules=[{"sigmoid": lambda x: 1 / (1 + np.exp(-x))}, "numpy"])
    except Exception as exc:
        raise Unread(f"its body cannot be evaluated ({type(exc).__name__}: {exc})") from None
    names = [str(p) for p in plain]

    def printed(**kw: Any) -> Any:
        return numpy_fn(*[kw[n] for n in names])

    def torch_reference(**kw: torch.Tensor) -> torch.Tensor:
        return fn(*[kw[n] for n in names])

    domain = lambda: st_dicts(names)  # noqa: E731
    check = ValueCheck(reference=torch_reference, domain=domain)
    return make_claim(st, ids, "definition", Kind.DEFINITION, check, " = ".join(m.strip() for m in st.members), printed)


def st_dicts(names: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Inputs of one shape (5 entries) for every name, drawn in [-5, 5]."""
    return st.fixed_dictionaries({n: reals(shape=(5,), low=-5.0, high=5.0) for n in names})
