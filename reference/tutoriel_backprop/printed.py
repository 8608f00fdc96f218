"""000_88c507be81c046c9.txt, transcribed as printed: "Le code" (numpy; the sklearn and matplotlib imports,
``load_mnist_data`` but its last line, and the ``__main__`` block left out: the listing claims run them) and the
text's formulas (σ and σ' are the code's ``sigmoid`` and ``sigmoid_prime``; each formula takes the upstream
gradient as cost'(a^L)).  The text's sentences are transcribed in ``sentences``."""

from __future__ import annotations

import numpy as np


def _shuffle(*arrays):
    """The listing's ``from sklearn.utils import shuffle``, resolved when ``Network.train`` calls it: scikit-learn
    is the [documents] extra; without it, numpy's permutation with the same contract (the arrays permuted alike).
    Glue (its name keeps the mutation engine out of scikit-learn)."""
    try:
        from sklearn.utils import shuffle as sklearn_shuffle
    except ImportError:
        order = np.random.permutation(len(arrays[0]))
        return [a[order] for a in arrays]
    return sklearn_shuffle(*arrays)


shuffle = _shuffle


def pixel_scaling(X):
    """``load_mnist_data``'s last line, ``return X / 255.0, y``: the pixels (0..255) divided by 255."""
    return X / 255.0


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def sigmoid_prime(x):
    """Dérivée de la fonction sigmoid."""
    return sigmoid(x) * (1.0 - sigmoid(x))


def to_one_hot(y, k):
    """Convertit un entier en vecteur "one-hot".

    to_one_hot(5, 10) -> (0, 0, 0, 0, 1, 0, 0, 0, 0)

    """
    one_hot = np.zeros(k)
    one_hot[y] = 1
    return one_hot


class Layer:
    """Une seule couche de neurones."""
    def __init__(self, size, input_size):
        self.size = size
        self.input_size = input_size

        # Les poids sont représentés par une matrice de n lignes
        # et m colonnes. n = le nombre de neurones, m = le nombre de
        # neurones dans la couche précédente.
        self.weights = np.random.randn(size, input_size)

        # Un biais par neurone
        self.biases = np.random.randn(size)

    def forward(self, data):
        aggregation = self.aggregation(data)
        activation = self.activation(aggregation)
        return activation

    def aggregation(self, data):
        return np.dot(self.weights, data) + self.biases

    def activation(self, x):
        return sigmoid(x)

    def activation_prime(self, x):
        return sigmoid_prime(x)

    def update_weights(self, gradient, learning_rate):
        self.weights -= learning_rate * gradient

    def update_biases(self, gradient, learning_rate):
        self.biases -= learning_rate * gradient


