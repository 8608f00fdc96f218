"""The claims of tutoriel-backprop on "Le code" and the closing sections, in the document's order: each quotes what
it checks, wires the printed form (``printed``, ``listing``, ``sentences``) to a check through ``wiring`` and
``wiring_code``, and states the status it should get.  The text's claims are in ``claims_notation`` and
``claims_layers``."""

from __future__ import annotations

from pathlib import Path

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
from oracle.domains import network_parameters
from oracle.forms import elementwise_derivative, scalar_gradients
from reference.tutoriel_backprop import printed as p
from reference.tutoriel_backprop import sentences as s
from reference.tutoriel_backprop.listing import LISTING, LISTING_CORRECTED, LOG_EPOCHS, LOG_INITIAL
from reference.tutoriel_backprop.wiring import (
    _CODE,
    _ONE_HOT_CASES,
    FILE,
    _backprop_gradients,
    _backprop_reference,
    _descent_direction,
    _evaluate_reference,
    _mean_cost_reference,
    _network_output,
    _networks,
    _on_network,
    _one_hot_summary,
    _one_hot_summary_reference,
    _output_delta_cases,
    _output_delta_of,
    _output_delta_reference,
    _sigmoid_domain,
    _single_layer,
    _train_batch_domain,
)
from reference.tutoriel_backprop.wiring_code import (
    _CELEBRATION,
    _FURTHER,
    _above_95_reference,
    _activations_reference,
    _added_layers,
    _bias_shape,
    _code_layer,
    _listed_activations,
    _minibatch_reference,
    _mnist_sizes,
    _pixels,
    _printed_bias_shape,
    _printed_weight_shape,
    _sizes,
    _stacked_shapes,
    _train_cases,
    _trained,
    _weight_shape,
    _widths,
)

#: Synthetic MNIST for the listing's run (the document downloads MNIST).
_OFFLINE = Path(__file__).with_name("offline.py")

