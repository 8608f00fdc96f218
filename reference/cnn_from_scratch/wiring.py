"""The wiring of the claims of 001_dde28a00788c0b3a.txt, "Implémente moi un CNN" (blog article, author not named).

Every formula and every code listing of the article was an image: the text keeps only the
captions ("Figure 24: Expression des dérivées partielles en fonction du gradient rétro-propagé")
and the sentences around them.  A formula that survives only as its caption is listed as 'not
judged'; a claim that is judged quotes the sentence that states what it checks, and transcribes
that statement in the article's notation: W has one row per neuron ("W est une matrice dont
chaque ligne représente les poids d'un neurone"), a layer is f(x) = Wx + b on a single vector x,
a convolution is the valid cross-correlation O(x, y) = sum_i sum_j K(i, j) I(x + i, y + j)
(stride 1, one channel, no kernel flip), and the cross-entropy is L = -sum_i y_i log(p_i) with
p = softmax(theta).  Where the text itself states something checkable and wrong (the shape of W*
in Annexe 11) the claim keeps it and carries the correction.  Section headings are quoted as
printed.  The sentence claims have their own wiring (``wiring_sentences``, ``wiring_annex``).

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

from oracle.domains import EDGES, reals

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
