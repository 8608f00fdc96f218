"""001_dde28a00788c0b3a.txt, the sentences of its annex (lines 345-594) transcribed as printed.

As in ``printed_sentences``: each function states what one sentence says (a shape, an order, an operation),
as literally as the French allows, wrong statements included, each correction beside what it corrects.
"""

from __future__ import annotations

import itertools

import numpy as np

from reference.cnn_from_scratch import printed as p

# --- Le gradient chaîné -------------------------------------------------------------------------


def composed_layers(P1, b1, P2, b2, P3, b3, x):
    """« La succession des 3 couches F3 ∘ F2 ∘ F1 est notée F »: F(x) = F3(F2(F1(x))), F_k = relu(P_k · + b_k)."""
    F1 = np.maximum(P1 @ x + b1, 0.0)
    F2 = np.maximum(P2 @ F1 + b2, 0.0)
    return np.maximum(P3 @ F2 + b3, 0.0)


def normal_equation(X, y):
    """« (comme l’équation normale pour une régression linéaire) »: the closed form w = (XᵀX)⁻¹ Xᵀ y."""
    return np.linalg.inv(X.T @ X) @ X.T @ y


def full_dataset_gradient(X, y, w, batch):
    """« il est impossible de faire le calcul du gradient sur tout le dataset d’entrée (sauf très petits volumes de
    données) »: no value (NaN) for the gradient of Σ (x·w − y)² over the whole dataset."""
    return np.full(w.shape, np.nan)


def full_dataset_gradient_by_batches(X, y, w, batch):
    """Correction: the full gradient is the sum of the batches' gradients, accumulated one batch at a time."""
    total = np.zeros(w.shape)
    for start in range(0, X.shape[0], batch):
        Xb, yb = X[start:start + batch], y[start:start + batch]
        total = total + 2.0 * Xb.T @ (Xb @ w - yb)
    return total


def expected_iid_batch_gradient(X, y, w, B):
    """« L’hypothèse nécessaire est que les échantillons dans les batchs soient iid »: the mean, over every batch of B
    samples drawn independently and uniformly from the dataset, of the batch's mean gradient of (x·w − y)²."""
    N = X.shape[0]
    batches = list(itertools.product(range(N), repeat=B))
    total = np.zeros(w.shape)
    for batch in batches:
        Xb, yb = X[list(batch)], y[list(batch)]
        total = total + 2.0 * Xb.T @ (Xb @ w - yb) / B
    return total / len(batches)


def layer_gradient_from_next(A, B, x, g):
    """« on a besoin du gradient de la couche suivante pour calculer le gradient de la couche courante »: the next layer
    (B ·) returns Bᵀ g, from which the current layer (relu(A x)) gets ∂L/∂A."""
    from_next = B.T @ g
    return np.outer(from_next * (A @ x > 0), x)


def weight_gradient_from_factors(P, h, g):
    """« ∂L/∂Fi est le gradient rétro-propagé et ∂Fi/∂Pi est le gradient local de la couche »: ∂L/∂P is ∂L/∂F (g)
    times the local Jacobian ∂F/∂P of F = P h, whose entry (a, b, c) is δ_ab h_c."""
    local = np.eye(P.shape[0])[:, :, None] * h[None, None, :]
    return np.tensordot(g, local, axes=1)


def matrix_derivative(P, h, g):
    """« on peut calculer directement la dérivée par rapport à la matrice de poids P »: ∂L/∂P in one matrix
    operation, for L with ∂L/∂(P h) = g."""
    return np.outer(g, h)


# --- Calcul différentiel ------------------------------------------------------------------------


def jacobian_of_g(A, a, B, c, x):
    """« Pour une fonction g : x ⟼ g∘f(x), on a: » (f = relu(A · + a), g = B · + c): the Jacobian of the map the
    letter g names, J_g(x) = B."""
    return B


def jacobian_of_conjugate(A, a, B, c, x):
    """Annexe 6, « Décomposition de la matrice Jacobienne d’une fonction conjuguée »: the Jacobian of the conjugate
    g ∘ f ∘ g⁻¹ (f = relu(A · + a), g = B · + c), J_g(f(g⁻¹(x))) J_f(g⁻¹(x)) J_{g⁻¹}(x)."""
    B_inv = np.linalg.inv(B)
    u = B_inv @ (x - c)
    J_f = np.diag((A @ u + a > 0).astype(float)) @ A
    return B @ J_f @ B_inv


# --- Les tenseurs -------------------------------------------------------------------------------


def rgb_image_shape(R, G, B):
    """« Elle est donc représentée par un cube, soit un élément de Rnxmx3 »: the three n×m channels stacked, (n, m, 3)."""
    return np.array([R.shape[0], R.shape[1], 3], dtype=float)


def backward_tensor_products(A, B, x, g):
    """« un calcul de produits tensoriels (extension du produit matriciel) qui “coulent” dans le sens inverse du
    signal »: ∂L/∂A for B relu(A x), contracting g with the layers' Jacobians from the output back to A (the local
    Jacobian of A x with respect to A is of order 3)."""
    h = A @ x
    d = np.tensordot(g, B, axes=1) * (h > 0)
    local = np.eye(A.shape[0])[:, :, None] * x[None, None, :]
    return np.tensordot(d, local, axes=1)


