"""001_dde28a00788c0b3a.txt, transcribed: what the captions and sentences state, in the article's
notation (numpy), with the corrections and the statements beyond the document beside them."""

from __future__ import annotations

import numpy as np

# --- dense layer, as printed (vectors; W has one row per neuron) --------------------------------

def layer_output(W, b, x):
    """Figure 9: o = σ(W i + b), σ the ReLU filter the article names ("La fonction la plus fréquemment
    utilisée est appelée ReLU")."""
    return np.maximum(W @ x + b, 0)


def sgd_step(W, b, dW, db, lr):
    """Figures 18 and 23: W ← W − η ∂L/∂W, b ← b − η ∂L/∂b (returned flattened, W then b)."""
    W_new = W - lr * dW
    b_new = b - lr * db
    return np.concatenate([W_new.reshape(-1), b_new])


def rows_reached(I, Wt):
    """Figure 26: in O = I W, o11 and o12 see only the first row of I, o21 and o22 only the second.

    Returned as the dependency matrix D[i, k] = 1 when output row i depends on image row k.
    """
    return np.eye(I.shape[0])


def jacobian_shape(W, b, x):
    """Annexe 5: the Jacobian of f: Rⁿ → Rᵐ has m rows (outputs) and n columns (inputs): R^{m×n}."""
    m, n = W.shape
    return np.array([m, n], dtype=float)


def chain_rule_jacobian(A, a, B, c, x):
    """Annexe 6: J_{g∘f}(x) = J_g(f(x)) J_f(x), for f(x) = relu(A x + a) and g(h) = B h + c.

    J_f = diag(1[Ax + a > 0]) A and J_g = B are the Jacobians of Annexe 5 for these two layers.
    """
    J_f = np.diag((A @ x + a > 0).astype(float)) @ A
    J_g = B
    return J_g @ J_f


def dense_forward(W, b, x):
    """Annexe 8: f(x) = W x + b."""
    return W @ x + b


def augment(W, b, x):
    """Annexe 11: "On ajoute un 1 à la fin de x, [...] on ajoute une colonne à W qui est égale à b"."""
    W_star = np.concatenate([W, b[:, None]], axis=1)
    x_star = np.append(x, 1.0)
    return W_star, x_star


def augmented_forward(W, b, x):
    """Annexe 11: f(x) = W* x*."""
    W_star, x_star = augment(W, b, x)
    return W_star @ x_star


def augmented_jacobian_shape_as_printed(W_star, x):
    """Annexe 11: "on considère f comme une fonction de R(n+1)xm dans Rm. La Jacobienne sera donc de
    dimension Rmx(n+1)xm"."""
    n = x.shape[0]
    m = W_star.shape[0]
    return np.array([m, n + 1, m], dtype=float)


def augmented_jacobian_shape(W_star, x):
    """W* ∈ R^{m×(n+1)} (W with b appended as a column), so ∂f/∂W* ∈ R^{m×m×(n+1)}."""
    n = x.shape[0]
    m = W_star.shape[0]
    return np.array([m, m, n + 1], dtype=float)


def augmented_partial(W_star, x):
    """Annexes 14 and 15: ∂f_i/∂w_kl = δ_ik x*_l (a cube whose layers are diagonal matrices x*_l I)."""
    x_star = np.append(x, 1.0)
    m = W_star.shape[0]
    delta = np.eye(m)
    return delta[:, :, None] * x_star[None, None, :]


def dense_input_gradient(grad, W, b, x):
    """Beyond the text: the gradient the backward returns to the previous layer, ∂L/∂x = Wᵀ ∇L."""
    return {"x": W.T @ grad}


# --- convolution, as printed (valid cross-correlation, stride 1, one channel) ---------------------

def conv_forward(I, K):
    """Figure 32 (and Annexe 19bis): O(x, y) = Σ_i Σ_j K(i, j) I(x + i, y + j).

    x runs along the width nw, y along the height nh; arrays are stored [row, column] = [y, x].
    """
    nh, nw = I.shape
    kh, kw = K.shape
    O = np.zeros((nh - kh + 1, nw - kw + 1))
    for y in range(nh - kh + 1):
        for x in range(nw - kw + 1):
            O[y, x] = sum(K[j, i] * I[y + j, x + i] for i in range(kw) for j in range(kh))
    return O


