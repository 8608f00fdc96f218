"""002_c565116afbd152b8.txt, transcribed as printed: the notebook's code cells (same operations, same
mistakes) and the two-line formulas of its text, with each correction beside what it corrects.

The line ``print('Epoch #i: %s' % (e+1, cost))`` is the notebook's own mistake (one conversion for two
values): it is kept, and ruff is told so in ``pyproject.toml``.
"""

from __future__ import annotations

import numpy as np

# --- In [5]: activation functions, as printed ---


def sigmoid(x): return 1 / (1 + np.exp(-x))


def tanh(x): return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))


def relu(x): return np.maximum(x, 0)


act_functions = {'sigmoid': sigmoid, 'tanh': tanh, 'relu': relu}


# --- In [3]: their derivatives, as printed ---


def d_sigmoid(x):
    s = sigmoid(x)
    return s * (1 - s)


def d_tanh(x):
    t = tanh(x)
    return 1 - t**2


def d_relu(x):
    return x > 0


act_derivates = {'sigmoid': d_sigmoid, 'tanh': d_tanh, 'relu': d_relu}


# --- corrections of the activations ---


def tanh_stable(x):
    """np.tanh never overflows."""
    return np.tanh(x)


def d_tanh_stable(x):
    t = tanh_stable(x)
    return 1 - t**2


# --- "Dérivation et propagation du gradient": the two-line formulas, as printed ---
# a() and a'() are the notebook's act_functions and act_derivates; "db_n = Σ dZ" leaves the
# summation index implicit: it is read as the sum over the examples (the columns).


def formula_forward(A_prev, W, b, activation):
    """Z_n = W_n · A_{n-1} + b_n ; A_n = a(Z_n)."""
    Z = np.dot(W, A_prev) + b
    A = act_functions[activation](Z)
    return Z, A


def formula_dZ(dA, Z, activation):
    """dZ_n = a'(Z_n) * dA_n."""
    return act_derivates[activation](Z) * dA


def formula_backward(dA, A_prev, W, b, activation):
    """dZ_n = a'(Z_n) * dA_n ; dW_n = dZ · A_{n-1}^T ; db_n = Σ dZ ; dA_{n-1} = W_n^T · dZ."""
    Z, _ = formula_forward(A_prev, W, b, activation)
    dZ = formula_dZ(dA, Z, activation)
    return {"W": np.dot(dZ, A_prev.T), "b": np.sum(dZ, axis=1, keepdims=True), "A_prev": np.dot(W.T, dZ)}


# --- In [11]: forward pass, as printed ---


# Passe en avant : 1 couche - on utilise le dictionnaire de fonctions
def layer_forward_pass(X, W, b, activation):
    Z = np.dot(W, X) + b
    A = act_functions[activation](Z)
    return Z, A


# Passe en avant : toutes les couches
def model_forward_pass(X, activations, parameters):
    result = {}
    result['A0'] = X
    # Entrée de la première couche: X
    A = X
    for i in range(1, len(activations) + 1):
        # Pour chaque couche, une passe en avant. Les W et b viennent de parameters
        Z_next, A_next = layer_forward_pass(A, parameters['W' + str(i)], parameters['b' + str(i)])
        result['Z' + str(i)] = Z_next
        result['A' + str(i)] = A_next
        A = A_next
    return result


def model_forward_pass_corrected(X, activations, parameters):
    """In [11] with the missing activation argument passed: layer_forward_pass(A, W, b, activations[i-1])."""
    result = {}
    result['A0'] = X
    A = X
    for i in range(1, len(activations) + 1):
        Z_next, A_next = layer_forward_pass(A, parameters['W' + str(i)], parameters['b' + str(i)], activations[i - 1])
        result['Z' + str(i)] = Z_next
        result['A' + str(i)] = A_next
        A = A_next
    return result


# --- In [12]: backward pass, as printed ---


# Passe en arrière : 1 couche - on utilise le dictionnaire de dérivées
def layer_backward_pass(dA, Z, A_prev, W, activation):
    dZ = dA * act_derivates[activation](Z)
    dW = np.dot(dZ, A_prev.T)
    db = np.sum(dZ, axis=1, keepdims = True)
    dA_prev = np.dot(W.T, dZ)
    return dW, db, dA_prev


