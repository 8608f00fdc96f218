"""The claims of 001_dde28a00788c0b3a.txt, "Implémente moi un CNN" (blog article, author not named).

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

from oracle import Condition, Form, Kind, Source, Status, ValueCheck, VJPCheck, claim
from oracle.domains import EDGES, reals
from oracle.forms import vjp
from reference.cnn_from_scratch import printed as p

FILE = "001_dde28a00788c0b3a.txt"
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
        source=Source(FILE, _FORMAL, "Figure 9: sortie d’une couche complètement connectée"),
        check=ValueCheck(reference=lambda W, b, x: torch.relu(F.linear(x, W, b)), domain=_dense_case),
        printed=Form(r"\mathbf{o} = \sigma(W\mathbf{i} + \mathbf{b}),\ \sigma = \text{ReLU}", p.layer_output),
    ),
    claim(
        "cnn-from-scratch/cross-entropy",
        kind=Kind.DEFINITION,
        family="softmax-ce",
        source=Source(FILE, _BACKPROP, "Figure 13: Expression de l’entropie croisée entre un vecteur de prédictions"),
        check=ValueCheck(reference=_cross_entropy_ref, domain=_probabilities_case),
        printed=Form(r"L(\hat{\mathbf{y}}, \mathbf{y}) = -\sum_{i=1}^{C} y_i \log \hat{y}_i", p.cross_entropy),
    ),
    claim(
        "cnn-from-scratch/sgd-step",
        kind=Kind.DEFINITION,
        family="algorithm",
        source=Source(FILE, _DENSE_MAIN, "Figure 23: SGD appliqué à la matrice de poids et au vecteur de biais"),
        check=ValueCheck(reference=_sgd_ref, domain=_sgd_case),
        printed=Form(r"W \leftarrow W - \eta \frac{\partial L}{\partial W},\quad "
                     r"\mathbf{b} \leftarrow \mathbf{b} - \eta \frac{\partial L}{\partial \mathbf{b}}", p.sgd_step),
    ),
    claim(
        "cnn-from-scratch/dense-backward",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _DENSE_MAIN, "Figure 24: Expression des dérivées partielles en fonction du gradient rétro-propagé"),
        check=VJPCheck(wrt=("W", "b"), **_DENSE_VJP),
        printed=Form(r"\frac{\partial L}{\partial W} = \nabla L\, \mathbf{x}^\top,\quad "
                     r"\frac{\partial L}{\partial \mathbf{b}} = \nabla L", vjp(p.dense_backward)),
    ),
    claim(
        "cnn-from-scratch/image-rows",
        kind=Kind.DERIVATION,
        family="dense",
        source=Source(FILE, _FLATTEN,
                      "o11 et o12 ne prennent en compte que la première ligne de l’image, et o21 et o22 que la deuxième"),
        check=ValueCheck(reference=_rows_ref, domain=_rows_case),
        printed=Form(r"O = IW:\ o_{ij} \text{ depends on row } i \text{ of } I \text{ only}", p.rows_reached),
    ),
    claim(
        "cnn-from-scratch/conv-forward",
        kind=Kind.DEFINITION,
        family="conv",
        source=Source(FILE, _CONV_MAIN,
                      "Figure 32: Expression du pixel de sortie (x,y) d’une couche de convolution en fonction de l’image et du kernel"),
        check=ValueCheck(reference=lambda I, K: _conv_ref(I, K), domain=lambda: _conv_case(image="I")),
        printed=Form(r"O(x, y) = \sum_{i}\sum_{j} K(i, j)\, I(x + i, y + j)", p.conv_forward),
    ),
    claim(
        "cnn-from-scratch/conv-forward-3x3",
        kind=Kind.DEFINITION,
        family="conv",
        source=Source(FILE, _CONV_3X3, "Figure 34: Expression des valeurs de sortie d’une couche de convolution 2×2"),
        check=ValueCheck(reference=lambda X, W: _conv_ref(X, W), domain=_conv_3x3("W")),
        printed=Form(r"o_{11} = w_{11}x_{11} + w_{12}x_{12} + w_{21}x_{21} + w_{22}x_{22},\ \dots", p.conv_forward_3x3),
    ),
    claim(
        "cnn-from-scratch/conv-kernel-gradient",
        kind=Kind.BACKWARD,
        family="conv",
        source=Source(FILE, _CONV_3X3,
                      "Il s’agit du même calcul que la propagation avant, excepté les poids du filtre qui sont cette "
                      "fois ci égaux aux dérivées partielles rétro-propagées."),
        check=VJPCheck(reference=_conv_ref, domain=_conv_case, wrt=("K",), analytic=True),
        printed=Form(r"\frac{\partial L}{\partial K} = \operatorname{conv}\!\left(X, \frac{\partial L}{\partial O}\right)",
                     vjp(p.conv_kernel_gradient_as_conv)),
    ),
    claim(
        "cnn-from-scratch/jacobian-shape",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _CALCULUS, "Dans ce cas c’est donc Rmxn."),
        check=ValueCheck(reference=_jacobian_shape_ref, domain=_dense_case),
        printed=Form(r"J_f \in \mathbb{R}^{m \times n} \text{ for } f: \mathbb{R}^n \to \mathbb{R}^m", p.jacobian_shape),
    ),
    claim(
        "cnn-from-scratch/jacobian-chain-rule",
        kind=Kind.DERIVATION,
        family="dense",
        source=Source(FILE, _CALCULUS, "L’application du gradient chaîné revient donc à multiplier les Jacobiennes."),
        check=ValueCheck(reference=_chain_ref, domain=_chain_case),
        printed=Form(r"J_{g \circ f}(\mathbf{x}) = J_g(f(\mathbf{x}))\, J_f(\mathbf{x})", p.chain_rule_jacobian),
    ),
    claim(
        "cnn-from-scratch/dense-forward",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _DENSE, "Annexe 8: Propagation avant d’une couche complètement connectée"),
        check=ValueCheck(reference=_dense_ref, domain=_dense_case),
        printed=Form(r"f(\mathbf{x}) = W\mathbf{x} + \mathbf{b}", p.dense_forward),
    ),
    claim(
        "cnn-from-scratch/augmented-forward",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _DENSE,
                      "On ajoute un 1 à la fin de x, qu’on notera maintenant x* et on ajoute une colonne à W qui est "
                      "égale à b, on notera la nouvelle matrice W*."),
        check=ValueCheck(reference=_dense_ref, domain=_dense_case),
        printed=Form(r"f(\mathbf{x}) = W^{*}\mathbf{x}^{*},\ W^{*} = [W \mid \mathbf{b}],\ "
                     r"\mathbf{x}^{*} = (\mathbf{x}, 1)", p.augmented_forward),
    ),
    claim(
        "cnn-from-scratch/augmented-jacobian-shape",
        kind=Kind.DERIVATION,
        family="dense",
        source=Source(FILE, _DENSE,
                      "on considère f comme une fonction de R(n+1)xm dans Rm. La Jacobienne sera donc de dimension "
                      "Rmx(n+1)xm, c’est donc un tenseur d’ordre 3."),
        check=ValueCheck(reference=lambda W_star, x: torch.tensor(_augmented_jacobian_ref(W_star, x).shape,
                                                                  dtype=torch.float64),
                         domain=_augmented_case),
        printed=Form(r"f: \mathbb{R}^{(n+1)\times m} \to \mathbb{R}^m,\ "
                     r"\frac{\partial f}{\partial W^{*}} \in \mathbb{R}^{m\times(n+1)\times m}",
                     p.augmented_jacobian_shape_as_printed),
        expect=Status.ERRATUM,
        correction=Form(r"f: \mathbb{R}^{m\times(n+1)} \to \mathbb{R}^m,\ "
                        r"\frac{\partial f}{\partial W^{*}} \in \mathbb{R}^{m\times m\times(n+1)}",
                        p.augmented_jacobian_shape),
        explanation=("W has one row per neuron and W* is W with b appended as a column, so W* is m×(n+1), yet the "
                     "text says f goes 'de R(n+1)xm dans Rm' and its Jacobian is 'Rmx(n+1)xm' (in the article's own "
                     "rows×columns notation), transposing W*: the Jacobian is m×m×(n+1)."),
    ),
    claim(
        "cnn-from-scratch/augmented-partial",
        kind=Kind.DERIVATION,
        family="dense",
        source=Source(FILE, _DENSE, "C’est un cube dont chaque couche est une matrice diagonale égale à un élément de x"),
        check=ValueCheck(reference=_augmented_jacobian_ref, domain=_augmented_case),
        printed=Form(r"\frac{\partial f_i}{\partial w_{kl}} = \delta_{ik}\, x^{*}_l", p.augmented_partial),
    ),
    claim(
        "cnn-from-scratch/augmented-weight-gradient",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _DENSE,
                      "Annexe 16: Dérivée partielle de la fonction objectif par rapport à la matrice de poids d’une "
                      "couche complètement connectée"),
        check=VJPCheck(reference=_augmented_ref, domain=_augmented_case, wrt=("W_star",), analytic=True),
        printed=Form(r"\frac{\partial L}{\partial w_{kl}} = \sum_i \frac{\partial L}{\partial f_i}\, \delta_{ik}\, x^{*}_l"
                     r" = \left(\nabla L\, \mathbf{x}^{*\top}\right)_{kl}", vjp(p.augmented_weight_gradient)),
    ),
    claim(
        "cnn-from-scratch/dense-input-gradient",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _DENSE,
                      "La rétro-propagation doit retourner le gradient rétro-propagé pour que les couches précédentes "
                      "puissent l’utiliser à leurs tours."),
        check=VJPCheck(wrt=("x",), **_DENSE_VJP),
        printed=Form(r"\frac{\partial L}{\partial \mathbf{x}} = W^\top \nabla L", vjp(p.dense_input_gradient)),
        beyond_document=True,
    ),
    claim(
        "cnn-from-scratch/im2col",
        kind=Kind.DEFINITION,
        family="conv",
        source=Source(FILE, _CONV, "Cette astuce est implémentée dans l’algorithme im2col."),
        check=ValueCheck(reference=_conv_ref, domain=_conv_case),
        printed=Form(r"o_{ij} = \operatorname{vec}(W) \cdot \operatorname{vec}(\mathbf{x}_{ij}),\ "
                     r"O = \operatorname{im2col}(X)\operatorname{vec}(W)", p.conv_im2col),
    ),
    claim(
        "cnn-from-scratch/conv-output-partial",
        kind=Kind.DERIVATION,
        family="conv",
        source=Source(FILE, _CONV,
                      "Annexe 22: Dérivée partielle d’un élément de la sortie d’une couche de convolution par rapport "
                      "à un poids du kernel"),
        check=ValueCheck(reference=_conv_jacobian_ref, domain=_conv_case),
        printed=Form(r"\frac{\partial o_{ij}}{\partial w_{kl}} = x_{i+k,\, j+l}", p.conv_output_partial),
    ),
    claim(
        "cnn-from-scratch/conv-kernel-gradient-2x2",
        kind=Kind.BACKWARD,
        family="conv",
        source=Source(FILE, _CONV, "Annexe 24: Expression de la dérivée partielle dans le cas d’un kernel 2×2"),
        check=VJPCheck(reference=lambda X, W: _conv_ref(X, W), domain=_conv_3x3("W"), wrt=("W",), analytic=True),
        printed=Form(r"\frac{\partial L}{\partial w_{11}} = \frac{\partial L}{\partial o_{11}} x_{11} + "
                     r"\frac{\partial L}{\partial o_{12}} x_{12} + \frac{\partial L}{\partial o_{21}} x_{21} + "
                     r"\frac{\partial L}{\partial o_{22}} x_{22},\ \dots", vjp(p.conv_kernel_gradient_2x2)),
    ),
    claim(
        "cnn-from-scratch/conv-input-gradient",
        kind=Kind.BACKWARD,
        family="conv",
        source=Source(FILE, _CONV, "Annexe 26: Implémentation de la rétro-propagation d’une couche de convolution"),
        check=VJPCheck(reference=_conv_ref, domain=_conv_case, wrt=("X",), analytic=True),
        printed=Form(r"\frac{\partial L}{\partial X} = \operatorname{conv}_{\text{full}}\!\left("
                     r"\frac{\partial L}{\partial O}, \operatorname{rot180}(K)\right)", vjp(p.conv_input_gradient)),
        beyond_document=True,
    ),
    claim(
        "cnn-from-scratch/softmax",
        kind=Kind.STABILITY,
        family="softmax-ce",
        source=Source(FILE, _OBJECTIVE, "Annexe 28: Expression d’un élément d’un vecteur softmax"),
        check=ValueCheck(reference=lambda theta: torch.softmax(theta, dim=-1), domain=_softmax_case),
        printed=Form(r"\operatorname{softmax}(\boldsymbol\theta)_i = \frac{e^{\theta_i}}{\sum_{j=1}^{C} e^{\theta_j}}",
                     p.softmax),
        expect=Status.UNSTABLE,
        correction=Form(r"\operatorname{softmax}(\boldsymbol\theta)_i = "
                        r"\frac{e^{\theta_i - \max_j \theta_j}}{\sum_{j} e^{\theta_j - \max_j \theta_j}}", p.softmax_shifted),
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
        source=Source(FILE, _OBJECTIVE,
                      "Annexe 30: Calcul de la dérivée partielle de l’entropie croisée par rapport à une sortie d’un "
                      "réseau de neurones"),
        check=VJPCheck(reference=_ce_logits_ref, domain=lambda: _ce_case(targets="any"), wrt=("theta",)),
        printed=Form(r"\frac{\partial L}{\partial \theta_k} = -y_k + p_k \sum_{i=1}^{C} y_i", vjp(p.ce_gradient_general)),
    ),
    claim(
        "cnn-from-scratch/ce-gradient",
        kind=Kind.BACKWARD,
        family="softmax-ce",
        source=Source(FILE, _OBJECTIVE, "Or ytrue est un vecteur de probabilités, sa somme est donc égale à 1."),
        check=VJPCheck(reference=_ce_logits_ref, domain=lambda: _ce_case(targets="simplex"), wrt=("theta",)),
        printed=Form(r"\frac{\partial L}{\partial \boldsymbol\theta} = \mathbf{p} - \mathbf{y}", vjp(p.ce_gradient)),
        expect=Status.CONDITIONAL,
        correction=Form(r"\frac{\partial L}{\partial \boldsymbol\theta} = \mathbf{p} \sum_i y_i - \mathbf{y}",
                        vjp(p.ce_gradient_general)),
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
