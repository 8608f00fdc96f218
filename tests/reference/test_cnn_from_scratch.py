"""The "Implémente moi un CNN" catalogue: claims hold, broken copies are caught, the sentences the review finds
wrong are observed wrong and their corrections hold, and what survives only as an image is listed, never run."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from oracle.claims import Kind, Severity, Status
from oracle.forms import vjp
from oracle.run.runner import RunConfig, run_claim
from reference import cnn_from_scratch as catalogue
from reference.cnn_from_scratch import printed as doc
from reference.cnn_from_scratch import printed_annex as annex
from reference.cnn_from_scratch import printed_sentences as sentences
from tests.reference import breaker

_CONFIG = RunConfig(examples=15, seed=0)
#: Failing copies need no minimal counterexample here: skipping the shrink keeps the tests fast.
_NO_SHRINK = RunConfig(examples=15, seed=0, shrink=False)
_BY_ID = {c.id: c for c in catalogue.CLAIMS}
_broken = breaker(catalogue.CLAIMS)


# --- holding claims: a broken copy is an erratum ------------------------------------------------------

def _dense_input_gradient_sign_flipped(grad, W, b, x):
    return {"x": -(W.T @ grad)}


def _conv_forward_kernel_flipped(I, K):
    return doc.conv_forward(I, K[::-1, ::-1])  # a true convolution, not the article's cross-correlation


def _ce_gradient_sign_flipped(grad, theta, y):
    return {"theta": grad[:, None] * (y - doc.softmax(theta))}


def _neuron_with_heaviside(w, i):
    s = float(np.dot(w, i))
    return np.array([1.0 if s > 0 else 0.0])  # « le signal passe » read as a 1, not as the signal


def _flatten_by_columns(I):
    return I.T.reshape(-1)


def _backprop_without_filters(P, G, W, x, g):
    a1, a2 = P @ x, G @ (P @ x)
    return np.concatenate([np.outer(g, a2).reshape(-1), np.outer(W.T @ g, a1).reshape(-1),
                           np.outer(G.T @ (W.T @ g), x).reshape(-1)])


def _kernel_gradient_im2col_transposed(grad, X, K):
    kh, kw = K.shape
    return {"K": (doc.im2col(X, kh, kw).T @ grad.reshape(-1)).reshape(kw, kh).T}


def _batch_gradient_of_the_first_batch(X, y, w, B):
    return 2.0 * X[:1].T @ (X[:1] @ w - y[:1])  # one batch, not the expectation over iid batches


_BROKEN = [
    pytest.param("cnn-from-scratch/dense-input-gradient", r"-W^\top \nabla L", vjp(_dense_input_gradient_sign_flipped),
                 id="dense-input-gradient-sign-flipped"),
    pytest.param("cnn-from-scratch/conv-forward", r"O = I * \operatorname{rot180}(K)", _conv_forward_kernel_flipped,
                 id="conv-kernel-flipped"),
    pytest.param("cnn-from-scratch/ce-gradient", r"y - p", vjp(_ce_gradient_sign_flipped),
                 id="softmax-ce-sign-flipped"),
    pytest.param("cnn-from-scratch/weighted-sum-threshold", r"\mathbb{1}[\sum_k w_k i_k > 0]", _neuron_with_heaviside,
                 id="neuron-threshold-as-heaviside"),
    pytest.param("cnn-from-scratch/flatten", r"\operatorname{flatten}(I^\top)", _flatten_by_columns,
                 id="flatten-by-columns"),
    pytest.param("cnn-from-scratch/backprop-order", r"\text{no filter}", _backprop_without_filters,
                 id="backprop-without-the-relu-derivatives"),
    pytest.param("cnn-from-scratch/im2col-backward", r"\text{transposed}", vjp(_kernel_gradient_im2col_transposed),
                 id="im2col-backward-transposed"),
    pytest.param("cnn-from-scratch/batches-iid", r"\text{one batch}", _batch_gradient_of_the_first_batch,
                 id="one-batch-is-not-the-expectation"),
    pytest.param("cnn-from-scratch/gradient-as-ratio", r"\text{forward ratio}",
                 lambda w, x, y: np.array([(0.5 * ((w + e) @ x - y) ** 2 - 0.5 * (w @ x - y) ** 2)
                                           for e in np.eye(len(w))]), id="forward-ratio-with-step-1"),
]


@pytest.mark.parametrize("claim_id, latex, impl", _BROKEN)
def test_a_deliberately_broken_copy_is_an_erratum(claim_id, latex, impl):
    """Flipping a sign, a kernel or a layout in a holding claim's printed form makes the judges report it."""
    result = run_claim(_broken(claim_id, latex, impl), _NO_SHRINK)
    assert result.observed in (Status.ERRATUM, Status.DOES_NOT_RUN), result.note


