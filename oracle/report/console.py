"""What a run prints on the console: a progress line per claim, then the summary table."""

from __future__ import annotations

from collections import Counter
from typing import Any, Mapping, Sequence, TextIO

from oracle.gate import Verdict
from oracle.report.errata import FINDING_VERDICTS, mistake_phrase, mistakes, plural

__all__ = ["Progress", "write_summary", "write_sweep"]


class Progress:
    """A progress bar on a terminal, one plain line per claim elsewhere (CI logs)."""

    def __init__(self, total: int, stream: TextIO):
        self.total, self.stream, self.done = total, stream, 0
        self.tty = stream.isatty()

    def __call__(self, verdict: Verdict) -> None:
        self.done += 1
        mark = "ok " if verdict.ok else "GATE"
        line = f"[{self.done}/{self.total}] {mark} {verdict.claim_id}: {verdict.observed.value}"
        if not verdict.ok and verdict.why:
            line += f" ({verdict.why[:160]})"
        if self.tty:
            filled = int(30 * self.done / self.total)
            self.stream.write(f"\r\033[K[{'#' * filled}{'.' * (30 - filled)}] {line}")
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def write_summary(verdicts: Sequence[Verdict], records: Sequence[Mapping[str, Any]], seconds: float,
                  out: TextIO) -> None:
    """Expected against observed for every claim, the counts, the mutation score and the gate."""
    width = max(len(v.claim_id) for v in verdicts)
    out.write(f"\n{'claim':<{width}}  {'expected':<26}  {'observed':<26}  {'severity':<8}  gate\n")
    shared = Counter((r.get("document"), r.get("cause")) for r in records if r.get("cause"))
    for v, rec in zip(verdicts, records):
        notes = []
        if rec.get("cause") and shared[(rec.get("document"), rec.get("cause"))] > 1:
            notes.append(f"cause {rec['cause']}")
        if v.correction is not None:
            notes.append(f"correction {v.correction.value}")
        cases = rec.get("cases") or {}
        if cases.get("skipped"):
            notes.append(f"{cases['skipped']}/{sum(cases.values())} cases skipped")
        if cases.get("setup error"):
            notes.append(f"{cases['setup error']} setup errors")
        m = rec.get("mutation")
        if m and m["mutants"]:
            notes.append(f"mutants {m['killed']}/{m['mutants'] - m['equivalent']} caught"
                         + (f", {m['survived']} SURVIVED" if m["survived"] else ""))
        severity = (rec.get("severity") or "") if v.observed.value in FINDING_VERDICTS else ""
        out.write(f"{v.claim_id:<{width}}  {v.expected.value:<26}  {v.observed.value:<26}  {severity:<8}  "
                  f"{'ok' if v.ok else 'MISMATCH'}{'  (' + '; '.join(notes) + ')' if notes else ''}\n")
    counts = Counter(v.observed.value for v in verdicts)
    bad = [v.claim_id for v in verdicts if not v.ok]
    out.write(f"\n{plural(len(verdicts), 'claim')} in {seconds:.1f} s: "
              + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    found = mistakes(records)
    if found:
        out.write(f"\ndistinct mistakes: {len(found)} ({mistake_phrase(records)}) in "
                  f"{plural(sum(len(g.claims) for g in found), 'claim')}")
    mutated = [rec["mutation"] for rec in records if rec.get("mutation")]
    if mutated:
        killed = sum(m["killed"] for m in mutated)
        judged = sum(m["mutants"] - m["equivalent"] for m in mutated)
        out.write(f"\nmutation sensitivity: {killed}/{judged} non-equivalent mutants caught, "
                  f"{sum(m['equivalent'] for m in mutated)} equivalent")
    out.write(f"\ngate: {'PASS' if not bad else 'FAIL'}")
    if bad:
        out.write(" (" + ", ".join(bad) + ")")
    out.write("\n")


def write_sweep(rows: Sequence[Any], seeds: Sequence[int], seconds: float, out: TextIO) -> None:
    """Per claim whose gate failed under some seed: how often, and the first seed, reason and case."""
    bad = [r for r in rows if r.failures]
    out.write(f"\nsweep: {len(rows)} claims x {len(seeds)} seeds in {seconds:.1f} s: "
              f"{sum(r.failures for r in rows)} gate failures on {len(bad)} claims\n")
    if bad:
        width = max(len(r.claim_id) for r in bad)
        out.write(f"\n{'claim':<{width}}  {'failed':>6}  first seed, reason\n")
        for r in bad:
            out.write(f"{r.claim_id:<{width}}  {r.failures:>3}/{r.seeds:<2}  seed {r.first_seed}: {r.first_reason}\n")
            if r.first_message:
                out.write(f"{'':<{width}}            {r.first_message.splitlines()[0][:200]}\n")
