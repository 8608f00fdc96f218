"""ListingCheck: a listing run end to end in a subprocess, as its document runs it, and its printout compared
with what the document shows; each outcome shown on a right and a wrong case."""

from __future__ import annotations

from pathlib import Path

import pytest

from oracle import Amendment, Cell, ListingCheck, Numbers, Printout, Program
from oracle.checks.outcome import CaseStatus
from oracle.checks.printout import compare_printout
from oracle.errors import CheckError

LOOP = "for epoch in (1, 2, 3):\n    print('Epoch %d, Loss %f' % (epoch, 1 / epoch))\n"
SHOWN = Printout("Epoch 1, Loss 1.000000\nEpoch 2, Loss 0.500000\nEpoch 3, Loss 0.333333", values=True)
CHECK = ListingCheck()


def _program(source: str = LOOP, shows: Printout | None = SHOWN, **kw) -> Program:
    return Program(cells=(Cell("cell", source, shows),), **kw)


# --- the printout comparison ------------------------------------------------------------------

def test_a_printout_that_matches_line_for_line_has_no_difference():
    printed = "Epoch 1, Loss 1.000000\nEpoch 2, Loss 0.500000\n\nEpoch 3, Loss 0.333333\n"
    assert compare_printout(SHOWN, printed) == []


@pytest.mark.parametrize("printed, why", [
    ("Epoch 1, Loss 1.000000\nEpoch 2, Loss 0.500000\n", "prints 2 lines where the document shows 3"),
    ("Epoch 1, Loss 1.00\nEpoch 2, Loss 0.50\nEpoch 3, Loss 0.33\n", "shown with 6 decimals where the listing prints 1.00"),
    ("Epoch 1, Loss 1.000000\nEpoch 2, Loss 0.500001\nEpoch 3, Loss 0.333333\n", "0.500000 is shown where the listing prints 0.500001"),
    ("Epoch 1, Loss 1.000000\nEpoch 1, Loss 0.500000\nEpoch 3, Loss 0.333333\n", "2 is shown where the listing prints 1"),
    ("Epoch 1: Loss 1.000000\nEpoch 2, Loss 0.500000\nEpoch 3, Loss 0.333333\n", "the layout differs"),
])
def test_each_kind_of_difference_is_named(printed, why):
    problems = compare_printout(SHOWN, printed)
    assert problems and why in "; ".join(problems)


def test_an_elision_mark_compares_the_first_and_the_last_lines_only():
    shown = Printout("Epoch 1: 0.5\n…\nEpoch 30: 0.1", numbers=Numbers.ANY)
    printed = "".join(f"Epoch {i}: {1 / i}\n" for i in range(1, 31))
    assert compare_printout(shown, printed) == []
    assert "30 is shown where the listing prints 29" in "; ".join(compare_printout(shown, printed.rsplit("Epoch 30", 1)[0]))
    assert compare_printout(Printout("Epoch 1: 0.5\n…", numbers=Numbers.ANY), "Epoch 1: 7\n", stopped=True) == []


def test_a_float_no_program_can_print_is_found_by_the_shortest_repr_rule():
    """The notebook's 'Epoch #27: 0.0570840494023103764' has 18 significant digits: no float64 prints that."""
    printed = "Epoch #27: 0.05708404940231038\n"
    assert compare_printout(Printout("Epoch #27: 0.05708404940231038", numbers=Numbers.SHORTEST), printed) == []
    problems = compare_printout(Printout("Epoch #27: 0.0570840494023103764", numbers=Numbers.SHORTEST), printed)
    assert problems and "at most 17 significant digits" in problems[0]


# --- the check, run in a subprocess --------------------------------------------------------------

def test_a_listing_that_prints_what_its_document_shows_holds():
    out = CHECK.judge(_program(), {})
    assert out.status is CaseStatus.PASS, out.message
    cell = out.detail["listing"]["cells"][0]
    assert cell["differences"] == [] and cell["printed"].startswith("Epoch 1, Loss 1.000000")


def test_a_listing_whose_output_differs_from_the_document_fails_with_the_line():
    out = CHECK.judge(_program().amended(Amendment("cell", "1 / epoch", "2 / epoch")), {})
    assert out.status is CaseStatus.FAIL and "2.000000" in out.message and out.mismatched == 1


@pytest.mark.parametrize("source, message", [
    ("from os import no_such_name\n", "ImportError: cannot import name 'no_such_name' from 'os' (at cell, line 1: "
                                      "from os import no_such_name)"),
    ("print(undefined_name)\n", "NameError: name 'undefined_name' is not defined (at cell, line 1"),
    ("x = 1\nif x:\n\u00a0   print(x)\n", "SyntaxError"),
    ("1 / 0\n", "ZeroDivisionError"),
])
def test_an_import_that_fails_or_a_call_that_raises_does_not_run(source, message):
    out = CHECK.judge(_program(source, shows=None), {})
    assert out.status is CaseStatus.CRASH and message in out.message


