"""oracle: check hand-derived gradients against torch.autograd and numerical differentiation.

Public surface:

* ``claim``, ``Form``, ``Source``, ``Condition``, ``Kind``, ``Status``: describe a claim;
* ``VJPCheck``, ``ValueCheck``, ``FigureCheck``, ``DerivationCheck``: how it is judged;
* ``assert_vjp``: a pytest-friendly assertion for one hand-written backward.
"""

__version__ = "0.1.0"

from oracle.assertions import VJPMismatch, assert_vjp
from oracle.checks import DerivationCheck, FigureCheck, ValueCheck, VJPCheck
from oracle.claims import Claim, Condition, Form, Kind, Source, Status, claim

__all__ = [
    "Claim", "Condition", "DerivationCheck", "FigureCheck", "Form", "Kind", "Source", "Status", "ValueCheck", "VJPCheck",
    "VJPMismatch", "assert_vjp", "claim", "__version__",
]
