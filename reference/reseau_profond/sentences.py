"""002_c565116afbd152b8.txt: what the notebook's sentences assert, each transcribed as a small function (the
relation, count, shape, sign or operation it states, as literally as the French allows), with each
correction beside what it corrects.  ``printed`` holds the code cells and formulas; this module holds the prose.

A sentence about the notebook's own results (a comparison of two printed accuracies) is transcribed as the
sign or choice it states; the claims judge it against the printouts the notebook shows.
"""

from __future__ import annotations

import numpy as np

from reference.reseau_profond import printed as p

# --- "Mise en situation" and "Définition formelle des couches" ---


def layers_of_previous_models(hidden):
    """l.14: "d'un modèle logistique (1 couche) à un réseau de neurones tel qu'on la vu (2 couches)"."""
    return np.array([1, 2])


def first_and_last_layers(layer_dimensions):
    """l.26: "les entrées la première couche, et la sortie la dernière couche": (size of the inputs, size of
    the output) are the first and the last entries of the list of layers."""
    return np.array([layer_dimensions[0], layer_dimensions[-1]])


def three_layers(hidden):
    """l.28: "un réseau à trois couches : l'entrée (qui faisait 28x28), la couche intermédiaire (variable) et
    la sortie (taille 10)": (layers, input size, hidden size, output size)."""
    return np.array([3, 28*28, hidden, 10])


# --- "Dérivation et propagation du gradient" and "Implémentation" ---


def layers_by_the_notation(X, activations, parameters):
    """l.32: layer n takes the input A_{n-1}, the parameters W_n and b_n and the activation a():
    A_0 = X, then (Z_n, A_n) from (A_{n-1}, W_n, b_n, a) by the printed two-line forward formula."""
    A = X
    out = {}
    for n in range(1, len(activations) + 1):
        Z, A = p.formula_forward(A, parameters['W' + str(n)], parameters['b' + str(n)], activations[n - 1])
        out['Z' + str(n)], out['A' + str(n)] = Z, A
    return out


def kept_results(X, activations, parameters):
    """l.50: "On calcule les différents Z et A pour chaque couche. On gardera les résultats du calcul": the
    results kept, A_0 = X, then Z_n and A_n for every layer n."""
    kept = {'A0': X}
    for n in range(1, len(activations) + 1):
        kept['Z' + str(n)], kept['A' + str(n)] = p.formula_forward(kept['A' + str(n - 1)], parameters['W' + str(n)],
                                                                   parameters['b' + str(n)], activations[n - 1])
    return kept


def gradients_from_kept(X, Y, activations, parameters):
    """l.91: "on aura besoin des Z et A correspondants lors de la marche arrière": the backward pass computed
    from the kept Z and A alone (nothing recomputed), from dA_L of In [13], by the two-line formulas."""
    kept = kept_results(X, activations, parameters)
    L = len(activations)
    dA = p.d_a_last(kept['A' + str(L)], Y)
    gradients = {}
    for n in range(L, 0, -1):
        dZ = p.formula_dZ(dA, kept['Z' + str(n)], activations[n - 1])
        gradients['W' + str(n)] = np.dot(dZ, kept['A' + str(n - 1)].T)
        gradients['b' + str(n)] = np.sum(dZ, axis=1, keepdims=True)
        dA = np.dot(parameters['W' + str(n)].T, dZ)
    return gradients


# --- "La passe en arrière" ---


def dW_with_own_A(A_prev, W, b, activation):
    """l.117: "à partir du gradient de A sur la couche dont on vient, ainsi que Z, A et W de la couche
    considérée": dW = dZ · A^T with A the layer's own output A_n; the shape it has."""
    Z, A = p.formula_forward(A_prev, W, b, activation)
    dZ = np.ones_like(Z)
    return np.array(np.dot(dZ, A.T).shape)


def dW_with_input_A(A_prev, W, b, activation):
    """The layer's input A_{n-1} (A_prev in In [12]): dW = dZ · A_{n-1}^T has the shape of W."""
    Z, _ = p.formula_forward(A_prev, W, b, activation)
    dZ = np.ones_like(Z)
    return np.array(np.dot(dZ, A_prev.T).shape)


# --- "Entrainement du modèle" ---


def parameter_shapes_as_commented(layer_dimensions):
    """In [13], l.161-162: "une pour dimensions "nb neurones de la couche" x "nb entrées"" and "b est un vecteur,
    une valeur par neurone": for every layer i, (rows of W_i, columns of W_i, entries of b_i)."""
    neurons, inputs = layer_dimensions[1:], layer_dimensions[:-1]
    return np.array([[n, k, n] for n, k in zip(neurons, inputs)])


