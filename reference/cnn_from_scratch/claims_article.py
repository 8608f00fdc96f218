"""The claims of cnn-from-scratch, lines 1-215 (notation, the neuron, layers, the objective, the gradient), in the
document's order.  Formulas that survive only as images are 'not judged' (their caption quoted); what the
sentences state is judged through ``printed_sentences``."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from hypothesis import strategies as st

from oracle import FigureCheck, Form, Kind, Rounding, Severity, Source, Status, ValueCheck, claim
from oracle.forms import StatedFigures
from reference.cnn_from_scratch import printed as p
from reference.cnn_from_scratch import printed_sentences as ps
from reference.cnn_from_scratch import wiring as w
from reference.cnn_from_scratch import wiring_sentences as ws
from reference.cnn_from_scratch.wiring import _BACKPROP, _FORMAL, FILE
from reference.cnn_from_scratch.wiring_sentences import _ECHECS, _NEURON, _TITLE, _UNION, _image

_ID = "cnn-from-scratch/"
_FIXED = st.just({})

CLAIMS = [
    claim(
        _ID + "notation-rn", kind=Kind.DEFINITION, family="notation",
        source=Source(FILE, _TITLE, "Rn est l’ensemble des vecteurs de réels de taille n"),
        check=ValueCheck(reference=ws._vector_shape_ref, domain=lambda: ws._sizes("n")),
        printed=Form(r"\mathbf{x} \in \mathbb{R}^n \Rightarrow \operatorname{shape}(\mathbf{x}) = (n)", ps.vector_shape),
    ),
    claim(
        _ID + "notation-rnxm", kind=Kind.DEFINITION, family="notation",
        source=Source(FILE, _TITLE, "Rnxm est l’ensemble des matrices réelles à n lignes et m colonnes."),
        check=ValueCheck(reference=ws._matrix_shape_ref, domain=lambda: ws._sizes("n", "m")),
        printed=Form(r"X \in \mathbb{R}^{n\times m} \Rightarrow X \text{ has } n \text{ rows and } m \text{ columns}",
                     ps.matrix_shape),
        explanation="The rows×columns convention by which the catalogue reads the article's shapes (Annexe 11's W*).",
    ),
    _image("neuron-formula-fig2", _NEURON, "Figure 2: Formalisation d’un neurone à 3 entrées",
           "Figure 2, the formula of a 3-input neuron, is an image: only its caption survives, and the sentence before "
           "it only names its letters (o the output, i the inputs, w the pipes' circumference, f the combination).",
           family="dense"),
    claim(
        _ID + "one-neuron-two-classes", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _UNION, "Un unique neurone nous permet donc simplement de classer des données d’entrée en 2 "
                                    "catégories"),
        check=ValueCheck(reference=ws._categories_ref, domain=ws._categories_case),
        printed=Form(r"\#\{\mathbb{1}[\mathbf{w}\cdot\mathbf{x} + b > 0]\} = 2", ps.one_neuron_categories),
    ),
    claim(
        _ID + "cifar100-classes", kind=Kind.FIGURE, family="figure",
        source=Source(FILE, _UNION, "le jeu de données CIFAR100 comporte 100 catégories dont chien, chat, voiture, "
                                    "cheval, bateau, etc…"),
        # "100" is a figure in prose; "5" counts the named categories the sentence puts in CIFAR100, an exact count.
        check=FigureCheck(printed={"categories": "100", "named categories in CIFAR100": "5"},
                          rounding={"categories": Rounding.PROSE, "named categories in CIFAR100": Rounding.FORMULA}),
        printed=Form(r"|\text{CIFAR100}| = 100,\ \{\text{dog, cat, automobile, horse, ship}\} \subset \text{CIFAR100}",
                     ws._cifar_figures(ws._NAMED)),
        expect=Status.ERRATUM, severity=Severity.ERROR,
        correction=Form(r"|\text{CIFAR100}| = 100,\ \{\text{bear, dolphin, tractor, tulip}\} \subset \text{CIFAR100}",
                        StatedFigures(ws._cifar_figures(ws._NAMED_CORRECTED),
                                      {"categories": "100", "named categories in CIFAR100": "4"})),
        explanation=("CIFAR-100 has 100 categories, but dog, cat, automobile, horse and ship are CIFAR-10's labels and "
                     "none of them is a CIFAR-100 category (Krizhevsky 2009): name CIFAR-100 ones (ours, dauphin, "
                     "tracteur, tulipe) or say CIFAR10 comporte 10 catégories."),
    ),
    claim(
        _ID + "outputs-per-class", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _UNION, "C’est pourquoi on utilise autant de neurones en sortie d’un réseau qu’il y a de "
                                    "catégories."),
        check=ValueCheck(reference=ws._output_neurons_ref, domain=lambda: ws._sizes("C")),
        printed=Form(r"\dim \mathbf{y}_{\text{pred}} = C", ps.output_neurons),
    ),
    claim(
        _ID + "pixel-range-8bit", kind=Kind.DEFINITION, family="notation",
        source=Source(FILE, _UNION, "Représentation d’une image 8 bits en niveaux de gris comme tableau de pixels, "
                                    "toutes les valeurs sont des intensités de pixels entre 0 et 255"),
        check=ValueCheck(reference=ws._pixel_range_ref, domain=lambda: _FIXED, deterministic=True),
        printed=Form(r"\text{8 bits: } 0 \le I_{rc} \le 255 = 2^8 - 1", ps.pixel_range),
    ),
    claim(
        _ID + "figure-2-crossref", kind=Kind.DEFINITION, family="notation",
        source=Source(FILE, _UNION, "Il doit faire cela uniquement à partir d’un tableau de nombres comme la figure 2."),
        check=ValueCheck(reference=ws._table_figure_ref, domain=lambda: _FIXED, deterministic=True),
        printed=Form(r"\text{the table of numbers: Figure } 2", ps.figure_of_number_table),
        expect=Status.ERRATUM, severity=Severity.NOTE,
        correction=Form(r"\text{the table of numbers: Figure } 4", ps.figure_of_number_table_corrected),
        explanation=("The table of pixel values is Figure 4 (« Représentation d’une image 8 bits [...] comme tableau de "
                     "pixels »); Figure 2 is the formula of a 3-input neuron."),
    ),
    claim(
        _ID + "neuron-notation", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _FORMAL, "Nous pouvons représenter le signal de sortie d’un neurone i, que nous noterons oi, "
                                     "en fonction des n signaux d’entrées, que nous noterons ik"),
        check=ValueCheck(reference=ws._neuron_arguments_ref, domain=lambda: ws._neuron_case(nonzero=True)),
        printed=Form(r"o_i = f_i(i_1, \dots, i_n)", ps.neuron_arguments),
        explanation="The letter i names both the neuron and its inputs i_k; harmless, the indices tell them apart.",
    ),
    _image("neuron-formula-fig6", _FORMAL, "Figure 6: formalisation d’un neurone à n entrées",
           "Figure 6, the formula of an n-input neuron, is an image: only its caption survives; the sentence after it "
           "(claim weighted-sum-threshold) states its content in words.", family="dense"),
    claim(
        _ID + "weighted-sum-threshold", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _FORMAL, "fi va simplement multiplier chaque entrée par un poids wk (la circonférence du "
                                     "tuyau) et les additionner, puis appliquer un filtre: si la somme pondérée est "
                                     "supérieure à un certain seuil, le signal passe, sinon le neurone reste inactif."),
        check=ValueCheck(reference=ws._neuron_ref, domain=ws._neuron_case),
        printed=Form(r"o_i = \sigma\Big(\sum_k w_k i_k\Big),\ \sigma(s) = s \text{ if } s > 0 \text{ else } 0",
                     ps.neuron_output),
        explanation="The threshold is read as 0, the one of ReLU, the filter the article names next.",
    ),
    _image("neuron-formula-fig7", _FORMAL, "Figure 7: généralisation de la formule avec n entrées",
           "Figure 7, the general formula with n inputs, is an image: only its caption survives; the sentence before it "
           "(claim weighted-sum-threshold) says what it computes.", family="dense"),
    claim(
        _ID + "no-filter-is-linear", kind=Kind.DERIVATION, family="dense",
        source=Source(FILE, _FORMAL, "Sans ces filtres, la succession des couches connectées pourrait être remplacée par "
                                     "une couche unique et le réseau ne serait qu’une régression linéaire."),
        check=ValueCheck(reference=ws._one_layer_ref, domain=ws._collapse_case),
        printed=Form(r"W_2(W_1\mathbf{x} + \mathbf{b}_1) + \mathbf{b}_2 = (W_2W_1)\mathbf{x} + (W_2\mathbf{b}_1 + "
                     r"\mathbf{b}_2)", ps.layers_without_filter),
    ),
    claim(
        _ID + "relu-reading", kind=Kind.DEFINITION, family="activation",
        source=Source(FILE, _FORMAL, "Comment interpréter cette courbe: si la somme est négative, le neurone ne s’active "
                                     "pas, sinon il laisse passer le signal."),
        check=ValueCheck(reference=lambda s: torch.relu(s), domain=lambda: st.fixed_dictionaries(
            {"s": w._vals((8,), -10.0, 10.0)})),
        printed=Form(r"\text{ReLU}(s) = 0 \text{ if } s < 0 \text{ else } s", ps.relu_reading),
    ),
    claim(
        _ID + "negative-weights", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _FORMAL, "Dans la réalité, les poids wk (les circonférences des tuyaux) peuvent être "
                                     "négatifs."),
        check=ValueCheck(reference=ws._signal_effect_ref, domain=lambda: ws._neuron_case(nonzero=True)),
        printed=Form(r"\operatorname{sign}\frac{\partial}{\partial i_k}\sum_j w_j i_j = \operatorname{sign} w_k",
                     ps.signal_effect),
    ),
    claim(
        _ID + "inverse-proportional", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _FORMAL, "(l’intensité de ce signal est inversement proportionnelle à la probabilité de "
                                     "présence d’un chien)"),
        check=ValueCheck(reference=ws._dog_ref, domain=ws._dog_case),
        printed=Form(r"p(s) \propto \frac{1}{s}:\ p(s) = p(s_0)\,\frac{s_0}{s}", ps.dog_probability_inverse),
        expect=Status.ERRATUM, severity=Severity.NOTE,
        correction=Form(r"p(s) = \sigma(w s + c) \text{ decreases as } s \text{ grows } (w < 0)", ps.dog_probability),
        explanation=("A negative weight makes the score, hence the probability σ(w s + c), decrease as the signal grows; "
                     "it does not make it inversely proportional to the signal (p·s is not constant)."),
    ),
    _image("layer-output-fig9", _FORMAL, "Figure 9: sortie d’une couche complètement connectée",
           "Figure 9, the output of a connected layer, is an image: only its caption survives; the sentence after it "
           "(claim layer-output) says what W and b are.", family="dense"),
    claim(
        _ID + "layer-output", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _FORMAL, "W est une matrice dont chaque ligne représente les poids d’un neurone et b est une "
                                     "constante qui permet d’ajuster la sortie, qu’on appelle biais."),
        check=ValueCheck(reference=lambda W, b, x: torch.relu(F.linear(x, W, b)), domain=w._dense_case),
        printed=Form(r"\mathbf{o} = \sigma(W\mathbf{i} + \mathbf{b}),\ \sigma = \text{ReLU}", p.layer_output),
        explanation=("Figure 9, the formula, is an image; this sentence fixes one row of W per neuron. σ = ReLU is the "
                     "catalogue's choice: the text's σ is a generic « fonction filtre », ReLU « la plus fréquemment "
                     "utilisée »; the « constante » b is the input-independent term, a vector."),
    ),
    claim(
        _ID + "fully-connected", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _FORMAL, "car chaque neurone est connecté à tous les neurones de la couche précédente (tous "
                                     "les i)"),
        check=ValueCheck(reference=ws._connections_ref, domain=lambda: ws._dense_nonzero_case(upstream=False)),
        printed=Form(r"\frac{\partial o_j}{\partial i_k} \neq 0 \text{ for every } j, k", ps.connections),
    ),
    claim(
        _ID + "linear-networks-naming", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _BACKPROP, "nous allons commencer à exposer les limites des réseaux linéaires dans la "
                                       "reconnaissance d’image"),
        check=ValueCheck(reference=ws._relu_network_ref, domain=ws._two_layer_case),
        printed=Form(r"\text{réseau linéaire: } F(\mathbf{x}) = W_2W_1\mathbf{x}", ps.linear_network),
        expect=Status.ERRATUM, severity=Severity.NOTE,
        correction=Form(r"\text{réseau complètement connecté: } F(\mathbf{x}) = W_2\,\text{ReLU}(W_1\mathbf{x})",
                        ps.connected_network),
        explanation=("A network of connected layers with the ReLU filter is neither additive nor homogeneous, as the "
                     "article itself says of its filters; « réseaux linéaires » (here and in the same words on lines "
                     "239, 243, 263 and 272) should read « réseaux complètement connectés »."),
    ),
    _image("forward-fig11", _BACKPROP, "Figure 11: Expression de ypred à partir de l’entrée du réseau",
           "Figure 11, ypred as a function of the network's input, is an image: only its caption survives.",
           family="dense"),
    _image("forward-composition-fig12", _BACKPROP,
           "Figure 12: Expression de ypred avec la notation composition de fonctions ∘",
           "Figure 12, ypred written with the composition ∘, is an image: only its caption survives.", family="dense"),
    claim(
        _ID + "cross-entropy", kind=Kind.DEFINITION, family="softmax-ce",
        source=Source(FILE, _BACKPROP, "Pour la classification d’image, on utilise fréquemment l’entropie croisée."),
        check=ValueCheck(reference=w._cross_entropy_ref, domain=w._probabilities_case),
        printed=Form(r"L(\hat{\mathbf{y}}, \mathbf{y}) = -\sum_{i=1}^{C} y_i \log \hat{y}_i", p.cross_entropy),
        explanation=("Holds as the standard loss the sentence names; its expression (Figure 13, Annexe 27) is an image, "
                     "so the printed sign, logarithm and sum cannot be seen: the formula is the catalogue's."),
    ),
    _image("cross-entropy-fig13", _BACKPROP,
           "Figure 13: Expression de l’entropie croisée entre un vecteur de prédictions",
           "Figure 13, the cross-entropy, is an image: only its caption survives and the next line only says that C is "
           "the number of categories.", family="softmax-ce"),
    claim(
        _ID + "gradient-as-ratio", kind=Kind.DEFINITION, family="algorithm",
        source=Source(FILE, _ECHECS, "C’est cela un gradient, un ratio qui permet d’évaluer l’évolution d’une variable "
                                     "en fonction d’une autre. C’est l’extension en plusieurs dimensions de la notion de "
                                     "dérivée qu’on voit au lycée."),
        check=ValueCheck(reference=ws._squared_error_gradient_ref, domain=ws._regression_case),
        printed=Form(r"\frac{\partial L}{\partial w_k} = \frac{L(\mathbf{w} + \mathbf{e}_k) - L(\mathbf{w} - "
                     r"\mathbf{e}_k)}{2},\ L = \tfrac{1}{2}(\mathbf{w}\cdot\mathbf{x} - y)^2", ps.gradient_as_ratio),
        explanation=("Informal: a derivative is a limit of ratios; for the quadratic L chosen here the centred ratio with "
                     "the text's step of 1 is exactly the derivative."),
    ),
    claim(
        _ID + "partial-notation-fig16", kind=Kind.DEFINITION, family="algorithm",
        source=Source(FILE, _ECHECS, "Comment le lire: gradient de L par rapport à w. (NDA: pour être rigoureux il "
                                     "s’agit ici d’une dérivée partielle."),
        check=ValueCheck(reference=ws._partial_ref, domain=lambda: ws._regression_case(index=True)),
        printed=Form(r"\frac{\partial L}{\partial w_k} = (\nabla_{\mathbf{w}} L)_k", ps.partial_derivative),
        explanation="The symbol itself (Figure 16) is an image; the sentence reads it and says it is a partial derivative.",
    ),
    claim(
        _ID + "gradient-is-vector", kind=Kind.DEFINITION, family="algorithm",
        source=Source(FILE, _ECHECS, "En l’occurrence le gradient est un vecteur et voici sa représentation:"),
        check=ValueCheck(reference=ws._gradient_shape_ref, domain=ws._regression_case),
        printed=Form(r"\mathbf{w} \in \mathbb{R}^n \Rightarrow \nabla_{\mathbf{w}} L \in \mathbb{R}^n", ps.gradient_shape),
    ),
    _image("gd-fig18", _ECHECS, "Figure 18: Descente de gradient d’ordre 1",
           "Figure 18, the first-order gradient descent, is an image: only its caption survives; the text names it SGD "
           "(claim sgd-step), the sign and the step of the update cannot be seen.", family="algorithm"),
    claim(
        _ID + "sgd-step", kind=Kind.DEFINITION, family="algorithm",
        source=Source(FILE, _ECHECS, "Ici j’ai noté le plus simple, SGD"),
        check=ValueCheck(reference=w._sgd_ref, domain=w._sgd_case),
        printed=Form(r"W \leftarrow W - \eta \frac{\partial L}{\partial W},\quad "
                     r"\mathbf{b} \leftarrow \mathbf{b} - \eta \frac{\partial L}{\partial \mathbf{b}}", p.sgd_step),
        explanation=("Holds as the scheme the text names; Figures 18 and 23 are images, so the printed sign and step of "
                     "the update cannot be seen: the update is the catalogue's."),
    ),
    claim(
        _ID + "chain-rule-motivation", kind=Kind.BACKWARD, family="algorithm",
        source=Source(FILE, _ECHECS, "L’idée fondatrice du Deep Learning est d’utiliser le gradient chaîné."),
        check=ValueCheck(reference=ws._first_layer_gradient_ref, domain=ws._three_layer_case),
        printed=Form(r"\frac{\partial L}{\partial P} = \frac{\partial L}{\partial F_3}\frac{\partial F_3}{\partial F_2}"
                     r"\frac{\partial F_2}{\partial F_1}\frac{\partial F_1}{\partial P}", ps.chained_gradient),
    ),
    _image("three-layers-fig19", _ECHECS, "Figure 19: Expression de la succession de trois couches",
           "Figure 19, the succession of three layers, is an image: only its caption survives.", family="dense"),
    claim(
        _ID + "ytrue-ideal", kind=Kind.DEFINITION, family="softmax-ce",
        source=Source(FILE, _ECHECS, "On définit également ytrue comme le vrai label de i. Dans l’idéal, ytrue=ypred."),
        check=ValueCheck(reference=ws._ideal_ref, domain=ws._positive_simplex),
        printed=Form(r"\mathop{\text{arg min}}_{\mathbf{y}_{\text{pred}}} L(\mathbf{y}_{\text{pred}}, \mathbf{y}_{\text{true}}) = "
                     r"\mathbf{y}_{\text{true}}", ps.ideal_prediction),
        explanation="An ideal: a softmax output reaches a one-hot label only in the limit; checked for labels inside the simplex.",
    ),
    claim(
        _ID + "weights-naming", kind=Kind.DEFINITION, family="dense",
        source=Source(FILE, _ECHECS, "On va noter W les poids de F3, G les poids de F2 et P les poids de F1."),
        check=ValueCheck(reference=ws._score_ref, domain=lambda: ws._three_layer_case(upstream=False)),
        printed=Form(r"\mathbf{y}_{\text{pred}} = F_3(F_2(F_1(\mathbf{x}; P); G); W)", ps.score_network),
    ),
    _image("score-fig20", _ECHECS, "Figure 20: Expression du score de la prédiction",
           "Figure 20, the score of the prediction, is an image: only its caption survives.", family="softmax-ce"),
    _image("dl-dpi-fig21", _ECHECS, "Figure 21: Dérivée partielle de la fonction objectif par rapport à un poids de la couch",
           "Figure 21, the partial derivative of the objective with respect to a weight, is an image: only its caption "
           "(cut short in the text) survives.", family="algorithm", kind=Kind.BACKWARD),
    _image("chain-rule-fig22", _ECHECS, "Figure 22: Application du gradient chaîné à un réseau à 3 couches",
           "Figure 22, the chain rule on a 3-layer network, is an image: only its caption survives; claim "
           "chain-rule-motivation judges the chained product the sentences describe.", family="algorithm",
           kind=Kind.BACKWARD),
    claim(
        _ID + "backprop-order", kind=Kind.ALGORITHM, family="algorithm",
        source=Source(FILE, _ECHECS, "La règle du gradient chaîné justifie le nom rétro-propagation: on propage les "
                                     "gradients dans le sens inverse du signal."),
        check=ValueCheck(reference=ws._all_layer_gradients_ref, domain=ws._three_layer_case),
        printed=Form(r"\frac{\partial L}{\partial W},\ \text{then } \frac{\partial L}{\partial G},\ \text{then } "
                     r"\frac{\partial L}{\partial P}", ps.backpropagated_gradients),
    ),
]
