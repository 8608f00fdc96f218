"""001_dde28a00788c0b3a.txt: "Implémente moi un CNN" (blog article, author not named).

Every formula and every code listing of the article was an image: the text keeps only the
captions ("Figure 24: Expression des dérivées partielles en fonction du gradient rétro-propagé")
and the sentences around them.  Each claim quotes the caption or the sentence that says what
the image states, and transcribes that statement in the article's notation: W has one row per
neuron ("W est une matrice dont chaque ligne représente les poids d'un neurone"), a layer is
f(x) = Wx + b on a single vector x, a convolution is the valid cross-correlation
O(x, y) = sum_i sum_j K(i, j) I(x + i, y + j) (stride 1, one channel, no kernel flip), and the
cross-entropy is L = -sum_i y_i log(p_i) with p = softmax(theta).  Where the text itself states
something checkable and wrong (the shape of W* in Annexe 11) the claim keeps it and carries the
correction.  Section headings are quoted as printed.

Two statements the article leaves to its (image) code are added and marked beyond_document:
the input gradient of a dense layer and the input gradient of a convolution (a full
convolution with the flipped kernel).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from oracle.checks import ValueCheck, VJPCheck
from oracle.claims import Condition, Form, Kind, Source, Status, claim
from oracle.domains import EDGES, reals
from oracle.forms import vjp
from reference import Document

DOCUMENT = Document(
    id="cnn-from-scratch",
    file="001_dde28a00788c0b3a.txt",
    title="Implémente moi un CNN",
    author="blog article (author not named)",
    year="",
)
_FILE = DOCUMENT.file
_FORMAL = "Tenue formelle exigée"
_BACKPROP = "What goes around, comes around: la rétro-propagation"
_DENSE_MAIN = "Application aux couches complètement connectées"
_FLATTEN = "Connecté mais plus branché"
_CONV_MAIN = "Trêve de circonvolutions"
_CONV_3X3 = "Une convolution peut en cacher une autre"
_CALCULUS = "Calcul différentiel"
_DENSE = "Détails du calcul pour une couche complètement connectée"
_CONV = "Détails du calcul pour une couche de convolution"
_OBJECTIVE = "Dérivée partielle de la fonction objectif"

#: Edge values for weights, inputs and pixels: exact zeros (a dead ReLU, a zero pixel).
_VALUE_EDGES = EDGES["kink"]
#: Logits: saturation, and the ~50 the brief asks for (e^50 does not overflow).
_LOGIT_EDGES = EDGES["kink"] + EDGES["saturation"] + (-50.0, 50.0)


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


def dense_backward(grad, W, b, x):
    """Figure 24 (and Annexe 17): ∂L/∂W = ∇L xᵀ, ∂L/∂b = ∇L."""
    return {"W": np.outer(grad, x), "b": grad}


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


def augmented_weight_gradient(grad, W_star, x):
    """Annexe 16: ∂L/∂w_kl = Σ_i ∂L/∂f_i δ_ik x*_l (element by element; Annexe 17 writes it ∇L x*ᵀ)."""
    x_star = np.append(x, 1.0)
    m, n1 = W_star.shape
    out = np.zeros((m, n1))
    for k in range(m):
        for l in range(n1):
            out[k, l] = sum(grad[i] * (1.0 if i == k else 0.0) * x_star[l] for i in range(m))
    return {"W_star": out}


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


def conv_output_partial(X, K):
    """Annexe 22: ∂o_ij/∂w_kl = x_{i+k, j+l} (∂O/∂W, "un tenseur d'ordre 4")."""
    kh, kw = K.shape
    oh, ow = X.shape[0] - kh + 1, X.shape[1] - kw + 1
    J = np.zeros((oh, ow, kh, kw))
    for i in range(oh):
        for j in range(ow):
            for k in range(kh):
                for l in range(kw):
                    J[i, j, k, l] = X[i + k, j + l]
    return J


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
    """Annexe 28: softmax(θ)_i = e^{θ_i} / Σ_j e^{θ_j}."""
    e = np.exp(theta)
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_shifted(theta):
    """The same quotient with max θ subtracted first: e^{θ_i − max θ} never overflows."""
    e = np.exp(theta - np.max(theta, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def ce_gradient_general(grad, theta, y):
    """Annexe 30: ∂L/∂θ_k = −y_k + p_k Σ_i y_i (the line before Σ y_i = 1 is used)."""
    p = softmax(theta)
    return {"theta": grad[:, None] * (-y + p * np.sum(y, axis=-1, keepdims=True))}


def ce_gradient(grad, theta, y):
    """Annexes 31 and 32: ∂L/∂θ = p − y."""
    p = softmax(theta)
    return {"theta": grad[:, None] * (p - y)}


# --- torch references (torch's own ops, never a port of the printed formula) ---------------------

def _dense_ref(W, b, x):
    return F.linear(x, W, b)


def _augmented_ref(W_star, x):
    n = x.shape[0]
    return F.linear(x, W_star[:, :n], W_star[:, n])


def _sgd_ref(W, b, dW, db, lr):
    Wp = W.detach().clone().requires_grad_(True)
    bp = b.detach().clone().requires_grad_(True)
    Wp.grad, bp.grad = dW.detach().clone(), db.detach().clone()
    torch.optim.SGD([Wp, bp], lr=float(lr)).step()
    return torch.cat([Wp.detach().reshape(-1), bp.detach()])


def _rows_ref(I, Wt):
    J = torch.autograd.functional.jacobian(lambda img: torch.matmul(img, Wt), I)  # (r, q, r, c)
    return (J != 0).any(dim=3).any(dim=1).to(torch.float64)


def _jacobian_shape_ref(W, b, x):
    J = torch.autograd.functional.jacobian(lambda v: F.linear(v, W, b), x)
    return torch.tensor(J.shape, dtype=torch.float64)


def _chain_ref(A, a, B, c, x):
    return torch.autograd.functional.jacobian(lambda v: F.linear(torch.relu(F.linear(v, A, a)), B, c), x)


def _augmented_jacobian_ref(W_star, x):
    return torch.autograd.functional.jacobian(lambda Ws: _augmented_ref(Ws, x), W_star)


def _conv_ref(X, K):
    return F.conv2d(X[None, None], K[None, None])[0, 0]


def _conv_jacobian_ref(X, K):
    return torch.autograd.functional.jacobian(lambda k: _conv_ref(X, k), K)


def _cross_entropy_ref(yhat, y):
    # Cross-entropy against soft targets; on the simplex log_softmax(log ŷ) = log ŷ exactly up to rounding.
    return F.cross_entropy(torch.log(yhat), y, reduction="none")


def _ce_logits_ref(theta, y):
    # -Σ y log_softmax(θ) for any y (torch does not require the targets to sum to one).
    return F.cross_entropy(theta, y, reduction="none")


# --- domains ------------------------------------------------------------------------------------

def _vals(shape, low=-10.0, high=10.0):
    return reals(shape=shape, low=low, high=high, edges=_VALUE_EDGES)


@st.composite
def _dense_case(draw: st.DrawFn) -> dict[str, Any]:
    m, n = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    return {"W": draw(_vals((m, n))), "b": draw(_vals((m,))), "x": draw(_vals((n,)))}


@st.composite
def _sgd_case(draw: st.DrawFn) -> dict[str, Any]:
    m, n = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    return {"W": draw(_vals((m, n))), "b": draw(_vals((m,))), "dW": draw(_vals((m, n))),
            "db": draw(_vals((m,))), "lr": draw(st.one_of(st.floats(1e-4, 1.0), st.sampled_from([0.01, 0.1, 1.0])))}


@st.composite
def _rows_case(draw: st.DrawFn) -> dict[str, Any]:
    r, c, q = draw(st.integers(1, 6)), draw(st.integers(1, 6)), draw(st.integers(1, 6))
    mag = st.floats(0.5, 2.0)
    nonzero = st.one_of(mag, mag.map(lambda v: -v))  # an all-zero W would cut every row off
    return {"I": draw(_vals((r, c))), "Wt": draw(hnp.arrays(np.float64, (c, q), elements=nonzero))}


@st.composite
def _chain_case(draw: st.DrawFn) -> dict[str, Any]:
    n, m, p = draw(st.integers(1, 8)), draw(st.integers(1, 8)), draw(st.integers(1, 8))
    return {"A": draw(_vals((m, n))), "a": draw(_vals((m,))), "B": draw(_vals((p, m))), "c": draw(_vals((p,))),
            "x": draw(_vals((n,)))}


@st.composite
def _augmented_case(draw: st.DrawFn) -> dict[str, Any]:
    m, n = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    return {"W_star": draw(_vals((m, n + 1))), "x": draw(_vals((n,)))}


@st.composite
def _conv_case(draw: st.DrawFn, *, image: str = "X", kernel: str = "K") -> dict[str, Any]:
    h, w = draw(st.integers(2, 7)), draw(st.integers(2, 7))
    kh, kw = draw(st.integers(1, min(4, h))), draw(st.integers(1, min(4, w)))
    return {image: draw(_vals((h, w))), kernel: draw(_vals((kh, kw)))}


def _conv_3x3(kernel: str) -> Any:
    return lambda: st.fixed_dictionaries({"X": _vals((3, 3)), kernel: _vals((2, 2))})


@st.composite
def _simplex(draw: st.DrawFn, shape: tuple[int, int], *, one_hot: bool) -> np.ndarray:
    """Rows on the probability simplex: one-hot labels, or normalised positive weights."""
    b, c = shape
    if one_hot and draw(st.booleans()):
        idx = draw(st.lists(st.integers(0, c - 1), min_size=b, max_size=b))
        return np.eye(c)[idx]
    w = draw(reals(shape=shape, low=1e-12, high=1.0, edges=(1e-12, 1e-6, 1.0)))
    return w / w.sum(axis=-1, keepdims=True)


@st.composite
def _probabilities_case(draw: st.DrawFn) -> dict[str, Any]:
    b, c = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    return {"yhat": draw(_simplex((b, c), one_hot=False)), "y": draw(_simplex((b, c), one_hot=True))}


@st.composite
def _logits(draw: st.DrawFn, shape: tuple[int, int], low: float = -50.0, high: float = 50.0) -> np.ndarray:
    return draw(reals(shape=shape, low=low, high=high, edges=_LOGIT_EDGES))


@st.composite
def _softmax_case(draw: st.DrawFn) -> dict[str, Any]:
    b, c = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    return {"theta": draw(_logits((b, c)))}


@st.composite
def _softmax_overflow_case(draw: st.DrawFn) -> dict[str, Any]:
    """Every logit beyond 709.78 (e^θ overflows) or below −745 (e^θ underflows to 0)."""
    b, c = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    if draw(st.booleans()):
        return {"theta": draw(reals(shape=(b, c), low=710.0, high=1e3, edges=(710.0, 745.0)))}
    return {"theta": draw(reals(shape=(b, c), low=-1e3, high=-750.0, edges=(-750.0,)))}


@st.composite
def _ce_case(draw: st.DrawFn, *, targets: str) -> dict[str, Any]:
    """Logits and targets: 'simplex' rows sum to one; 'unnormalised' rows do not; 'any' is both."""
    b, c = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    theta = draw(_logits((b, c)))
    kind = draw(st.sampled_from(["simplex", "unnormalised"])) if targets == "any" else targets
    y = draw(_simplex((b, c), one_hot=True))
    if kind == "unnormalised":
        # a label distribution scaled by s ∉ (0.5, 1.5): Σ y ≠ 1 on every row
        scale = draw(st.one_of(st.floats(1.5, 5.0), st.floats(0.0, 0.5)))
        y = y * scale
    return {"theta": theta, "y": y}


_DENSE_VJP = dict(reference=_dense_ref, domain=_dense_case, analytic=True)

CLAIMS = [
    claim(
        "cnn-from-scratch/layer-output",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(_FILE, _FORMAL, "Figure 9: sortie d’une couche complètement connectée"),
        check=ValueCheck(reference=lambda W, b, x: torch.relu(F.linear(x, W, b)), domain=_dense_case),
        printed=Form(r"\mathbf{o} = \sigma(W\mathbf{i} + \mathbf{b}),\ \sigma = \text{ReLU}", layer_output),
    ),
    claim(
        "cnn-from-scratch/cross-entropy",
        kind=Kind.DEFINITION,
        family="softmax-ce",
        source=Source(_FILE, _BACKPROP, "Figure 13: Expression de l’entropie croisée entre un vecteur de prédictions"),
        check=ValueCheck(reference=_cross_entropy_ref, domain=_probabilities_case),
        printed=Form(r"L(\hat{\mathbf{y}}, \mathbf{y}) = -\sum_{i=1}^{C} y_i \log \hat{y}_i", cross_entropy),
    ),
    claim(
        "cnn-from-scratch/sgd-step",
        kind=Kind.DEFINITION,
        family="algorithm",
        source=Source(_FILE, _DENSE_MAIN, "Figure 23: SGD appliqué à la matrice de poids et au vecteur de biais"),
        check=ValueCheck(reference=_sgd_ref, domain=_sgd_case),
        printed=Form(r"W \leftarrow W - \eta \frac{\partial L}{\partial W},\quad "
                     r"\mathbf{b} \leftarrow \mathbf{b} - \eta \frac{\partial L}{\partial \mathbf{b}}", sgd_step),
    ),
    claim(
        "cnn-from-scratch/dense-backward",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(_FILE, _DENSE_MAIN, "Figure 24: Expression des dérivées partielles en fonction du gradient rétro-propagé"),
        check=VJPCheck(wrt=("W", "b"), **_DENSE_VJP),
        printed=Form(r"\frac{\partial L}{\partial W} = \nabla L\, \mathbf{x}^\top,\quad "
                     r"\frac{\partial L}{\partial \mathbf{b}} = \nabla L", vjp(dense_backward)),
    ),
    claim(
        "cnn-from-scratch/image-rows",
        kind=Kind.DERIVATION,
        family="dense",
        source=Source(_FILE, _FLATTEN,
                      "o11 et o12 ne prennent en compte que la première ligne de l’image, et o21 et o22 que la deuxième"),
        check=ValueCheck(reference=_rows_ref, domain=_rows_case),
        printed=Form(r"O = IW:\ o_{ij} \text{ depends on row } i \text{ of } I \text{ only}", rows_reached),
    ),
    claim(
        "cnn-from-scratch/conv-forward",
        kind=Kind.DEFINITION,
        family="conv",
        source=Source(_FILE, _CONV_MAIN,
                      "Figure 32: Expression du pixel de sortie (x,y) d’une couche de convolution en fonction de l’image et du kernel"),
        check=ValueCheck(reference=lambda I, K: _conv_ref(I, K), domain=lambda: _conv_case(image="I")),
        printed=Form(r"O(x, y) = \sum_{i}\sum_{j} K(i, j)\, I(x + i, y + j)", conv_forward),
    ),
    claim(
        "cnn-from-scratch/conv-forward-3x3",
        kind=Kind.DEFINITION,
        family="conv",
        source=Source(_FILE, _CONV_3X3, "Figure 34: Expression des valeurs de sortie d’une couche de convolution 2×2"),
        check=ValueCheck(reference=lambda X, W: _conv_ref(X, W), domain=_conv_3x3("W")),
        printed=Form(r"o_{11} = w_{11}x_{11} + w_{12}x_{12} + w_{21}x_{21} + w_{22}x_{22},\ \dots", conv_forward_3x3),
    ),
    claim(
        "cnn-from-scratch/conv-kernel-gradient",
        kind=Kind.BACKWARD,
        family="conv",
        source=Source(_FILE, _CONV_3X3,
                      "Il s’agit du même calcul que la propagation avant, excepté les poids du filtre qui sont cette "
                      "fois ci égaux aux dérivées partielles rétro-propagées."),
        check=VJPCheck(reference=_conv_ref, domain=_conv_case, wrt=("K",), analytic=True),
        printed=Form(r"\frac{\partial L}{\partial K} = \operatorname{conv}\!\left(X, \frac{\partial L}{\partial O}\right)",
                     vjp(conv_kernel_gradient_as_conv)),
    ),
    claim(
        "cnn-from-scratch/jacobian-shape",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(_FILE, _CALCULUS, "Dans ce cas c’est donc Rmxn."),
        check=ValueCheck(reference=_jacobian_shape_ref, domain=_dense_case),
        printed=Form(r"J_f \in \mathbb{R}^{m \times n} \text{ for } f: \mathbb{R}^n \to \mathbb{R}^m", jacobian_shape),
    ),
    claim(
        "cnn-from-scratch/jacobian-chain-rule",
        kind=Kind.DERIVATION,
        family="dense",
        source=Source(_FILE, _CALCULUS, "L’application du gradient chaîné revient donc à multiplier les Jacobiennes."),
        check=ValueCheck(reference=_chain_ref, domain=_chain_case),
        printed=Form(r"J_{g \circ f}(\mathbf{x}) = J_g(f(\mathbf{x}))\, J_f(\mathbf{x})", chain_rule_jacobian),
    ),
    claim(
        "cnn-from-scratch/dense-forward",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(_FILE, _DENSE, "Annexe 8: Propagation avant d’une couche complètement connectée"),
        check=ValueCheck(reference=_dense_ref, domain=_dense_case),
        printed=Form(r"f(\mathbf{x}) = W\mathbf{x} + \mathbf{b}", dense_forward),
    ),
    claim(
        "cnn-from-scratch/augmented-forward",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(_FILE, _DENSE,
                      "On ajoute un 1 à la fin de x, qu’on notera maintenant x* et on ajoute une colonne à W qui est "
                      "égale à b, on notera la nouvelle matrice W*."),
        check=ValueCheck(reference=_dense_ref, domain=_dense_case),
        printed=Form(r"f(\mathbf{x}) = W^{*}\mathbf{x}^{*},\ W^{*} = [W \mid \mathbf{b}],\ "
                     r"\mathbf{x}^{*} = (\mathbf{x}, 1)", augmented_forward),
    ),
    claim(
        "cnn-from-scratch/augmented-jacobian-shape",
        kind=Kind.DERIVATION,
        family="dense",
        source=Source(_FILE, _DENSE,
                      "on considère f comme une fonction de R(n+1)xm dans Rm. La Jacobienne sera donc de dimension "
                      "Rmx(n+1)xm, c’est donc un tenseur d’ordre 3."),
        check=ValueCheck(reference=lambda W_star, x: torch.tensor(_augmented_jacobian_ref(W_star, x).shape,
                                                                  dtype=torch.float64),
                         domain=_augmented_case),
        printed=Form(r"f: \mathbb{R}^{(n+1)\times m} \to \mathbb{R}^m,\ "
                     r"\frac{\partial f}{\partial W^{*}} \in \mathbb{R}^{m\times(n+1)\times m}",
                     augmented_jacobian_shape_as_printed),
        expect=Status.ERRATUM,
        correction=Form(r"f: \mathbb{R}^{m\times(n+1)} \to \mathbb{R}^m,\ "
                        r"\frac{\partial f}{\partial W^{*}} \in \mathbb{R}^{m\times m\times(n+1)}",
                        augmented_jacobian_shape),
        explanation=("W has one row per neuron and W* is W with b appended as a column, so W* is m×(n+1), yet the "
                     "text says f goes 'de R(n+1)xm dans Rm' and its Jacobian is 'Rmx(n+1)xm' (in the article's own "
                     "rows×columns notation), transposing W*: the Jacobian is m×m×(n+1)."),
    ),
    claim(
        "cnn-from-scratch/augmented-partial",
        kind=Kind.DERIVATION,
        family="dense",
        source=Source(_FILE, _DENSE, "C’est un cube dont chaque couche est une matrice diagonale égale à un élément de x"),
        check=ValueCheck(reference=_augmented_jacobian_ref, domain=_augmented_case),
        printed=Form(r"\frac{\partial f_i}{\partial w_{kl}} = \delta_{ik}\, x^{*}_l", augmented_partial),
    ),
    claim(
        "cnn-from-scratch/augmented-weight-gradient",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(_FILE, _DENSE,
                      "Annexe 16: Dérivée partielle de la fonction objectif par rapport à la matrice de poids d’une "
                      "couche complètement connectée"),
        check=VJPCheck(reference=_augmented_ref, domain=_augmented_case, wrt=("W_star",), analytic=True),
        printed=Form(r"\frac{\partial L}{\partial w_{kl}} = \sum_i \frac{\partial L}{\partial f_i}\, \delta_{ik}\, x^{*}_l"
                     r" = \left(\nabla L\, \mathbf{x}^{*\top}\right)_{kl}", vjp(augmented_weight_gradient)),
    ),
    claim(
        "cnn-from-scratch/dense-input-gradient",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(_FILE, _DENSE,
                      "La rétro-propagation doit retourner le gradient rétro-propagé pour que les couches précédentes "
                      "puissent l’utiliser à leurs tours."),
        check=VJPCheck(wrt=("x",), **_DENSE_VJP),
        printed=Form(r"\frac{\partial L}{\partial \mathbf{x}} = W^\top \nabla L", vjp(dense_input_gradient)),
        beyond_document=True,
    ),
    claim(
        "cnn-from-scratch/im2col",
        kind=Kind.DEFINITION,
        family="conv",
        source=Source(_FILE, _CONV, "Cette astuce est implémentée dans l’algorithme im2col."),
        check=ValueCheck(reference=_conv_ref, domain=_conv_case),
        printed=Form(r"o_{ij} = \operatorname{vec}(W) \cdot \operatorname{vec}(\mathbf{x}_{ij}),\ "
                     r"O = \operatorname{im2col}(X)\operatorname{vec}(W)", conv_im2col),
    ),
    claim(
        "cnn-from-scratch/conv-output-partial",
        kind=Kind.DERIVATION,
        family="conv",
        source=Source(_FILE, _CONV,
                      "Annexe 22: Dérivée partielle d’un élément de la sortie d’une couche de convolution par rapport "
                      "à un poids du kernel"),
        check=ValueCheck(reference=_conv_jacobian_ref, domain=_conv_case),
        printed=Form(r"\frac{\partial o_{ij}}{\partial w_{kl}} = x_{i+k,\, j+l}", conv_output_partial),
    ),
    claim(
        "cnn-from-scratch/conv-kernel-gradient-2x2",
        kind=Kind.BACKWARD,
        family="conv",
        source=Source(_FILE, _CONV, "Annexe 24: Expression de la dérivée partielle dans le cas d’un kernel 2×2"),
        check=VJPCheck(reference=lambda X, W: _conv_ref(X, W), domain=_conv_3x3("W"), wrt=("W",), analytic=True),
        printed=Form(r"\frac{\partial L}{\partial w_{11}} = \frac{\partial L}{\partial o_{11}} x_{11} + "
                     r"\frac{\partial L}{\partial o_{12}} x_{12} + \frac{\partial L}{\partial o_{21}} x_{21} + "
                     r"\frac{\partial L}{\partial o_{22}} x_{22},\ \dots", vjp(conv_kernel_gradient_2x2)),
    ),
    claim(
        "cnn-from-scratch/conv-input-gradient",
        kind=Kind.BACKWARD,
        family="conv",
        source=Source(_FILE, _CONV, "Annexe 26: Implémentation de la rétro-propagation d’une couche de convolution"),
        check=VJPCheck(reference=_conv_ref, domain=_conv_case, wrt=("X",), analytic=True),
        printed=Form(r"\frac{\partial L}{\partial X} = \operatorname{conv}_{\text{full}}\!\left("
                     r"\frac{\partial L}{\partial O}, \operatorname{rot180}(K)\right)", vjp(conv_input_gradient)),
        beyond_document=True,
    ),
    claim(
        "cnn-from-scratch/softmax",
        kind=Kind.STABILITY,
        family="softmax-ce",
        source=Source(_FILE, _OBJECTIVE, "Annexe 28: Expression d’un élément d’un vecteur softmax"),
        check=ValueCheck(reference=lambda theta: torch.softmax(theta, dim=-1), domain=_softmax_case),
        printed=Form(r"\operatorname{softmax}(\boldsymbol\theta)_i = \frac{e^{\theta_i}}{\sum_{j=1}^{C} e^{\theta_j}}",
                     softmax),
        expect=Status.UNSTABLE,
        correction=Form(r"\operatorname{softmax}(\boldsymbol\theta)_i = "
                        r"\frac{e^{\theta_i - \max_j \theta_j}}{\sum_{j} e^{\theta_j - \max_j \theta_j}}", softmax_shifted),
        condition=Condition(
            "every logit above 709.78 (e^θ overflows: inf/inf) or below −745 (e^θ underflows: 0/0)",
            _softmax_overflow_case,
            meaning=Status.UNSTABLE,
        ),
        explanation=("The quotient e^{θ_i}/Σ_j e^{θ_j} is exact in real arithmetic, but evaluated as written it "
                     "returns NaN once every logit exceeds 709.78 (inf/inf) or lies below −745 (0/0); subtracting "
                     "max θ first leaves the value unchanged and never overflows."),
    ),
    claim(
        "cnn-from-scratch/ce-gradient-general",
        kind=Kind.DERIVATION,
        family="softmax-ce",
        source=Source(_FILE, _OBJECTIVE,
                      "Annexe 30: Calcul de la dérivée partielle de l’entropie croisée par rapport à une sortie d’un "
                      "réseau de neurones"),
        check=VJPCheck(reference=_ce_logits_ref, domain=lambda: _ce_case(targets="any"), wrt=("theta",)),
        printed=Form(r"\frac{\partial L}{\partial \theta_k} = -y_k + p_k \sum_{i=1}^{C} y_i", vjp(ce_gradient_general)),
    ),
    claim(
        "cnn-from-scratch/ce-gradient",
        kind=Kind.BACKWARD,
        family="softmax-ce",
        source=Source(_FILE, _OBJECTIVE, "Or ytrue est un vecteur de probabilités, sa somme est donc égale à 1."),
        check=VJPCheck(reference=_ce_logits_ref, domain=lambda: _ce_case(targets="simplex"), wrt=("theta",)),
        printed=Form(r"\frac{\partial L}{\partial \boldsymbol\theta} = \mathbf{p} - \mathbf{y}", vjp(ce_gradient)),
        expect=Status.CONDITIONAL,
        correction=Form(r"\frac{\partial L}{\partial \boldsymbol\theta} = \mathbf{p} \sum_i y_i - \mathbf{y}",
                        vjp(ce_gradient_general)),
        condition=Condition(
            "the targets do not sum to one (a label distribution scaled by s ∉ (0.5, 1.5), zero targets included)",
            lambda: _ce_case(targets="unnormalised"),
            meaning=Status.CONDITIONAL,
        ),
        explanation=("∂L/∂θ = p − y uses Σ_i y_i = 1, which the article states ('Or ytrue est un vecteur de "
                     "probabilités, sa somme est donc égale à 1'); for targets that do not sum to one the gradient "
                     "is p Σ_i y_i − y."),
    ),
]
