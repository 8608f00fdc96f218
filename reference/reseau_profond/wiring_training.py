"""The wiring of the training claims of 002_c565116afbd152b8.txt (In [13], "Entrainement du modèle"): the output
layer's gradient, the first batch of In [42], the costs train_model keeps, the descent step.  Shared pieces
(torch references of the network, domains, the rebinding of printed code to the corrected forward pass) are
in ``wiring``."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import strategies as st

from oracle import Condition, Status
from oracle.domains import EDGES, labels, network_parameters, probabilities, reals, same_shape, shapes
from reference.reseau_profond import printed as p
from reference.reseau_profond.wiring import (
    _deep_networks,
    _network_cost,
    _parameters,
    _rng,
    _with_corrected_forward,
)


def _bce_logits_elementwise(Z_last, y_batch):
    """Binary cross-entropy of sigmoid(Z_L) against Y, entry by entry, from the logits (torch's own op)."""
    return F.binary_cross_entropy_with_logits(Z_last, y_batch, reduction="none")


def _output_dZ(d_a_last):
    """dZ_L the notebook's way: In [13]'s dA_last of A_L = sigmoid(Z_L), then In [12]'s dA * d_sigmoid(Z_L)."""
    def dZ(Z_last, y_batch):
        return d_a_last(p.sigmoid(Z_last), y_batch) * p.d_sigmoid(Z_last)
    dZ.__name__ = d_a_last.__name__
    return dZ


def _logits(low, high):
    return lambda s: reals(shape=s, low=low, high=high, edges=EDGES["kink"] + EDGES["saturation"])


def _output_layer(logits):
    """Logits Z_L (n_L, m) and targets Y: 0/1 labels or soft targets."""
    return lambda: same_shape(shapes(min_dims=2, max_dims=2), Z_last=logits,
                              y_batch=lambda s: st.one_of(labels(shape=s), probabilities(shape=s)))


_SATURATED = Condition(
    "sigmoid(Z_L) rounds to exactly 1.0 (Z_L > 36.7) or 0.0 (Z_L < -709.78): dA_last divides by 0 and "
    "dA_last * d_sigmoid(Z_L) is inf * 0 = NaN",
    _output_layer(lambda s: st.one_of(reals(shape=s, low=37.0, high=1e3, edges=(37.0, 40.0)),
                                      reals(shape=s, low=-1e3, high=-710.0, edges=(-710.0, -745.0)))),
    meaning=Status.UNSTABLE,
)

#: In [42]'s network: 784 pixels, relu 50, relu 25, sigmoid 10, learning rate 0.01, one batch of 64 images.
_IN_42 = dict(layer_dimensions=[28 * 28, 50, 25, 10], layer_activations=['relu', 'relu', 'sigmoid'], epochs=1,
              batch_size=64, show_cost=False)


def _batch_42(rng, pixel_scale, seed):
    """One batch of 64 images through In [42]'s network from the printed initialisation (np.random.seed(seed),
    then np.random.randn per layer).  Standardised pixels (``pixel_scale`` 1: In [15]'s x_train_norm, whose
    squared norm is the number of pixels that vary, up to 784) or faint ones (a small ``pixel_scale``)."""
    m = _IN_42["batch_size"]
    X = rng.standard_normal((28 * 28, m)) * pixel_scale
    Y = np.zeros((10, m))
    Y[rng.integers(0, 10, m), np.arange(m)] = 1.0
    return {"X": X, "Y": Y, **_IN_42, "learning_rate": np.float64(0.01), "seed": seed}


def _first_batch_42(pixel_scale=1.0):
    """In [42]'s own first batch: ``np.random.seed(0)`` as printed, 64 images (one case: the claim is about this run's
    initialisation, not a family of networks)."""
    return st.builds(lambda: _batch_42(np.random.default_rng(42), pixel_scale, seed=0))


_STANDARDISED_42 = Condition(
    "In [42]'s own regime: standardised images (x_train_norm) through the unscaled np.random.randn weights give "
    "logits of standard deviation about 420, so sigmoid(Z_L) rounds to 0 or 1 in the first batch",
    lambda: _first_batch_42(pixel_scale=1.0),
    meaning=Status.UNSTABLE,
)


def _one_cost_per_epoch(X, Y, layer_dimensions, layer_activations, learning_rate, epochs, batch_size, seed, show_cost):
    """How many costs train_model should return: one per epoch, what plot.plot(range(epochs), costs), the title
    'Cost, by epochs' and the log's 'Epoch #e' lines expect."""
    return torch.tensor(float(epochs), dtype=torch.float64)


def _cost_count(train):
    """len(costs) of a train_model variant (rebound to the corrected forward pass) from np.random.seed(seed)."""
    fn = _with_corrected_forward(train)

    def impl(X, Y, layer_dimensions, layer_activations, learning_rate, epochs, batch_size, seed, show_cost):
        state = np.random.get_state()
        try:
            np.random.seed(seed)
            with np.errstate(all="ignore"):
                _, costs = fn(X, Y, layer_dimensions, layer_activations, learning_rate=float(learning_rate),
                              epochs=epochs, batch_size=batch_size, show_cost=show_cost)
        finally:
            np.random.set_state(state)
        return np.float64(len(costs))

    impl.__name__ = train.__name__
    return impl


def _flat(parameters, L):
    return np.concatenate([np.ravel(parameters[k + str(i)]) for i in range(1, L + 1) for k in ("W", "b")])


@st.composite
def _update_cases(draw):
    """A network's parameters (notebook layout), gradients of the same shapes, and a learning rate."""
    d = draw(_deep_networks(targets=None))
    rng = _rng(draw)
    case = {k: d[k] for k in network_parameters(d)}
    case.update({"d" + k: rng.uniform(-1.0, 1.0, np.shape(v)) for k, v in list(case.items())})
    case["widths"] = d["widths"]
    case["learning_rate"] = np.float64(draw(st.floats(0.001, 1.0)))
    return case


def _sgd_reference(learning_rate, **arrays):
    """torch.optim.SGD's step on the parameters, with the gradients given."""
    names = network_parameters(arrays)
    params = [torch.nn.Parameter(arrays[k].clone()) for k in names]
    for q, k in zip(params, names):
        q.grad = arrays["d" + k].clone()
    torch.optim.SGD(params, lr=float(learning_rate)).step()
    return torch.cat([q.detach().reshape(-1) for q in params])


def _updated(update):
    def impl(learning_rate, **arrays):
        names = network_parameters(arrays)
        parameters = {k: np.array(arrays[k], dtype=float) for k in names}
        gradients = {"d" + k: np.array(arrays["d" + k], dtype=float) for k in names}
        L = len(names) // 2
        return _flat(update(parameters, gradients, float(learning_rate), L), L)

    impl.__name__ = update.__name__
    return impl


def _descent_cases():
    """A network (examples in columns, binary targets) and a learning rate."""
    return st.tuples(_deep_networks(), st.floats(0.001, 1.0)).map(
        lambda t: {**t[0], "learning_rate": np.float64(t[1])})


def _step_reference(X, Y, activations, learning_rate, **layers):
    """One gradient-descent step on the summed binary cross-entropy, with torch autograd."""
    names = network_parameters(layers)
    leaves = {k: layers[k].detach().clone().requires_grad_(True) for k in names}
    with torch.enable_grad():
        cost = _network_cost(X, Y, activations, **{**layers, **leaves})
        grads = torch.autograd.grad(cost, [leaves[k] for k in names])
    return torch.cat([(leaves[k].detach() - float(learning_rate) * g).reshape(-1) for k, g in zip(names, grads)])


def _stepped(step):
    def impl(X, Y, activations, learning_rate, **layers):
        return _flat(step(X, Y, activations, _parameters(layers), float(learning_rate)), len(activations))

    impl.__name__ = step.__name__
    return impl
