"""The teaching-errata report as one self-contained page, ``index.html``.

Rendered from the view model (``oracle.report.errata``) of ``verdicts.json`` and ``findings.csv``:
nothing here re-runs a judge or re-decides a verdict.
"""

from oracle.report.html.page import render_html

__all__ = ["render_html"]
