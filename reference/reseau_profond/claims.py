"""The claims of reseau-profond from its opening to In [12] (l.14-137), in the document's order: each quotes what
it checks, wires the printed form (``printed``, ``sentences``) to a check through ``wiring``, and states the
status it should get.  ``claims_training`` (In [13]) and ``claims_results`` (l.200 on) follow."""

from __future__ import annotations

import torch

from oracle import Form, Kind, Severity, Source, Status, ValueCheck, VJPCheck, claim
from oracle.domains import EDGES, network_parameters
from oracle.forms import elementwise_derivative, scalar_gradients, vjp
from reference.reseau_profond import printed as p
from reference.reseau_profond import sentences as s
from reference.reseau_profond.wiring import (
    _BACKWARD,
    _DERIVATION,
    _DERIVATIVES,
    _FORWARD,
    _FUNCTIONS,
    _ONE_LAYER_VJP,
    _OVERFLOW,
    _TORCH_ACT,
    FILE,
    _by_name,
    _by_name_derivative,
    _deep_networks,
    _dZ_domain,
    _dZ_of,
    _formula_forward,
    _from_kept,
    _layer_backward,
    _layer_forward,
    _model_backward,
    _model_forward,
    _named_x,
    _network_cost,
    _network_values,
    _one_gradient,
    _one_layer,
    _one_layer_values,
    _x,
)
from reference.reseau_profond.wiring_results import (
    _dimensions,
    _ends,
    _hidden,
    _kept,
    _kept_values,
    _layer_shape_reference,
    _previous_models,
    _previous_network,
)

_SITUATION = "Mise en situation"
_LAYERS = "Définition formelle des couches"
_STEPS = "Implémentation"

CLAIMS = [
    # ------------------------------------------------ "Mise en situation", "Définition formelle des couches"
    claim(
        "reseau-profond/layer-count-prev",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _SITUATION,
                      "d'un modèle logistique (1 couche) à un réseau de neurones tel qu'on la vu (2 couches)"),
        # Layers counted as weight layers: the logistic model maps the pixels to the classes in one, the previous
        # network in two, whatever its hidden width.
        check=ValueCheck(reference=_previous_models, domain=_hidden),
        printed=Form(r"\text{logistic: 1 layer},\ \text{network: 2 layers}", s.layers_of_previous_models),
    ),
    claim(
        "reseau-profond/layer-convention",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _LAYERS,
                      "On appelle généralement les entrées la première couche, et la sortie la dernière couche."),
        check=ValueCheck(reference=_ends, domain=_dimensions),
        printed=Form(r"n_{\text{inputs}} = n_0,\ n_{\text{outputs}} = n_L\ \text{for layers}\ (n_0, \dots, n_L)",
                     s.first_and_last_layers),
    ),
    claim(
        "reseau-profond/three-layers",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _LAYERS,
                      "un réseau à trois couches : l'entrée (qui faisait 28x28), la couche intermédiaire (variable) "
                      "et la sortie (taille 10)"),
        check=ValueCheck(reference=_previous_network, domain=_hidden),
        printed=Form(r"3\ \text{layers}: 28 \times 28,\ h,\ 10", s.three_layers),
    ),
    # ------------------------------------------------ "Dérivation et propagation du gradient"
    claim(
        "reseau-profond/setup-notation",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _DERIVATION,
                      "si on a une entrée A_{n-1} , des paramètres W_n et b_n , et une fonction d'activation $a()$"),
        check=ValueCheck(reference=_network_values, domain=lambda: _deep_networks(targets=None)),
        printed=Form(r"\text{layer } n:\ (A_{n-1}, W_n, b_n, a) \mapsto (Z_n, A_n),\quad A_0 = X",
                     _model_forward(s.layers_by_the_notation)),
    ),
    claim(
        "reseau-profond/forward-formula",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _DERIVATION, r"Z_n = W_n \cdot A_{n-1} + b_n"),
        check=ValueCheck(reference=_one_layer_values, domain=_one_layer),
        printed=Form(r"Z_n = W_n \cdot A_{n-1} + b_n,\quad A_n = a(Z_n)", _formula_forward),
    ),
    claim(
        "reseau-profond/backward-given-da",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _DERIVATION, "Passe en arrière : avec en plus dA_n"),
        # dA_n = dC/dA_n comes from the layer above: it is the upstream gradient of the layer's VJP, and the four
        # lines that follow it give every gradient of the layer from it.
        check=VJPCheck(wrt=("W", "b", "A_prev"), **_ONE_LAYER_VJP),
        printed=Form(r"(dA_n, A_{n-1}, W_n, b_n) \mapsto (dW_n, db_n, dA_{n-1})", vjp(p.formula_backward)),
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
    # ------------------------------------------------ "Implémentation"
    claim(
        "reseau-profond/impl-steps",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _STEPS, "On calcule les différents Z et A pour chaque couche. On gardera les résultats "
                                    "du calcul pour la marche arrière."),
        check=ValueCheck(reference=_kept_values, domain=lambda: _deep_networks(targets=None)),
        printed=Form(r"\text{kept: } A_0 = X,\ (Z_n, A_n)\ \text{for every layer } n", _kept(s.kept_results)),
    ),
]

