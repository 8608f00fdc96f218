"""The wiring of the claims on the text's sentences and notation (``sentences``) in 000_88c507be81c046c9.txt, from
its first sections to its intuition of backpropagation (``claims_notation``): torch references, domains, and
adapters from the printed shapes to the checks; and the helpers ``wiring_layers`` and ``wiring_code`` share.

* A sentence about a network is judged on the networks of ``wiring._networks`` (depth 1-4, widths 1-8), the
  generic cost entering as the upstream gradient ``cost'(a^L)`` where the sentence is generic (as in
  ``wiring``), and as the code's cross-entropy where it is about the code's training.
* A sentence naming one entry (``w^2_{43}``, ``w^L_{11}``) is judged through that entry alone: the case carries
  it as a scalar input, which the torch reference substitutes into its matrix, so that the check differentiates
  C with respect to that one weight.
* Sizes and counts are compared as numbers (``ValueCheck``): the printed sentence's against torch's own layers
  (``nn.Linear`` built on the meta device, which draws nothing).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import strategies as st

from oracle.domains import network_depth, network_layers, networks
from reference.tutoriel_backprop import printed as p
from reference.tutoriel_backprop import sentences as s
from reference.tutoriel_backprop.wiring import (
    _cross_entropy,
    _network_of,
    _networks,
    _output_logits,
    _sigmoid_network,
    _single_layer,
)

_EPISODES = "Rappel des épisodes précédents"


# --- torch references ----------------------------------------------------------------------------

def _layer(w, a_prev, b):
    return F.linear(a_prev, w, b)


def _with_entry(W: torch.Tensor, value: torch.Tensor, i: int, j: int) -> torch.Tensor:
    """W with its entry (i, j) replaced by ``value``, differentiably (from 0)."""
    mask = torch.zeros_like(W)
    mask[i, j] = 1.0
    return W * (1.0 - mask) + value * mask


def _entry_reference(name: str, layer: int, i: int, j: int):
    """The network's output a^L as a function of one weight, w^layer_{i+1, j+1}, given as the input ``name``."""
    def reference(x, **inputs):
        value = inputs.pop(name)
        Ws, bs = network_layers(inputs)
        Ws = list(Ws)
        k = len(Ws) if layer == -1 else layer
        Ws[k - 1] = _with_entry(Ws[k - 1], value, i, j)
        return _sigmoid_network(x, Ws, bs)
    return reference


def _parameters(Ws, bs) -> list[torch.Tensor]:
    return [t for pair in zip(Ws, bs) for t in pair]


def _leaves(layers) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
    Ws, bs = network_layers(layers)
    return ([w.detach().clone().requires_grad_(True) for w in Ws], [b.detach().clone().requires_grad_(True) for b in bs])


def _flat(tensors) -> torch.Tensor:
    return torch.cat([t.reshape(-1) for t in tensors]).detach()


def _sgd(Ws, bs, cost_of, lr: float):
    """One step of plain gradient descent on every weight and bias: θ ← θ - lr ∂C/∂θ (torch autograd)."""
    grads = torch.autograd.grad(cost_of(Ws, bs), _parameters(Ws, bs))
    new = [(t - lr * g).detach().requires_grad_(True) for t, g in zip(_parameters(Ws, bs), grads)]
    return new[0::2], new[1::2]


def _ce(X, Y):
    """The code's cost on examples (rows of X, labels Y), averaged: its gradient is train_batch's."""
    return lambda Ws, bs: _cross_entropy(_output_logits(X, Ws, bs), F.one_hot(Y, 10).to(torch.float64)).mean()


def _parameter_count(widths, **_):
    return torch.tensor(float(sum(t.numel() for k in range(len(widths) - 1)
                                  for t in torch.nn.Linear(widths[k], widths[k + 1], device="meta").parameters())),
                        dtype=torch.float64)


def _descent_sign_reference(x, y, **layers):
    Ws, bs = _leaves(layers)
    grads = torch.autograd.grad(_ce(x, y)(Ws, bs), _parameters(Ws, bs))
    return -torch.sign(_flat(grads))


