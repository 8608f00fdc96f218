"""Numeric judge: VJPs from forward evaluations only, each with an error estimate (``estimate``).

``entries``: every entry of an input (chunks of coordinates, or all at once for elementwise
functions); ``directional``: one random projection of all inputs, O(inputs + outputs) memory;
``near_kinks``: an entry or a projection estimated again with steps that cross no kink of the
reference (``branches`` records which branch each non-differentiable op takes).
``oracle.checks.vjp``, Note [numeric referee mode], decides which is used.  The judge never
calls the autograd judge.
"""

from oracle.judges.numeric.directional import directional
from oracle.judges.numeric.entries import BATCH_ELEMENTS, vjp_at, vjp_entries, vjp_entry
from oracle.judges.numeric.estimate import Estimate, Unsupported

__all__ = ["BATCH_ELEMENTS", "Estimate", "Unsupported", "directional", "vjp_at", "vjp_entries", "vjp_entry"]
