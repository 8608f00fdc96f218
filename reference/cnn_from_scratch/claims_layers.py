"""The claims of cnn-from-scratch, lines 217-341 (the connected layer's gradients, connected layers on images,
convolutions), in the document's order."""

from __future__ import annotations

import torch
from hypothesis import strategies as st

from oracle import FigureCheck, Form, Kind, Rounding, Severity, Source, Status, ValueCheck, VJPCheck, claim
from oracle.forms import vjp
from reference.cnn_from_scratch import printed as p
from reference.cnn_from_scratch import printed_sentences as ps
from reference.cnn_from_scratch import wiring as w
from reference.cnn_from_scratch import wiring_sentences as ws
from reference.cnn_from_scratch.wiring import _CONV_3X3, _CONV_MAIN, _DENSE_MAIN, _FLATTEN, FILE
from reference.cnn_from_scratch.wiring_sentences import _OUTPUT, _image

_ID = "cnn-from-scratch/"

CLAIMS = [
    claim(
        _ID + "dense-params", kind=Kind.BACKWARD, family="dense",
        source=Source(FILE, _DENSE_MAIN, "Dans le cas d’une couche complètement connectée nous devons trouver les "
                                         "gradients des poids W et des biais b afin de les ajuster"),
        check=ValueCheck(reference=ws._parameter_gradient_shapes_ref, domain=ws._dense_nonzero_case),
        printed=Form(r"\frac{\partial L}{\partial W} \in \mathbb{R}^{m\times n},\ \frac{\partial L}{\partial \mathbf{b}}"
                     r" \in \mathbb{R}^{m}", ps.parameter_gradient_shapes),
    ),
    _image("sgd-wb-fig23", _DENSE_MAIN, "Figure 23: SGD appliqué à la matrice de poids et au vecteur de biais",
           "Figure 23 (two images), SGD on W and b, is an image: only its caption survives; the sign and the step of "
           "the update cannot be seen (claim sgd-step judges the scheme the text names).", family="algorithm"),
    _image("dense-backward", _DENSE_MAIN,
           "Figure 24: Expression des dérivées partielles en fonction du gradient rétro-propagé",
           "Figure 24 (two images), the partial derivatives of W and b, is an image: only its caption survives. The next "
           "line names only the ingredients ∇L and x (claim dense-grad-legend) and the one sentence describing the "
           "result calls it a « produit scalaire » (claim produit-scalaire); the catalogue's reading ∂L/∂W = ∇L xᵀ, "
           "∂L/∂b = ∇L is not something the text shows.", family="dense", kind=Kind.BACKWARD),
    claim(
        _ID + "dense-grad-legend", kind=Kind.BACKWARD, family="dense",
        source=Source(FILE, _DENSE_MAIN, "∇L est le gradient rétro-propagé et x sont les entrées de la couche."),
        check=ValueCheck(reference=ws._ingredients_ref, domain=ws._dense_nonzero_case),
        printed=Form(r"\frac{\partial L}{\partial W}, \frac{\partial L}{\partial \mathbf{b}} \text{ depend on } \nabla L"
                     r" \text{ and } \mathbf{x} \text{ only}", ps.gradient_ingredients),
    ),
    claim(
        _ID + "image-4x4-weights", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _FLATTEN, "Imaginons une petite image 4×4 et une matrice de poids d’une couche linéaire de la "
                                      "même taille"),
        check=ValueCheck(reference=ws._product_shape_ref, domain=ws._matrix_product_case),
        printed=Form(r"I, W \in \mathbb{R}^{4\times 4} \Rightarrow IW \in \mathbb{R}^{4\times 4}", ps.image_weights_shape),
    ),
    claim(
        _ID + "matrix-product-works", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _FLATTEN, "Au niveau purement mathématique, le calcul fonctionne, on peut faire le produit "
                                      "matriciel entre l’image et les poids."),
        check=ValueCheck(reference=lambda I, W: torch.matmul(I, W), domain=lambda: ws._matrix_product_case(square4=False)),
        printed=Form(r"o_{ij} = \sum_k I_{ik} W_{kj}", ps.image_times_weights),
    ),
    claim(
        _ID + "image-rows", kind=Kind.DERIVATION, family="dense",
        source=Source(FILE, _FLATTEN,
                      "o11 et o12 ne prennent en compte que la première ligne de l’image, et o21 et o22 que la deuxième"),
        check=ValueCheck(reference=w._rows_ref, domain=w._rows_case),
        printed=Form(r"O = IW:\ o_{ij} \text{ depends on row } i \text{ of } I \text{ only}", p.rows_reached),
    ),
    claim(
        _ID + "flatten", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _FLATTEN, "Pour appliquer une couche connectée à une image, il faut donc la mettre en une "
                                      "seule dimension"),
        check=ValueCheck(reference=lambda I: torch.flatten(I), domain=lambda: st.fixed_dictionaries({"I": w._vals((3, 5))})),
        printed=Form(r"\operatorname{flatten}(I) = (I_{11}, \dots, I_{1c}, I_{21}, \dots, I_{rc})", ps.flatten),
    ),
    claim(
        _ID + "flatten-connects-all", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _FLATTEN, "Avec cette petite manipulation, la couche relie bien tous les pixels de l’image aux "
                                      "neurones suivants."),
        check=ValueCheck(reference=ws._pixels_reached_ref, domain=ws._flat_case),
        printed=Form(r"\frac{\partial o_j}{\partial I_{rc}} \neq 0 \text{ for every } j, r, c", ps.pixels_reached),
    ),
    claim(
        _ID + "column-per-filter", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _FLATTEN, "Pour résumer, chaque colonne de la matrice de poids représente un filtre."),
        check=ValueCheck(reference=ws._filter_weights_ref, domain=ws._square_weights),
        printed=Form(r"\text{filter } j = W_{:, j}", ps.filter_weights),
        expect=Status.ERRATUM, severity=Severity.NOTE, cause="weight-layout",
        correction=Form(r"\text{filter } j = W_{j, :}\ \ (\mathbf{o} = W\mathbf{x} + \mathbf{b})", ps.filter_weights_rows),
        explanation=("The article's layer has one row of W per neuron (« chaque ligne représente les poids d’un "
                     "neurone »), so a filter is a row; a column is one only in the row-vector layout o = xW of "
                     "Figure 27, which the text switches to without saying so (the same switch as in Annexe 11's shape "
                     "of W*). Judged on square W, where both read; otherwise the shapes do not even match."),
    ),
    claim(
        _ID + "alexnet-5-conv", kind=Kind.FIGURE, family="figure",
        source=Source(FILE, _CONV_MAIN, "il ne comportait “que” 5 couches de convolution"),
        check=FigureCheck(printed={"convolution layers": "5"}, rounding=Rounding.PROSE),
        printed=Form(r"\text{AlexNet: 5 convolution layers}", ws._alexnet_convolutions),
    ),
    claim(
        _ID + "resnet-100-layers", kind=Kind.FIGURE, family="figure",
        source=Source(FILE, _CONV_MAIN, "des modèles comme ResNet avec plus d’une centaine de couches"),
        # "plus d'une centaine": an inequality, judged as such for ResNet-101 and ResNet-152.
        check=ValueCheck(reference=ws._resnet_depths_ref, domain=lambda: st.just({}), deterministic=True),
        printed=Form(r"\text{depth(ResNet-101)} > 100,\ \text{depth(ResNet-152)} > 100",
                     ps.resnet_over_a_hundred_layers),
    ),
    claim(
        _ID + "small-kernels", kind=Kind.DEFINITION, family="conv",
        source=Source(FILE, _CONV_MAIN, "la couche de convolution apprend de tous petits filtres (on choisit souvent 3×3) "
                                        "spécialisés sur un seul concept et les fait “glisser” sur l’image."),
        check=ValueCheck(reference=lambda I, K: w._conv_ref(I, K), domain=ws._small_kernel_case),
        printed=Form(r"o_{rc} = \sum_{a=1}^{3}\sum_{b=1}^{3} K_{ab}\, I_{r+a-1,\, c+b-1}", ps.slide_small_filter),
    ),
    claim(
        _ID + "weight-sharing", kind=Kind.DEFINITION, family="conv",
        source=Source(FILE, _CONV_MAIN, "De cette façon, les poids sont partagés et on ne s’intéresse qu’aux pixels "
                                        "voisins."),
        check=ValueCheck(reference=ws._input_jacobian_ref, domain=ws._shared_case),
        printed=Form(r"\frac{\partial o_{ij}}{\partial x_{rc}} = K_{r-i,\, c-j} \text{ in the window, } 0 \text{ outside}",
                     ps.shared_local_weights),
    ),
    claim(
        _ID + "shift-invariance", kind=Kind.DEFINITION, family="conv",
        source=Source(FILE, _CONV_MAIN, "On gagne ainsi la propriété d’invariance à la translation (en anglais shift "
                                        "invariance)."),
        check=ValueCheck(reference=ws._translated_ref, domain=ws._translation_case),
        printed=Form(r"\operatorname{conv}(\tau_{\delta} I, K) = \operatorname{conv}(I, K)", ps.translated_output_invariant),
        expect=Status.ERRATUM, severity=Severity.NOTE,
        correction=Form(r"\operatorname{conv}(\tau_{\delta} I, K) = \tau_{\delta}\operatorname{conv}(I, K)",
                        ps.translated_output_equivariant),
        explanation=("A stride-1 convolution commutes with translations: when the object moves, its output moves with "
                     "it (equivariance, the next sentence's « fait juste glisser son filtre »); invariance only comes "
                     "after a pooling."),
    ),
    claim(
        _ID + "conv-forward", kind=Kind.DEFINITION, family="conv",
        source=Source(FILE, _CONV_MAIN, "Lors de la propagation avant le filtre “glisse” sur l’image et ne considère que "
                                        "les pixels voisins."),
        check=ValueCheck(reference=lambda I, K: w._conv_ref(I, K), domain=lambda: w._conv_case(image="I")),
        printed=Form(r"O(x, y) = \sum_{i}\sum_{j} K(i, j)\, I(x + i, y + j)", p.conv_forward),
        explanation=("The sliding described here, transcribed by the catalogue (no flip of the kernel, as Annexe 20's "
                     "dot product says); Figure 32, the printed formula, is an image whose legend also names the "
                     "image's width nw and height nh, which this transcription does not use."),
    ),
    _image("conv-formula-fig32", _CONV_MAIN, "Figure 32: Expression du pixel de sortie (x,y) d’une couche de convolution "
                                             "en fonction de l’image et du kernel",
           "Figure 32, the output pixel (x, y) of a convolution, is an image: only its caption survives.", family="conv"),
    _image("conv-formula-legend", _CONV_MAIN,
           "K est un kernel, et I l’image d’entrée sous forme de tableau de nombres en 2 dimensions, nw est la largeur de "
           "l’image, nh est la hauteur de l’image, et le couple x et y les coordonnées d’un pixel.",
           "The legend of Figure 32 names the symbols of an invisible formula: it uses the image's width nw and height "
           "nh, whose role (summation bounds, an index shift) cannot be seen.", family="conv"),
    claim(
        _ID + "conv-forward-3x3", kind=Kind.DEFINITION, family="conv",
        source=Source(FILE, _CONV_3X3, "Je vais reprendre le schéma simple avec une image 3×3 et un kernel 2×2"),
        check=ValueCheck(reference=lambda X, W: w._conv_ref(X, W), domain=w._conv_3x3("W")),
        printed=Form(r"o_{11} = w_{11}x_{11} + w_{12}x_{12} + w_{21}x_{21} + w_{22}x_{22},\ \dots", p.conv_forward_3x3),
        explanation=("A 2×2 kernel on a 3×3 image gives a 2×2 output; the four expressions of Figure 34 are images, "
                     "written out here by the catalogue."),
    ),
    _image("conv-3x3-fig34", _CONV_3X3, "Figure 34: Expression des valeurs de sortie d’une couche de convolution 2×2",
           "Figure 34 (four images), the four outputs of a 2×2 kernel on a 3×3 image, is an image: only its caption "
           "survives.", family="conv"),
    _image("kernel-grad-fig35", _CONV_3X3, "Figure 35: Expression de la dérivée partielle d’un poids du kernel",
           "Figure 35, the partial derivative of a kernel weight, is an image: only its caption survives; the sentences "
           "around it are judged (claim conv-kernel-gradient).", family="conv", kind=Kind.BACKWARD),
    claim(
        _ID + "conv-kernel-gradient", kind=Kind.BACKWARD, family="conv",
        source=Source(FILE, _CONV_3X3,
                      "Il s’agit du même calcul que la propagation avant, excepté les poids du filtre qui sont cette "
                      "fois ci égaux aux dérivées partielles rétro-propagées."),
        check=VJPCheck(reference=w._conv_ref, domain=w._conv_case, wrt=("K",), analytic=True),
        printed=Form(r"\frac{\partial L}{\partial K} = \operatorname{conv}\!\left(X, \frac{\partial L}{\partial O}\right)",
                     vjp(p.conv_kernel_gradient_as_conv)),
    ),
    _image("implementation-link", _OUTPUT, "vous pouvez trouver mon implémentation complète en Python ici",
           "The link to the author's Python implementation has no address in the text: no code survives to run.",
           family="listing", kind=Kind.LISTING),
]
