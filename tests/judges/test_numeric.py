"""The numeric judge: derivatives from forward evaluations, each with an error bar that holds."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from oracle.judges import numeric
from oracle.judges.numeric import entries

_F64 = dict(allow_nan=False, allow_infinity=False, allow_subnormal=False)


def _t(a):
    return torch.from_numpy(np.asarray(a, dtype=np.float64))


@given(hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-20, 20, **_F64)))
def test_richardson_error_bar_covers_the_true_error_for_a_smooth_function(x):
    """|estimate - truth| <= error estimate for sin(x) * x**2 (a non-analytic path: complex step is off)."""
    x = _t(x)
    u = torch.ones_like(x)
    est = numeric.vjp_entries(lambda x: torch.sin(x) * x**2, {"x": x}, ("x",), u, elementwise=True)["x"]
    truth = torch.cos(x) * x**2 + 2 * x * torch.sin(x)
    assert est.method == "richardson-central"
    assert bool(((est.value - truth).abs() <= est.error + 1e-13 * (1 + truth.abs())).all())


@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 3), st.integers(1, 3)), elements=st.floats(-3, 3, **_F64)))
def test_entrywise_estimates_of_a_non_elementwise_function(w):
    """softmax-weighted sums couple every entry; the chunked estimator still recovers autograd."""
    w = _t(w)
    x = torch.linspace(-1, 1, w.shape[1], dtype=torch.float64)
    fn = lambda w: torch.softmax(w @ x, dim=0)
    u = torch.linspace(0.5, 1.5, w.shape[0], dtype=torch.float64)
    est = numeric.vjp_entries(fn, {"w": w}, ("w",), u)["w"]
    wr = w.clone().requires_grad_(True)
    (truth,) = torch.autograd.grad((u * fn(wr)).sum(), wr)
    assert bool(((est.value - truth).abs() <= 8 * est.error + 1e-12).all())


def test_complex_step_is_exact_to_rounding_for_an_analytic_function():
    """Complex step: no subtractive cancellation, error at the level of eps."""
    x = _t([1e-12, 0.5, 1 - 1e-12])
    est = numeric.vjp_entries(lambda p: torch.log(p), {"p": x}, ("p",), torch.ones(3, dtype=torch.float64),
                              elementwise=True, analytic=True)["p"]
    assert est.method == "complex-step"
    torch.testing.assert_close(est.value, 1 / x, rtol=1e-14, atol=0)


def test_complex_step_falls_back_to_richardson_when_an_op_refuses_complex():
    """relu has no complex kernel: the judge silently uses central differences."""
    x = _t([-1.0, 2.0])
    est = numeric.vjp_entries(torch.relu, {"x": x}, ("x",), torch.ones(2, dtype=torch.float64),
                              elementwise=True, analytic=True)["x"]
    assert est.method == "richardson-central"
    torch.testing.assert_close(est.value, _t([0.0, 1.0]), atol=1e-10, rtol=0)


def test_a_kink_on_a_declared_break_gives_the_interval_of_one_sided_derivatives():
    """ReLU at 0: left derivative 0, right derivative 1, reported as an interval, not a number."""
    x = _t([0.0, 3.0])
    est = numeric.vjp_entries(torch.relu, {"x": x}, ("x",), torch.ones(2, dtype=torch.float64),
                              elementwise=True, breaks={"x": (0.0,)})["x"]
    assert est.kink.tolist() == [True, False]
    assert abs(float(est.lower[0])) < 1e-12 and abs(float(est.upper[0]) - 1) < 1e-12


def test_steps_never_cross_a_declared_break():
    """log(p) near 0 with p = 1e-12: the steps stay inside (0, 1) and the estimate is accurate."""
    x = _t([1e-12])
    est = numeric.vjp_entries(lambda p: torch.log(p), {"p": x}, ("p",), torch.ones(1, dtype=torch.float64),
                              elementwise=True, breaks={"p": (0.0, 1.0)})["p"]
    assert math.isfinite(float(est.value))
    assert abs(float(est.value) - 1e12) <= float(est.error) + 1e-3 * 1e12


def test_directional_derivative_matches_the_projection_of_the_gradient():
    """A projection check needs only forward evaluations along one direction."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(50, dtype=torch.float64, generator=g)
    v = torch.randn(50, dtype=torch.float64, generator=g)
    est = numeric.directional(lambda x: torch.tanh(x).sum().reshape(1), {"x": x}, torch.ones(1, dtype=torch.float64), {"x": v})
    truth = float(((1 - torch.tanh(x) ** 2) * v).sum())
    assert abs(float(est.value) - truth) <= float(est.error) + 1e-12