def _gradient_descent_reference(x, y, alpha, iterations, **layers):
    Ws, bs = _leaves(layers)
    for _ in range(int(iterations)):
        Ws, bs = _sgd(Ws, bs, _ce(x, y), float(alpha))
    return _flat(_parameters(Ws, bs))


def _per_example_reference(X, Y, epochs, learning_rate, **layers):
    """Stochastic gradient descent, one example at a time, in order, ``epochs`` times."""
    Ws, bs = _leaves(layers)
    for _ in range(int(epochs)):
        for k in range(Y.shape[0]):
            Ws, bs = _sgd(Ws, bs, _ce(X[k:k + 1], Y[k:k + 1]), float(learning_rate))
    return _flat(_parameters(Ws, bs))


# --- domains ------------------------------------------------------------------------------------

def _with_scalar(strategy, name: str, low: float, high: float):
    return strategy.flatmap(lambda case: st.floats(low, high).map(lambda v: {**case, name: np.float64(v)}))


def _with_entry_input(strategy, name: str, layer: int, i: int, j: int):
    """Adds the entry (i, j) of W{layer} (the last layer for -1) as the scalar input ``name``."""
    def add(case):
        k = network_depth(case) if layer == -1 else layer
        return {**case, name: np.array(case[f"W{k}"][i, j])}
    return strategy.map(add)


def _classes(**kw):
    return _networks(n_out=10, targets="classes", **kw)


def _descent_cases():
    return _with_scalar(_classes(), "alpha", 0.05, 3.0).flatmap(
        lambda c: st.integers(1, 4).map(lambda k: {**c, "iterations": k}))


def _per_example_cases(epochs=(1, 2)):
    return _with_scalar(_classes(batch=(1, 4)), "learning_rate", 0.05, 3.0).flatmap(
        lambda c: st.integers(*epochs).map(lambda k: {**c, "epochs": k}))


@st.composite
def _layer_entry(draw) -> dict[str, Any]:
    """One layer (w, a^{l-1}, b) and the indices (i, j) of one of its weights, from 1."""
    case = draw(_single_layer())
    n_l, n_prev = case["w"].shape
    return {**case, "i": draw(st.integers(1, n_l)), "j": draw(st.integers(1, n_prev))}


def _one_layer_after():
    """z^{L-1} (entries in [-4, 4]) and the last layer after it."""
    return networks(depth=(1, 1), inputs=(-4.0, 4.0)).map(
        lambda n: {"z": n["x"], **{k: v for k, v in n.items() if k != "x"}})


# --- adapters (glue around the printed sentences) --------------------------------------------------

def _flat_net(net) -> np.ndarray:
    return np.concatenate([t.ravel() for layer in net.layers for t in (layer.weights, layer.biases)])


def _count_arguments(x, **layers):
    return s.cost_arguments(*network_layers(layers))


def _all_gradients(grad_out, x, **layers):
    """The four equations of "Généralisation", every weight and bias, the cost entering as cost'(a^L)."""
    dW, db = p.generalisation(*network_layers(layers), x, grad_out)
    return {name: g for k in range(len(dW)) for name, g in ((f"W{k + 1}", dW[k]), (f"b{k + 1}", db[k]))}


def _code_directions(x, y, **layers):
    wg, bg = p.network_backprop(_network_of(layers), x, y)
    return np.concatenate([s.descent_direction(g).ravel() for pair in zip(wg, bg) for g in pair])


def _output_after_L(x, **layers):
    return s.output_of_L_layers(*network_layers(layers), x)


def _through_weight_links(grad_out, w, a_prev, b):
    n_i, n_j = w.shape
    ga, gw = np.zeros(n_j), np.zeros((n_i, n_j))
    for i in range(n_i):
        for j in range(n_j):
            rate_a, rate_w = s.weight_link(w, a_prev, i, j)
            ga[j] += grad_out[i] * rate_a
            gw[i, j] = grad_out[i] * rate_w
    return {"a_prev": ga, "w": gw}


