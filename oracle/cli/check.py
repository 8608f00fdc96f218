"""``python -m oracle check PATH…``: read course sources, run what they state, gate on new findings.

Wiring only: ``oracle.course`` reads the files into claims, the runner judges them, the gate
decides (a statement is expected to hold; a finding the baseline accepts, a statement the
judges could not decide, and one that cannot be judged on this machine (a cell that needs a data
file, a module or the network it lacks) are tolerated, and listed with their reasons), and the same reports as ``verify`` are written, with
what was read per file.  Exit 0 when no new finding, 1 otherwise, 2 on usage errors.
"""

from __future__ import annotations

import argparse
import re
import time
from typing import Any, Mapping, Sequence, TextIO

from oracle.claims import Status
from oracle.course import Baseline, Entry, Options, keys, read, write_baseline
from oracle.gate import Verdict, decide
from oracle.report.machine import provenance
from oracle.report.publish import publish
from oracle.report.records import findings_frame, verdict_records
from oracle.run.runner import RunConfig, run_claim

__all__ = ["check"]

EXIT_OK, EXIT_GATE = 0, 1
#: What a statement may come out as without being a finding: the judges disagree, or it cannot be judged here.
_UNDECIDED = (Status.INCONCLUSIVE, Status.CANNOT_JUDGE)


def check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    baseline = Baseline.load(args.baseline) if args.baseline else Baseline()
    options = Options(code=not args.no_code, cell_timeout=float(args.cell_timeout), examples=args.examples)
    start = time.perf_counter()
    config = RunConfig(examples=args.examples, seed=args.seed, shrink=True)
    with read(args.paths, options) as reading:
        results = [run_claim(c, config) for c in reading.claims]
    seconds = time.perf_counter() - start
    key_of = keys(reading.stated)
    verdicts = [decide(r, tolerated=(*_UNDECIDED, *baseline.accepted(key_of[r.claim.id]))) for r in results]
    records = verdict_records(results, verdicts)
    for rec, v in zip(records, verdicts):
        s = reading.stated[rec["claim_id"]]
        if not rec["message"] and v.why:  # a statement not judged says why (its gate has no reason to)
            rec["message"] = v.why
        severity = "caveat" if rec["observed"] in ("unstable", "holds under a precondition") else s.severity
        rec.update(where=s.where, severity=severity, accepted=rec["observed"] in
                   [a.value for a in baseline.accepted(key_of[rec["claim_id"]])])
        if not rec["gate_ok"]:  # the gate's words for a check run: the document states it, nothing accepts it
            rec["gate_reasons"] = [f"a new finding: the statement is “{rec['observed']}”, and no baseline accepts it"]
    findings = [_entry(reading.stated[r.claim.id], key_of[r.claim.id], r.observed) for r in results
                if r.observed not in (Status.HOLDS, *_UNDECIDED)]
    gone = baseline.gone({f.key for f in findings})
    coverage = reading.coverage()
    coverage["baseline"] = {"file": baseline.path, "accepted": sum(1 for r in records if r["accepted"]),
                            "new": [r["claim_id"] for r, v in zip(records, verdicts) if not v.ok],
                            "no_longer_found": [e.as_dict() for e in gone]}
    prov = provenance(seed=args.seed, examples=args.examples,
                      selection={"paths": list(args.paths), "baseline": args.baseline, "code": not args.no_code})
    written = publish(findings_frame(results), records, reading.documents, prov, args.out, html=not args.no_html,
                      err=err, reading=coverage)
    if args.write_baseline:
        written.append(write_baseline(args.write_baseline, findings))
    _summary(reading, records, verdicts, coverage, seconds, out)
    out.write("reports: " + ", ".join(str(p) for p in written) + "\n")
    return EXIT_OK if all(v.ok for v in verdicts) else EXIT_GATE


