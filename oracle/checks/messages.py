"""Messages built once, from data: who is judged, the house mismatch format, cases as text.

Every failure message starts with the subject's header (``Claim <id> (<document>,
"<section>")``) and words a comparison as ``torch.testing`` does, each figure
with its own index, then adds where the judges stand at the blamed entry and the
counterexample.  No check writes these lines itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import torch

from oracle.checks.compare import Mismatch

__all__ = ["Subject", "mismatch_message", "describe_case", "fmt"]

#: Arrays up to this many entries are shown whole, with round-trip digits.
_MAX_SHOWN = 24


@dataclass(frozen=True)
class Subject:
    """What is being judged, as messages name it: a claim of a document (or a user's own code).

    ``form`` is what the judged implementation is called in messages ("printed").
    """

    claim_id: str = ""
    document: str = ""
    section: str = ""
    form: str = "printed"

    def header(self, fallback: str = "The form") -> str:
        """``Claim <id> (<document>, "<section>")``, or ``fallback`` when no claim is named."""
        if not self.claim_id:
            return fallback
        return f"Claim {self.claim_id} ({self.document}, \"{self.section}\")"


def fmt(x: float) -> str:
    """A figure in a message: six significant digits."""
    return f"{x:.6g}"


def mismatch_message(subject: Subject, *, judge: str, name: str, result: Mismatch,
                     numeric: tuple[float, float] | None = None, counterexample: str = "") -> str:
    """The house mismatch message: torch.testing's wording, each figure at its own index, plus the location.

    ``numeric`` is the numeric judge's estimate and error bar at the worst entry.
    """
    pct = 100.0 * result.mismatched / max(1, result.total)
    of = f" of {name}" if name else ""
    lines = [
        f"{subject.header()} disagrees with {judge}!",
        "",
        f"Mismatched elements{of}: {result.mismatched} / {result.total} ({pct:.1f}%)",
        f"Greatest absolute difference: {fmt(result.max_abs)} at index {result.max_abs_index} "
        f"(up to {fmt(result.max_abs_allowed)} allowed)",
        f"Greatest relative difference: {fmt(result.max_rel)} at index {result.max_rel_index}",
    ]
    if result.worst_index != result.max_abs_index:
        lines.append(f"Furthest outside its band: index {result.worst_index}, difference "
                     f"{fmt(abs(result.got - result.expected))} (up to {fmt(result.allowed)} allowed)")
    trail = f"At index {result.worst_index}: {subject.form}: {fmt(result.got)}  {judge}: {fmt(result.expected)}"
    if numeric is not None:
        trail += f"  numeric: {fmt(numeric[0])} ± {fmt(numeric[1])}"
    lines.append(trail)
    if counterexample:
        lines.append(f"Counterexample: {counterexample}")
    return "\n".join(lines)


def _value_text(v: Any) -> str:
    if isinstance(v, np.ndarray):
        if v.size <= _MAX_SHOWN:  # Python's shortest round-trip reprs; array2string costs ~0.3 ms a call
            return repr(v.tolist())
        return np.array2string(v, separator=", ", floatmode="unique", threshold=_MAX_SHOWN, edgeitems=3)
    if isinstance(v, torch.Tensor):
        return _value_text(v.detach().cpu().numpy())
    if isinstance(v, np.generic):
        return repr(v.item())
    return repr(v)


def describe_case(values: Mapping[str, Any]) -> str:
    """``name = value`` pairs, arrays shown with round-trip digits."""
    return "; ".join(f"{k} = {_value_text(v)}" for k, v in values.items())
