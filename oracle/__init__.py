"""oracle: check hand-derived gradients against torch.autograd and numerical differentiation.

Public surface:

* ``claim``, ``Claim``, ``Form``, ``Source``, ``Condition``, ``Document``, ``Kind``, ``Status``, ``Severity``:
  describe a claim;
* ``VJPCheck``, ``ValueCheck``, ``FigureCheck`` (with ``Rounding``), ``DerivationCheck``, ``ListingCheck`` (with
  ``Program``, ``Cell``, ``Printout``, ``Numbers``, ``Amendment``), ``Check``: how it is judged;
* ``assert_vjp``, ``VJPMismatch``: a pytest-friendly assertion for one hand-written backward;
* ``OracleError`` and its subclasses (``oracle.errors``).

``oracle.domains`` (input strategies), ``oracle.forms`` (adapters from printed shapes to
check signatures) and ``oracle.judges.symbolic`` (derivation helpers) complete it.
sympy and mpmath load only when a derivation is used (``DerivationCheck`` is imported
on first access).
"""

__version__ = "0.1.0"

from typing import Any

from oracle.checks.base import Check
from oracle.checks.figure import FigureCheck, Rounding
from oracle.checks.listing import Amendment, Cell, ListingCheck, Numbers, Printout, Program
from oracle.checks.value import ValueCheck
from oracle.checks.vjp import VJPCheck
from oracle.claims import Claim, Condition, Document, Form, Kind, Severity, Source, Status, claim
from oracle.errors import ClaimError, DomainError, OracleError
from oracle.testing import VJPMismatch, assert_vjp

__all__ = [
    "Amendment", "Cell", "Check", "Claim", "ClaimError", "Condition", "DerivationCheck", "Document", "DomainError",
    "FigureCheck", "Form", "Kind", "ListingCheck", "Numbers", "OracleError", "Printout", "Program", "Rounding", "Severity",
    "Source", "Status", "ValueCheck", "VJPCheck", "VJPMismatch", "assert_vjp", "claim", "__version__",
]


def __getattr__(name: str) -> Any:
    if name == "DerivationCheck":  # sympy is imported only by those who derive
        from oracle.checks.derivation import DerivationCheck

        return DerivationCheck
    raise AttributeError(f"module 'oracle' has no attribute {name!r}")
