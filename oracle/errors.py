"""One family of exceptions: every error the harness raises on purpose is an ``OracleError``.

Each carries its prose *and* the fields a program needs (attrs' habit): the CLI
prints ``str(exc)`` on one line and exits 2; a caller can read ``exc.claim_id`` or
``exc.problems`` instead of parsing the message.  Exceptions raised by user code
(a printed form, a reference) are never wrapped into these: they become findings.
"""

from __future__ import annotations

from typing import Any, Sequence

__all__ = [
    "OracleError",
    "ClaimError",
    "DomainError",
    "CheckError",
    "CatalogueError",
    "UsageError",
    "MergeError",
    "JudgeError",
    "ReferenceFailure",
    "DeviceUnavailable",
]


class OracleError(Exception):
    """Base class of the harness's own errors."""


class ClaimError(OracleError, ValueError):
    """A claim record is malformed: ``claim_id`` and every rule it breaks (``problems``)."""

    def __init__(self, claim_id: Any, problems: Sequence[str]):
        self.claim_id = claim_id
        self.problems = tuple(problems)
        super().__init__(f"claim {claim_id}: " + "; ".join(self.problems))


class DomainError(OracleError, ValueError):
    """A domain was given arguments that admit no value (``argument``, ``value``)."""

    def __init__(self, message: str, *, argument: str = "", value: Any = None):
        self.argument = argument
        self.value = value
        super().__init__(message)


class CheckError(OracleError, ValueError):
    """A check was built with arguments it cannot use: the ``check``'s class name and every ``problem``."""

    def __init__(self, check: str, problems: Sequence[str]):
        self.check = check
        self.problems = tuple(problems)
        super().__init__(f"{check}: " + "; ".join(self.problems))


class CatalogueError(OracleError):
    """A claims module cannot be loaded or holds malformed claims (``module``)."""

    def __init__(self, message: str, *, module: str = ""):
        self.module = module
        super().__init__(message)


class UsageError(OracleError):
    """A bad command line or argument; reported in one line (exit code 2)."""


class MergeError(OracleError):
    """Report folders that are not the complete shards of one run (``path``)."""

    def __init__(self, message: str, *, path: Any = None):
        self.path = path
        super().__init__(message)


class JudgeError(OracleError, RuntimeError):
    """A judge could not evaluate or differentiate the reference on a case."""


class ReferenceFailure(OracleError):
    """The torch reference raised while a case was being drawn (a defect of the claim's setup)."""


class DeviceUnavailable(OracleError, ValueError):
    """The requested device does not exist here (``device``)."""

    def __init__(self, message: str, *, device: str = ""):
        self.device = device
        super().__init__(message)