def _through_bias_links(grad_out, w, a_prev, b):
    n = len(b)
    return {"b": np.array([sum(grad_out[k] * s.bias_link(i, k) for k in range(n)) for i in range(n)])}


def _size_as_printed(w, a_prev, b, i, j):
    return s.weight_matrix_size(i, j)


def _size_corrected(w, a_prev, b, i, j):
    return s.weight_matrix_size_corrected(len(b), len(a_prev))


def _widths_as_printed(w, a_prev, b):
    return s.widths_as_printed(len(b))


def _widths_corrected(w, a_prev, b):
    return s.widths_corrected(len(a_prev), len(b))


def _descend(x, y, alpha, iterations, **layers):
    return _flat_net(s.gradient_descent(_network_of(layers), x, y, float(alpha), int(iterations)))


def _code_learning_rate(w, grad, alpha):
    layer = object.__new__(p.Layer)
    layer.weights = np.array(w, dtype=float)
    p.layer_update_weights(layer, grad, alpha)
    return layer.weights


def _example_entry(grad_out, x, w2_43, **layers):
    dW, _ = p.generalisation(*network_layers(layers), x, grad_out)
    return {"w2_43": s.example_partial(dW)}


def _pair_lengths(x, y, **layers):
    X, T = s.training_pair(x, y)
    return np.array([len(X), len(T)])


def _output_as_y(x, y, **layers):
    return s.output_named_y(_network_of(layers), x)


def _labels_as_t(x, y, **layers):
    return s.labels_named_t(y)


def _on_output_error(relation):
    def adapter(z, target):
        return {"z": relation(p.sigmoid(z), target)}
    return adapter


def _deltas(Ws, bs, x, grad_out):
    """δ^L, ..., δ^1 by the printed formulas (glue: the claims judge what is made of them), with a^0..a^L."""
    z, a = p.forward_vector(Ws, bs, x)
    L = len(Ws)
    delta = {L: p.delta_last(z[L], grad_out)}
    for l in range(L - 1, 0, -1):
        delta[l] = p.delta_recursion(z[l], Ws[l], delta[l + 1])
    return delta, a


def _last_from_delta(grad_out, x, **layers):
    Ws, bs = network_layers(layers)
    delta, a = _deltas(Ws, bs, x, grad_out)
    L = len(Ws)
    return {f"W{L}": s.weight_gradient_from_error(delta[L], a[L - 1])}


def _every_layer_from_delta(grad_out, x, **layers):
    Ws, bs = network_layers(layers)
    delta, a = _deltas(Ws, bs, x, grad_out)
    return {f"W{l}": s.weight_gradient_from_error(delta[l], a[l - 1]) for l in range(1, len(Ws) + 1)}


def _penultimate_error(grad_out, z, **layers):
    (w_last,), (b_last,) = network_layers(layers)
    delta_last = p.delta_last(np.dot(w_last, p.sigmoid(z)) + b_last, grad_out)
    return {"z": s.previous_layer_error(z, w_last, delta_last)}


def _one_pass_counts(x, y, **layers):
    """Layers aggregated (forward), deltas obtained (backward), partial derivatives returned, by one call of the
    code's backprop."""
    net = _network_of(layers)
    calls = []
    for layer in net.layers:
        layer.aggregation = lambda data, f=layer.aggregation: (calls.append(1), f(data))[1]
    wg, bg = p.network_backprop(net, x, y)
    return np.array([len(calls), len(bg), sum(g.size for g in wg) + sum(g.size for g in bg)])


def _one_pass_reference(x, y, **layers):
    Ws, bs = network_layers(layers)
    return torch.tensor([len(Ws), len(bs), sum(t.numel() for t in _parameters(Ws, bs))], dtype=torch.float64)


def _pseudo_code(X, Y, epochs, learning_rate, **layers):
    return _flat_net(s.train_per_example(_network_of(layers), X, Y, int(epochs), float(learning_rate)))


