"""The claims of tutoriel-backprop, in the document's order: each quotes what it checks, wires the
printed form (``printed``) to a check through ``wiring``, and states the status it should get."""

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
from oracle.domains import EDGES, network_biases, network_parameters, network_weights, reals, shapes
from oracle.forms import elementwise_derivative, scalar_gradients, vjp
from reference.tutoriel_backprop import printed as p
from reference.tutoriel_backprop.listing import LISTING, LISTING_CORRECTED
from reference.tutoriel_backprop.wiring import (
    _ALGORITHM,
    _CODE,
    _GENERAL,
    _INTUITION,
    _LAST_LAYER,
    _NOTATIONS,
    _ONE_HOT_CASES,
    _ONE_MORE,
    FILE,
    _at_the_output,
    _backprop_gradients,
    _backprop_reference,
    _descent_direction,
    _down_the_tail,
    _error_example,
    _evaluate_reference,
    _generalised,
    _last_weight,
    _mean_cost_reference,
    _network_forward,
    _network_output,
    _networks,
    _on_last_layer,
    _on_network,
    _on_penultimate_layer,
    _one_hot_summary,
    _one_hot_summary_reference,
    _output_delta_cases,
    _output_delta_of,
    _output_delta_reference,
    _penultimate_weight,
    _recursion_cases,
    _recursion_reference,
    _sgd_step,
    _sigmoid_domain,
    _single_layer,
    _train_batch_domain,
    _update_biases,
    _update_cases,
    _update_weights,
)

#: Synthetic MNIST for the listing's run (the document downloads MNIST).
_OFFLINE = Path(__file__).with_name("offline.py")

