"""The claims of 003_ddcfe26c8c4f59ec.txt: Tom Keldenich (Inside Machine Learning), "Codons ensemble
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

from oracle import Condition, FigureCheck, Form, Kind, Source, Status, ValueCheck, VJPCheck, claim
from oracle.domains import reals, same_shape, shapes
from oracle.forms import StatedFigures, scalar_gradients
from reference.keldenich_scratch.printed import (
    CELSIUS,
    TRAINING_LOOP_SOURCE,
    ZOLTA,
    dloss_fn,
    dloss_fn_numel,
    dmodel_db,
    dmodel_dw,
    grad_fn,
    loss_fn,
    loss_sign_as_printed,
    loss_sign_corrected,
    model,
)

FILE = "003_ddcfe26c8c4f59ec.txt"
# The page's text has no-break spaces (U+00A0) in places; quotes spell them "\u00a0".
_MODEL = "Le modèle"
_LOSS = "La loss function"
_GRADIENT = "Le Gradient"
_LOOP = "Une boucle pour les gouverner tous"
_NORMALISE = "Normaliser les données"
_RESULTS = "Obtenir les résultats"


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


def _grad_fn_procedure(t_Zolta, t_Celsius, w, b):
    """The gradient as the training loop computes it: t_Pred = model(...), then grad_fn(...)."""
    t_Zolta, t_Celsius, w, b = _t(t_Zolta), _t(t_Celsius), _t(w), _t(b)
    t_Pred = model(t_Zolta, w, b)
    grad = grad_fn(t_Zolta, t_Celsius, t_Pred, w, b)
    return {"w": _np(grad[0]), "b": _np(grad[1])}



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


_BATCHES = shapes(min_dims=2, max_dims=2, min_side=1, max_side=8).filter(lambda s: s[1] > 1)


def _stated(recompute, digits):
    return Form("recomputed: " + ", ".join(f"{k} = {v}" for k, v in digits.items()), StatedFigures(recompute, digits))


CLAIMS = [
    claim(
        "keldenich-scratch/worked-example",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _MODEL, "0.5 = 0.01 * 35.7 + 0.15"),
        check=FigureCheck(printed={"0.01 * 35.7 + 0.15": "0.5"}, precision=np.float64),
        printed=Form(r"0.5 = 0.01 \times 35.7 + 0.15", _worked_example),
    ),
    claim(
        "keldenich-scratch/model",
        kind=Kind.DEFINITION,
        family="regression",
        source=Source(FILE, _MODEL, "return w * t_Zolta + b"),
        check=ValueCheck(reference=_linear, domain=_model_domain),
        printed=Form(r"\text{t\_Pred} = w \cdot \text{t\_Zolta} + b", _model_value),
    ),
    claim(
        "keldenich-scratch/loss-positive",
        kind=Kind.DEFINITION,
        family="loss",
        source=Source(FILE, _LOSS, "que la loss function retourne un résulat\u00a0supérieur à zéro"),
        check=ValueCheck(reference=_loss_sign, domain=_tenths_pairs),
        printed=Form(r"\operatorname{sign}\,\text{loss\_fn}(\text{t\_Pred}, \text{t\_Celsius}) = +1",
                     loss_sign_as_printed),
        expect=Status.ERRATUM,
        correction=Form(r"\text{loss\_fn} \ge 0,\ = 0 \iff \text{t\_Pred} = \text{t\_Celsius}", loss_sign_corrected),
        explanation=("The text requires the loss to return \"un résulat supérieur à zéro\", but both losses it then "
                     "offers, |t_Pred – t_Celsius| and (t_Pred – t_Celsius)², return exactly 0 for a perfect "
                     "prediction, the very point training aims at: the constraint is ≥ 0."),
    ),
    claim(
        "keldenich-scratch/loss-fn",
        kind=Kind.DEFINITION,
        family="loss",
        source=Source(FILE, _LOSS, "squared_diffs = (t_Pred - t_Celsius)**2"),
        check=ValueCheck(reference=lambda t_Pred, t_Celsius: F.mse_loss(t_Pred, t_Celsius),
                         domain=_pred_domain(shapes())),
        printed=Form(r"\text{loss\_fn} = \operatorname{mean}\,(\text{t\_Pred} - \text{t\_Celsius})^2", _loss_value),
    ),
    claim(
        "keldenich-scratch/initial-loss",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _LOSS, "Une loss de 1763\u00a0c’est énorme !"),
        check=FigureCheck(printed={"loss": "1763"}, precision=np.float32),
        printed=Form(r"\text{loss\_fn}(\text{model}(\text{t\_Zolta}, 1, 0), \text{t\_Celsius}) = 1763", _initial_loss),
        expect=Status.ERRATUM,
        correction=_stated(_initial_loss, {"loss": "1763.8848"}),
        explanation=("The loss for w = 1, b = 0 is 1763.8848 (the document's own Epoch 1 printout says 1763.884766): "
                     "\"Une loss de 1763\" truncates it, to the nearest unit it is 1764."),
    ),
    claim(
        "keldenich-scratch/dloss-fn",
        kind=Kind.BACKWARD,
        family="regression",
        source=Source(FILE, _GRADIENT, "dsq_diffs = 2 * (t_Pred - t_Celsius) / t_Pred.size(0)"),
        check=VJPCheck(reference=lambda t_Pred, t_Celsius: F.mse_loss(t_Pred, t_Celsius),
                       domain=_pred_domain(_VECTORS), wrt=("t_Pred",)),
        printed=Form(r"\frac{\partial\,\text{loss}}{\partial\,\text{t\_Pred}} = \frac{2(\text{t\_Pred} - \text{t\_Celsius})}"
                     r"{\text{t\_Pred.size}(0)}", _dloss_vjp(dloss_fn)),
        expect=Status.CONDITIONAL,
        correction=Form(r"\frac{\partial\,\text{loss}}{\partial\,\text{t\_Pred}} = \frac{2(\text{t\_Pred} - \text{t\_Celsius})}"
                        r"{\text{t\_Pred.numel}()}", _dloss_vjp(dloss_fn_numel)),
        condition=Condition(
            "t_Pred is a 2-D batch (N, M) with M > 1: loss_fn averages N·M entries but dloss_fn divides by "
            "t_Pred.size(0) = N",
            _pred_domain(_BATCHES),
            meaning=Status.CONDITIONAL,
        ),
        explanation=("Right for the 1-D tensors the document uses, where t_Pred.size(0) is the number of averaged "
                     "entries; for a 2-D t_Pred, loss_fn's .mean() averages all entries while dloss_fn divides by "
                     "the number of rows only."),
    ),
    claim(
        "keldenich-scratch/dmodel-dw",
        kind=Kind.BACKWARD,
        family="regression",
        source=Source(FILE, _GRADIENT, "def dmodel_dw(t_Zolta, w, b):\n return t_Zolta"),
        check=VJPCheck(reference=_linear, domain=_model_domain, wrt=("w",)),
        printed=Form(r"\frac{\partial\,\text{model}}{\partial w} = \text{t\_Zolta}", _model_partial(dmodel_dw, "w")),
    ),
    claim(
        "keldenich-scratch/dmodel-db",
        kind=Kind.BACKWARD,
        family="regression",
        source=Source(FILE, _GRADIENT, "def dmodel_db(t_Zolta, w, b):\n return 1.0"),
        check=VJPCheck(reference=_linear, domain=_model_domain, wrt=("b",)),
        printed=Form(r"\frac{\partial\,\text{model}}{\partial b} = 1", _model_partial(dmodel_db, "b")),
    ),
    claim(
        "keldenich-scratch/grad-fn",
        kind=Kind.ALGORITHM,
        family="regression",
        source=Source(FILE, _GRADIENT, "return torch.stack([gradient_w, gradient_b])"),
        check=VJPCheck(reference=_mse_of_linear, domain=_regression_domain, wrt=("w", "b")),
        printed=Form(r"\nabla_{(w,b)}\,\text{loss} = \Big(\sum_i \text{dloss}_i\,\text{t\_Zolta}_i,\ "
                     r"\sum_i \text{dloss}_i\Big)", scalar_gradients(_grad_fn_procedure)),
    ),
    claim(
        "keldenich-scratch/raw-epoch-1",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _LOOP, "Grad: tensor([4517.2964, 82.6000])"),
        check=FigureCheck(printed={"Loss": "1763.884766", "Params[0]": "0.5483", "Params[1]": "-0.0083",
                                            "Grad[0]": "4517.2964", "Grad[1]": "82.6000"}, precision=np.float32),
        printed=Form(r"\text{Epoch 1 (lr = 10^{-4}, raw t\_Zolta)}", _epoch_figures(100, 1e-4, False, 1)),
    ),
    claim(
        "keldenich-scratch/raw-epoch-100",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _LOOP, "Grad: tensor([-0.0532, 3.0226])"),
        check=FigureCheck(printed={"Loss": "29.022667", "Params[0]": "0.2327", "Params[1]": "-0.0438",
                                            "Grad[0]": "-0.0532", "Grad[1]": "3.0226"}, precision=np.float32),
        printed=Form(r"\text{Epoch 100 (lr = 10^{-4}, raw t\_Zolta)}", _epoch_figures(100, 1e-4, False, 100)),
    ),
    claim(
        "keldenich-scratch/grad-ratio",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _LOOP, "a\u00a0un poids environ 50 fois plus grand que le gradient pour le biais"),
        # "environ 50": one significant figure, so the printed precision is half of 10 (written 5E+1).
        check=FigureCheck(printed={"Grad[0] / Grad[1]": "5E+1"}, precision=np.float32),
        printed=Form(r"\text{Grad}_w / \text{Grad}_b \approx 50", _first_epoch_grad_ratio),
    ),
    claim(
        "keldenich-scratch/normalised-epoch-1",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _NORMALISE, "Grad: tensor([-14.6089, -21.0000])"),
        check=FigureCheck(printed={"Loss": "171.868347", "Params[0]": "1.1461", "Params[1]": "0.2100",
                                            "Grad[0]": "-14.6089", "Grad[1]": "-21.0000"}, precision=np.float32),
        printed=Form(r"\text{Epoch 1 (lr = 10^{-2}, t\_Zolta\_n = 0.1 t\_Zolta)}", _epoch_figures(100, 1e-2, True, 1)),
        expect=Status.ERRATUM,
        correction=_stated(_epoch_figures(100, 1e-2, True, 1),
                           {"Loss": "80.364342", "Params[0]": "1.7761", "Params[1]": "0.1064",
                            "Grad[0]": "-77.6140", "Grad[1]": "-10.6400"}),
        explanation=("With t_Zolta_n = 0.1 * t_Zolta the printed cell gives Loss 80.364342, Params [1.7761, 0.1064], "
                     "Grad [-77.6140, -10.6400], not the printed 171.868347 / [1.1461, 0.2100] / [-14.6089, -21.0000], "
                     "which are exactly what standardised inputs (t_Zolta - t_Zolta.mean()) / t_Zolta.std() give."),
    ),
    claim(
        "keldenich-scratch/normalised-epoch-100",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _NORMALISE, "Grad: tensor([-2.3752, -2.8419])"),
        check=FigureCheck(printed={"Loss": "6.498067", "Params[0]": "7.7523", "Params[1]": "9.1075",
                                            "Grad[0]": "-2.3752", "Grad[1]": "-2.8419"}, precision=np.float32),
        printed=Form(r"\text{Epoch 100 (lr = 10^{-2}, t\_Zolta\_n = 0.1 t\_Zolta)}", _epoch_figures(100, 1e-2, True, 100)),
        expect=Status.ERRATUM,
        correction=_stated(_epoch_figures(100, 1e-2, True, 100),
                           {"Loss": "22.148710", "Params[0]": "2.7553", "Params[1]": "-2.5162",
                            "Grad[0]": "-0.4446", "Grad[1]": "2.5165"}),
        explanation=("With t_Zolta_n = 0.1 * t_Zolta the printed cell gives Loss 22.148710, Params [2.7553, -2.5162], "
                     "Grad [-0.4446, 2.5165] at epoch 100, not the printed 6.498067 / [7.7523, 9.1075] / "
                     "[-2.3752, -2.8419], which standardised inputs (t_Zolta - mean) / std reproduce exactly."),
    ),
    claim(
        "keldenich-scratch/final-params",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _RESULTS, "On obtient : tensor([ 5.3671, -17.3012])"),
        check=FigureCheck(printed={"params[0]": "5.3671", "params[1]": "-17.3012"}, precision=np.float32),
        printed=Form(r"\text{params after 5000 epochs} = (5.3671, -17.3012)", _final_params),
    ),
    claim(
        "keldenich-scratch/fahrenheit-exact",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _RESULTS, "Les valeurs exactes seraient\u00a0w = 5,5556\u00a0et\u00a0b = -17,7778."),
        # Printed with decimal commas: 5,5556 and -17,7778.
        check=FigureCheck(printed={"w": "5.5556", "b": "-17.7778"}, precision=np.float64),
        printed=Form(r"w = 10 \cdot \tfrac{5}{9} = 5{,}5556,\ b = -32 \cdot \tfrac{5}{9} = -17{,}7778", _fahrenheit_exact),
    ),
]
