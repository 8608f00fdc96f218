"""000_88c507be81c046c9.txt: its sentences and notation, each transcribed as the small function it asserts (the
relation, index, shape, sign or operation it states, as literally as the French allows), with the corrections
beside those that are wrong.  The formulas and the code as printed are in ``printed``; these functions use them.

Indices are the document's (from 1) where a sentence names an entry (``w^2_{43}``), written ``i - 1`` in numpy.
"""

from __future__ import annotations

import numpy as np

from reference.tutoriel_backprop.printed import (
    aggregation_sum,
    delta_recursion,
    forward_vector,
    sigmoid,
    to_one_hot,
    update_rule,
)

# --- Rappel des épisodes précédents --------------------------------------------------------------


def cost_arguments(Ws, bs):
    """"C(w, b)": the cost's arguments are the weights w and the biases b, those of every layer."""
    return sum(w.size for w in Ws) + sum(b.size for b in bs)


def descent_direction(partial):
    """"la dérivée partielle ... pour savoir dans quelle direction en modifier la valeur": against its sign."""
    return -np.sign(partial)


# --- Rappel des notations utilisées ---------------------------------------------------------------


def output_of_L_layers(Ws, bs, x):
    """"L est le nombre de couches": the input is not a layer, and a^L, after the L-th, is the output."""
    L = len(Ws)
    z, a = forward_vector(Ws, bs, x)
    return a[L]


def weight_link(w, a_prev, i, j):
    """"w^l_ij ... relie le iième neurone de la lième couche au jième neurone de la (l - 1)ième couche":
    z^l_i moves with a^{l-1}_j at the rate w^l_ij, and with w^l_ij at the rate a^{l-1}_j (indices from 0 here)."""
    return w[i, j], a_prev[j]


def weight_matrix_size(i, j):
    """"w^l est une matrice de taille i x j (i lignes et j colonnes)": the indices of w^l_ij taken as its size."""
    return np.array([i, j])


def weight_matrix_size_corrected(n_l, n_prev):
    """w^l has n_l rows (the neurons of layer l) and n_{l-1} columns (the neurons of layer l - 1)."""
    return np.array([n_l, n_prev])


def bias_link(i, k):
    """"b^l_i est le biais associé au iième neurone de la lième couche": ∂z^l_k/∂b^l_i is 1 for k = i, else 0."""
    return 1.0 if k == i else 0.0


def neuron_output(w, a_prev, b):
    """"z^l_i ... la valeur qu'un neurone calcule avant de la passer à la fonction d'activation": a = σ(z)."""
    z = aggregation_sum(w, a_prev, b)
    return sigmoid(z)


def layer_vectors(w, a_prev, b):
    """z^l = (z^l_1, ..., z^l_n) and a^l = (a^l_1, ..., a^l_n): a layer's values stacked, n of them."""
    n = len(b)
    z = aggregation_sum(w, a_prev, b)
    return np.concatenate([[z[i] for i in range(n)], [sigmoid(z[i]) for i in range(n)]])


def widths_as_printed(n):
    """One symbol n for the bound of the sum (z^l_i = Σ_{j=1}^{n} ...) and for the length of z^l (z^l_n)."""
    return np.array([n, n])


def widths_corrected(n_prev, n_l):
    """The sum runs over the n_{l-1} neurons of layer l - 1; z^l has the n_l entries of layer l."""
    return np.array([n_prev, n_l])


# --- L'algorithme de la rétropropagation du gradient ----------------------------------------------


def gradient_descent(net, x, y, alpha, iterations):
    """"répéter jusqu'à ce que C(w, b) converge, pour tous les poids w^l_ij et biais b^l_i": the two update rules
    on every parameter, repeated (a given number of times here), with the code's gradients."""
    for _ in range(iterations):
        weight_gradient, bias_gradient = net.backprop(x, y)
        for layer, gw, gb in zip(net.layers, weight_gradient, bias_gradient):
            layer.weights = update_rule(layer.weights, gw, alpha)
            layer.biases = update_rule(layer.biases, gb, alpha)
    return net


def example_partial(weight_gradients):
    """∂C/∂w^2_43, for the weight joining neuron 4 of layer 2 to neuron 3 of layer 1."""
    return weight_gradients[2 - 1][4 - 1, 3 - 1]


# --- Rétropropagation du gradient : intuition -----------------------------------------------------


def training_pair(x, y):
    """"(X, T) avec X le vecteur qui contient les entrées, et T ... la sortie attendue" (the code's target)."""
    return x, to_one_hot(int(y), 10)


def output_named_y(net, x):
    """"la sortie qu'on notera Y": Y is the network's output (the code's ``Y`` read with the text's names)."""
    return net.feedforward(x)


def labels_named_t(y):
    """The code's ``Y`` holds the labels: the text's T (as the vector the code builds from each label)."""
    return to_one_hot(int(y), 10)


def error_as_delta(y_out, target):
    """"E = T - Y (on note parfois E : δ)": the output error δ^L taken to be E = T - Y."""
    return target - y_out


def delta_is_minus_error(y_out, target):
    """δ^L = ∂C/∂z^L = Y - T = -E for the code's cross-entropy with sigmoid outputs."""
    return y_out - target


def weight_gradient_from_error(delta, a_prev):
    """∂C/∂w^l_ij from the error δ^l (and a^{l-1}): a^{l-1}_j δ^l_i, the same formula in every layer."""
    return np.outer(delta, a_prev)


