"""Smoke test of the benchmark suite (``benchmarks/bench.py``): tiny scenarios, no timings asserted."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("benchmarks_bench", ROOT / "benchmarks" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("make", [
    lambda b: b.dense_problem(4, batch=3),
    lambda b: b.conv2d_problem(1, 2, 6, 2, 3),
    lambda b: b.mlp_problem(3, 4, 5, 2),
], ids=["dense", "conv2d", "mlp"])
def test_the_harness_passes_the_right_backward_and_localizes_the_planted_entry(bench, make):
    p = make(bench)
    row = bench.run_problem_method(p, "harness")
    assert row["right_ok"], row["note"]
    assert row["detected"] and row["localized"], row["note"]
    assert row["numeric_mode"] == "entries"


def test_gradcheck_detects_the_planted_entry_in_slow_mode_without_naming_it(bench):
    p = bench.dense_problem(3, batch=2)
    row = bench.run_problem_method(p, "gradcheck-slow")
    assert row["right_ok"] and row["detected"] and not row["localized"]
    assert "Jacobian mismatch" in row["note"]


def test_the_small_backward_functions_are_right_and_their_planted_errors_found(bench):
    row = bench.run_small(functions=3, cases=2, method="harness")
    assert row["right_ok"] == "3/3" and row["detected"] == "3/3" and row["localized"] == "3/3"


def test_gradcheck_slow_mode_is_skipped_when_its_jacobians_cannot_fit(bench):
    jobs = bench.plan(quick=False, only="dense-316x316", skip_catalogue=True, methods=None, mem_budget=6 * 2**30)
    reasons = {method: skip for _, method, skip in jobs}
    assert reasons["harness"] is None
    assert reasons["gradcheck-slow"].startswith("skipped: O(n*m) memory > budget")


@pytest.mark.slow  # a child process importing torch, and matplotlib: about 15 s on 2 busy cores
def test_one_isolated_run_writes_the_csv_table_and_machine_description(bench, tmp_path):
    code = bench.main(["--quick", "--only", "dense-10x10", "--methods", "harness", "--out", str(tmp_path),
                       "--threads", "1"])
    assert code == 0
    with (tmp_path / "quick.csv").open() as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert reader.fieldnames == bench.COLUMNS
    assert {"scenario", "size", "method", "seconds", "peak_rss_mb", "detected", "localized", "status", "note",
            "numeric_mode"} <= set(reader.fieldnames)
    (row,) = rows
    assert row["scenario"] == "dense-10x10" and row["method"] == "harness" and row["status"] == "ok"
    assert row["detected"] == "True" and row["localized"] == "True"
    assert float(row["seconds"]) > 0 and float(row["peak_rss_mb"]) > 0
    machine = json.loads((tmp_path / "quick-machine.json").read_text())
    assert {"platform", "cpu_count", "cpu_model", "python", "torch", "numpy", "date"} <= set(machine)
    assert "| dense-10x10 |" in (tmp_path / "quick.md").read_text()
    assert (tmp_path / "quick-scaling.svg").exists()


def test_in_projection_mode_the_harness_still_localizes_the_planted_entry(bench):
    """A 32x32 weight is past the entry-wise budget: projections referee, the blamed entry is estimated alone."""
    p = bench.dense_problem(32, batch=2)
    row = bench.run_problem_method(p, "harness")
    assert row["numeric_mode"] == "projections"
    assert row["right_ok"] and row["detected"] and row["localized"], row["note"]
