"""Hypothesis draws that depend on the seed alone.

Note [draws independent of source]
----------------------------------
Hypothesis mixes into its integer, float and string draws constants read from the
source of every "local" module in ``sys.modules`` (any module outside site-packages
and the standard library).  For a verification harness this makes the cases a
claim draws depend on things that have nothing to do with the claim: which project
modules happen to be imported, whether the project is installed editable or not
(site-packages modules are not "local"), a user's own claims module, and every
constant added to or removed from the harness's own code.  The same seed would then
give other findings after a refactoring, or on a user's machine.

``independent_draws()`` hands hypothesis an empty pool of local constants for the
duration of a run.  The edge values the harness wants visited are explicit
(``oracle.domains.EDGES`` and each domain's ``edges``), so nothing is lost.  It uses
a private hook of hypothesis (pinned in ``constraints.txt``); where that hook does not
exist it does nothing, and ``tests/test_draws.py`` says so.

``for_each_case`` is the one way the harness runs hypothesis: seeded, isolated, quiet.
"""

from __future__ import annotations

import contextlib
from typing import Any, Callable, Iterator, Sequence

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

__all__ = ["independent_draws", "isolation_available", "for_each_case", "settings_for"]


def _hooks():
    try:
        from hypothesis.internal.conjecture import providers
        from hypothesis.internal.constants_ast import Constants
    except ImportError:  # pragma: no cover - another hypothesis layout
        return None
    if not (hasattr(providers, "_get_local_constants") and hasattr(providers, "CONSTANTS_CACHE")):
        return None  # pragma: no cover
    return providers, Constants


def isolation_available() -> bool:
    """Whether this hypothesis version lets draws be isolated from the project's source."""
    return _hooks() is not None


@contextlib.contextmanager
def independent_draws() -> Iterator[None]:
    """Inside the block, hypothesis draws no constant from local modules (Note [draws independent of source])."""
    hooks = _hooks()
    if hooks is None:  # pragma: no cover
        yield
        return
    providers, constants_type = hooks
    original = providers._get_local_constants
    empty = constants_type()
    providers._get_local_constants = lambda: empty
    providers.CONSTANTS_CACHE.cache.clear()
    try:
        yield
    finally:
        providers._get_local_constants = original
        providers.CONSTANTS_CACHE.cache.clear()


def settings_for(examples: int, phases: Sequence[Phase]) -> settings:
    """Hypothesis settings of every harness run: no database, no deadline, no health checks, quiet."""
    return settings(max_examples=examples, database=None, deadline=None, phases=list(phases),
                    suppress_health_check=list(HealthCheck), print_blob=False, report_multiple_bugs=False)


def for_each_case(strategy: st.SearchStrategy[Any], test: Callable[[Any], None], *, seed: int, examples: int,
                  shrink: bool = False) -> None:
    """Call ``test`` on up to ``examples`` cases of ``strategy`` drawn from ``seed`` alone.

    With ``shrink``, an exception raised by ``test`` makes hypothesis shrink towards a
    smaller case and is then re-raised (the caller records what it needs on the way).
    """
    phases = [Phase.generate, Phase.shrink] if shrink else [Phase.generate]

    @hypothesis_seed(seed)
    @settings_for(examples, phases)
    @given(strategy)
    def run(case: Any) -> None:
        test(case)

    with independent_draws():
        run()