def conv_forward_3x3(X, W):
    """Figure 34: the four outputs of a 2×2 kernel on a 3×3 image, written out."""
    x = lambda i, j: X[i - 1, j - 1]  # noqa: E731  (1-based, as printed)
    w = lambda k, l: W[k - 1, l - 1]  # noqa: E731
    o11 = w(1, 1) * x(1, 1) + w(1, 2) * x(1, 2) + w(2, 1) * x(2, 1) + w(2, 2) * x(2, 2)
    o12 = w(1, 1) * x(1, 2) + w(1, 2) * x(1, 3) + w(2, 1) * x(2, 2) + w(2, 2) * x(2, 3)
    o21 = w(1, 1) * x(2, 1) + w(1, 2) * x(2, 2) + w(2, 1) * x(3, 1) + w(2, 2) * x(3, 2)
    o22 = w(1, 1) * x(2, 2) + w(1, 2) * x(2, 3) + w(2, 1) * x(3, 2) + w(2, 2) * x(3, 3)
    return np.array([[o11, o12], [o21, o22]])


def conv_kernel_gradient_as_conv(grad, X, K):
    """Figures 35 and 36: the same computation as the forward pass, with the backpropagated
    partials ∂L/∂O in place of the kernel weights: ∂L/∂K = conv(X, ∂L/∂O)."""
    return {"K": conv_forward(X, grad)}


def im2col(X, kh, kw):
    """Annexe 20: one row per output pixel, the vectorised kh×kw neighbourhood of that pixel."""
    H, Wd = X.shape
    return np.array([X[i:i + kh, j:j + kw].reshape(-1)
                     for i in range(H - kh + 1) for j in range(Wd - kw + 1)])


def conv_im2col(X, K):
    """Annexes 20 and 21: o_ij = vec(W) · vec(x_ij), all pixels at once as im2col(X) · vec(W)."""
    kh, kw = K.shape
    oh, ow = X.shape[0] - kh + 1, X.shape[1] - kw + 1
    return (im2col(X, kh, kw) @ K.reshape(-1)).reshape(oh, ow)


def conv_kernel_gradient_2x2(grad, X, W):
    """Annexe 24: ∂L/∂w_kl = Σ_ij ∂L/∂o_ij x_{i+k-1, j+l-1} for a 2×2 kernel on a 3×3 image, written out."""
    x = lambda i, j: X[i - 1, j - 1]  # noqa: E731
    g = lambda i, j: grad[i - 1, j - 1]  # noqa: E731
    dw11 = g(1, 1) * x(1, 1) + g(1, 2) * x(1, 2) + g(2, 1) * x(2, 1) + g(2, 2) * x(2, 2)
    dw12 = g(1, 1) * x(1, 2) + g(1, 2) * x(1, 3) + g(2, 1) * x(2, 2) + g(2, 2) * x(2, 3)
    dw21 = g(1, 1) * x(2, 1) + g(1, 2) * x(2, 2) + g(2, 1) * x(3, 1) + g(2, 2) * x(3, 2)
    dw22 = g(1, 1) * x(2, 2) + g(1, 2) * x(2, 3) + g(2, 1) * x(3, 2) + g(2, 2) * x(3, 3)
    return {"W": np.array([[dw11, dw12], [dw21, dw22]])}


def conv_input_gradient(grad, X, K):
    """Beyond the text: ∂L/∂X is the full convolution of ∂L/∂O with the kernel flipped in both axes
    (∂L/∂O zero-padded by kh−1, kw−1 on each side, then the printed forward with K[::-1, ::-1])."""
    kh, kw = K.shape
    padded = np.pad(grad, ((kh - 1, kh - 1), (kw - 1, kw - 1)))
    return {"X": conv_forward(padded, K[::-1, ::-1])}


# --- softmax and cross-entropy, as printed ------------------------------------------------------

def cross_entropy(yhat, y):
    """Figure 13 (and Annexe 27): L(ŷ, y) = −Σ_{i=1}^{C} y_i log ŷ_i, one value per row."""
    return -np.sum(y * np.log(yhat), axis=-1)


def softmax(theta):
    """softmax(θ)_i = e^{θ_i} / Σ_j e^{θ_j}: the catalogue's reading of the standard softmax the article names (its
    Annexe 28 is an image), used by the gradients below."""
    e = np.exp(theta)
    return e / np.sum(e, axis=-1, keepdims=True)


def ce_gradient(grad, theta, y):
    """Annexes 31 and 32: ∂L/∂θ = p − y."""
    p = softmax(theta)
    return {"theta": grad[:, None] * (p - y)}
