"""The command line's arguments: one parser, each value validated by its converter (one-line errors)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn

from oracle.claims import Kind
from oracle.errors import UsageError
from oracle.run.runner import DEFAULT_EXAMPLES

__all__ = ["parser", "DESCRIPTION"]

DESCRIPTION = "Check hand-derived gradients against torch.autograd and numerical differentiation."


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse would print usage and exit; we want one line
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


def _seed_list(text: str) -> list[int]:
    try:
        values = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seeds separated by commas such as 11,23,206, got {text!r}") from None
    if not values or any(not 0 <= v < 2**32 for v in values):
        raise argparse.ArgumentTypeError(f"every seed must lie in [0, 2**32), got {text!r}")
    return values


def _add_selection(p: argparse.ArgumentParser) -> None:
    p.add_argument("--module", action="append", default=None, metavar="MODULE",
                   help="claims module to load instead of the catalogue (repeatable), e.g. mypkg.claims")
    p.add_argument("--only", metavar="PATTERN", help="claim ids matching this glob (or containing this text)")
    p.add_argument("--document", metavar="FILE", help="claims of one document (file name or document id)")
    p.add_argument("--kind", choices=[k.value for k in Kind], help="claims of one kind")
    p.add_argument("--family", metavar="NAME", help="claims of one family (activation, loss, dense, ...)")


def parser() -> argparse.ArgumentParser:
    """The command line: verify, check, campaign, sweep, merge, list."""
    parser = _Parser(prog="python -m oracle", description=DESCRIPTION)
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
    camp.add_argument("--seed", type=_seed, default=0, help="the first seed")
    camp.add_argument("--seeds", type=_positive, default=5, help="how many seeds the cases are spread over")
    camp.add_argument("--jobs", type=_positive, default=1, help="worker processes")
    camp.add_argument("--out", type=Path, default=Path("reports"), help="directory for campaign.json")
    camp.add_argument("--device", default="cpu", metavar="cpu|cuda|cuda:N|auto",
                      help="where the torch judges run (default cpu; auto: CUDA when present)")
    swp = sub.add_parser("sweep", help="the gate over many seeds: per claim, how often the verdict differs")
    _add_selection(swp)
    swp.add_argument("--seeds", type=_positive, default=20, help="how many seeds (from --first on)")
    swp.add_argument("--first", type=_seed, default=0, help="the first seed of the sweep")
    swp.add_argument("--seed-list", type=_seed_list, default=None, metavar="S,S,...",
                     help="these seeds instead of --seeds/--first")
    swp.add_argument("--examples", type=_positive, default=DEFAULT_EXAMPLES, help="cases per claim and region")
    swp.add_argument("--jobs", type=_positive, default=1, help="worker processes (results identical to serial)")
    swp.add_argument("--out", type=Path, default=Path("reports"), help="directory for sweep.json")
    swp.add_argument("--device", default="cpu", metavar="cpu|cuda|cuda:N|auto",
                     help="where the torch judges run (default cpu; auto: CUDA when present)")
    mrg = sub.add_parser("merge", help="merge the report folders of verify --shard I/N runs into one report")
    mrg.add_argument("shards", nargs="+", type=Path, metavar="SHARD_DIR", help="--out folders of the shard runs")
    mrg.add_argument("--out", type=Path, default=Path("reports"), help="directory for the merged reports")
    mrg.add_argument("--no-html", action="store_true", help="write CSV, JSON and JUnit only")
    chk = sub.add_parser("check", help="read course sources (.md, .tex, .ipynb, text with $...$) and judge what they state")
    chk.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to read")
    chk.add_argument("--out", type=Path, default=Path("reports"), help="directory for the reports")
    chk.add_argument("--baseline", metavar="FILE", default=None,
                     help="accept the findings listed in FILE: only new findings fail (written by --write-baseline)")
    chk.add_argument("--write-baseline", metavar="FILE", default=None,
                     help="write this run's findings to FILE, to accept them in later runs")
    chk.add_argument("--examples", type=_positive, default=20, help="cases per function pair found in code")
    chk.add_argument("--seed", type=_seed, default=0, help="seed for every random draw")
    chk.add_argument("--no-code", action="store_true", help="read the math only; run no code cell")
    chk.add_argument("--cell-timeout", type=_positive, default=60, metavar="SECONDS",
                     help="time limit of one code cell (default 60)")
    chk.add_argument("--no-html", action="store_true", help="write CSV, JSON and JUnit only")
    lst = sub.add_parser("list", help="list the claims")
    _add_selection(lst)
    lst.add_argument("--coverage", action="store_true",
                     help="print the per-document coverage table (expected statuses) in Markdown")
    return parser
