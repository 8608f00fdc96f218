"""The claims of keldenich-scratch from « Normaliser les données » to « Visualiser les résultats », in the
document's order: the scaled inputs and their run, the 5000-epoch result, the Fahrenheit reading, the final plot."""

from __future__ import annotations

import numpy as np
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
    claim,
)
from reference.keldenich_scratch.listing import (
    FINAL_RUN,
    NORMALISED_CALL_RUN,
    NORMALISED_RUN,
    NORMALISED_RUN_CORRECTED,
    RESULT_RUN,
)
from reference.keldenich_scratch.printed import (
    conversion_as_stated,
    conversion_corrected,
    line_through_the_cloud,
    one_rate_works,
    zolta_is_fahrenheit,
)
from reference.keldenich_scratch.sentence_domains import (
    _temperatures,
    _unpacking_domain,
)
from reference.keldenich_scratch.sentences import (
    _constant,
    _gradient_amplitudes,
    _line_through_the_cloud,
    _one_rate_works,
    _scaled_input_range,
    _unpacked_value,
    _what_w_b_compute,
    _zolta_is_fahrenheit,
)
from reference.keldenich_scratch.wiring import (
    _NORMALISE,
    _RESULT_PLOT,
    _RESULTS,
    FILE,
    _epoch_figures,
    _fahrenheit_exact,
    _final_params,
    _linear,
    _stated,
)

_RUNS = ListingCheck(requires=("torch", "matplotlib"))
_JUST = lambda: st.just({})

