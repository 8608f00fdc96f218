"""Command line: ``python -m oracle verify`` (the gate), ``campaign``, ``sweep``, ``merge`` and ``list``.

Exit codes: 0 when every claim's observed verdict equals its expected status (and
every correction holds), 1 when any differs, 2 on usage errors (a bad argument, a
module that cannot be loaded, a malformed claim).  User errors are one line on
stderr, never a traceback.
"""

from __future__ import annotations

import sys
from typing import Sequence, TextIO

from oracle.cli.commands import EXIT_GATE, EXIT_OK, EXIT_USAGE, run_command
from oracle.errors import OracleError

__all__ = ["main", "EXIT_OK", "EXIT_GATE", "EXIT_USAGE"]


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Run the CLI; return the exit code."""
    # Note [one thread]: the harness evaluates thousands of tiny tensors; torch's intra-op
    # thread pool only adds synchronisation (a 4x4 conv2d took 24 ms with 2 threads on a
    # busy 2-core machine, 0.008 ms with one).  Parallelism comes from --jobs processes.
    import torch

    torch.set_num_threads(1)
    try:
        return run_command(argv, out, err)
    except OracleError as exc:
        err.write(f"oracle: error: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        err.write("oracle: interrupted\n")
        return 130
