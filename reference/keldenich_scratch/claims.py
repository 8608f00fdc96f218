"""The claims of keldenich-scratch from « Initialiser » to « La loss function », in the document's order: the data,
the scatter plot, the model and the loss (the later sections are in ``claims_gradient``, ``claims_training`` and
``claims_results``)."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import strategies as st

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
from reference.keldenich_scratch.listing import DATA_RUN, SCATTER_RUN
from reference.keldenich_scratch.printed import (
    absolute_error,
    affine,
    celsius_from_zolta,
    celsius_from_zolta_wb,
    linear_slope,
    loss_sign_as_printed,
    loss_sign_corrected,
    mean_squared_error,
    plotted_axes_as_stated,
    plotted_axes_corrected,
    points_form_a_line,
    squared_error,
)
from reference.keldenich_scratch.sentence_domains import (
    _LONGER,
    _affine_domain,
    _axes_domain,
    _pairs,
    _slope_domain,
    _zolta_domain,
)
from reference.keldenich_scratch.sentences import (
    _constant,
    _data_figures,
    _default_params,
    _derivative_of,
    _example_pairs,
    _plotted_axes,
    _points_form_a_line,
)
from reference.keldenich_scratch.wiring import (
    _INITIALISE,
    _LOSS,
    _MODEL,
    _VISUALISE,
    FILE,
    _initial_loss,
    _linear,
    _loss_sign,
    _loss_value,
    _model_domain,
    _model_value,
    _pred_domain,
    _tenths_pairs,
    _worked_example,
)

_RUNS = ListingCheck(requires=("torch", "matplotlib"))

#: Lines 33-34, the two lists of measures, as printed.
_DATA_LISTS = ("En Celsius : [0.5, 14.0, 15.0, 28.0, 11.0, 8.0, 3.0, -4.0, 6.0, 13.0, 21.0]\n"
               "  • En Zolta : [35.7, 55.9, 58.2, 81.9, 56.3, 48.9, 33.9, 21.8, 48.4, 60.4, 68.4]")
_CELSIUS_PRINTED = ("0.5", "14.0", "15.0", "28.0", "11.0", "8.0", "3.0", "-4.0", "6.0", "13.0", "21.0")
_ZOLTA_PRINTED = ("35.7", "55.9", "58.2", "81.9", "56.3", "48.9", "33.9", "21.8", "48.4", "60.4", "68.4")

CLAIMS = [
    # ------------------------------------------------ Initialiser
    claim(
        "keldenich-scratch/data-lists",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _INITIALISE, _DATA_LISTS),
        # The lists of the text against the tensors the first code cell builds (a figure in prose: one unit).
        check=FigureCheck(printed={**{f"Celsius[{i}]": v for i, v in enumerate(_CELSIUS_PRINTED)},
                                   **{f"Zolta[{i}]": v for i, v in enumerate(_ZOLTA_PRINTED)}},
                          precision=np.float32, rounding=Rounding.PROSE),
        printed=Form(r"\text{the lists of lines 33-34} = \text{the tensors of the first cell}", _data_figures),
    ),
    claim(
        "keldenich-scratch/data-tensors",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _INITIALISE, "t_Zolta = torch.tensor(t_Zolta)"),
        check=ListingCheck(requires=("torch",)),
        printed=Form(r"\texttt{t\_Zolta = torch.tensor(t\_Zolta)}", DATA_RUN),
    ),
    # ------------------------------------------------ Visualiser
    claim(
        "keldenich-scratch/scatter-code",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _VISUALISE, 'plt.plot(t_Celsius,t_Zolta, ".")'),
        check=_RUNS,
        printed=Form(r"\texttt{plt.plot(t\_Celsius,t\_Zolta, \".\")}", SCATTER_RUN),
    ),
    claim(
        "keldenich-scratch/scatter-figure",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _VISUALISE, "Celsius & Zolta"),
        expect=Status.NOT_JUDGED,
        explanation=("The scatter plot is an image: only its caption « Celsius & Zolta » survives; the cell that "
                     "draws it is judged by scatter-code and the sentence on its axes by scatter-axes."),
    ),
    claim(
        "keldenich-scratch/scatter-axes",
        kind=Kind.DEFINITION,
        family="plot",
        source=Source(FILE, _VISUALISE,
                      "l’idée est\u00a0d’afficher les températures en Celsius en fonction des températures en Zolta"),
        # The sentence's axes against those of the line the printed cell draws (matplotlib: x first, then y).
        check=ValueCheck(reference=_plotted_axes, domain=_axes_domain),
        printed=Form(r"(x, y) = (\text{t\_Zolta}, \text{t\_Celsius})", plotted_axes_as_stated),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        cause="scatter-axes",
        correction=Form(r"(x, y) = (\text{t\_Celsius}, \text{t\_Zolta})", plotted_axes_corrected),
        explanation=("plt.plot(t_Celsius, t_Zolta, \".\") puts its first argument on the horizontal axis, so the cell "
                     "shows the Zolta temperatures as a function of the Celsius ones, the transpose of what the "
                     "sentence (and the final plot, Celsius against Fahrenheit) describes."),
    ),
    claim(
        "keldenich-scratch/straight-line-reading",
        kind=Kind.DEFINITION,
        family="regression",
        source=Source(FILE, _VISUALISE, "on peut voir que\u00a0cet amas de température forme une sorte de droite"),
        check=ValueCheck(reference=_points_form_a_line, domain=lambda: st.just({}), deterministic=True),
        printed=Form(r"|r(\text{t\_Zolta}, \text{t\_Celsius})| \ge 0.95", _constant(points_form_a_line)),
    ),
    # ------------------------------------------------ Le modèle
    claim(
        "keldenich-scratch/example-pairs",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _MODEL, "35.7 Zolta = 0.5 Celsius\n  • 55.9 Zolta = 14 Celsius"),
        # Measures 0 and 1 of the first cell, paired as there (a figure in prose: one unit).
        check=FigureCheck(printed={"t_Zolta[0]": "35.7", "t_Celsius[0]": "0.5", "t_Zolta[1]": "55.9",
                                   "t_Celsius[1]": "14"}, precision=np.float32, rounding=Rounding.PROSE),
        printed=Form(r"(35.7, 0.5),\ (55.9, 14) = (\text{t\_Zolta}_i, \text{t\_Celsius}_i)_{i=0,1}", _example_pairs),
    ),
    claim(
        "keldenich-scratch/affine-model",
        kind=Kind.DEFINITION,
        family="regression",
        source=Source(FILE, _MODEL, "y = a * x + b"),
        check=ValueCheck(reference=lambda x, a, b: _linear(x, a, b), domain=_affine_domain),
        printed=Form(r"y = a x + b", affine),
    ),
    claim(
        "keldenich-scratch/linear-wording",
        kind=Kind.DEFINITION,
        family="regression",
        source=Source(FILE, _MODEL, "On dit ainsi que ces mesures sont\u00a0liées linéairement."),
        # "Linear" in the loose sense of linear regression: y changes at one rate, a, whatever x (an affine map).
        check=ValueCheck(reference=lambda x1, x2, a, b: torch.ones_like(x1) * a, domain=_slope_domain),
        printed=Form(r"\frac{y(x_2) - y(x_1)}{x_2 - x_1} = a", linear_slope),
    ),
    claim(
        "keldenich-scratch/celsius-model-ab",
        kind=Kind.DEFINITION,
        family="regression",
        source=Source(FILE, _MODEL, "t_Celsius = a * t_Zolta + b"),
        check=ValueCheck(reference=lambda t_Zolta, a, b: _linear(t_Zolta, a, b), domain=_zolta_domain),
        printed=Form(r"\text{t\_Celsius} = a \cdot \text{t\_Zolta} + b", celsius_from_zolta),
    ),
    claim(
        "keldenich-scratch/worked-example",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _MODEL, "0.5 = 0.01 * 35.7 + 0.15"),
        check=FigureCheck(printed={"0.01 * 35.7 + 0.15": "0.5"}, precision=np.float64, rounding=Rounding.PROSE),
        printed=Form(r"0.5 = 0.01 \times 35.7 + 0.15", _worked_example),
    ),
    claim(
        "keldenich-scratch/weight-bias-model",
        kind=Kind.DEFINITION,
        family="regression",
        source=Source(FILE, _MODEL, "t_Celsius = w * t_Zolta + b"),
        check=ValueCheck(reference=_linear, domain=_model_domain),
        printed=Form(r"\text{t\_Celsius} = w \cdot \text{t\_Zolta} + b", celsius_from_zolta_wb),
    ),
    claim(
        "keldenich-scratch/model",
        kind=Kind.DEFINITION,
        family="regression",
        source=Source(FILE, _MODEL, "return w * t_Zolta + b"),
        check=ValueCheck(reference=_linear, domain=_model_domain),
        printed=Form(r"\text{t\_Pred} = w \cdot \text{t\_Zolta} + b", _model_value),
    ),
    # ------------------------------------------------ La loss function
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
        explanation=("Read strictly, \"un résulat supérieur à zéro\" excludes the loss of a perfect prediction, which "
                     "both losses offered, |t_Pred – t_Celsius| and (t_Pred – t_Celsius)², make exactly 0 (the very "
                     "point training aims at), and positivity alone does not make a loss (it must be least at "
                     "t_Pred = t_Celsius); wording only, as French \"supérieur à\" is often read as ≥ and no result of "
                     "the document depends on it."),
    ),
    claim(
        "keldenich-scratch/loss-option-abs",
        kind=Kind.DEFINITION,
        family="loss",
        source=Source(FILE, _LOSS, "|t_Pred – t_Celsius|"),
        check=ValueCheck(reference=lambda t_Pred, t_Celsius: F.l1_loss(t_Pred, t_Celsius, reduction="none"),
                         domain=_pairs(shapes())),
        printed=Form(r"|\text{t\_Pred} - \text{t\_Celsius}|", absolute_error),
    ),
    claim(
        "keldenich-scratch/loss-option-squared",
        kind=Kind.DEFINITION,
        family="loss",
        source=Source(FILE, _LOSS, "(t_Pred – t_Celsius)²"),
        check=ValueCheck(reference=lambda t_Pred, t_Celsius: F.mse_loss(t_Pred, t_Celsius, reduction="none"),
                         domain=_pairs(shapes())),
        printed=Form(r"(\text{t\_Pred} - \text{t\_Celsius})^2", squared_error),
    ),
    claim(
        "keldenich-scratch/mse-name",
        kind=Kind.BACKWARD,
        family="loss",
        source=Source(FILE, _LOSS, "La deuxième options est appelée\u00a0erreur quadratique moyenne\u00a0ou\u00a0mean square loss"),
        # The name against what the document differentiates: dloss_fn's / t_Pred.size(0) is the mean's derivative.
        check=VJPCheck(reference=lambda t_Pred, t_Celsius: F.mse_loss(t_Pred, t_Celsius), domain=_pairs(_LONGER),
                       wrt=("t_Pred",)),
        printed=Form(r"\text{MSE} = (\text{t\_Pred} - \text{t\_Celsius})^2,\ "
                     r"\frac{\partial\,\text{MSE}}{\partial\,\text{t\_Pred}} = 2(\text{t\_Pred} - \text{t\_Celsius})",
                     _derivative_of(squared_error)),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        cause="mse-name",
        correction=Form(r"\text{MSE} = \operatorname{mean}\,(\text{t\_Pred} - \text{t\_Celsius})^2,\ "
                        r"\frac{\partial\,\text{MSE}}{\partial\,\text{t\_Pred}} = "
                        r"\frac{2(\text{t\_Pred} - \text{t\_Celsius})}{N}", _derivative_of(mean_squared_error)),
        explanation=("(t_Pred – t_Celsius)² is the squared error: the mean squared error is its mean over the "
                     "measures, which is what loss_fn returns and what the / t_Pred.size(0) of dloss_fn "
                     "differentiates, while the formula as named differentiates to 2(t_Pred − t_Celsius), N times more."),
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
        "keldenich-scratch/default-params",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _LOSS, "avec des poids et biais\u00a0par défaut\u00a0(respectivement à 1 et 0)"),
        # The sentence's figures against w = torch.ones(()), b = torch.zeros(()) of the cell that follows it.
        check=FigureCheck(printed={"w": "1", "b": "0"}, precision=np.float32, rounding=Rounding.PROSE),
        printed=Form(r"w = 1,\ b = 0", _default_params),
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
]
