"""oracle: check hand-derived gradients against torch.autograd and numerical differentiation.

Public surface:

* ``claim``, ``Claim``, ``Form``, ``Source``, ``Condition``, ``Document``, ``Kind``, ``Status``, ``Severity``:
  describe a claim;
* ``VJPCheck``, ``ValueCheck``, ``FigureCheck`` (with ``Rounding``), ``DerivationCheck``, ``ListingCheck`` (with
  ``Program``, ``Cell``, ``Printout``, ``Numbers``, ``Amendment``), ``Check``: how it is judged;
* ``assert_vjp``, ``gradcheck``: an engineer's own backward, in a test (``docs/engineers.md``);
  ``VJPMismatch``, ``VJPSetupError``, ``GradcheckError``: what they raise;
* ``OracleError`` and its subclasses (``oracle.errors``).

``oracle.domains`` (input strategies), ``oracle.forms`` (adapters from printed shapes to
check signatures) and ``oracle.judges.symbolic`` (derivation helpers) complete it.  Every
name is imported on first access, so that ``from oracle import assert_vjp`` loads neither
hypothesis, sympy, pandas nor matplotlib.
"""

import importlib
from typing import Any

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_EXPORTS = {
    "Check": "oracle.checks.base",
    "FigureCheck": "oracle.checks.figure",
    "Rounding": "oracle.checks.figure",
    "ListingCheck": "oracle.checks.listing",
    "Amendment": "oracle.checks.listing",
    "Cell": "oracle.checks.listing",
    "Numbers": "oracle.checks.listing",
    "Printout": "oracle.checks.listing",
    "Program": "oracle.checks.listing",
    "ValueCheck": "oracle.checks.value",
    "VJPCheck": "oracle.checks.vjp",
    "DerivationCheck": "oracle.checks.derivation",
    "Claim": "oracle.claims",
    "Condition": "oracle.claims",
    "Document": "oracle.claims",
    "Form": "oracle.claims",
    "Kind": "oracle.claims",
    "Severity": "oracle.claims",
    "Source": "oracle.claims",
    "Status": "oracle.claims",
    "claim": "oracle.claims",
    "ClaimError": "oracle.errors",
    "DomainError": "oracle.errors",
    "OracleError": "oracle.errors",
    "assert_vjp": "oracle.testing",
    "gradcheck": "oracle.testing",
    "VJPMismatch": "oracle.testing",
    "VJPSetupError": "oracle.testing",
    "GradcheckError": "oracle.testing",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value  # later accesses skip this function
        return value
    raise AttributeError(f"module 'oracle' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
