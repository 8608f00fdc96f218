"""The claims of cnn-from-scratch, lines 493-594 (the annex: the convolution layer in detail, the objective's
derivative), in the document's order."""

from __future__ import annotations

from oracle import Form, Kind, Severity, Source, Status, ValueCheck, VJPCheck, claim
from oracle.forms import vjp
from reference.cnn_from_scratch import printed as p
from reference.cnn_from_scratch import printed_annex as pa
from reference.cnn_from_scratch import wiring as w
from reference.cnn_from_scratch import wiring_annex as wa
from reference.cnn_from_scratch.wiring import _CONV, _OBJECTIVE, FILE
from reference.cnn_from_scratch.wiring_sentences import _image

_ID = "cnn-from-scratch/"

CLAIMS = [
    claim(
        _ID + "conv-io", kind=Kind.DEFINITION, family="conv",
        source=Source(FILE, _CONV, "L’entrée d’une couche de convolution est une matrice X (ou un tenseur), et la sortie "
                                   "est une matrice O (ou un tenseur)."),
        check=ValueCheck(reference=wa._conv_order_ref, domain=w._conv_case),
        printed=Form(r"X \in \mathbb{R}^{h\times w} \Rightarrow O \text{ a matrix (order 2)}", pa.conv_output_order),
    ),
    _image("conv-sum-annexe19", _CONV, "Annexe 19bis: Expression d’une sortie d’une couche de convolution sous forme de "
                                       "somme",
           "Annexes 19 and 19bis, an output of the convolution as a sum (the first element, then the general case), "
           "are images: only their captions survive.", family="conv"),
    claim(
        _ID + "conv-dot-product", kind=Kind.DEFINITION, family="conv",
        source=Source(FILE, _CONV, "On peut le voir comme le produit scalaire entre le kernel vectorisé W ∈ Rk×l et le "
                                   "voisinage du pixel de coordonnées (i, j) vectorisé x ∈ Rk×l:"),
        check=ValueCheck(reference=wa._vectorised_kernel_ref, domain=wa._kernel_only),
        printed=Form(r"\operatorname{vec}(K) \in \mathbb{R}^{k\times l}", pa.vectorised_kernel),
        expect=Status.ERRATUM, severity=Severity.NOTE,
        correction=Form(r"\operatorname{vec}(K) \in \mathbb{R}^{kl}", pa.vectorised_kernel_corrected),
        explanation=("The dot product holds (claim im2col), but vectorising a k×l kernel gives a vector of R^{kl}, while "
                     "Rk×l is, in the article's own notation, the set of k×l matrices; the kernel K is also renamed W "
                     "here, and x, the dense layer's input elsewhere, is reused for the neighbourhood."),
    ),
    _image("conv-dot-annexe20", _CONV, "Annexe 20: Expression d’une sortie d’une couche de convolution sous forme de "
                                       "produit scalaire",
           "Annexe 20, an output of the convolution as a dot product, is an image: only its caption survives; the "
           "sentences around it are judged (claims conv-dot-product and im2col).", family="conv"),
    claim(
        _ID + "im2col", kind=Kind.DEFINITION, family="conv",
        source=Source(FILE, _CONV, "Cette astuce est implémentée dans l’algorithme im2col."),
        check=ValueCheck(reference=w._conv_ref, domain=w._conv_case),
        printed=Form(r"o_{ij} = \operatorname{vec}(W) \cdot \operatorname{vec}(\mathbf{x}_{ij}),\ "
                     r"O = \operatorname{im2col}(X)\operatorname{vec}(W)", p.conv_im2col),
    ),
    _image("conv-forward-code-annexe21", _CONV, "Annexe 21: Implémentation de la propagation avant d’une couche de "
                                                "convolution",
           "Annexe 21, the code of the convolution's forward pass, is an image: no listing survives to run.",
           family="listing", kind=Kind.LISTING),
    claim(
        _ID + "keep-input-conv", kind=Kind.BACKWARD, family="conv",
        source=Source(FILE, _CONV, "De même que pour la couche linéaire, l’entrée est gardée en mémoire pour la "
                                   "rétro-propagation."),
        check=ValueCheck(reference=wa._conv_needs_input_ref, domain=wa._conv_gradient_case),
        printed=Form(r"\frac{\partial L}{\partial K} \text{ depends on } X", pa.conv_backward_needs_input),
    ),
    claim(
        _ID + "do-dw-order-4", kind=Kind.DEFINITION, family="conv",
        source=Source(FILE, _CONV, "La dérivée partielle ∂O/∂W est un tenseur d’ordre 4."),
        check=ValueCheck(reference=wa._conv_jacobian_order_ref, domain=w._conv_case),
        printed=Form(r"\frac{\partial O}{\partial W} \text{ of order 4}", pa.conv_jacobian_order),
    ),
    _image("conv-output-partial", _CONV, "Annexe 22: Dérivée partielle d’un élément de la sortie d’une couche de "
                                         "convolution par rapport à un poids du kernel",
           "Annexe 22, ∂o_ij/∂w_kl, is an image: only its caption survives, after « ∂O/∂W est un tenseur d’ordre 4 [...] "
           "on remarque que: ». The catalogue's former reading x_{i+k, j+l} was 0-based among 1-based neighbours (read "
           "1-based, the partial is x_{i+k-1, j+l-1}); nothing printed decides it.", family="conv",
           kind=Kind.DERIVATION),
    claim(
        _ID + "update-wkl", kind=Kind.ALGORITHM, family="conv",
        source=Source(FILE, _CONV, "Ce qui nous intéresse vraiment ici, c’est de mettre à jour chaque poids wkl du "
                                   "kernel. Pour cela on a besoin de la dérivée partielle ∂L/∂W."),
        check=ValueCheck(reference=wa._kernel_update_ref, domain=lambda: wa._conv_gradient_case(rate=True)),
        printed=Form(r"w_{kl} \leftarrow w_{kl} - \eta \frac{\partial L}{\partial w_{kl}}", pa.update_kernel),
    ),
    _image("dl-dw-annexe23", _CONV, "Annexe 23: Dérivée partielle de la fonction objectif par rapport à un poids du "
                                    "kernel",
           "Annexe 23, ∂L/∂w_kl by the chain rule, is an image: only its caption survives.", family="conv",
           kind=Kind.BACKWARD),
    _image("dl-dw-2x2-annexe24", _CONV, "Annexe 24: Expression de la dérivée partielle dans le cas d’un kernel 2×2",
           "Annexe 24, ∂L/∂w_kl written out for a 2×2 kernel, is an image: only its caption survives; the sentence "
           "after it describes it (claim conv-kernel-gradient-2x2).", family="conv", kind=Kind.BACKWARD),
    claim(
        _ID + "conv-kernel-gradient-2x2", kind=Kind.BACKWARD, family="conv",
        source=Source(FILE, _CONV, "Cette dernière formule ressemble énormément à la convolution de la propagation avant. "
                                   "Sauf qu’à la place des poids du kernel on a les dérivées partielles par rapport à la "
                                   "sortie."),
        check=VJPCheck(reference=lambda X, W: w._conv_ref(X, W), domain=w._conv_3x3("W"), wrt=("W",), analytic=True),
        printed=Form(r"\frac{\partial L}{\partial w_{11}} = \frac{\partial L}{\partial o_{11}} x_{11} + "
                     r"\frac{\partial L}{\partial o_{12}} x_{12} + \frac{\partial L}{\partial o_{21}} x_{21} + "
                     r"\frac{\partial L}{\partial o_{22}} x_{22},\ \dots", vjp(p.conv_kernel_gradient_2x2)),
        explanation=("The sentence describes Annexe 24 (an image): the forward convolution with ∂L/∂O in place of the "
                     "kernel; the four sums for a 2×2 kernel on a 3×3 image are written out by the catalogue."),
    ),
    claim(
        _ID + "im2col-backward", kind=Kind.BACKWARD, family="conv",
        source=Source(FILE, _CONV, "Ainsi, on peut calculer les dérivées partielles de la même façon qu’on a fait la "
                                   "propagation avant avec l’astuce im2col."),
        check=VJPCheck(reference=w._conv_ref, domain=w._conv_case, wrt=("K",), analytic=True),
        printed=Form(r"\operatorname{vec}\frac{\partial L}{\partial K} = \operatorname{im2col}(X)^\top "
                     r"\operatorname{vec}\frac{\partial L}{\partial O}", vjp(pa.kernel_gradient_im2col)),
    ),
    claim(
        _ID + "conv-input-gradient", kind=Kind.BACKWARD, family="conv",
        source=Source(FILE, _CONV, "Annexe 26: Implémentation de la rétro-propagation d’une couche de convolution"),
        check=VJPCheck(reference=w._conv_ref, domain=w._conv_case, wrt=("X",), analytic=True),
        printed=Form(r"\frac{\partial L}{\partial X} = \operatorname{conv}_{\text{full}}\!\left("
                     r"\frac{\partial L}{\partial O}, \operatorname{rot180}(K)\right)", vjp(p.conv_input_gradient)),
        beyond_document=True,
        explanation=("The text never states ∂L/∂X: Annexe 26, the code of the convolution's backward pass, is an image; "
                     "this is the gradient it would have to return."),
    ),
    _image("cross-entropy-annexe27", _OBJECTIVE, "Annexe 27: Expression de l’entropie croisée",
           "Annexe 27, the cross-entropy for C classes, is an image: only its caption survives (claim cross-entropy "
           "judges the loss the text names).", family="softmax-ce"),
    claim(
        _ID + "softmax-probabilities", kind=Kind.DEFINITION, family="softmax-ce",
        source=Source(FILE, _OBJECTIVE, "La fonction softmax permet d’obtenir des probabilités à partir des sorties du "
                                        "réseau de neurones."),
        check=ValueCheck(reference=wa._softmax_probabilities_ref, domain=wa._logits_case),
        printed=Form(r"0 \le \operatorname{softmax}(\boldsymbol\theta)_i \le 1,\ \sum_i "
                     r"\operatorname{softmax}(\boldsymbol\theta)_i = 1", pa.softmax_probabilities),
    ),
    _image("softmax", _OBJECTIVE, "Annexe 28: Expression d’un élément d’un vecteur softmax",
           "Annexe 28, the expression of a softmax element, is an image: only its caption survives, and the sentence "
           "before it says only that softmax turns the network's outputs into probabilities (claim "
           "softmax-probabilities). Nothing in the article evaluates softmax (its code is an image too), so no regime "
           "of its own use can be called unstable; a naive $e^{\\theta_i} / \\sum_j e^{\\theta_j}$ returns NaN as soon "
           "as one logit exceeds 709.78, or when every logit lies below −745, in code that would run it.",
           family="softmax-ce"),
    claim(
        _ID + "theta-levels", kind=Kind.DEFINITION, family="softmax-ce",
        source=Source(FILE, _OBJECTIVE, "Notons ces niveaux θi, ∀i ∈ {1,…,C}, nous avons alors:"),
        check=ValueCheck(reference=wa._output_levels_ref, domain=wa._logits_case),
        printed=Form(r"\theta_i,\ i \in \{1, \dots, C\}", pa.output_levels),
    ),
    _image("softmax-probs-annexe29", _OBJECTIVE, "Annexe 29: Probabilités à partir du softmax des sorties d’un réseau de "
                                                 "neurones",
           "Annexe 29 (two images), the probabilities softmax gives from the levels θi, is an image: only its caption "
           "survives.", family="softmax-ce"),
    _image("ce-gradient-general", _OBJECTIVE,
           "Annexe 30: Calcul de la dérivée partielle de l’entropie croisée par rapport à une sortie d’un réseau de "
           "neurones",
           "Annexe 30 (three images), the derivative of the cross-entropy with respect to θk, is an image: only its "
           "caption survives. That its last line contains Σ ytrue is inferred from the next sentence; the line "
           "−y_k + p_k Σ y_i is the catalogue's reconstruction, kept as a link of claim derivation-softmax-ce.",
           family="softmax-ce", kind=Kind.DERIVATION),
    claim(
        _ID + "ce-gradient", kind=Kind.BACKWARD, family="softmax-ce",
        source=Source(FILE, _OBJECTIVE, "Or ytrue est un vecteur de probabilités, sa somme est donc égale à 1."),
        # The article states the precondition itself, in the sentence quoted: y is a probability vector, Σ y = 1.
        check=VJPCheck(reference=w._ce_logits_ref, domain=lambda: w._ce_case(targets="simplex"), wrt=("theta",)),
        printed=Form(r"\frac{\partial L}{\partial \boldsymbol\theta} = \mathbf{p} - \mathbf{y}", vjp(p.ce_gradient)),
    ),
    _image("ce-gradient-annexe31-32", _OBJECTIVE, "Annexe 32: Expression de la dérivée partielle sous forme vectorielle",
           "Annexes 31 and 32, ∂L/∂θk and its vector form, are images: only their captions survive; the sentence before "
           "them states the premise Σ ytrue = 1 from which p − y follows (claim ce-gradient).", family="softmax-ce",
           kind=Kind.BACKWARD),
    claim(
        _ID + "first-chain-element", kind=Kind.BACKWARD, family="softmax-ce",
        source=Source(FILE, _OBJECTIVE, "Cette dérivée partielle est le premier élément du gradient chaîné pour la "
                                        "rétro-propagation."),
        check=ValueCheck(reference=wa._output_layer_gradient_ref, domain=wa._output_layer_case),
        printed=Form(r"\frac{\partial L}{\partial W} = (\mathbf{p} - \mathbf{y})\,\mathbf{h}^\top,\ "
                     r"\boldsymbol\theta = W\mathbf{h}", pa.output_layer_gradient),
    ),
    _image("ce-code-annexe33", _OBJECTIVE, "Annexe 33: Implémentation de l’entropie croisée",
           "Annexe 33, the code of the cross-entropy, is an image: no listing, call, data or output survives to run.",
           family="listing", kind=Kind.LISTING),
]
