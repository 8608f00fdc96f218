"""Stability audit: thresholds where an exact-in-real-arithmetic formula breaks down."""

import numpy as np
import pytest
import torch
from hypothesis import strategies as st

from oracle import Form, Kind, Source, ValueCheck, VJPCheck, claim
from oracle.analysis.stability import Audit, audit, auditable
from oracle.domains import reals
from oracle.forms import elementwise_derivative
from tests.fixtures import mutation_subjects as subjects

X = lambda: st.fixed_dictionaries({"x": reals(low=-5, high=5)})
SOURCE = Source("f.txt", "S", "q")


def _definition(impl, reference):
    return claim("fixture/def", kind=Kind.DEFINITION, family="a", source=SOURCE,
                 check=ValueCheck(reference=reference, domain=X), printed=Form("f", impl))


def test_tanh_written_with_exp_returns_nan_beyond_the_overflow_of_exp():
    found = {(t.direction, t.what, np.sign(t.start)): t.start for t in audit(_definition(subjects.tanh_by_exp, torch.tanh)).thresholds}
    assert found[("up", "returns NaN", 1.0)] == pytest.approx(np.log(np.finfo(np.float64).max), rel=1e-5)
    assert found[("up", "returns NaN", -1.0)] == pytest.approx(-np.log(np.finfo(np.float64).max), rel=1e-5)
    # e^x - e^-x cancels near 0: digits are lost below a few 1e-9.
    assert 1e-10 < found[("down", "loses more than half of its significant digits", 1.0)] < 1e-7


def test_a_stable_formula_has_no_threshold():
    assert audit(_definition(lambda x: np.tanh(x), torch.tanh)) == Audit()  # no threshold, and no reason


def test_the_sigmoid_derivative_loses_relative_digits_in_saturation():
    """s(1 - s) with 1 - s rounded: relative accuracy is lost from about x = 19, against the complex-step truth."""
    c = claim("fixture/ds", kind=Kind.BACKWARD, family="a", source=SOURCE,
              check=VJPCheck(reference=torch.sigmoid, domain=X, wrt=("x",), elementwise=True, analytic=True),
              printed=Form("s(1-s)", elementwise_derivative(subjects.d_sigmoid, "x")))
    assert auditable(c)
    (threshold,) = audit(c).thresholds
    assert threshold.direction == "up" and 15 < threshold.start < 25
    assert threshold.sentence().startswith("loses more than half of its significant digits for x >= ")


def test_claims_with_several_inputs_are_not_audited():
    two = lambda: st.fixed_dictionaries({"x": reals(low=-1, high=1, shape=(2,)), "y": reals(low=-1, high=1, shape=(2,))})
    c = claim("fixture/two", kind=Kind.DEFINITION, family="a", source=SOURCE,
              check=ValueCheck(reference=lambda x, y: x + y, domain=two), printed=Form("x+y", lambda x, y: x + y))
    assert not auditable(c)


def test_a_reference_that_raises_is_reported_not_swallowed():
    """Regression: audit() returned [] for any exception, so a broken audit looked like a stable formula."""
    def broken(x):
        raise RuntimeError("reference broke")

    found = audit(_definition(lambda x: np.tanh(x), broken))
    assert found.thresholds == () and "reference broke" in found.reason


def test_an_audit_bug_is_not_swallowed(monkeypatch):
    import oracle.analysis.stability as stability

    monkeypatch.setattr(stability, "_bad", lambda p, t: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        audit(_definition(lambda x: np.tanh(x), torch.tanh))


def test_a_claim_of_sizes_or_counts_is_not_scanned_as_a_real_variable():
    """Regression: a reference of layer widths was evaluated at widths up to 1e6 (12 GB, the worker killed)."""
    sizes = ValueCheck(reference=lambda widths: widths.sum() * 1.0,
                       domain=lambda: st.fixed_dictionaries({"widths": st.lists(st.integers(1, 8), min_size=2)
                                                             .map(lambda w: np.array(w, dtype=np.int64))}))
    values = ValueCheck(reference=lambda x: torch.sigmoid(x),
                        domain=lambda: st.fixed_dictionaries({"x": st.just(np.array([0.5]))}))
    assert sizes.scalar_function() is None
    assert values.scalar_function() is not None
