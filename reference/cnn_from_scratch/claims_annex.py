"""The claims of cnn-from-scratch, lines 345-491 (the annex: the chain rule, Jacobians, tensors, the connected
layer in detail), in the document's order."""

from __future__ import annotations

import torch

from oracle import Form, Kind, Severity, Source, Status, ValueCheck, VJPCheck, claim
from oracle.forms import vjp
from reference.cnn_from_scratch import printed as p
from reference.cnn_from_scratch import printed_annex as pa
from reference.cnn_from_scratch import wiring as w
from reference.cnn_from_scratch import wiring_annex as wa
from reference.cnn_from_scratch import wiring_sentences as ws
from reference.cnn_from_scratch.wiring import _CALCULUS, _DENSE, _DENSE_VJP, FILE
from reference.cnn_from_scratch.wiring_sentences import _CHAIN, _TENSORS, _image

_ID = "cnn-from-scratch/"

CLAIMS = [
    claim(
        _ID + "composition-f", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _CHAIN, "La succession des 3 couches F3 ∘ F2 ∘ F1 est notée F."),
        check=ValueCheck(reference=wa._composed_ref, domain=wa._composed_case),
        printed=Form(r"F(\mathbf{x}) = F_3(F_2(F_1(\mathbf{x})))", pa.composed_layers),
    ),
    _image("optim-problem-annexe1", _CHAIN, "Annexe 1: Problème d’optimisation d’un réseau à 3 couches",
           "Annexe 1, the optimisation problem of a 3-layer network, is an image: only its caption survives.",
           family="algorithm"),
    _image("partials-annexe2", _CHAIN, "Annexe 2: Dérivées partielles des poids des couches",
           "Annexe 2, the partial derivatives of the layers' weights, is an image: only its caption survives.",
           family="algorithm", kind=Kind.BACKWARD),
    claim(
        _ID + "no-closed-form", kind=Kind.DEFINITION, family="regression",
        source=Source(FILE, _CHAIN, "Il n’y a pas de forme fermée pour résoudre le problème (comme l’équation normale "
                                    "pour une régression linéaire), sauf dans de très rares exceptions."),
        check=ValueCheck(reference=wa._least_squares_ref, domain=wa._regression_data),
        printed=Form(r"\mathbf{w} = (X^\top X)^{-1} X^\top \mathbf{y}", pa.normal_equation),
        explanation="What can be computed is the contrast the sentence draws: linear regression's normal equation.",
    ),
    claim(
        _ID + "full-batch-impossible", kind=Kind.ALGORITHM, family="algorithm",
        source=Source(FILE, _CHAIN, "De même, il est impossible de faire le calcul du gradient sur tout le dataset "
                                    "d’entrée (sauf très petits volumes de données)."),
        check=ValueCheck(reference=wa._full_gradient_ref, domain=wa._batches_case),
        printed=Form(r"\nabla_{\mathbf{w}} \sum_{n=1}^{N} L_n \text{: impossible}", pa.full_dataset_gradient),
        expect=Status.ERRATUM, severity=Severity.NOTE,
        correction=Form(r"\nabla_{\mathbf{w}} \sum_{n=1}^{N} L_n = \sum_{\text{batches } B} \nabla_{\mathbf{w}} "
                        r"\sum_{n \in B} L_n", pa.full_dataset_gradient_by_batches),
        explanation=("The full-dataset gradient is a sum of per-sample gradients: it can be accumulated batch by batch in "
                     "bounded memory, so it is costly, not impossible; batches are chosen for cost (and SGD's "
                     "behaviour)."),
    ),
    claim(
        _ID + "batches-iid", kind=Kind.ALGORITHM, family="algorithm",
        source=Source(FILE, _CHAIN, "L’hypothèse nécessaire est que les échantillons dans les batchs soient iid"),
        check=ValueCheck(reference=wa._mean_gradient_ref, domain=wa._iid_case),
        printed=Form(r"\mathbb{E}_{B \text{ iid}}\Big[\tfrac{1}{|B|}\sum_{n\in B} \nabla L_n\Big] = "
                     r"\tfrac{1}{N}\sum_{n=1}^{N} \nabla L_n", pa.expected_iid_batch_gradient),
        explanation="What makes a batch's gradient an unbiased estimate of the dataset's, checked for every batch drawn iid.",
    ),
    _image("chain-rule-annexe3", _CHAIN, "Annexe 3: Gradient chaîné appliqué aux poids",
           "Annexe 3, the chain rule applied to the weights, is an image: only its caption survives; the sentences "
           "after it name its two factors (claim chain-rule-factors).", family="algorithm", kind=Kind.BACKWARD),
    claim(
        _ID + "next-layer-gradient", kind=Kind.BACKWARD, family="algorithm",
        source=Source(FILE, _CHAIN, "Ce qui veut dire qu’on a besoin du gradient de la couche suivante pour calculer le "
                                    "gradient de la couche courante."),
        check=ValueCheck(reference=wa._first_weights_gradient_ref, domain=wa._two_layer_backward_case),
        printed=Form(r"\frac{\partial L}{\partial A} = \big((B^\top \mathbf{g}) \odot \mathbb{1}[A\mathbf{x} > 0]\big)"
                     r"\mathbf{x}^\top", pa.layer_gradient_from_next),
    ),
    claim(
        _ID + "chain-rule-factors", kind=Kind.BACKWARD, family="dense",
        source=Source(FILE, _CHAIN, "Dans notre cas ∂L/∂Fi est le gradient rétro-propagé et ∂Fi/∂Pi est le gradient "
                                    "local de la couche."),
        check=ValueCheck(reference=wa._linear_weight_gradient_ref, domain=wa._linear_layer_case),
        printed=Form(r"\frac{\partial L}{\partial P_i} = \frac{\partial L}{\partial F_i}\cdot\frac{\partial F_i}"
                     r"{\partial P_i},\ \Big(\frac{\partial F}{\partial P}\Big)_{abc} = \delta_{ab} h_c",
                     pa.weight_gradient_from_factors),
    ),
    claim(
        _ID + "matrix-derivative", kind=Kind.BACKWARD, family="dense",
        source=Source(FILE, _CALCULUS, "Cependant on peut calculer directement la dérivée par rapport à la matrice de "
                                       "poids P."),
        check=ValueCheck(reference=wa._weight_by_weight_ref, domain=wa._linear_layer_case),
        printed=Form(r"\frac{\partial L}{\partial P} = \mathbf{g}\,\mathbf{h}^\top = "
                     r"\Big(\frac{\partial L}{\partial p_{ab}}\Big)_{ab}", pa.matrix_derivative),
    ),
    _image("function-rn-rm-annexe4", _CALCULUS, "Annexe 4: Fonction d’un espace de n dimensions dans un espace de m "
                                                "dimensions",
           "Annexe 4, the function f, is an image; its caption says f goes from n to m dimensions (judged through "
           "claim jacobian-shape), the formula itself cannot be seen.", family="dense"),
    _image("jacobian-annexe5", _CALCULUS, "Annexe 5: Matrice Jacobienne de la fonction f",
           "Annexe 5, the Jacobian matrix of f, is an image: only its caption survives; the next sentence states its "
           "shape (claim jacobian-shape).", family="dense"),
    claim(
        _ID + "jacobian-shape", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _CALCULUS, "Dans ce cas c’est donc Rmxn."),
        check=ValueCheck(reference=w._jacobian_shape_ref, domain=w._dense_case),
        printed=Form(r"J_f \in \mathbb{R}^{m \times n} \text{ for } f: \mathbb{R}^n \to \mathbb{R}^m", p.jacobian_shape),
    ),
    claim(
        _ID + "composite-notation", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _CALCULUS, "Pour une fonction g : x ⟼ g∘f(x), on a:"),
        check=ValueCheck(reference=wa._composite_jacobian_ref, domain=wa._square_chain_case),
        printed=Form(r"g: \mathbf{x} \mapsto g\circ f(\mathbf{x}),\ J_g(\mathbf{x}) = B", pa.jacobian_of_g),
        expect=Status.ERRATUM, severity=Severity.NOTE, cause="composite-naming",
        correction=Form(r"h = g\circ f:\ J_h(\mathbf{x}) = J_g(f(\mathbf{x}))\,J_f(\mathbf{x})", p.chain_rule_jacobian),
        explanation=("The map x ⟼ g∘f(x) is the composite g∘f, not g: the letter g cannot name both the outer function, "
                     "whose Jacobian appears in the decomposition, and the composite (f = relu(A·+a), g = B·+c here)."),
    ),
    claim(
        _ID + "fonction-conjuguee", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _CALCULUS, "Annexe 6: Décomposition de la matrice Jacobienne d’une fonction conjuguée"),
        check=ValueCheck(reference=wa._composite_jacobian_ref, domain=wa._square_chain_case),
        printed=Form(r"J_{g\circ f\circ g^{-1}}(\mathbf{x})", pa.jacobian_of_conjugate),
        expect=Status.ERRATUM, severity=Severity.NOTE, cause="composite-naming",
        correction=Form(r"J_{g\circ f}(\mathbf{x}) = J_g(f(\mathbf{x}))\,J_f(\mathbf{x})", p.chain_rule_jacobian),
        explanation=("Annexe 6 decomposes the Jacobian of a composed function, « une fonction composée »; a conjugate "
                     "(g∘f∘g⁻¹, or a convex or complex conjugate) is another construction with another Jacobian."),
    ),
    claim(
        _ID + "jacobian-chain-rule", kind=Kind.DERIVATION, family="dense",
        source=Source(FILE, _CALCULUS, "L’application du gradient chaîné revient donc à multiplier les Jacobiennes."),
        check=ValueCheck(reference=w._chain_ref, domain=w._chain_case),
        printed=Form(r"J_{g \circ f}(\mathbf{x}) = J_g(f(\mathbf{x}))\, J_f(\mathbf{x})", p.chain_rule_jacobian),
    ),
    claim(
        _ID + "rgb-cube", kind=Kind.DEFINITION, family="notation",
        source=Source(FILE, _TENSORS, "Elle est donc représentée par un cube, soit un élément de Rnxmx3."),
        check=ValueCheck(reference=wa._rgb_shape_ref, domain=wa._channels_case),
        printed=Form(r"I \in \mathbb{R}^{n\times m\times 3}", pa.rgb_image_shape),
    ),
    claim(
        _ID + "tensor-flow", kind=Kind.BACKWARD, family="algorithm",
        source=Source(FILE, _TENSORS, "L’entraînement d’un réseau de neurones est en fait un calcul de produits "
                                      "tensoriels (extension du produit matriciel) qui “coulent” dans le sens inverse du "
                                      "signal."),
        check=ValueCheck(reference=wa._first_weights_gradient_ref, domain=wa._two_layer_backward_case),
        printed=Form(r"\frac{\partial L}{\partial A} = \Big(\big(\mathbf{g} \cdot B\big) \odot \mathbb{1}[A\mathbf{x}>0]"
                     r"\Big) \cdot \frac{\partial (A\mathbf{x})}{\partial A}", pa.backward_tensor_products),
        explanation="Loose wording: the products are contractions of tensors (order 3 for a weight Jacobian), not outer products.",
    ),
    _image("dense-forward-annexe8", _DENSE, "Annexe 8: Propagation avant d’une couche complètement connectée",
           "Annexe 8, the forward pass of a connected layer, is an image: only its caption survives; the factorisation "
           "sentence implies f(x) = W x + b (claim dense-forward).", family="dense"),
    _image("dense-forward-code-annexe9", _DENSE,
           "Annexe 9: Implémentation de la propagation avant d’une couche complètement connectée",
           "Annexe 9, the code of the forward pass, is an image: no listing survives to run.", family="listing",
           kind=Kind.LISTING),
    claim(
        _ID + "keep-input", kind=Kind.BACKWARD, family="dense",
        source=Source(FILE, _DENSE, "L’entrée x est gardée en mémoire car elle est nécessaire pendant la "
                                    "rétro-propagation."),
        check=ValueCheck(reference=wa._needs_input_ref, domain=ws._dense_nonzero_case),
        printed=Form(r"\frac{\partial L}{\partial W} \text{ depends on } \mathbf{x}", pa.backward_needs_input),
    ),
    claim(
        _ID + "two-params", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _DENSE, "Une couche complètement connectée comporte deux paramètres W et b, on doit donc "
                                    "calculer ∂L/∂W et ∂L/∂b."),
        check=ValueCheck(reference=wa._dense_parameters_ref, domain=lambda: ws._sizes("n", "m")),
        printed=Form(r"\{W \in \mathbb{R}^{m\times n},\ \mathbf{b} \in \mathbb{R}^{m}\}", pa.dense_parameters),
    ),
    _image("chain-params-annexe10", _DENSE, "Annexe 10: Application du gradient chaîné aux paramètres d’une couche "
                                            "complètement connectée",
           "Annexe 10 (two images), the chain rule for W and b, is an image: only its caption survives.",
           family="dense", kind=Kind.BACKWARD),
    claim(
        _ID + "df-from-next-layer", kind=Kind.BACKWARD, family="dense",
        source=Source(FILE, _DENSE, "∂L/∂f est rétro-propagé par la couche suivante."),
        check=ValueCheck(reference=wa._next_layer_ref, domain=wa._next_layer_case),
        printed=Form(r"\frac{\partial L}{\partial f} = (W_2^\top \mathbf{g}) \odot \mathbb{1}[f > 0]",
                     pa.next_layer_backward),
    ),
    claim(
        _ID + "augmented-forward", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _DENSE,
                      "On ajoute un 1 à la fin de x, qu’on notera maintenant x* et on ajoute une colonne à W qui est "
                      "égale à b, on notera la nouvelle matrice W*."),
        check=ValueCheck(reference=w._dense_ref, domain=w._dense_case),
        printed=Form(r"f(\mathbf{x}) = W^{*}\mathbf{x}^{*},\ W^{*} = [W \mid \mathbf{b}],\ "
                     r"\mathbf{x}^{*} = (\mathbf{x}, 1)", p.augmented_forward),
    ),
    claim(
        _ID + "dense-forward", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _DENSE, "On peut donc réécrire f:"),
        check=ValueCheck(reference=w._dense_ref, domain=w._dense_case),
        printed=Form(r"f(\mathbf{x}) = W\mathbf{x} + \mathbf{b}", p.dense_forward),
        explanation="Annexe 8 is an image; rewriting f as W* x* with W* = [W | b] and x* = (x, 1) implies f(x) = W x + b.",
    ),
    _image("augmented-fn-annexe11", _DENSE, "Annexe 11: Factorisation d’une couche complètement connectée à un seul "
                                            "paramètre",
           "Annexe 11, f with the single parameter W*, is an image: only its caption survives; the sentence before it "
           "states the factorisation (claim augmented-forward).", family="dense"),
    claim(
        _ID + "augmented-jacobian-shape", kind=Kind.DERIVATION, family="dense",
        source=Source(FILE, _DENSE,
                      "on considère f comme une fonction de R(n+1)xm dans Rm. La Jacobienne sera donc de dimension "
                      "Rmx(n+1)xm, c’est donc un tenseur d’ordre 3."),
        check=ValueCheck(reference=lambda W_star, x: torch.tensor(w._augmented_jacobian_ref(W_star, x).shape,
                                                                  dtype=torch.float64),
                         domain=w._augmented_case),
        printed=Form(r"f: \mathbb{R}^{(n+1)\times m} \to \mathbb{R}^m,\ "
                     r"\frac{\partial f}{\partial W^{*}} \in \mathbb{R}^{m\times(n+1)\times m}",
                     p.augmented_jacobian_shape_as_printed),
        expect=Status.ERRATUM, severity=Severity.ERROR, cause="weight-layout",
        correction=Form(r"f: \mathbb{R}^{m\times(n+1)} \to \mathbb{R}^m,\ "
                        r"\frac{\partial f}{\partial W^{*}} \in \mathbb{R}^{m\times m\times(n+1)}",
                        p.augmented_jacobian_shape),
        explanation=("W has one row per neuron and W* is W with b appended as a column, so W* is m×(n+1), yet the "
                     "text says f goes 'de R(n+1)xm dans Rm' and its Jacobian is 'Rmx(n+1)xm' (in the article's own "
                     "rows×columns notation), transposing W*: the Jacobian is m×m×(n+1). The printed shape is the one "
                     "of the row-vector layout o = xW the article slips into at « chaque colonne de la matrice de "
                     "poids représente un filtre » (claim column-per-filter), the same unannounced switch."),
    ),
    _image("weighted-sum-annexe12", _DENSE, "Annexe 12: Fonction de la somme pondérée des entrées d’une couche",
           "Annexe 12, the weighted sum of a layer's inputs, is an image: only its caption survives.", family="dense"),
    claim(
        _ID + "f-is-matrix", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _DENSE, "Qui est un élément de la matrice f(x)."),
        check=ValueCheck(reference=wa._order_of_f_ref, domain=w._dense_case),
        printed=Form(r"f(\mathbf{x}) \text{ a matrix (order 2)}", pa.order_of_f),
        expect=Status.ERRATUM, severity=Severity.NOTE, cause="tensor-orders",
        correction=Form(r"f(\mathbf{x}) \in \mathbb{R}^m \text{ a vector (order 1)}", pa.order_of_f_corrected),
        explanation=("f(x) = W*x* is a vector of Rm (« un signal contenu dans un vecteur », the annex says above), not "
                     "a matrix; read as an m×1 matrix it would also make the next tensor « d’ordre 4 »."),
    ),
    _image("kronecker-annexe13", _DENSE, "Annexe 13: Définition du symbole de kronecker",
           "Annexe 13, the definition of the Kronecker symbol, is an image: only its caption survives (the standard "
           "δ_ij is what claim augmented-partial uses).", family="notation"),
    _image("partial-annexe14", _DENSE, "Annexe 14: Dérivée partielle d’un élément de la matrice de poids d’une couche "
                                       "complètement connectée",
           "Annexe 14 (three images), ∂f_i/∂w_kl, is an image: only its caption survives; the sentence after it states "
           "the result's structure (claim augmented-partial).", family="dense", kind=Kind.DERIVATION),
    claim(
        _ID + "augmented-partial", kind=Kind.DERIVATION, family="dense",
        source=Source(FILE, _DENSE, "C’est un cube dont chaque couche est une matrice diagonale égale à un élément de x"),
        check=ValueCheck(reference=w._augmented_jacobian_ref, domain=w._augmented_case),
        printed=Form(r"\frac{\partial f_i}{\partial w_{kl}} = \delta_{ik}\, x^{*}_l", p.augmented_partial),
    ),
    _image("jacobian-cube-annexe15", _DENSE, "Annexe 15: Schéma de la matrice Jacobienne d’une couche complètement "
                                             "connectée",
           "Annexe 15, a drawing of the Jacobian cube, is an image: only its caption survives.", family="dense"),
    claim(
        _ID + "order-4-tensor", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _DENSE, "On peut donc calculer les éléments de qui est un tenseur d’ordre 4:"),
        check=ValueCheck(reference=wa._order_of_weight_gradient_ref, domain=wa._augmented_gradient_case),
        printed=Form(r"\frac{\partial L}{\partial W^{*}} \text{ of order 4}", pa.order_of_weight_gradient),
        expect=Status.ERRATUM, severity=Severity.NOTE, cause="tensor-orders",
        correction=Form(r"\frac{\partial L}{\partial W^{*}} \in \mathbb{R}^{m\times(n+1)} \text{ (order 2)}",
                        pa.order_of_weight_gradient_corrected),
        explanation=("The object (its symbol is an image; Annexe 16's caption says it is ∂L/∂W*) is the gradient of the "
                     "scalar L with respect to the matrix W*, a matrix of order 2; ∂f/∂W* is of order 3, as the annex "
                     "said: nothing here is of order 4."),
    ),
    _image("augmented-weight-gradient", _DENSE,
           "Annexe 16: Dérivée partielle de la fonction objectif par rapport à la matrice de poids d’une couche "
           "complètement connectée",
           "Annexe 16, ∂L/∂W*, is an image: only its caption survives, between a sentence calling it of order 4 (claim "
           "order-4-tensor) and one calling it a dot product (claim produit-scalaire). The catalogue's former reading "
           "∂L/∂w_kl = Σ_i ∂L/∂f_i δ_ik x*_l was derived from the cube and the chain rule, not read from the text.",
           family="dense", kind=Kind.BACKWARD),
    claim(
        _ID + "produit-scalaire", kind=Kind.BACKWARD, family="dense",
        source=Source(FILE, _DENSE, "On peut représenter cela de façon matricielle, il s’agit du produit scalaire entre le "
                                    "gradient rétro-propagé ∂L/∂f et l’input x de la couche:"),
        check=ValueCheck(reference=wa._augmented_gradient_ref, domain=lambda: wa._augmented_gradient_case(square=True)),
        printed=Form(r"\frac{\partial L}{\partial w^{*}_{kl}} = \frac{\partial L}{\partial f} \cdot \mathbf{x}^{*}",
                     pa.weight_gradient_as_dot),
        expect=Status.ERRATUM, severity=Severity.NOTE,
        correction=Form(r"\frac{\partial L}{\partial W^{*}} = \frac{\partial L}{\partial f}\, \mathbf{x}^{*\top}",
                        pa.weight_gradient_as_outer),
        explanation=("The matrix form is the outer product ∂L/∂f x*ᵀ, an m×(n+1) matrix; a dot product is a scalar, and "
                     "is not even defined unless m = n + 1 (the only sizes it is judged on). With Annexe 17 invisible, "
                     "this sentence is all a reader of this copy has of the result."),
    ),
    _image("dense-grads-annexe17", _DENSE, "Annexe 17: Expression des dérivées partielles de la fonction objectif en "
                                           "fonction des paramètres d’une couche complètement connectée",
           "Annexe 17 (two images), ∂L/∂W and ∂L/∂b, is an image: only its caption survives.", family="dense",
           kind=Kind.BACKWARD),
    _image("dense-backward-code-annexe18", _DENSE,
           "Annexe 18: Implémentation de la rétro-propagation d’une couche complètement connectée",
           "Annexe 18, the code of the backward pass, is an image: no listing survives to run.", family="listing",
           kind=Kind.LISTING),
    claim(
        _ID + "dense-input-gradient", kind=Kind.BACKWARD, family="dense",
        source=Source(FILE, _DENSE,
                      "La rétro-propagation doit retourner le gradient rétro-propagé pour que les couches précédentes "
                      "puissent l’utiliser à leurs tours."),
        check=VJPCheck(wrt=("x",), **_DENSE_VJP),
        printed=Form(r"\frac{\partial L}{\partial \mathbf{x}} = W^\top \nabla L", vjp(p.dense_input_gradient)),
        beyond_document=True,
    ),
]
