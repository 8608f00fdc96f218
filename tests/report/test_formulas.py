"""Every formula the report shows is rendered, and none is text set as mathematics.

The report typesets the catalogue's printed and corrected forms, the ``$...$`` parts of quotes,
explanations and conditions, and each derivation's lines, start, truth and corrections.  Each is
converted as the page converts it (``latex_to_mathml``); a formula fails when the converter cannot
read it (the page would fall back to LaTeX source) or when it lays out a word as a run of
single-letter italic identifiers ("recomputed" as r e c o m p u t e d): a run of four or more such
letters with a vowel, or a three-letter one that is a word or a function name (cos, log, col, ...).
Products of variables (``dZ A``, ``W dZ``) have no such run.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET

import pytest

from oracle.claims import Kind
from oracle.report.html.render_math import latex_to_mathml
from oracle.run.catalogue import load
from oracle.run.runner import RunConfig, run_claim
from reference import MODULES

CATALOGUE = load(MODULES)

_ROWS = {"math", "semantics", "mrow", "mtd", "mstyle", "mpadded", "msqrt", "mphantom"}
_SCRIPTS = {"msub", "msup", "msubsup", "munder", "mover", "munderover"}
_THREE = {"cos", "sin", "tan", "log", "exp", "max", "min", "sum", "arg", "det", "dim", "var", "std", "sgn", "inf",
          "sup", "lim", "col", "row", "rot", "and", "the", "for", "not", "all", "out", "new", "old", "loss", "mean"}
_INLINE = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)


def _letter(el: ET.Element) -> str | None:
    """The italic letter an element shows (a script's base counts: the t of cost')."""
    if el.tag in _SCRIPTS and len(el):
        return _letter(el[0])
    text = el.text or ""
    if el.tag == "mi" and el.get("mathvariant") != "normal" and len(text) == 1 and text.isascii() and text.isalpha():
        return text
    return None


def italic_runs(mathml: str) -> list[str]:
    """Runs of three or more single-letter italic identifiers side by side in one row."""
    out = []
    for row in ET.fromstring(mathml).iter():
        if row.tag not in _ROWS:
            continue
        run = ""
        for child in [*row, None]:
            letter = _letter(child) if child is not None else None
            if letter:
                run += letter
                continue
            if len(run) >= 3:
                out.append(run)
            run = ""
    return out


def spells_a_word(run: str) -> bool:
    word = run.lower()
    return (len(word) >= 4 and bool(re.search("[aeiouy]", word))) or word in _THREE


def _problem(latex: str) -> str | None:
    mathml = latex_to_mathml(latex)
    if mathml is None:
        return "cannot be converted (the page would show its LaTeX source)"
    words = [r for r in italic_runs(mathml) if spells_a_word(r)]
    return f"sets {', '.join(' '.join(w) for w in words)} as italic letters: use \\text{{}}" if words else None


def _inline(text: str | None) -> list[str]:
    return [m.group(1) or m.group(2) for m in _INLINE.finditer(text or "")]


def _static_formulas() -> list[tuple[str, str]]:
    """What the page typesets from the claims themselves (no run needed)."""
    out = []
    for c in CATALOGUE.claims:
        for form in (c.printed, c.correction):
            if form is not None and form.latex:
                out.append((c.id, form.latex))
            if form is not None and c.kind is Kind.DERIVATION and isinstance(form.impl, list):
                out += [(c.id, line if isinstance(line, str) else line[0]) for line in form.impl
                        if isinstance(line, (str, tuple))]
        texts = [c.source.quote, c.explanation, c.condition.text if c.condition else ""]
        out += [(c.id, f) for t in texts for f in _inline(t)]
    return out


def test_the_detector_finds_text_set_as_math_and_spares_products_of_variables():
    assert _problem(r"recomputed: loss = 1763") and "r e c o m p u t e d" in _problem(r"recomputed: loss = 1763")
    assert _problem(r"a^{L-1}_1\, cost(a^L_1)")
    assert _problem(r"\text{recomputed: }\text{loss} = 1763") is None
    # Math inside \text{} closes the text at the exponent's brace: the rest is set as italic letters.
    assert "Z o l t a" in _problem(r"\text{Epoch 1 (lr = 10^{-2}, t\_Zolta\_n = 0.1 t\_Zolta)}")
    assert _problem(r"\text{Epoch 1 (lr = }10^{-2}\text{, t\_Zolta\_n = 0.1 t\_Zolta)}") is None
    assert _problem(r"dW = dZ A_{\text{prev}}^T,\ dA = W^T dZ") is None
    # An apostrophe in prose is not a prime: "layer's" stays text, cost'(a) stays one function's name.
    assert _problem(r"dW_n = dZ_n A_{n-1}^T\ \text{(the layer's input)}") is None
    assert _problem(r"\text{the layer's } cost'(a)") is None
    assert _problem(r"x^{") is not None and _problem(r"\nosuchmacro x") is not None  # a brace left open, a macro


@pytest.mark.parametrize("claim_id, latex", _static_formulas(), ids=lambda x: x if "/" in str(x) else None)
def test_every_formula_of_the_catalogue_renders_as_mathematics(claim_id, latex):
    problem = _problem(latex)
    assert problem is None, f"{claim_id}: {latex!r} {problem}"


@functools.lru_cache(maxsize=1)
def _derivation_formulas() -> list[tuple[str, str]]:
    """What the page typesets from a derivation's judged record: start, truth, lines, corrections."""
    out = []
    for c in CATALOGUE.claims:
        if c.kind is not Kind.DERIVATION or type(c.check).__name__ != "DerivationCheck":
            continue
        for f in run_claim(c, RunConfig(examples=1, shrink=False)).findings:
            detail = f.detail
            texts = [detail.get("start"), detail.get("truth"), *(detail.get("lines") or []),
                     *(detail.get("corrected_lines") or []),
                     *(link.get("corrected") for link in detail.get("links") or [])]
            out += [(c.id, str(t)) for t in texts if t]
    return out


@pytest.mark.slow
def test_every_derivation_line_the_report_shows_renders_as_mathematics():
    problems = [f"{cid}: {latex!r} {p}" for cid, latex in _derivation_formulas() if (p := _problem(latex))]
    assert _derivation_formulas() and not problems, "\n".join(problems)


def test_a_function_name_gets_a_thin_space_before_a_bare_argument():
    """``\\tanh u`` is 'tanh u', not 'tanhu'; ``\\tanh(u)`` and ``\\tanh'(u)`` need no space."""
    assert '<mi>tanh</mi><mspace width="0.167em"></mspace><mi>u</mi>' in latex_to_mathml(r"\tanh u")
    assert "mspace" not in latex_to_mathml(r"\tanh(u)") and "mspace" not in latex_to_mathml(r"\tanh'(u)")
