"""The wiring of the claims of 003_ddcfe26c8c4f59ec.txt: Tom Keldenich (Inside Machine Learning), "Codons ensemble
un algorithme de Deep Learning from Scratch".

A linear regression (Celsius from "Zolta") trained by hand-written gradient descent in PyTorch.
The code cells are in ``printed`` (same operations); the printed training figures are recomputed
with the document's own data and code in float32 (PyTorch's default tensor dtype, as the document
ran) and compared at the printed precision.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any, Callable, Iterator, Mapping

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import strategies as st

from oracle import Form
from oracle.domains import reals, same_shape, shapes
from oracle.forms import StatedFigures
from reference.keldenich_scratch.printed import (
    CELSIUS,
    TRAINING_LOOP_SOURCE,
    ZOLTA,
    grad_fn,
    loss_fn,
    model,
)

FILE = "003_ddcfe26c8c4f59ec.txt"
# The page's text has no-break spaces (U+00A0) in places; quotes spell them "\u00a0".
_INITIALISE = "Initialiser"
_VISUALISE = "Visualiser"
_MODEL = "Le modèle"
_LOSS = "La loss function"
_GRADIENT = "Le Gradient"
_LOOP = "Une boucle pour les gouverner tous"
_NORMALISE = "Normaliser les données"
_RESULTS = "Obtenir les résultats"
_RESULT_PLOT = "Visualiser les résultats"


# --- the document's cells, run the way the document runs them ----------------------------------

class _Printout:
    """Stands in for ``print`` inside the printed training loop: keeps what each epoch printed."""

    def __init__(self) -> None:
        self.epochs: dict[int, dict[str, Any]] = {}
        self._current: dict[str, Any] | None = None

    def __call__(self, *args: Any) -> None:
        if len(args) == 1 and isinstance(args[0], str):
            m = re.fullmatch(r"Epoch (\d+), Loss (.+)", args[0])
            if m:
                self._current = self.epochs.setdefault(int(m.group(1)), {})
                self._current["Loss"] = m.group(2)   # the '%f' text the document printed
            return
        label = args[0].strip().rstrip(":")
        if self._current is not None:
            self._current[label] = args[1].detach().clone()


@contextlib.contextmanager
def _float32_default() -> Iterator[None]:
    """The document ran with PyTorch's default dtype, float32, whatever the harness sets."""
    before = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    try:
        yield
    finally:
        torch.set_default_dtype(before)


def _run_training(n_epochs: float, learning_rate: float, normalised: bool, print_params: bool = True):
    """The document's cells: data tensors, (normalisation,) ``training_loop(...)``; returns (printout, params)."""
    printout = _Printout()
    namespace: dict[str, Any] = {"torch": torch, "model": model, "loss_fn": loss_fn, "grad_fn": grad_fn,
                                 "print": printout}
    exec(TRAINING_LOOP_SOURCE, namespace)
    training_loop = namespace["training_loop"]
    with _float32_default():
        t_Celsius = torch.tensor(CELSIUS)
        t_Zolta = torch.tensor(ZOLTA)
        if normalised:
            t_Zolta = 0.1 * t_Zolta
        params = training_loop(
            n_epochs=n_epochs,
            learning_rate=learning_rate,
            params=torch.tensor([1.0, 0.0]),
            t_Zolta=t_Zolta,
            t_Celsius=t_Celsius,
            print_params=print_params)
    return printout, params


def _epoch_figures(n_epochs: int, learning_rate: float, normalised: bool, epoch: int) -> Callable[[], dict[str, float]]:
    def recompute() -> dict[str, float]:
        printout, _ = _run_training(n_epochs, learning_rate, normalised)
        seen = printout.epochs[epoch]
        return {"Loss": float(seen["Loss"]), "Params[0]": float(seen["Params"][0]),
                "Params[1]": float(seen["Params"][1]), "Grad[0]": float(seen["Grad"][0]),
                "Grad[1]": float(seen["Grad"][1])}

    recompute.__name__ = f"training_loop_epoch_{epoch}"
    return recompute


def _final_params() -> dict[str, float]:
    _, params = _run_training(5000, 1e-2, normalised=True, print_params=False)
    return {"params[0]": float(params[0]), "params[1]": float(params[1])}


def _initial_loss() -> dict[str, float]:
    """The cell after ``loss_fn``: w = 1, b = 0 on the raw data."""
    with _float32_default():
        t_Celsius = torch.tensor(CELSIUS)
        t_Zolta = torch.tensor(ZOLTA)
        w = torch.ones(())
        b = torch.zeros(())
        t_Pred = model(t_Zolta, w, b)
        loss = loss_fn(t_Pred, t_Celsius)
    return {"loss": float(loss)}


def _first_epoch_grad_ratio() -> dict[str, float]:
    """Epoch 1 of the raw-data run: the weight's gradient over the bias's."""
    printout, _ = _run_training(100, 1e-4, normalised=False)
    grad = printout.epochs[1]["Grad"]
    return {"Grad[0] / Grad[1]": float(grad[0] / grad[1])}


def _worked_example() -> dict[str, float]:
    return {"0.01 * 35.7 + 0.15": 0.01 * 35.7 + 0.15}


def _fahrenheit_exact() -> dict[str, float]:
    """C = (F − 32)·5/9 on t_Zolta_n = 0.1·F: w = 10·5/9, b = −32·5/9 (exact arithmetic, in float64)."""
    return {"w": 10 * 5 / 9, "b": -32 * 5 / 9}


# --- numpy <-> torch adapters (the printed code runs on torch tensors) ---------------------