# Passe en arrière : toutes les couches
def model_backward_pass(dA_last, parameters, forward_pass_results, activations):
    gradients = {}
    dA = dA_last
    for i in range(len(activations), 0, -1):
        dW, db, dA_prev = layer_backward_pass(dA, forward_pass_results['Z' + str(i)], forward_pass_results['A' + str(i-1)], parameters['W' + str(i)], activations[i-1])
        gradients['dW' + str(i)] = dW
        gradients['db' + str(i)] = db
        dA = dA_prev
    return gradients


# --- In [13]: training, as printed (the `return` sits inside the epoch loop) ---


def layer_count(layer_dimensions):
    """In [13], l.157-158, as printed."""
    #Nombre de couches - hors celle des entrées
    l = len(layer_dimensions)-1
    return l


def d_a_last(A_last, y_batch):
    """In [13]: dA_last = -(y/A - (1 - y)/(1 - A))."""
    return -(np.divide(y_batch, A_last) - np.divide(1 - y_batch, 1 - A_last))


def d_z_last_corrected(Z_last, y_batch):
    """dZ_L = A_L - Y: dA_L * sigma'(Z_L) simplified analytically (no division, finite where sigma rounds to 0 or 1)."""
    return sigmoid(Z_last) - y_batch


def update_parameters(parameters, gradients, learning_rate, l):
    """In [13], l.186-188: the gradient descent step, as printed."""
    for i in range(1, l+1):
        parameters['W' + str(i)] -= learning_rate * gradients['dW' + str(i)]
        parameters['b' + str(i)] -= learning_rate * gradients['db' + str(i)]
    return parameters


def printed_cost(model_result, Y):
    """In [13]'s debug cost, as printed."""
    return np.squeeze(-np.sum(np.log(model_result) * Y + np.log(1 - model_result)))


def train_model(X, Y, layer_dimensions, layer_activations,
                learning_rate = 0.01, epochs = 10, batch_size = 64,
                show_cost = False):

    m = X.shape[1]
    #Nombre de couches - hors celle des entrées
    l = len(layer_dimensions)-1

    # Création de tous les paramètres
    # A chaque étape, une pour dimensions "nb neurones de la couche" x "nb entrées"
    # Et b est un vecteur, une valeur par neurone
    parameters = {}
    for i in range(1, l+1):
        parameters['W' + str(i)] = np.random.randn(layer_dimensions[i], layer_dimensions[i-1])
        parameters['b' + str(i)] = np.zeros((layer_dimensions[i], 1))

    costs = []
    # Apprentissage
    for e in range(epochs):
        for s in range(0, m, batch_size):
            x_batch = X[:, s:s+batch_size]
            y_batch = Y[:, s:s+batch_size]

            # Passe en avant
            forward_pass_results = model_forward_pass(x_batch, layer_activations, parameters)

            # Calcul de la dérivée du coût par rapport au dernier A
            A_last = forward_pass_results['A' + str(l)]
            dA_last = -(np.divide(y_batch, A_last) - np.divide(1 - y_batch, 1 - A_last))

            # Calcul des gradients - passe en arrière
            gradients = model_backward_pass(dA_last, parameters, forward_pass_results, layer_activations)

            # Descente de gradient
            for i in range(1, l+1):
                parameters['W' + str(i)] -= learning_rate * gradients['dW' + str(i)]
                parameters['b' + str(i)] -= learning_rate * gradients['db' + str(i)]

            # Un peu de debug
            model_result = model_forward_pass(X, layer_activations, parameters)['A' + str(l)]
            cost = np.squeeze(-np.sum(np.log(model_result) * Y + np.log(1 - model_result)))
            costs.append(cost)
            if show_cost : print('Epoch #i: %s' % (e+1, cost))
        return parameters, costs