CLAIMS = [
    # ---------------------------------------------------------------- Le code
    claim(
        "tutoriel-backprop/mnist-sorted",
        kind=Kind.FIGURE,
        family="listing",
        source=Source(FILE, _CODE, "Dans MNIST, les données sont triées par labels"),
        expect=Status.NOT_JUDGED,
        explanation=("The order of the mldata.org MNIST file cannot be seen any more: fetch_mldata was removed from "
                     "scikit-learn and mldata.org is offline, and fetch_openml's copy is another file; the shuffle "
                     "that follows the comment makes the order harmless either way."),
    ),
    claim(
        "tutoriel-backprop/mnist-shapes",
        kind=Kind.FIGURE,
        family="listing",
        source=Source(FILE, _CODE, "# X est une matrice de taille(70000, 784)\n"
                                   "    # X[0] est la première image de la liste\n"
                                   "    # X[0][0] est le premier pixel de cette image\n"
                                   "    # y est une matrice de taille (70000,)"),
        check=FigureCheck(printed={"X rows": "70000", "X columns": "784", "y entries": "70000"},
                          rounding=Rounding.PROSE),
        printed=Form(r"X \in \mathbb{R}^{70000 \times 784},\ y \in \mathbb{R}^{70000}", _mnist_sizes),
    ),
    claim(
        "tutoriel-backprop/pixel-scale",
        kind=Kind.DEFINITION,
        family="listing",
        source=Source(FILE, _CODE, "return X / 255.0, y"),
        # "nous divisons par 255 pour obtenir des valeurs comprises entre 0 et 1": pixels 0..255 mapped onto [0, 1].
        check=ValueCheck(reference=lambda X: (X.to(torch.float64) - 0.0) / (255.0 - 0.0), domain=_pixels),
        printed=Form(r"X / 255 \in [0, 1]", p.pixel_scaling),
    ),
    claim(
        "tutoriel-backprop/sigmoid",
        kind=Kind.DEFINITION,
        family="activation",
        source=Source(FILE, _CODE, "return 1.0 / (1.0 + np.exp(-x))"),
        check=ValueCheck(reference=lambda x: torch.sigmoid(x), domain=_sigmoid_domain()),
        printed=Form(r"\sigma(x) = \frac{1}{1 + e^{-x}}", p.sigmoid),
    ),
    claim(
        "tutoriel-backprop/sigmoid-prime",
        kind=Kind.BACKWARD,
        family="activation",
        source=Source(FILE, _CODE, "return sigmoid(x) * (1.0 - sigmoid(x))"),
        check=VJPCheck(reference=lambda x: torch.sigmoid(x), domain=_sigmoid_domain(-40.0, 40.0), wrt=("x",),
                       elementwise=True, analytic=True),
        printed=Form(r"\sigma'(x) = \sigma(x)\,(1 - \sigma(x))", elementwise_derivative(p.sigmoid_prime, "x")),
    ),
    claim(
        "tutoriel-backprop/to-one-hot-docstring",
        kind=Kind.FIGURE,
        family="loss",
        source=Source(FILE, _CODE, "to_one_hot(5, 10) -> (0, 0, 0, 0, 1, 0, 0, 0, 0)"),
        # The vectors are compared through (length, index of the 1): the printed one has 9 entries.
        check=ValueCheck(reference=_one_hot_summary_reference,
                         domain=lambda: st.just({"y": np.array(5, dtype=np.int64), "k": 10}), deterministic=True),
        printed=Form(r"\text{to\_one\_hot}(5, 10) = (0, 0, 0, 0, 1, 0, 0, 0, 0)", _one_hot_summary(p.docstring_example)),
        expect=Status.ERRATUM,
        severity=Severity.ERROR,
        correction=Form(r"\text{to\_one\_hot}(5, 10) = (0, 0, 0, 0, 0, 1, 0, 0, 0, 0)", _one_hot_summary(p.docstring_example_corrected)),
        explanation=("The docstring's example \"to_one_hot(5, 10) -> (0, 0, 0, 0, 1, 0, 0, 0, 0)\" has 9 entries "
                     "with the 1 at index 4, but the function it documents returns 10 entries with the 1 at index 5."),
    ),
    claim(
        "tutoriel-backprop/to-one-hot",
        kind=Kind.DEFINITION,
        family="loss",
        source=Source(FILE, _CODE, "one_hot[y] = 1"),
        check=ValueCheck(reference=lambda y, k: F.one_hot(y, k), domain=_ONE_HOT_CASES),
        printed=Form(r"\text{one\_hot}(y, k)_i = [i = y],\ i < k", p.to_one_hot),
    ),
    claim(
        "tutoriel-backprop/weights-shape",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _CODE, "self.weights = np.random.randn(size, input_size)"),
        check=ValueCheck(reference=_weight_shape, domain=_sizes),
        printed=Form(r"w \in \mathbb{R}^{n \times m}\ (n \text{ neurons}, m \text{ in the layer before})",
                     _printed_weight_shape),
    ),
    claim(
        "tutoriel-backprop/biases-shape",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _CODE, "self.biases = np.random.randn(size)"),
        check=ValueCheck(reference=_bias_shape, domain=_sizes),
        printed=Form(r"b \in \mathbb{R}^{n}\ \text{(un biais par neurone)}", _printed_bias_shape),
    ),
    claim(
        "tutoriel-backprop/add-layer",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _CODE, "input_dim = self.layers[-1].size"),
        check=ValueCheck(reference=_stacked_shapes, domain=_widths),
        printed=Form(r"w^l \in \mathbb{R}^{n_l \times n_{l-1}},\ n_0 = \texttt{input\_dim}\ "
                     r"\text{(Network.add\_layer)}", _added_layers),
    ),
    claim(
        "tutoriel-backprop/feedforward",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _CODE, "activation = layer.forward(activation)"),
        check=ValueCheck(reference=_network_output, domain=_networks),
        printed=Form(r"a^l = \sigma(w^l a^{l-1} + b^l)\ \text{(Network.feedforward)}", _on_network(p.network_feedforward, "x")),
    ),
    claim(
        "tutoriel-backprop/evaluate",
        kind=Kind.DEFINITION,
        family="algorithm",
        source=Source(FILE, _CODE, "accuracy = sum(results) / len(results)"),
        check=ValueCheck(reference=_evaluate_reference,
                         domain=lambda: _networks(n_out=10, batch=(1, 8), targets="classes")),
        printed=Form(r"\text{accuracy} = \frac{1}{m}\sum_x [\arg\max a^L(x) = y]", _on_network(p.network_evaluate, "X", "Y")),
    ),
    claim(
        "tutoriel-backprop/train",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _CODE, "for batch_start in range(0, n, batch_size):"),
        check=ValueCheck(reference=_minibatch_reference, domain=_train_cases),
        printed=Form(r"\text{Network.train: } \texttt{steps} \text{ epochs of mini-batches of } \texttt{batch\_size}",
                     _trained),
    ),
    claim(
        "tutoriel-backprop/train-batch",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _CODE, "avg_weight_gradient = [wg / Y.size for wg in weight_gradient]"),
        check=VJPCheck(reference=_mean_cost_reference, domain=_train_batch_domain,
                       wrt=network_parameters),
        printed=Form(r"\theta \leftarrow \theta - \alpha\,\frac{1}{m}\sum_{x} \frac{\partial C_x}{\partial \theta}"
                     r"\ \text{(Network.train\_batch)}", scalar_gradients(_descent_direction(p.network_train_batch))),
    ),
    claim(
        "tutoriel-backprop/backprop",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _CODE,
                      "delta = activation_prime * np.dot(next_layer.weights.transpose(), delta)"),
        check=VJPCheck(reference=_backprop_reference, domain=lambda: _networks(n_out=10, targets="classes"),
                       wrt=network_parameters),
        printed=Form(r"\text{Network.backprop}(x, y):\ \frac{\partial C}{\partial w^l}, "
                     r"\frac{\partial C}{\partial b^l}\ \text{for}\ C = -\sum_i \big[t_i\log a^L_i + (1-t_i)\log(1-a^L_i)\big]",
                     scalar_gradients(_backprop_gradients(p.network_backprop))),
    ),
    claim(
        "tutoriel-backprop/activations-index",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _CODE, "# activation[0] contient l'entrée (x), et pas l'activation de\n"
                                   "            # la première couche."),
        check=ValueCheck(reference=_activations_reference, domain=_networks),
        printed=Form(r"\texttt{activations} = [a^0 = x, a^1, \dots, a^L]", _listed_activations),
    ),
    claim(
        "tutoriel-backprop/get-output-delta",
        kind=Kind.BACKWARD,
        family="loss",
        source=Source(FILE, _CODE, "return a - target"),
        check=VJPCheck(reference=_output_delta_reference, domain=_output_delta_cases, wrt=("z",)),
        printed=Form(r"\delta^L = a^L - t = \frac{\partial}{\partial z^L}\Big(-\sum_i \big[t_i \log a^L_i + "
                     r"(1 - t_i)\log(1 - a^L_i)\big]\Big)", scalar_gradients(_output_delta_of(p.network_get_output_delta))),
    ),
    claim(
        "tutoriel-backprop/listing",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _CODE, "from sklearn.datasets import fetch_mldata"),
        check=ListingCheck(requires=("numpy", "matplotlib", "sklearn"), offline=_OFFLINE),
        printed=Form(r"\texttt{python mnist2.py}", LISTING),
        expect=Status.DOES_NOT_RUN,
        severity=Severity.ERROR,
        cause="fetch-mldata",
        correction=Form(r"\texttt{fetch\_openml('mnist\_784', as\_frame=False)}, \texttt{target.astype(int)}",
                        LISTING_CORRECTED),
        explanation=("The listing dies at its fourth line: fetch_mldata was removed from scikit-learn (0.22) and "
                     "mldata.org is offline; its replacement fetch_openml('mnist_784', as_frame=False) runs, and its "
                     "string labels must be cast to int or every printed accuracy is 0.00%."),
    ),
    claim(
        "tutoriel-backprop/log-initial",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _CODE, "Performance initiale : 10.66%"),
        # The value (MNIST, unseeded np.random.randn) cannot be recomputed: its format is judged.
        check=ListingCheck(requires=("numpy", "matplotlib", "sklearn"), offline=_OFFLINE),
        printed=Form(r"\texttt{Performance initiale : 10.66\%}", LOG_INITIAL),
    ),
    claim(
        "tutoriel-backprop/log-epochs",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _CODE, "Nouvelle performance : 92.78%"),
        # One epoch of 60 000 examples: the format of the line is judged, not its value.
        check=ListingCheck(requires=("numpy", "matplotlib", "sklearn"), offline=_OFFLINE, time_limit=300),
        printed=Form(r"\texttt{Nouvelle performance : 92.78\%} \dots", LOG_EPOCHS),
    ),
    # ---------------------------------------------------------------- Célébration, Pour aller plus loin
    claim(
        "tutoriel-backprop/above-95",
        kind=Kind.FIGURE,
        family="listing",
        source=Source(FILE, _CELEBRATION, "avec une précision supérieure à 95%"),
        # Against the accuracies the document's log shows (the run cannot be redone on MNIST here).
        check=ValueCheck(reference=_above_95_reference, domain=lambda: st.just({}), deterministic=True),
        printed=Form(r"\text{précision} > 95\%", s.precision_above_95),
    ),
    claim(
        "tutoriel-backprop/fully-connected",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _FURTHER, "chaque couche est complètement connecté à la suivante"),
        # The code's Layer.aggregation against torch's fully connected layer.
        check=ValueCheck(reference=lambda w, a_prev, b: F.linear(a_prev, w, b), domain=_single_layer),
        printed=Form(r"z = w a + b\ \text{(Layer.aggregation, every input to every neuron)}", _code_layer),
    ),
]