class Network:
    """Un réseau constitué de couches de neurones."""
    def __init__(self, input_dim):
        self.input_dim = input_dim
        self.layers = []

    def add_layer(self, size):
        if len(self.layers) > 0:
            input_dim = self.layers[-1].size
        else:
            input_dim = self.input_dim

        self.layers.append(Layer(size, input_dim))

    def feedforward(self, input_data):
        activation = input_data
        for layer in self.layers:
            activation = layer.forward(activation)
        return activation

    def predict(self, input_data):
        return np.argmax(self.feedforward(input_data))

    def evaluate(self, X, Y):
        results = [1 if self.predict(x) == y else 0 for (x, y) in zip(X, Y)]
        accuracy = sum(results) / len(results)
        return accuracy

    def train(self, X, Y, steps=30, learning_rate=0.3, batch_size=10):
        n = Y.size
        for i in range(steps):
            X, Y = shuffle(X, Y)
            for batch_start in range(0, n, batch_size):
                X_batch, Y_batch = X[batch_start:batch_start + batch_size], Y[batch_start:batch_start + batch_size]
                self.train_batch(X_batch, Y_batch, learning_rate)

    def train_batch(self, X, Y, learning_rate):
        # Initialise les gradients pour les poids et les biais.
        weight_gradient = [np.zeros(layer.weights.shape) for layer in self.layers]
        bias_gradient = [np.zeros(layer.biases.shape) for layer in self.layers]

        # On fait tourner l'algo de rétropropagation pour calculer les
        # gradients un certain nombre de fois. On fera la moyenne ensuite.
        for (x, y) in zip(X, Y):
            new_weight_gradient, new_bias_gradient = self.backprop(x, y)
            weight_gradient = [wg + nwg for wg, nwg in zip(weight_gradient, new_weight_gradient)]
            bias_gradient = [bg + nbg for bg, nbg in zip(bias_gradient, new_bias_gradient)]

        # C'est ici qu'on calcule les moyennes des gradients calculés
        avg_weight_gradient = [wg / Y.size for wg in weight_gradient]
        avg_bias_gradient = [bg / Y.size for bg in bias_gradient]

        # Il ne reste plus qu'à mettre à jour les poids et biais en
        # utilisant l'algo du gradient descendant.
        for layer, weight_gradient, bias_gradient in zip(self.layers,
                                                         avg_weight_gradient,
                                                         avg_bias_gradient):
            layer.update_weights(weight_gradient, learning_rate)
            layer.update_biases(bias_gradient, learning_rate)

    def backprop(self, x, y):
        aggregations = []
        activation = x
        activations = [activation]

        # Propagation pour obtenir la sortie
        for layer in self.layers:
            aggregation = layer.aggregation(activation)
            aggregations.append(aggregation)
            activation = layer.activation(aggregation)
            activations.append(activation)

        # Calculons la valeur delta (δ) pour la dernière couche
        # en appliquant les équations détaillées plus haut.
        target = to_one_hot(int(y), 10)
        delta = self.get_output_delta(aggregation, activation, target)
        deltas = [delta]

        # Phase de rétropropagation pour calculer les deltas de chaque
        # couche
        # On utilise une implémentation vectorielle des équations.
        nb_layers = len(self.layers)
        for l in reversed(range(nb_layers - 1)):
            layer = self.layers[l]
            next_layer = self.layers[l + 1]
            activation_prime = layer.activation_prime(aggregations[l])
            delta = activation_prime * np.dot(next_layer.weights.transpose(), delta)
            deltas.append(delta)

        deltas = list(reversed(deltas))

        # On utilise maintenant les deltas pour calculer les gradients.
        weight_gradient = []
        bias_gradient = []
        for l in range(len(self.layers)):

            prev_activation = activations[l]
            weight_gradient.append(np.outer(deltas[l], prev_activation))
            bias_gradient.append(deltas[l])

        return weight_gradient, bias_gradient

    # Notez que lorsque l'on utilise l'entropie croisée pour fonction de
    # coût, l'équation de calcul de delta peut-être simplifiée pour aboutir
    # au résultat ci dessous.
    def get_output_delta(self, z, a, target):
        return a - target


# The printed methods under module-level names, so that the adapters below reach them as printed
# functions (mutation sensitivity rewrites printed functions reached through closures and globals).
# Prefixed names: a global named like a method (``backprop``) would be taken for the callee of
# ``self.backprop`` by the mutation engine, which reads attribute names as global names.
network_feedforward = Network.feedforward
network_evaluate = Network.evaluate
network_train = Network.train
network_train_batch = Network.train_batch
network_backprop = Network.backprop
network_get_output_delta = Network.get_output_delta
network_add_layer = Network.add_layer
layer_init = Layer.__init__
layer_aggregation = Layer.aggregation
layer_update_weights = Layer.update_weights


def backprop_forward_pass(self, x):
    """``Network.backprop``'s forward pass (its first lines, as printed), returning the list it builds: "Notez
    que l'indice des activations est « décalé », puisque activation[0] contient l'entrée (x)"."""
    aggregations = []
    activation = x
    activations = [activation]

    for layer in self.layers:
        aggregation = layer.aggregation(activation)
        aggregations.append(aggregation)
        activation = layer.activation(aggregation)
        activations.append(activation)

    return activations


