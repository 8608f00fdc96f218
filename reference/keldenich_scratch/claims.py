"""The claims of keldenich-scratch, in the document's order: each quotes what it checks, wires the
printed form (``printed``) to a check through ``wiring``, and states the status it should get."""

from __future__ import annotations

import numpy as np
import torch.nn.functional as F

from oracle import (
    FigureCheck,
    Form,
    Kind,
    ListingCheck,
    Rounding,
    Severity,
    Source,
    Status,
    ValueCheck,
    VJPCheck,
    claim,
)
from oracle.domains import shapes
from oracle.forms import scalar_gradients
from reference.keldenich_scratch.listing import RAW_RUN, RAW_RUN_CORRECTED
from reference.keldenich_scratch.printed import (
    dloss_fn,
    dmodel_db,
    dmodel_dw,
    loss_sign_as_printed,
    loss_sign_corrected,
)
from reference.keldenich_scratch.wiring import (
    _GRADIENT,
    _LOOP,
    _LOSS,
    _MODEL,
    _NORMALISE,
    _RESULTS,
    _VECTORS,
    FILE,
    _dloss_vjp,
    _epoch_figures,
    _fahrenheit_exact,
    _final_params,
    _first_epoch_grad_ratio,
    _grad_fn_procedure,
    _initial_loss,
    _linear,
    _loss_sign,
    _loss_value,
    _model_domain,
    _model_partial,
    _model_value,
    _mse_of_linear,
    _pred_domain,
    _regression_domain,
    _stated,
    _tenths_pairs,
    _worked_example,
)