CLAIMS += [
    # ------------------------------------------------ In [5], In [3]
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
                     "true_divide\" in In [39]: test images whose pixels were constant in training are divided by "
                     "1e-9 (reseau-profond/normalization), and a NaN output column gives argmax 0."),
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
        "reseau-profond/act-functions",
        kind=Kind.DEFINITION,
        family="activation",
        source=Source(FILE, _FUNCTIONS, "act_functions = {'sigmoid': sigmoid, 'tanh': tanh, 'relu': relu}"),
        check=ValueCheck(reference=lambda x, activation: _TORCH_ACT[activation](x), domain=_named_x),
        printed=Form(r"\text{act\_functions}[a](x) = a(x)", _by_name(p.act_functions)),
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
        condition=_OVERFLOW,
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
    claim(
        "reseau-profond/act-derivates",
        kind=Kind.BACKWARD,
        family="activation",
        source=Source(FILE, _DERIVATIVES, "act_derivates = {'sigmoid': d_sigmoid, 'tanh': d_tanh, 'relu': d_relu}"),
        check=VJPCheck(reference=lambda x, activation: _TORCH_ACT[activation](x), domain=_named_x, wrt=("x",),
                       elementwise=True, breaks={"x": (0.0,)}),
        printed=Form(r"\text{act\_derivates}[a](x) = a'(x)", vjp(_by_name_derivative(p.act_derivates))),
    ),
    # ------------------------------------------------ "La passe en avant"
    claim(
        "reseau-profond/forward-needs",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _FORWARD, "on a besoin de calculer Z et A pour chaque couche, et au passage on aura besoin "
                                      "des Z et A correspondants lors de la marche arrière"),
        check=VJPCheck(reference=_network_cost, domain=_deep_networks, wrt=network_parameters),
        printed=Form(r"dW_n = (a'(Z_n) * dA_n) \cdot A_{n-1}^T,\ \dots\ \text{from the kept } Z_n, A_{n-1}",
                     scalar_gradients(_from_kept(s.gradients_from_kept))),
    ),
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
    # ------------------------------------------------ "La passe en arrière"
    claim(
        "reseau-profond/backward-inputs-prose",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _BACKWARD, "ainsi que Z, A et W de la couche considérée"),
        # What the sentence names as the layer's A decides the shape of dW = dZ · A^T: judged on that shape.
        check=ValueCheck(reference=_layer_shape_reference, domain=_one_layer),
        printed=Form(r"dW_n = dZ_n \cdot A_n^T\ \text{(the layer's own } A\text{)}", s.dW_with_own_A),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        cause="backward-inputs",
        correction=Form(r"dW_n = dZ_n \cdot A_{n-1}^T\ \text{(the layer's input)}", s.dW_with_input_A),
        explanation=("The sentence says the backward pass uses \"Z, A et W de la couche considérée\", but the layer's "
                     "own output A_n would give dW = dZ · A_n^T the shape (n_n, n_n) instead of W's (n_n, n_{n-1}): "
                     "the pass needs the layer's input A_{n-1}, as the formula dW_n = dZ · A_{n-1}^T and In [12]'s "
                     "A_prev have it (wording only: the code is right)."),
    ),
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
]