@pytest.mark.parametrize("per_chunk, trims", [(7, 0), (2, 1)])
def test_entrywise_estimates_span_several_chunks(monkeypatch, per_chunk, trims):
    """Regression (benchmarks): with more entries than one batch holds, every chunk gets its own steps;
    past _TRIM_EVERY chunks the freed heap is handed back (Note [heap fragmentation]) without changing a value."""
    monkeypatch.setattr(entries, "BATCH_ELEMENTS", 6 * 40 * per_chunk)  # chunks of per_chunk coordinates out of 40
    calls = []
    monkeypatch.setattr(entries, "_release_freed_memory", lambda: calls.append(1))
    g = torch.Generator().manual_seed(1)
    w = torch.randn(5, 8, dtype=torch.float64, generator=g)
    x = torch.randn(8, dtype=torch.float64, generator=g)
    u = torch.randn(5, dtype=torch.float64, generator=g)
    est = numeric.vjp_entries(lambda w: torch.tanh(w @ x), {"w": w}, ("w",), u)["w"]
    truth = torch.outer(u * (1 - torch.tanh(w @ x) ** 2), x)
    assert bool(((est.value - truth).abs() <= 8 * est.error + 1e-12).all())
    assert len(calls) == trims


@given(st.integers(0, 3), st.integers(0, 4), st.booleans())
def test_one_entry_alone_equals_the_same_entry_of_the_full_estimate(i, j, analytic):
    """vjp_entry (the referee of a blamed entry in projection mode) agrees with vjp_entries."""
    rng = np.random.default_rng(i * 7 + j)
    w, x, u = _t(rng.normal(size=(4, 5))), _t(rng.normal(size=(3, 5))), _t(rng.normal(size=(3, 4)))
    fn = lambda w, x: torch.tanh(x @ w.T)
    full = numeric.vjp_entries(fn, {"w": w, "x": x}, ("w",), u, analytic=analytic)["w"]
    one = numeric.vjp_entry(fn, {"w": w, "x": x}, "w", u, (i, j), analytic=analytic)
    assert one.value.shape == (1,) and one.method == full.method
    assert abs(float(one.value[0]) - float(full.value[i, j])) <= 8 * float(one.error[0]) + 1e-13


def test_one_entry_on_a_declared_break_gets_one_sided_bounds():
    x = _t([[0.0, 1.0], [-2.0, 3.0]])
    est = numeric.vjp_entry(torch.relu, {"x": x}, "x", torch.ones(2, 2, dtype=torch.float64), (0, 0), breaks=(0.0,))
    assert bool(est.kink[0])
    assert abs(float(est.lower[0])) < 1e-10 and abs(float(est.upper[0]) - 1) < 1e-10


def test_a_projection_across_an_undeclared_kink_has_an_honest_error_bar():
    """Campaign regression, projection mode: a ReLU 1e-13 from its kink inside the function.

    Every step crosses the kink, so each central difference is the mean of the two slopes
    and Richardson converges to it; the gap between the one-sided differences does not shrink
    with the step, and the error bar now covers the half-jump instead of claiming 1e-10.
    """
    x = _t([1e-13, 0.5])
    fn = lambda x: torch.relu(x[:1]) * 1.0 + x[1:] * 0.0
    u = torch.ones(1, dtype=torch.float64)
    est = numeric.directional(fn, {"x": x}, u, {"x": _t([1.0, 1.0])})
    assert abs(float(est.value[0]) - 0.5) < 1e-6  # the average slope, which no one-sided derivative equals
    assert float(est.error[0]) >= 0.4  # ... and the bar says so: 1 (right slope) is within it
