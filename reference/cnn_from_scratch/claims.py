"""The claims of cnn-from-scratch, in the document's order: each quotes what it checks, wires the
printed form (``printed``) to a check through ``wiring``, and states the status it should get."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from oracle import Form, Kind, Severity, Source, Status, ValueCheck, VJPCheck, claim
from oracle.forms import vjp
from reference.cnn_from_scratch import printed as p
from reference.cnn_from_scratch.wiring import (
    _BACKPROP,
    _CALCULUS,
    _CONV,
    _CONV_3X3,
    _CONV_MAIN,
    _DENSE,
    _DENSE_MAIN,
    _DENSE_VJP,
    _FLATTEN,
    _FORMAL,
    _OBJECTIVE,
    FILE,
    _augmented_case,
    _augmented_jacobian_ref,
    _augmented_ref,
    _ce_case,
    _ce_logits_ref,
    _chain_case,
    _chain_ref,
    _conv_3x3,
    _conv_case,
    _conv_jacobian_ref,
    _conv_ref,
    _cross_entropy_ref,
    _dense_case,
    _dense_ref,
    _jacobian_shape_ref,
    _probabilities_case,
    _rows_case,
    _rows_ref,
    _sgd_case,
    _sgd_ref,
)

CLAIMS = [
    claim(
        "cnn-from-scratch/layer-output",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _FORMAL, "Figure 9: sortie d’une couche complètement connectée"),
        check=ValueCheck(reference=lambda W, b, x: torch.relu(F.linear(x, W, b)), domain=_dense_case),
        printed=Form(r"\mathbf{o} = \sigma(W\mathbf{i} + \mathbf{b}),\ \sigma = \text{ReLU}", p.layer_output),
    ),
    claim(
        "cnn-from-scratch/cross-entropy",
        kind=Kind.DEFINITION,
        family="softmax-ce",
        source=Source(FILE, _BACKPROP, "Figure 13: Expression de l’entropie croisée entre un vecteur de prédictions"),
        check=ValueCheck(reference=_cross_entropy_ref, domain=_probabilities_case),
        printed=Form(r"L(\hat{\mathbf{y}}, \mathbf{y}) = -\sum_{i=1}^{C} y_i \log \hat{y}_i", p.cross_entropy),
    ),
    claim(
        "cnn-from-scratch/sgd-step",
        kind=Kind.DEFINITION,
        family="algorithm",
        source=Source(FILE, _DENSE_MAIN, "Figure 23: SGD appliqué à la matrice de poids et au vecteur de biais"),
        check=ValueCheck(reference=_sgd_ref, domain=_sgd_case),
        printed=Form(r"W \leftarrow W - \eta \frac{\partial L}{\partial W},\quad "
                     r"\mathbf{b} \leftarrow \mathbf{b} - \eta \frac{\partial L}{\partial \mathbf{b}}", p.sgd_step),
    ),
    claim(
        "cnn-from-scratch/dense-backward",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _DENSE_MAIN, "Figure 24: Expression des dérivées partielles en fonction du gradient rétro-propagé"),
        check=VJPCheck(wrt=("W", "b"), **_DENSE_VJP),
        printed=Form(r"\frac{\partial L}{\partial W} = \nabla L\, \mathbf{x}^\top,\quad "
                     r"\frac{\partial L}{\partial \mathbf{b}} = \nabla L", vjp(p.dense_backward)),
    ),
    claim(
        "cnn-from-scratch/image-rows",
        kind=Kind.DERIVATION,
        family="dense",
        source=Source(FILE, _FLATTEN,
                      "o11 et o12 ne prennent en compte que la première ligne de l’image, et o21 et o22 que la deuxième"),
        check=ValueCheck(reference=_rows_ref, domain=_rows_case),
        printed=Form(r"O = IW:\ o_{ij} \text{ depends on row } i \text{ of } I \text{ only}", p.rows_reached),
    ),
    claim(
        "cnn-from-scratch/conv-forward",
        kind=Kind.DEFINITION,
        family="conv",
        source=Source(FILE, _CONV_MAIN,
                      "Figure 32: Expression du pixel de sortie (x,y) d’une couche de convolution en fonction de l’image et du kernel"),
        check=ValueCheck(reference=lambda I, K: _conv_ref(I, K), domain=lambda: _conv_case(image="I")),
        printed=Form(r"O(x, y) = \sum_{i}\sum_{j} K(i, j)\, I(x + i, y + j)", p.conv_forward),
    ),
    claim(
        "cnn-from-scratch/conv-forward-3x3",
        kind=Kind.DEFINITION,
        family="conv",
        source=Source(FILE, _CONV_3X3, "Figure 34: Expression des valeurs de sortie d’une couche de convolution 2×2"),
        check=ValueCheck(reference=lambda X, W: _conv_ref(X, W), domain=_conv_3x3("W")),
        printed=Form(r"o_{11} = w_{11}x_{11} + w_{12}x_{12} + w_{21}x_{21} + w_{22}x_{22},\ \dots", p.conv_forward_3x3),
    ),
    claim(
        "cnn-from-scratch/conv-kernel-gradient",
        kind=Kind.BACKWARD,
        family="conv",
        source=Source(FILE, _CONV_3X3,
                      "Il s’agit du même calcul que la propagation avant, excepté les poids du filtre qui sont cette "
                      "fois ci égaux aux dérivées partielles rétro-propagées."),
        check=VJPCheck(reference=_conv_ref, domain=_conv_case, wrt=("K",), analytic=True),
        printed=Form(r"\frac{\partial L}{\partial K} = \operatorname{conv}\!\left(X, \frac{\partial L}{\partial O}\right)",
                     vjp(p.conv_kernel_gradient_as_conv)),
    ),
    claim(
        "cnn-from-scratch/jacobian-shape",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _CALCULUS, "Dans ce cas c’est donc Rmxn."),
        check=ValueCheck(reference=_jacobian_shape_ref, domain=_dense_case),
        printed=Form(r"J_f \in \mathbb{R}^{m \times n} \text{ for } f: \mathbb{R}^n \to \mathbb{R}^m", p.jacobian_shape),
    ),
    claim(
        "cnn-from-scratch/jacobian-chain-rule",
        kind=Kind.DERIVATION,
        family="dense",
        source=Source(FILE, _CALCULUS, "L’application du gradient chaîné revient donc à multiplier les Jacobiennes."),
        check=ValueCheck(reference=_chain_ref, domain=_chain_case),
        printed=Form(r"J_{g \circ f}(\mathbf{x}) = J_g(f(\mathbf{x}))\, J_f(\mathbf{x})", p.chain_rule_jacobian),
    ),
    claim(
        "cnn-from-scratch/dense-forward",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _DENSE, "Annexe 8: Propagation avant d’une couche complètement connectée"),
        check=ValueCheck(reference=_dense_ref, domain=_dense_case),
        printed=Form(r"f(\mathbf{x}) = W\mathbf{x} + \mathbf{b}", p.dense_forward),
    ),
    claim(
        "cnn-from-scratch/augmented-forward",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _DENSE,
                      "On ajoute un 1 à la fin de x, qu’on notera maintenant x* et on ajoute une colonne à W qui est "
                      "égale à b, on notera la nouvelle matrice W*."),
        check=ValueCheck(reference=_dense_ref, domain=_dense_case),
        printed=Form(r"f(\mathbf{x}) = W^{*}\mathbf{x}^{*},\ W^{*} = [W \mid \mathbf{b}],\ "
                     r"\mathbf{x}^{*} = (\mathbf{x}, 1)", p.augmented_forward),
    ),
    claim(
        "cnn-from-scratch/augmented-jacobian-shape",
        kind=Kind.DERIVATION,
        family="dense",
        source=Source(FILE, _DENSE,
                      "on considère f comme une fonction de R(n+1)xm dans Rm. La Jacobienne sera donc de dimension "
                      "Rmx(n+1)xm, c’est donc un tenseur d’ordre 3."),
        check=ValueCheck(reference=lambda W_star, x: torch.tensor(_augmented_jacobian_ref(W_star, x).shape,
                                                                  dtype=torch.float64),
                         domain=_augmented_case),
        printed=Form(r"f: \mathbb{R}^{(n+1)\times m} \to \mathbb{R}^m,\ "
                     r"\frac{\partial f}{\partial W^{*}} \in \mathbb{R}^{m\times(n+1)\times m}",
                     p.augmented_jacobian_shape_as_printed),
        expect=Status.ERRATUM,
        severity=Severity.ERROR,
        correction=Form(r"f: \mathbb{R}^{m\times(n+1)} \to \mathbb{R}^m,\ "
                        r"\frac{\partial f}{\partial W^{*}} \in \mathbb{R}^{m\times m\times(n+1)}",
                        p.augmented_jacobian_shape),
        explanation=("W has one row per neuron and W* is W with b appended as a column, so W* is m×(n+1), yet the "
                     "text says f goes 'de R(n+1)xm dans Rm' and its Jacobian is 'Rmx(n+1)xm' (in the article's own "
                     "rows×columns notation), transposing W*: the Jacobian is m×m×(n+1)."),
    ),
    claim(
        "cnn-from-scratch/augmented-partial",
        kind=Kind.DERIVATION,
        family="dense",
        source=Source(FILE, _DENSE, "C’est un cube dont chaque couche est une matrice diagonale égale à un élément de x"),
        check=ValueCheck(reference=_augmented_jacobian_ref, domain=_augmented_case),
        printed=Form(r"\frac{\partial f_i}{\partial w_{kl}} = \delta_{ik}\, x^{*}_l", p.augmented_partial),
    ),
    claim(
        "cnn-from-scratch/augmented-weight-gradient",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _DENSE,
                      "Annexe 16: Dérivée partielle de la fonction objectif par rapport à la matrice de poids d’une "
                      "couche complètement connectée"),
        check=VJPCheck(reference=_augmented_ref, domain=_augmented_case, wrt=("W_star",), analytic=True),
        printed=Form(r"\frac{\partial L}{\partial w_{kl}} = \sum_i \frac{\partial L}{\partial f_i}\, \delta_{ik}\, x^{*}_l"
                     r" = \left(\nabla L\, \mathbf{x}^{*\top}\right)_{kl}", vjp(p.augmented_weight_gradient)),
    ),
    claim(
        "cnn-from-scratch/dense-input-gradient",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _DENSE,
                      "La rétro-propagation doit retourner le gradient rétro-propagé pour que les couches précédentes "
                      "puissent l’utiliser à leurs tours."),
        check=VJPCheck(wrt=("x",), **_DENSE_VJP),
        printed=Form(r"\frac{\partial L}{\partial \mathbf{x}} = W^\top \nabla L", vjp(p.dense_input_gradient)),
        beyond_document=True,
    ),
    claim(
        "cnn-from-scratch/im2col",
        kind=Kind.DEFINITION,
        family="conv",
        source=Source(FILE, _CONV, "Cette astuce est implémentée dans l’algorithme im2col."),
        check=ValueCheck(reference=_conv_ref, domain=_conv_case),
        printed=Form(r"o_{ij} = \operatorname{vec}(W) \cdot \operatorname{vec}(\mathbf{x}_{ij}),\ "
                     r"O = \operatorname{im2col}(X)\operatorname{vec}(W)", p.conv_im2col),
    ),
    claim(
        "cnn-from-scratch/conv-output-partial",
        kind=Kind.DERIVATION,
        family="conv",
        source=Source(FILE, _CONV,
                      "Annexe 22: Dérivée partielle d’un élément de la sortie d’une couche de convolution par rapport "
                      "à un poids du kernel"),
        check=ValueCheck(reference=_conv_jacobian_ref, domain=_conv_case),
        printed=Form(r"\frac{\partial o_{ij}}{\partial w_{kl}} = x_{i+k,\, j+l}", p.conv_output_partial),
    ),
    claim(
        "cnn-from-scratch/conv-kernel-gradient-2x2",
        kind=Kind.BACKWARD,
        family="conv",
        source=Source(FILE, _CONV, "Annexe 24: Expression de la dérivée partielle dans le cas d’un kernel 2×2"),
        check=VJPCheck(reference=lambda X, W: _conv_ref(X, W), domain=_conv_3x3("W"), wrt=("W",), analytic=True),
        printed=Form(r"\frac{\partial L}{\partial w_{11}} = \frac{\partial L}{\partial o_{11}} x_{11} + "
                     r"\frac{\partial L}{\partial o_{12}} x_{12} + \frac{\partial L}{\partial o_{21}} x_{21} + "
                     r"\frac{\partial L}{\partial o_{22}} x_{22},\ \dots", vjp(p.conv_kernel_gradient_2x2)),
    ),
    claim(
        "cnn-from-scratch/conv-input-gradient",
        kind=Kind.BACKWARD,
        family="conv",
        source=Source(FILE, _CONV, "Annexe 26: Implémentation de la rétro-propagation d’une couche de convolution"),
        check=VJPCheck(reference=_conv_ref, domain=_conv_case, wrt=("X",), analytic=True),
        printed=Form(r"\frac{\partial L}{\partial X} = \operatorname{conv}_{\text{full}}\!\left("
                     r"\frac{\partial L}{\partial O}, \operatorname{rot180}(K)\right)", vjp(p.conv_input_gradient)),
        beyond_document=True,
    ),
    claim(
        "cnn-from-scratch/softmax",
        kind=Kind.DEFINITION,
        family="softmax-ce",
        source=Source(FILE, _OBJECTIVE, "Annexe 28: Expression d’un élément d’un vecteur softmax"),
        expect=Status.NOT_JUDGED,
        explanation=("Annexe 28, the expression of a softmax element, is an image: only its caption survives, and the "
                     "sentence before it says only that softmax turns the network's outputs into probabilities, which "
                     "the standard softmax does. Nothing in the article evaluates softmax (its code is an image too), "
                     "so no regime of its own use can be called unstable; a naive $e^{\\theta_i} / \\sum_j e^{\\theta_j}$ "
                     "returns NaN as soon as one logit exceeds 709.78, or when every logit lies below −745, in code "
                     "that would run it."),
    ),
    claim(
        "cnn-from-scratch/ce-gradient-general",
        kind=Kind.DERIVATION,
        family="softmax-ce",
        source=Source(FILE, _OBJECTIVE,
                      "Annexe 30: Calcul de la dérivée partielle de l’entropie croisée par rapport à une sortie d’un "
                      "réseau de neurones"),
        check=VJPCheck(reference=_ce_logits_ref, domain=lambda: _ce_case(targets="any"), wrt=("theta",)),
        printed=Form(r"\frac{\partial L}{\partial \theta_k} = -y_k + p_k \sum_{i=1}^{C} y_i", vjp(p.ce_gradient_general)),
    ),
    claim(
        "cnn-from-scratch/ce-gradient",
        kind=Kind.BACKWARD,
        family="softmax-ce",
        source=Source(FILE, _OBJECTIVE, "Or ytrue est un vecteur de probabilités, sa somme est donc égale à 1."),
        # The article states the precondition itself, in the sentence quoted: y is a probability vector, Σ y = 1.
        check=VJPCheck(reference=_ce_logits_ref, domain=lambda: _ce_case(targets="simplex"), wrt=("theta",)),
        printed=Form(r"\frac{\partial L}{\partial \boldsymbol\theta} = \mathbf{p} - \mathbf{y}", vjp(p.ce_gradient)),
    ),
]