def _entry(stated: Any, key: tuple, observed: Status) -> Entry:
    return Entry(file=stated.file, family=stated.family, text=stated.text, status=observed.value,
                 severity=stated.severity, where=stated.where, occurrence=key[3])


def _summary(reading: Any, records: Sequence[Mapping[str, Any]], verdicts: Sequence[Verdict],
             coverage: Mapping[str, Any], seconds: float, out: TextIO) -> None:
    """Per file what was read, then every finding (new or accepted), what the baseline no longer finds, the gate."""
    by_file: dict[str, list[Mapping[str, Any]]] = {}
    for r in records:
        by_file.setdefault(r["document"], []).append(r)
    for f in reading.files:
        rs = by_file.get(f.file, [])
        held = sum(1 for r in rs if r["observed"] == "holds")
        undecided = sum(1 for r in rs if r["observed"] == "inconclusive")
        unjudged = sum(1 for r in rs if r["observed"] == Status.CANNOT_JUDGE.value)
        found = len(rs) - held - undecided - unjudged
        code = f", {_n(f.cells, 'code cell')}, {_n(f.pairs, 'function pair')}" if f.cells else ""
        out.write(f"{f.file}: {_n(f.found, 'statement')} found, {f.judged} judged, {_n(f.definitions, 'definition')}, "
                  f"{f.not_understood} not understood" + (f", {f.skipped} skipped" if f.skipped else "") + code
                  + f"; {_n(len(rs), 'claim')}: {held} hold, {_n(found, 'finding')}"
                  + (f", {undecided} undecided" if undecided else "")
                  + (f", {unjudged} cannot be judged here" if unjudged else "") + "\n")
    shown = [(r, v) for r, v in zip(records, verdicts) if r["observed"] not in ("holds", *(u.value for u in _UNDECIDED))]
    if shown:
        out.write("\nfindings:\n")
        for r, v in shown:
            mark = "accepted" if r["accepted"] else "NEW"
            out.write(f"  {mark:8} {r['severity']:6} {r['document']} {r['where']} ({r['family']}, {r['observed']}): "
                      f"{_headline(r['message'] or '')}\n")
    unjudged = [r for r in records if r["observed"] == Status.CANNOT_JUDGE.value]
    if unjudged:
        out.write("\ncannot be judged here (not findings):\n")
        for r in unjudged:
            out.write(f"  {r['document']} {r['where']} ({r['family']}): {_reason(r['message'] or '')}\n")
    gone = coverage["baseline"]["no_longer_found"]
    if gone:
        out.write("\nno longer found (fixed, or the statement changed; remove from the baseline):\n")
        for e in gone:
            out.write(f"  {e['file']} {e['where']} ({e['family']}): {e['text'][:120]}\n")
    bad = [v.claim_id for v in verdicts if not v.ok]
    out.write(f"\n{_n(len(records), 'claim')} judged in {seconds:.1f} s; gate: {'PASS' if not bad else 'FAIL'}"
              + (f" ({len(bad)} new finding{'s' if len(bad) != 1 else ''})" if bad else "") + "\n")


_TELLING = ("differs from the standard", "is broken", "to:   ", "Compensating link", "raised", "returned", "disagrees",
            "Greatest absolute", "not finite", "NaN")


def _headline(message: str) -> str:
    """The lines of a finding's message that say what is wrong, on one line (the reports have the rest)."""
    lines = [ln.strip() for ln in message.splitlines() if ln.strip()]
    keep = [ln for ln in lines if any(k in ln for k in _TELLING)][:3] or lines[:1]
    text = " ".join(re.sub(r'^Claim \S+ \(.*?"\)(: )?', "", ln).strip() for ln in keep)
    return text if len(text) <= 400 else text[:397] + "..."


def _reason(message: str) -> str:
    """Why a statement cannot be judged, from its message (the part after 'cannot be judged here: ')."""
    head = next((ln.strip() for ln in message.splitlines() if ln.strip()), "")
    return head.split("cannot be judged here: ", 1)[-1][:300]


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
