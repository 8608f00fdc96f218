"""The "Deep Learning from Scratch" catalogue (Keldenich): quotes are verbatim, claims are observed as
expected, and deliberately broken copies of holding claims are caught."""

from __future__ import annotations

import functools

import pytest
import torch

from oracle.claims import Status
from oracle.forms import scalar_gradients
from oracle.run.runner import RunConfig, run_claim
from reference import keldenich_scratch as catalogue
from reference.keldenich_scratch import printed as doc
from reference.keldenich_scratch import wiring
from tests.documents import document_text
from tests.reference import breaker

_CONFIG = RunConfig(examples=15, seed=0)
_BY_ID = {c.id: c for c in catalogue.CLAIMS}


@functools.lru_cache(maxsize=None)
def _result(claim_id: str):
    return run_claim(_BY_ID[claim_id], _CONFIG)


_broken = breaker(catalogue.CLAIMS)


def test_the_training_loop_is_the_documents_cell_verbatim():
    """The executed training loop is the printed cell, line for line (trailing blanks aside)."""
    text = "\n".join(line.rstrip() for line in document_text(catalogue.DOCUMENT.file).splitlines())
    assert doc.TRAINING_LOOP_SOURCE.rstrip("\n") in text


def test_dloss_fn_holds_on_the_documents_tensors():
    """2 (t_Pred − t_Celsius) / t_Pred.size(0) on the 1-D tensors the document uses (size(0) = numel()); a 2-D
    batch, where it would differ from the mean's gradient, never arises in the document: no condition."""
    result = _result("keldenich-scratch/dloss-fn")
    assert result.observed is Status.HOLDS and _BY_ID["keldenich-scratch/dloss-fn"].condition is None
    t_pred, t_celsius = torch.ones(2, 3), torch.zeros(2, 3)
    assert not torch.allclose(doc.dloss_fn(t_pred, t_celsius), torch.full((2, 3), 2 / 6))


def test_the_initial_loss_is_a_rounded_figure_in_prose():
    """"Une loss de 1763" for 1763.8848: within one unit of its last digit, so it holds (the prose rule)."""
    assert _result("keldenich-scratch/initial-loss").observed is Status.HOLDS


# --- linear-regression gradient: broken copies of grad_fn ------------------------------------------

def _grad_fn_with(dloss):
    def procedure(t_Zolta, t_Celsius, w, b):
        t_Zolta, t_Celsius, w, b = (torch.as_tensor(v, dtype=torch.float64) for v in (t_Zolta, t_Celsius, w, b))
        t_Pred = doc.model(t_Zolta, w, b)
        d = dloss(t_Pred, t_Celsius)
        return {"w": (d * doc.dmodel_dw(t_Zolta, w, b)).sum().numpy(), "b": (d * doc.dmodel_db(t_Zolta, w, b)).sum().numpy()}
    return scalar_gradients(procedure)


_BROKEN_GRADIENT = [
    pytest.param(r"2(\hat{t} - t)", _grad_fn_with(lambda p, c: 2 * (p - c)), id="dropped-1-over-N"),
    pytest.param(r"2(t - \hat{t}) / N", _grad_fn_with(lambda p, c: 2 * (c - p) / p.size(0)), id="wrong-sign"),
    pytest.param(r"(\hat{t} - t) / N", _grad_fn_with(lambda p, c: (p - c) / p.size(0)), id="dropped-factor-2"),
]


@pytest.mark.parametrize("latex, impl", _BROKEN_GRADIENT)
def test_a_broken_grad_fn_is_an_erratum(latex, impl):
    result = run_claim(_broken("keldenich-scratch/grad-fn", latex, impl), _CONFIG)
    assert result.observed is Status.ERRATUM, result.note


def test_dmodel_dw_returning_the_bias_derivative_is_an_erratum():
    """dmodel_dw returning 1.0 (the derivative wrt b) is caught."""
    result = run_claim(_broken("keldenich-scratch/dmodel-dw", "1", wiring._model_partial(doc.dmodel_db, "w")), _CONFIG)
    assert result.observed is Status.ERRATUM, result.note


# --- figures: a perturbed recomputation is an erratum ---------------------------------------------

def _perturbed(recompute, name, delta):
    def impl():
        values = dict(recompute())
        values[name] += delta
        return values
    return impl


@pytest.mark.parametrize("claim_id, name, delta", [
    ("keldenich-scratch/raw-epoch-1", "Params[0]", 2e-4),       # two units of the last printed digit
    ("keldenich-scratch/raw-epoch-100", "Loss", 1e-4),          # '%f' digits lie below float32's 4 ulps
    ("keldenich-scratch/final-params", "params[1]", -2e-4),
    ("keldenich-scratch/fahrenheit-exact", "w", 2e-4),
])
def test_a_perturbed_figure_is_an_erratum(claim_id, name, delta):
    claim = _BY_ID[claim_id]
    result = run_claim(_broken(claim_id, "perturbed", _perturbed(claim.printed.impl, name, delta)), _CONFIG)
    assert result.observed is Status.ERRATUM, result.note


def test_the_normalised_figures_are_those_of_standardised_inputs():
    """The printed normalised-run figures come from (t_Zolta − mean) / std, not 0.1 · t_Zolta."""
    printout = wiring._Printout()
    namespace = {"torch": torch, "model": doc.model, "loss_fn": doc.loss_fn, "grad_fn": doc.grad_fn, "print": printout}
    exec(doc.TRAINING_LOOP_SOURCE, namespace)
    with wiring._float32_default():
        t_Zolta = torch.tensor(doc.ZOLTA)
        namespace["training_loop"](100, 1e-2, torch.tensor([1.0, 0.0]), (t_Zolta - t_Zolta.mean()) / t_Zolta.std(),
                                   torch.tensor(doc.CELSIUS))
    printed = _BY_ID["keldenich-scratch/normalised-epoch-1"].check.printed
    assert printout.epochs[1]["Loss"] == printed["Loss"]
    assert [round(float(v), 4) for v in printout.epochs[1]["Grad"]] == [float(printed["Grad[0]"]), float(printed["Grad[1]"])]
    assert printout.epochs[100]["Loss"] == _BY_ID["keldenich-scratch/normalised-epoch-100"].check.printed["Loss"]
