"""Every tolerance of the harness, in one table, each with its reason.

No claim carries its own tolerance and no module keeps a bare threshold: judges,
checks and analyses read their constants from here (jax's ``public_test_util``
keeps its tolerances the same way).  ``TABLE`` lists them for the documentation
and for ``tests/test_tolerance.py``, which checks that nothing is left out.

Note [tolerance]
----------------
For every entry ``i`` of a compared quantity the allowed difference between a form
and the truth ``t`` is

    allowed_i = ROUNDING_FACTOR[dtype] * (eps * |t_i| + sens_i + eps * S) + tiny

where ``eps`` is the dtype's machine epsilon and ``sens_i`` is the autograd judge's
measured sensitivity of ``t_i`` to one-ulp perturbations of every input (so an
ill-conditioned entry gets the slack its conditioning demands, and a
well-conditioned one gets almost none).  ``S`` is the scale of the comparison:
the largest entry of the upstream gradient and of the truth, over every input the
VJP differentiates (``comparison_scale``).  It is a floor for entries that are
tiny only because of cancellation: ``1 - tanh(a)**2`` at ``a = 20`` is 1.7e-17
exactly but any float64 formula built from terms of order one (torch's own
backward included) returns it with an absolute error of order ``eps``.  Input
perturbations do not see that rounding (it happens inside the formula), and in a
backward pass it is multiplied by the gradient flowing through: a saturated tanh
layer under layers whose weight gradients reach 68 gives its own weights' gradient
(about 6e-5) an absolute rounding error of 4e-13 in any float64 backward
(``germain-2019/matrix-backprop-square``, seed 80 of the sweep).  A backward
carries quantities at least as large as the largest gradient it returns, so that
gradient, not each input's own, sets the floor.  ``tiny`` (the smallest normal
number) says that differences among subnormal results carry no information.

The sensitivity costs two extra autograd passes, so checks measure it lazily:
a case is first compared with ``sens_i = 0`` and only a case that fails that
band is compared again with the measured sensitivity.  Bands only widen with
it, so the verdict is the one an eager measurement gives.

The numeric judge adds its own error bar: ``|numeric_i - t_i|`` may reach
``NUMERIC_FACTOR * error_i + allowed_i``.  When autograd and the numeric estimate
do not agree within that band, the case is *inconclusive*: neither judge can be
trusted there, so nothing is blamed on the formula.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch

__all__ = [
    "TABLE",
    "Entry",
    "allowed",
    "comparison_scale",
    "ROUNDING_FACTOR",
    "NUMERIC_FACTOR",
    "TORCH_ERROR_FACTOR",
    "LOW_PRECISION_FLOOR",
    "ROUND_OFF_RATIO",
    "SENSITIVITY_ULPS",
    "SENSITIVITY_DRAWS",
    "FIRST_STEP",
    "COMPLEX_STEP",
    "DIFFERENCE_ROUNDING",
    "COMPLEX_STEP_ROUNDING",
    "KINK_GAP_RATIO",
    "KINK_GAP_ROUNDINGS",
    "UNIT_SCALE",
    "UNSETTLED_ERROR",
    "FIGURE_PRECISION_ULPS",
    "EQUIVALENT_ULPS",
    "DIGITS_LOST",
    "LINK_RELATIVE_TOLERANCE",
    "LINK_DIGITS",
    "LINK_POINTS",
]

#: Headroom over one rounding, per dtype: 2**8 ulps of the value and of its sensitivity.
ROUNDING_FACTOR: dict[torch.dtype, float] = {torch.float64: 2.0**8, torch.float32: 2.0**6, torch.float16: 2.0**3,
                                             torch.bfloat16: 2.0**3}
#: Low precision, Note [low precision]: the least band, in ulps of the comparison's scale, where torch's error is measured.
LOW_PRECISION_FLOOR = 8.0
#: Low precision, Note [low precision]: a backward within this many times torch's own error in its dtype passes.
TORCH_ERROR_FACTOR = 4.0
#: Low precision: a failing error within this many times torch's own is called round-off, beyond it a mistake.
ROUND_OFF_RATIO = 64.0
#: How many numeric error bars two estimates may differ by.
NUMERIC_FACTOR = 8.0
#: Relative size, in ulps, of the perturbations that measure rounding sensitivity.
SENSITIVITY_ULPS = 64.0
#: Perturbed passes per sensitivity measurement (the largest spread is kept).
SENSITIVITY_DRAWS = 2
#: Numeric judge: largest finite-difference step, relative to max(|x|, 1); three halvings follow.
FIRST_STEP = 2.0**-7
#: Numeric judge: complex-step size relative to max(|x|, 1); far below any rounding level.
COMPLEX_STEP = 1e-20
#: Numeric judge: rounding term of a difference quotient, in ulps of the largest phi value over the step.
DIFFERENCE_ROUNDING = 4.0
#: Numeric judge: error bar of a complex-step estimate, in ulps of the sum of |upstream x output|.
COMPLEX_STEP_ROUNDING = 16.0
#: Numeric judge, Note [undeclared kink]: the one-sided gap is "stuck" when it shrinks by less than this ratio per halving...
KINK_GAP_RATIO = 0.75
#: ... and stands this many rounding terms above the noise.
KINK_GAP_ROUNDINGS = 64.0
#: Own backward (oracle.gradcheck): a numeric error bar wider than this share of the scale is blurred by a kink.
UNSETTLED_ERROR = 1e-6
#: Value check: values are compared at unit absolute scale at least.
UNIT_SCALE = 1.0
#: Figure check: ulps of the computing precision allowed on top of half a unit of the last printed digit.
FIGURE_PRECISION_ULPS = 4.0
#: Mutation equivalence: outputs closer than this many ulps of max(1, |value|) are equal.
EQUIVALENT_ULPS = 2.0**8
#: Stability audit and curves: a relative error above this has lost more than half of float64's digits.
DIGITS_LOST = 1e-8
#: Symbolic judge: two sides agree at a point when |a - b| <= this * max(1, |a|, |b|).
LINK_RELATIVE_TOLERANCE = 1e-20
#: Symbolic judge: working precision of the numeric link check, in significant decimal digits.
LINK_DIGITS = 50
#: Symbolic judge: random points per numeric link check.
LINK_POINTS = 64


@dataclass(frozen=True)
class Entry:
    """One tolerance: its name, its value, who applies it, and why it is what it is."""

    name: str
    value: Any
    used_by: str
    reason: str


TABLE: tuple[Entry, ...] = (
    Entry("ROUNDING_FACTOR", ROUNDING_FACTOR, "every comparison (allowed)",
          "a correct float formula differs from another by a few roundings of each term; 2**8 ulps is headroom "
          "for long reductions (float32 gets 2**6 because its eps is already 2**29 times larger; float16 and "
          "bfloat16 2**3: the band of a low-precision backward where no torch baseline exists, oracle.gradcheck "
          "without a reference)"),
    Entry("LOW_PRECISION_FLOOR", LOW_PRECISION_FLOOR, "low-precision backwards (oracle.checks.precision)",
          "torch may be exact on a case by luck; two correct elementwise forms differ by a few ulps of the scale"),
    Entry("TORCH_ERROR_FACTOR", TORCH_ERROR_FACTOR, "low-precision backwards (oracle.checks.precision)",
          "two correct low-precision backwards differ by their orders of operations; 4 times torch's own measured "
          "error on the same case is room for that, while a wrong formula is off by orders of magnitude"),
    Entry("ROUND_OFF_RATIO", ROUND_OFF_RATIO, "low-precision failure messages",
          "an error within 64 times torch's own is what a less careful order of operations loses (6 bits); beyond "
          "it no rounding explains the error"),
    Entry("NUMERIC_FACTOR", NUMERIC_FACTOR, "numeric referee",
          "the Richardson error estimate is an estimate, not a bound: 8 of them keep a right reference from "
          "being called inconclusive while any real disagreement is orders of magnitude larger"),
    Entry("SENSITIVITY_ULPS", SENSITIVITY_ULPS, "autograd judge, value check",
          "large enough to rise above the noise of one rounding, small enough to stay in the linear regime"),
    Entry("SENSITIVITY_DRAWS", SENSITIVITY_DRAWS, "autograd judge, value check",
          "two random sign patterns; the larger spread is kept, so one lucky cancellation does not hide conditioning"),
    Entry("FIRST_STEP", FIRST_STEP, "numeric judge",
          "2**-7 relative: truncation error of the 3-level Richardson table is far below rounding, while the "
          "smallest step (2**-9) still leaves 7 digits above float64 rounding"),
    Entry("COMPLEX_STEP", COMPLEX_STEP, "numeric judge",
          "the complex step has no subtraction, so any step far below sqrt(eps) is exact to rounding"),
    Entry("DIFFERENCE_ROUNDING", DIFFERENCE_ROUNDING, "numeric judge",
          "a difference of two phi values carries about 2 roundings of the larger, divided by the step"),
    Entry("COMPLEX_STEP_ROUNDING", COMPLEX_STEP_ROUNDING, "numeric judge",
          "the imaginary part is a sum over outputs, each rounded once per operation of a short chain"),
    Entry("KINK_GAP_RATIO", KINK_GAP_RATIO, "numeric judge (Note [undeclared kink])",
          "where phi is smooth the one-sided gap halves with the step (ratio 0.5); 0.75 leaves room for noise"),
    Entry("KINK_GAP_ROUNDINGS", KINK_GAP_ROUNDINGS, "numeric judge (Note [undeclared kink])",
          "a gap within 64 rounding terms is noise, not a jump of the derivative"),
    Entry("UNSETTLED_ERROR", UNSETTLED_ERROR, "own-backward check (oracle.gradcheck)",
          "a converged estimate's bar is of rounding size (1e-10 of the scale or less); a kink within the step "
          "widens it to the jump of the derivative, so a bar above 1e-6 of the scale is estimated again clear of "
          "kinks before it may pass a value"),
    Entry("UNIT_SCALE", UNIT_SCALE, "value check",
          "a formula built from terms of order one carries absolute errors of order eps near zero; relative loss "
          "of digits there is the stability audit's business"),
    Entry("FIGURE_PRECISION_ULPS", FIGURE_PRECISION_ULPS, "figure check",
          "the recomputation runs in the document's precision (float32 for default PyTorch tensors), whose last "
          "ulps may round a printed digit either way"),
    Entry("EQUIVALENT_ULPS", EQUIVALENT_ULPS, "mutation equivalence",
          "a mutant that only reorders operations differs by rounding, which is not a mistake"),
    Entry("DIGITS_LOST", DIGITS_LOST, "stability audit, curves",
          "more than half of float64's ~16 significant digits lost is a breakdown, not rounding"),
    Entry("LINK_RELATIVE_TOLERANCE", LINK_RELATIVE_TOLERANCE, "symbolic judge",
          "thirty digits of headroom over the 50-digit working precision: cancellation in a right line never "
          "looks like a difference, and any real difference is many orders above it"),
    Entry("LINK_DIGITS", LINK_DIGITS, "symbolic judge", "mpmath precision of the numeric link check"),
    Entry("LINK_POINTS", LINK_POINTS, "symbolic judge",
          "64 random points: two different analytic expressions agree on a set of measure zero"),
)


def comparison_scale(upstream: torch.Tensor, gradients: Any) -> float:
    """``S`` of Note [tolerance] for a VJP: the largest entry of the upstream gradient and of every gradient."""
    sizes = [float(t.abs().max()) for t in (upstream, *gradients) if t.numel()]
    return max(sizes, default=0.0)


def allowed(truth: torch.Tensor, sensitivity: torch.Tensor | None = None, scale: float = 0.0) -> torch.Tensor:
    """Per-entry allowed absolute difference from ``truth`` (Note [tolerance]).

    ``scale`` is the magnitude of the comparison besides the truth itself (for a
    VJP, the largest entry of the upstream gradient).
    """
    dtype = truth.dtype if truth.is_floating_point() else torch.float64
    info = torch.finfo(dtype)
    t = truth.abs()
    floor = max(float(t.max()) if t.numel() else 0.0, float(scale))
    sens = torch.zeros_like(t) if sensitivity is None else sensitivity
    return ROUNDING_FACTOR[dtype] * (info.eps * t + sens + info.eps * floor) + info.tiny
