"""Checks: how each kind of claim is judged (the ``Check`` protocol is in ``oracle.checks.base``).

``VJPCheck`` (backward and algorithm claims), ``ValueCheck`` (definitions, stability),
``FigureCheck`` (printed numbers), ``ListingCheck`` (code as printed, run end to end in a
subprocess) and ``DerivationCheck`` (derivations).  Each is imported on first access: judging
one backward loads neither hypothesis nor sympy.
"""

import importlib
from typing import Any

#: Public name -> the module that defines it.
_EXPORTS = {
    "Check": "oracle.checks.base",
    "ScalarFunction": "oracle.checks.base",
    "FigureCheck": "oracle.checks.figure",
    "Rounding": "oracle.checks.figure",
    "ListingCheck": "oracle.checks.listing",
    "ValueCheck": "oracle.checks.value",
    "VJPCheck": "oracle.checks.vjp",
    "DerivationCheck": "oracle.checks.derivation",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'oracle.checks' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