CLAIMS = [
    # ---------------------------------------------------------------- notation
    claim(
        "tutoriel-backprop/aggregation-sum",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _NOTATIONS, r"z^l_i = \sum_{j=1}^{n} w^l_{ij} a^{l - 1}_j + b^l_i"),
        check=ValueCheck(reference=lambda w, a_prev, b: F.linear(a_prev, w, b), domain=_single_layer),
        printed=Form(r"z^l_i = \sum_{j=1}^{n} w^l_{ij} a^{l-1}_j + b^l_i", p.aggregation_sum),
    ),
    claim(
        "tutoriel-backprop/forward-vector",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _NOTATIONS, r"z^l = w^l * a^{l - 1} + b^l \\ a^l = \sigma(z^l)"),
        check=ValueCheck(reference=_network_output, domain=_networks),
        printed=Form(r"z^l = w^l a^{l-1} + b^l,\quad a^l = \sigma(z^l)", _network_forward(p.forward_vector)),
    ),
    # ---------------------------------------------------------------- gradient descent
    claim(
        "tutoriel-backprop/update-rule-weights",
        kind=Kind.DEFINITION,
        family="algorithm",
        source=Source(FILE, _ALGORITHM,
                      r"w^l_{ij} \leftarrow w^l_{ij} - \alpha * \frac{\partial C}{\partial w^l_{ij}}"),
        check=ValueCheck(reference=_sgd_step, domain=lambda: _update_cases("w")),
        printed=Form(r"w^l_{ij} \leftarrow w^l_{ij} - \alpha \frac{\partial C}{\partial w^l_{ij}}", _update_weights),
    ),
    claim(
        "tutoriel-backprop/update-rule-biases",
        kind=Kind.DEFINITION,
        family="algorithm",
        source=Source(FILE, _ALGORITHM, r"b^l_{i} \leftarrow b^l_{i} - \alpha * \frac{\partial C}{\partial b^l_{i}}"),
        check=ValueCheck(reference=_sgd_step, domain=lambda: _update_cases("b")),
        printed=Form(r"b^l_i \leftarrow b^l_i - \alpha \frac{\partial C}{\partial b^l_i}", _update_biases),
    ),
    # ---------------------------------------------------------------- intuition
    claim(
        "tutoriel-backprop/error-example",
        kind=Kind.FIGURE,
        family="loss",
        source=Source(FILE, _INTUITION, r"E = T - Y = \begin{pmatrix} 0 \\ 1 \\ -0.5 \end{pmatrix}"),
        check=FigureCheck(printed={"E_1": "0", "E_2": "1", "E_3": "-0.5"}, rounding=Rounding.FORMULA),
        printed=Form(r"T = (1, 1, 0)^T,\ Y = (1, 0, 0.5)^T,\ E = T - Y = (0, 1, -0.5)^T", _error_example),
    ),
    # ---------------------------------------------------------------- last layer
    claim(
        "tutoriel-backprop/dc-dw-last-layer",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _LAST_LAYER,
                      r"\frac{\partial C}{\partial w^L_{ij}} = a^{L-1}_j * \sigma'(z^L_i) * cost'(a^L_i)"),
        check=VJPCheck(reference=_network_output, domain=_networks, wrt=_last_weight, analytic=True),
        printed=Form(r"\frac{\partial C}{\partial w^L_{ij}} = a^{L-1}_j\,\sigma'(z^L_i)\,cost'(a^L_i)",
                     vjp(_on_last_layer(p.dC_dw_last))),
    ),
    claim(
        "tutoriel-backprop/delta-last-layer",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _LAST_LAYER,
                      r"\delta^L_i = \sigma'(z^L_i) * cost'(a^L_i) = \frac{\partial a^L_i}{\partial z^L_i} "
                      r"\frac{\partial C}{\partial a^L_i} = \frac{\partial C}{\partial z^L_i}"),
        check=VJPCheck(reference=lambda z: torch.sigmoid(z),
                       domain=lambda: st.fixed_dictionaries({"z": reals(
                           shape=shapes(min_dims=1, max_dims=1), low=-30.0, high=30.0,
                           edges=EDGES["kink"] + EDGES["saturation"])}),
                       wrt=("z",), elementwise=True, analytic=True),
        printed=Form(r"\delta^L_i = \sigma'(z^L_i)\,cost'(a^L_i) = \frac{\partial C}{\partial z^L_i}",
                     vjp(_at_the_output(p.delta_last))),
    ),
    # ---------------------------------------------------------------- one layer back
    claim(
        "tutoriel-backprop/dc-dw-penultimate",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _ONE_MORE,
                      r"\frac{\partial C}{\partial w^4_{12}} = a^3_2 * \sigma'(z^4_1) * \sum_{k} w^L_{k1} \delta^L_k"),
        check=VJPCheck(reference=_network_output, domain=lambda: _networks(depth=(2, 4)), wrt=_penultimate_weight,
                       analytic=True),
        printed=Form(r"\frac{\partial C}{\partial w^{L-1}_{ij}} = a^{L-2}_j\,\sigma'(z^{L-1}_i) \sum_k w^L_{ki}\,"
                     r"\delta^L_k\quad\text{(printed for } L-1 = 4,\ (i, j) = (1, 2)\text{)}",
                     vjp(_on_penultimate_layer(p.dC_dw_penultimate))),
    ),
    # ---------------------------------------------------------------- p.generalisation
    claim(
        "tutoriel-backprop/delta-recursion",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _GENERAL, r"\delta^l_i = \sigma'(z^l_i) * \sum_{j} w^{l+1}_{ji} \delta^{l+1}_{j}"),
        check=VJPCheck(reference=_recursion_reference, domain=_recursion_cases, wrt=("z",), analytic=True),
        printed=Form(r"\delta^l_i = \sigma'(z^l_i) \sum_j w^{l+1}_{ji}\,\delta^{l+1}_j = "
                     r"\frac{\partial C}{\partial z^l_i}", vjp(_down_the_tail(p.delta_recursion))),
    ),
    claim(
        "tutoriel-backprop/dc-dw-general",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _GENERAL, r"\frac{\partial C}{\partial w^l_{ij}} = a^{l-1}_j \delta^l_i"),
        check=VJPCheck(reference=_network_output, domain=_networks, wrt=network_weights, analytic=True),
        printed=Form(r"\frac{\partial C}{\partial w^l_{ij}} = a^{l-1}_j\,\delta^l_i", vjp(_generalised(p.generalisation, "W"))),
    ),
    claim(
        "tutoriel-backprop/dc-db-general",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _GENERAL, r"\frac{\partial C}{\partial b^l_{i}} = \delta^l_i"),
        check=VJPCheck(reference=_network_output, domain=_networks, wrt=network_biases, analytic=True),
        printed=Form(r"\frac{\partial C}{\partial b^l_i} = \delta^l_i", vjp(_generalised(p.generalisation, "b"))),
    ),
    # ---------------------------------------------------------------- the code
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
        "tutoriel-backprop/to-one-hot",
        kind=Kind.DEFINITION,
        family="loss",
        source=Source(FILE, _CODE, "one_hot[y] = 1"),
        check=ValueCheck(reference=lambda y, k: F.one_hot(y, k), domain=_ONE_HOT_CASES),
        printed=Form(r"\text{one\_hot}(y, k)_i = [i = y],\ i < k", p.to_one_hot),
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
        "tutoriel-backprop/get-output-delta",
        kind=Kind.BACKWARD,
        family="loss",
        source=Source(FILE, _CODE, "return a - target"),
        check=VJPCheck(reference=_output_delta_reference, domain=_output_delta_cases, wrt=("z",)),
        printed=Form(r"\delta^L = a^L - t = \frac{\partial}{\partial z^L}\Big(-\sum_i \big[t_i \log a^L_i + "
                     r"(1 - t_i)\log(1 - a^L_i)\big]\Big)", scalar_gradients(_output_delta_of(p.network_get_output_delta))),
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
        "tutoriel-backprop/train-batch",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _CODE, "avg_weight_gradient = [wg / Y.size for wg in weight_gradient]"),
        check=VJPCheck(reference=_mean_cost_reference, domain=_train_batch_domain,
                       wrt=network_parameters),
        printed=Form(r"\theta \leftarrow \theta - \alpha\,\frac{1}{m}\sum_{x} \frac{\partial C_x}{\partial \theta}"
                     r"\ \text{(Network.train\_batch)}", scalar_gradients(_descent_direction(p.network_train_batch))),
    ),
    # ---------------------------------------------------------------- the listing, end to end
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
]
