"""Runs a document's listing in this (child) process, as the document runs it, and writes what happened.

Started by ``oracle.checks.listing.ListingCheck`` as ``python listing_driver.py SPEC RESULT``;
it imports nothing from the harness (the standard library only, plus what the listing
imports), so that the listing meets the libraries as a reader's fresh interpreter would.

SPEC (JSON): ``cells`` [{name, source}], ``seed``, ``requires`` [module names], ``offline``
(a Python file whose ``install(seed)`` puts synthetic stand-ins where the document downloads
or loads data; it runs in the listing's working folder), ``stop_after`` (lines; None for all).

Every cell runs in one namespace named ``__main__`` (a script run as ``python file.py``, or a
notebook's kernel), in order; the first exception stops the run as "Run all" does.  The
network is cut off: a listing that tries to download raises ``OSError``.

RESULT (JSON): ``cells`` [{name, stdout}], ``error`` (cell, line, text, type, message) or
None, ``setup`` (why the listing could not be started) or None, ``stopped``, ``warnings``
[{category, message, cell, count}].
"""

from __future__ import annotations

import builtins
import importlib.util
import io
import json
import linecache
import random
import re
import socket
import sys
import traceback
import warnings
from contextlib import redirect_stdout

_MAX_STDOUT = 200_000
_WARNINGS = 20


class _Stopped(BaseException):
    """Raised from ``print`` once the lines to compare are printed (BaseException: a listing's
    ``except Exception`` does not swallow it)."""


class _Lines(io.StringIO):
    """Standard output that counts lines and stops the run after ``limit`` of them."""

    def __init__(self, limit: int | None, already: int) -> None:
        super().__init__()
        self.limit, self.already = limit, already

    def write(self, text: str) -> int:
        n = super().write(text)
        if self.limit is not None and self.already + self.getvalue().count("\n") >= self.limit:
            raise _Stopped()
        return n


def _offline() -> None:
    def refuse(*args, **kwargs):
        raise OSError("offline: the listing is run without network access (the harness supplies its data)")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]


def _missing(requires: list[str]) -> list[str]:
    return [name for name in requires if importlib.util.find_spec(name) is None]


def _seed(seed: int) -> None:
    random.seed(seed)
    if importlib.util.find_spec("numpy") is not None:
        import numpy

        numpy.random.seed(seed % 2**32)


def _install(path: str, seed: int) -> None:
    spec = importlib.util.spec_from_file_location("_oracle_offline", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.install(seed)


def _message(exc: BaseException) -> str:
    """The exception's first line, without the install paths it may name (same report on every machine)."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    text = re.sub(r" \((?:/|[A-Za-z]:\\)[^()]*\)", "", text)
    return re.sub(r"(?:/|[A-Za-z]:\\)(?:[^\s'\"/\\]+[/\\])+([^\s'\"/\\]+)", r"\1", text)


def _where(exc: BaseException, cells: dict[str, str]) -> tuple[str, int, str]:
    """The listing's own frame nearest the raise: (cell, line, source line)."""
    cell, line, text = "", 0, ""
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.startswith("<") and frame.filename[1:-1] in cells:
            cell, line = frame.filename[1:-1], frame.lineno or 0
            lines = cells[cell].splitlines()
            text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    if isinstance(exc, SyntaxError) and exc.filename and exc.filename[1:-1] in cells:
        cell, line, text = exc.filename[1:-1], exc.lineno or 0, (exc.text or "").strip()
    return cell, line, text


def run(spec: dict) -> dict:
    cells = {c["name"]: c["source"] for c in spec["cells"]}
    result: dict = {"cells": [], "error": None, "setup": None, "stopped": False, "warnings": []}
    missing = _missing(spec.get("requires") or [])
    if missing:
        result["setup"] = (f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not installed here; "
                           f"install the documents' libraries: pip install -e '.[documents]'")
        return result
    _offline()
    _seed(int(spec.get("seed") or 0))
    if spec.get("offline"):
        try:
            _install(spec["offline"], int(spec.get("seed") or 0))
        except Exception as exc:  # the stand-ins are the claim's setup, not the document's code
            result["setup"] = f"the offline stand-ins failed: {type(exc).__name__}: {exc}"
            return result
    namespace: dict = {"__name__": "__main__", "__builtins__": builtins}
    seen: dict[tuple[str, str, str], int] = {}
    printed = 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for cell in spec["cells"]:
            name, source = cell["name"], cell["source"]
            linecache.cache[f"<{name}>"] = (len(source), None, source.splitlines(True), f"<{name}>")
            out = _Lines(spec.get("stop_after"), printed)
            caught.clear()
            try:
                with redirect_stdout(out):
                    exec(compile(source, f"<{name}>", "exec"), namespace)
            except _Stopped:
                result["stopped"] = True
            except BaseException as exc:  # noqa: BLE001 - the listing's own exception is the finding
                where, line, text = _where(exc, cells)
                result["error"] = {"cell": where or name, "line": line, "text": text, "type": type(exc).__name__,
                                   "message": _message(exc)}
            finally:
                for w in caught:
                    key = (w.category.__name__, str(w.message).splitlines()[0] if str(w.message) else "", name)
                    seen[key] = seen.get(key, 0) + 1
            text_out = out.getvalue()
            printed += text_out.count("\n")
            result["cells"].append({"name": name, "stdout": text_out[:_MAX_STDOUT]})
            if result["stopped"] or result["error"]:
                break
    result["warnings"] = [{"category": c, "message": m, "cell": n, "count": k}
                          for (c, m, n), k in list(seen.items())[:_WARNINGS]]
    return result


def main(argv: list[str]) -> int:
    spec_path, result_path = argv[1], argv[2]
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    result = run(spec)
    with open(result_path, "w", encoding="utf-8") as f:
        json.dump(result, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
