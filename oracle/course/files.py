"""Which files a path names, and which reader reads each (by suffix).

``.md``/``.markdown`` -> Markdown, ``.tex`` -> LaTeX, ``.ipynb`` -> notebook, anything else
that decodes as UTF-8 text (``.txt``, ``.rst``...) -> plain text with ``$…$`` math.  Folders are
walked in sorted order (hidden folders, virtual environments and checkpoints left out), so a
run reads the same files in the same order everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from oracle.course.markdown import read_markdown
from oracle.course.notebook import read_notebook
from oracle.course.sources import Extracted, Unreadable
from oracle.course.tex import read_tex
from oracle.course.textmath import read_text
from oracle.errors import UsageError

__all__ = ["find_files", "extract", "SUFFIXES"]

#: Suffixes read when a folder is walked (a file named on the command line is read whatever its suffix).
SUFFIXES = (".md", ".markdown", ".tex", ".ipynb", ".txt")
_SKIP_DIRS = {".git", ".ipynb_checkpoints", "__pycache__", ".venv", "venv", "node_modules", ".nox", ".tox"}
_READERS = {".md": read_markdown, ".markdown": read_markdown, ".tex": read_tex, ".ipynb": read_notebook}


def find_files(paths: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """``(path, display name)`` for every file to read; a path that does not exist is a usage error."""
    found: list[tuple[Path, str]] = []
    for raw in paths:
        p = Path(raw)
        if p.is_file():
            found.append((p, p.as_posix()))
        elif p.is_dir():
            for f in sorted(p.rglob("*")):
                parts = f.relative_to(p).parts
                if f.is_file() and f.suffix.lower() in SUFFIXES and not any(
                        part in _SKIP_DIRS or part.startswith(".") for part in parts):
                    found.append((f, f.as_posix()))
        else:
            raise UsageError(f"{raw}: no such file or folder")
    seen, unique = set(), []
    for f, name in found:
        if f.resolve() not in seen:
            seen.add(f.resolve())
            unique.append((f, name))
    return unique


def extract(path: Path, name: str) -> Extracted:
    """Read one file with the reader its suffix names; an unreadable file is reported, never raised."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        out = Extracted(path=str(path), file=name, format="unknown")
        out.problems.append(Unreadable(file=name, line=1, text="", reason=f"the file cannot be read as UTF-8 text: {exc}"))
        return out
    reader = _READERS.get(path.suffix.lower(), read_text)
    return reader(str(path), name, text)
