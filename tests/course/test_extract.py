"""Each extractor on small sources: what math, code and directives it finds, and where."""

import nbformat
import pytest

from oracle.course.files import extract, find_files
from oracle.course.markdown import read_markdown
from oracle.course.notebook import read_notebook
from oracle.course.sources import Cell, Directive, Fragment
from oracle.course.tex import read_tex
from oracle.course.textmath import math_spans, read_text, strip_prompt
from oracle.errors import UsageError
from tests.course.helpers import FIXTURES


def kinds(ex):
    return [type(i).__name__ for i in ex.items]


@pytest.mark.parametrize("text, bodies", [
    (r"inline $a = b$ and \(c = d\)", ["a = b", "c = d"]),
    (r"display $$x = 1$$ and \[y = 2\]", ["x = 1", "y = 2"]),
    (r"\begin{align} a &= b \\ &= c \end{align}", [r"\begin{align} a &= b \\ &= c \end{align}"]),
    ("prices of $20,000 and $30,000", []),  # Pandoc's rule
    (r"escaped \$x = 1\$ is not math", []),
    ("$a$\n\n$b = c$", ["a", "b = c"]),
])
def test_math_delimiters_in_text(text, bodies):
    assert [s.body for s in math_spans(text)] == bodies


def test_plain_text_keeps_lines_paragraphs_and_python_fences():
    text = ("First paragraph with $f(x) = x^2$.\n\nSecond,\non two lines: $f'(x) = 2x$\n\n"
            "```\nIn [3]: def f(x):\n    return x ** 2\n```\n\n```\nJust output, not code\n```\n")
    ex = read_text("p", "notes.txt", text)
    frags = [i for i in ex.items if isinstance(i, Fragment)]
    assert [(f.line, f.body, f.block) for f in frags] == [(1, "f(x) = x^2", 0), (4, "f'(x) = 2x", 1)]
    cells = [i for i in ex.items if isinstance(i, Cell)]
    assert len(cells) == 1 and cells[0].source.startswith("def f(x):") and cells[0].line == 7


def test_markdown_reads_raw_lines_headings_directives_and_fences():
    ex = read_markdown(str(FIXTURES / "notes_right.md"), "notes_right.md", (FIXTURES / "notes_right.md").read_text())
    assert ex.title == "Activation functions"
    frags = [i for i in ex.items if isinstance(i, Fragment)]
    assert frags[0].text == r"$\sigma(a) = \frac{1}{1 + e^{-a}}$" and frags[0].line == 3
    assert frags[1].display and frags[1].line == 6 and frags[1].section == "Activation functions"
    assert any(f.section == "A loss" for f in frags)
    (d,) = [i for i in ex.items if isinstance(i, Directive)]
    assert (d.verb, d.argument, d.line) == ("assume", r"y \in (0, 1)", 11)
    # Markdown's escapes are not applied to math: \, stays
    assert any(r"\sigma(a)\,(1 - \sigma(a))" in f.body for f in frags)
    md = read_markdown("p", "x.md", "Text\n\n```python\nx = 1\n```\n\n```text\n$y = 2$\n```\n")
    assert kinds(md) == ["Cell"]


def test_latex_reads_math_environments_sections_and_comments():
    ex = read_tex(str(FIXTURES / "slides.tex"), "slides.tex", (FIXTURES / "slides.tex").read_text())
    assert ex.title == "Derivatives"
    frags = [i for i in ex.items if isinstance(i, Fragment)]
    assert frags[0].body.startswith(r"\begin{align}") and frags[0].line == 6 and frags[0].section == "Products"
    assert frags[1].body.startswith(r"\begin{align*}")
    assert [f.body for f in frags[2:4]] == [r"\tanh'(a) = 1 - \tanh(a)^2", r"\tanh'(a) = 1 + \tanh(a)^2."]
    assert frags[2].section == "Hyperbolic tangent"
    verbs = [i.verb for i in ex.items if isinstance(i, Directive)]
    assert verbs == ["skip"]


def test_latex_skips_verbatim_and_comments():
    ex = read_tex("p", "x.tex", "% $a = b$ in a comment\n\\begin{verbatim}\n$c = d$\n\\end{verbatim}\n$e = f$\n")
    assert [i.body for i in ex.items if isinstance(i, Fragment)] == ["e = f"]


def test_notebook_cells_markdown_math_and_code():
    ex = read_notebook(str(FIXTURES / "lesson.ipynb"), "lesson.ipynb", (FIXTURES / "lesson.ipynb").read_text())
    frags = [i for i in ex.items if isinstance(i, Fragment)]
    assert frags[0].cell == 1 and frags[0].line == 3 and r"\text{softplus}" in frags[0].body
    cells = [i for i in ex.items if isinstance(i, Cell)]
    assert [c.cell for c in cells] == [2, 4, 5, 6, 7, 8, 9, 10, 11]
    assert cells[0].source.startswith("import numpy as np")


def test_a_notebook_that_does_not_parse_is_reported_not_raised(tmp_path):
    bad = tmp_path / "broken.ipynb"
    bad.write_text("{not json")
    ex = extract(bad, "broken.ipynb")
    assert ex.items == [] and "does not parse" in ex.problems[0].reason
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("$x = 1$")])
    good = tmp_path / "good.ipynb"
    nbformat.write(nb, str(good))
    assert kinds(extract(good, "good.ipynb")) == ["Fragment"]


def test_folders_are_walked_in_order_and_missing_paths_are_usage_errors(tmp_path):
    (tmp_path / "b.md").write_text("$x = 1$")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "c.tex").write_text("$y = 2$")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.md").write_text("$z = 3$")
    (tmp_path / "e.py").write_text("x = 1")
    names = [p.name for p, _ in find_files([tmp_path])]
    assert names == ["c.tex", "b.md"]
    with pytest.raises(UsageError, match="no such file"):
        find_files([tmp_path / "nope"])


@pytest.mark.parametrize("source, code", [
    # the printout after the code's last blank line: not code
    ("In [3]: def f(x):\n    return x\n\nprint(f(2))\n\nValue of f : 2\nDone\n", "def f(x):\n    return x\n\nprint(f(2))\n"),
    # a printout over several paragraphs
    ("In [4]: print(1)\n\nEpoch 1: loss 0.2\n\nEpoch 2: loss 0.1\n", "print(1)\n"),
    # a syntax error in the code itself is kept: what follows the blank line starts like a statement
    ("In [5]: x = 1\n\nfor i in range(3) print(i)\n", "x = 1\n\nfor i in range(3) print(i)\n"),
    ("In [6]: x = 1\n\ny = (2\n", "x = 1\n\ny = (2\n"),
    # code that does not compile before the blank line: nothing is cut
    ("In [7]: x = (1\n\nAccuracy : 3%\n", "x = (1\n\nAccuracy : 3%\n"),
    # without a notebook prompt (a Markdown fence of Python) nothing is cut
    ("x = 1\n\nAccuracy : 3%\n", "x = 1\n\nAccuracy : 3%\n"),
])
def test_a_notebook_export_s_printout_is_cut_from_its_code(source, code):
    assert strip_prompt(source) == code