def test_the_first_exception_stops_the_run_as_a_notebook_does():
    program = Program(cells=(Cell("In [1]", "print('one')\n"), Cell("In [2]", "raise ValueError('two')\n"),
                             Cell("In [3]", "print('three')\n")))
    out = CHECK.judge(program, {})
    listing = out.detail["listing"]
    assert out.status is CaseStatus.CRASH and [c["name"] for c in listing["cells"]] == ["In [1]", "In [2]"]
    assert listing["error"]["cell"] == "In [2]" and listing["cells"][0]["printed"] == "one\n"


def test_a_library_that_is_not_installed_is_a_setup_problem_not_a_finding():
    out = ListingCheck(requires=("no_such_library_here",)).judge(_program(), {})
    assert out.status is CaseStatus.SETUP and "pip install -e '.[documents]'" in out.message


def test_the_listing_runs_offline_on_the_stand_ins_it_is_given(tmp_path: Path):
    stand_ins = tmp_path / "offline.py"
    stand_ins.write_text("from pathlib import Path\n\ndef install(seed):\n    Path('data.txt').write_text(str(seed))\n")
    program = _program("print(open('data.txt').read())\n", Printout("42"))
    assert ListingCheck(offline=stand_ins).judge(program, {}, seed=42).status is CaseStatus.PASS
    download = _program("import urllib.request\nurllib.request.urlopen('http://example.com/mnist.gz')\n", shows=None)
    out = CHECK.judge(download, {})
    assert out.status is CaseStatus.CRASH and "offline" in out.message
    with pytest.raises(CheckError, match="not a file"):
        ListingCheck(offline=tmp_path / "missing.py")


def test_a_listing_past_its_time_limit_is_abandoned_as_a_finding():
    out = ListingCheck(time_limit=2).judge(_program("import time\ntime.sleep(30)\n", shows=None), {})
    assert out.status is CaseStatus.CRASH and "time limit of 2 s" in out.message


def test_a_run_stopped_after_the_lines_compared_compares_only_those():
    program = _program("for i in range(10**9):\n    print('line %d' % i)\n", Printout("line 0\nline 1\n…"),
                       stop_after=2)
    out = CHECK.judge(program, {})
    assert out.status is CaseStatus.PASS and out.detail["listing"]["stopped_after"] == 2


def test_same_seed_same_run():
    program = _program("import random\nprint(random.random())\n", shows=None)
    first, again = CHECK.judge(program, {}, seed=3), CHECK.judge(program, {}, seed=3)
    assert first.detail == again.detail and first.detail != CHECK.judge(program, {}, seed=4).detail


def test_amendments_apply_in_order_and_must_each_find_their_text_once():
    fixed = _program().amended(Amendment("cell", "%f", "%.2f"), Amendment("cell", "%.2f", "%.3f", context=True))
    assert "%.3f" in fixed.sources()[0]["source"]
    with pytest.raises(CheckError, match="occurs 0 times, not once"):
        _program().amended(Amendment("cell", "not in the source", "x"))
    with pytest.raises(CheckError, match="does not have"):
        _program().amended(Amendment("other", "%f", "x"))
    with pytest.raises(CheckError, match="two cells are named 'a'"):
        Program(cells=(Cell("a", "1\n"), Cell("a", "2\n")))


def test_the_runner_and_the_gate_read_a_listings_run():
    """A listing that raises: 'does not run as printed'; its fix runs; a missing library: 'cannot be judged'."""
    from oracle import Form, Kind, Severity, Source, Status, claim
    from oracle.gate import decide
    from oracle.run.runner import RunConfig, run_claim

    broken = _program().amended(Amendment("cell", "1 / epoch", "1 / undefined"))
    c = claim("t/listing", kind=Kind.LISTING, family="listing", source=Source("t.txt", "S", "q"), check=CHECK,
              printed=Form(r"\texttt{listing}", broken), expect=Status.DOES_NOT_RUN, severity=Severity.ERROR,
              correction=Form(r"\texttt{fixed}", _program()), explanation="a name the listing never defines")
    result = run_claim(c, RunConfig(examples=5))
    assert (result.observed, result.correction_verdict, decide(result).ok) == (Status.DOES_NOT_RUN, Status.HOLDS, True)
    assert len([f for f in result.findings if f.form == "printed"]) == 1  # judged once: a run is deterministic
    missing = run_claim(claim("t/missing", kind=Kind.LISTING, family="listing", source=Source("t.txt", "S", "q"),
                              check=ListingCheck(requires=("no_such_library_here",)), printed=Form("x", _program())))
    assert missing.observed is Status.CANNOT_JUDGE and "[documents]" in decide(missing).why
