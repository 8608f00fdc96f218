"""Reading a course's own sources (Markdown, LaTeX, notebooks, text with math) into claims.

``read(paths, options)`` returns a ``Reading``: the claims each statement makes, what was
found, judged and not understood per file.  ``Baseline`` accepts known findings so that a
course repository can gate in CI on new ones.  ``docs/documents.md`` is the user's guide.
"""

from oracle.course.baseline import Baseline, Entry, keys, write_baseline
from oracle.course.session import SEVERITIES, FileCoverage, Options, Reading, Stated, read

__all__ = ["Baseline", "Entry", "FileCoverage", "Options", "Reading", "SEVERITIES", "Stated", "keys", "read",
           "write_baseline"]
