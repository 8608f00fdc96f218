"""The "Deep Learning from Scratch" catalogue (Keldenich), its sentences and its notebook: the cells are the page's
verbatim, each sentence's printed form is observed as the review found it (and its broken copies are caught), and
the notebook runs, or fails, the way the review found."""

from __future__ import annotations

import functools

import numpy as np
import pytest
import torch

from oracle.checks.outcome import CaseStatus
from oracle.claims import Status
from oracle.run.runner import RunConfig, run_claim
from reference import keldenich_scratch as catalogue
from reference.keldenich_scratch import listing, sentences
from reference.keldenich_scratch import printed as doc
from tests.documents import document_text
from tests.reference import breaker

_CONFIG = RunConfig(examples=15, seed=0)
_BY_ID = {c.id: c for c in catalogue.CLAIMS}
_broken = breaker(catalogue.CLAIMS)


@functools.lru_cache(maxsize=None)
def _result(claim_id: str):
    return run_claim(_BY_ID[claim_id], _CONFIG)


def _text() -> str:
    return document_text(catalogue.DOCUMENT.file)


# --- the page's cells, verbatim -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["NORMALISED_CALL", "FINAL_CALL", "PARAMS", "RESULT_PLOT"])
def test_every_later_cell_is_the_documents_verbatim(name):
    assert getattr(listing, name) in _text()


def test_the_loop_fragment_is_the_documents_byte_for_byte_with_its_no_break_spaces():
    assert listing.FRAGMENT in _text() and listing.FRAGMENT.count("\u00a0") == 76


def test_the_normalised_printout_is_the_documents():
    lines = "\n".join(line.rstrip() for line in _text().splitlines())
    assert listing.SHOWN_NORMALISED.text.rstrip("\n") in lines


def test_the_claims_are_in_the_documents_order():
    """Each claim's quote starts no earlier in the page than the previous claim's (or on the same lines)."""
    text = _text()
    starts = [text.index(c.source.quote) for c in catalogue.CLAIMS]
    assert all(b >= a - 200 for a, b in zip(starts, starts[1:])), list(zip([c.id for c in catalogue.CLAIMS], starts))


# --- the loop fragment: a SyntaxError as printed, the same loop with spaces --------------------------------------

def test_the_fragment_as_printed_is_a_syntax_error_and_runs_with_ordinary_spaces():
    with pytest.raises(SyntaxError, match="U\\+00A0"):
        compile(listing.FRAGMENT, "<fragment>", "exec")
    namespace = {"model": doc.model, "loss_fn": doc.loss_fn, "grad_fn": doc.grad_fn, "n_epochs": 100,
                 "learning_rate": 1e-4, "params": torch.tensor([1.0, 0.0]),
                 "t_Zolta": torch.tensor(doc.ZOLTA), "t_Celsius": torch.tensor(doc.CELSIUS)}
    exec(listing.FRAGMENT.replace("\u00a0", " "), namespace)
    assert [round(float(v), 4) for v in namespace["params"]] == [0.2327, -0.0438]


# --- the review's computations, through the catalogue's own code ----------------------------------------------

def test_the_bullet_list_read_literally_never_trains():
    """N4: re-initialising the parameters every epoch leaves the loss at its initial 1763.884766."""
    t_Zolta, t_Celsius = torch.tensor(doc.ZOLTA), torch.tensor(doc.CELSIUS)
    params = doc.training_as_listed(100, 1e-4, t_Zolta, t_Celsius)
    before = doc.model(t_Zolta, torch.tensor(1.0), torch.tensor(0.0))
    assert "%f" % float(doc.loss_fn(before, t_Celsius)) == "1763.884766"
    assert torch.allclose(params, torch.tensor([1.0, 0.0]) - 1e-4 * doc.grad_fn(t_Zolta, t_Celsius, before, 1.0, 0.0))


def test_the_guard_stops_the_raw_run_at_lr_1e_2_on_its_first_infinite_loss():
    """The isfinite guard, provoked: raw data at lr = 1e-2 overflow to an infinite loss at epoch 11 (float32)."""
    printout, params = sentences._run_training(100, 1e-2, normalised=False)
    assert max(printout.epochs) == 11 and printout.epochs[11]["Loss"] == "inf"


def test_the_scaled_inputs_and_the_gradient_ratios_are_the_reviews():
    assert {k: round(v, 2) for k, v in sentences._scaled_input_range().items()} == {
        "smallest input": 2.18, "largest input": 8.19}
    assert {k: round(v, 2) for k, v in sentences._gradient_amplitudes().items()} == {
        "epoch 1 gradient ratio": 7.29, "epoch 100 gradient ratio": 5.66}


