"""The wiring of the annex's sentence claims of 001_dde28a00788c0b3a.txt (lines 345-594): torch references and
domains, in the style of ``wiring_sentences`` (torch's own ops, autograd for derivatives, Jacobian patterns
for what depends on what)."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from reference.cnn_from_scratch.wiring import _augmented_ref, _conv_jacobian_ref, _conv_ref, _logits, _simplex, _vals
from reference.cnn_from_scratch.wiring_sentences import _depends, _gradient, _nonzero

# --- references ---------------------------------------------------------------------------------


def _composed_ref(P1, b1, P2, b2, P3, b3, x):
    return torch.relu(F.linear(torch.relu(F.linear(torch.relu(F.linear(x, P1, b1)), P2, b2)), P3, b3))


def _least_squares_ref(X, y):
    return torch.linalg.lstsq(X, y[:, None]).solution[:, 0]


def _sum_of_squares(X, y, w):
    return ((X @ w - y) ** 2).sum()


def _full_gradient_ref(X, y, w, batch):
    return _gradient(lambda X, y, w, batch: _sum_of_squares(X, y, w), {"X": X, "y": y, "w": w, "batch": batch}, ("w",))[0]


def _mean_gradient_ref(X, y, w, B):
    return _gradient(lambda X, y, w, B: ((X @ w - y) ** 2).mean(), {"X": X, "y": y, "w": w, "B": B}, ("w",))[0]


def _two_layer_loss(A, B, x, g):
    return torch.dot(g, F.linear(torch.relu(F.linear(x, A)), B))


def _first_weights_gradient_ref(A, B, x, g):
    return _gradient(_two_layer_loss, {"A": A, "B": B, "x": x, "g": g}, ("A",))[0]


def _linear_weight_gradient_ref(P, h, g):
    return _gradient(lambda P, h, g: torch.dot(g, F.linear(h, P)), {"P": P, "h": h, "g": g}, ("P",))[0]


def _weight_by_weight_ref(P, h, g):
    # every weight its own leaf, each partial derivative taken individually
    leaves = [[P[a, b].detach().clone().requires_grad_(True) for b in range(P.shape[1])] for a in range(P.shape[0])]
    matrix = torch.stack([torch.stack(row) for row in leaves])
    flat = [leaf for row in leaves for leaf in row]
    partials = torch.autograd.grad(torch.dot(g, F.linear(h, matrix)), flat)
    return torch.stack(partials).reshape(P.shape)


def _composite_jacobian_ref(A, a, B, c, x):
    return torch.autograd.functional.jacobian(lambda v: F.linear(torch.relu(F.linear(v, A, a)), B, c), x)


def _rgb_shape_ref(R, G, B):
    return torch.tensor(torch.stack([R, G, B], dim=-1).shape, dtype=torch.float64)


def _dense_weight_gradient(W, b, x, g):
    return _gradient(lambda W, b, x, g: torch.dot(g, F.linear(x, W, b)), {"W": W, "b": b, "x": x, "g": g}, ("W",),
                     create_graph=True)[0]


def _needs_input_ref(W, b, x, g):
    return _depends(_dense_weight_gradient, {"W": W, "b": b, "x": x, "g": g}, ("x",))


def _dense_parameters_ref(n, m):
    layer = torch.nn.Linear(n, m, device="meta")  # on the meta device: shapes without drawing weights
    shapes = [s for param in layer.parameters() for s in param.shape]
    return torch.tensor([len(list(layer.parameters())), *shapes], dtype=torch.float64)


def _next_layer_ref(u, W2, b2, g):
    return _gradient(lambda u, W2, b2, g: torch.dot(g, F.linear(torch.relu(u), W2, b2)),
                     {"u": u, "W2": W2, "b2": b2, "g": g}, ("u",))[0]


def _order_of_f_ref(W, b, x):
    return torch.tensor([float(F.linear(x, W, b).dim())], dtype=torch.float64)


def _augmented_gradient_ref(W_star, x, g):
    return _gradient(lambda W_star, x, g: torch.dot(g, _augmented_ref(W_star, x)), {"W_star": W_star, "x": x, "g": g},
                     ("W_star",))[0]


def _order_of_weight_gradient_ref(W_star, x, g):
    return torch.tensor([float(_augmented_gradient_ref(W_star, x, g).dim())], dtype=torch.float64)


def _conv_order_ref(X, K):
    return torch.tensor([float(_conv_ref(X, K).dim())], dtype=torch.float64)


def _vectorised_kernel_ref(K):
    v = torch.flatten(K)
    return torch.tensor([float(v.dim()), float(v.numel())], dtype=torch.float64)


def _conv_kernel_gradient(X, K, G):
    return _gradient(lambda X, K, G: (G * _conv_ref(X, K)).sum(), {"X": X, "K": K, "G": G}, ("K",), create_graph=True)[0]


def _conv_needs_input_ref(X, K, G):
    return _depends(_conv_kernel_gradient, {"X": X, "K": K, "G": G}, ("X",))


def _conv_jacobian_order_ref(X, K):
    return torch.tensor([float(_conv_jacobian_ref(X, K).dim())], dtype=torch.float64)


def _kernel_update_ref(X, K, G, lr):
    kernel = K.detach().clone().requires_grad_(True)
    (G * _conv_ref(X, kernel)).sum().backward()
    torch.optim.SGD([kernel], lr=float(lr)).step()
    return kernel.detach()


def _softmax_probabilities_ref(theta):
    q = torch.softmax(theta, dim=-1)
    return torch.stack([(q >= 0).all(dim=-1).to(torch.float64), (q <= 1).all(dim=-1).to(torch.float64), q.sum(dim=-1)],
                       dim=-1)


def _output_levels_ref(theta):
    classes = F.one_hot(torch.arange(theta.shape[-1]), theta.shape[-1])  # one level per category
    return torch.arange(1, classes.shape[-1] + 1, dtype=torch.float64)


def _output_layer_gradient_ref(W, h, y):
    return _gradient(lambda W, h, y: F.cross_entropy(F.linear(h, W)[None], y[None]), {"W": W, "h": h, "y": y}, ("W",))[0]


# --- domains ------------------------------------------------------------------------------------


@st.composite
def _composed_case(draw: st.DrawFn) -> dict[str, Any]:
    n, h1, h2, m = (draw(st.integers(1, 5)) for _ in range(4))
    return {"P1": draw(_vals((h1, n))), "b1": draw(_vals((h1,))), "P2": draw(_vals((h2, h1))), "b2": draw(_vals((h2,))),
            "P3": draw(_vals((m, h2))), "b3": draw(_vals((m,))), "x": draw(_vals((n,)))}


@st.composite
def _regression_data(draw: st.DrawFn) -> dict[str, Any]:
    """A small full-rank design: X = Q R with Q's columns orthonormal and R well conditioned."""
    d = draw(st.integers(1, 4))
    N = d + draw(st.integers(1, 5))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    Q, _ = np.linalg.qr(rng.standard_normal((N, d)))
    R = np.triu(rng.uniform(-1.0, 1.0, (d, d)), 1) + np.diag(rng.uniform(1.0, 2.0, d))
    return {"X": Q @ R, "y": draw(_vals((N,), -5.0, 5.0))}


