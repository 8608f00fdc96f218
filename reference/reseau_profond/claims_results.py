"""The claims of reseau-profond from the data to the end (l.200-377), in the document's order: In [15], the two
runs (In [16], In [42]), their logs and accuracies, the sentences that read them, and the extension.  Each quotes
what it checks, wires the printed form (``printed``, ``sentences``, ``listing``) to a check through
``wiring_results``, and states the status it should get."""

from __future__ import annotations

from pathlib import Path

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
from oracle.forms import vjp
from reference.reseau_profond import listing as nb
from reference.reseau_profond import printed as p
from reference.reseau_profond import sentences as s
from reference.reseau_profond.wiring import (
    _LOADING,
    FILE,
    _accuracy,
    _accuracy_cases,
    _accuracy_reference,
    _layer_backward,
)
from reference.reseau_profond.wiring_results import (
    _INKED,
    _NOT_ELEMENTWISE,
    _accuracies,
    _accuracy_of,
    _attainable_by_printed_cost,
    _bias_variance_signs,
    _chosen_on_test,
    _extended_layer_backward_pass,
    _gap_sign,
    _labels_column,
    _new_activation,
    _new_layer_reference,
    _one_hot_reference,
    _over_sizes,
    _pixels,
    _plan_16,
    _plan_42,
    _predictions,
    _standardised,
    _test_change_sign,
    _train_change_sign,
)

_DEV = "L'importance du jeu de dev"
_EXTENSION = "Extension du système"

#: The notebook's run: offline, on small synthetic stand-ins for the course's MNIST files.
_NOTEBOOK = ListingCheck(requires=("numpy", "matplotlib"), offline=Path(__file__).with_name("offline.py"))
#: A statement about the printouts as the notebook shows them: one case, nothing drawn.
_SHOWN = dict(domain=lambda: st.just({}), deterministic=True)


def _prose(**digits):
    """The figures a sentence quotes, judged at their printed precision (the prose rule)."""
    return FigureCheck(printed=digits, rounding=Rounding.PROSE)


