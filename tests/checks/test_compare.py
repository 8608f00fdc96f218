"""Entry-by-entry comparison: the tolerance band and where a form differs most."""

import torch

from oracle.checks.compare import mismatch
from oracle.tolerance import ROUNDING_FACTOR, allowed


def test_the_band_is_a_few_hundred_ulps_of_the_value_and_of_the_scale():
    t = torch.tensor([1.0, 1e-20], dtype=torch.float64)
    band = allowed(t, scale=2.0)
    eps = torch.finfo(torch.float64).eps
    assert float(band[0]) == ROUNDING_FACTOR[torch.float64] * (eps * 1.0 + eps * 2.0) + torch.finfo(torch.float64).tiny
    assert float(band[1]) < float(band[0])


def test_sensitivity_widens_the_band_of_ill_conditioned_entries_only():
    t = torch.tensor([1.0, 1.0], dtype=torch.float64)
    band = allowed(t, torch.tensor([0.0, 1e-6], dtype=torch.float64))
    assert float(band[1]) > 1e3 * float(band[0])


def test_mismatch_locates_the_entry_furthest_outside_its_band():
    got = torch.tensor([[1.0, 2.0], [3.0, 9.0]], dtype=torch.float64)
    expected = torch.tensor([[1.0, 2.5], [3.0, 4.0]], dtype=torch.float64)
    res = mismatch(got, expected, torch.full_like(got, 0.1))
    assert (res.mismatched, res.total, res.worst_index, res.got, res.expected) == (2, 4, (1, 1), 9.0, 4.0)


def test_each_figure_is_paired_with_its_own_index():
    """Regression: the greatest difference (10 at (0,), within its band of 100) is not the failing entry (1,)."""
    got = torch.tensor([10.0, 0.5], dtype=torch.float64)
    res = mismatch(got, torch.zeros(2, dtype=torch.float64), torch.tensor([100.0, 0.1], dtype=torch.float64))
    assert (res.max_abs, res.max_abs_index, res.max_abs_allowed) == (10.0, (0,), 100.0)
    assert (res.worst_index, res.got, res.allowed, res.mismatched) == ((1,), 0.5, 0.1, 1)


def test_among_equal_differences_the_failing_entry_is_named():
    got = torch.tensor([1.0, 1.0], dtype=torch.float64)
    res = mismatch(got, torch.zeros(2, dtype=torch.float64), torch.tensor([10.0, 0.1], dtype=torch.float64))
    assert res.max_abs_index == res.worst_index == (1,)


def test_non_finite_entries_always_mismatch():
    res = mismatch(torch.tensor([float("nan")]), torch.tensor([1.0]), torch.tensor([1e9]))
    assert res.mismatched == 1