@st.composite
def _batches_case(draw: st.DrawFn) -> dict[str, Any]:
    N, d = draw(st.integers(2, 12)), draw(st.integers(1, 4))
    return {"X": draw(_vals((N, d), -2.0, 2.0)), "y": draw(_vals((N,), -2.0, 2.0)), "w": draw(_vals((d,), -2.0, 2.0)),
            "batch": draw(st.integers(1, N - 1))}


@st.composite
def _iid_case(draw: st.DrawFn) -> dict[str, Any]:
    N, d = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    return {"X": draw(_vals((N, d), -2.0, 2.0)), "y": draw(_vals((N,), -2.0, 2.0)), "w": draw(_vals((d,), -2.0, 2.0)),
            "B": draw(st.integers(1, 3))}


@st.composite
def _two_layer_backward_case(draw: st.DrawFn) -> dict[str, Any]:
    n, h, m = draw(st.integers(1, 6)), draw(st.integers(1, 6)), draw(st.integers(1, 6))
    return {"A": draw(_vals((h, n))), "B": draw(_vals((m, h))), "x": draw(_vals((n,))), "g": draw(_vals((m,)))}


@st.composite
def _linear_layer_case(draw: st.DrawFn) -> dict[str, Any]:
    m, n = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    return {"P": draw(_vals((m, n))), "h": draw(_vals((n,))), "g": draw(_vals((m,)))}