CLAIMS = [
    # ------------------------------------------------ Normaliser les données
    claim(
        "keldenich-scratch/input-range",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _NORMALISE, "ne s’éloigne pas trop\u00a0de l’échelle -1,0 à 1,0.\n\nDans notre cas, on peut "
                                        "obtenir quelque chose de convenable en\u00a0multipliant simplement t_Zolta par 0,1."),
        # The scale the text names (-1,0 to 1,0, decimal commas) against the range of t_Zolta_n = 0.1 * t_Zolta.
        check=FigureCheck(printed={"smallest input": "-1.0", "largest input": "1.0"}, precision=np.float32,
                          rounding=Rounding.PROSE),
        printed=Form(r"0.1\,\text{t\_Zolta} \in [-1{,}0;\ 1{,}0]", _scaled_input_range),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        cause="input-range",
        correction=_stated(_scaled_input_range, {"smallest input": "2.2", "largest input": "8.2"}),
        explanation=("0.1 * t_Zolta lies in [2.18, 8.19] (mean 5.18), wholly outside the scale -1 to 1 and not "
                     "centred: the gradients' gap falls from a factor of about 55 to about 7 and the conditioning "
                     "from 33599 to 357, enough for one learning rate but slow; standardising would give the scale."),
    ),
    claim(
        "keldenich-scratch/normalised-call",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _NORMALISE, "t_Zolta_n = 0.1 * t_Zolta"),
        check=_RUNS,
        printed=Form(r"\texttt{t\_Zolta\_n = 0.1 * t\_Zolta; training\_loop(...)}", NORMALISED_CALL_RUN),
    ),
    claim(
        "keldenich-scratch/normalised-log",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _NORMALISE, "Params: tensor([1.1461, 0.2100])"),
        check=_RUNS,
        printed=Form(r"\texttt{training\_loop(n\_epochs = 100, learning\_rate = 1e-2, ...)}", NORMALISED_RUN),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        cause="log-layout",
        correction=Form(r"\text{the 23 lines the cell prints}", NORMALISED_RUN_CORRECTED),
        explanation=("As for the raw-data cell, the normalised-data cell prints 23 lines (seven epochs, 'Epoch n, "
                     "Loss x' on one line, '...' between) where the page shows epochs 1 and 100 as bullet lists; only "
                     "the layout and the number formats are compared here, the values being normalised-epoch-1/-100's."),
    ),
    claim(
        "keldenich-scratch/normalised-epoch-1",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _NORMALISE, "Grad: tensor([-14.6089, -21.0000])"),
        check=FigureCheck(printed={"Loss": "171.868347", "Params[0]": "1.1461", "Params[1]": "0.2100",
                                   "Grad[0]": "-14.6089", "Grad[1]": "-21.0000"}, precision=np.float32,
                          rounding=Rounding.PRINTOUT),
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
                                   "Grad[0]": "-2.3752", "Grad[1]": "-2.8419"}, precision=np.float32,
                          rounding=Rounding.PRINTOUT),
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
        "keldenich-scratch/similar-amplitude",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _NORMALISE, "Les gradients ont une amplitude similaire."),
        # "Similar" read as a ratio of 1 (a figure in prose: within one unit) between the larger and the smaller
        # |Grad| entry of the cell's own run: it holds of the page's (standardised) log, 1.4 and 1.2.
        check=FigureCheck(printed={"epoch 1 gradient ratio": "1", "epoch 100 gradient ratio": "1"},
                          precision=np.float32, rounding=Rounding.PROSE),
        printed=Form(r"\frac{\max(|\text{Grad}_w|, |\text{Grad}_b|)}{\min(|\text{Grad}_w|, |\text{Grad}_b|)} \approx 1"
                     r"\ \text{(epochs 1 and 100)}", _gradient_amplitudes),
        expect=Status.ERRATUM,
        severity=Severity.CAVEAT,
        cause="normalised-log",
        correction=_stated(_gradient_amplitudes, {"epoch 1 gradient ratio": "7", "epoch 100 gradient ratio": "6"}),
        explanation=("The remark rests on the page's log, which comes from standardised inputs: with the printed "
                     "t_Zolta_n = 0.1 * t_Zolta the gradients still differ by a factor of 7.3 at epoch 1 and 5.7 at "
                     "epoch 100 (down from 55), the same order of magnitude but not a similar amplitude."),
    ),
    claim(
        "keldenich-scratch/single-lr-works",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _NORMALISE, "L’utilisation d’un seul learning rate\u00a0pour les deux paramètres\u00a0fonctionne "
                                        "alors très bien."),
        # One learning rate, 1e-2, for both parameters on 0.1 * t_Zolta: the page's 5000-epoch run ends within 1 % of
        # the least-squares loss (2.927648 against 2.927645; stable since 1e-2 < 2 / 60).
        check=ValueCheck(reference=_one_rate_works, domain=_JUST, deterministic=True),
        printed=Form(r"\text{loss after 5000 epochs at } \eta = 10^{-2} \le 1.01 \min_{w,b} \text{loss}",
                     _constant(one_rate_works)),
    ),
    # ------------------------------------------------ Obtenir les résultats
    claim(
        "keldenich-scratch/final-run-call",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _RESULTS, "print_params = False)"),
        check=_RUNS,
        printed=Form(r"\texttt{params = training\_loop(n\_epochs = 5000, ...); params}", FINAL_RUN),
    ),
    claim(
        "keldenich-scratch/final-params",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _RESULTS, "On obtient : tensor([ 5.3671, -17.3012])"),
        # Reproduced by the printed 0.1 * t_Zolta cell (standardised inputs would end at (9.0349, 10.5000)): the
        # final result, unlike the normalised log, comes from the code as printed.
        check=FigureCheck(printed={"params[0]": "5.3671", "params[1]": "-17.3012"}, precision=np.float32,
                          rounding=Rounding.PRINTOUT),
        printed=Form(r"\text{params after 5000 epochs} = (5.3671, -17.3012)", _final_params),
    ),
    claim(
        "keldenich-scratch/fahrenheit-direction",
        kind=Kind.DEFINITION,
        family="regression",
        source=Source(FILE, _RESULTS, "aux nombres que nous devons utiliser pour\u00a0convertir les degrés Celsius en "
                                      "degrés Fahrenheit"),
        # The conversion the sentence names against what w, b compute in the model (exact values of line 381).
        check=ValueCheck(reference=_what_w_b_compute, domain=_temperatures),
        printed=Form(r"\text{model}(0.1\,t, w, b) = 1.8\,t + 32\ \text{(Celsius to Fahrenheit)}", conversion_as_stated),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        cause="fahrenheit-direction",
        correction=Form(r"\text{model}(0.1\,t, w, b) = (t - 32) \cdot 5/9\ \text{(Fahrenheit to Celsius)}",
                        conversion_corrected),
        explanation=("The model maps the Zolta, that is Fahrenheit scaled by 0.1, to Celsius, so w = 5.5556 and "
                     "b = -17.7778 convert Fahrenheit to Celsius, C = 5/9 (F - 32); Celsius to Fahrenheit is "
                     "F = 1.8 C + 32."),
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
    claim(
        "keldenich-scratch/zolta-fahrenheit",
        kind=Kind.DEFINITION,
        family="regression",
        source=Source(FILE, _RESULTS, "Les Zolta étaient en fait des Fahrenheit\u00a0pendant tout ce temps."),
        # Up to the measures' noise: fixing (w, b) to Fahrenheit's (5/9, -32·5/9) costs an F statistic of 0.52,
        # below its 95 % quantile (4.26); the exact conversion's mean squared error is 3.27, the best line's 2.93.
        check=ValueCheck(reference=_zolta_is_fahrenheit, domain=_JUST, deterministic=True),
        printed=Form(r"\text{t\_Celsius} \approx (\text{t\_Zolta} - 32) \cdot 5/9\ \text{up to the noise of the measures}",
                     _constant(zolta_is_fahrenheit)),
    ),
    # ------------------------------------------------ Visualiser les résultats
    claim(
        "keldenich-scratch/unpacking",
        kind=Kind.DEFINITION,
        family="regression",
        source=Source(FILE, _RESULT_PLOT, "model(t_Zolta_n, *params)\u00a0est équivalent à\u00a0model(t_Zolta_n, params[0], "
                                          "params[1])"),
        check=ValueCheck(reference=lambda t_Zolta_n, params: _linear(t_Zolta_n, params[0], params[1]),
                         domain=_unpacking_domain),
        printed=Form(r"\text{model}(\text{t\_Zolta\_n}, {*}\text{params}) = \text{model}(\text{t\_Zolta\_n}, "
                     r"\text{params}[0], \text{params}[1])", _unpacked_value),
    ),
    claim(
        "keldenich-scratch/result-plot-code",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _RESULT_PLOT, "plt.plot(t_Zolta.numpy(), t_Pred.detach().numpy())"),
        check=_RUNS,
        printed=Form(r"\texttt{plt.plot(t\_Zolta.numpy(), t\_Pred.detach().numpy())}", RESULT_RUN),
    ),
    claim(
        "keldenich-scratch/result-figure",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _RESULT_PLOT, "Régression Linéaire"),
        expect=Status.NOT_JUDGED,
        explanation=("The plot of the result is an image: only its caption « Régression Linéaire » survives; the "
                     "cell that draws it is judged by result-plot-code and the sentence on it by line-through-cloud."),
    ),
    claim(
        "keldenich-scratch/line-through-cloud",
        kind=Kind.DEFINITION,
        family="regression",
        source=Source(FILE, _RESULT_PLOT, "On a bien\u00a0une droite passant au milieu de cet amas de point"),
        # The fitted line of the 5000-epoch run: residuals of both signs, mean -0.0003 °C against an RMS of 1.71 °C.
        check=ValueCheck(reference=_line_through_the_cloud, domain=_JUST, deterministic=True),
        printed=Form(r"\text{residuals } r \text{ of both signs},\ |\bar{r}| < 0.1\,\text{RMS}(r)",
                     _constant(line_through_the_cloud)),
    ),
]
