"""The "Tutoriel deep learning, deuxième partie" catalogue: quotes are verbatim, claims hold, broken copies
are caught."""

from __future__ import annotations

import numpy as np
import pytest

from oracle.claims import Status
from oracle.domains import network_depth, network_layers
from oracle.forms import scalar_gradients, vjp
from oracle.run.runner import RunConfig, run_claim
from reference import tutoriel_backprop as catalogue
from reference.tutoriel_backprop import printed as doc
from reference.tutoriel_backprop import wiring
from tests.reference import breaker

_CONFIG = RunConfig(examples=15, seed=0)
_BY_ID = {c.id: c for c in catalogue.CLAIMS}
_broken = breaker(catalogue.CLAIMS)


# --- deliberately broken copies of holding claims ---------------------------------------------------

def _dw_last_without_sigma_prime(grad_out, x, **layers):
    """∂C/∂w^L_ij = a^{L-1}_j cost'(a^L_i): the σ'(z^L_i) factor dropped."""
    z, a = doc.forward_vector(*network_layers(layers), x)
    return {f"W{network_depth(layers)}": np.outer(grad_out, a[-2])}


def _recursion_without_sigma_prime(grad_out, z, **layers):
    """δ^l = w^{l+1 T} δ^{l+1}: the σ'(z^l) factor dropped at every step."""
    Ws, bs = network_layers(layers)
    zs, _ = doc.forward_vector(Ws, bs, doc.sigmoid(z))
    delta = doc.delta_last(zs[-1], grad_out)
    for k in range(len(Ws) - 1, -1, -1):
        delta = Ws[k].T @ delta
    return {"z": delta}


def _by_layer(wg, bg):
    return {name: g for k in range(len(wg)) for name, g in ((f"W{k + 1}", wg[k]), (f"b{k + 1}", bg[k]))}


def _backprop_with_quadratic_delta(x, y, **layers):
    """Network.backprop with the quadratic cost's δ^L = σ'(z)(a - t) instead of a - t."""
    net = wiring._network_of(layers)
    net.get_output_delta = lambda z, a, target: doc.sigmoid_prime(z) * (a - target)
    return _by_layer(*net.backprop(x, y))


def _backprop_without_transpose(x, y, **layers):
    """Network.backprop with np.dot(next_layer.weights, delta): the transpose dropped."""
    net = wiring._network_of(layers)
    acts, zs = [x], []
    for layer in net.layers:
        zs.append(layer.aggregation(acts[-1]))
        acts.append(layer.activation(zs[-1]))
    deltas = [acts[-1] - doc.to_one_hot(int(y), 10)]
    for l in reversed(range(len(net.layers) - 1)):
        deltas.append(doc.sigmoid_prime(zs[l]) * np.dot(net.layers[l + 1].weights, deltas[-1]))
    deltas = deltas[::-1]
    return _by_layer([np.outer(d, a) for d, a in zip(deltas, acts)], deltas)


def _output_delta_sign_flipped(z, target):
    return {"z": target - doc.sigmoid(z)}


def _train_batch_summing(X, Y, learning_rate, **layers):
    """train_batch without the division by the batch size (the gradient of the summed cost)."""
    net = wiring._network_of(layers)
    grads_w = [np.zeros(layer.weights.shape) for layer in net.layers]
    grads_b = [np.zeros(layer.biases.shape) for layer in net.layers]
    for x, y in zip(X, Y):
        gw, gb = net.backprop(x, y)
        grads_w = [a + b for a, b in zip(grads_w, gw)]
        grads_b = [a + b for a, b in zip(grads_b, gb)]
    return _by_layer(grads_w, grads_b)


_HOLDING = ["tutoriel-backprop/dc-dw-last-layer", "tutoriel-backprop/delta-recursion", "tutoriel-backprop/backprop",
            "tutoriel-backprop/get-output-delta", "tutoriel-backprop/train-batch"]

_BROKEN = [
    pytest.param("tutoriel-backprop/dc-dw-last-layer", r"a^{L-1}_j\,cost'(a^L_i)", vjp(_dw_last_without_sigma_prime),
                 id="dense-last-layer-sigma-prime-dropped"),
    pytest.param("tutoriel-backprop/delta-recursion", r"\delta^l = w^{l+1\,T}\delta^{l+1}",
                 vjp(_recursion_without_sigma_prime), id="delta-recursion-sigma-prime-dropped"),
    pytest.param("tutoriel-backprop/backprop", r"\delta^L = \sigma'(z)(a - t)",
                 scalar_gradients(_backprop_with_quadratic_delta), id="backprop-quadratic-cost-delta"),
    pytest.param("tutoriel-backprop/get-output-delta", r"t - a", scalar_gradients(_output_delta_sign_flipped),
                 id="cross-entropy-delta-sign-flipped"),
    pytest.param("tutoriel-backprop/train-batch", r"\sum_x \partial C_x/\partial\theta",
                 scalar_gradients(_train_batch_summing), id="train-batch-not-averaged"),
]


@pytest.mark.parametrize("claim_id, latex, impl", _BROKEN)
def test_a_deliberately_broken_copy_is_an_erratum(claim_id, latex, impl):
    """A dropped σ' factor, the quadratic cost's δ^L, a sign or a lost 1/m is an erratum."""
    result = run_claim(_broken(claim_id, latex, impl), _CONFIG)
    assert result.observed is Status.ERRATUM, result.note


def test_a_missing_transpose_does_not_run():
    """With 10 outputs and hidden widths of at most 8, np.dot(w^{l+1}, δ^{l+1}) cannot even be formed: the
    shape error is reported as 'does not run' (networks of depth 1 have no recursion and pass)."""
    broken = _broken("tutoriel-backprop/backprop", r"\delta^l = \sigma'(z^l) \odot w^{l+1}\delta^{l+1}",
                     scalar_gradients(_backprop_without_transpose))
    result = run_claim(broken, _CONFIG)
    assert result.observed is Status.DOES_NOT_RUN, result.note


def test_the_output_delta_is_not_the_quadratic_cost_delta():
    """a - t (the code) and σ'(z)(a - t) (the text's formula with the quadratic cost) differ."""
    z = np.array([0.3, -1.2, 2.0])
    t = np.array([0.0, 1.0, 0.0])
    a = doc.sigmoid(z)
    assert not np.allclose(doc.Network.get_output_delta(None, z, a, t), doc.delta_last(z, a - t))
