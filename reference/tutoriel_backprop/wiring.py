"""The wiring of the claims of 000_88c507be81c046c9.txt, "Tutoriel deep learning, deuxième partie : la rétropropagation
du gradient" (blog tutorial, author not named).

Section headings are quoted as printed.  Formulas and code are transcribed as printed.

How the claims are checked
--------------------------
* The text's formulas are generic in the cost: they only use ``cost'(a^L)``.  The
  backward claims on formulas therefore take the network output ``a^L`` as the torch
  reference and let the upstream gradient play the part of ``cost'(a^L)`` (the VJP of
  ``a^L`` with upstream ``u`` is the gradient of the cost ``<u, a^L>``, whose
  ``cost'`` is ``u``; any cost enters the formulas only through ``cost'``).
* Networks have a random depth (1-4) and random widths (1-8, so weight matrices are
  mostly non-square), drawn by ``oracle.domains.networks``: their parameters are named
  by layer (``W1``, ``b1``, ...), so a counterexample names the layer and the entry.
  Claims about one layer of a network differentiate that layer's weights only (the last
  layer ``W{L}``, the one before it ``W{L-1}``).
* Parameter values come from a numpy generator seeded by hypothesis (weights and
  biases in [-1, 1], inputs in [-2, 2]): moderate, so that no sigmoid saturates to
  exactly 0 or 1.
* The code's output delta ``a - target`` is, as its comment says, the delta of the
  cross-entropy cost ``-Σ[t log a + (1 - t) log(1 - a)]`` with sigmoid outputs: its
  claims are judged against that cost (it is *not* ``σ'(z)·cost'(a)`` of the quadratic
  cost, and the document does not say it is).

``load_mnist_data`` and the ``__main__`` block are judged by the listing claims (``listing``, run on synthetic
stand-ins for MNIST); the printed MNIST accuracies cannot be recomputed here, their format is judged.  The
sentences' claims are wired in ``wiring_text`` (the text) and ``wiring_code`` (the code, the closing sections).
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import strategies as st

from oracle.domains import (
    EDGES,
    network_depth,
    network_layers,
    networks,
    reals,
    shapes,
)
from reference.tutoriel_backprop import printed as p

FILE = "000_88c507be81c046c9.txt"
_NOTATIONS = "Rappel des notations utilisées"
_ALGORITHM = "L'algorithme de la rétropropagation du gradient"
_INTUITION = "Rétropropagation du gradient : intuition"
_LAST_LAYER = "Calculer l'erreur pour la dernière couche"
_ONE_MORE = "On en remet une couche"
_GENERAL = "Généralisation"
_CODE = "Le code"


# --- torch references (torch's own ops, never a port of the printed formula) --------------------

def _affine(w: torch.Tensor, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """a @ w^T + b for a vector or a batch of row vectors, promoting real inputs to a complex w (complex step)."""
    dtype = torch.promote_types(torch.promote_types(w.dtype, a.dtype), b.dtype)
    return torch.matmul(a.to(dtype), w.to(dtype).transpose(-1, -2)) + b.to(dtype)


def _sigmoid_network(a: torch.Tensor, Ws: Sequence[torch.Tensor], bs: Sequence[torch.Tensor]) -> torch.Tensor:
    """σ(w a + b), layer after layer, with torch ops."""
    for w, b in zip(Ws, bs):
        a = torch.sigmoid(_affine(w, a, b))
    return a


def _output_logits(a: torch.Tensor, Ws: Sequence[torch.Tensor], bs: Sequence[torch.Tensor]) -> torch.Tensor:
    """z^L of the sigmoid network (σ on every layer but the last affine map), with torch ops."""
    a = _sigmoid_network(a, Ws[:-1], bs[:-1])
    return _affine(Ws[-1], a, bs[-1])


def _cross_entropy(z: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """-Σ [t log σ(z) + (1 - t) log(1 - σ(z))] over the last axis: torch's binary_cross_entropy_with_logits.

    Written on the logits z rather than as torch.log(a), torch.log1p(-a) of a = σ(z): the latter loses
    digits in 1 - σ(z) for large z (z = 12.5 leaves 1 - σ(z) = 3.7e-6 with a relative error of 6e-11),
    and the complex-step judge, whose error bar knows nothing of that cancellation, then disagrees with
    autograd (an inconclusive case).  These references are therefore real-only (analytic=False)."""
    return F.binary_cross_entropy_with_logits(z, t, reduction="none").sum(-1)


def _network_output(x, **layers):
    return _sigmoid_network(x, *network_layers(layers))


def _recursion_reference(z, **layers):
    return _sigmoid_network(torch.sigmoid(z), *network_layers(layers))


def _backprop_reference(x, y, **layers):
    z = _output_logits(x, *network_layers(layers))
    return _cross_entropy(z, F.one_hot(y, 10).to(torch.float64))


def _mean_cost_reference(X, Y, learning_rate, **layers):
    z = _output_logits(X, *network_layers(layers))
    return _cross_entropy(z, F.one_hot(Y, 10).to(torch.float64)).mean()


def _evaluate_reference(X, Y, **layers):
    a = _network_output(X, **layers)
    return (torch.argmax(a, dim=-1) == Y).to(torch.float64).mean()


def _one_hot_summary_reference(y, k):
    v = F.one_hot(y, k)
    return torch.stack([torch.tensor(v.numel()), torch.argmax(v)]).to(torch.float64)


def _sgd_step(alpha, grad, **param):
    """torch.optim.SGD's own step (plain gradient descent) on the parameter."""
    (value,) = param.values()
    q = torch.nn.Parameter(value.detach().clone())
    q.grad = grad.detach().clone()
    torch.optim.SGD([q], lr=float(alpha)).step()
    return q.detach()


