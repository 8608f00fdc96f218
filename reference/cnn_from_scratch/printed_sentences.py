"""001_dde28a00788c0b3a.txt, the article's sentences (lines 1-341) transcribed as printed.

Every formula of the article is an image; what its text still states -- a shape, a count, a sign, an
index, an operation -- is written here as a small function, as literally as the French allows, wrong
statements included, each correction beside what it corrects.  The docstring quotes the sentence.
"""

from __future__ import annotations

import numpy as np

# --- notation -----------------------------------------------------------------------------------


def vector_shape(n):
    """« Rn est l’ensemble des vecteurs de réels de taille n »: an element of Rn has the shape (n,)."""
    return np.array([n], dtype=float)


def matrix_shape(n, m):
    """« Rnxm est l’ensemble des matrices réelles à n lignes et m colonnes »: the shape (n, m), rows first."""
    return np.array([n, m], dtype=float)


# --- one neuron, many neurons -------------------------------------------------------------------


def one_neuron_categories(w, b, X):
    """« Un unique neurone nous permet donc simplement de classer des données d’entrée en 2 catégories »."""
    return np.array([2.0])


def output_neurons(C):
    """« on utilise autant de neurones en sortie d’un réseau qu’il y a de catégories »: C outputs for C categories."""
    return np.array([C], dtype=float)


def pixel_range():
    """Figure 4: « image 8 bits [...] toutes les valeurs sont des intensités de pixels entre 0 et 255 »."""
    return np.array([0.0, 255.0])


def figure_of_number_table():
    """« Il doit faire cela uniquement à partir d’un tableau de nombres comme la figure 2. »"""
    return np.array([2.0])


def figure_of_number_table_corrected():
    """The table of pixel values is Figure 4 (Figure 2 is the formula of a 3-input neuron)."""
    return np.array([4.0])


def neuron_arguments(w, i):
    """« le signal de sortie d’un neurone i, que nous noterons oi, en fonction des n signaux d’entrées, que nous
    noterons ik »: oi is a function of the n inputs i1 ... in."""
    return np.array([len(i)], dtype=float)


def neuron_output(w, i):
    """« fi va simplement multiplier chaque entrée par un poids wk [...] et les additionner, puis appliquer un filtre:
    si la somme pondérée est supérieure à un certain seuil, le signal passe, sinon le neurone reste inactif » (the
    threshold 0 of ReLU, the filter the text names next)."""
    s = sum(w[k] * i[k] for k in range(len(w)))
    return np.array([s if s > 0 else 0.0])


def layers_without_filter(W1, b1, W2, b2, x):
    """« Sans ces filtres, la succession des couches connectées pourrait être remplacée par une couche unique »:
    W2 (W1 x + b1) + b2 is the single layer W x + b with W = W2 W1 and b = W2 b1 + b2."""
    W = W2 @ W1
    b = W2 @ b1 + b2
    return W @ x + b


def relu_reading(s):
    """« si la somme est négative, le neurone ne s’active pas, sinon il laisse passer le signal »."""
    return np.where(s < 0, 0.0, s)


def signal_effect(w, i):
    """« les poids wk [...] peuvent être négatifs [...] la présence de moustaches de chat contribue négativement à la
    prédiction et donc son poids sera négatif »: a signal moves the weighted sum in the direction of its weight's sign."""
    return np.sign(w)


def dog_probability_inverse(w, c, s0, s):
    """« l’intensité de ce signal est inversement proportionnelle à la probabilité de présence d’un chien »:
    p(s) = p(s0) s0 / s, from the neuron's probability p(s0) = σ(w s0 + c) at an intensity s0."""
    p0 = 1.0 / (1.0 + np.exp(-(w * s0 + c)))
    return p0 * s0 / s


def dog_probability(w, c, s0, s):
    """Correction: with a negative weight the probability decreases as the signal grows, p(s) = σ(w s + c)."""
    return 1.0 / (1.0 + np.exp(-(w * s + c)))


def connections(W, b, x):
    """« chaque neurone est connecté à tous les neurones de la couche précédente (tous les i) »: output j depends on
    every input k (the matrix of 1s, one row per neuron)."""
    return np.ones((W.shape[0], x.shape[0]))