CLAIMS = [
    claim(
        "keldenich-scratch/worked-example",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _MODEL, "0.5 = 0.01 * 35.7 + 0.15"),
        check=FigureCheck(printed={"0.01 * 35.7 + 0.15": "0.5"}, precision=np.float64, rounding=Rounding.PROSE),
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
        severity=Severity.NOTE,
        correction=Form(r"\text{loss\_fn} \ge 0,\ \text{and}\ \text{loss\_fn} = 0 \iff \text{t\_Pred} = \text{t\_Celsius}",
                        loss_sign_corrected),
        explanation=("The text requires the loss to return \"un résulat supérieur à zéro\", but both losses it then "
                     "offers, |t_Pred – t_Celsius| and (t_Pred – t_Celsius)², return exactly 0 for a perfect "
                     "prediction, the very point training aims at: the constraint is ≥ 0 (wording only: no result of "
                     "the document depends on it)."),
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
        # A rounded figure in prose: 1763.8848 is within one unit of "1763" (the prose rule).
        check=FigureCheck(printed={"loss": "1763"}, precision=np.float32, rounding=Rounding.PROSE),
        printed=Form(r"\text{loss\_fn}(\text{model}(\text{t\_Zolta}, 1, 0), \text{t\_Celsius}) = 1763", _initial_loss),
    ),
    claim(
        "keldenich-scratch/dloss-fn",
        kind=Kind.BACKWARD,
        family="regression",
        source=Source(FILE, _GRADIENT, "dsq_diffs = 2 * (t_Pred - t_Celsius) / t_Pred.size(0)"),
        # Every t_Pred of the document is a 1-D tensor of 11 entries, where size(0) is the number of averaged entries.
        check=VJPCheck(reference=lambda t_Pred, t_Celsius: F.mse_loss(t_Pred, t_Celsius),
                       domain=_pred_domain(_VECTORS), wrt=("t_Pred",)),
        printed=Form(r"\frac{\partial\,\text{loss}}{\partial\,\text{t\_Pred}} = \frac{2(\text{t\_Pred} - \text{t\_Celsius})}"
                     r"{\text{t\_Pred.size}(0)}", _dloss_vjp(dloss_fn)),
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
                                            "Grad[0]": "4517.2964", "Grad[1]": "82.6000"}, precision=np.float32, rounding=Rounding.PRINTOUT),
        printed=Form(r"\text{Epoch 1 (lr = }10^{-4}\text{, raw t\_Zolta)}", _epoch_figures(100, 1e-4, False, 1)),
    ),
    claim(
        "keldenich-scratch/raw-epoch-100",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _LOOP, "Grad: tensor([-0.0532, 3.0226])"),
        check=FigureCheck(printed={"Loss": "29.022667", "Params[0]": "0.2327", "Params[1]": "-0.0438",
                                            "Grad[0]": "-0.0532", "Grad[1]": "3.0226"}, precision=np.float32, rounding=Rounding.PRINTOUT),
        printed=Form(r"\text{Epoch 100 (lr = }10^{-4}\text{, raw t\_Zolta)}", _epoch_figures(100, 1e-4, False, 100)),
    ),
    claim(
        "keldenich-scratch/grad-ratio",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _LOOP, "a\u00a0un poids environ 50 fois plus grand que le gradient pour le biais"),
        # "environ 50": one significant figure (written 5E+1), a figure in prose: within one unit, 10.
        check=FigureCheck(printed={"Grad[0] / Grad[1]": "5E+1"}, precision=np.float32, rounding=Rounding.PROSE),
        printed=Form(r"\text{Grad}_w / \text{Grad}_b \approx 50", _first_epoch_grad_ratio),
    ),
    claim(
        "keldenich-scratch/normalised-epoch-1",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _NORMALISE, "Grad: tensor([-14.6089, -21.0000])"),
        check=FigureCheck(printed={"Loss": "171.868347", "Params[0]": "1.1461", "Params[1]": "0.2100",
                                            "Grad[0]": "-14.6089", "Grad[1]": "-21.0000"}, precision=np.float32, rounding=Rounding.PRINTOUT),
        printed=Form(r"\text{Epoch 1 (lr = }10^{-2}\text{, t\_Zolta\_n = 0.1 t\_Zolta)}", _epoch_figures(100, 1e-2, True, 1)),
        expect=Status.ERRATUM,
        severity=Severity.ERROR,
        cause="normalised-log",
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
                                            "Grad[0]": "-2.3752", "Grad[1]": "-2.8419"}, precision=np.float32, rounding=Rounding.PRINTOUT),
        printed=Form(r"\text{Epoch 100 (lr = }10^{-2}\text{, t\_Zolta\_n = 0.1 t\_Zolta)}", _epoch_figures(100, 1e-2, True, 100)),
        expect=Status.ERRATUM,
        severity=Severity.ERROR,
        cause="normalised-log",
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
        check=FigureCheck(printed={"params[0]": "5.3671", "params[1]": "-17.3012"}, precision=np.float32,
                          rounding=Rounding.PRINTOUT),
        printed=Form(r"\text{params after 5000 epochs} = (5.3671, -17.3012)", _final_params),
    ),
    claim(
        "keldenich-scratch/fahrenheit-exact",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _RESULTS, "Les valeurs exactes seraient\u00a0w = 5,5556\u00a0et\u00a0b = -17,7778."),
        # Printed with decimal commas: 5,5556 and -17,7778.
        check=FigureCheck(printed={"w": "5.5556", "b": "-17.7778"}, precision=np.float64, rounding=Rounding.PROSE),
        printed=Form(r"w = 10 \cdot \tfrac{5}{9} = 5{,}5556,\ b = -32 \cdot \tfrac{5}{9} = -17{,}7778", _fahrenheit_exact),
    ),
    # ------------------------------------------------ the notebook, run end to end
    claim(
        "keldenich-scratch/raw-log",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _LOOP, "Params: tensor([ 0.5483, -0.0083])"),
        check=ListingCheck(requires=("torch", "matplotlib")),
        printed=Form(r"\texttt{training\_loop(n\_epochs = 100, learning\_rate = 1e-4, ...)}", RAW_RUN),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        cause="log-layout",
        correction=Form(r"\text{the 23 lines the cell prints}", RAW_RUN_CORRECTED),
        explanation=("The figures the page shows for the raw-data cell are exactly what it prints, but the cell "
                     "prints 23 lines (epochs 1, 2, 3, 10, 11, 99 and 100, one line per value, '...' between) "
                     "where the page shows epochs 1 and 100 as bullet lists, with no mark of what it leaves out."),
    ),
]
