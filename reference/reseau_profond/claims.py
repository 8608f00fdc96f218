"""The claims of reseau-profond, in the document's order: each quotes what it checks, wires the
printed form (``printed``) to a check through ``wiring``, and states the status it should get."""

from __future__ import annotations

from pathlib import Path

import torch
from hypothesis import strategies as st

from oracle import Form, Kind, ListingCheck, Severity, Source, Status, ValueCheck, VJPCheck, claim
from oracle.domains import EDGES, labels, network_parameters, probabilities, same_shape, shapes
from oracle.forms import elementwise_derivative, partial_derivative, scalar_gradients, vjp
from reference.reseau_profond import printed as p
from reference.reseau_profond.listing import ACCURACY_CALLS, ACCURACY_CALLS_CORRECTED, PLOT, PLOT_CORRECTED
from reference.reseau_profond.wiring import (
    _BACKWARD,
    _DERIVATION,
    _DERIVATIVES,
    _FORWARD,
    _FUNCTIONS,
    _LOADING,
    _ONE_LAYER_VJP,
    _OVERFLOW,
    _OVERFLOW_NEG,
    _TORCH_ACT,
    _TRAINING,
    FILE,
    _accuracy,
    _accuracy_cases,
    _accuracy_reference,
    _bce_elementwise,
    _bce_sum,
    _deep_networks,
    _dZ_domain,
    _dZ_of,
    _formula_forward,
    _layer_backward,
    _layer_forward,
    _model_backward,
    _model_forward,
    _network_cost,
    _network_values,
    _one_gradient,
    _one_layer,
    _one_layer_values,
    _train_reference,
    _trained,
    _training_cases,
    _x,
)

#: The notebook's run: offline, on small synthetic stand-ins for the course's MNIST files.
_NOTEBOOK = ListingCheck(requires=("numpy", "matplotlib"), offline=Path(__file__).with_name("offline.py"))

CLAIMS = [
    claim(
        "reseau-profond/sigmoid",
        kind=Kind.DEFINITION,
        family="activation",
        source=Source(FILE, _FUNCTIONS, "def sigmoid(x): return 1 / (1 + np.exp(-x))"),
        check=ValueCheck(reference=lambda x: torch.sigmoid(x),
                         domain=_x(-1e3, 1e3, edges=EDGES["kink"] + EDGES["saturation"] + EDGES["extreme"])),
        printed=Form(r"\sigma(x) = \frac{1}{1 + e^{-x}}", p.sigmoid),
    ),
    claim(
        "reseau-profond/tanh",
        kind=Kind.STABILITY,
        family="activation",
        source=Source(FILE, _FUNCTIONS, "def tanh(x): return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))"),
        check=ValueCheck(reference=lambda x: torch.tanh(x), domain=_x(-700.0, 700.0)),
        printed=Form(r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}", p.tanh),
        expect=Status.UNSTABLE,
        severity=Severity.CAVEAT,
        cause="tanh-overflow",
        correction=Form(r"\tanh(x) = \texttt{np.tanh(x)}", p.tanh_stable),
        condition=_OVERFLOW,
        explanation=("Exact in real arithmetic, but np.exp overflows for |x| > 709.78 and the printed quotient "
                     "returns NaN where tanh is ±1, a regime the notebook's own run reaches: its output shows "
                     "\"RuntimeWarning: overflow encountered in exp\" and \"invalid value encountered in "
                     "true_divide\" (test images whose pixels were constant in training, divided by 1e-9)."),
    ),
    claim(
        "reseau-profond/relu",
        kind=Kind.DEFINITION,
        family="activation",
        source=Source(FILE, _FUNCTIONS, "def relu(x): return np.maximum(x, 0)"),
        check=ValueCheck(reference=lambda x: torch.relu(x), domain=_x()),
        printed=Form(r"\text{relu}(x) = \max(x, 0)", p.relu),
    ),
    claim(
        "reseau-profond/d-sigmoid",
        kind=Kind.BACKWARD,
        family="activation",
        source=Source(FILE, _DERIVATIVES, "def d_sigmoid(x):\n    s = sigmoid(x)\n    return s * (1 - s)"),
        check=VJPCheck(reference=lambda x: torch.sigmoid(x), domain=_x(), wrt=("x",), elementwise=True, analytic=True),
        printed=Form(r"\sigma'(x) = s\,(1 - s),\quad s = \sigma(x)", elementwise_derivative(p.d_sigmoid, "x")),
    ),
    claim(
        "reseau-profond/d-tanh",
        kind=Kind.STABILITY,
        family="activation",
        source=Source(FILE, _DERIVATIVES, "def d_tanh(x):\n    t = tanh(x)\n    return 1 - t**2"),
        check=VJPCheck(reference=lambda x: torch.tanh(x), domain=_x(-700.0, 700.0), wrt=("x",), elementwise=True,
                       analytic=True),
        printed=Form(r"\tanh'(x) = 1 - t^2,\quad t = \tanh(x)", elementwise_derivative(p.d_tanh, "x")),
        expect=Status.UNSTABLE,
        severity=Severity.CAVEAT,
        cause="tanh-overflow",
        correction=Form(r"\tanh'(x) = 1 - t^2,\quad t = \texttt{np.tanh(x)}", elementwise_derivative(p.d_tanh_stable, "x")),
        condition=_OVERFLOW_NEG,
        explanation=("The derivative formula 1 - t² is right; it inherits the printed tanh's NaN for |x| > 709.78 "
                     "(one mistake with reseau-profond/tanh, counted once): fixing tanh fixes it."),
    ),
    claim(
        "reseau-profond/d-relu",
        kind=Kind.BACKWARD,
        family="activation",
        source=Source(FILE, _DERIVATIVES, "def d_relu(x):\n    return x > 0"),
        check=VJPCheck(reference=lambda x: torch.relu(x), domain=_x(), wrt=("x",), elementwise=True,
                       breaks={"x": (0.0,)}),
        printed=Form(r"\text{relu}'(x) = [x > 0]", elementwise_derivative(p.d_relu, "x")),
    ),
]