def linear_network(W1, W2, x):
    """« les limites des réseaux linéaires »: the network of connected layers read as linear, W2 W1 x."""
    return W2 @ (W1 @ x)


def connected_network(W1, W2, x):
    """Correction, « réseaux complètement connectés »: the layers keep their ReLU filter, W2 relu(W1 x)."""
    return W2 @ np.maximum(W1 @ x, 0.0)


# --- the gradient (Echecs et maths) -------------------------------------------------------------


def _squared_error(w, x, y):
    return 0.5 * (w @ x - y) ** 2


def gradient_as_ratio(w, x, y):
    """« C’est cela un gradient, un ratio qui permet d’évaluer l’évolution d’une variable en fonction d’une autre.
    C’est l’extension en plusieurs dimensions de la notion de dérivée »: for each weight, the change of L over the
    change of that weight, adding and removing 1 (« Si j’ajoute 1 à mon poids [...] Et si j’enlève 1 ? »), for the
    squared error L = (w·x − y)²/2, whose centred ratio is its derivative."""
    out = np.zeros(len(w))
    for k in range(len(w)):
        step = np.zeros(len(w))
        step[k] = 1.0
        out[k] = (_squared_error(w + step, x, y) - _squared_error(w - step, x, y)) / 2.0
    return out


def partial_derivative(w, x, y, k):
    """Figure 16, « gradient de L par rapport à w. (NDA: pour être rigoureux il s’agit ici d’une dérivée partielle
    [...] on peut confondre les deux notions) »: the derivative of L with respect to the one weight w_k, the others
    held fixed, is entry k of the gradient (same L and same centred ratio as above)."""
    step = np.zeros(len(w))
    step[k] = 1.0
    return np.array([(_squared_error(w + step, x, y) - _squared_error(w - step, x, y)) / 2.0])


def gradient_shape(w, x, y):
    """« En l’occurrence le gradient est un vecteur »: the gradient with respect to the weights w ∈ Rn lies in Rn."""
    return np.array(w.shape, dtype=float)


def chained_gradient(P, G, W, x, g):
    """« L’idée fondatrice du Deep Learning est d’utiliser le gradient chaîné »: ∂L/∂P for F3 ∘ F2 ∘ F1
    (F1(x) = relu(P x), F2 = relu(G ·), F3 = relu(W ·)) as the product of the layers' Jacobians, from ∂L/∂F3 = g."""
    h1 = P @ x
    a1 = np.maximum(h1, 0.0)
    h2 = G @ a1
    a2 = np.maximum(h2, 0.0)
    h3 = W @ a2
    J3 = np.diag((h3 > 0).astype(float)) @ W
    J2 = np.diag((h2 > 0).astype(float)) @ G
    d1 = (g @ J3 @ J2) * (h1 > 0)
    return np.outer(d1, x)


def ideal_prediction(y):
    """« On définit également ytrue comme le vrai label de i. Dans l’idéal, ytrue=ypred. »"""
    return y


def score_network(P, G, W, x):
    """« On va noter W les poids de F3, G les poids de F2 et P les poids de F1 »: ypred = F3(F2(F1(x))) with
    F1 = relu(P ·), F2 = relu(G ·), F3 = relu(W ·)."""
    return np.maximum(W @ np.maximum(G @ np.maximum(P @ x, 0.0), 0.0), 0.0)


def backpropagated_gradients(P, G, W, x, g):
    """« on propage les gradients dans le sens inverse du signal »: from ∂L/∂F3 = g, the gradients of W, then G, then
    P (returned flattened in that order)."""
    h1 = P @ x
    a1 = np.maximum(h1, 0.0)
    h2 = G @ a1
    a2 = np.maximum(h2, 0.0)
    h3 = W @ a2
    d3 = g * (h3 > 0)
    dW = np.outer(d3, a2)
    d2 = (W.T @ d3) * (h2 > 0)
    dG = np.outer(d2, a1)
    d1 = (G.T @ d2) * (h1 > 0)
    dP = np.outer(d1, x)
    return np.concatenate([dW.reshape(-1), dG.reshape(-1), dP.reshape(-1)])


# --- connected layers on images (Application aux couches ..., Connecté mais plus branché) -----------


