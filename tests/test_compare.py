"""Tolerance policy and mismatch location."""

import torch

from oracle.compare import ROUNDING_FACTOR, allowed, mismatch, mismatch_message


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


def test_non_finite_entries_always_mismatch():
    res = mismatch(torch.tensor([float("nan")]), torch.tensor([1.0]), torch.tensor([1e9]))
    assert res.mismatched == 1


def test_the_message_names_claim_document_section_index_and_counterexample():
    res = mismatch(torch.tensor([5.73]), torch.tensor([0.105]), torch.tensor([1e-12]))
    msg = mismatch_message(claim_id="germain-2019/sigmoid-prime", document="004.txt", section="Dérivées",
                           judge="autograd", name="a", result=res, numeric=(0.105, 3e-11), counterexample="a = [2.0]")
    assert msg.splitlines()[0] == 'Claim germain-2019/sigmoid-prime (004.txt, "Dérivées") disagrees with autograd!'
    assert "Mismatched elements of a: 1 / 1 (100.0%)" in msg
    assert "at index (0,)" in msg and "numeric: 0.105 ± 3e-11" in msg and "Counterexample: a = [2.0]" in msg