def _output_delta_reference(z, target):
    return _cross_entropy(z, target)


# --- domains ----------------------------------------------------------------------------------
# Values from a numpy generator seeded by hypothesis (weights and biases in [-1, 1], inputs in
# [-2, 2]): moderate, so that no sigmoid saturates to exactly 0 or 1.

def _networks(**kw):
    return networks(depth=kw.pop("depth", (1, 4)), width=(1, 8), **kw)


def _last_weight(inputs) -> tuple[str, ...]:
    """``W{L}``: the last layer's weights."""
    return (f"W{network_depth(inputs)}",)


def _penultimate_weight(inputs) -> tuple[str, ...]:
    """``W{L-1}``: the weights of the layer before the last."""
    return (f"W{network_depth(inputs) - 1}",)


def _recursion_cases():
    """z^l of one layer (entries in [-4, 4]) and the layers l+1..L after it (1 to 3 of them)."""
    return networks(depth=(1, 3), inputs=(-4.0, 4.0)).map(
        lambda n: {"z": n["x"], **{k: v for k, v in n.items() if k != "x"}})


def _train_batch_domain():
    def add_lr(d):
        return st.floats(0.05, 3.0).map(lambda lr: {**d, "learning_rate": np.float64(lr)})
    return _networks(n_out=10, batch=(1, 8), targets="classes").flatmap(add_lr)


def _rng_array(rng: np.random.Generator, shape, low: float, high: float) -> np.ndarray:
    return rng.uniform(low, high, size=shape)


@st.composite
def _single_layer(draw) -> dict[str, Any]:
    n_out, n_in = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return {"w": _rng_array(rng, (n_out, n_in), -1.0, 1.0), "a_prev": _rng_array(rng, (n_in,), -2.0, 2.0),
            "b": _rng_array(rng, (n_out,), -1.0, 1.0)}


@st.composite
def _update_cases(draw, name: str) -> dict[str, Any]:
    shape = draw(shapes(min_dims=2, max_dims=2) if name == "w" else shapes(min_dims=1, max_dims=1))
    return {name: draw(reals(shape=shape, low=-5.0, high=5.0)), "grad": draw(reals(shape=shape, low=-5.0, high=5.0)),
            "alpha": np.float64(draw(st.floats(0.0, 3.0)))}


@st.composite
def _output_delta_cases(draw) -> dict[str, Any]:
    n = draw(st.integers(1, 10))
    z = draw(reals(shape=(n,), low=-25.0, high=25.0, edges=EDGES["kink"] + (-12.5, 12.5)))
    target = draw(st.one_of(
        st.integers(0, n - 1).map(lambda k: np.eye(n)[k]),                # one-hot, as backprop builds it
        reals(shape=(n,), low=0.0, high=1.0, edges=(0.0, 0.5, 1.0)),       # any target in [0, 1]
    ))
    return {"z": z, "target": target}


def _sigmoid_domain(low=-745.0, high=745.0):
    edges = EDGES["kink"] + EDGES["saturation"] + EDGES["extreme"]
    return lambda: st.fixed_dictionaries({"x": reals(low=low, high=high, edges=edges)})


_ONE_HOT_CASES = lambda: st.integers(1, 12).flatmap(  # noqa: E731
    lambda k: st.fixed_dictionaries({"y": st.integers(0, k - 1).map(lambda v: np.array(v, dtype=np.int64)),
                                     "k": st.just(k)}))


# --- the printed formulas, wired to a network case (cost'(a^L) = grad_out) ---------------------
# Each adapter is built around the printed function it calls, so that mutation sensitivity reaches it.