CLAIMS = [
    # ------------------------------------------------ In [15]
    claim(
        "reseau-profond/mnist-sizes",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _LOADING, "(images 28x28, 60.000 données d'entrainement et 10.000 données de validation)"),
        # The accuracies In [39] and In [43] print are counts of right answers over these sizes: each printout must
        # be the nearest k / 60 000 (training) or k / 10 000 (test), printed with %f.
        check=FigureCheck(printed={"training, In [39]": "99.618333", "test, In [39]": "95.100000",
                                   "training, In [43]": "98.576667", "test, In [43]": "96.910000"},
                          rounding=Rounding.PRINTOUT),
        printed=Form(r"m_{\text{train}} = 60\,000,\ m_{\text{test}} = 10\,000:\ "
                     r"\text{accuracy} = 100\,k / m", _over_sizes),
    ),
    claim(
        "reseau-profond/normalization",
        kind=Kind.DEFINITION,
        family="data",
        source=Source(FILE, _LOADING, "sigmas = x_train.std (axis = 0, keepdims = True) + 1e-9"),
        check=ValueCheck(reference=_standardised, domain=_pixels),
        printed=Form(r"x_{\text{test}} \mapsto (x_{\text{test}} - \mu) / (\sigma + 10^{-9})", p.normalise),
        expect=Status.CONDITIONAL,
        severity=Severity.CAVEAT,
        cause="normalisation-1e-9",
        correction=Form(r"\sigma \mapsto 1\ \text{where}\ \sigma = 0", p.normalise_corrected),
        condition=_INKED,
        explanation=("A pixel that is 0 in every training image (MNIST's borders) has sigma = 0, so ink on it in a test "
                     "image is divided by 1e-9 (about 1e11 for raw 0-255 values): that drives the printed tanh into "
                     "overflow and NaN (argmax 0) in In [39] and the sigmoid overflow of In [43], the two warnings the "
                     "notebook shows; a zero sigma should be left at 1 (the pixel centred, not scaled)."),
    ),
    claim(
        "reseau-profond/one-hot",
        kind=Kind.DEFINITION,
        family="data",
        source=Source(FILE, _LOADING, "y_train_mat = (y_train == np.arange(10)).astype(int)"),
        # y_train as a column (m, 1), which the line needs (a vector (m,) would not broadcast against the ten
        # classes) and the offline stand-ins provide.
        check=ValueCheck(reference=_one_hot_reference, domain=_labels_column),
        printed=Form(r"Y_{ik} = [\,y_i = k\,],\ k = 0, \dots, 9", p.one_hot),
    ),
    # ------------------------------------------------ In [16]
    claim(
        "reseau-profond/plan-16",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _LOADING, "\"tanh 50 / sigmoid 25 / sigmoid 10\" sur 30 époques"),
        # Each figure is the width of the layer whose activation the sentence names, as In [16] passes them to
        # train_model (NaN if that layer's activation differs).
        check=_prose(**{"tanh 50": "50", "sigmoid 25": "25", "sigmoid 10": "10", "époques": "30"}),
        printed=Form(r"\text{tanh } 50 / \text{sigmoid } 25 / \text{sigmoid } 10,\ 30\ \text{epochs}", _plan_16),
    ),
    claim(
        "reseau-profond/plot-costs",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _LOADING, "plot.plot(range(epochs), costs)"),
        check=_NOTEBOOK,
        printed=Form(r"\texttt{plot.plot(range(epochs), costs)}", nb.PLOT),
        expect=Status.DOES_NOT_RUN,
        severity=Severity.ERROR,
        cause="costs-per-batch",
        correction=Form(r"\texttt{costs.append(cost)}\ \text{once per epoch}", nb.PLOT_CORRECTED),
        explanation=("train_model's debug block (cost, costs.append, print) sits inside the batch loop, so costs "
                     "holds one entry per batch and plot.plot(range(epochs), costs) raises ValueError; computed once "
                     "per epoch, it prints the 30 lines 'Epoch #1' to 'Epoch #30' the notebook shows and plots."),
    ),
    claim(
        "reseau-profond/log-16",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _LOADING, "Epoch #1: 2.30543242166822"),
        check=_NOTEBOOK,
        printed=Form(r"\texttt{python: In [16]}\ \text{(the corrections that let it run)}", nb.LOG_16_RUN),
        expect=Status.ERRATUM,
        severity=Severity.ERROR,
        cause="printed-logs",
        correction=Form(r"\texttt{costs.append(cost)}\ \text{and the print once per epoch}", nb.LOG_16_RUN_CORRECTED),
        explanation=("The printed code cannot produce the 30 lines 'Epoch #1' to 'Epoch #30' shown: once it runs, it "
                     "prints one line per batch (938 per epoch on MNIST), each labelled with its epoch, so the second "
                     "line already reads 'Epoch #1'; its values cannot be recomputed here (no MNIST), but they are "
                     "not the printed cost's either (reseau-profond/log-16-scale)."),
    ),
    claim(
        "reseau-profond/log-16-digits",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _LOADING, "Epoch #27: 0.0570840494023103764"),
        check=_NOTEBOOK,
        printed=Form(r"\texttt{Epoch \#27: 0.0570840494023103764}", nb.LOG_16_DIGITS),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        cause="log-digits",
        correction=Form(r"\texttt{Epoch \#27: 0.05708404940231038}", nb.LOG_16_DIGITS_CORRECTED),
        explanation=("'%s' of a float64 prints at most 17 significant digits, and this line has 18: it was altered "
                     "after it was printed (str(float(...)) gives 0.05708404940231038, the same value to 16 digits)."),
    ),
    claim(
        "reseau-profond/log-16-scale",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _LOADING, "Epoch #30: 0.04877062957830094"),
        # Whether each shown value is one In [13]'s printed cost can take on 60 000 images, whatever the data and
        # the parameters: that cost is at least 60 000 * 2 ln 2 (about 83 178).
        check=ValueCheck(reference=_attainable_by_printed_cost, **_SHOWN),
        printed=Form(r"\text{the 30 values} = -\textstyle\sum \left[\log(A_L)\,Y + \log(1 - A_L)\right]",
                     s.log_is_the_printed_cost),
        expect=Status.ERRATUM,
        severity=Severity.ERROR,
        cause="printed-logs",
        correction=Form(r"-\textstyle\sum \left[\log(A_L)\,Y + \log(1 - A_L)\right] \ge 2 \ln 2 \cdot 60\,000 "
                        r"\approx 83\,178 > 2.31", s.log_is_another_programs),
        explanation=("With one-hot Y, each image's true class adds -log(a) - log(1 - a) >= 2 ln 2 to the printed cost "
                     "and every other class -log(1 - a) > 0, so on 60 000 images the printed code prints at least "
                     "83 178 (and more as its -log(1 - A) terms grow with training, reseau-profond/cost): the log's "
                     "values, 2.305 falling to 0.0488, come from another program (a per-image mean of another loss)."),
    ),
    claim(
        "reseau-profond/accuracy",
        kind=Kind.DEFINITION,
        family="algorithm",
        source=Source(FILE, _LOADING,
                      "results = np.argmax(model_forward_pass(x, layer_activations, params)"
                      "['A'+str(len(layer_activations))], axis = 1)"),
        check=ValueCheck(reference=_accuracy_reference,
                         domain=_accuracy_cases),
        printed=Form(r"\text{accuracy} = \operatorname{mean}\big[\operatorname{argmax}_{\text{axis}=1} A_L = y\big]", _accuracy(p.accuracy)),
        expect=Status.DOES_NOT_RUN,
        severity=Severity.ERROR,
        correction=Form(r"\text{accuracy} = \operatorname{mean}\big[\operatorname{argmax}_{\text{axis}=0} A_L = y\big]", _accuracy(p.accuracy_corrected)),
        explanation=("With examples in columns, \"np.argmax(..., axis = 1)\" takes the argmax over the m examples for "
                     "each of the 10 classes, giving shape (10,); \"results == y\" with y = y_train.T of shape (1, m) "
                     "(In [15] needs y_train as a column) raises ValueError (shapes cannot be broadcast) under numpy "
                     ">= 1.25 unless m is 1 or 10, where it silently returns a meaningless number (numpy < 1.25 "
                     "returned False with a warning, i.e. an accuracy of 0); argmax over axis 0 is meant (judged with "
                     "the corrected p.model_forward_pass)."),
    ),
    claim(
        "reseau-profond/accuracy-calls",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _LOADING,
                      "print('Accuracy on training set : %f%%' % (100*accuracy(x_train_norm.T, y_train.T, params, "
                      "layer_activations)))"),
        check=_NOTEBOOK,
        printed=Form(r"\texttt{accuracy(..., params, layer\_activations)}", nb.ACCURACY_CALLS),
        expect=Status.DOES_NOT_RUN,
        severity=Severity.ERROR,
        cause="layer-activations",
        correction=Form(r"\texttt{accuracy(..., params, activations)}", nb.ACCURACY_CALLS_CORRECTED),
        explanation=("In [39] passes layer_activations, a parameter name of train_model and accuracy that the "
                     "notebook never defines (In [16] defines activations), so both calls raise NameError; with "
                     "activations they print the two accuracy lines in the notebook's %f format.  The accuracies shown "
                     "(99.618333 %, 95.100000 %) therefore cannot come from the printed code; their format and "
                     "denominators are consistent (reseau-profond/mnist-sizes)."),
    ),
    # ------------------------------------------------ In [39]'s results, and the second model
    claim(
        "reseau-profond/prose-99.6",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _LOADING, "99.6% au training !!!"),
        check=_prose(**{"training, In [39]": "99.6"}),
        printed=Form(r"99.6\,\%\ \text{(training, In [39])}", lambda: {"training, In [39]": _accuracies()["training, In [39]"]}),
    ),
    claim(
        "reseau-profond/prose-95",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _LOADING, "Bon par contre que 95% au test."),
        check=_prose(**{"test, In [39]": "95"}),
        printed=Form(r"95\,\%\ \text{(test, In [39])}", lambda: {"test, In [39]": _accuracies()["test, In [39]"]}),
    ),
    claim(
        "reseau-profond/overfit",
        kind=Kind.DEFINITION,
        family="figure",
        source=Source(FILE, _LOADING, "Ca signifie un gros overfit puisqu'on a une grosse variance."),
        # Variance read as the gap between training and test accuracy, on In [39]'s printout.
        check=ValueCheck(reference=_gap_sign, **_SHOWN),
        printed=Form(r"\operatorname{sign}(\text{acc}_{\text{train}} - \text{acc}_{\text{test}}) = +1",
                     s.overfit_gap_sign),
    ),
    claim(
        "reseau-profond/plan-42",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _LOADING, "On essaye un autre modèle \"relu 50 / relu 25 / sigmoide 10\" par exemple"),
        check=_prose(**{"relu 50": "50", "relu 25": "25", "sigmoide 10": "10"}),
        printed=Form(r"\text{relu } 50 / \text{relu } 25 / \text{sigmoid } 10", _plan_42),
    ),
    claim(
        "reseau-profond/plot-42",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _LOADING, "learning_rate = 0.01, show_cost = True)\n\nplot.plot(range(epochs), costs)"),
        check=_NOTEBOOK,
        printed=Form(r"\texttt{In [42]: plot.plot(range(epochs), costs)}", nb.PLOT_42),
        expect=Status.DOES_NOT_RUN,
        severity=Severity.ERROR,
        cause="costs-per-batch",
        correction=Form(r"\texttt{costs.append(cost)}\ \text{once per epoch}", nb.PLOT_42_CORRECTED),
        explanation=("In [42] plots against range(epochs) the costs train_model keeps one per batch, as In [16] does, "
                     "so its plot.plot raises ValueError too (x has 30 points, costs one per batch); computed once per "
                     "epoch, the costs match."),
    ),
    claim(
        "reseau-profond/log-42",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _LOADING, "Epoch #1: 3.2195483867992793"),
        check=_NOTEBOOK,
        printed=Form(r"\texttt{In [42]}\ \text{(every earlier correction applied)}", nb.LOG_42_RUN),
        expect=Status.ERRATUM,
        severity=Severity.ERROR,
        cause="printed-logs",
        correction=Form(r"dZ_L = A_L - Y,\ \text{the cost from the logits}", nb.LOG_42_RUN_CORRECTED),
        explanation=("With the printed randn initialisation and dA_last, In [42]'s parameters are NaN after its first "
                     "batch on standardised images whatever the data (reseau-profond/init-randn), so the code prints "
                     "'Epoch #1: nan' where the notebook shows a cost falling smoothly from 3.22 to 0.114: the log "
                     "comes from another program; starting the backward pass from dZ_L = A_L - Y and computing the "
                     "cost from the logits, the run prints finite costs (their values need MNIST)."),
    ),
    claim(
        "reseau-profond/accuracy-calls-43",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _LOADING,
                      "In [43]: print('Accuracy on training set : %f%%' % (100*accuracy(x_train_norm.T, y_train.T, "
                      "params, layer_activations)))"),
        check=_NOTEBOOK,
        printed=Form(r"\texttt{In [43]: accuracy(..., params, layer\_activations)}", nb.ACCURACY_CALLS_43),
        expect=Status.DOES_NOT_RUN,
        severity=Severity.ERROR,
        cause="layer-activations",
        correction=Form(r"\texttt{accuracy(..., params, activations)}", nb.ACCURACY_CALLS_43_CORRECTED),
        explanation=("In [43] passes layer_activations, never defined in the notebook, as In [39] does, so it raises "
                     "NameError; with activations it prints the two lines in the %f format shown, but of a NaN "
                     "network (reseau-profond/log-42): the share of label 0 (argmax of a NaN column is 0), about 10 %, "
                     "where 98.576667 % and 96.910000 % are shown."),
    ),
    claim(
        "reseau-profond/prose-un-poil",
        kind=Kind.DEFINITION,
        family="figure",
        source=Source(FILE, _LOADING, "On fait *un poil* moins bien sur le jeu d'entrainement"),
        check=ValueCheck(reference=_train_change_sign, **_SHOWN),
        printed=Form(r"\operatorname{sign}(\text{acc}^{[43]}_{\text{train}} - \text{acc}^{[39]}_{\text{train}}) = -1",
                     s.second_model_train_sign),
    ),
    claim(
        "reseau-profond/prose-98.57",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _LOADING, "c'est toujours du 98.57%"),
        check=_prose(**{"training, In [43]": "98.57"}),
        printed=Form(r"98.57\,\%\ \text{(training, In [43])}", lambda: {"training, In [43]": _accuracies()["training, In [43]"]}),
    ),
    claim(
        "reseau-profond/prose-97",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _LOADING, "on fait quasiment du 97% sur le jeu de test, ce qui est sensiblement mieux"),
        check=_prose(**{"test, In [43]": "97"}),
        printed=Form(r"97\,\%\ \text{(test, In [43])}", lambda: {"test, In [43]": _accuracies()["test, In [43]"]}),
    ),
    claim(
        "reseau-profond/bias-variance",
        kind=Kind.DEFINITION,
        family="figure",
        source=Source(FILE, _LOADING, "donc un peu plus de biais mais un peu moins de variance sur ce modèle"),
        # Bias read as the training error, variance as the train-test gap, In [43] against In [39].
        check=ValueCheck(reference=_bias_variance_signs, **_SHOWN),
        printed=Form(r"\Delta\,\text{err}_{\text{train}} > 0,\ \Delta\,(\text{acc}_{\text{train}} - "
                     r"\text{acc}_{\text{test}}) < 0", s.bias_and_variance_signs),
    ),
    claim(
        "reseau-profond/precision-term",
        kind=Kind.DEFINITION,
        family="metric",
        source=Source(FILE, _LOADING,
                      "si la métrique qu'on retient est la précision, alors le second modèle est un peu meilleur"),
        check=ValueCheck(reference=_accuracy_of, domain=_predictions),
        printed=Form(r"\text{précision} = \frac{1}{K}\sum_k \frac{TP_k}{TP_k + FP_k}", s.precision_as_said),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        cause="precision-term",
        correction=Form(r"\text{exactitude} = \frac{1}{m}\sum_i [\hat y_i = y_i]", s.accuracy_as_computed),
        explanation=("The figures compared are accuracies (np.mean(results == y) in In [39]), which the sentence calls "
                     "\"la précision\", a different metric (per class, the share of its predictions that are right); "
                     "the ranking of the two models holds for the accuracy (wording only)."),
    ),
    # ------------------------------------------------ "L'importance du jeu de dev"
    claim(
        "reseau-profond/relu-better",
        kind=Kind.DEFINITION,
        family="figure",
        source=Source(FILE, _DEV, "le modèle avec deux ReLUs fonctionne mieux que celui avec tanh + sigmoid"),
        check=ValueCheck(reference=_test_change_sign, **_SHOWN),
        printed=Form(r"\operatorname{sign}(\text{acc}^{[43]}_{\text{test}} - \text{acc}^{[39]}_{\text{test}}) = +1",
                     s.relu_model_better_sign),
    ),
    claim(
        "reseau-profond/dev-set",
        kind=Kind.DEFINITION,
        family="figure",
        source=Source(FILE, _DEV, "on \"entraîne\" l'hyper-paramètre \"structure du réseau\" pour minimiser une "
                                  "fonction de coût (celle sur le jeu de test)"),
        check=ValueCheck(reference=_chosen_on_test, **_SHOWN),
        printed=Form(r"\arg\min_{\text{structure}} \text{cost}_{\text{test}} = \text{relu / relu / sigmoid}",
                     s.structure_chosen_on_test),
    ),
    # ------------------------------------------------ "Extension du système"
    claim(
        "reseau-profond/extension",
        kind=Kind.BACKWARD,
        family="activation",
        source=Source(FILE, _EXTENSION, "il suffit d'avoir la fonction souhaitée et sa dérivée, et de les ajouter aux "
                                        "dictionnaires correspondants"),
        # A new activation (softplus) and its derivative added to act_functions and act_derivates, through In [12]'s
        # layer_backward_pass, against torch; the condition adds softmax, the natural output for ten classes.
        check=VJPCheck(reference=_new_layer_reference, domain=_new_activation("softplus"), wrt=("W", "b", "A_prev")),
        printed=Form(r"\text{act\_functions}[a] = a,\ \text{act\_derivates}[a] = a',\ dZ = dA * a'(Z)",
                     vjp(_layer_backward(_extended_layer_backward_pass()))),
        expect=Status.CONDITIONAL,
        severity=Severity.CAVEAT,
        cause="elementwise-only",
        correction=Form(r"dZ = J_a(Z)^T\, dA\ \text{(} dA * a'(Z) \text{ for an element-wise } a\text{)}",
                        vjp(_layer_backward(s.layer_backward_pass_vjp))),
        condition=_NOT_ELEMENTWISE,
        explanation=("The backward pass computes dZ = dA * a'(Z), the chain rule only when a acts entry by entry (a "
                     "diagonal Jacobian): a new element-wise activation works as the sentence says, but softmax, the "
                     "natural output for ten classes, needs its Jacobian product s * (dA - sum(s * dA)), and an "
                     "output layer must also keep A in (0, 1) for dA_last's cross-entropy."),
    ),
]