@st.composite
def _square_chain_case(draw: st.DrawFn) -> dict[str, Any]:
    """f = relu(A · + a), g = B · + c on Rn (square: the letter g's Jacobian and the composite's can be compared, and g
    is invertible for its conjugate)."""
    n = draw(st.integers(2, 5))
    B = draw(_vals((n, n), -0.5, 0.5)) + np.diag(draw(hnp.arrays(np.float64, (n,), elements=st.floats(2.0, 4.0))))
    return {"A": draw(_nonzero((n, n))), "a": draw(_vals((n,))), "B": B, "c": draw(_vals((n,))), "x": draw(_vals((n,)))}


@st.composite
def _channels_case(draw: st.DrawFn) -> dict[str, Any]:
    n, m = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    return {name: draw(_vals((n, m), 0.0, 255.0)) for name in ("R", "G", "B")}


@st.composite
def _next_layer_case(draw: st.DrawFn) -> dict[str, Any]:
    h, m = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    return {"u": draw(_vals((h,))), "W2": draw(_vals((m, h))), "b2": draw(_vals((m,))), "g": draw(_vals((m,)))}


@st.composite
def _augmented_gradient_case(draw: st.DrawFn, *, square: bool = False) -> dict[str, Any]:
    """W* (m×(n+1)), x (n), ∂L/∂f = g (m); ``square``: m = n + 1, where a dot product of g and x* is defined."""
    n = draw(st.integers(1, 6))
    m = n + 1 if square else draw(st.integers(1, 7))
    return {"W_star": draw(_vals((m, n + 1))), "x": draw(_vals((n,))), "g": draw(_vals((m,)))}


@st.composite
def _conv_gradient_case(draw: st.DrawFn, *, rate: bool = False) -> dict[str, Any]:
    h, w = draw(st.integers(2, 6)), draw(st.integers(2, 6))
    kh, kw = draw(st.integers(1, min(3, h))), draw(st.integers(1, min(3, w)))
    case = {"X": draw(_nonzero((h, w))), "K": draw(_vals((kh, kw))), "G": draw(_nonzero((h - kh + 1, w - kw + 1)))}
    if rate:
        case["X"] = draw(_vals((h, w)))
        case["lr"] = draw(st.sampled_from([0.01, 0.1, 1.0]))
    return case


@st.composite
def _kernel_only(draw: st.DrawFn) -> dict[str, Any]:
    return {"K": draw(_vals((draw(st.integers(1, 4)), draw(st.integers(1, 4)))))}


@st.composite
def _logits_case(draw: st.DrawFn) -> dict[str, Any]:
    b, c = draw(st.integers(1, 6)), draw(st.integers(1, 8))
    return {"theta": draw(_logits((b, c)))}


@st.composite
def _output_layer_case(draw: st.DrawFn) -> dict[str, Any]:
    c, n = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    return {"W": draw(_vals((c, n), -3.0, 3.0)), "h": draw(_vals((n,), -3.0, 3.0)),
            "y": draw(_simplex((1, c), one_hot=True))[0]}
