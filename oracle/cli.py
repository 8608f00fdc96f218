"""Command line: ``python -m oracle verify`` (the gate) and ``python -m oracle list``.

Exit codes: 0 when every claim's observed verdict equals its expected status (and
every correction holds), 1 when any differs, 2 on usage errors (a bad argument, a
module that cannot be loaded, a malformed claim).  User errors are one line on
stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Sequence, TextIO

from oracle import device
from oracle.catalogue import CatalogueError, load, select
from oracle.claims import Kind
from oracle.runner import DEFAULT_EXAMPLES, ClaimResult, RunConfig, run_claims

__all__ = ["main", "EXIT_OK", "EXIT_GATE", "EXIT_USAGE"]

EXIT_OK, EXIT_GATE, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A bad command line; reported in one line with exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print usage and exit; we want one line
        raise UsageError(message)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer seed, got {text!r}") from None
    if not 0 <= value < 2**32:
        raise argparse.ArgumentTypeError(f"the seed must lie in [0, 2**32), got {value}")
    return value


def _mutants(text: str) -> int | None:
    if text == "all":
        return None
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a count or 'all', got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a count >= 0 or 'all', got {value}")
    return value


def _shard(text: str) -> tuple[int, int]:
    try:
        i, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected I/N such as 2/4, got {text!r}") from None
    if not 1 <= i <= n:
        raise argparse.ArgumentTypeError(f"shard {i}/{n}: I must lie in 1..N")
    return i, n


def _add_selection(p: argparse.ArgumentParser) -> None:
    p.add_argument("--module", action="append", default=None, metavar="MODULE",
                   help="claims module to load instead of the catalogue (repeatable), e.g. mypkg.claims")
    p.add_argument("--only", metavar="PATTERN", help="claim ids matching this glob (or containing this text)")
    p.add_argument("--document", metavar="FILE", help="claims of one document (file name or document id)")
    p.add_argument("--kind", choices=[k.value for k in Kind], help="claims of one kind")
    p.add_argument("--family", metavar="NAME", help="claims of one family (activation, loss, dense, ...)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m oracle", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    verify = sub.add_parser("verify", help="judge the claims and gate on their expected statuses")
    _add_selection(verify)
    verify.add_argument("--examples", type=_positive, default=DEFAULT_EXAMPLES, help="cases per claim and region")
    verify.add_argument("--seed", type=_seed, default=0, help="seed for every random draw")
    verify.add_argument("--out", type=Path, default=Path("reports"), help="directory for the reports")
    verify.add_argument("--no-shrink", action="store_true", help="skip shrinking failures to a minimal case")
    verify.add_argument("--no-html", action="store_true", help="write CSV, JSON and JUnit only")
    verify.add_argument("--jobs", type=_positive, default=1, help="worker processes (results identical to serial)")
    verify.add_argument("--mutants", type=_mutants, default=2, metavar="N|all",
                        help="mutants judged per holding claim (mutation sensitivity; 0 to skip, 'all' for every one)")
    verify.add_argument("--device", default="cpu", metavar="cpu|cuda|cuda:N|auto",
                        help="where the torch judges run (default cpu; auto: CUDA when present)")
    verify.add_argument("--shard", type=_shard, default=None, metavar="I/N",
                        help="run only the I-th of N interleaved slices of the selection (1-based)")
    camp = sub.add_parser("campaign", help="false-alarm campaign: many cases on every claim that holds")
    _add_selection(camp)
    camp.add_argument("--cases", type=_positive, default=10_000, help="total cases across the holding claims")
    camp.add_argument("--seed", type=_seed, default=0, help="seed for every random draw")
    camp.add_argument("--jobs", type=_positive, default=1, help="worker processes")
    camp.add_argument("--out", type=Path, default=Path("reports"), help="directory for campaign.json")
    camp.add_argument("--device", default="cpu", metavar="cpu|cuda|cuda:N|auto",
                      help="where the torch judges run (default cpu; auto: CUDA when present)")
    mrg = sub.add_parser("merge", help="merge the report folders of verify --shard I/N runs into one report")
    mrg.add_argument("shards", nargs="+", type=Path, metavar="SHARD_DIR", help="--out folders of the shard runs")
    mrg.add_argument("--out", type=Path, default=Path("reports"), help="directory for the merged reports")
    mrg.add_argument("--no-html", action="store_true", help="write CSV, JSON and JUnit only")
    lst = sub.add_parser("list", help="list the claims")
    _add_selection(lst)
    lst.add_argument("--coverage", action="store_true",
                     help="print the per-document coverage table (expected statuses) in Markdown")
    return parser


def _claims(args: argparse.Namespace):
    from reference import MODULES

    catalogue = load(args.module or MODULES)
    chosen = select(catalogue.claims, only=args.only, document=args.document, kind=args.kind, family=args.family)
    if not chosen:
        raise UsageError("no claim matches the selection (try 'python -m oracle list')")
    return catalogue, chosen


def coverage_table(catalogue, claims) -> str:
    """Markdown: per document, claims by expected status (the catalogue's own statement, not a run)."""
    from oracle.claims import Status

    columns = [Status.HOLDS, Status.ERRATUM, Status.DOES_NOT_RUN, Status.UNSTABLE, Status.CONDITIONAL]
    titles = {getattr(d, "file", ""): getattr(d, "title", "") for d in catalogue.documents}
    lines = ["| document | claims | " + " | ".join(c.value for c in columns) + " | derivations | beyond the document |",
             "|---|---:|" + "---:|" * (len(columns) + 2)]
    totals = Counter()
    for file in sorted({c.source.document for c in claims}):
        mine = [c for c in claims if c.source.document == file]
        counts = Counter(c.expect for c in mine)
        derivations = sum(c.kind is Kind.DERIVATION for c in mine)
        beyond = sum(c.beyond_document for c in mine)
        totals.update(counts)
        totals["claims"] += len(mine)
        totals["derivations"] += derivations
        totals["beyond"] += beyond
        lines.append(f"| `{file}` {titles.get(file, '')} | {len(mine)} | "
                     + " | ".join(str(counts[c]) for c in columns) + f" | {derivations} | {beyond} |")
    lines.append(f"| **all** | **{totals['claims']}** | " + " | ".join(f"**{totals[c]}**" for c in columns)
                 + f" | **{totals['derivations']}** | **{totals['beyond']}** |")
    return "\n".join(lines) + "\n"


def _list(args: argparse.Namespace, out: TextIO) -> int:
    catalogue, chosen = _claims(args)
    if args.coverage:
        out.write(coverage_table(catalogue, chosen))
        return EXIT_OK
    width = max(len(c.id) for c in chosen)
    for c in chosen:
        extra = " (beyond the document)" if c.beyond_document else ""
        out.write(f"{c.id:<{width}}  {c.kind.value:<10}  {c.expect.value:<26}  {c.source.section}{extra}\n")
    out.write(f"{len(chosen)} claims\n")
    return EXIT_OK


class _Progress:
    """A progress bar on a terminal, one plain line per claim elsewhere (CI logs)."""

    def __init__(self, total: int, stream: TextIO):
        self.total, self.stream, self.done = total, stream, 0
        self.tty = stream.isatty()

    def __call__(self, result: ClaimResult) -> None:
        self.done += 1
        mark = "ok " if result.gate_ok else "GATE"
        line = f"[{self.done}/{self.total}] {mark} {result.claim.id}: {result.observed.value}"
        if self.tty:
            filled = int(30 * self.done / self.total)
            self.stream.write(f"\r\033[K[{'#' * filled}{'.' * (30 - filled)}] {line}")
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def _summary(results: Sequence[ClaimResult], records: Sequence[dict], seconds: float, out: TextIO) -> None:
    width = max(len(r.claim.id) for r in results)
    out.write(f"\n{'claim':<{width}}  {'expected':<26}  {'observed':<26}  gate\n")
    for r, rec in zip(results, records):
        notes = []
        if r.correction_verdict is not None:
            notes.append(f"correction {r.correction_verdict.value}")
        m = rec.get("mutation")
        if m and m["mutants"]:
            notes.append(f"mutants {m['killed']}/{m['mutants'] - m['equivalent']} caught"
                         + (f", {m['survived']} SURVIVED" if m["survived"] else ""))
        out.write(f"{r.claim.id:<{width}}  {r.claim.expect.value:<26}  {r.observed.value:<26}  "
                  f"{'ok' if rec['gate_ok'] else 'MISMATCH'}{'  (' + '; '.join(notes) + ')' if notes else ''}\n")
    counts = Counter(r.observed.value for r in results)
    bad = [rec["claim_id"] for rec in records if not rec["gate_ok"]]
    out.write(f"\n{len(results)} claims in {seconds:.1f} s: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
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


def _verify(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from oracle.report.tables import findings_frame, verdict_records
    from oracle.report.write import provenance

    catalogue, chosen = _claims(args)
    if args.shard is not None:
        i, n = args.shard
        chosen = chosen[i - 1::n]
        if not chosen:
            raise UsageError(f"shard {i}/{n} holds no claim")
    config = RunConfig(examples=args.examples, seed=args.seed, shrink=not args.no_shrink)
    mutation_config = RunConfig(examples=min(args.examples, _MUTANT_EXAMPLES), seed=args.seed, shrink=False)
    extra = functools.partial(_analyses, config=mutation_config, limit=args.mutants)
    start = time.perf_counter()
    pairs = run_claims(chosen, config, progress=_Progress(len(chosen), out), jobs=args.jobs, extra=extra)
    seconds = time.perf_counter() - start
    results = [r for r, _ in pairs]
    analyses = {r.claim.id: a for r, a in pairs}
    frame = findings_frame(results)
    records = verdict_records(results, analyses)
    selection = {k: getattr(args, k) for k in ("module", "only", "document", "kind", "family", "shard", "mutants")}
    prov = provenance(seed=args.seed, examples=args.examples, selection=selection)
    written = _write_reports(frame, records, catalogue.documents, prov, args.out, html=not args.no_html, err=err)
    _summary(results, records, seconds, out)
    out.write("reports: " + ", ".join(str(p) for p in written) + "\n")
    return EXIT_OK if all(r["gate_ok"] for r in records) else EXIT_GATE


def _write_reports(frame, records, documents, prov, out: Path, *, html: bool, err: TextIO) -> list[Path]:
    """findings.csv, verdicts.json and junit.xml, then the HTML and Markdown report built from them."""
    from oracle.report.write import write_csv, write_json, write_junit

    written = [write_csv(frame, out), write_json(records, documents, prov, out), write_junit(records, out)]
    if html:
        try:
            from oracle.report.html import write_reports

            written.extend(write_reports(out))
        except Exception as exc:  # the machine-readable reports are written; say what failed and go on
            err.write(f"oracle: warning: the HTML/Markdown report could not be written: {type(exc).__name__}: {exc}\n")
    return written


#: Cases per mutant: a mistake that survives this many cases is a hole worth knowing about.
_MUTANT_EXAMPLES = 20


def _analyses(claim, *, config: RunConfig, limit: int | None) -> dict:
    """Mutation sensitivity (``limit`` mutants; 0 skips it) and the stability audit of one claim."""
    from oracle.sensitivity import assess, eligible, summary
    from oracle.stability import audit, auditable

    out: dict = {}
    if limit != 0 and eligible(claim):
        out["mutation"] = summary(assess(claim, config, limit))
    if auditable(claim):
        out["stability"] = [{"variable": t.variable, "from": t.start, "direction": t.direction, "what": t.what,
                             "sentence": t.sentence()} for t in audit(claim)]
    return out


def _campaign(args: argparse.Namespace, out: TextIO) -> int:
    """Every case of a holding claim that is not a pass (or a kink convention) is an alarm."""
    import json
    import math

    from oracle.claims import Status
    from oracle.report.write import atomic_write, provenance

    _, chosen = _claims(args)
    chosen = [c for c in chosen if c.expect is Status.HOLDS and not getattr(c.check, "deterministic", False)]
    if not chosen:
        raise UsageError("no holding claim with random cases matches the selection")
    per_claim = math.ceil(args.cases / len(chosen))
    config = RunConfig(examples=per_claim, seed=args.seed, shrink=False)
    start = time.perf_counter()
    pairs = run_claims(chosen, config, progress=_Progress(len(chosen), out), jobs=args.jobs)
    seconds = time.perf_counter() - start
    alarms, rows, total = [], [], 0
    for r, _ in pairs:
        cases = [f for f in r.findings if f.form == "printed" and f.region == "domain"]
        total += len(cases)
        bad = [f for f in cases if f.status not in ("pass", "convention", "skipped")]
        rows.append({"claim_id": r.claim.id, "cases": len(cases), "alarms": len(bad),
                     "conventions": sum(f.status == "convention" for f in cases),
                     "skipped": sum(f.status == "skipped" for f in cases)})
        alarms += [{"claim_id": r.claim.id, "status": f.status, "case": f.case_text, "message": f.message}
                   for f in bad[:3]]
    payload = {"provenance": provenance(seed=args.seed, examples=per_claim, selection={"cases": args.cases}),
               "cases": total, "claims": len(chosen), "alarms": sum(r["alarms"] for r in rows),
               "per_claim": rows, "examples_of_alarms": alarms}
    path = atomic_write(args.out / "campaign.json", json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    out.write(f"\ncampaign: {total} cases on {len(chosen)} holding claims in {seconds:.1f} s, "
              f"{payload['alarms']} alarms\n")
    for a in alarms:
        out.write(f"  ALARM {a['claim_id']} ({a['status']}): {a['message'].splitlines()[0] if a['message'] else ''}\n")
    out.write(f"report: {path}\n")
    return EXIT_OK if payload["alarms"] == 0 else EXIT_GATE


def _merge(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Write one report from shard folders; exit as the gate of the whole run would."""
    from oracle.merge import MergeError, merge, read_shard

    try:
        merged = merge([read_shard(p) for p in args.shards])
    except MergeError as exc:
        raise UsageError(str(exc)) from None
    written = _write_reports(merged.frame, merged.records, merged.documents, merged.provenance, args.out,
                             html=not args.no_html, err=err)
    bad = [r["claim_id"] for r in merged.records if not r["gate_ok"]]
    out.write(f"{len(merged.records)} claims from {len(args.shards)} shards; gate: {'PASS' if not bad else 'FAIL'}"
              + (f" ({', '.join(bad)})" if bad else "") + "\n")
    out.write("reports: " + ", ".join(str(p) for p in written) + "\n")
    return EXIT_OK if not bad else EXIT_GATE


def _device(args: argparse.Namespace, err: TextIO):
    """The judges' device from ``--device``; CUDA runs in one process (forked workers cannot share it)."""
    try:
        chosen = device.resolve(args.device)
    except device.DeviceUnavailable as exc:
        raise UsageError(f"--device: {exc}") from None
    if chosen.type == "cuda" and args.jobs > 1:
        raise UsageError(f"--device {args.device} runs in one process: drop --jobs {args.jobs} (CUDA cannot be "
                         f"shared with forked workers)")
    if args.device.strip().lower() == "auto":
        err.write(f"oracle: the torch judges run on {device.describe(chosen)}\n")
    return chosen


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Run the CLI; return the exit code."""
    # Note [one thread]: the harness evaluates thousands of tiny tensors; torch's intra-op
    # thread pool only adds synchronisation (a 4x4 conv2d took 24 ms with 2 threads on a
    # busy 2-core machine, 0.008 ms with one).  Parallelism comes from --jobs processes.
    import torch

    torch.set_num_threads(1)
    try:
        args = _parser().parse_args(argv)
        if args.command is None:
            raise UsageError("choose a command: verify, campaign, merge or list (python -m oracle verify --help)")
        if args.command == "list":
            return _list(args, out)
        if args.command == "merge":
            return _merge(args, out, err)
        with device.using(_device(args, err)):
            if args.command == "campaign":
                return _campaign(args, out)
            return _verify(args, out, err)
    except (UsageError, CatalogueError) as exc:
        err.write(f"oracle: error: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        err.write("oracle: interrupted\n")
        return 130