# --- the review's findings: observed wrong, corrections hold -----------------------------------------

_FINDINGS = {
    "cifar100-classes": Severity.ERROR, "figure-2-crossref": Severity.NOTE, "inverse-proportional": Severity.NOTE,
    "linear-networks-naming": Severity.NOTE, "column-per-filter": Severity.NOTE, "shift-invariance": Severity.NOTE,
    "full-batch-impossible": Severity.NOTE, "composite-notation": Severity.NOTE, "fonction-conjuguee": Severity.NOTE,
    "augmented-jacobian-shape": Severity.ERROR, "f-is-matrix": Severity.NOTE, "order-4-tensor": Severity.NOTE,
    "produit-scalaire": Severity.NOTE, "conv-dot-product": Severity.NOTE,
}


def test_the_findings_are_the_reviews_with_its_severities_and_eleven_root_causes():
    findings = {c.id.split("/", 1)[1]: c for c in catalogue.CLAIMS if c.expect is Status.ERRATUM}
    assert {k: c.severity for k, c in findings.items()} == _FINDINGS
    causes = Counter(c.cause for c in findings.values())
    assert len(causes) == 11
    assert {k for k, n in causes.items() if n > 1} == {"weight-layout", "composite-naming", "tensor-orders"}


@pytest.mark.parametrize("name", ["shift-invariance", "produit-scalaire", "column-per-filter", "full-batch-impossible"])
def test_a_wrong_sentence_fails_on_values_and_its_correction_holds(name):
    """The transcription of a wrong sentence runs and gives other values (an erratum, not a crash)."""
    result = run_claim(_BY_ID[f"cnn-from-scratch/{name}"], _CONFIG)
    assert result.observed is Status.ERRATUM and result.correction_verdict is Status.HOLDS, result.note
    assert "crash" not in {f.status for f in result.findings}


def test_the_dot_product_of_the_sentence_is_undefined_when_the_sizes_differ():
    """∂L/∂f (m) · x* (n+1) exists only for m = n + 1, the sizes the claim is judged on."""
    with pytest.raises(ValueError):
        annex.weight_gradient_as_dot(np.zeros((3, 3)), np.zeros(2 + 1), np.zeros(3))


def test_a_convolution_is_equivariant_not_invariant_on_a_translated_object():
    I = np.zeros((10, 10))
    I[3:6, 3:6] = np.arange(1.0, 10.0).reshape(3, 3)
    K = np.array([[1.0, -1.0], [2.0, 0.5]])
    moved = np.roll(I, (2, -1), axis=(0, 1))
    out = sentences._valid_conv(moved, K)
    assert not np.allclose(out, sentences.translated_output_invariant(I, K, 2, -1))
    assert np.allclose(out, sentences.translated_output_equivariant(I, K, 2, -1))


# --- what survives only as an image --------------------------------------------------------------------

def test_every_image_is_listed_as_not_judged_with_its_reason_and_nothing_to_run():
    images = [c for c in catalogue.CLAIMS if c.expect is Status.NOT_JUDGED]
    assert len(images) == 47
    for c in images:
        assert c.check is None and c.printed is None and c.explanation, c.id
        assert run_claim(c, _CONFIG).observed is Status.NOT_JUDGED


@pytest.mark.parametrize("name", ["dense-backward", "augmented-weight-gradient", "conv-output-partial",
                                  "ce-gradient-general", "softmax"])
def test_the_formulas_the_review_found_invisible_are_not_judged(name):
    c = _BY_ID[f"cnn-from-scratch/{name}"]
    assert c.expect is Status.NOT_JUDGED and c.source.quote.startswith(("Figure", "Annexe"))


def test_the_code_listings_are_images_and_listed_as_such():
    listings = [c.id.split("/", 1)[1] for c in catalogue.CLAIMS if c.kind is Kind.LISTING]
    assert listings == ["implementation-link", "dense-forward-code-annexe9", "dense-backward-code-annexe18",
                        "conv-forward-code-annexe21", "ce-code-annexe33"]
    assert all(_BY_ID[f"cnn-from-scratch/{n}"].expect is Status.NOT_JUDGED for n in listings)
