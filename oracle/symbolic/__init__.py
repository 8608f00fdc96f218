"""Symbolic derivations: the LaTeX reader, the σ vocabulary and the link-equality prover.

* ``oracle.symbolic.latex``: ``parse_latex``, ``parse_lines``, ``derivation_lines``,
  ``LatexParseError`` (our own recursive-descent reader; see its docstring for why);
* ``oracle.symbolic.functions``: ``sigmoid`` (the logistic σ), ``prime`` (f'(x)), ``at``
  (the evaluation bar), and the helpers that make undefined functions numeric;
* ``oracle.symbolic.equality``: ``equal`` (Note [link equality]) and ``Assumptions``.
"""

from oracle.symbolic.equality import Assumptions, Equality, equal
from oracle.symbolic.functions import at, prime, sigmoid
from oracle.symbolic.latex import LatexParseError, derivation_lines, parse_latex, parse_lines

__all__ = ["Assumptions", "Equality", "LatexParseError", "at", "derivation_lines", "equal", "parse_latex",
           "parse_lines", "prime", "sigmoid"]
