"""The "Implémente moi un CNN" catalogue: quotes are verbatim, claims hold, broken copies are caught."""

from __future__ import annotations

import numpy as np
import pytest

from oracle.claims import Status
from oracle.forms import vjp
from oracle.runner import RunConfig, run_claim
from reference import cnn_from_scratch as doc
from tests.reference import breaker

_CONFIG = RunConfig(examples=15, seed=0)
#: Failing copies need no minimal counterexample here: skipping the shrink keeps the tests fast.
_NO_SHRINK = RunConfig(examples=15, seed=0, shrink=False)
_BY_ID = {c.id: c for c in doc.CLAIMS}
_broken = breaker(doc.CLAIMS)


# --- one holding claim per family: it holds, and a broken copy is an erratum -------------------------

def _dense_backward_sign_flipped(grad, W, b, x):
    return {"W": np.outer(grad, x), "b": -grad}


def _conv_forward_kernel_flipped(I, K):
    return doc.conv_forward(I, K[::-1, ::-1])  # a true convolution, not the article's cross-correlation


def _ce_gradient_sign_flipped(grad, theta, y):
    p = doc.softmax(theta)
    return {"theta": grad[:, None] * (y - p * np.sum(y, axis=-1, keepdims=True))}


_BROKEN = [
    pytest.param("cnn-from-scratch/dense-backward", r"\partial L/\partial b = -\nabla L",
                 vjp(_dense_backward_sign_flipped), id="dense-bias-sign-flipped"),
    pytest.param("cnn-from-scratch/conv-forward", r"O = I * \operatorname{rot180}(K)",
                 _conv_forward_kernel_flipped, id="conv-kernel-flipped"),
    pytest.param("cnn-from-scratch/ce-gradient-general", r"y - p \sum y",
                 vjp(_ce_gradient_sign_flipped), id="softmax-ce-sign-flipped"),
    pytest.param("cnn-from-scratch/ce-gradient-general", r"p - y",
                 vjp(doc.ce_gradient), id="softmax-ce-p-minus-y-for-unnormalised-targets"),
]


@pytest.mark.parametrize("claim_id", ["cnn-from-scratch/dense-backward", "cnn-from-scratch/conv-forward",
                                      "cnn-from-scratch/ce-gradient-general"])
def test_the_unbroken_claim_is_observed_as_expected(claim_id):
    """The printed form of a holding claim from each family is observed to hold."""
    result = run_claim(_BY_ID[claim_id], _CONFIG)
    assert result.observed is _BY_ID[claim_id].expect is Status.HOLDS, result.note


@pytest.mark.parametrize("claim_id, latex, impl", _BROKEN)
def test_a_deliberately_broken_copy_is_an_erratum(claim_id, latex, impl):
    """Flipping a sign or the kernel in a holding claim's printed form makes the judges report an erratum."""
    result = run_claim(_broken(claim_id, latex, impl), _NO_SHRINK)
    assert result.observed is Status.ERRATUM, result.note


def test_the_augmented_jacobian_shape_is_an_erratum_and_its_correction_holds():
    """'R(n+1)xm' transposes W*: observed erratum, corrected shape m×m×(n+1) holds."""
    result = run_claim(_BY_ID["cnn-from-scratch/augmented-jacobian-shape"], _NO_SHRINK)
    assert result.observed is Status.ERRATUM
    assert result.correction_verdict is Status.HOLDS


def test_p_minus_y_needs_targets_that_sum_to_one():
    """p − y holds on the simplex and fails outside it; p Σy − y holds everywhere."""
    result = run_claim(_BY_ID["cnn-from-scratch/ce-gradient"], _NO_SHRINK)
    assert result.region_verdicts["printed/domain"] is Status.HOLDS
    assert result.region_verdicts["printed/condition"] is Status.ERRATUM
    assert result.observed is Status.CONDITIONAL
    assert result.correction_verdict is Status.HOLDS


@pytest.mark.slow
def test_every_claim_passes_the_gate():
    """Every claim of the document is observed as expected and every correction holds."""
    bad = []
    for c in doc.CLAIMS:
        result = run_claim(c, RunConfig(examples=10, seed=1, shrink=False))
        if not result.gate_ok:
            bad.append(f"{c.id}: expected {c.expect.value}, observed {result.observed.value}, "
                       f"correction {result.correction_verdict}")
    assert not bad, "\n".join(bad)
