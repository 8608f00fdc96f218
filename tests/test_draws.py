"""Draws depend on the seed alone, not on which project modules are imported."""

import importlib
import sys

import pytest
from hypothesis import Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from oracle.draws import independent_draws, isolation_available


def _draw_many(isolated: bool) -> list[int]:
    seen: list[int] = []

    @hypothesis_seed(1234)
    @settings(max_examples=300, database=None, phases=[Phase.generate])
    @given(st.integers(0, 10**9))
    def collect(n: int) -> None:
        seen.append(n)

    if isolated:
        with independent_draws():
            collect()
    else:
        collect()
    return seen


def _import_module_full_of_constants(tmp_path, monkeypatch) -> None:
    source = "MAGIC = [" + ", ".join(str(123_456_789 + k) for k in range(200)) + "]\n"
    (tmp_path / "constants_module.py").write_text(source)
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("constants_module")


def test_isolation_is_available_with_the_pinned_hypothesis():
    """The pinned hypothesis has the hook; without it the harness's draws would follow the source."""
    assert isolation_available()


def test_a_module_with_constants_does_not_change_isolated_draws(tmp_path, monkeypatch):
    """Importing a local module full of integer constants leaves the isolated draws as they were."""
    before = _draw_many(isolated=True)
    _import_module_full_of_constants(tmp_path, monkeypatch)
    try:
        assert _draw_many(isolated=True) == before
    finally:
        sys.modules.pop("constants_module", None)


def test_without_isolation_the_same_module_does_change_the_draws(tmp_path, monkeypatch):
    """The hazard is real: hypothesis draws the module's constants when nothing isolates it."""
    if not isolation_available():
        pytest.skip("this hypothesis version has no local-constants pool")
    _import_module_full_of_constants(tmp_path, monkeypatch)
    try:
        drawn = set(_draw_many(isolated=False))
        assert drawn & {123_456_789 + k for k in range(200)}
        assert not set(_draw_many(isolated=True)) & {123_456_789 + k for k in range(200)}
    finally:
        sys.modules.pop("constants_module", None)