def _on_last_layer(formula):
    def adapter(grad_out, x, **layers):
        z, a = p.forward_vector(*network_layers(layers), x)
        return {f"W{network_depth(layers)}": formula(a[-2], z[-1], grad_out)}
    return adapter


def _on_penultimate_layer(formula):
    def adapter(grad_out, x, **layers):
        Ws, bs = network_layers(layers)
        z, a = p.forward_vector(Ws, bs, x)
        delta_L = p.delta_last(z[-1], grad_out)
        return {f"W{network_depth(layers) - 1}": formula(a[-3], z[-2], Ws[-1], delta_L)}
    return adapter


def _down_the_tail(recursion):
    def adapter(grad_out, z, **layers):
        Ws, bs = network_layers(layers)
        zs, _ = p.forward_vector(Ws, bs, p.sigmoid(z))
        zs = [z, *zs[1:]]                         # zs[k] = z^{l+k}
        delta = p.delta_last(zs[-1], grad_out)    # δ^L
        for k in range(len(Ws) - 1, -1, -1):       # δ^{l+k} from δ^{l+k+1} and w^{l+k+1} = Ws[k]
            delta = recursion(zs[k], Ws[k], delta)
        return {"z": delta}
    return adapter


def _generalised(procedure, name):
    """The gradients ``name`` ("W" or "b") only, by layer: the claim judges those."""
    def adapter(grad_out, x, **layers):
        dW, db = procedure(*network_layers(layers), x, grad_out)
        return {f"{name}{k}": g for k, g in enumerate(dW if name == "W" else db, start=1)}
    return adapter


def _at_the_output(formula):
    def adapter(grad_out, z):
        return {"z": formula(z, grad_out)}
    return adapter


def _update_weights(w, grad, alpha):
    return p.update_rule(w, grad, alpha)


def _update_biases(b, grad, alpha):
    return p.update_rule(b, grad, alpha)


def _error_example():
    """E = T - Y with the printed T and Y."""
    T = np.array([1, 1, 0])
    Y = np.array([1, 0, 0.5])
    E = T - Y
    return {"E_1": E[0], "E_2": E[1], "E_3": E[2]}


# --- the printed code, wired to a network case --------------------------------------------------

def _build_network(widths: Sequence[int], Ws: Sequence[np.ndarray], bs: Sequence[np.ndarray]) -> p.Network:
    """A printed ``Network`` with the given parameters (its random initialisation is overwritten, and the
    global numpy random state is left as it was)."""
    state = np.random.get_state()
    try:
        net = p.Network(input_dim=widths[0])
        for size in widths[1:]:
            net.add_layer(size)
    finally:
        np.random.set_state(state)
    for layer, w, b in zip(net.layers, Ws, bs):
        layer.weights = np.array(w, dtype=float)
        layer.biases = np.array(b, dtype=float)
    return net


def _network_of(layers) -> p.Network:
    return _build_network(layers["widths"], *network_layers(layers))


def _length_and_one(v) -> np.ndarray:
    """(length, index of the 1) of a one-hot vector: comparable even when two vectors differ in length."""
    v = np.asarray(v)
    return np.array([v.size, np.argmax(v)], dtype=float)


def _one_hot_summary(example):
    def impl(y, k):
        return _length_and_one(example())
    impl.__name__ = example.__name__
    return impl


def _network_forward(forward):
    def adapter(x, **layers):
        return forward(*network_layers(layers), x)[1][-1]
    return adapter


def _on_network(method, *names):
    """Call a printed Network method (feedforward, evaluate) on the network the inputs describe, with the
    inputs ``names`` as its arguments."""
    def adapter(**data):
        return method(_network_of(data), *(data[n] for n in names))
    return adapter


def _backprop_gradients(procedure):
    def adapter(x, y, **layers):
        wg, bg = procedure(_network_of(layers), x, y)
        return {name: g for k in range(len(wg)) for name, g in ((f"W{k + 1}", wg[k]), (f"b{k + 1}", bg[k]))}
    return adapter


def _descent_direction(procedure):
    """The gradient train_batch descends along: (parameters before - parameters after) / learning_rate."""
    def adapter(X, Y, learning_rate, **layers):
        net = _network_of(layers)
        lr = float(learning_rate)
        procedure(net, X, Y, lr)
        out = {}
        for k, layer in enumerate(net.layers, start=1):
            out[f"W{k}"] = (layers[f"W{k}"] - layer.weights) / lr
            out[f"b{k}"] = (layers[f"b{k}"] - layer.biases) / lr
        return out
    return adapter


def _output_delta_of(procedure):
    def adapter(z, target):
        return {"z": procedure(None, z, p.sigmoid(z), target)}
    return adapter
