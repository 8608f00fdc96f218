"""The "Tutoriel deep learning, deuxième partie" claims on sentences, notation and the rest of the code: the
transcriptions are the document's, each check catches a broken copy, and the findings say what the review found."""

from __future__ import annotations

import ast
import inspect
import textwrap

import numpy as np
import pytest

from oracle.claims import Status
from oracle.domains import network_layers
from oracle.forms import vjp
from oracle.run.runner import RunConfig, run_claim
from reference import tutoriel_backprop as catalogue
from reference.tutoriel_backprop import listing, sentences, wiring, wiring_layers
from reference.tutoriel_backprop import printed as doc
from tests.reference import breaker

_CONFIG = RunConfig(examples=15, seed=0)
_BY_ID = {c.id: c for c in catalogue.CLAIMS}
_broken = breaker(catalogue.CLAIMS)


# --- the transcriptions are the document's -------------------------------------------------------

@pytest.mark.parametrize("function", [doc.Network.train, doc.backprop_forward_pass, doc.Layer.__init__,
                                      doc.Layer.aggregation, doc.Network.add_layer],
                         ids=lambda f: f.__qualname__)
def test_every_line_of_the_transcribed_code_is_in_the_listing(function):
    """Network.train and the forward pass of backprop, line for line as the listing prints them (the forward pass
    adds only its ``return``)."""
    listed = {line.strip() for line in listing.MNIST2.splitlines()}
    source = textwrap.dedent(inspect.getsource(function))
    body = ast.parse(source).body[0].body
    if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):  # a docstring of ours
        body = body[1:]
    code = [line.strip() for line in source.splitlines()[body[0].lineno - 1:] if line.strip()]
    missing = [line for line in code if line not in listed and line != "return activations"]
    assert not missing


def test_the_sentence_claims_are_in_the_documents_order():
    """The text's claims (notation, then layers), then the code's, then the derivations."""
    ids = [c.id for c in catalogue.CLAIMS]
    assert ids.index("tutoriel-backprop/cost-arguments") == 0
    assert ids.index("tutoriel-backprop/pseudo-code") < ids.index("tutoriel-backprop/perturbation-index")
    assert ids.index("tutoriel-backprop/average-errors") < ids.index("tutoriel-backprop/mnist-sorted")
    assert ids.index("tutoriel-backprop/fully-connected") < ids.index("tutoriel-backprop/derivation-dc-dw-l11")


