"""Sessions are verbs: ``verify`` (the derivation gate), ``tests`` and ``lint`` run by default.

Virtual environments are reused between runs and every install is pinned by
``constraints.txt``, so torch is installed once (from the CPU wheel) and not again.  The sessions
that judge the catalogue install the ``[documents]`` extra: the libraries the documents' own
listings import, which their listing claims run end to end.
"""

import nox

nox.options.sessions = ["lint", "tests", "verify"]
nox.options.reuse_venv = "yes"

PYTHON = "3.11"
CONSTRAINTS = ("-c", "constraints.txt")


def _install(session: nox.Session, extras: str = "") -> None:
    session.install(*CONSTRAINTS, "-e", f".{extras}")


@nox.session(python=PYTHON)
def verify(session: nox.Session) -> None:
    """Judge the whole catalogue, write reports/ and fail when a verdict changes."""
    _install(session, "[documents]")
    session.run("python", "-m", "oracle", "verify", "--jobs", "2", *session.posargs)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite (pytest + hypothesis); with the documents' and the course extras, so that listing
    claims run and notebook tests run a kernel."""
    _install(session, "[test,documents,course]")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """The architecture contract (import-linter, pyproject.toml) and ruff."""
    _install(session, "[lint]")
    session.run("lint-imports")
    session.run("ruff", "check", "oracle", "reference", "tests", "benchmarks", "examples", "noxfile.py")


@nox.session(python=PYTHON, default=False)
def sensitivity(session: nox.Session) -> None:
    """Judge every mutant of every holding claim; fail when a non-equivalent mutant survives."""
    _install(session, "[documents]")
    session.run("python", "-m", "oracle", "verify", "--mutants", "all", "--jobs", "2",
                "--out", "reports/sensitivity", *session.posargs)


@nox.session(python=PYTHON, default=False)
def campaign(session: nox.Session) -> None:
    """False-alarm campaign: at least 10,000 cases on the claims that hold, over 5 seeds; fail on any alarm."""
    _install(session)
    session.run("python", "-m", "oracle", "campaign", "--cases", "10000", "--jobs", "2", *session.posargs)


@nox.session(python=PYTHON, default=False)
def sweep(session: nox.Session) -> None:
    """The gate over 100 seeds: per claim, how often its verdict depends on the seed; fail on any."""
    _install(session, "[documents]")
    session.run("python", "-m", "oracle", "sweep", "--seeds", "100", "--jobs", "2", *session.posargs)


@nox.session(python=PYTHON, default=False)
def bench(session: nox.Session) -> None:
    """Benchmarks against torch.autograd.gradcheck; writes benchmarks/results/."""
    _install(session)
    session.run("python", "benchmarks/bench.py", *session.posargs)
