"""Checks: how each kind of claim is judged.

A check owns the torch reference and the input domain of a claim and exposes

* ``strategy(domain)``: a hypothesis strategy of cases drawn from ``domain``
  (the claim's main domain or its condition's);
* ``judge(impl, case, *, seed) -> Outcome``: one form judged on one case;
* ``describe(case) -> str``: the case as a reader would type it;
* ``deterministic``: true when one case says everything (figures, derivations).
"""

from oracle.checks.derivation import DerivationCheck
from oracle.checks.figure import FigureCheck
from oracle.checks.value import ValueCheck
from oracle.checks.vjp import VJPCheck

__all__ = ["DerivationCheck", "FigureCheck", "ValueCheck", "VJPCheck"]
