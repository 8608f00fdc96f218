"""What ``assert_vjp`` and ``gradcheck`` raise: a verdict against the backward, or a call that cannot be judged."""

from __future__ import annotations

from typing import Any

from torch.autograd.gradcheck import GradcheckError as TorchGradcheckError

from oracle.errors import OracleError

__all__ = ["VJPMismatch", "VJPSetupError", "GradcheckError"]


class VJPMismatch(OracleError, AssertionError):
    """A hand-written backward disagrees with the judges (or the judges could not confirm it): ``outcome``."""

    def __init__(self, message: str, outcome: Any = None):
        super().__init__(message)
        self.outcome = outcome


class VJPSetupError(OracleError, ValueError):
    """The call cannot be judged as given (an unknown name, a forward that raises, inputs outside a declared
    domain, a numeric judge whose steps leave the domain); the message says what to change."""

    def __init__(self, message: str, outcome: Any = None):
        super().__init__(message)
        self.outcome = outcome


class GradcheckError(OracleError, TorchGradcheckError):
    """``oracle.gradcheck``'s failure; also a ``torch.autograd.gradcheck.GradcheckError`` (a ``RuntimeError``),
    so code that catches torch's keeps working: ``outcome`` holds the details."""

    def __init__(self, message: str, outcome: Any = None):
        super().__init__(message)
        self.outcome = outcome
