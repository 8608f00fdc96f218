"""The "Réseau profond" catalogue: quotes are verbatim, claims are observed as expected, broken copies are
caught."""

from __future__ import annotations

import numpy as np
import pytest

from oracle.claims import Status
from oracle.domains import network_parameters
from oracle.forms import partial_derivative, scalar_gradients, vjp
from oracle.run.runner import RunConfig, run_claim
from reference import reseau_profond as catalogue
from reference.reseau_profond import printed as doc
from reference.reseau_profond import wiring, wiring_training
from tests.reference import breaker

_CONFIG = RunConfig(examples=15, seed=0)
_BY_ID = {c.id: c for c in catalogue.CLAIMS}
_broken = breaker(catalogue.CLAIMS)


def test_the_printed_forward_pass_raises_type_error():
    """In [11] as printed: layer_forward_pass is called without its activation argument."""
    params = {"W1": np.ones((2, 3)), "b1": np.zeros((2, 1))}
    with pytest.raises(TypeError, match="activation"):
        doc.model_forward_pass(np.ones((3, 4)), ["sigmoid"], params)
    assert doc.model_forward_pass_corrected(np.ones((3, 4)), ["sigmoid"], params)["A1"].shape == (2, 4)


# --- deliberately broken copies of holding claims ---------------------------------------------------

def _layer_backward_without_derivative(grad_out, A_prev, W, b, activation):
    """dZ = dA: the a'(Z) factor dropped."""
    dZ = grad_out
    return {"W": np.dot(dZ, A_prev.T), "b": np.sum(dZ, axis=1, keepdims=True), "A_prev": np.dot(W.T, dZ)}


def _layer_backward_db_averaged(grad_out, A_prev, W, b, activation):
    """db = mean over the examples instead of the sum."""
    Z = np.dot(W, A_prev) + b
    dW, db, dA_prev = doc.layer_backward_pass(grad_out, Z, A_prev, W, activation)
    return {"W": dW, "b": db / A_prev.shape[1], "A_prev": dA_prev}


def _model_backward_activation_off_by_one(X, Y, activations, **layers):
    """model_backward_pass with activations[i-2] for layer i (an off-by-one layer index; -1 wraps to the output)."""
    parameters = wiring._parameters(layers)
    fwd = doc.model_forward_pass_corrected(X, activations, parameters)
    L = len(activations)
    A_last = fwd['A' + str(L)]
    dA = -(np.divide(Y, A_last) - np.divide(1 - Y, 1 - A_last))
    grads = {}
    for i in range(L, 0, -1):
        dW, db, dA = doc.layer_backward_pass(dA, fwd['Z' + str(i)], fwd['A' + str(i - 1)], parameters['W' + str(i)],
                                             activations[i - 2])
        grads[f"W{i}"], grads[f"b{i}"] = dW, db
    return grads


def _model_backward_quadratic_da_last(X, Y, activations, **layers):
    """dA_last = A - Y (the quadratic cost's derivative) fed to the printed model_backward_pass."""
    parameters = wiring._parameters(layers)
    fwd = doc.model_forward_pass_corrected(X, activations, parameters)
    L = len(activations)
    gradients = doc.model_backward_pass(fwd['A' + str(L)] - Y, parameters, fwd, activations)
    return {k: gradients['d' + k] for k in network_parameters(layers)}


def _d_a_last_sign_flipped(A_last, y_batch):
    """-(y/A + (1 - y)/(1 - A)): the sign of the second term flipped."""
    return -(np.divide(y_batch, A_last) + np.divide(1 - y_batch, 1 - A_last))


_BROKEN = [
    pytest.param("reseau-profond/layer-backward-pass", r"dZ = dA", vjp(_layer_backward_without_derivative),
                 id="layer-backward-derivative-dropped"),
    pytest.param("reseau-profond/layer-backward-pass", r"db = \frac{1}{m}\sum dZ", vjp(_layer_backward_db_averaged),
                 id="layer-backward-db-averaged"),
    pytest.param("reseau-profond/model-backward-pass", r"a_{i-1}'", scalar_gradients(_model_backward_activation_off_by_one),
                 id="model-backward-activation-off-by-one"),
    pytest.param("reseau-profond/model-backward-pass", r"dA_L = A_L - Y", scalar_gradients(_model_backward_quadratic_da_last),
                 id="model-backward-quadratic-da-last"),
    pytest.param("reseau-profond/d-a-last", r"-(y/A + (1-y)/(1-A))",
                 partial_derivative(wiring_training._output_dZ(_d_a_last_sign_flipped), "Z_last"),
                 id="bce-derivative-sign-flipped"),
]


@pytest.mark.parametrize("claim_id, latex, impl", _BROKEN)
def test_a_deliberately_broken_copy_is_an_erratum(claim_id, latex, impl):
    """A dropped a'(Z), a mean for a sum, an off-by-one activation, the wrong cost or a sign is an erratum."""
    result = run_claim(_broken(claim_id, latex, impl), _CONFIG)
    assert result.observed is Status.ERRATUM, result.note


def test_train_model_returns_after_one_epoch():
    """The printed train_model (with the corrected forward pass) gives the same parameters for 1 and 3 epochs."""
    train = wiring._with_corrected_forward(doc.train_model)
    X = np.linspace(-1, 1, 8).reshape(2, 4)
    Y = np.array([[0.0, 1.0, 1.0, 0.0]])
    runs = []
    for epochs in (1, 3):
        np.random.seed(0)
        params, costs = train(X, Y, [2, 3, 1], ['tanh', 'sigmoid'], learning_rate=0.1, epochs=epochs, batch_size=2)
        runs.append((params, len(costs)))
    assert runs[0][1] == runs[1][1] == 2  # one epoch of two batches, whatever epochs is
    assert all(np.array_equal(runs[0][0][k], runs[1][0][k]) for k in runs[0][0])
