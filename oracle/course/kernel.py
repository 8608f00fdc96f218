"""Running a notebook's code in a Jupyter kernel (nbclient), offline and under a time limit, and calling
its functions on arrays afterwards.

One kernel per file, started in the file's folder with the Python running the harness
(``ipykernel``), on loopback sockets.  A first hidden cell blocks network
connections other than loopback and sets matplotlib's non-interactive backend, so that a cell
that downloads data fails like any other (a finding) instead of reaching out.  The helper it
defines (``__oracle__``) lists the functions and classes the cells defined, and calls them on
arrays sent as ``.npy`` bytes; results come back the same way on one marked line of stdout,
so what the user's code prints does not matter.  Nothing of the harness is imported in the kernel.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from oracle.errors import OracleError

__all__ = ["KernelSession", "CellRun", "CallFailed", "KernelUnavailable", "MARK", "CALL_TIME_LIMIT"]

MARK = "\x1eORACLE\x1e"
#: Seconds one call of a notebook function may take (the kernel is interrupted after it).
CALL_TIME_LIMIT = 10.0
#: What a cell's network call raises (the kernel runs offline): a limit of this run, not a defect of the code.
OFFLINE = "network access is blocked"

_SETUP = r'''
def __oracle_setup():
    import os, socket
    os.environ["MPLBACKEND"] = "Agg"
    local = ("127.0.0.1", "::1", "localhost", None)
    def refuse(*_):
        raise OSError("oracle check runs notebooks offline: network access is blocked")
    connect, connect_ex, getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo
    def guard(method):
        def guarded(self, address, *a):
            host = address[0] if isinstance(address, tuple) else None
            if self.family in (socket.AF_INET, socket.AF_INET6) and host not in local:
                refuse()
            return method(self, address, *a)
        return guarded
    socket.socket.connect, socket.socket.connect_ex = guard(connect), guard(connect_ex)
    def lookup(host, *a, **k):
        if host not in local:
            refuse()
        return getaddrinfo(host, *a, **k)
    socket.getaddrinfo = lookup


class __oracle__:
    MARK = "\x1eORACLE\x1e"

    @staticmethod
    def _say(payload):
        import json
        print(__oracle__.MARK + json.dumps(payload))

    @staticmethod
    def _encode(value):
        import base64, io
        import numpy as np
        if isinstance(value, dict):
            return {"dict": {str(k): __oracle__._encode(v) for k, v in value.items()}}
        if isinstance(value, (tuple, list)) and not (value and all(isinstance(v, (int, float)) for v in value)):
            return {"list": [__oracle__._encode(v) for v in value]}
        if hasattr(value, "detach"):
            value = value.detach().cpu().numpy()
        arr = np.asarray(value)
        if arr.dtype == object:
            raise TypeError(f"returned {type(value).__name__}, not an array")
        buf = io.BytesIO()
        np.save(buf, arr, allow_pickle=False)
        return {"npy": base64.b64encode(buf.getvalue()).decode()}

    @staticmethod
    def _decode(item):
        import base64, io
        import numpy as np
        return np.load(io.BytesIO(base64.b64decode(item)), allow_pickle=False)

    @staticmethod
    def inventory(names_before):
        import inspect, __main__
        out = []
        for name, obj in sorted(vars(__main__).items()):
            if name.startswith("_") or name in names_before or getattr(obj, "__module__", None) != "__main__":
                continue
            if inspect.isfunction(obj):
                out.append({"name": name, "kind": "function", "params": __oracle__._params(obj)})
            elif inspect.isclass(obj):
                methods = {m: __oracle__._params(getattr(obj, m))[1:] for m in ("forward", "backward", "__init__")
                           if inspect.isfunction(getattr(obj, m, None))}
                out.append({"name": name, "kind": "class", "methods": methods})
        __oracle__._say(out)

    @staticmethod
    def _params(fn):
        import inspect
        try:
            sig = inspect.signature(fn)
        except (TypeError, ValueError):
            return []
        return [{"name": p.name, "required": p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD),
                 "variadic": p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)} for p in sig.parameters.values()]

    @staticmethod
    def call(request):
        import json, traceback, __main__
        import numpy as np
        spec = json.loads(request)
        try:
            args = [__oracle__._decode(a) for a in spec["args"]]
            target = getattr(__main__, spec["name"])
            if spec["kind"] == "function":
                with np.errstate(all="ignore"):
                    result = target(*args)
                    if spec.get("first"):
                        result = result[0]
            elif spec["kind"] == "many":  # the forward at every copy of one argument, stacked
                outs = []
                with np.errstate(all="ignore"):
                    for x in __oracle__._decode(spec["stack"]):
                        call = list(args)
                        call[spec["index"]] = x
                        if spec.get("layer"):
                            out = target().forward(*call)
                        else:
                            out = target(*call)
                            out = out[0] if spec.get("first") else out
                        outs.append(np.asarray(out, dtype=float))
                result = np.stack(outs)
            elif spec["kind"] == "cache":  # out, cache = forward(*args); backward(upstream, cache)
                with np.errstate(all="ignore"):
                    out, cache = target(*args)
                    result = getattr(__main__, spec["backward"])(__oracle__._decode(spec["upstream"]), cache)
            else:
                layer = target()
                with np.errstate(all="ignore"):
                    result = layer.forward(*args)
                    if spec.get("upstream") is not None:
                        result = layer.backward(__oracle__._decode(spec["upstream"]))
            __oracle__._say({"value": __oracle__._encode(result)})
        except Exception as exc:
            frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.name not in ("call",)]
            where = f" (at {frames[-1].name}, line {frames[-1].lineno})" if frames else ""
            __oracle__._say({"error": f"{type(exc).__name__}: {exc}{where}"})


__oracle_setup()
del __oracle_setup
__oracle_names__ = set(globals())
'''


class KernelUnavailable(OracleError):
    """No Jupyter kernel can be started here (ipykernel or nbclient missing): code is not run."""


class CallFailed(Exception):
    """A notebook function raised or returned something that is not an array; the message says what."""


@dataclass(frozen=True)
class CellRun:
    """What running one cell gave: ``error`` is ``"ValueError: … (line 3)"`` when it raised, '' otherwise."""

    error: str = ""
    timed_out: bool = False


class KernelSession:
    """A live kernel for one file's cells (start it with ``start``, stop it with ``close``)."""

    def __init__(self, folder: str | Path, timeout: float):
        self.folder, self.timeout = str(folder), float(timeout)
        self.client: Any = None
        self._context: Any = None

    def start(self) -> None:
        try:
            import ipykernel  # noqa: F401  (the kernel itself)
            import nbformat
            from nbclient import NotebookClient
        except ImportError as exc:
            raise KernelUnavailable(f"code cells are not run: {exc.name} is not installed "
                                    f"(pip install 'backprop-oracle[course]')") from None
        self._nbformat = nbformat
        # nbclient's own (asynchronous) kernel manager: a synchronous one handed in loses the interrupt of a
        # cell that runs past its time limit, and the run hangs.
        nb = nbformat.v4.new_notebook()
        self.client = NotebookClient(nb, kernel_name="python3", timeout=self.timeout, allow_errors=True,
                                     interrupt_on_timeout=True, resources={"metadata": {"path": self.folder}})
        env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONWARNINGS": "ignore"}
        try:
            # The kernel's own stderr (its transport warning) is not the notebook's: cells report through iopub.
            self._context = self.client.setup_kernel(env=env, stderr=subprocess.DEVNULL)
            self._context.__enter__()
        except Exception as exc:
            raise KernelUnavailable(f"the Jupyter kernel did not start: {type(exc).__name__}: {exc}") from None
        run = self.run(_SETUP)
        if run.error:
            self.close()
            raise KernelUnavailable(f"the kernel's setup failed: {run.error}")

    def run(self, source: str) -> CellRun:
        """Execute one cell; its error (first line, with the line it raised at), or ''."""
        nb = self.client.nb
        cell = self._nbformat.v4.new_code_cell(source)
        nb.cells.append(cell)
        start = time.monotonic()
        try:
            self.client.execute_cell(cell, len(nb.cells) - 1)
        except Exception as exc:  # nbclient's CellTimeoutError, a dead kernel
            name = type(exc).__name__
            timed_out = "Timeout" in name
            reason = (f"TimeoutError: the cell ran longer than {self.timeout:g} s" if timed_out
                      else f"{name}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}")
            return CellRun(error=reason, timed_out=timed_out)
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                if out.get("ename") == "KeyboardInterrupt" and time.monotonic() - start >= self.timeout:
                    # nbclient interrupted the cell at the time limit
                    return CellRun(error=f"TimeoutError: the cell ran longer than {self.timeout:g} s (interrupted"
                                         f"{_error_line(out).replace(' (', ' at ').rstrip(')')})", timed_out=True)
                # IPython names a cell's code after a hash ("(534960365.py, line 8)"): the line is what tells
                evalue = re.sub(r"\(\S+\.py, line (\d+)\)", r"(line \1)", str(out.get("evalue")))
                return CellRun(error=f"{out.get('ename')}: {evalue}{_error_line(out)}")
        return CellRun()

    def _ask(self, source: str) -> Any:
        nb = self.client.nb
        cell = self._nbformat.v4.new_code_cell(source)
        nb.cells.append(cell)
        # A call gets less time than a cell, and less than a case's own limit (checks.base.CASE_TIME_LIMIT),
        # so that nbclient interrupts the kernel before anything else gives up on it.
        self.client.timeout = min(self.timeout, CALL_TIME_LIMIT)
        try:
            self.client.execute_cell(cell, len(nb.cells) - 1, store_history=False)
        except Exception as exc:
            raise CallFailed(f"the kernel did not answer: {type(exc).__name__}: {exc}") from None
        finally:
            nb.cells.pop()
            self.client.timeout = self.timeout
        for out in cell.get("outputs", []):
            text = out.get("text", "") if out.get("output_type") == "stream" else ""
            for line in text.split("\n"):  # not splitlines(): it splits at the mark's \x1e
                if line.startswith(MARK):
                    return json.loads(line[len(MARK):])
            if out.get("output_type") == "error":
                name = out.get("ename")
                raise CallFailed(f"TimeoutError: the call ran longer than {min(self.timeout, CALL_TIME_LIMIT):g} s"
                                 if name == "KeyboardInterrupt" else f"{name}: {out.get('evalue')}")
        raise CallFailed("the kernel gave no answer")

    def call_many(self, name: str, args: Sequence[Any], index: int, stack: Any, *, layer: bool = False,
                  first: bool = False) -> Any:
        """The forward ``name`` at every copy in ``stack`` of its argument ``index``, stacked (one round trip)."""
        spec = {"name": name, "kind": "many", "args": [_encode(a) for a in args], "index": index,
                "stack": _encode(stack), "layer": layer, "first": first, "upstream": None}
        answer = self._ask(f"__oracle__.call({json.dumps(json.dumps(spec))})")
        if "error" in answer:
            raise CallFailed(answer["error"])
        return _decode(answer["value"])

    def inventory(self) -> list[dict[str, Any]]:
        """The functions and classes the cells defined (name, kind, parameters; a class's methods)."""
        return self._ask("__oracle__.inventory(__oracle_names__)")

    def call(self, name: str, args: Sequence[Any], *, layer: bool = False, upstream: Any = None, first: bool = False,
             backward: str = "") -> Any:
        """``name(*args)`` in the kernel (its first output with ``first``); a class: ``name().forward(*args)``,
        then ``.backward(upstream)``; with ``backward``: ``out, cache = name(*args)``, then ``backward(upstream, cache)``."""
        kind = "class" if layer else ("cache" if backward else "function")
        spec = {"name": name, "kind": kind, "args": [_encode(a) for a in args], "first": first, "backward": backward,
                "upstream": _encode(upstream) if upstream is not None else None}
        answer = self._ask(f"__oracle__.call({json.dumps(json.dumps(spec))})")
        if "error" in answer:
            raise CallFailed(answer["error"])
        return _decode(answer["value"])

    def close(self) -> None:
        if self._context is not None:
            try:
                self._context.__exit__(None, None, None)
            except Exception:
                pass
            self._context = None


def _error_line(output: dict[str, Any]) -> str:
    for frame in reversed(output.get("traceback") or []):
        plain = re.sub(r"\x1b\[[0-9;]*m", "", frame)
        m = re.search(r"(?:line|Line) (\d+)", plain)
        if m:
            return f" (line {m.group(1)} of the cell)"
    return ""


def _encode(value: Any) -> str:
    buf = io.BytesIO()
    np.save(buf, np.asarray(value, dtype=np.float64), allow_pickle=False)
    return base64.b64encode(buf.getvalue()).decode()


def _decode(item: dict[str, Any]) -> Any:
    if "dict" in item:
        return {k: _decode(v) for k, v in item["dict"].items()}
    if "list" in item:
        return tuple(_decode(v) for v in item["list"])
    return np.load(io.BytesIO(base64.b64decode(item["npy"])), allow_pickle=False)
