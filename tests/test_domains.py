"""Domains: strategies with keyword-only bounds, validated once at the entry."""

import numpy as np
import pytest
from hypothesis import given, settings

from oracle.domains import draw_upstream, labels, probabilities, random_upstream, reals, shapes
from oracle.errors import DomainError


@pytest.mark.parametrize("build, argument, message", [
    (lambda: shapes(min_dims=3, max_dims=2), "min_dims", "min_dims=3 is larger than max_dims=2"),
    (lambda: shapes(min_side=3, max_side=1), "min_side", "min_side=3 is larger than max_side=1"),
    (lambda: reals(low=1.0, high=0.0), "low", "low=1.0 is larger than high=0.0"),
    (lambda: probabilities(margin=0.0), "margin", "margin=0.0 must lie in (0, 0.5)"),
    (lambda: probabilities(margin=0.5), "margin", "margin=0.5 must lie in (0, 0.5)"),
])
def test_invalid_bounds_are_refused_with_the_argument_named(build, argument, message):
    with pytest.raises(DomainError) as info:
        build()
    assert str(info.value) == message and info.value.argument == argument


@settings(max_examples=50)
@given(reals(low=-2.0, high=3.0, edges=(0.5,)))
def test_reals_stay_within_their_bounds(x):
    assert x.dtype == np.float64 and np.all((-2.0 <= x) & (x <= 3.0))


@settings(max_examples=50)
@given(probabilities(margin=1e-6))
def test_probabilities_stay_within_the_margin(p):
    assert np.all((1e-6 <= p) & (p <= 1 - 1e-6))


@settings(max_examples=20)
@given(labels(shape=(3,)))
def test_labels_are_zero_or_one(y):
    assert y.shape == (3,) and set(np.unique(y)) <= {0.0, 1.0}


def test_upstream_gradients_are_never_zero():
    g = random_upstream(np.random.default_rng(0), (1000,))
    assert np.all(np.abs(g) >= 0.5) and np.all(np.abs(g) <= 2.0) and (g < 0).any() and (g > 0).any()


def test_the_upstream_draw_is_what_a_check_uses():
    from hypothesis import strategies as st

    @settings(max_examples=20)
    @given(st.data())
    def check(data):
        g = data.draw(st.composite(lambda draw: draw_upstream(draw, (2, 3)))())
        assert g.shape == (2, 3) and np.all(np.abs(g) >= 0.5)

    check()