def previous_layer_error(z_prev, w_last, delta_last):
    """"nous pouvons calculer l'erreur de l'avant-dernière couche": from δ^L and the last layer's weights."""
    return delta_recursion(z_prev, w_last, delta_last)


def train_per_example(net, X, Y, epochs, learning_rate):
    """The pseudo-code: while training goes on, for each example: output, error, error propagated back, every
    weight updated."""
    for _ in range(epochs):
        for x, y in zip(X, Y):
            weight_gradient, bias_gradient = net.backprop(x, y)
            for layer, wg, bg in zip(net.layers, weight_gradient, bias_gradient):
                layer.update_weights(wg, learning_rate)
                layer.update_biases(bg, learning_rate)
    return net


# --- Calculer l'erreur pour la dernière couche ----------------------------------------------------


def perturb_as_printed(Ws, dw):
    """"le poids w^L_11 en lui ajoutant une petite valeur que je noterai Δw^1_11": the increment named after, and
    added to, the first layer's w^1_11."""
    Ws = [w.copy() for w in Ws]
    Ws[1 - 1][1 - 1, 1 - 1] += dw
    return Ws


def perturb_corrected(Ws, dw):
    """Δw^L_11 added to w^L_11, the weight of the last layer."""
    Ws = [w.copy() for w in Ws]
    L = len(Ws)
    Ws[L - 1][1 - 1, 1 - 1] += dw
    return Ws


def first_order_change(rate, step):
    """"Par définition": (∂f/∂u) Δu = Δf, the rate times the step, as an equality."""
    return rate * step


def exact_change(rate_at, step, nodes=24):
    """Δf = ∫_0^{Δu} ∂f/∂u(u + s) ds, which is (∂f/∂u) Δu to first order (Gauss-Legendre quadrature)."""
    x, w = np.polynomial.legendre.leggauss(nodes)
    return 0.5 * step * sum(wk * rate_at(0.5 * step * (xk + 1.0)) for xk, wk in zip(x, w))


def chain_of_three(dz_dw, da_dz, dC_da):
    """"comment w fait varier z, comment z fait varier a, et comment a fait varier C": the three rates, multiplied."""
    return dz_dw * da_dz * dC_da


def cost_prime(a, t, cost):
    """cost'(a^L_i): the derivative of the cost as a function of the one output a^L_i (its target t_i inside).
    A cost that couples the outputs, -log(a_t / Σ_k a_k), read output by output is -t_i log a_i."""
    if cost == "quadratic":
        return a - t
    if cost == "cross-entropy":
        return (a - t) / (a * (1 - a))
    return -t / a


def cost_gradient(a, t, cost):
    """∂C/∂a^L_i in general: for C = -Σ_i t_i log(a_i / Σ_k a_k) it depends on every output."""
    if cost == "normalised-nll":
        return -t / a + t.sum() / a.sum()
    return cost_prime(a, t, cost)


def partial_over_weight_as_printed(z_before, z_after, w, dw):
    """"∂z^L_1 / w^L_11": the change of z (its partial differential) divided by the weight itself."""
    return (z_after - z_before) / w


def partial_derivative_of_z(z_before, z_after, w, dw):
    """∂z^L_1/∂w^L_11: the change of z divided by the change of the weight (exact: z is affine in w)."""
    return (z_after - z_before) / dw


# --- On en remet une couche -----------------------------------------------------------------------


def weight_4_12(gradient_4):
    """∂C/∂w^4_12, layer 4 being the one before the last (L = 5): row 1, column 2 of ∂C/∂w^4."""
    return gradient_4[1 - 1, 2 - 1]


def impacts_of_a4(w_last, delta_last, j):
    """"si a^4_1 est modifié, cela va avoir un impact sur les valeurs de z^L_1, z^L_2 et z^L_3": ∂C/∂a^4_j
    = Σ_{k=1}^{3} w^L_kj δ^L_k."""
    return sum(w_last[k - 1, j] * delta_last[k - 1] for k in (1, 2, 3))


# --- Généralisation, Raffinement de gourmet -------------------------------------------------------


def bias_gradient_justified(delta):
    """The line the text leaves out: ∂z^l_i/∂b^l_i = 1, so ∂C/∂b^l_i = ∂z^l_i/∂b^l_i · ∂C/∂z^l_i = δ^l_i."""
    dz_db = 1.0
    return dz_db * delta


def update_each_pass(net, X, Y, learning_rate):
    """"nous mettons à jour les poids à chaque passe": one forward pass, one backward pass, one update, per example."""
    for k in range(len(Y)):
        net.train_batch(X[k:k + 1], Y[k:k + 1], learning_rate)
    return net


def average_errors_gradient(deltas, activations):
    """"calculer la moyenne de ces erreurs, et seulement ensuite mettre à jour les poids": the mean δ^l over the
    examples, then ∂C/∂w^l_ij = a^{l-1}_j δ^l_i (with the mean a^{l-1}) and ∂C/∂b^l_i = δ^l_i."""
    mean_delta = np.mean(deltas, axis=0)
    mean_activation = np.mean(activations, axis=0)
    return np.outer(mean_delta, mean_activation), mean_delta


def average_gradients(deltas, activations):
    """The mean of the examples' gradients a^{l-1}_j δ^l_i and δ^l_i (what ``train_batch`` does)."""
    return np.mean([np.outer(d, a) for d, a in zip(deltas, activations)], axis=0), np.mean(deltas, axis=0)


# --- Célébration ----------------------------------------------------------------------------------


def precision_above_95():
    """"une précision supérieure à 95%": the statement, true."""
    return 1.0