def train_model_return_corrected(X, Y, layer_dimensions, layer_activations,
                                 learning_rate = 0.01, epochs = 10, batch_size = 64,
                                 show_cost = False):
    """In [13] with `return parameters, costs` dedented out of the epoch loop (nothing else changed)."""
    m = X.shape[1]
    l = len(layer_dimensions)-1
    parameters = {}
    for i in range(1, l+1):
        parameters['W' + str(i)] = np.random.randn(layer_dimensions[i], layer_dimensions[i-1])
        parameters['b' + str(i)] = np.zeros((layer_dimensions[i], 1))
    costs = []
    for e in range(epochs):
        for s in range(0, m, batch_size):
            x_batch = X[:, s:s+batch_size]
            y_batch = Y[:, s:s+batch_size]
            forward_pass_results = model_forward_pass(x_batch, layer_activations, parameters)
            A_last = forward_pass_results['A' + str(l)]
            dA_last = -(np.divide(y_batch, A_last) - np.divide(1 - y_batch, 1 - A_last))
            gradients = model_backward_pass(dA_last, parameters, forward_pass_results, layer_activations)
            for i in range(1, l+1):
                parameters['W' + str(i)] -= learning_rate * gradients['dW' + str(i)]
                parameters['b' + str(i)] -= learning_rate * gradients['db' + str(i)]
            model_result = model_forward_pass(X, layer_activations, parameters)['A' + str(l)]
            cost = np.squeeze(-np.sum(np.log(model_result) * Y + np.log(1 - model_result)))
            costs.append(cost)
            if show_cost : print('Epoch #i: %s' % (e+1, cost))
    return parameters, costs


def train_model_print_corrected(X, Y, layer_dimensions, layer_activations,
                                learning_rate = 0.01, epochs = 10, batch_size = 64,
                                show_cost = False):
    """In [13] with the format string given its missing %: 'Epoch #%i: %s' (nothing else changed)."""
    m = X.shape[1]
    l = len(layer_dimensions)-1
    parameters = {}
    for i in range(1, l+1):
        parameters['W' + str(i)] = np.random.randn(layer_dimensions[i], layer_dimensions[i-1])
        parameters['b' + str(i)] = np.zeros((layer_dimensions[i], 1))
    costs = []
    for e in range(epochs):
        for s in range(0, m, batch_size):
            x_batch = X[:, s:s+batch_size]
            y_batch = Y[:, s:s+batch_size]
            forward_pass_results = model_forward_pass(x_batch, layer_activations, parameters)
            A_last = forward_pass_results['A' + str(l)]
            dA_last = -(np.divide(y_batch, A_last) - np.divide(1 - y_batch, 1 - A_last))
            gradients = model_backward_pass(dA_last, parameters, forward_pass_results, layer_activations)
            for i in range(1, l+1):
                parameters['W' + str(i)] -= learning_rate * gradients['dW' + str(i)]
                parameters['b' + str(i)] -= learning_rate * gradients['db' + str(i)]
            model_result = model_forward_pass(X, layer_activations, parameters)['A' + str(l)]
            cost = np.squeeze(-np.sum(np.log(model_result) * Y + np.log(1 - model_result)))
            costs.append(cost)
            if show_cost : print('Epoch #%i: %s' % (e+1, cost))
        return parameters, costs


def train_model_costs_per_epoch(X, Y, layer_dimensions, layer_activations,
                                learning_rate = 0.01, epochs = 10, batch_size = 64,
                                show_cost = False):
    """In [13] with the return after the epoch loop (train-model-return) and the debug block (cost,
    costs.append, print) moved after the batch loop: one cost per epoch (nothing else changed)."""
    m = X.shape[1]
    l = len(layer_dimensions)-1
    parameters = {}
    for i in range(1, l+1):
        parameters['W' + str(i)] = np.random.randn(layer_dimensions[i], layer_dimensions[i-1])
        parameters['b' + str(i)] = np.zeros((layer_dimensions[i], 1))
    costs = []
    for e in range(epochs):
        for s in range(0, m, batch_size):
            x_batch = X[:, s:s+batch_size]
            y_batch = Y[:, s:s+batch_size]
            forward_pass_results = model_forward_pass(x_batch, layer_activations, parameters)
            A_last = forward_pass_results['A' + str(l)]
            dA_last = -(np.divide(y_batch, A_last) - np.divide(1 - y_batch, 1 - A_last))
            gradients = model_backward_pass(dA_last, parameters, forward_pass_results, layer_activations)
            for i in range(1, l+1):
                parameters['W' + str(i)] -= learning_rate * gradients['dW' + str(i)]
                parameters['b' + str(i)] -= learning_rate * gradients['db' + str(i)]
        model_result = model_forward_pass(X, layer_activations, parameters)['A' + str(l)]
        cost = np.squeeze(-np.sum(np.log(model_result) * Y + np.log(1 - model_result)))
        costs.append(cost)
        if show_cost : print('Epoch #i: %s' % (e+1, cost))
    return parameters, costs


