"""Building derivation claims: one printed chain of equalities, judged link by link by ``DerivationCheck``.

Each claim transcribes one printed derivation as the list of its successive right-hand
sides, wrong lines included (link 0 joins the true derivative to line 0, link i joins
line i - 1 to line i; lines are counted from 0).  Where the document prints its LaTeX,
the lines are the document's own LaTeX, read by ``oracle.judges.symbolic.latex`` (aligned
blocks are pasted verbatim from the documents and split with ``derivation_lines``);
notation the reader does not cover (``\\sum_k``) is given as a ``(printed LaTeX, sympy
meaning)`` pair.

Notation choices:

* σ is the logistic function (``oracle.judges.symbolic.sigmoid``), as in the derivations themselves
  (004's slide defines σ(a) = a/(1 + e^{-a}), a separate definition claim).
* Intermediate quantities (z, a, C, δ, t_1, ŷ_i) are symbols with *bindings*, substituted
  before comparing, so that a line prints ∂a/∂z as the document does.
* Generic functions (004's f, h, L; 000's cost) stay undefined sympy functions: the
  identities are proved for every f.  The numeric fallback and the autograd cross-check
  use the instances named beside them (σ, tanh, a quadratic loss), which the torch
  references compute with torch's own ops.
"""

from __future__ import annotations

import sympy as sp

from oracle import DerivationCheck, Form, Kind, Severity, Source, Status, claim

__all__ = ["symbol", "derivation"]


def symbol(name: str) -> sp.Symbol:
    """A real symbol."""
    return sp.Symbol(name, real=True)


def _line_tex(line) -> str:
    if isinstance(line, str):
        return line.strip()
    if isinstance(line, tuple):
        return line[0]
    return sp.latex(line)


def _chain_tex(lhs: str, lines) -> str:
    """The whole derivation as one LaTeX equality chain (the Form's LaTeX)."""
    return " = ".join([lhs] + [_line_tex(l) for l in lines])


def derivation(id: str, *, family: str, source: Source, lhs: str, printed, check: dict,
               corrected=None, explanation: str = "", beyond_document: bool = False,
               severity: Severity | None = None, cause: str = ""):
    """A derivation claim: ERRATUM with its corrected lines (and a severity) when ``corrected`` is given,
    HOLDS otherwise; ``cause`` groups it with the claims that share its mistake."""
    check = DerivationCheck(corrected=tuple(corrected) if corrected else None, **check)
    return claim(
        id,
        kind=Kind.DERIVATION,
        family=family,
        source=source,
        check=check,
        printed=Form(_chain_tex(lhs, printed), list(printed)),
        expect=Status.ERRATUM if corrected else Status.HOLDS,
        correction=Form(_chain_tex(lhs, corrected), list(corrected)) if corrected else None,
        explanation=explanation,
        beyond_document=beyond_document,
        severity=severity,
        cause=cause,
    )
