"""Known findings a course accepts, so that ``check`` can gate its repository in CI on new ones.

A baseline is a JSON file listing findings by file, family and statement text (whitespace
normalised; a counter tells apart the same text written twice), never by line: editing a
paragraph above a known erratum does not turn it into a new finding.  ``--write-baseline``
writes the findings of a run; ``--baseline`` accepts them.  A finding not in the baseline is
new (it fails the gate); an entry that no longer matches a finding is reported as fixed.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from oracle.claims import Status
from oracle.errors import UsageError

__all__ = ["Entry", "Baseline", "keys", "write_baseline", "FORMAT"]

FORMAT = "oracle check baseline"
Key = tuple[str, str, str, int]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Entry:
    """One accepted finding."""

    file: str
    family: str
    text: str
    status: str
    severity: str = "error"
    where: str = ""
    occurrence: int = 1

    @property
    def key(self) -> Key:
        return (self.file, self.family, _norm(self.text), self.occurrence)

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "where": self.where, "family": self.family, "severity": self.severity,
                "status": self.status, "text": self.text, "occurrence": self.occurrence}


def keys(stated: Mapping[str, Any]) -> dict[str, Key]:
    """A baseline key per claim id (``stated``: claim id -> ``Stated``), counting repeated texts in order."""
    seen: Counter = Counter()
    out: dict[str, Key] = {}
    for claim_id, s in stated.items():
        base = (s.file, s.family, _norm(s.text))
        seen[base] += 1
        out[claim_id] = (*base, seen[base])
    return out


@dataclass(frozen=True)
class Baseline:
    """The accepted findings of a course (empty when no file is given)."""

    entries: tuple[Entry, ...] = ()
    path: str = ""

    @classmethod
    def load(cls, path: str | Path) -> "Baseline":
        """Read a baseline file; a missing or malformed file is a usage error (one line)."""
        p = Path(path)
        try:
            payload = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise UsageError(f"--baseline {path}: no such file (write one with --write-baseline {path})") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UsageError(f"--baseline {path}: not a baseline file ({exc})") from None
        if not isinstance(payload, dict) or payload.get("format") != FORMAT or not isinstance(payload.get("findings"), list):
            raise UsageError(f"--baseline {path}: not a baseline file (expected {{\"format\": \"{FORMAT}\", "
                             f"\"findings\": [...]}})")
        entries = []
        for i, f in enumerate(payload["findings"]):
            try:
                entries.append(Entry(file=str(f["file"]), family=str(f["family"]), text=str(f["text"]),
                                     status=str(f["status"]), severity=str(f.get("severity", "error")),
                                     where=str(f.get("where", "")), occurrence=int(f.get("occurrence", 1))))
            except (KeyError, TypeError, ValueError) as exc:
                raise UsageError(f"--baseline {path}: finding {i} lacks a field or has a bad one ({exc})") from None
        return cls(tuple(entries), str(path))

    def accepted(self, key: Key) -> tuple[Status, ...]:
        """The statuses this baseline accepts for the statement with this key."""
        out = []
        for e in self.entries:
            if e.key == key:
                try:
                    out.append(Status(e.status))
                except ValueError:
                    pass
        return tuple(out)

    def gone(self, found: set[Key]) -> list[Entry]:
        """Entries no finding of this run matches: fixed, or their statement was edited away."""
        return [e for e in self.entries if e.key not in found]


def write_baseline(path: str | Path, findings: Sequence[Entry]) -> Path:
    """Write the findings as a baseline file (sorted, so that the same findings give the same bytes)."""
    p = Path(path)
    rows = sorted((f.as_dict() for f in findings), key=lambda r: (r["file"], r["family"], r["text"], r["occurrence"]))
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(json.dumps({"format": FORMAT, "findings": rows}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return p