def train_model_output_gradient_corrected(X, Y, layer_dimensions, layer_activations,
                                          learning_rate = 0.01, epochs = 10, batch_size = 64,
                                          show_cost = False):
    """In [13] with the backward pass started from dZ_L = A_L - Y (d_z_last_corrected) instead of
    dA_last = -(Y/A_L - (1 - Y)/(1 - A_L)) (nothing else changed)."""
    m = X.shape[1]
    l = len(layer_dimensions)-1
    parameters = {}
    for i in range(1, l+1):
        parameters['W' + str(i)] = np.random.randn(layer_dimensions[i], layer_dimensions[i-1])
        parameters['b' + str(i)] = np.zeros((layer_dimensions[i], 1))
    costs = []
    for e in range(epochs):
        for s in range(0, m, batch_size):
            x_batch = X[:, s:s+batch_size]
            y_batch = Y[:, s:s+batch_size]
            forward_pass_results = model_forward_pass(x_batch, layer_activations, parameters)
            dZ_last = d_z_last_corrected(forward_pass_results['Z' + str(l)], y_batch)
            gradients = model_backward_pass(np.dot(parameters['W' + str(l)].T, dZ_last), parameters,
                                            forward_pass_results, layer_activations[:-1])
            gradients['dW' + str(l)] = np.dot(dZ_last, forward_pass_results['A' + str(l-1)].T)
            gradients['db' + str(l)] = np.sum(dZ_last, axis=1, keepdims=True)
            for i in range(1, l+1):
                parameters['W' + str(i)] -= learning_rate * gradients['dW' + str(i)]
                parameters['b' + str(i)] -= learning_rate * gradients['db' + str(i)]
            model_result = model_forward_pass(X, layer_activations, parameters)['A' + str(l)]
            cost = np.squeeze(-np.sum(np.log(model_result) * Y + np.log(1 - model_result)))
            costs.append(cost)
            if show_cost : print('Epoch #i: %s' % (e+1, cost))
        return parameters, costs


def bce_cost_corrected(model_result, Y):
    """The binary cross-entropy the debug line means: the (1 - Y) factor restored."""
    return np.squeeze(-np.sum(np.log(model_result) * Y + (1 - Y) * np.log(1 - model_result)))


# --- In [39]: accuracy, as printed ---


def accuracy(x, y, params, layer_activations):
    results = np.argmax(model_forward_pass(x, layer_activations, params)['A'+str(len(layer_activations))], axis = 1)
    return np.mean(results == y)


def accuracy_corrected(x, y, params, layer_activations):
    """argmax over the classes (axis 0: examples are columns)."""
    results = np.argmax(model_forward_pass(x, layer_activations, params)['A'+str(len(layer_activations))], axis = 0)
    return np.mean(results == y)


# --- In [15]: loading, as printed (the two lines the claims judge) ---


def normalise(x_train, x_test):
    """In [15]: the test images standardised with the training means and deviations, as printed."""
    mus = x_train.mean(axis = 0, keepdims = True)
    sigmas = x_train.std (axis = 0, keepdims = True) + 1e-9
    return (x_test -mus)/sigmas


def normalise_corrected(x_train, x_test):
    """A pixel constant over the training images (sigma = 0) left centred, not divided by 1e-9."""
    mus = x_train.mean(axis = 0, keepdims = True)
    sigmas = x_train.std(axis = 0, keepdims = True)
    sigmas = np.where(sigmas == 0, 1, sigmas + 1e-9)
    return (x_test -mus)/sigmas


def one_hot(y_train):
    """In [15]: y_train_mat, as printed."""
    return (y_train == np.arange(10)).astype(int)
