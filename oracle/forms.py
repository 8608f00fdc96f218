"""Adapters from what documents print to the signatures the checks call.

Documents print an elementwise derivative ``f'(z)``, a partial derivative of a
loss ``dL/dyhat``, or a procedure returning the gradients of a scalar cost.  The
VJP check calls ``impl(inputs, grad_out) -> {name: gradient}``; these adapters
make the bridge without touching the printed arithmetic.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import numpy as np

__all__ = ["elementwise_derivative", "partial_derivative", "scalar_gradients", "vjp", "StatedFigures"]


def elementwise_derivative(derivative: Callable[[np.ndarray], Any], arg: str) -> Callable[..., dict[str, Any]]:
    """VJP of an elementwise function from its printed derivative: ``grad_out * f'(z)``."""

    def impl(inputs: Mapping[str, Any], grad_out: np.ndarray) -> dict[str, Any]:
        return {arg: grad_out * derivative(inputs[arg])}

    impl.__name__ = getattr(derivative, "__name__", "derivative")
    return impl


def partial_derivative(derivative: Callable[..., Any], wrt: str) -> Callable[..., dict[str, Any]]:
    """VJP of an elementwise loss from its printed partial derivative ``dL/d(wrt)(**inputs)``."""

    def impl(inputs: Mapping[str, Any], grad_out: np.ndarray) -> dict[str, Any]:
        return {wrt: grad_out * derivative(**inputs)}

    impl.__name__ = getattr(derivative, "__name__", "derivative")
    return impl


def scalar_gradients(procedure: Callable[..., Mapping[str, Any]]) -> Callable[..., dict[str, Any]]:
    """VJP of a scalar cost from a printed procedure returning ``{name: dcost/dname}``."""

    def impl(inputs: Mapping[str, Any], grad_out: np.ndarray) -> dict[str, Any]:
        grads = procedure(**inputs)
        if not isinstance(grads, Mapping):
            raise TypeError(f"the procedure returned {type(grads).__name__}, expected a mapping of gradients")
        return {k: np.asarray(grad_out).reshape(()) * np.asarray(v, dtype=float) for k, v in grads.items()}

    impl.__name__ = getattr(procedure, "__name__", "procedure")
    return impl


def vjp(backward: Callable[..., Mapping[str, Any]]) -> Callable[..., Mapping[str, Any]]:
    """A printed backward that already takes the upstream gradient: ``backward(grad_out, **inputs)``."""

    def impl(inputs: Mapping[str, Any], grad_out: np.ndarray) -> Mapping[str, Any]:
        return backward(grad_out, **inputs)

    impl.__name__ = getattr(backward, "__name__", "backward")
    return impl


class StatedFigures:
    """A correction of printed figures: the same recomputation, stated with the corrected digits.

    ``FigureCheck`` judges a form carrying ``digits`` against those digits instead of the
    document's, so that a correction giving the recomputed digits holds.
    """

    def __init__(self, recompute: Callable[[], Mapping[str, float]], digits: Mapping[str, str]) -> None:
        self.recompute = recompute
        self.digits = dict(digits)
        self.__name__ = getattr(recompute, "__name__", "recompute")

    def __call__(self) -> Mapping[str, float]:
        return self.recompute()
