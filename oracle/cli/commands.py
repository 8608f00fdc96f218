"""The commands: each parses nothing and decides nothing; it wires the run, the gate and the reports."""

from __future__ import annotations

import argparse
import functools
import json
import time
from typing import Any, Sequence, TextIO

from oracle import device
from oracle.analysis.analyse import analyse
from oracle.analysis.campaign import campaign, campaign_claims
from oracle.analysis.sweep import sweep
from oracle.cli.arguments import parser
from oracle.errors import DeviceUnavailable, UsageError
from oracle.gate import decide
from oracle.report.console import Progress, write_summary, write_sweep
from oracle.report.coverage import claim_lines, coverage_table
from oracle.report.machine import atomic_write, provenance
from oracle.report.publish import publish
from oracle.report.records import findings_frame, verdict_records
from oracle.run.catalogue import Catalogue, default_modules, load, select
from oracle.run.parallel import run_claims
from oracle.run.runner import RunConfig
from oracle.run.shards import merge, read_shard, shard_of

__all__ = ["run_command", "EXIT_OK", "EXIT_GATE", "EXIT_USAGE"]

EXIT_OK, EXIT_GATE, EXIT_USAGE = 0, 1, 2


def _selection(args: argparse.Namespace) -> tuple[Catalogue, list]:
    catalogue = load(args.module or default_modules())
    chosen = select(catalogue.claims, only=args.only, document=args.document, kind=args.kind, family=args.family)
    if not chosen:
        raise UsageError("no claim matches the selection (try 'python -m oracle list')")
    return catalogue, chosen


def _list(args: argparse.Namespace, out: TextIO) -> int:
    catalogue, chosen = _selection(args)
    out.write(coverage_table(catalogue.documents, chosen) if args.coverage else claim_lines(chosen))
    return EXIT_OK


def _gate_progress(total: int, out: TextIO):
    show = Progress(total, out)
    return lambda result, found: show(decide(result, found.mutation if found else None))


def _verify(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    catalogue, chosen = _selection(args)
    if args.shard is not None:
        chosen = shard_of(chosen, *args.shard)
    config = RunConfig(examples=args.examples, seed=args.seed, shrink=not args.no_shrink)
    extra = functools.partial(_analyse, seed=args.seed, examples=args.examples, mutants=args.mutants)
    start = time.perf_counter()
    pairs = run_claims(chosen, config, progress=_gate_progress(len(chosen), out), jobs=args.jobs, extra=extra)
    seconds = time.perf_counter() - start
    results = [r for r, _ in pairs]
    analyses = {r.claim.id: a for r, a in pairs}
    verdicts = [decide(r, a.mutation) for r, a in pairs]
    records = verdict_records(results, verdicts, analyses)
    selection = {k: getattr(args, k) for k in ("module", "only", "document", "kind", "family", "shard", "mutants")}
    prov = provenance(seed=args.seed, examples=args.examples, selection=selection)
    written = publish(findings_frame(results), records, catalogue.documents, prov, args.out, html=not args.no_html,
                      err=err)
    write_summary(verdicts, records, seconds, out)
    out.write("reports: " + ", ".join(str(p) for p in written) + "\n")
    return EXIT_OK if all(v.ok for v in verdicts) else EXIT_GATE


def _analyse(claim: Any, *, seed: int, examples: int, mutants: int | None):
    return analyse(claim, seed=seed, examples=examples, mutants=mutants)


def _campaign(args: argparse.Namespace, out: TextIO) -> int:
    """Every case of a holding claim that is not a pass (or a kink convention) is an alarm."""
    _, chosen = _selection(args)
    chosen = campaign_claims(chosen)
    if not chosen:
        raise UsageError("no holding claim with random cases matches the selection")
    show = Progress(len(chosen), out)
    start = time.perf_counter()
    payload = campaign(chosen, cases=args.cases, seed=args.seed, seeds=args.seeds, jobs=args.jobs,
                       progress=lambda result, _: show(decide(result)))
    seconds = time.perf_counter() - start
    prov = provenance(seed=args.seed, examples=payload.pop("examples"), selection={"cases": args.cases,
                                                                                   "seeds": payload.pop("seeds")})
    payload = {"provenance": prov, **payload}
    path = atomic_write(args.out / "campaign.json", json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    out.write(f"\ncampaign: {payload['cases']} cases on {payload['claims']} holding claims over {args.seeds} "
              f"seed{'s' if args.seeds != 1 else ''} in {seconds:.1f} s, "
              f"{payload['alarms']} alarms\n")
    for a in payload["examples_of_alarms"]:
        out.write(f"  ALARM {a['claim_id']} (seed {a['seed']}, {a['status']}): "
                  f"{a['message'].splitlines()[0] if a['message'] else ''}\n")
    out.write(f"report: {path}\n")
    return EXIT_OK if payload["alarms"] == 0 else EXIT_GATE


def _sweep(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Per claim, the seeds whose verdict differs from the catalogue's; exit 1 when any does."""
    _, chosen = _selection(args)
    seeds = args.seed_list or list(range(args.first, args.first + args.seeds))
    start = time.perf_counter()
    rows = sweep(chosen, seeds, examples=args.examples, jobs=args.jobs,
                 progress=lambda done, total: _sweep_progress(done, total, err))
    seconds = time.perf_counter() - start
    payload = {"provenance": provenance(seed=seeds[0], examples=args.examples, selection={"seeds": seeds}),
               "seeds": seeds, "claims": len(rows), "gate_failures": sum(r.failures for r in rows),
               "per_claim": [r.as_dict() for r in rows]}
    path = atomic_write(args.out / "sweep.json", json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    write_sweep(rows, seeds, seconds, out)
    out.write(f"report: {path}\n")
    return EXIT_OK if payload["gate_failures"] == 0 else EXIT_GATE


def _sweep_progress(done: int, total: int, err: TextIO) -> None:
    if done == total or done % 50 == 0:
        err.write(f"oracle: sweep {done}/{total} runs\n")
        err.flush()


def _merge(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Write one report from shard folders; exit as the gate of the whole run would."""
    merged = merge([read_shard(p) for p in args.shards])
    written = publish(merged.frame, merged.records, merged.documents, merged.provenance, args.out,
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
    except DeviceUnavailable as exc:
        raise UsageError(f"--device: {exc}") from None
    if chosen.type == "cuda" and args.jobs > 1:
        raise UsageError(f"--device {args.device} runs in one process: drop --jobs {args.jobs} (CUDA cannot be "
                         f"shared with forked workers)")
    if args.device.strip().lower() == "auto":
        err.write(f"oracle: the torch judges run on {device.describe(chosen)}\n")
    return chosen


def run_command(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    """Parse ``argv`` and run its command; ``OracleError``s propagate to ``main``."""
    args = parser().parse_args(argv)
    if args.command is None:
        raise UsageError("choose a command: verify, check, campaign, sweep, merge or list (python -m oracle verify --help)")
    if args.command == "list":
        return _list(args, out)
    if args.command == "merge":
        return _merge(args, out, err)
    if args.command == "check":
        from oracle.cli.check import check  # the course reader (sympy, markdown-it) loads only for check

        return check(args, out, err)
    with device.using(_device(args, err)):
        if args.command == "campaign":
            return _campaign(args, out)
        if args.command == "sweep":
            return _sweep(args, out, err)
        return _verify(args, out, err)


