"""The "Réseau profond" review's findings, reproduced on the catalogue's printed forms: the cells and printouts of
In [42] and In [43] are the document's, each finding the review confirms by a computation is observed the same way
here, and deliberately broken copies of the new holding claims (a wrong count, shape, sign or figure) are caught."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pytest

from oracle import FigureCheck, Form, Rounding
from oracle.checks.outcome import CaseStatus
from oracle.claims import Status
from oracle.run.runner import RunConfig, run_claim
from reference import reseau_profond as catalogue
from reference.reseau_profond import listing as notebook
from reference.reseau_profond import printed as doc
from reference.reseau_profond import sentences, wiring, wiring_results, wiring_training
from tests.documents import document_text
from tests.reference import breaker

_CONFIG = RunConfig(examples=15, seed=0)
_BY_ID = {c.id: c for c in catalogue.CLAIMS}
_broken = breaker(catalogue.CLAIMS)


def _lines(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines())


@pytest.mark.parametrize("number", [42, 43])
def test_the_second_runs_cells_are_the_documents_verbatim(number):
    text = _lines(document_text("002_c565116afbd152b8.txt"))
    assert _lines(f"In [{number}]: " + getattr(notebook, f"IN_{number}")) in text


def test_the_second_runs_printouts_are_the_documents():
    text = _lines(document_text("002_c565116afbd152b8.txt"))
    assert _lines(notebook.LOG_42.text) in text and _lines(notebook.ACCURACY_43.text) in text


def test_the_claims_follow_the_document():
    """Claims in the document's order: by the position of their quote."""
    text = document_text("002_c565116afbd152b8.txt")
    flat = " ".join(text.split())
    positions = [flat.index(" ".join(c.source.quote.split())) for c in catalogue.CLAIMS]
    moved = [(a.id, b.id) for a, b, pa, pb in zip(catalogue.CLAIMS, catalogue.CLAIMS[1:], positions, positions[1:])
             if pb < pa]
    assert moved == []


# --- the review's computations ---------------------------------------------------------------------------------

def test_the_output_gradient_is_nan_once_sigmoid_rounds_to_one():
    """G11, [H]: z = 40 makes sigmoid(z) == 1.0, dA_last inf or 0/0, and dA_last * d_sigmoid NaN; A - Y is right."""
    dZ = wiring_training._output_dZ(doc.d_a_last)
    with np.errstate(all="ignore"):
        got = dZ(np.array([[40.0, 40.0, -750.0, -750.0]]), np.array([[0.0, 1.0, 1.0, 0.0]]))
        fixed = doc.d_z_last_corrected(np.array([[40.0, -750.0]]), np.array([[0.0, 1.0]]))
    assert np.isnan(got).all()
    np.testing.assert_allclose(fixed, [[1.0, -1.0]])


def _first_batch(train, pixel_scale):
    case = wiring_training._batch_42(np.random.default_rng(1), pixel_scale, seed=0)
    with np.errstate(all="ignore"):
        return wiring._trained(train)(**case)


def test_in_42s_first_batch_is_nan_from_the_printed_initialisation():
    """G11: standardised images through randn weights: every parameter NaN after one batch; with dZ_L = A_L - Y,
    finite; faint images stay finite either way."""
    assert np.isnan(_first_batch(doc.train_model, 1.0)).any()
    assert np.isfinite(_first_batch(doc.train_model_output_gradient_corrected, 1.0)).all()
    assert np.isfinite(_first_batch(doc.train_model, 1e-3)).all()


def test_a_pixel_constant_in_training_is_divided_by_1e_minus_9():
    """G10, [L]: a training-constant pixel at 0, inked 120 in a test image, becomes 1.2e11; corrected, 120."""
    x_train = np.array([[0, 10], [0, 30]])
    x_test = np.array([[120, 20]])
    assert doc.normalise(x_train, x_test)[0, 0] == pytest.approx(1.2e11)
    assert doc.normalise_corrected(x_train, x_test)[0, 0] == 120


