"""The claims of tutoriel-backprop from its first sections to its intuition of backpropagation, in the document's
order: formulas (``printed``) and sentences (``sentences``), wired to the checks by ``wiring`` and ``wiring_text``."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from oracle import FigureCheck, Form, Kind, Rounding, Severity, Source, Status, ValueCheck, VJPCheck, claim
from oracle.domains import network_parameters, network_weights, networks
from oracle.forms import scalar_gradients, vjp
from reference.tutoriel_backprop import printed as p
from reference.tutoriel_backprop import sentences as s
from reference.tutoriel_backprop.wiring import (
    _ALGORITHM,
    _INTUITION,
    _NOTATIONS,
    FILE,
    _error_example,
    _last_weight,
    _network_forward,
    _network_output,
    _networks,
    _output_delta_cases,
    _output_delta_reference,
    _recursion_reference,
    _sgd_step,
    _single_layer,
    _update_biases,
    _update_cases,
    _update_weights,
)
from reference.tutoriel_backprop.wiring_text import (
    _EPISODES,
    _all_gradients,
    _classes,
    _code_directions,
    _code_learning_rate,
    _count_arguments,
    _descend,
    _descent_cases,
    _descent_sign_reference,
    _entry_reference,
    _every_layer_from_delta,
    _example_entry,
    _gradient_descent_reference,
    _labels_as_t,
    _last_from_delta,
    _layer,
    _layer_entry,
    _on_output_error,
    _one_layer_after,
    _one_pass_counts,
    _one_pass_reference,
    _output_after_L,
    _output_as_y,
    _pair_lengths,
    _parameter_count,
    _penultimate_error,
    _per_example_cases,
    _per_example_reference,
    _pseudo_code,
    _size_as_printed,
    _size_corrected,
    _through_bias_links,
    _through_weight_links,
    _widths_as_printed,
    _widths_corrected,
    _with_entry_input,
)

_F64 = torch.float64

CLAIMS = [
    # ---------------------------------------------------------------- Rappel des épisodes précédents
    claim(
        "tutoriel-backprop/cost-arguments",
        kind=Kind.DEFINITION,
        family="algorithm",
        source=Source(FILE, _EPISODES, "nous adopterons une notation alternative : C(w, b)"),
        check=ValueCheck(reference=_parameter_count, domain=_networks),
        printed=Form(r"C(w, b):\ (w, b) = (w^1, b^1, \dots, w^L, b^L)", _count_arguments),
    ),
    claim(
        "tutoriel-backprop/cost-generic",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _EPISODES, "peu importe la forme exacte de la fonction, les principes de base ne changent pas"),
        # Any cost enters as its gradient at the output, cost'(a^L) (the upstream gradient).
        check=VJPCheck(reference=_network_output, domain=_networks, wrt=network_parameters, analytic=True),
        printed=Form(r"\frac{\partial C}{\partial w^l_{ij}} = a^{l-1}_j \delta^l_i,\ \frac{\partial C}{\partial b^l_i} = "
                     r"\delta^l_i,\ \delta^L = \sigma'(z^L) \odot \frac{\partial C}{\partial a^L}\ \text{for any } C",
                     vjp(_all_gradients)),
    ),
    claim(
        "tutoriel-backprop/gradient-direction",
        kind=Kind.DEFINITION,
        family="algorithm",
        source=Source(FILE, _EPISODES, "nous calculions la dérivée partielle de la fonction par rapport à chaque "
                                       "paramètre pour savoir dans quelle direction en modifier la valeur"),
        check=ValueCheck(reference=_descent_sign_reference, domain=_classes),
        printed=Form(r"\text{direction}(\theta) = -\operatorname{sign}\frac{\partial C}{\partial \theta}",
                     _code_directions),
    ),
    # ---------------------------------------------------------------- Rappel des notations utilisées
    claim(
        "tutoriel-backprop/notation-figure",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _NOTATIONS, "Récapitulatif des différentes notations utilisées."),
        expect=Status.NOT_JUDGED,
        explanation=("The recap of the notation is an image: only its caption survives; the bullet list after it "
                     "states the notation in text, and those statements are judged by their own claims."),
    ),
    claim(
        "tutoriel-backprop/number-of-layers",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _NOTATIONS, "L est le nombre de couches du neurones."),
        check=ValueCheck(reference=_network_output, domain=_networks),
        printed=Form(r"L = \text{nombre de couches},\ a^L = \text{sortie}", _output_after_L),
    ),
    claim(
        "tutoriel-backprop/weight-indices",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _NOTATIONS, r"\(w^{l}_{ij}\) est le poids qui relie le iième neurone de la lième couche "
                                        r"au jième neurone de la (l - 1)ième couche."),
        check=VJPCheck(reference=_layer, domain=_single_layer, wrt=("w", "a_prev")),
        printed=Form(r"\frac{\partial z^l_i}{\partial a^{l-1}_j} = w^l_{ij},\ \frac{\partial z^l_i}{\partial w^l_{ij}} "
                     r"= a^{l-1}_j", vjp(_through_weight_links)),
    ),
    claim(
        "tutoriel-backprop/weight-matrix-size",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _NOTATIONS, r"\(w^l\) est une matrice de taille i x j (i lignes et j colonnes)"),
        check=ValueCheck(reference=lambda w, a_prev, b, i, j: torch.tensor(w.shape, dtype=_F64), domain=_layer_entry),
        printed=Form(r"w^l \in \mathbb{R}^{i \times j}", _size_as_printed),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        cause="widths-unnamed",
        correction=Form(r"w^l \in \mathbb{R}^{n_l \times n_{l-1}}", _size_corrected),
        explanation=("The size of w^l is given with the running indices i and j of its entries, \"i x j\", where it is "
                     "n_l × n_{l-1} (the neurons of layer l by those of layer l - 1: 200 × 784 and 10 × 200 in the "
                     "document's own network), a size the text never names."),
    ),
    claim(
        "tutoriel-backprop/bias-index",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _NOTATIONS, r"\(b^l_i\) est le biais associé au iième neurone de la lième couche."),
        check=VJPCheck(reference=_layer, domain=_single_layer, wrt=("b",)),
        printed=Form(r"\frac{\partial z^l_k}{\partial b^l_i} = [k = i]", vjp(_through_bias_links)),
    ),
    claim(
        "tutoriel-backprop/aggregation-before-activation",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _NOTATIONS, r"\(z^l_i\) est la valeur d'agrégation du iième neurone de la lième couche, "
                                        r"c'est à dire la valeur qu'un neurone calcule avant de la passer à la fonction "
                                        r"d'activation."),
        check=ValueCheck(reference=lambda w, a_prev, b: torch.sigmoid(F.linear(a_prev, w, b)), domain=_single_layer),
        printed=Form(r"a^l_i = \sigma(z^l_i),\ z^l_i = \sum_j w^l_{ij} a^{l-1}_j + b^l_i", s.neuron_output),
    ),
    claim(
        "tutoriel-backprop/aggregation-sum",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _NOTATIONS, r"z^l_i = \sum_{j=1}^{n} w^l_{ij} a^{l - 1}_j + b^l_i"),
        check=ValueCheck(reference=lambda w, a_prev, b: F.linear(a_prev, w, b), domain=_single_layer),
        printed=Form(r"z^l_i = \sum_{j=1}^{n} w^l_{ij} a^{l-1}_j + b^l_i", p.aggregation_sum),
    ),
    claim(
        "tutoriel-backprop/vector-notation",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _NOTATIONS, r"z^l = \begin{pmatrix} z^l_1 \\ z^l_2 \\ \vdots \\ z^l_n \end{pmatrix} a^l = "
                                        r"\begin{pmatrix} a^l_1 \\ a^l_2 \\ \vdots \\ a^l_n \end{pmatrix}"),
        check=ValueCheck(reference=lambda w, a_prev, b: torch.cat([F.linear(a_prev, w, b),
                                                                   torch.sigmoid(F.linear(a_prev, w, b))]),
                         domain=_single_layer),
        printed=Form(r"z^l = (z^l_1, \dots, z^l_n)^T,\ a^l = (a^l_1, \dots, a^l_n)^T", s.layer_vectors),
    ),
    claim(
        "tutoriel-backprop/width-n",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _NOTATIONS, r"\vdots \\ z^l_n \end{pmatrix}"),
        # (the bound of the sum that gives z^l_i, the number of entries of z^l), as torch's linear layer has them.
        check=ValueCheck(reference=lambda w, a_prev, b: torch.tensor([a_prev.numel(), F.linear(a_prev, w, b).numel()],
                                                                     dtype=_F64), domain=_single_layer),
        printed=Form(r"z^l_i = \sum_{j=1}^{n} \dots,\ z^l = (z^l_1, \dots, z^l_n)^T", _widths_as_printed),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        cause="widths-unnamed",
        correction=Form(r"z^l_i = \sum_{j=1}^{n_{l-1}} \dots,\ z^l = (z^l_1, \dots, z^l_{n_l})^T", _widths_corrected),
        explanation=("One symbol n stands for two widths: the n that bounds the sum giving z^l_i is the width n_{l-1} "
                     "of layer l - 1, while the n that ends the vectors z^l and a^l is the width n_l of layer l, and "
                     "they differ in the document's own network (784 → 200 → 10)."),
    ),
    claim(
        "tutoriel-backprop/forward-vector",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _NOTATIONS, r"z^l = w^l * a^{l - 1} + b^l \\ a^l = \sigma(z^l)"),
        check=ValueCheck(reference=_network_output, domain=_networks),
        printed=Form(r"z^l = w^l a^{l-1} + b^l,\quad a^l = \sigma(z^l)", _network_forward(p.forward_vector)),
    ),
    # ---------------------------------------------------------------- L'algorithme de la rétropropagation
    claim(
        "tutoriel-backprop/gradient-descent-loop",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _ALGORITHM, r"répéter jusqu'à ce que C(w, b) converge, pour tous les poids \(w^l_{ij}\) "
                                        r"et biais \(b^l_{i}\)"),
        # The number of repetitions is given (convergence itself is not judged); the gradients are the code's.
        check=ValueCheck(reference=_gradient_descent_reference, domain=_descent_cases),
        printed=Form(r"\text{repeat: } w^l_{ij} \leftarrow w^l_{ij} - \alpha \frac{\partial C}{\partial w^l_{ij}},\ "
                     r"b^l_i \leftarrow b^l_i - \alpha \frac{\partial C}{\partial b^l_i}\ \forall l, i, j", _descend),
    ),
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
    claim(
        "tutoriel-backprop/learning-rate",
        kind=Kind.DEFINITION,
        family="algorithm",
        source=Source(FILE, _ALGORITHM, "Ou α est le taux d'apprentissage."),
        # The code's learning_rate is α: Layer.update_weights against torch.optim.SGD(lr=α).
        check=ValueCheck(reference=_sgd_step, domain=lambda: _update_cases("w")),
        printed=Form(r"\alpha = \texttt{learning\_rate}:\ \texttt{weights -= learning\_rate * gradient}",
                     _code_learning_rate),
    ),
    claim(
        "tutoriel-backprop/example-partial",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _ALGORITHM, r"\frac{\partial C}{\partial w^2_{43}}"),
        check=VJPCheck(reference=_entry_reference("w2_43", 2, 3, 2),
                       domain=lambda: _with_entry_input(networks(depth=(2, 4), width=(4, 8)), "w2_43", 2, 3, 2),
                       wrt=("w2_43",)),
        printed=Form(r"\frac{\partial C}{\partial w^2_{43}} = a^1_3\,\delta^2_4", vjp(_example_entry)),
    ),
    # ---------------------------------------------------------------- Rétropropagation du gradient : intuition
    claim(
        "tutoriel-backprop/training-pair",
        kind=Kind.DEFINITION,
        family="loss",
        source=Source(FILE, _INTUITION, "Imaginons une donnée d'entraînement (X, T) avec X le vecteur qui contient les "
                                        "entrées, et T (pour target) la sortie attendue."),
        # The lengths of X and T: those of the network's input and output.
        check=ValueCheck(reference=lambda x, y, **layers: torch.tensor(
            [x.numel(), _network_output(x, **layers).numel()], dtype=_F64), domain=_classes),
        printed=Form(r"(X, T):\ X \in \mathbb{R}^{n_0},\ T = \text{to\_one\_hot}(y, 10) \in \mathbb{R}^{n_L}",
                     _pair_lengths),
    ),
    claim(
        "tutoriel-backprop/output-named-y",
        kind=Kind.DEFINITION,
        family="loss",
        source=Source(FILE, _INTUITION, "Les calculs se propagent de couche en couche jusqu'à la sortie qu'on notera Y."),
        # What the code calls Y for an example (its label), as the vector the code makes of it.
        check=ValueCheck(reference=lambda x, y, **layers: F.one_hot(y, 10).to(_F64), domain=_classes),
        printed=Form(r"Y = a^L\ \text{(the output of the network)}", _output_as_y),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        cause="y-output-vs-labels",
        correction=Form(r"\text{the code's } Y \text{ is the text's } T:\ T = \text{to\_one\_hot}(y, 10)", _labels_as_t),
        explanation=("The text names the network's output Y, but the code names the labels Y (evaluate(X, Y), "
                     "train(X, Y), X, Y = load_mnist_data(): the text's T) and the output activation, so that E = T - Y "
                     "read with the code's names would be target minus target."),
    ),
    claim(
        "tutoriel-backprop/error-is-delta",
        kind=Kind.BACKWARD,
        family="loss",
        source=Source(FILE, _INTUITION, "(on note parfois E : δ)"),
        check=VJPCheck(reference=_output_delta_reference, domain=_output_delta_cases, wrt=("z",)),
        printed=Form(r"\delta^L = E = T - Y", scalar_gradients(_on_output_error(s.error_as_delta))),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        cause="e-is-delta",
        correction=Form(r"\delta^L = \frac{\partial C}{\partial z^L} = Y - T = -E\ \text{(cross-entropy, sigmoid "
                        r"outputs)}", scalar_gradients(_on_output_error(s.delta_is_minus_error))),
        explanation=("The text identifies E = T - Y with δ, but the δ^L = ∂C/∂z^L it derives later, and that its code "
                     "returns (a - target), is Y - T = -E for the cross-entropy (σ'(z^L)(Y - T) for a quadratic cost): "
                     "plugged in as δ, E makes w ← w - α a δ climb the cost instead of descending it."),
    ),
    claim(
        "tutoriel-backprop/error-example",
        kind=Kind.FIGURE,
        family="loss",
        source=Source(FILE, _INTUITION, r"E = T - Y = \begin{pmatrix} 0 \\ 1 \\ -0.5 \end{pmatrix}"),
        check=FigureCheck(printed={"E_1": "0", "E_2": "1", "E_3": "-0.5"}, rounding=Rounding.FORMULA),
        printed=Form(r"T = (1, 1, 0)^T,\ Y = (1, 0, 0.5)^T,\ E = T - Y = (0, 1, -0.5)^T", _error_example),
    ),
    claim(
        "tutoriel-backprop/dw-from-delta",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _INTUITION, r"pour obtenir toutes les valeurs \(\partial C / \partial w^L_{ij}\) à partir "
                                        r"de \(\delta^L\)"),
        check=VJPCheck(reference=_network_output, domain=_networks, wrt=_last_weight, analytic=True),
        printed=Form(r"\frac{\partial C}{\partial w^L_{ij}} = a^{L-1}_j\,\delta^L_i", vjp(_last_from_delta)),
    ),
    claim(
        "tutoriel-backprop/error-previous-layer",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _INTUITION, "En gros, nous pouvons calculer l'erreur de l'avant-dernière couche."),
        check=VJPCheck(reference=_recursion_reference, domain=_one_layer_after, wrt=("z",), analytic=True),
        printed=Form(r"\delta^{L-1}_i = \sigma'(z^{L-1}_i) \sum_j w^L_{ji}\,\delta^L_j = "
                     r"\frac{\partial C}{\partial z^{L-1}_i}", vjp(_penultimate_error)),
    ),
    claim(
        "tutoriel-backprop/same-formula",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _INTUITION, "il nous est facile d'appliquer la même bête formule pour obtenir les dérivées "
                                        "partielles de tous les poids du réseau d'un seul coup"),
        check=VJPCheck(reference=_network_output, domain=_networks, wrt=network_weights, analytic=True),
        printed=Form(r"\frac{\partial C}{\partial w^l_{ij}} = a^{l-1}_j\,\delta^l_i,\ l = 1, \dots, L",
                     vjp(_every_layer_from_delta)),
    ),
    claim(
        "tutoriel-backprop/one-pass",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _INTUITION, "en une seule passe vers l'avant suivie d'une seule passe vers l'arrière, nous "
                                        "avons potentiellement calculé des millions de dérivées partielles"),
        # (layers aggregated forward, deltas computed backward, partial derivatives returned) by one backprop call.
        check=ValueCheck(reference=_one_pass_reference, domain=_classes),
        printed=Form(r"\text{Network.backprop}:\ L \text{ forward},\ L\ \delta^l,\ "
                     r"\textstyle\sum_l (n_l n_{l-1} + n_l)\ \text{derivatives}", _one_pass_counts),
    ),
    claim(
        "tutoriel-backprop/pseudo-code",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _INTUITION, "Pour chaque exemple de la liste des données d'entraînement :\n"
                                        "Donner l'entrée au modèle pour obtenir la sortie\n"
                                        "Calculer l'erreur en comparant la sortie avec le résultat attendu\n"
                                        "Propager l'erreur de couche en couche vers l'arrière\n"
                                        "Mettre à jour tous les poids du réseau"),
        check=ValueCheck(reference=_per_example_reference, domain=_per_example_cases),
        printed=Form(r"\text{for each example: forward, error, backward, update every weight}", _pseudo_code),
    ),
]