def _t(v: Any) -> torch.Tensor:
    return torch.from_numpy(np.array(v, dtype=np.float64))


def _np(v: Any) -> np.ndarray:
    return v.detach().numpy() if isinstance(v, torch.Tensor) else np.asarray(v, dtype=np.float64)


def _model_value(t_Zolta, w, b):
    return _np(model(_t(t_Zolta), _t(w), _t(b)))


def _loss_value(t_Pred, t_Celsius):
    return _np(loss_fn(_t(t_Pred), _t(t_Celsius)))


def _dloss_vjp(derivative: Callable[..., Any]) -> Callable[..., dict[str, Any]]:
    """``grad_out * dloss_fn(t_Pred, t_Celsius)``: the printed derivative of the (scalar) mean loss."""

    def impl(inputs: Mapping[str, Any], grad_out: np.ndarray) -> dict[str, Any]:
        return {"t_Pred": np.asarray(grad_out) * _np(derivative(_t(inputs["t_Pred"]), _t(inputs["t_Celsius"])))}

    impl.__name__ = getattr(derivative, "__name__", "derivative")
    return impl


def _model_partial(derivative: Callable[..., Any], name: str) -> Callable[..., dict[str, Any]]:
    """VJP of the model wrt a scalar parameter from the printed ∂t_Pred_i/∂name: Σ_i grad_out_i · ∂t_Pred_i/∂name
    (the contraction ``grad_fn`` performs with ``.sum()``)."""

    def impl(inputs: Mapping[str, Any], grad_out: np.ndarray) -> dict[str, Any]:
        d = derivative(_t(inputs["t_Zolta"]), _t(inputs["w"]), _t(inputs["b"]))
        return {name: np.sum(np.asarray(grad_out) * _np(d))}

    impl.__name__ = getattr(derivative, "__name__", "derivative")
    return impl


def _as_the_loop_computes(forward: Callable[..., Any], gradient: Callable[..., Any]) -> Callable[..., dict[str, Any]]:
    """The gradient as the training loop computes it: t_Pred = model(...), then grad_fn(...) (a closure over
    both, so that mutation sensitivity reaches them)."""

    def procedure(t_Zolta, t_Celsius, w, b):
        t_Zolta, t_Celsius, w, b = _t(t_Zolta), _t(t_Celsius), _t(w), _t(b)
        t_Pred = forward(t_Zolta, w, b)
        grad = gradient(t_Zolta, t_Celsius, t_Pred, w, b)
        return {"w": _np(grad[0]), "b": _np(grad[1])}

    return procedure


_grad_fn_procedure = _as_the_loop_computes(model, grad_fn)


# --- torch references (torch's own ops) ----------------------------------------------------

def _linear(t_Zolta, w, b):
    return F.linear(t_Zolta.unsqueeze(-1), w.reshape(1, 1), b.reshape(1)).squeeze(-1)


def _mse_of_linear(t_Zolta, t_Celsius, w, b):
    return F.mse_loss(_linear(t_Zolta, w, b), t_Celsius)


# --- domains -------------------------------------------------------------------------------

_VECTORS = shapes(min_dims=1, max_dims=1, min_side=1, max_side=12)


def _scalar(low: float, high: float, edges=(0.0, 1.0)):
    return reals(shape=(), low=low, high=high, edges=edges)


def _model_domain():
    return st.fixed_dictionaries({"t_Zolta": reals(shape=_VECTORS, low=-100.0, high=100.0, edges=(0.0,)),
                                  "w": _scalar(-10.0, 10.0), "b": _scalar(-50.0, 50.0)})


def _regression_domain():
    return _VECTORS.flatmap(lambda s: st.fixed_dictionaries({
        "t_Zolta": reals(shape=s, low=-100.0, high=100.0, edges=(0.0,)),
        "t_Celsius": reals(shape=s, low=-50.0, high=50.0, edges=(0.0,)),
        "w": _scalar(-10.0, 10.0), "b": _scalar(-50.0, 50.0)}))


def _pred_domain(shape_strategy):
    return lambda: same_shape(shape_strategy, t_Pred=lambda s: reals(shape=s, low=-100.0, high=100.0, edges=(0.0,)),
                              t_Celsius=lambda s: reals(shape=s, low=-50.0, high=50.0, edges=(0.0,)))


def _tenths_pairs():
    """Temperatures in tenths of a degree (the document's data have one decimal), as exact integers;
    half the cases a perfect prediction.  Integers are not perturbed by the sensitivity probe, which
    would otherwise read the jump of the sign at a perfect prediction as ill-conditioning."""
    temps = lambda s: st.lists(st.integers(-500, 500), min_size=int(np.prod(s)), max_size=int(np.prod(s))).map(
        lambda ks: np.array(ks, dtype=np.int64).reshape(s))
    general = shapes().flatmap(lambda s: st.fixed_dictionaries({"t_Pred": temps(s), "t_Celsius": temps(s)}))
    perfect = shapes().flatmap(temps).map(lambda a: {"t_Pred": a.copy(), "t_Celsius": a.copy()})
    return st.one_of(general, perfect)


def _loss_sign(t_Pred, t_Celsius):
    return torch.sign(F.mse_loss(t_Pred.double() / 10, t_Celsius.double() / 10))


def _stated(recompute, digits):
    """A correction of printed figures: the recomputed digits, names as text, numbers as math."""
    names = ",\\ ".join(rf"\text{{{k}}} = {v}" for k, v in digits.items())
    return Form(r"\text{recomputed: }" + names, StatedFigures(recompute, digits))
