"""The house mismatch message: torch.testing's wording, each figure at its own index, the location."""

import numpy as np
import torch

from oracle.checks.compare import mismatch
from oracle.checks.messages import Subject, describe_case, mismatch_message

SUBJECT = Subject(claim_id="germain-2019/sigmoid-prime", document="004.txt", section="Dérivées")


def test_the_message_names_claim_document_section_index_and_counterexample():
    res = mismatch(torch.tensor([5.73]), torch.tensor([0.105]), torch.tensor([1e-12]))
    msg = mismatch_message(SUBJECT, judge="autograd", name="a", result=res, numeric=(0.105, 3e-11),
                           counterexample="a = [2.0]")
    assert msg.splitlines()[0] == 'Claim germain-2019/sigmoid-prime (004.txt, "Dérivées") disagrees with autograd!'
    assert "Mismatched elements of a: 1 / 1 (100.0%)" in msg
    assert "Greatest absolute difference: 5.625 at index (0,)" in msg
    assert "numeric: 0.105 ± 3e-11" in msg and msg.endswith("Counterexample: a = [2.0]")


def test_the_greatest_difference_and_the_failing_entry_are_reported_at_their_own_indices():
    """Regression: the message printed the greatest difference (10) with the index and band of entry (1,)."""
    got = torch.tensor([10.0, 0.5], dtype=torch.float64)
    res = mismatch(got, torch.zeros(2, dtype=torch.float64), torch.tensor([100.0, 0.1], dtype=torch.float64))
    msg = mismatch_message(SUBJECT, judge="autograd", name="w", result=res)
    assert "Greatest absolute difference: 10 at index (0,) (up to 100 allowed)" in msg
    assert "Furthest outside its band: index (1,), difference 0.5 (up to 0.1 allowed)" in msg
    assert "At index (1,): printed: 0.5  autograd: 0" in msg


def test_a_message_without_a_claim_has_a_plain_header():
    res = mismatch(torch.tensor([1.0]), torch.tensor([0.0]), torch.tensor([0.1]))
    assert mismatch_message(Subject(), judge="autograd", name="", result=res).startswith("The form disagrees")


def test_cases_are_written_with_round_trip_digits():
    text = describe_case({"x": np.array([0.1, 1 / 3]), "k": 3})
    assert text == "x = [0.1, 0.3333333333333333]; k = 3"
