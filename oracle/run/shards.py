"""One report from the shards of a run: ``verify --shard I/N`` folders merged.

A CI matrix runs ``python -m oracle verify --shard I/N --out shard-I`` on N machines;
``python -m oracle merge shard-* --out reports`` then writes the findings, verdicts,
JUnit and HTML of the whole selection, byte for byte what one unsharded run writes
(bar the date).  Shards of different runs are refused rather than mixed: the
provenance (seed, examples, versions, selection, device) must agree, every shard of
1..N must be there once, and no claim may appear twice.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Sequence

import pandas as pd

from oracle.errors import MergeError, UsageError

__all__ = ["MergeError", "Shard", "Merged", "read_shard", "merge", "shard_of"]


@dataclass(frozen=True)
class Shard:
    """One shard's reports as written by ``verify --shard I/N``."""

    path: Path
    payload: dict[str, Any]
    frame: pd.DataFrame
    index: int
    count: int


@dataclass(frozen=True)
class Merged:
    """The whole run: verdict records in selection order, documents, provenance and findings."""

    records: list[dict[str, Any]]
    documents: list[Any]
    provenance: dict[str, Any]
    frame: pd.DataFrame


def shard_of(claims: Sequence[Any], index: int, count: int) -> list[Any]:
    """The ``index``-th of ``count`` interleaved slices of ``claims`` (1-based): positions index-1, index-1+count, ...

    Raises:
        UsageError: the slice is empty.
    """
    chosen = list(claims)[index - 1::count]
    if not chosen:
        raise UsageError(f"shard {index}/{count} holds no claim")
    return chosen


def read_shard(path: Path) -> Shard:
    """Read ``verdicts.json`` and ``findings.csv`` of one shard folder."""
    path = Path(path)
    verdicts, findings = path / "verdicts.json", path / "findings.csv"
    for f in (verdicts, findings):
        if not f.is_file():
            raise MergeError(f"{path}: no {f.name} (is this the --out folder of a verify run?)")
    try:
        payload = json.loads(verdicts.read_text(encoding="utf-8"))
        frame = pd.read_csv(findings, dtype=str, keep_default_na=False)
    except (ValueError, OSError) as exc:
        raise MergeError(f"{path}: cannot read the reports: {exc}") from None
    shard = ((payload.get("provenance") or {}).get("selection") or {}).get("shard")
    if not (isinstance(shard, list) and len(shard) == 2):
        raise MergeError(f"{path}: not a shard (its verify run had no --shard I/N)")
    return Shard(path=path, payload=payload, frame=frame, index=int(shard[0]), count=int(shard[1]))


def _run_identity(prov: dict[str, Any]) -> dict[str, Any]:
    """What must agree between shards of one run: everything but the date and the shard."""
    selection = {k: v for k, v in (prov.get("selection") or {}).items() if k != "shard"}
    return {**{k: v for k, v in prov.items() if k not in ("date", "selection")}, "selection": selection}


def merge(shards: Sequence[Shard]) -> Merged:
    """The shards of one run as one run, claims back in selection order."""
    if not shards:
        raise MergeError("no shard folder given")
    first = shards[0]
    identity = _run_identity(first.payload["provenance"])
    for s in shards[1:]:
        other = _run_identity(s.payload["provenance"])
        if other != identity:
            field = next(k for k in {**identity, **other} if identity.get(k) != other.get(k))
            raise MergeError(f"{s.path} is from another run than {first.path}: {field} differs "
                             f"({other.get(field)!r} against {identity.get(field)!r})")
        if s.count != first.count:
            raise MergeError(f"{s.path} is shard {s.index}/{s.count}, {first.path} is shard {first.index}/{first.count}")
    seen: dict[int, Path] = {}
    for s in shards:
        if s.index in seen:
            raise MergeError(f"shard {s.index}/{s.count} given twice: {seen[s.index]} and {s.path}")
        seen[s.index] = s.path
    missing = [i for i in range(1, first.count + 1) if i not in seen]
    if missing:
        raise MergeError(f"shard{'s' if len(missing) > 1 else ''} "
                         f"{', '.join(f'{i}/{first.count}' for i in missing)} missing")

    # Shard I of N holds positions I-1, I-1+N, ... of the selection (shard_of).
    position: dict[str, int] = {}
    records: list[tuple[int, dict[str, Any]]] = []
    for s in shards:
        for k, record in enumerate(s.payload.get("claims") or []):
            claim_id = record["claim_id"]
            if claim_id in position:
                raise MergeError(f"claim {claim_id} appears in more than one shard")
            position[claim_id] = k * s.count + s.index - 1
            records.append((position[claim_id], record))
    records.sort(key=lambda pair: pair[0])

    frames = [s.frame for s in shards if len(s.frame)]
    frame = pd.concat(frames, ignore_index=True) if frames else first.frame.iloc[0:0]
    if len(frame):
        order = frame["claim_id"].map(position)
        frame = frame.assign(_order=order).sort_values("_order", kind="stable").drop(columns="_order")
        frame = frame.reset_index(drop=True)

    documents: dict[str, Any] = {}
    for s in shards:
        for d in s.payload.get("documents") or []:
            documents.setdefault(d.get("file"), SimpleNamespace(**d))
    prov = dict(first.payload["provenance"])
    prov["selection"] = {**prov.get("selection", {}), "shard": None}
    prov["merged_shards"] = first.count
    prov["date"] = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return Merged(records=[r for _, r in records], documents=list(documents.values()), provenance=prov, frame=frame)
