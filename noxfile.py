"""Sessions: ``nox -s verify`` (the derivation gate) and ``nox -s tests``.

Virtual environments are reused between runs, and every install is pinned by
``constraints.txt``, so torch is installed once (from the CPU wheel) and not again.
"""

import nox

nox.options.sessions = ["tests", "verify"]
nox.options.reuse_venv = "yes"

PYTHON = "3.11"
CONSTRAINTS = ("-c", "constraints.txt")


def _install(session: nox.Session, extras: str = "") -> None:
    session.install(*CONSTRAINTS, "-e", f".{extras}")


@nox.session(python=PYTHON)
def verify(session: nox.Session) -> None:
    """Judge the whole catalogue, write reports/ and fail when a verdict changes."""
    _install(session)
    session.run("python", "-m", "oracle", "verify", *session.posargs)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite (pytest + hypothesis)."""
    _install(session, "[test]")
    session.run("pytest", *session.posargs)
