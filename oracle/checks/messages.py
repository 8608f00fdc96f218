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

__all__ = ["Subject", "mismatch_message", "describe_case", "summarize_case", "neighbourhood", "fmt"]

#: Arrays up to this many entries are shown whole, with round-trip digits.
_MAX_SHOWN = 24


@dataclass(frozen=True)
class Subject:
    """What is being judged, as messages name it: a claim of a document (or a user's own code).

    ``form`` is what the judged implementation is called beside a judge's value ("printed"),
    ``what`` in a sentence ("the printed backward"), ``title`` replaces the claim header; with
    ``summarize`` large arrays are summarised (shape, range, the neighbourhood of the worst
    entry) rather than shown, as a user's test output wants.
    """

    claim_id: str = ""
    document: str = ""
    section: str = ""
    form: str = "printed"
    summarize: bool = False
    title: str = ""
    what: str = "the printed backward"

    @property
    def value_phrase(self) -> str:
        """"the printed value", "the value of your backward": the judged form's value in a sentence."""
        return f"the {self.form} value" if self.form == "printed" else f"the value of {self.form}"

    def header(self, fallback: str = "The form") -> str:
        """``Claim <id> (<document>, "<section>")``, or ``fallback`` when no claim is named."""
        if self.title:
            return self.title
        if not self.claim_id:
            return fallback
        return f"Claim {self.claim_id} ({self.document}, \"{self.section}\")"


def fmt(x: float) -> str:
    """A figure in a message: six significant digits."""
    return f"{x:.6g}"


def neighbourhood(got: torch.Tensor, expected: torch.Tensor, index: tuple[int, ...], form: str, judge: str,
                  width: int = 2) -> list[str]:
    """Two lines: the entries around ``index`` along the last axis, as the form and the judge give them."""
    if not index:
        return []
    last = got.shape[-1]
    lo, hi = max(0, index[-1] - width), min(last, index[-1] + width + 1)
    where = ", ".join(str(i) for i in index[:-1]) + (", " if len(index) > 1 else "") + f"{lo}:{hi}"
    row = lambda t: "[" + ", ".join(fmt(float(v)) for v in t[index[:-1]][lo:hi]) + "]"  # noqa: E731
    width_label = max(len(form), len(judge))
    return [f"Around it, [{where}]:", f"  {form:<{width_label}}  {row(got)}", f"  {judge:<{width_label}}  {row(expected)}"]


def mismatch_message(subject: Subject, *, judge: str, name: str, result: Mismatch,
                     numeric: tuple[float, float] | None = None, counterexample: str = "",
                     notes: tuple[str, ...] = (), around: tuple[torch.Tensor, torch.Tensor] | None = None) -> str:
    """The house mismatch message: torch.testing's wording, each figure at its own index, plus the location.

    ``numeric`` is the numeric judge's estimate and error bar at the worst entry; ``notes`` are
    lines on it (low precision: round-off or mistake); ``around`` (the form's values and the
    judge's) adds the neighbourhood of the worst entry.
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
    if around is not None and around[0].numel() > 1:
        lines.extend(neighbourhood(around[0], around[1], result.worst_index, subject.form, judge))
    lines.extend(notes)
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


def _summary(v: Any) -> str:
    if isinstance(v, torch.Tensor):
        t = v.detach().cpu()
        dtype = str(t.dtype).removeprefix("torch.")
        kind = "tensor"
        v = (t.to(torch.float64) if t.is_floating_point() else t).numpy()
    elif isinstance(v, np.ndarray):
        dtype, kind = str(v.dtype), "array"
    else:
        return repr(v)
    if v.size <= _MAX_SHOWN:
        return repr(v.tolist())
    finite = v[np.isfinite(v)] if v.dtype.kind == "f" else v.reshape(-1)
    span = f", in [{fmt(float(finite.min()))}, {fmt(float(finite.max()))}]" if finite.size else ""
    bad = f", {int(v.size - finite.size)} not finite" if v.dtype.kind == "f" and finite.size < v.size else ""
    return f"{dtype} {kind} of shape {tuple(v.shape)}{span}{bad}"


def summarize_case(values: Mapping[str, Any]) -> str:
    """``name = value`` pairs, arrays of more than a few entries summarised by shape, dtype and range."""
    return "; ".join(f"{k} = {_summary(v)}" for k, v in values.items())