def descent_step(X, Y, activations, parameters, learning_rate):
    """l.144-149: "On calcule tous les Z et tous les A / On calcule dA final / On remonte tous les dZ, dA, dW
    et dB / On descent les gradients dW et dB", with the notebook's functions (In [11] with its activation
    passed, In [12], In [13])."""
    L = len(activations)
    forward_pass_results = p.model_forward_pass_corrected(X, activations, parameters)
    dA_last = p.d_a_last(forward_pass_results['A' + str(L)], Y)
    gradients = p.model_backward_pass(dA_last, parameters, forward_pass_results, activations)
    return p.update_parameters(parameters, gradients, learning_rate, L)


# --- "Chargement des données" ---


def mnist_sizes():
    """l.202: "60.000 données d'entrainement et 10.000 données de validation" (the accuracies' denominators)."""
    return {"training": 60000, "test": 10000}


# --- "Chargement des données" and "L'importance du jeu de dev": comparisons of the printed accuracies ---


def overfit_gap_sign():
    """l.295: "un gros overfit puisqu'on a une grosse variance": training accuracy above test accuracy."""
    return np.float64(1.0)


def second_model_train_sign():
    """l.355: "On fait *un poil* moins bien sur le jeu d'entrainement": the relu model's training accuracy is
    below the tanh model's."""
    return np.float64(-1.0)


def bias_and_variance_signs():
    """l.357: "un peu plus de biais mais un peu moins de variance sur ce modèle": (change of the training
    error, change of the train-test gap) from the first model to the second."""
    return np.array([1.0, -1.0])


def relu_model_better_sign():
    """l.363: "le modèle avec deux ReLUs fonctionne mieux que celui avec tanh + sigmoid" (on the test set)."""
    return np.float64(1.0)


def structure_chosen_on_test():
    """l.365: the structure is "trained" on the test set: the model kept is the one of lower test cost (higher
    test accuracy), the second (index 1)."""
    return np.float64(1.0)


def precision_as_said(results, y):
    """l.357: "si la métrique qu'on retient est la précision": the precision of the predictions, averaged over
    the classes (for each class predicted, the share of its predictions that are right; 0 for a class that
    occurs but is never predicted)."""
    classes = np.union1d(results, y)
    per_class = [np.mean(y[results == c] == c) if np.any(results == c) else 0.0 for c in classes]
    return np.float64(np.mean(per_class))


def accuracy_as_computed(results, y):
    """The accuracy ("exactitude"), what In [39]'s accuracy computes: the share of right predictions."""
    return np.float64(np.mean(results == y))


# --- "Extension du système": a new activation, "la fonction souhaitée et sa dérivée" ---


def softplus(x):
    return np.log1p(np.exp(x))


def d_softplus(x):
    return 1 / (1 + np.exp(-x))


def softmax(x):
    e = np.exp(x - x.max(axis=0))
    return e / np.sum(e, axis=0)


def d_softmax(x):
    s = softmax(x)
    return s * (1 - s)


extended_act_functions = {**p.act_functions, 'softplus': softplus, 'softmax': softmax}
extended_act_derivates = {**p.act_derivates, 'softplus': d_softplus, 'softmax': d_softmax}


def softmax_vjp(dA, Z):
    """The softmax's Jacobian applied to dA (not diagonal): s * (dA - sum(s * dA)) over the classes."""
    s = softmax(Z)
    return s * (dA - np.sum(s * dA, axis=0, keepdims=True))


act_vjps = {'softplus': lambda dA, Z: dA * d_softplus(Z), 'softmax': softmax_vjp}


def layer_backward_pass_vjp(dA, Z, A_prev, W, activation):
    """In [12] with dZ = J_a(Z)^T dA, the activation's own Jacobian product (dA * a'(Z) for an element-wise one)."""
    dZ = act_vjps[activation](dA, Z)
    dW = np.dot(dZ, A_prev.T)
    db = np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dW, db, dA_prev


# --- In [16]'s log ---


def log_is_the_printed_cost():
    """l.237-266: the notebook shows its 30 lines as what In [13]'s debug line printed: each value is one the
    printed cost takes (1 for each line)."""
    return np.ones(30)


def log_is_another_programs():
    """The log comes from another program: none of its values is one the printed cost takes on 60 000 images."""
    return np.zeros(30)
