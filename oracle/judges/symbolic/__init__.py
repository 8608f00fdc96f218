"""Symbolic derivations: the LaTeX reader, the σ vocabulary and the link-equality prover.

* ``oracle.judges.symbolic.latex``: ``parse_latex``, ``parse_lines``, ``derivation_lines``,
  ``LatexParseError`` (our own recursive-descent reader; see its docstring for why);
* ``oracle.judges.symbolic.functions``: ``sigmoid`` (the logistic σ), ``prime`` (f'(x)), ``at``
  (the evaluation bar), and the helpers that make undefined functions numeric;
* ``oracle.judges.symbolic.equality``: ``equal`` (Note [link equality]) and ``Assumptions``.
"""

from oracle.judges.symbolic.equality import Assumptions, Equality, equal
from oracle.judges.symbolic.functions import at, prime, sigmoid
from oracle.judges.symbolic.latex import LatexParseError, derivation_lines, parse_latex, parse_lines

__all__ = ["Assumptions", "Equality", "LatexParseError", "at", "derivation_lines", "equal", "parse_latex",
           "parse_lines", "prime", "sigmoid"]