def test_the_shuffle_stand_in_permutes_the_arrays_alike():
    X, Y = np.arange(12.0).reshape(6, 2), np.arange(6)
    Xs, Ys = doc.shuffle(X, Y)
    assert np.array_equal(Xs[:, 0] // 2, Ys) and sorted(Ys) == list(range(6))


# --- the notes and caveats, on the review's own numbers ---------------------------------------------

def test_e_is_minus_the_delta_the_code_uses():
    """N1: with the review's z = (2, -1, 0), T = (1, 1, 0), E = T - Y is -(a - target)."""
    z, t = np.array([2.0, -1.0, 0.0]), np.array([1.0, 1.0, 0.0])
    y = doc.sigmoid(z)
    assert np.allclose(sentences.error_as_delta(y, t), -doc.Network.get_output_delta(None, z, y, t))
    assert np.allclose(sentences.delta_is_minus_error(y, t), [-0.1192, -0.7311, 0.5], atol=1e-4)


def test_the_coupled_cost_of_the_review_has_no_cost_prime():
    """C1: C = -log(a_1 / Σ a) at a_1 = 0.6 gives -0.7576 or -1.1111 depending on a_2 (the review's numbers)."""
    t = np.array([1.0, 0.0, 0.0])
    got = [sentences.cost_gradient(np.array([0.6, a2, 0.3]), t, "normalised-nll")[0] for a2 in (0.2, 0.9)]
    assert np.allclose(got, [-0.7576, -1.1111], atol=1e-4)
    assert sentences.cost_prime(0.6, 1.0, "normalised-nll") == pytest.approx(-1 / 0.6)


def test_averaging_the_errors_differs_from_averaging_the_gradients():
    """N5: the review's bilinearity argument on two examples."""
    deltas, acts = [np.array([1.0, 0.0]), np.array([0.0, 1.0])], [np.array([1.0, 2.0]), np.array([3.0, 4.0])]
    by_errors, _ = sentences.average_errors_gradient(deltas, acts)
    by_gradients, _ = sentences.average_gradients(deltas, acts)
    assert not np.allclose(by_errors, by_gradients)


def test_the_average_of_gradients_is_what_train_batch_descends_along():
    """The correction of average-errors is the code's own mini-batch gradient."""
    case = next(iter(_cases(_BY_ID["tutoriel-backprop/average-errors"], 3)))
    ours = wiring_layers._averaged(sentences.average_gradients)(**case)
    code = wiring._descent_direction(doc.network_train_batch)(learning_rate=np.float64(0.5), **case)
    assert all(np.allclose(ours[k], code[k]) for k in ours)


def test_both_increments_agree_on_a_network_of_one_layer():
    """N2 matters from L = 2 on: with one layer, w^1_11 is w^L_11."""
    rng = np.random.default_rng(0)
    Ws = [rng.uniform(-1, 1, (3, 2))]
    assert np.array_equal(sentences.perturb_as_printed(Ws, 0.1)[0], sentences.perturb_corrected(Ws, 0.1)[0])


def test_the_exact_change_is_the_difference_and_the_first_order_one_is_not():
    """N3 for σ at the review's scale: Δa = ∫ σ' exactly, σ'(z) Δz only to first order."""
    z, dz = np.array([0.3, -1.0]), 0.5
    exact = doc.sigmoid(z + dz) - doc.sigmoid(z)
    assert np.allclose(wiring_layers._sigmoid_exact(z, dz), exact, rtol=0, atol=1e-15)
    assert not np.allclose(wiring_layers._sigmoid_first_order(z, dz), exact, atol=1e-4)


# --- deliberately broken copies of holding claims are caught ----------------------------------------

def _cases(claim, n):
    from hypothesis import HealthCheck, given, settings

    out = []

    @settings(max_examples=n, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(claim.check.domain())
    def collect(case):
        out.append(case)

    collect()
    return out


def _links_shifted(grad_out, w, a_prev, b):
    """w^l_ij read as joining neuron i of layer l to neuron j + 1 of layer l - 1."""
    n_j = len(a_prev)
    return {"a_prev": np.array([grad_out @ w[:, (j + 1) % n_j] for j in range(n_j)]), "w": np.outer(grad_out, a_prev)}


def _rate_of_activation(x, dw, **layers):
    """∂z^L_1/∂w^L_11 taken as a^L_1 instead of a^{L-1}_1."""
    z, a = doc.forward_vector(*network_layers(layers), x)
    return sentences.first_order_change(a[-1][0], dw)


def _first_batch_only(X, Y, steps, learning_rate, batch_size, **layers):
    """Network.train that trains on the first mini-batch of each epoch only."""
    net = wiring._network_of(layers)
    for _ in range(steps):
        doc.network_train_batch(net, X[:batch_size], Y[:batch_size], float(learning_rate))
    return np.concatenate([t.ravel() for layer in net.layers for t in (layer.weights, layer.biases)])


def _two_forward_passes(x, y, **layers):
    """A backprop that runs the network forward before its own forward pass."""
    net = wiring._network_of(layers)
    calls = []
    for layer in net.layers:
        layer.aggregation = lambda data, f=layer.aggregation: (calls.append(1), f(data))[1]
    doc.network_feedforward(net, x)
    wg, bg = doc.network_backprop(net, x, y)
    return np.array([len(calls), len(bg), sum(g.size for g in wg) + sum(g.size for g in bg)])


def _bias_of_neuron_one(grad_out, w, a_prev, b):
    """Every neuron's bias taken as the first neuron's."""
    return {"b": np.r_[grad_out.sum(), np.zeros(len(b) - 1)]}


def _wrong_entry(grad_out, x, w2_43, **layers):
    """∂C/∂w^2_34: the indices read the other way round."""
    dW, _ = doc.generalisation(*network_layers(layers), x, grad_out)
    return {"w2_43": dW[1][2, 3]}


_BROKEN = [
    pytest.param("tutoriel-backprop/weight-indices", vjp(_links_shifted), id="weight-links-shifted"),
    pytest.param("tutoriel-backprop/bias-index", vjp(_bias_of_neuron_one), id="bias-of-neuron-one"),
    pytest.param("tutoriel-backprop/example-partial", vjp(_wrong_entry), id="example-entry-swapped"),
    pytest.param("tutoriel-backprop/first-order-dz", _rate_of_activation, id="first-order-dz-wrong-rate"),
    pytest.param("tutoriel-backprop/train", _first_batch_only, id="train-first-batch-only"),
    pytest.param("tutoriel-backprop/one-pass", _two_forward_passes, id="one-pass-two-forward-passes"),
    pytest.param("tutoriel-backprop/training-pair", lambda x, y, **layers: np.array([len(x), 9]),
                 id="training-pair-docstring-length"),
    pytest.param("tutoriel-backprop/above-95", lambda: 0.0, id="above-95-denied"),
]


@pytest.mark.parametrize("claim_id, impl", _BROKEN)
def test_a_deliberately_broken_copy_is_an_erratum(claim_id, impl):
    result = run_claim(_broken(claim_id, "broken", impl), _CONFIG)
    assert result.observed is Status.ERRATUM, result.note


def test_the_per_output_reading_fails_only_on_a_cost_that_couples_the_outputs():
    claim = _BY_ID["tutoriel-backprop/per-output-cost"]
    result = run_claim(claim, _CONFIG)
    assert result.observed is Status.CONDITIONAL and result.correction_verdict is Status.HOLDS
    assert result.region_verdicts["printed/domain"] is Status.HOLDS
