"""``assert_vjp``: check one hand-written backward inside a test, with a readable failure.

    def test_my_sigmoid_backward():
        z = np.linspace(-5, 5, 11)
        assert_vjp(torch.sigmoid, lambda g, z: {"z": g * s(z) * (1 - s(z))}, {"z": z})

The backward is called as ``backward(grad_out, **inputs)`` and returns a mapping
``{name: gradient}`` (or, for one input, the gradient itself).  It is judged by
the same autograd and numeric judges as the catalogue.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

import numpy as np
import torch

from oracle.checks.messages import Subject
from oracle.checks.outcome import CaseStatus, Outcome
from oracle.checks.vjp import VJPCheck
from oracle.domains import random_upstream
from oracle.errors import OracleError

__all__ = ["VJPMismatch", "assert_vjp"]


class VJPMismatch(OracleError, AssertionError):
    """A hand-written backward disagrees with the judges (or could not be judged)."""

    def __init__(self, message: str, outcome: Outcome):
        super().__init__(message)
        self.outcome = outcome


def _as_numpy(v: Any) -> Any:
    if isinstance(v, torch.Tensor):
        return v.detach().cpu().numpy().astype(np.float64) if v.is_floating_point() else v.detach().cpu().numpy()
    if isinstance(v, (list, tuple, float, int)) and not isinstance(v, bool):
        return np.asarray(v, dtype=np.float64)
    return v


def assert_vjp(forward: Callable[..., torch.Tensor], backward: Callable[..., Any], inputs: Mapping[str, Any], *,
               wrt: Sequence[str] | None = None, grad_out: Any = None, seed: int = 0, elementwise: bool = False,
               analytic: bool = False, name: str = "user/backward") -> Outcome:
    """Raise ``VJPMismatch`` unless ``backward`` is the VJP of ``forward`` at ``inputs``.

    Args:
        forward: torch function called as ``forward(**inputs)`` (float64 tensors).
        backward: hand-written VJP, called as ``backward(grad_out, **inputs)`` with numpy arrays.
        inputs: named input arrays (numpy, torch or nested lists).
        wrt: names to differentiate; all floating inputs by default.
        grad_out: upstream gradient; drawn at random (seeded) by default.
        elementwise, analytic: hints for the numeric judge (see ``VJPCheck``).

    Returns:
        The passing ``Outcome`` (errors and the numeric judge's estimate at the worst entry).
    """
    arrays = {k: _as_numpy(v) for k, v in inputs.items()}
    if wrt is None:
        wrt = [k for k, v in arrays.items() if isinstance(v, np.ndarray) and v.dtype.kind == "f"]
    missing = [k for k in wrt if k not in arrays]
    if missing:
        raise ValueError(f"wrt names {missing} are not among the inputs {sorted(arrays)}")
    tensors = {k: (torch.from_numpy(v) if isinstance(v, np.ndarray) else v) for k, v in arrays.items()}
    out = forward(**tensors)
    if grad_out is None:
        grad_out = random_upstream(np.random.default_rng(seed), tuple(out.shape))
    grad_out = np.asarray(_as_numpy(grad_out), dtype=np.float64)

    def impl(case_inputs: Mapping[str, Any], g: np.ndarray) -> Any:
        got = backward(g, **case_inputs)
        if not isinstance(got, Mapping):
            if len(wrt) == 1:
                return {wrt[0]: got}
            if isinstance(got, (tuple, list)) and len(got) == len(wrt):
                return dict(zip(wrt, got))
        return got

    check = VJPCheck(reference=forward, domain=lambda: None, wrt=tuple(wrt), elementwise=elementwise, analytic=analytic)
    subject = Subject(claim_id=name, document="assert_vjp", section=getattr(backward, "__name__", "backward"))
    outcome = check.judge(impl, {"inputs": arrays, "grad_out": grad_out}, seed=seed, subject=subject)
    if outcome.status in (CaseStatus.PASS, CaseStatus.CONVENTION):
        return outcome
    raise VJPMismatch(outcome.message or f"{outcome.status.value}", outcome)
