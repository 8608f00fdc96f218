"""Where the outcomes of ``assert_vjp`` and ``gradcheck`` go besides the exception: a saved case, a session.

A failing call saves its full case (every input, the upstream gradient, the backward's
gradients) to ``$TMPDIR/oracle-cases/<label>-<digest>.npz`` so that the message can stay
short.  While a session is open (the pytest plugin opens one per test run, ``oracle.pytest_plugin``),
every outcome is recorded with the test that produced it.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import torch

from oracle.checks.outcome import Outcome

__all__ = ["Observation", "Session", "save_case", "observe", "open_session", "close_session", "current_session"]


@dataclass(frozen=True)
class Observation:
    """One call of ``assert_vjp`` or ``gradcheck``: what was judged, in which test, and the outcome."""

    call: str  # "assert_vjp" or "gradcheck"
    label: str  # the backward's name
    test: str  # the pytest node id ("" outside pytest)
    outcome: Outcome
    message: str
    case_file: str = ""


@dataclass
class Session:
    """Observations gathered while it is open; ``test`` is the node id of the test running now."""

    test: str = ""
    observations: list[Observation] = field(default_factory=list)


_SESSION: Session | None = None


def open_session() -> Session:
    global _SESSION
    _SESSION = Session()
    return _SESSION


def close_session() -> Session | None:
    global _SESSION
    session, _SESSION = _SESSION, None
    return session


def current_session() -> Session | None:
    return _SESSION


def observe(call: str, label: str, outcome: Outcome, message: str, case_file: str = "") -> None:
    """Record an outcome in the open session, if any."""
    if _SESSION is not None:
        _SESSION.observations.append(Observation(call, label, _SESSION.test, outcome, message, case_file))


def _array(v: Any) -> np.ndarray | None:
    if isinstance(v, torch.Tensor):
        t = v.detach().cpu()
        return (t.to(torch.float64) if t.dtype == torch.bfloat16 else t).numpy()
    if isinstance(v, (np.ndarray, np.generic, int, float)) and not isinstance(v, bool):
        return np.asarray(v)
    return None


def save_case(label: str, values: Mapping[str, Any]) -> str:
    """Save ``values`` (arrays, tensors, numbers; others are skipped) to an ``.npz`` file; its path, or "" on failure."""
    arrays = {k: a for k, v in values.items() if (a := _array(v)) is not None}
    digest = hashlib.sha1(b"".join(k.encode() + a.tobytes() for k, a in sorted(arrays.items()))).hexdigest()[:10]
    folder = Path(os.environ.get("ORACLE_CASES_DIR") or Path(tempfile.gettempdir()) / "oracle-cases")
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", label).strip("-")[:60] or "case"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{stem}-{digest}.npz"
        np.savez(path, **arrays)
    except OSError:
        return ""
    return str(path)
