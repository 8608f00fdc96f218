"""Checks: how each kind of claim is judged (the ``Check`` protocol is in ``oracle.checks.base``).

``VJPCheck`` (backward and algorithm claims), ``ValueCheck`` (definitions, stability),
``FigureCheck`` (printed numbers), ``ListingCheck`` (code as printed, run end to end in a
subprocess) and ``DerivationCheck`` (derivations, imported on first access because it needs sympy).
"""

from typing import Any

from oracle.checks.base import Check, ScalarFunction
from oracle.checks.figure import FigureCheck, Rounding
from oracle.checks.listing import ListingCheck
from oracle.checks.value import ValueCheck
from oracle.checks.vjp import VJPCheck

__all__ = ["Check", "DerivationCheck", "FigureCheck", "ListingCheck", "Rounding", "ScalarFunction", "ValueCheck",
           "VJPCheck"]


def __getattr__(name: str) -> Any:
    if name == "DerivationCheck":
        from oracle.checks.derivation import DerivationCheck

        return DerivationCheck
    raise AttributeError(f"module 'oracle.checks' has no attribute {name!r}")