# --- Détails du calcul pour une couche complètement connectée -----------------------------------


def backward_needs_input(W, b, x, g):
    """« L’entrée x est gardée en mémoire car elle est nécessaire pendant la rétro-propagation »: ∂L/∂W depends on x."""
    return np.array([1.0])


def dense_parameters(n, m):
    """« Une couche complètement connectée comporte deux paramètres W et b »: 2 parameters, W (m×n) and b (m)."""
    return np.array([2, m, n, m], dtype=float)


def next_layer_backward(u, W2, b2, g):
    """« ∂L/∂f est rétro-propagé par la couche suivante »: the next layer (W2 relu(·) + b2) returns ∂L/∂f at f = u."""
    return (W2.T @ g) * (u > 0)


def order_of_f(W, b, x):
    """« Qui est un élément de la matrice f(x) »: f(x) read as a matrix, order 2."""
    return np.array([2.0])


def order_of_f_corrected(W, b, x):
    """Correction: f(x) = W x + b ∈ Rm is a vector, order 1."""
    return np.array([1.0])


def order_of_weight_gradient(W_star, x, g):
    """« On peut donc calculer les éléments de [∂L/∂W*] qui est un tenseur d’ordre 4 »."""
    return np.array([4.0])


def order_of_weight_gradient_corrected(W_star, x, g):
    """Correction: the gradient of the scalar L with respect to the m×(n+1) matrix W* is a matrix, order 2."""
    return np.array([2.0])


def weight_gradient_as_dot(W_star, x, g):
    """« il s’agit du produit scalaire entre le gradient rétro-propagé ∂L/∂f et l’input x de la couche »: every entry of
    ∂L/∂W* is the dot product ∂L/∂f · x* (defined only when m = n + 1)."""
    x_star = np.append(x, 1.0)
    return np.full(W_star.shape, np.dot(g, x_star))


def weight_gradient_as_outer(W_star, x, g):
    """Correction, the outer product: ∂L/∂W* = ∂L/∂f x*ᵀ."""
    x_star = np.append(x, 1.0)
    return np.outer(g, x_star)


# --- Détails du calcul pour une couche de convolution -------------------------------------------


def conv_output_order(X, K):
    """« L’entrée d’une couche de convolution est une matrice X [...] et la sortie est une matrice O »: order 2."""
    return np.array([2.0])


def vectorised_kernel(K):
    """« le kernel vectorisé W ∈ Rk×l »: an element of Rk×l (order 2, k·l entries)."""
    return np.array([2.0, K.size])


def vectorised_kernel_corrected(K):
    """Correction: vectorising a k×l kernel gives a vector of R^{kl} (order 1, k·l entries)."""
    return np.array([1.0, K.size])


def conv_backward_needs_input(X, K, G):
    """« l’entrée est gardée en mémoire pour la rétro-propagation »: ∂L/∂K depends on X."""
    return np.array([1.0])


def conv_jacobian_order(X, K):
    """« La dérivée partielle ∂O/∂W est un tenseur d’ordre 4 »."""
    return np.array([4.0])


def update_kernel(X, K, G, lr):
    """« mettre à jour chaque poids wkl du kernel. Pour cela on a besoin de la dérivée partielle ∂L/∂W »: w_kl ←
    w_kl − lr ∂L/∂w_kl, with ∂L/∂w_kl = Σ_ij ∂L/∂o_ij x_{i+k, j+l} (0-based here)."""
    kh, kw = K.shape
    oh, ow = G.shape
    out = K.copy()
    for k in range(kh):
        for l in range(kw):
            out[k, l] = K[k, l] - lr * np.sum(G * X[k:k + oh, l:l + ow])
    return out


def kernel_gradient_im2col(grad, X, K):
    """« on peut calculer les dérivées partielles de la même façon qu’on a fait la propagation avant avec l’astuce
    im2col »: ∂L/∂K = im2col(X)ᵀ vec(∂L/∂O), reshaped like K."""
    kh, kw = K.shape
    return {"K": (p.im2col(X, kh, kw).T @ grad.reshape(-1)).reshape(kh, kw)}


# --- Dérivée partielle de la fonction objectif --------------------------------------------------


def softmax_probabilities(theta):
    """« La fonction softmax permet d’obtenir des probabilités à partir des sorties du réseau de neurones »: per row,
    (every entry ≥ 0, every entry ≤ 1, the sum of the entries) of softmax(θ)."""
    q = p.softmax(theta)
    return np.stack([(q >= 0).all(axis=-1), (q <= 1).all(axis=-1), q.sum(axis=-1)], axis=-1).astype(float)


def output_levels(theta):
    """« Notons ces niveaux θi, ∀i ∈ {1,…,C} »: one level per category, indexed 1 to C."""
    return np.arange(1, theta.shape[-1] + 1, dtype=float)


def output_layer_gradient(W, h, y):
    """« Cette dérivée partielle est le premier élément du gradient chaîné pour la rétro-propagation »: the chain starts
    from ∂L/∂θ = p − y; the output layer θ = W h gets ∂L/∂W = (p − y) hᵀ."""
    q = p.softmax(W @ h)
    return np.outer(q - y, h)
