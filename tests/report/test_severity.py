"""Severities, shared causes and statements not judged, in every report: one card per mistake, the headline
counting distinct mistakes by severity, the console summary, errata.md and verdicts.json."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from oracle.claims import Status
from oracle.gate import Verdict
from oracle.report.console import write_summary
from oracle.report.errata import card_groups, mistake_phrase, mistakes, severity_counts
from oracle.report.publish import write_pages
from tests.report.test_html import DATE, _record

SHARED = dict(severity="error", cause="tanh-overflow")
LISTING = {"listing": {
    "cells": [{"name": "In [39]", "printed": "Accuracy : 12.500000%\n", "shown": "Accuracy : 99.618333%",
               "numbers": "fixed", "values": False, "differences": []}],
    "run": ["In [1]", "In [39]"], "stopped_after": None, "error": None, "warnings": [],
    "amendments": [{"cell": "In [11]", "old": "b)", "new": "b, act)", "reason": "model-forward-pass", "context": True},
                   {"cell": "In [39]", "old": "layer_activations", "new": "activations", "reason": "defined",
                    "context": False}]}}


def _claims() -> list[dict]:
    return [
        _record("doc-a/tanh", "unstable", **SHARED),
        _record("doc-a/d-tanh", "unstable", **SHARED),
        _record("doc-a/sign", "erratum", severity="note", cause="sign"),
        _record("doc-a/runs", "does not run as printed", severity="error", cause="runs", kind="listing",
                printed_value=None, true_value=None, message="NameError: name 'layer_activations' is not defined",
                detail={"listing": {**LISTING["listing"], "cells": [], "error": {"cell": "In [39]"}}},
                correction_detail=LISTING),
        _record("doc-a/image", "not judged", severity=None, cause=None, printed_latex=None, corrected_latex=None,
                correction_verdict=None, quote="Annexe 28: Expression d’un élément d’un vecteur softmax",
                explanation="Annexe 28 is an image: only its caption survives.", cases={}, message=""),
        _record("doc-a/fine", "holds"),
    ]


def _write(tmp_path: Path) -> tuple[str, str, dict]:
    payload = {"provenance": {"date": DATE}, "claims": _claims(),
               "documents": [{"file": "a.txt", "id": "doc-a", "title": "Cours", "claims": 6, "observed": {}}]}
    (tmp_path / "verdicts.json").write_text(json.dumps(payload), encoding="utf-8")
    write_pages(tmp_path)
    return ((tmp_path / "index.html").read_text(encoding="utf-8"), (tmp_path / "errata.md").read_text(encoding="utf-8"),
            payload)


def test_claims_sharing_a_cause_are_one_mistake_counted_once_by_severity():
    claims = _claims()
    assert [(g.cause, len(g.claims), g.severity) for g in mistakes(claims)] == [
        ("tanh-overflow", 2, "error"), ("sign", 1, "note"), ("runs", 1, "error")]
    assert severity_counts(claims) == {"error": 2, "note": 1}
    assert mistake_phrase(claims) == "2 errors and 1 note"
    # Cards: errors first, in the document's order, then notes, then what was not judged.
    assert [g.cause for g in card_groups(claims)] == ["tanh-overflow", "runs", "sign", "claim:doc-a/image"]


def test_one_card_per_mistake_with_its_severity_and_a_headline_that_counts_mistakes(tmp_path: Path):
    html, _, _ = _write(tmp_path)
    cards = re.findall(r'<article class="card ([^"]*)" id="claim-([^"]+)"', html)
    assert [c[1] for c in cards] == ["doc-a-cause-tanh-overflow", "doc-a-runs", "doc-a-sign", "doc-a-image"]
    assert "group" in cards[0][0] and html.count('<section class="part') == 2
    group = html[html.index('id="claim-doc-a-cause-tanh-overflow"'):html.index('id="claim-doc-a-runs"')]
    assert 'id="claim-doc-a-tanh"' in group and 'id="claim-doc-a-d-tanh"' in group and "count once" in group
    assert "<title>Errata report: 3 mistakes in backpropagation course notes</title>" in html
    tiles = dict((label, int(n)) for n, label in re.findall(r'<li class="tile [^"]*"><b>(\d+)</b><span>([^<]+)</span>', html))
    assert (tiles["errors"], tiles["note"], tiles["not judged"], tiles["claims checked"]) == (2, 1, 1, 6)
    assert "3 distinct mistakes</strong> (2 errors and 1 note) in 4 claims" in html
    assert re.search(r'badge sev s-note[^>]*>Note<', html) and "1 claims" not in html


def test_a_statement_not_judged_says_nothing_printed_is_visible(tmp_path: Path):
    html, md, _ = _write(tmp_path)
    card = html[html.index('id="claim-doc-a-image"'):]
    card = card[:card.index("</article>")]
    assert "Not judged: nothing printed is visible." in card and "only its caption survives" in card
    assert 'class="formula' not in card and "badge sev" not in card
    assert "**Not judged: nothing printed is visible.** Annexe 28 is an image" in md


def test_a_listing_card_shows_its_context_its_fix_and_the_printouts(tmp_path: Path):
    html, md, _ = _write(tmp_path)
    card = html[html.index('id="claim-doc-a-runs"'):]
    card = card[:card.index("</article>")]
    assert "With the corrections of earlier claims applied" in card and "<del><code>b)</code></del>" in card
    assert "Corrected:" in card and "<ins><code>activations</code></ins>" in card
    assert "The document shows (In [39])" in card and "Accuracy : 12.500000%" in card
    assert "Printed against shown (the corrected listing)" in card and "Prints what the document shows." in card
    assert "- `In [39]`: `layer_activations` → `activations` (defined)" in md


def test_errata_md_groups_a_cause_and_names_severities(tmp_path: Path):
    _, md, _ = _write(tmp_path)
    assert "**3 distinct mistakes** (2 errors and 1 note) in 4 claims" in md
    assert "### 1. Error: one mistake in 2 claims (cause `tanh-overflow`)" in md
    assert "#### 1.a. Error · Unstable:" in md and "#### 1.b. Error · Unstable:" in md
    assert "### 3. Note · Erratum:" in md


def test_the_console_summary_shows_severities_and_distinct_mistakes():
    records = _claims()
    verdicts = [Verdict(claim_id=r["claim_id"], expected=Status(r["observed"]), observed=Status(r["observed"]),
                        correction=None) for r in records]
    out = io.StringIO()
    write_summary(verdicts, records, 1.0, out)
    text = out.getvalue()
    assert re.search(r"doc-a/d-tanh\s+unstable\s+unstable\s+error\s+ok  \(cause tanh-overflow\)", text)
    assert re.search(r"doc-a/image\s+not judged\s+not judged\s+ok", text)
    assert "distinct mistakes: 3 (2 errors and 1 note) in 4 claims" in text
