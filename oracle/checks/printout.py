"""What a listing printed against what its document shows it printing: lines, number formats, values.

A document's printout is compared line by line after blank lines are dropped and runs of
whitespace collapsed (a web page's text keeps neither faithfully).  A shown line that is only
the printout's ``elision`` mark (``…`` unless said otherwise; ``None`` when the listing itself
prints such lines) stands for printed lines the document leaves out: the lines above it are
compared with the first printed lines, the lines below it with the last ones.

Within a line, the text between numbers must be equal, and every number is judged:

* **integers** shown (epoch numbers, counts) are always compared exactly: the program's control
  flow makes them, whatever the data;
* **format**: ``Numbers.FIXED`` (``%f``, ``{:.2f}``, a tensor's repr) -- the same count of
  decimals and the same exponent form as shown; ``Numbers.SHORTEST`` (``str`` or ``%s`` of a
  float) -- the shown number must be one a float64 prints (round-trip shortest form, at most 17
  significant digits); ``Numbers.ANY`` -- not judged;
* **values**, when ``Printout.values`` says they are recomputable here (the document's own
  data, seeded): a printed figure, so within half a unit of the shown last digit (the
  printout rule of ``oracle.checks.figure``).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

__all__ = ["Numbers", "Printout", "compare_printout"]

_NUMBER = re.compile(r"(?<![A-Za-z_\d.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![A-Za-z_\d])")
#: Differences reported per printout (the first ones; the count says how many there are).
_SHOWN_DIFFERENCES = 8


class Numbers(str, enum.Enum):
    """How the listing formats its non-integer numbers (module docstring)."""

    FIXED = "fixed"
    SHORTEST = "shortest"
    ANY = "any"


@dataclass(frozen=True)
class Printout:
    """What the document shows a cell printing: ``text`` verbatim, how its numbers are formatted,
    whether their values can be recomputed here, and the line that marks printed lines left out."""

    text: str
    numbers: Numbers = Numbers.FIXED
    values: bool = False
    elision: str | None = "…"

    def lines(self) -> list[str]:
        return _lines(self.text)


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _is_integer(token: str) -> bool:
    return re.fullmatch(r"[-+]?\d+", token) is not None


def _shape(token: str) -> tuple[int, bool]:
    """(decimals, has exponent) of a number as written."""
    mantissa, _, exponent = token.lower().partition("e")
    return (len(mantissa.partition(".")[2]) if "." in mantissa else 0), bool(exponent)


def _shortest(token: str) -> bool:
    """Whether a float64 prints this way: ``repr(float(token))`` gives it back (up to a leading '+')."""
    try:
        return repr(float(token)) == token.lstrip("+") or str(float(token)) == token.lstrip("+")
    except ValueError:
        return False


def _split(line: str) -> tuple[list[str], list[str]]:
    """The text between numbers, and the numbers."""
    return _NUMBER.split(line), _NUMBER.findall(line)


def _compare_line(shown: str, printed: str, spec: Printout) -> str | None:
    """Why a printed line does not match its shown line, or None."""
    shown_text, shown_numbers = _split(shown)
    printed_text, printed_numbers = _split(printed)
    if shown_text != printed_text or len(shown_numbers) != len(printed_numbers):
        return "the layout differs"
    for s, p in zip(shown_numbers, printed_numbers):
        if _is_integer(s):
            if not (_is_integer(p) and int(s) == int(p)):
                return f"{s} is shown where the listing prints {p}"
            continue
        if spec.numbers is Numbers.FIXED and _shape(s) != _shape(p):
            return f"{s} is shown with {_shape(s)[0]} decimals where the listing prints {p}"
        if spec.numbers is Numbers.SHORTEST and not _shortest(s):
            return f"{s} is not a number the listing can print (a float64 prints at most 17 significant digits)"
        if spec.values:
            decimals = _shape(s)[0]
            exponent = int(s.lower().partition("e")[2] or 0)
            if abs(float(s) - float(p)) > 0.5 * 10.0 ** (exponent - decimals) * (1 + 1e-9):
                return f"{s} is shown where the listing prints {p}"
    return None


def compare_printout(spec: Printout, printed: str, *, stopped: bool = False) -> list[str]:
    """The differences between what the document shows (``spec``) and what the listing printed.

    ``stopped``: the run was stopped once it had printed the lines compared, so printed lines
    are a prefix of the whole printout and only the shown lines up to their count are compared.
    Empty when they match.
    """
    shown, out = spec.lines(), _lines(printed)
    cut = next((i for i, line in enumerate(shown) if spec.elision and line == spec.elision), None)
    head, tail = (shown, []) if cut is None else (shown[:cut], [x for x in shown[cut + 1:] if x != spec.elision])
    problems: list[str] = []
    if stopped:
        head, tail = head[:len(out)], []
    elif cut is None and len(out) != len(shown):
        problems.append(f"the listing prints {len(out)} line{'s' if len(out) != 1 else ''} where the document "
                        f"shows {len(shown)} (and no elision mark says lines are left out)")
    elif cut is not None and len(out) < len(head) + len(tail):
        problems.append(f"the listing prints {len(out)} line{'s' if len(out) != 1 else ''}, fewer than the "
                        f"{len(head) + len(tail)} the document shows")
    pairs = list(zip(range(1, len(head) + 1), head, out))
    if tail and len(out) >= len(tail):
        first = len(out) - len(tail)
        pairs += list(zip(range(first + 1, len(out) + 1), tail, out[first:]))
    for number, want, got in pairs:
        why = _compare_line(want, got, spec)
        if why:
            problems.append(f"printed line {number}: {why}: shown «{want}», printed «{got}»")
            if problems[0].startswith("the listing prints"):
                break  # lines out of step: the first one that differs says where the layouts part
    if len(problems) > _SHOWN_DIFFERENCES:
        problems = problems[:_SHOWN_DIFFERENCES] + [f"... and {len(problems) - _SHOWN_DIFFERENCES} more"]
    return problems