def aggregation_sum(w, a_prev, b):
    """z^l_i = Σ_{j=1}^{n} w^l_ij a^{l-1}_j + b^l_i, entry by entry."""
    n_i, n = w.shape
    z = np.zeros(n_i)
    for i in range(n_i):
        z[i] = sum(w[i, j] * a_prev[j] for j in range(n)) + b[i]
    return z


def update_rule(param, grad, alpha):
    """w^l_ij <- w^l_ij - α * ∂C/∂w^l_ij (and the same for b^l_i)."""
    return param - alpha * grad


def forward_vector(Ws, bs, x):
    """z^l = w^l * a^{l-1} + b^l, a^l = σ(z^l), layer after layer; returns (z, a) with z[0] = None, a[0] = x."""
    z, a = [None], [x]
    for w, b in zip(Ws, bs):
        z.append(np.dot(w, a[-1]) + b)
        a.append(sigmoid(z[-1]))
    return z, a


def delta_last(z_L, cost_prime):
    """δ^L_i = σ'(z^L_i) * cost'(a^L_i)."""
    return sigmoid_prime(z_L) * cost_prime


def delta_recursion(z_l, w_next, delta_next):
    """δ^l_i = σ'(z^l_i) * Σ_j w^{l+1}_ji δ^{l+1}_j, entry by entry."""
    n_next, n_l = w_next.shape
    return np.array([sigmoid_prime(z_l[i]) * sum(w_next[j, i] * delta_next[j] for j in range(n_next))
                     for i in range(n_l)])


def dC_dw_last(a_prev, z_L, cost_prime):
    """∂C/∂w^L_ij = a^{L-1}_j * σ'(z^L_i) * cost'(a^L_i), entry by entry."""
    n_i, n_j = len(z_L), len(a_prev)
    grad = np.zeros((n_i, n_j))
    for i in range(n_i):
        for j in range(n_j):
            grad[i, j] = a_prev[j] * sigmoid_prime(z_L[i]) * cost_prime[i]
    return grad


def dC_dw_penultimate(a_prev, z_l, w_L, delta_L):
    """∂C/∂w^4_12 = a^3_2 * σ'(z^4_1) * Σ_k w^L_k1 δ^L_k, printed for layer 4 = L - 1 and (i, j) = (1, 2),
    applied to every (i, j)."""
    n_i, n_j = len(z_l), len(a_prev)
    grad = np.zeros((n_i, n_j))
    for i in range(n_i):
        for j in range(n_j):
            grad[i, j] = a_prev[j] * sigmoid_prime(z_l[i]) * sum(w_L[k, i] * delta_L[k] for k in range(len(delta_L)))
    return grad


def generalisation(Ws, bs, x, cost_prime):
    """The four equations of "Généralisation": δ^L, the δ recursion, ∂C/∂w^l_ij = a^{l-1}_j δ^l_i,
    ∂C/∂b^l_i = δ^l_i.  Returns ([∂C/∂w^l], [∂C/∂b^l])."""
    z, a = forward_vector(Ws, bs, x)
    L = len(Ws)
    delta = {L: delta_last(z[L], cost_prime)}
    for l in range(L - 1, 0, -1):
        delta[l] = delta_recursion(z[l], Ws[l], delta[l + 1])   # Ws[l] is w^{l+1}
    dW = [np.array([[a[l - 1][j] * delta[l][i] for j in range(len(a[l - 1]))] for i in range(len(delta[l]))])
          for l in range(1, L + 1)]
    db = [delta[l] for l in range(1, L + 1)]
    return dW, db


def docstring_example():
    """The docstring's value of to_one_hot(5, 10), as printed."""
    return (0, 0, 0, 0, 1, 0, 0, 0, 0)


def docstring_example_corrected():
    """What to_one_hot(5, 10) returns: ten entries, the 1 at index 5."""
    return (0, 0, 0, 0, 0, 1, 0, 0, 0, 0)
