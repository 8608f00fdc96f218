"""The documents' listings: transcribed verbatim (checked against the documents where they are available), and
run end to end as the documents run them, each printed listing failing the way the reviews found and each
correction running."""

from __future__ import annotations

import importlib.util

import pytest

from oracle.checks.outcome import CaseStatus
from oracle.run.catalogue import load
from reference import MODULES
from reference.keldenich_scratch import listing as keldenich
from reference.reseau_profond import listing as notebook
from reference.tutoriel_backprop import listing as tutoriel
from tests.documents import document_text

CLAIMS = {c.id: c for c in load(MODULES).claims}


def _lines(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines())


def test_the_mnist2_listing_and_its_printout_are_the_documents():
    text = _lines(document_text("000_88c507be81c046c9.txt"))
    assert _lines(tutoriel.MNIST2) in text and _lines(tutoriel.SHOWN.text) in text


@pytest.mark.parametrize("number", [1, 5, 3, 11, 12, 13, 15, 16, 39])
def test_every_notebook_cell_is_the_documents_verbatim(number):
    text = _lines(document_text("002_c565116afbd152b8.txt"))
    assert _lines(f"In [{number}]: " + getattr(notebook, f"IN_{number}")) in text


def test_the_notebooks_printouts_are_the_documents():
    text = _lines(document_text("002_c565116afbd152b8.txt"))
    assert _lines(notebook.LOG_16.text) in text and _lines(notebook.ACCURACY_39.text) in text


@pytest.mark.parametrize("name", ["DATA", "PLOT", "MODEL", "LOSS_FN", "INITIAL_LOSS", "DERIVATIVES", "GRAD_FN",
                                  "RAW_CALL"])
def test_every_keldenich_cell_is_the_documents_verbatim(name):
    text = _lines(document_text("003_ddcfe26c8c4f59ec.txt"))
    assert _lines(getattr(keldenich, name)) in text


def test_the_keldenich_printout_is_the_documents():
    assert _lines(keldenich.SHOWN_RAW.text) in _lines(document_text("003_ddcfe26c8c4f59ec.txt"))


def _judge(claim_id: str, form: str):
    claim = CLAIMS[claim_id]
    return claim.check.judge(getattr(claim, form).impl, {}, seed=0)


needs_sklearn = pytest.mark.skipif(importlib.util.find_spec("sklearn") is None,
                                   reason="scikit-learn (the [documents] extra) is not installed")


@needs_sklearn
def test_the_mnist2_listing_dies_at_its_import_of_fetch_mldata():
    out = _judge("tutoriel-backprop/listing", "printed")
    assert out.status is CaseStatus.CRASH
    assert out.message.startswith("ImportError: cannot import name 'fetch_mldata' from 'sklearn.datasets' "
                                  "(at mnist2.py, line 4: from sklearn.datasets import fetch_mldata)")


def test_without_its_library_a_listing_cannot_be_judged_rather_than_not_running():
    claim = CLAIMS["tutoriel-backprop/listing"]
    check = type(claim.check)(requires=("sklearn_missing_here",), offline=claim.check.offline)
    assert check.judge(claim.printed.impl, {}).status is CaseStatus.SETUP


@pytest.mark.slow
@needs_sklearn
def test_the_corrected_loader_runs_and_prints_in_the_documents_format():
    out = _judge("tutoriel-backprop/listing", "correction")
    assert out.status is CaseStatus.PASS, out.message
    assert out.detail["listing"]["cells"][0]["printed"].startswith("Performance initiale : ")


@pytest.mark.slow
def test_the_notebooks_plot_after_training_raises_with_the_earlier_corrections_applied():
    out = _judge("reseau-profond/plot-costs", "printed")
    assert out.status is CaseStatus.CRASH and out.message.startswith("ValueError: x and y must have same first dimension")
    assert "(at In [16], line 8: plot.plot(range(epochs), costs))" in out.message
    fixed = _judge("reseau-profond/plot-costs", "correction")
    assert fixed.status is CaseStatus.PASS, fixed.message
    printed = next(c for c in fixed.detail["listing"]["cells"] if c["name"] == "In [16]")["printed"].splitlines()
    assert len(printed) == 30 and printed[0].startswith("Epoch #1: ") and printed[-1].startswith("Epoch #30: ")


@pytest.mark.slow
def test_the_notebooks_accuracy_cell_raises_name_error():
    out = _judge("reseau-profond/accuracy-calls", "printed")
    assert out.status is CaseStatus.CRASH and out.message.startswith("NameError: name 'layer_activations' is not defined")
    assert _judge("reseau-profond/accuracy-calls", "correction").status is CaseStatus.PASS


@pytest.mark.slow
def test_the_raw_data_cell_prints_the_documents_figures_in_another_layout():
    out = _judge("keldenich-scratch/raw-log", "printed")
    assert out.status is CaseStatus.FAIL and "prints 23 lines where the document shows 8" in out.message
    assert _judge("keldenich-scratch/raw-log", "correction").status is CaseStatus.PASS
