"""The wiring of the claims on "Le code" that ``wiring`` does not cover (shapes, the loader's scaling, ``train``,
the comments), and on the closing sections of 000_88c507be81c046c9.txt.

* Shapes are judged against torch's own fully connected layers (``nn.Linear``, built on the meta device: no
  draw from any random generator); the printed layers' random initialisation runs with numpy's global state
  saved and restored.
* ``Network.train`` shuffles with scikit-learn before each epoch.  It is judged on cases whose result does not
  depend on the order: either one mini-batch holds every example (``batch_size`` at least the number of
  examples), or every example is the same; the torch reference runs mini-batch gradient descent in the given
  order.  The second kind still counts the batches, the last, partial one included (``Y.size`` of each batch).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from hypothesis import strategies as st

from oracle.domains import network_layers, networks
from reference.tutoriel_backprop import printed as p
from reference.tutoriel_backprop.wiring import _network_of
from reference.tutoriel_backprop.wiring_text import _ce, _flat, _leaves, _parameters, _sgd

_CELEBRATION = "Célébration"
_FURTHER = "Pour aller plus loin"

#: The accuracies the document's log shows after training (lines 528-530), as printed.
LOGGED = (92.78, 94.14, 95.13)


# --- torch references ----------------------------------------------------------------------------

def _linear(n_in: int, n_out: int) -> torch.nn.Linear:
    return torch.nn.Linear(n_in, n_out, device="meta")


def _weight_shape(size, input_size):
    return torch.tensor(_linear(input_size, size).weight.shape, dtype=torch.float64)


def _bias_shape(size, input_size):
    return torch.tensor(_linear(input_size, size).bias.shape, dtype=torch.float64)


def _stacked_shapes(widths):
    return torch.tensor([d for k in range(len(widths) - 1) for d in _linear(widths[k], widths[k + 1]).weight.shape],
                        dtype=torch.float64)


def _minibatch_reference(X, Y, steps, learning_rate, batch_size, **layers):
    """Mini-batch gradient descent: ``steps`` epochs over the examples in order, batches of ``batch_size`` (the
    last one smaller), each step on its batch's mean cost."""
    Ws, bs = _leaves(layers)
    n = Y.shape[0]
    for _ in range(int(steps)):
        for start in range(0, n, int(batch_size)):
            Ws, bs = _sgd(Ws, bs, _ce(X[start:start + int(batch_size)], Y[start:start + int(batch_size)]),
                          float(learning_rate))
    return _flat(_parameters(Ws, bs))


def _activations_reference(x, **layers):
    """[a^0 = x, a^1, ..., a^L] of the sigmoid network, concatenated."""
    out, a = [x], x
    for w, b in zip(*network_layers(layers)):
        a = torch.sigmoid(torch.nn.functional.linear(a, w, b))
        out.append(a)
    return torch.cat(out)


def _above_95_reference():
    """Whether the accuracy the document's log shows exceeds 95%."""
    return torch.tensor(float(max(LOGGED) > 95.0), dtype=torch.float64)


# --- domains ------------------------------------------------------------------------------------

def _sizes():
    return st.fixed_dictionaries({"size": st.integers(1, 8), "input_size": st.integers(1, 8)})


def _widths():
    return st.fixed_dictionaries({"widths": st.lists(st.integers(1, 8), min_size=2, max_size=5).map(tuple)})


def _pixels():
    return st.integers(1, 6).flatmap(lambda m: st.integers(1, 12).flatmap(lambda k: st.fixed_dictionaries({
        "X": st.lists(st.sampled_from((0, 255)) | st.integers(0, 255), min_size=m * k, max_size=m * k).map(
            lambda v: np.array(v, dtype=np.int64).reshape(m, k))})))


@st.composite
def _train_cases(draw) -> dict[str, Any]:
    """A network, examples and the arguments of ``train``, on which the shuffle cannot change the result."""
    case = draw(networks(depth=(1, 3), width=(1, 6), n_out=10, batch=(1, 6), targets="classes"))
    m = case["Y"].shape[0]
    if draw(st.booleans()):                          # one batch holds every example
        batch_size = draw(st.integers(m, m + 3))
    else:                                            # the same example m times, batches of any size
        case = {**case, "X": np.repeat(case["X"][:1], m, axis=0), "Y": np.repeat(case["Y"][:1], m)}
        batch_size = draw(st.integers(1, m))
    return {**case, "steps": draw(st.integers(1, 2)), "learning_rate": np.float64(draw(st.floats(0.05, 3.0))),
            "batch_size": batch_size}


# --- adapters -------------------------------------------------------------------------------------

def _with_numpy_state(run):
    """Runs ``run()`` with numpy's global random state saved and restored (the printed code draws from it)."""
    state = np.random.get_state()
    try:
        return run()
    finally:
        np.random.set_state(state)


def _new_layer(size, input_size):
    layer = object.__new__(p.Layer)
    _with_numpy_state(lambda: p.layer_init(layer, size, input_size))
    return layer


def _printed_weight_shape(size, input_size):
    return np.array(_new_layer(size, input_size).weights.shape)


def _printed_bias_shape(size, input_size):
    return np.array(_new_layer(size, input_size).biases.shape)


def _added_layers(widths):
    net = object.__new__(p.Network)
    net.input_dim, net.layers = widths[0], []
    for size in widths[1:]:
        _with_numpy_state(lambda: p.network_add_layer(net, size))
    return np.array([d for layer in net.layers for d in layer.weights.shape])


def _trained(X, Y, steps, learning_rate, batch_size, **layers):
    net = _network_of(layers)
    _with_numpy_state(lambda: p.network_train(net, X, Y, steps=steps, learning_rate=float(learning_rate),
                                              batch_size=batch_size))
    return np.concatenate([t.ravel() for layer in net.layers for t in (layer.weights, layer.biases)])


def _listed_activations(x, **layers):
    return np.concatenate(p.backprop_forward_pass(_network_of(layers), x))


def _code_layer(w, a_prev, b):
    layer = object.__new__(p.Layer)
    layer.weights, layer.biases = w, b
    return p.layer_aggregation(layer, a_prev)


def _mnist_sizes():
    """MNIST's sizes: the 60 000 training images the code keeps (``X[:60000]``) and the 10 000 test images after
    them, each 28 × 28 pixels (``Network(input_dim=784)``)."""
    return {"X rows": 60000 + 10000, "X columns": 28 * 28, "y entries": 60000 + 10000}