CLAIMS += [
    # ------------------------------------------------ "Dérivation et propagation du gradient"
    claim(
        "reseau-profond/forward-formula",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _DERIVATION, r"Z_n = W_n \cdot A_{n-1} + b_n"),
        check=ValueCheck(reference=_one_layer_values, domain=_one_layer),
        printed=Form(r"Z_n = W_n \cdot A_{n-1} + b_n,\quad A_n = a(Z_n)", _formula_forward),
    ),
    claim(
        "reseau-profond/dz-formula",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _DERIVATION, r"dZ_n = a'(Z_n) * dA_n"),
        check=VJPCheck(reference=lambda Z, activation: _TORCH_ACT[activation](Z), domain=_dZ_domain, wrt=("Z",),
                       elementwise=True, breaks={"Z": (0.0,)}),
        printed=Form(r"dZ_n = a'(Z_n) * dA_n", vjp(_dZ_of(p.formula_dZ))),
    ),
    claim(
        "reseau-profond/dw-formula",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _DERIVATION, r"dW_n = dZ \cdot A_{n-1}^T"),
        check=VJPCheck(wrt=("W",), **_ONE_LAYER_VJP),
        printed=Form(r"dW_n = dZ \cdot A_{n-1}^T", vjp(_one_gradient(p.formula_backward, "W"))),
    ),
    claim(
        "reseau-profond/db-formula",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _DERIVATION, r"db_n = \sum dZ"),
        check=VJPCheck(wrt=("b",), **_ONE_LAYER_VJP),
        printed=Form(r"db_n = \sum dZ\ \text{(over the examples)}", vjp(_one_gradient(p.formula_backward, "b"))),
    ),
    claim(
        "reseau-profond/da-prev-formula",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _DERIVATION, r"dA_{n-1} = W_n^T \cdot dZ"),
        check=VJPCheck(wrt=("A_prev",), **_ONE_LAYER_VJP),
        printed=Form(r"dA_{n-1} = W_n^T \cdot dZ", vjp(_one_gradient(p.formula_backward, "A_prev"))),
    ),
    # ------------------------------------------------ In [11]
    claim(
        "reseau-profond/layer-forward-pass",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _FORWARD, "Z = np.dot(W, X) + b"),
        check=ValueCheck(reference=_one_layer_values, domain=lambda: _one_layer(x_name="X")),
        printed=Form(r"Z = W X + b,\ A = a(Z)\ \text{(layer\_forward\_pass)}", _layer_forward),
    ),
    claim(
        "reseau-profond/model-forward-pass",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _FORWARD,
                      "Z_next, A_next = layer_forward_pass(A, parameters['W' + str(i)], parameters['b' + str(i)])"),
        check=ValueCheck(reference=_network_values, domain=lambda: _deep_networks(targets=None)),
        printed=Form(r"Z_i, A_i = \text{layer\_forward\_pass}(A_{i-1}, W_i, b_i)", _model_forward(p.model_forward_pass)),
        expect=Status.DOES_NOT_RUN,
        severity=Severity.ERROR,
        cause="activation-not-passed",
        correction=Form(r"Z_i, A_i = \text{layer\_forward\_pass}(A_{i-1}, W_i, b_i, \text{activations}[i-1])",
                        _model_forward(p.model_forward_pass_corrected)),
        explanation=("model_forward_pass calls \"layer_forward_pass(A, parameters['W' + str(i)], "
                     "parameters['b' + str(i)])\" without the required activation argument, so it raises TypeError; "
                     "passing activations[i-1] fixes it."),
    ),
    # ------------------------------------------------ In [12]
    claim(
        "reseau-profond/layer-backward-pass",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _BACKWARD, "def layer_backward_pass(dA, Z, A_prev, W, activation):"),
        check=VJPCheck(wrt=("W", "b", "A_prev"), **_ONE_LAYER_VJP),
        printed=Form(r"dZ = dA * a'(Z),\ dW = dZ A_{\text{prev}}^T,\ db = \textstyle\sum_{\text{cols}} dZ,\ "
                     r"dA_{\text{prev}} = W^T dZ", vjp(_layer_backward(p.layer_backward_pass))),
    ),
    claim(
        "reseau-profond/model-backward-pass",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _BACKWARD,
                      "def model_backward_pass(dA_last, parameters, forward_pass_results, activations):"),
        check=VJPCheck(reference=_network_cost, domain=_deep_networks, wrt=network_parameters),
        printed=Form(r"\text{model\_backward\_pass}(dA_L, \dots):\ \frac{\partial C}{\partial W_i}, "
                     r"\frac{\partial C}{\partial b_i}\ \text{for}\ C = -\sum \left[Y\log A_L + (1 - Y)\log(1 - A_L)\right]",
                     scalar_gradients(_model_backward(p.model_backward_pass))),
    ),
    # ------------------------------------------------ In [13]
    claim(
        "reseau-profond/d-a-last",
        kind=Kind.BACKWARD,
        family="loss",
        source=Source(FILE, _TRAINING,
                      "dA_last = -(np.divide(y_batch, A_last) - np.divide(1 - y_batch, 1 - A_last))"),
        check=VJPCheck(reference=_bce_elementwise,
                       domain=lambda: same_shape(shapes(min_dims=2, max_dims=2),
                                                 A_last=lambda s: probabilities(shape=s),
                                                 y_batch=lambda s: st.one_of(labels(shape=s), probabilities(shape=s))),
                       wrt=("A_last",), elementwise=True, analytic=True, breaks={"A_last": (0.0, 1.0)}),
        printed=Form(r"dA_L = -\left(\frac{Y}{A_L} - \frac{1 - Y}{1 - A_L}\right)",
                     partial_derivative(p.d_a_last, "A_last")),
    ),
    claim(
        "reseau-profond/cost",
        kind=Kind.DEFINITION,
        family="loss",
        source=Source(FILE, _TRAINING,
                      "cost = np.squeeze(-np.sum(np.log(model_result) * Y + np.log(1 - model_result)))"),
        check=ValueCheck(reference=_bce_sum,
                         domain=lambda: same_shape(shapes(min_dims=2, max_dims=2),
                                                   model_result=lambda s: probabilities(shape=s),
                                                   Y=lambda s: labels(shape=s))),
        printed=Form(r"C = -\sum \left[\log(A_L)\,Y + \log(1 - A_L)\right]", p.printed_cost),
        expect=Status.ERRATUM,
        severity=Severity.ERROR,
        correction=Form(r"C = -\sum \left[Y\log(A_L) + (1 - Y)\log(1 - A_L)\right]", p.bce_cost_corrected),
        explanation=("The debug cost \"np.log(model_result) * Y + np.log(1 - model_result)\" drops the (1 - Y) factor "
                     "of the binary cross-entropy whose derivative dA_last is, so it adds -log(1 - A) for every "
                     "target equal to 1."),
    ),
    claim(
        "reseau-profond/train-model-return",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _TRAINING, "        return parameters, costs"),
        check=ValueCheck(reference=_train_reference, domain=_training_cases),
        printed=Form(r"\text{train\_model: }\texttt{return}\text{ inside the epoch loop}", _trained(p.train_model)),
        expect=Status.ERRATUM,
        severity=Severity.ERROR,
        correction=Form(r"\text{train\_model: }\texttt{return}\text{ after the epoch loop}",
                        _trained(p.train_model_return_corrected)),
        explanation=("\"return parameters, costs\" is indented inside \"for e in range(epochs):\", so train_model "
                     "returns after the first epoch whatever epochs is (judged with the corrected "
                     "model_forward_pass and show_cost=False, on 2-3 epochs)."),
    ),
    claim(
        "reseau-profond/train-model-show-cost",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _TRAINING, "if show_cost : print('Epoch #i: %s' % (e+1, cost))"),
        check=ValueCheck(reference=_train_reference, domain=lambda: _training_cases(epochs=(1, 1), show_cost=True)),
        printed=Form(r"\texttt{'Epoch \#i: \%s' \% (e+1, cost)}", _trained(p.train_model)),
        expect=Status.DOES_NOT_RUN,
        severity=Severity.ERROR,
        correction=Form(r"\texttt{'Epoch \#\%i: \%s' \% (e+1, cost)}", _trained(p.train_model_print_corrected)),
        explanation=("\"'Epoch #i: %s' % (e+1, cost)\" has one conversion for two values, so train_model raises "
                     "TypeError (not all arguments converted) at the first batch whenever show_cost=True, as in "
                     "the notebook's own calls (judged with the corrected p.model_forward_pass, on one epoch)."),
    ),
    # ------------------------------------------------ In [39]
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
                     "each of the 10 classes, giving shape (10,); under numpy 2 \"results == y\" with y of shape (m,) "
                     "raises ValueError (shapes cannot be broadcast) unless m is 1 or 10, where it silently returns a "
                     "meaningless number (numpy 1.x returned False with a warning, i.e. an accuracy of 0); argmax "
                     "over axis 0 is meant (judged with the corrected p.model_forward_pass)."),
    ),
    # ------------------------------------------------ the notebook, run end to end
    claim(
        "reseau-profond/plot-costs",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _LOADING, "plot.plot(range(epochs), costs)"),
        check=_NOTEBOOK,
        printed=Form(r"\texttt{plot.plot(range(epochs), costs)}", PLOT),
        expect=Status.DOES_NOT_RUN,
        severity=Severity.ERROR,
        cause="costs-per-batch",
        correction=Form(r"\texttt{costs.append(cost)}\ \text{once per epoch}", PLOT_CORRECTED),
        explanation=("train_model's debug block (cost, costs.append, print) sits inside the batch loop, so costs "
                     "holds one entry per batch and plot.plot(range(epochs), costs) raises ValueError; computed once "
                     "per epoch, it prints the 30 lines 'Epoch #1' to 'Epoch #30' the notebook shows and plots."),
    ),
    claim(
        "reseau-profond/accuracy-calls",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _LOADING,
                      "print('Accuracy on training set : %f%%' % (100*accuracy(x_train_norm.T, y_train.T, params, "
                      "layer_activations)))"),
        check=_NOTEBOOK,
        printed=Form(r"\texttt{accuracy(..., params, layer\_activations)}", ACCURACY_CALLS),
        expect=Status.DOES_NOT_RUN,
        severity=Severity.ERROR,
        cause="layer-activations",
        correction=Form(r"\texttt{accuracy(..., params, activations)}", ACCURACY_CALLS_CORRECTED),
        explanation=("In [39] passes layer_activations, a parameter name of train_model and accuracy that the "
                     "notebook never defines (In [16] defines activations), so both calls raise NameError; with "
                     "activations they print the two accuracy lines in the notebook's %f format."),
    ),
]
