"""pytest plugin: ``pytest --oracle-report DIR`` gathers every ``assert_vjp`` and ``gradcheck`` outcome.

Registered as a ``pytest11`` entry point, so installing the package is enough.  With the option,
each call made during the session is recorded with the node id of its test, and at the end
``DIR`` receives the harness's own reports (findings.csv, verdicts.json, junit.xml, index.html,
errata.md), one card per call, failing ones first.  Without it the plugin does nothing and
imports nothing (it loads in every pytest run of an environment where the package is installed).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

__all__ = ["pytest_addoption", "pytest_configure", "pytest_runtest_protocol", "pytest_sessionfinish"]

_KEY = "oracle_report"


def pytest_addoption(parser: Any) -> None:
    group = parser.getgroup("oracle", "backprop-oracle")
    group.addoption("--oracle-report", dest=_KEY, metavar="DIR", default=None,
                    help="write the outcomes of assert_vjp and gradcheck calls as the harness's report in DIR")


def pytest_configure(config: Any) -> None:
    if config.getoption(_KEY):
        from oracle.testing import record

        config._oracle_session = record.open_session()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: Any, nextitem: Any) -> Any:
    session = getattr(item.config, "_oracle_session", None)
    if session is not None:
        session.test = item.nodeid
    yield
    if session is not None:
        session.test = ""


def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    out = session.config.getoption(_KEY)
    if not out or getattr(session.config, "_oracle_session", None) is None:
        return
    from oracle.testing import record

    recorded = record.close_session()
    if recorded is None:
        return
    from oracle.report.machine import provenance
    from oracle.report.observations import observation_results
    from oracle.report.publish import publish
    from oracle.report.records import findings_frame, verdict_records

    results, verdicts, documents = observation_results(recorded.observations)
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        records = [{**r, "form_name": "Your code"} for r in verdict_records(results, verdicts)]
        publish(findings_frame(results), records, documents,
                provenance(seed=0, examples=1, selection={"pytest": True}), folder, html=True, err=sys.stderr)
    except OSError as exc:
        sys.stderr.write(f"oracle: the report could not be written to {folder}: {exc}\n")
        return
    failing = sum(not v.ok for v in verdicts)
    session.config._oracle_summary = (f"oracle report: {folder / 'index.html'} ({len(verdicts)} call"
                                      f"{'s' if len(verdicts) != 1 else ''}, {failing} failing)")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    summary = getattr(terminalreporter.config, "_oracle_summary", None)
    if summary:
        terminalreporter.write_line(summary)
