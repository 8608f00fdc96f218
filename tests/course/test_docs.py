"""docs/documents.md is runnable: its files are written and its commands run, in order, with the exit codes it states."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.course.helpers import needs_kernel

DOC = Path(__file__).resolve().parents[2] / "docs" / "documents.md"


def steps(text: str):
    """("file", path, content), ("run", command, exit code) and ("output", lines) in the order of the page."""
    lines = text.splitlines()
    i, pending_file = 0, None
    while i < len(lines):
        line = lines[i]
        m = re.match(r"<!-- file: (\S+) -->", line)
        if m:
            pending_file = m.group(1)
        fence = re.match(r"^(~~~|```)(\w*)", line)
        if fence:
            j = i + 1
            while not lines[j].startswith(fence.group(1)):
                j += 1
            body = lines[i + 1:j]
            if pending_file:
                yield "file", pending_file, "\n".join(body) + "\n"
                pending_file = None
            elif fence.group(2) == "sh":
                for cmd in body:
                    code = re.search(r"# exit code (\d)", cmd)
                    yield "run", cmd.split("#")[0].strip(), int(code.group(1))
            elif fence.group(2) == "text" and any(b.startswith("notes/") for b in body):
                yield "output", [b for b in body if b.startswith(("notes/", "  NEW"))]
            i = j
        i += 1


@needs_kernel
@pytest.mark.slow
def test_the_guide_runs_as_written(tmp_path):
    last = ""
    ran = 0
    for step in steps(DOC.read_text()):
        if step[0] == "file":
            path = tmp_path / step[1]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(step[2])
        elif step[0] == "run":
            argv = step[1].split()
            assert argv[:3] == ["python", "-m", "oracle"], step[1]
            proc = subprocess.run([sys.executable, *argv[1:]], cwd=tmp_path, capture_output=True, text=True,
                                  timeout=600)
            assert proc.returncode == step[2], (step[1], proc.stdout, proc.stderr)
            last = proc.stdout
            ran += 1
        else:  # the output the page shows is the output the command gives
            for line in step[1]:
                assert line in last, line
    assert ran == 4