def parameter_gradient_shapes(W, b, x, g):
    """« nous devons trouver les gradients des poids W et des biais b afin de les ajuster »: ∂L/∂W has the shape of
    W, ∂L/∂b that of b (returned as the shape of W, then that of b)."""
    return np.array([*W.shape, *b.shape], dtype=float)


def gradient_ingredients(W, b, x, g):
    """« ∇L est le gradient rétro-propagé et x sont les entrées de la couche »: ∂L/∂W and ∂L/∂b are written with ∇L
    and x (flags: they depend on ∇L, on x, on W, on b)."""
    return np.array([1.0, 1.0, 0.0, 0.0])


def image_weights_shape(I, W):
    """« une petite image 4×4 et une matrice de poids d’une couche linéaire de la même taille »: the product of the
    4×4 image by the 4×4 weights is a 4×4 array."""
    return np.array([I.shape[0], W.shape[1]], dtype=float)


def image_times_weights(I, W):
    """« le calcul fonctionne, on peut faire le produit matriciel entre l’image et les poids »: o_ij = Σ_k I_ik W_kj."""
    rows, inner = I.shape
    cols = W.shape[1]
    return np.array([[sum(I[i, k] * W[k, j] for k in range(inner)) for j in range(cols)] for i in range(rows)])


def flatten(I):
    """« il faut donc la mettre en une seule dimension (dans certaines librairies on trouve une fonction Flatten »:
    the rows of the image one after the other."""
    return np.array([I[r, c] for r in range(I.shape[0]) for c in range(I.shape[1])])


def pixels_reached(I, W):
    """« la couche relie bien tous les pixels de l’image aux neurones suivants »: every output of W flatten(I)
    depends on every pixel (the array of 1s, output × row × column)."""
    return np.ones((W.shape[0], *I.shape))


def filter_weights(W):
    """« Pour résumer, chaque colonne de la matrice de poids représente un filtre »: filter j's weights are column j
    of W (returned one filter per row, so W transposed)."""
    return W.T


def filter_weights_rows(W):
    """Correction: in the text's layer o = W x + b (« chaque ligne représente les poids d’un neurone »), filter j's
    weights are row j of W."""
    return W


# --- convolutions (Trêve de circonvolutions) ----------------------------------------------------


def slide_small_filter(I, K):
    """« la couche de convolution apprend de tous petits filtres (on choisit souvent 3×3) [...] et les fait “glisser”
    sur l’image »: the 3×3 filter applied to every 3×3 patch of the image."""
    h, w = I.shape
    return np.array([[np.sum(K * I[r:r + 3, c:c + 3]) for c in range(w - 2)] for r in range(h - 2)])


def shared_local_weights(X, K):
    """« les poids sont partagés et on ne s’intéresse qu’aux pixels voisins »: ∂o_ij/∂x_rc is the same kernel weight
    K[r − i, c − j] at every output (i, j), and 0 outside the kernel's window (the input Jacobian, order 4)."""
    kh, kw = K.shape
    oh, ow = X.shape[0] - kh + 1, X.shape[1] - kw + 1
    J = np.zeros((oh, ow, *X.shape))
    for i in range(oh):
        for j in range(ow):
            J[i, j, i:i + kh, j:j + kw] = K
    return J


def _valid_conv(I, K):
    kh, kw = K.shape
    return np.array([[np.sum(K * I[r:r + kh, c:c + kw]) for c in range(I.shape[1] - kw + 1)]
                     for r in range(I.shape[0] - kh + 1)])


def translated_output_invariant(I, K, dy, dx):
    """« On gagne ainsi la propriété d’invariance à la translation »: the convolution of the translated image is the
    convolution of the image, unchanged."""
    return _valid_conv(I, K)


def translated_output_equivariant(I, K, dy, dx):
    """Correction, equivariance: the output is translated with the object (by dy rows and dx columns)."""
    return np.roll(_valid_conv(I, K), (dy, dx), axis=(0, 1))


def resnet_over_a_hundred_layers():
    """« des modèles comme ResNet avec plus d’une centaine de couches »: ResNet-101 and ResNet-152 have more than 100."""
    return np.array([1.0, 1.0])