def test_the_layers_own_a_does_not_give_dw_the_shape_of_w():
    """N1: W (4, 5), A_{n-1} (5, 3): dZ A_n^T is (4, 4), dZ A_{n-1}^T is (4, 5)."""
    rng = np.random.default_rng(0)
    A_prev, W, b = rng.standard_normal((5, 3)), rng.standard_normal((4, 5)), np.zeros((4, 1))
    assert list(sentences.dW_with_own_A(A_prev, W, b, "tanh")) == [4, 4]
    assert list(sentences.dW_with_input_A(A_prev, W, b, "tanh")) == [4, 5]


def test_precision_is_not_accuracy():
    """N3: y = [0, 0, 0, 0, 1, 2], predictions [0, 0, 0, 1, 1, 1]: accuracy 0.6667, macro precision 0.4444."""
    y, results = np.array([0, 0, 0, 0, 1, 2]), np.array([0, 0, 0, 1, 1, 1])
    assert sentences.accuracy_as_computed(results, y) == pytest.approx(4 / 6)
    assert sentences.precision_as_said(results, y) == pytest.approx(4 / 9)


def test_the_printed_cost_is_at_least_2_ln_2_per_image():
    """G8: -sum(log(A) * Y + log(1 - A)) >= 2 ln 2 * m for one-hot Y, whatever A in (0, 1)."""
    rng = np.random.default_rng(0)
    for _ in range(20):
        m = int(rng.integers(1, 50))
        A = rng.uniform(1e-6, 1 - 1e-6, (10, m))
        Y = np.zeros((10, m))
        Y[rng.integers(0, 10, m), np.arange(m)] = 1
        assert doc.printed_cost(A, Y) >= 2 * np.log(2) * m
    assert not wiring_results._attainable_by_printed_cost().any()


def test_the_elementwise_derivative_of_softmax_is_not_its_jacobian_product():
    """G12, [I]: s(1 - s) * dA keeps the first entry of J^T dA and loses the others."""
    Z, dA = np.array([[1.0], [2.0], [0.5]]), np.array([[1.0], [0.0], [0.0]])
    elementwise = sentences.d_softmax(Z) * dA
    true = sentences.softmax_vjp(dA, Z)
    assert elementwise[0, 0] == pytest.approx(true[0, 0]) and elementwise[1:, 0].tolist() == [0.0, 0.0]
    assert (true[1:, 0] < 0).all()


def test_train_model_keeps_one_cost_per_batch():
    """G7: with the return after the epoch loop, 2 epochs of 3 batches give 6 costs; moved, 2."""
    X, Y = np.linspace(-1, 1, 12).reshape(2, 6), np.array([[0.0, 1.0, 1.0, 0.0, 1.0, 0.0]])
    case = dict(X=X, Y=Y, layer_dimensions=[2, 3, 1], layer_activations=['tanh', 'sigmoid'], learning_rate=0.1,
                epochs=2, batch_size=2, seed=0, show_cost=False)
    assert wiring_training._cost_count(doc.train_model_return_corrected)(**case) == 6
    assert wiring_training._cost_count(doc.train_model_costs_per_epoch)(**case) == 2


# --- the notebook's runs ---------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _run(claim_id: str, form: str):
    claim = _BY_ID[claim_id]
    return claim.check.judge(getattr(claim, form).impl, {}, seed=0)


def _printed(outcome, cell):
    return next(c for c in outcome.detail["listing"]["cells"] if c["name"] == cell)["printed"].splitlines()


@pytest.mark.slow
def test_in_16_prints_one_line_per_batch_where_the_log_shows_one_per_epoch():
    out = _run("reseau-profond/log-16", "printed")
    assert out.status is CaseStatus.FAIL and "printed line 2: 2 is shown where the listing prints 1" in out.message
    assert _run("reseau-profond/log-16", "correction").status is CaseStatus.PASS


@pytest.mark.slow
def test_only_epoch_27_of_the_log_has_a_digit_too_many():
    out = _run("reseau-profond/log-16-digits", "printed")
    assert out.status is CaseStatus.FAIL and out.mismatched == 1
    assert "printed line 27: 0.0570840494023103764 is not a number the listing can print" in out.message
    assert _run("reseau-profond/log-16-digits", "correction").status is CaseStatus.PASS


