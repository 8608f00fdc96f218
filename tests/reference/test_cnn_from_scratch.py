"""The "Implémente moi un CNN" catalogue: quotes are verbatim, claims hold, broken copies are caught."""

from __future__ import annotations

import numpy as np
import pytest

from oracle.claims import Status
from oracle.forms import vjp
from oracle.run.runner import RunConfig, run_claim
from reference import cnn_from_scratch as catalogue
from reference.cnn_from_scratch import printed as doc
from tests.reference import breaker

_CONFIG = RunConfig(examples=15, seed=0)
#: Failing copies need no minimal counterexample here: skipping the shrink keeps the tests fast.
_NO_SHRINK = RunConfig(examples=15, seed=0, shrink=False)
_BY_ID = {c.id: c for c in catalogue.CLAIMS}
_broken = breaker(catalogue.CLAIMS)


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


@pytest.mark.parametrize("claim_id, latex, impl", _BROKEN)
def test_a_deliberately_broken_copy_is_an_erratum(claim_id, latex, impl):
    """Flipping a sign or the kernel in a holding claim's printed form makes the judges report an erratum."""
    result = run_claim(_broken(claim_id, latex, impl), _NO_SHRINK)
    assert result.observed is Status.ERRATUM, result.note
