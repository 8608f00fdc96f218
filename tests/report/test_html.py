"""The teaching-errata report (index.html, errata.md), without a browser.

The page and the Markdown are built from verdicts.json and findings.csv only; these
tests write those two files by hand (every kind of record, with and without the
optional keys), then check the cards, the mathematics, the absence of any network
resource, determinism, and the Markdown.  One test runs the real command twice.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from oracle.analysis.curves import POINTS
from oracle.report.errata import errata_records, fmt_number
from oracle.report.html import render_html
from oracle.report.html.render_math import latex_to_mathml, math_or_code, text_with_math
from oracle.report.markdown import render_markdown
from oracle.report.publish import write_pages

DATE = "2030-01-02 03:04 UTC"


def _record(claim_id: str, observed: str, **extra):
    doc = "a.txt" if claim_id.startswith("doc-a/") else "b.txt"
    rec = {
        "claim_id": claim_id, "document": doc, "section": "Dérivées de fonctions d'activation",
        "quote": r"&= \sigma(a) (1 - \sigma(a))", "kind": "backward", "family": "activation",
        "beyond_document": False, "printed_latex": r"\sigma'(a) = \frac{a}{1 + e^{-a}}",
        "corrected_latex": r"\sigma'(a) = \sigma(a)\,(1 - \sigma(a))", "explanation": "The slide forgets a factor.",
        "condition": None, "expected": observed, "observed": observed,
        "correction_verdict": None if observed == "holds" else "holds", "gate_ok": True,
        "region_verdicts": {"printed/domain": observed}, "cases": {"fail": 3, "pass": 2},
        "max_abs_error": 1.5, "max_rel_error": 0.75, "counterexample": "a = [0.]; grad_out = [1.]",
        "counterexample_region": "domain", "printed_value": 0.0, "true_value": 0.25,
        "message": "Claim disagrees with autograd!\nprinted: 0  autograd: 0.25", "correction_message": None,
        "conventions": 0, "note": "", "detail": {}, "correction_detail": {}, "curve": None,
    }
    rec.update(extra)
    return rec


def _curve_data():
    x = np.linspace(-8, 8, POINTS)
    s = 1 / (1 + np.exp(-x))
    return {"variable": "a", "quantity": "derivative", "fixed": {}, "x": [round(float(v), 10) for v in x],
            "printed": [float(f"{v:.10g}") for v in x / (1 + np.exp(-x))],
            "true": [float(f"{v:.10g}") for v in s * (1 - s)],
            "corrected": [float(f"{v:.10g}") for v in s * (1 - s)]}


def _payload():
    claims = [
        _record("doc-a/holds-one", "holds"),
        _record("doc-a/unstable-one", "unstable", condition="a ≥ 355: e^{2a} overflows", printed_value=None,
                counterexample="a = [355.]", counterexample_region="condition",
                stability=[{"variable": "a", "from": 354.891, "direction": "up", "what": "returns NaN",
                            "sentence": "returns NaN for a >= 354.891"}]),
        _record("doc-a/sigmoid-prime", "erratum", curve=_curve_data()),
        _record("doc-a/derivation", "erratum", kind="derivation", counterexample="every printed line", detail={
            # The derivation check's format: link i leads from the line above (or the start) to line i.
            "start": r"\frac{d}{d a} \sigma\left(a\right)", "truth": r"\frac{e^{-a}}{(1 + e^{-a})^2}",
            "lines": [r"\frac{\partial}{\partial a} (1 + e^{-a})^{-1}", r"-(1 + e^{-a})^{-2} \frac{\partial}{\partial a} (1 + e^{-a})",
                      r"\frac{e^{a}}{(1 + e^{-a})^2}", r"\sigma(a)\,e^{a}\,\sigma(a)"],
            "links": [{"index": i, "from": "f", "to": "t", "holds": h, "method": m, "points": 64,
                       "disagreeing": 0 if h else 64, "max_difference": 0.0 if h else 51.8,
                       "worst_point": {} if h else {"a": 3.98}, "corrected": None if h else r"\frac{e^{-a}}{(1 + e^{-a})^2}",
                       "note": ""}
                      for i, (h, m) in enumerate([(True, "symbolic"), (True, "symbolic"), (False, "numeric"),
                                                  (True, "symbolic")])],
            "first_broken": 2, "broken": [2], "line_correct": [True, True, False, False], "compensating_links": [],
            "compensated": False, "final_correct": False}),
        _record("doc-a/figure", "erratum", kind="figure", family="figure", counterexample="the document's own data",
                detail={"figures": [{"name": "loss", "printed": "1763", "recomputed": 1763.884766},
                                    {"name": "w", "printed": "0.5000", "recomputed": 0.5}]}),
        _record("doc-a/crash", "does not run as printed", printed_value=None, true_value=None,
                message="the printed implementation raised TypeError: missing argument (at f, line 3)"),
        _record("doc-a/precondition", "holds under a precondition", gate_ok=False, expected="holds",
                condition="the targets sum to one"),
        _record("doc-a/strange-latex", "inconclusive", printed_latex=r"\notacommand{x}", corrected_latex=None,
                printed_value=None, true_value=None, message="the judges disagree"),
        # The bare minimum a record may carry: everything optional missing.
        {"claim_id": "doc-b/minimal", "document": "b.txt", "observed": "erratum"},
        _record("doc-b/holds-two", "holds"),
    ]
    documents = [
        {"file": "a.txt", "id": "doc-a", "title": "Réseaux de neurones — cours", "author": "A. Auteur", "year": "2019",
         "claims": 8, "observed": {}},
        {"file": "b.txt", "id": "doc-b", "title": "Deuxième document", "author": "", "year": "", "claims": 2,
         "observed": {}},
    ]
    return {
        "provenance": {"project_version": "0.1.0", "seed": 7, "examples": 5, "torch": "2.x", "numpy": "2.x",
                       "pandas": "2.x", "python": "3.11", "command": "python -m oracle verify", "date": DATE},
        "summary": {"claims": len(claims), "gate": "fail", "gate_failures": ["doc-a/precondition"]},
        "documents": documents,
        "claims": claims,
    }


CSV = (
    "claim_id,document,kind,family,form,region,case,status,minimal,max_abs_error,max_rel_error,allowed,worst,"
    "printed_value,true_value,numeric_value,numeric_error,judges,case_text,message\n"
    "doc-a/sigmoid-prime,a.txt,backward,activation,printed,domain,0,fail,True,0.25,1,1e-13,\"(0,)\",0,0.25,,,"
    "autograd,a = [0.]; grad_out = [1.],msg\n"
    "doc-a/sigmoid-prime,a.txt,backward,activation,printed,domain,1,fail,False,1.5,0.75,1e-13,\"(0,)\",2,0.5,,,"
    "autograd,a = [2.]; grad_out = [1.],msg\n"
    "doc-a/sigmoid-prime,a.txt,backward,activation,printed,domain,2,pass,False,0,0,1e-13,\"(0,)\",0,0,,,"
    "autograd,a = [-40.]; grad_out = [1.],\n"
)


@pytest.fixture()
def out(tmp_path: Path) -> Path:
    (tmp_path / "verdicts.json").write_text(json.dumps(_payload(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "findings.csv").write_text(CSV, encoding="utf-8")
    return tmp_path


def _cards(html: str) -> list[str]:
    return re.findall(r'<article class="card [^"]*" id="claim-([^"]+)"', html)


def test_write_reports_writes_the_page_and_the_markdown(out: Path):
    written = write_pages(out)
    assert [p.name for p in written] == ["index.html", "errata.md"]
    assert all(p.exists() and p.stat().st_size > 0 for p in written)


def test_one_card_per_claim_that_does_not_hold_errata_first(out: Path):
    payload = _payload()
    html = render_html(payload, _frame(out))
    expected = [c["claim_id"] for c in payload["claims"] if c["observed"] != "holds"]
    cards = _cards(html)
    assert len(cards) == len(expected) == len(set(cards))
    assert "claim-doc-a-holds-one" not in html.split('id="claims"')[0]
    doc_a = [c["claim_id"] for c in errata_records([c for c in payload["claims"] if c["document"] == "a.txt"])]
    assert doc_a[:3] == ["doc-a/sigmoid-prime", "doc-a/derivation", "doc-a/figure"]  # errata first, catalogue order
    assert doc_a[3:] == ["doc-a/crash", "doc-a/unstable-one", "doc-a/precondition", "doc-a/strange-latex"]


def _frame(out: Path):
    from oracle.report.errata import load_inputs

    return load_inputs(out)[1]


def test_formulas_are_mathml_with_a_code_fallback(out: Path):
    html = render_html(_payload(), _frame(out))
    card = html.split('id="claim-doc-a-sigmoid-prime"')[1].split("</article>")[0]
    printed, corrected = card.split('class="formula printed')[1], card.split('class="formula corrected')[1]
    assert "<math" in printed.split("</figure>")[0] and "<mfrac>" in printed.split("</figure>")[0]
    assert "<math" in corrected.split("</figure>")[0]
    assert '<annotation encoding="application/x-tex">' in card  # the LaTeX source travels with the MathML
    odd = html.split('id="claim-doc-a-strange-latex"')[1].split("</article>")[0]
    assert '<code class="tex"' in odd and r"\notacommand{x}" in odd


def test_the_page_requests_nothing_from_the_network(out: Path):
    html = render_html(_payload(), _frame(out))
    resources = re.findall(r'\b(?:src|href|action|poster|data)\s*=\s*"([^"]*)"', html)
    assert resources and all(r.startswith(("#", "data:")) for r in resources), [
        r for r in resources if not r.startswith(("#", "data:"))]
    assert not re.search(r"url\(\s*['\"]?(?!#|data:)", html)
    assert not re.search(r"@import|<link[^>]+stylesheet|<script[^>]+src=", html)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp and "connect-src" not in csp


def test_curves_derivations_figures_and_the_gate_are_shown(out: Path):
    html = render_html(_payload(), _frame(out))
    sig = html.split('id="claim-doc-a-sigmoid-prime"')[1].split("</article>")[0]
    assert '<figure class="plot"><svg' in sig and "http://" not in sig.split("<svg")[1].split("</svg>")[0]
    assert "More failing inputs" in sig and "a = [2.]" in sig  # from findings.csv
    der = html.split('id="claim-doc-a-derivation"')[1].split("</article>")[0]
    items = re.findall(r"<li( class=\"[^\"]*\")?>", der.split('<ol class="derivation">')[1].split("</ol>")[0])
    assert items == ["", "", ' class="broken first"', ' class="carried"']
    assert "should read" in der and "at a = 3.98" in der and "Starting from" in der
    assert "carries through to the final line" in der and "The true result is <math" in der
    assert "Smallest counterexample" not in der  # a derivation's evidence is its broken step
    unstable = html.split('id="claim-doc-a-unstable-one"')[1].split("</article>")[0]
    assert "returns NaN for a &gt;= 354.891" in unstable
    fig = html.split('id="claim-doc-a-figure"')[1].split("</article>")[0]
    assert fig.count('<tr class="bad">') == 1 and "1763.884766" in fig and "<svg" in fig
    gate = html.split('id="gate-title"')[1].split("</section>")[0]
    assert "doc-a/precondition" in gate and "Gate failed" in gate
    assert 'class="gate-note"' in html.split('id="claim-doc-a-precondition"')[1].split("</article>")[0]


def test_same_inputs_give_the_same_bytes_and_only_the_date_line_moves(out: Path):
    first = [p.read_bytes() for p in write_pages(out)]
    second = [p.read_bytes() for p in write_pages(out)]
    assert first == second
    payload = _payload()
    payload["provenance"]["date"] = "2031-05-06 07:08 UTC"
    other = render_html(payload, _frame(out)), render_markdown(payload)
    for before, after in zip((first[0].decode(), first[1].decode()), other):
        diff = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
        assert len(before.splitlines()) == len(after.splitlines()) and len(diff) == 1
        assert DATE in diff[0][0] and "2031-05-06" in diff[0][1]


def test_the_markdown_lists_every_erratum_per_document(out: Path):
    write_pages(out)
    md = (out / "errata.md").read_text(encoding="utf-8")
    payload = _payload()
    for c in payload["claims"]:
        assert (f"`{c['claim_id']}`" in md) == (c["observed"] != "holds"), c["claim_id"]
    assert md.index("## Réseaux de neurones — cours") < md.index("## Deuxième document")
    assert r"- **As printed:** $\sigma'(a) = \frac{a}{1 + e^{-a}}$" in md
    assert r"- **Correction:** $\sigma'(a) = \sigma(a)\,(1 - \sigma(a))$" in md
    assert "> $$" in md  # the quote, as printed
    assert "- Inputs: `a = [0.]`, `grad_out = [1.]`" in md and "- True value: 0.25" in md
    assert "2. $\\frac{e^{a}}{(1 + e^{-a})^2}$ ✗ **does not follow**; should read" in md
    assert "| loss | 1763 | 1763.88 |" in md and "returns NaN for a >= 354.891" in md
    assert "**Gate failed:**" in md


def test_records_from_an_older_or_smaller_json_still_render(tmp_path: Path):
    payload = {"provenance": {}, "claims": [{"claim_id": "x/y", "document": "d.txt", "observed": "erratum"},
                                            {"claim_id": "x/z", "document": "d.txt", "observed": "holds"}]}
    (tmp_path / "verdicts.json").write_text(json.dumps(payload), encoding="utf-8")
    write_pages(tmp_path)  # no findings.csv, no documents list, no optional keys
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert _cards(html) == ["x-y"]
    assert "`x/y`" in (tmp_path / "errata.md").read_text(encoding="utf-8")


def test_a_record_of_an_unknown_shape_gets_a_plain_card_not_a_crash(tmp_path: Path):
    odd = _record("doc-a/odd", "erratum", detail={"lines": 5, "figures": "x"}, curve={"x": "bad"},
                  stability="nope", cases=[1, 2])
    payload = {"provenance": {}, "claims": [odd, _record("doc-a/fine", "erratum")]}
    (tmp_path / "verdicts.json").write_text(json.dumps(payload), encoding="utf-8")
    write_pages(tmp_path)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert _cards(html) == ["doc-a-odd", "doc-a-fine"] and "could not be drawn" in html
    assert "`doc-a/odd`" in (tmp_path / "errata.md").read_text(encoding="utf-8")


# --- the mathematics renderer -----------------------------------------------------------------

def test_render_math_handles_what_documents_print():
    assert "𝟙" in latex_to_mathml(r"\mathbb{1}_{a>0}")
    quoted = latex_to_mathml(r"&= 2(\hat{y} - y) \\")
    assert quoted and "&amp;" not in quoted.split("<annotation")[0] and "<mi>&</mi>" not in quoted
    assert "<mtext>to_one_hot</mtext>" in latex_to_mathml(r"\text{to\_one\_hot}(5)")
    assert "<mtable>" in latex_to_mathml(r"\begin{aligned} a &= b \\ c &= d \end{aligned}")
    assert latex_to_mathml(r"\frac{1}{") is None and latex_to_mathml(r"\foo{x}") is None
    assert math_or_code("") == "" and math_or_code(r"\foo").startswith('<code class="tex"')
    assert text_with_math("a <b> $x^2$").startswith("a &lt;b&gt; <math")


def test_numbers_read_well():
    assert fmt_number(-2.0) == "−2" and fmt_number(0.5) == "0.5" and fmt_number(None) == "—"
    assert fmt_number(3779483375971.28) == "3.7795 × 10¹²" and fmt_number(float("nan")) == "NaN"


# --- the real command, twice --------------------------------------------------------------------

@pytest.mark.slow
def test_the_same_seed_gives_the_same_reports_apart_from_the_date(tmp_path: Path):
    from oracle.cli import main

    outs = [tmp_path / "one", tmp_path / "two"]
    for o in outs:
        assert main(["verify", "--module", "tests.fixtures.gate_claims", "--examples", "5", "--seed", "3",
                     "--out", str(o)]) == 0
    date = json.loads((outs[0] / "verdicts.json").read_text(encoding="utf-8"))["provenance"]["date"]
    for name in ("index.html", "errata.md", "findings.csv", "verdicts.json"):
        a = (outs[0] / name).read_text(encoding="utf-8").splitlines()
        b = (outs[1] / name).read_text(encoding="utf-8").splitlines()
        assert len(a) == len(b), name
        diff = [(x, y) for x, y in zip(a, b) if x != y]
        assert len(diff) <= 1, (name, diff[:3])
        assert all(date in x or '"date"' in x for x, _ in diff), (name, diff)
    html = (outs[0] / "index.html").read_text(encoding="utf-8")
    assert _cards(html) == ["fixture-wrong"] and "<math" in html


def test_the_page_says_how_many_mistakes_the_checks_would_have_caught():
    """Issue: the mutation score appears overall and per claim."""
    from oracle.report.html.page import _mutation_cell, power_section

    payload = {"claims": [{"claim_id": "d/a", "mutation": {"mutants": 5, "killed": 4, "equivalent": 1,
                                                           "caught": [{"mutant": "f, line 1: a - b -> a + b"}]}},
                          {"claim_id": "d/b", "mutation": None}]}
    html = power_section(payload)
    assert "These checks caught 4 of 4</strong>" in html and "1 more variants" in html and "a - b -&gt; a + b" in html
    assert _mutation_cell(payload["claims"][0]).endswith(">4/4</span>") and _mutation_cell(payload["claims"][1]) == "—"