def test_the_named_formula_differentiates_to_n_times_dloss_fn():
    t_Pred, t_Celsius = np.array([1.0, 2.0, 5.0]), np.array([0.0, 4.0, 1.0])
    named = sentences._derivative_of(doc.squared_error)({"t_Pred": t_Pred, "t_Celsius": t_Celsius}, np.float64(1.0))
    mean = sentences._derivative_of(doc.mean_squared_error)({"t_Pred": t_Pred, "t_Celsius": t_Celsius}, np.float64(1.0))
    assert np.allclose(named["t_Pred"], 3 * mean["t_Pred"])
    assert np.allclose(mean["t_Pred"], doc.dloss_fn(torch.tensor(t_Pred), torch.tensor(t_Celsius)).numpy())


def test_the_scatter_cell_plots_zolta_against_celsius():
    xy = sentences._plotted_axes(torch.tensor([1.0, 2.0]), torch.tensor([30.0, 40.0]))
    assert xy.tolist() == [[1.0, 2.0], [30.0, 40.0]]


# --- the sentences' checks can fail: broken copies of holding sentences are errata --------------------------------

def _false(**inputs):
    return np.float64(0.0)


@pytest.mark.parametrize("claim_id", ["keldenich-scratch/straight-line-reading", "keldenich-scratch/zolta-fahrenheit",
                                      "keldenich-scratch/line-through-cloud"])
def test_a_sentence_denied_is_an_erratum(claim_id):
    result = run_claim(_broken(claim_id, r"\text{false}", _false), _CONFIG)
    assert result.observed is Status.ERRATUM, result.note


def test_a_guard_that_stops_one_epoch_late_is_an_erratum():
    def one_late(losses):
        for epoch, loss in enumerate(losses, start=1):
            if loss == np.inf:
                return np.float64(min(epoch + 1, len(losses)))
        return np.float64(len(losses))

    result = run_claim(_broken("keldenich-scratch/isfinite-guard", "late", one_late), _CONFIG)
    assert result.observed is Status.ERRATUM, result.note


def test_an_ascent_step_is_an_erratum():
    def ascent(w, b, learning_rate, gradient_w, gradient_b):
        return np.array([w + learning_rate * gradient_w, b + learning_rate * gradient_b], dtype=np.float64)

    result = run_claim(_broken("keldenich-scratch/update-rule", "ascent", ascent), _CONFIG)
    assert result.observed is Status.ERRATUM, result.note


def test_products_summed_over_the_measures_are_not_the_per_measure_derivatives():
    def summed(t_Zolta, t_Celsius, w, b):
        d = sentences._chain_rule_procedure(t_Zolta, t_Celsius, w, b)
        return {k: np.full_like(v, v.sum()) for k, v in d.items()}

    from oracle.forms import scalar_gradients

    result = run_claim(_broken("keldenich-scratch/chain-rule-prose", "summed", scalar_gradients(summed)), _CONFIG)
    assert result.observed is Status.ERRATUM, result.note


# --- findings on sentences: observed as the review found, their corrections hold ------------------------------------

@pytest.mark.parametrize("claim_id", ["keldenich-scratch/scatter-axes", "keldenich-scratch/mse-name",
                                      "keldenich-scratch/loop-steps", "keldenich-scratch/epoch-definition",
                                      "keldenich-scratch/input-range", "keldenich-scratch/similar-amplitude",
                                      "keldenich-scratch/fahrenheit-direction"])
def test_each_finding_on_a_sentence_is_observed_and_its_correction_holds(claim_id):
    result = _result(claim_id)
    assert result.observed is _BY_ID[claim_id].expect and result.correction_verdict is Status.HOLDS, result.note


def test_the_similar_amplitude_caveat_is_one_mistake_with_the_normalised_log():
    causes = {c.id: c.cause for c in catalogue.CLAIMS if c.cause == "normalised-log"}
    assert set(causes) == {"keldenich-scratch/normalised-epoch-1", "keldenich-scratch/normalised-epoch-100",
                           "keldenich-scratch/similar-amplitude"}


# --- the notebook, run end to end -------------------------------------------------------------------------------

def _judge(claim_id: str, form: str):
    claim = _BY_ID[claim_id]
    return claim.check.judge(getattr(claim, form).impl, {}, seed=0)


@pytest.mark.slow
def test_the_fragment_listing_dies_on_its_first_no_break_space_and_its_fix_runs():
    out = _judge("keldenich-scratch/loop-fragment", "printed")
    assert out.status is CaseStatus.CRASH and "SyntaxError" in out.message and "U+00A0" in out.message
    assert _judge("keldenich-scratch/loop-fragment", "correction").status is CaseStatus.PASS


@pytest.mark.slow
def test_the_normalised_cell_prints_another_layout_and_its_own_figures():
    out = _judge("keldenich-scratch/normalised-log", "printed")
    assert out.status is CaseStatus.FAIL and "prints 23 lines where the document shows 8" in out.message
    assert _judge("keldenich-scratch/normalised-log", "correction").status is CaseStatus.PASS


@pytest.mark.slow
def test_the_whole_notebook_runs_up_to_its_last_plot():
    assert _judge("keldenich-scratch/result-plot-code", "printed").status is CaseStatus.PASS