@pytest.mark.slow
def test_in_42_prints_nan_from_its_first_epoch():
    out = _run("reseau-profond/log-42", "printed")
    assert out.status is CaseStatus.FAIL
    assert _printed(out, "In [42]")[0] == "Epoch #1: nan"
    fixed = _run("reseau-profond/log-42", "correction")
    assert fixed.status is CaseStatus.PASS and "nan" not in " ".join(_printed(fixed, "In [42]"))


@pytest.mark.slow
def test_in_42s_own_plot_raises_and_in_43_raises_name_error():
    plot = _run("reseau-profond/plot-42", "printed")
    assert plot.status is CaseStatus.CRASH and "(at In [42], line 8: plot.plot(range(epochs), costs))" in plot.message
    calls = _run("reseau-profond/accuracy-calls-43", "printed")
    assert calls.status is CaseStatus.CRASH
    assert calls.message.startswith("NameError: name 'layer_activations' is not defined (at In [43], line 1")
    assert _run("reseau-profond/accuracy-calls-43", "correction").status is CaseStatus.PASS


# --- deliberately broken copies of the new holding claims --------------------------------------------------------

def _with_digits(claim_id, **digits):
    claim = _BY_ID[claim_id]
    check = FigureCheck(printed={**claim.check.printed, **digits}, rounding=claim.check.rounding)
    return dataclasses.replace(claim, check=check)


_BROKEN = [
    pytest.param(_broken("reseau-profond/layer-count-l", r"l = len", lambda layer_dimensions: len(layer_dimensions)),
                 id="layer-count-with-the-inputs"),
    pytest.param(_broken("reseau-profond/param-shapes-comment", r"W^T",
                         lambda layer_dimensions: np.array([[k, n, n] for n, k in zip(layer_dimensions[1:],
                                                                                      layer_dimensions[:-1])])),
                 id="weights-transposed"),
    pytest.param(_broken("reseau-profond/layer-convention", r"reversed",
                         lambda layer_dimensions: np.array([layer_dimensions[-1], layer_dimensions[0]])),
                 id="inputs-last"),
    pytest.param(_broken("reseau-profond/three-layers", r"2 layers", lambda hidden: np.array([2, 784, hidden, 10])),
                 id="two-layers-counted"),
    pytest.param(_broken("reseau-profond/one-hot", r"k = 1..10", lambda y_train: (y_train == np.arange(1, 11)).astype(int)),
                 id="one-hot-off-by-one"),
    pytest.param(_broken("reseau-profond/update", r"+=", wiring_training._updated(
        lambda parameters, gradients, learning_rate, l: {k: v + learning_rate * gradients["d" + k]
                                                         for k, v in parameters.items()})),
                 id="update-ascends"),
    pytest.param(_broken("reseau-profond/overfit", r"-1", lambda: np.float64(-1.0)), id="no-overfit"),
    pytest.param(_broken("reseau-profond/relu-better", r"-1", lambda: np.float64(-1.0)), id="tanh-better"),
    pytest.param(_broken("reseau-profond/bias-variance", r"less bias", lambda: np.array([-1.0, -1.0])),
                 id="less-bias"),
    pytest.param(_with_digits("reseau-profond/plan-16", **{"tanh 50": "25"}), id="plan-16-widths-swapped"),
    pytest.param(_with_digits("reseau-profond/prose-99.6", **{"training, In [39]": "99.4"}), id="prose-99.4"),
    pytest.param(dataclasses.replace(_BY_ID["reseau-profond/mnist-sizes"], printed=Form(
        r"m = 50\,000", lambda: {k: 100 * round(v * 500) / 50000 if k.startswith("training") else v
                                 for k, v in wiring_results._accuracies().items()})), id="mnist-50000"),
]


@pytest.mark.parametrize("claim", _BROKEN)
def test_a_deliberately_broken_copy_is_an_erratum(claim):
    """A count, a shape, a convention, an index, a sign or a figure changed is observed wrong."""
    result = run_claim(claim, _CONFIG)
    assert result.observed is Status.ERRATUM, result.note


def test_the_prose_rule_judges_the_sentences_figures():
    """98.57 for 98.576667 holds within one unit of its last digit (not by rounding to nearest)."""
    assert _BY_ID["reseau-profond/prose-98.57"].check.rounding is Rounding.PROSE
