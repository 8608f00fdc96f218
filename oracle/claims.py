"""The claim model: one frozen record per checkable statement of a document.

A claim pairs what a document *prints* (a ``Form``: LaTeX plus an implementation
transcribed as printed) with a ``Check`` that knows how to judge it (the torch
reference, the input domain, the comparison), and states the status its authors
expect.  The printed form is never corrected in place: the correction is a second
``Form`` beside it, judged by the same check, and it must hold.

Claims are plain data.  Nothing here runs a judge; see ``oracle.run.runner``.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Any

from oracle.errors import ClaimError

__all__ = [
    "Claim",
    "Condition",
    "Document",
    "Form",
    "Kind",
    "Severity",
    "Source",
    "Status",
    "claim",
]


class Kind(str, enum.Enum):
    """What sort of statement a claim is (docs/architecture.md, "Vocabulary")."""

    BACKWARD = "backward"
    DEFINITION = "definition"
    DERIVATION = "derivation"
    ALGORITHM = "algorithm"
    FIGURE = "figure"
    STABILITY = "stability"
    LISTING = "listing"


class Status(str, enum.Enum):
    """Expected status of a claim, and observed verdict: one vocabulary for both.

    ``INCONCLUSIVE`` (the judges disagreed with each other), ``CANNOT_JUDGE`` (the claim's
    own setup failed: its domain, its reference, the arity) and ``TOO_FEW_CASES`` (most cases
    lay outside what the reference can evaluate) are only ever observed; expecting one is
    a usage error.  ``NOT_JUDGED`` is expected, never observed by a judge: the statement survives
    only as an image's caption or a sentence, so nothing printed is visible to judge; the runner
    does not run such a claim and its reason is its ``explanation``.
    """

    HOLDS = "holds"
    ERRATUM = "erratum"
    CONDITIONAL = "holds under a precondition"
    UNSTABLE = "unstable"
    DOES_NOT_RUN = "does not run as printed"
    NOT_JUDGED = "not judged"
    INCONCLUSIVE = "inconclusive"
    CANNOT_JUDGE = "cannot be judged"
    TOO_FEW_CASES = "too few cases judged"


#: Statuses a judge observes but a claim cannot expect: they say the claim was not judged.
OBSERVED_ONLY = (Status.INCONCLUSIVE, Status.CANNOT_JUDGE, Status.TOO_FEW_CASES)

#: Statuses that state a finding about the document: each needs a severity, a correction and an explanation.
FINDINGS = (Status.ERRATUM, Status.DOES_NOT_RUN, Status.UNSTABLE, Status.CONDITIONAL)


class Severity(str, enum.Enum):
    """How much a finding matters to a reader of the document (every non-holding claim has one).

    ``ERROR``: a reader who follows the document gets a wrong result.  ``CAVEAT``: right only
    under a condition the document does not state, or unstable in a regime the document's own
    use reaches.  ``NOTE``: notation or wording that contradicts the mathematics without
    changing a result.  Ordered from the most to the least serious.
    """

    ERROR = "error"
    CAVEAT = "caveat"
    NOTE = "note"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


@dataclass(frozen=True)
class Document:
    """One teaching document: short id, file name, title, author, year (as the document gives them)."""

    id: str
    file: str
    title: str
    author: str = ""
    year: str = ""


@dataclass(frozen=True)
class Source:
    """Where a claim comes from: document file name, section heading and quote, as printed."""

    document: str
    section: str
    quote: str


@dataclass(frozen=True)
class Form:
    """One form of a claim: its LaTeX and its implementation.

    ``impl``'s signature depends on the claim's check (for example a numpy VJP
    ``impl(inputs, grad_out) -> {name: array}`` for a backward check).
    """

    latex: str
    impl: Any


@dataclass(frozen=True)
class Condition:
    """A region where the printed form is expected to fail.

    ``meaning`` says how a failure there is read: ``Status.CONDITIONAL`` for a
    precondition (stated by the document or not) and ``Status.UNSTABLE`` for extreme
    inputs on which an implementation exact in real arithmetic breaks down.
    ``domain`` has the same type as the check's domain.
    """

    text: str
    domain: Any
    meaning: Status = Status.CONDITIONAL


_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*$")
_CAUSE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass(frozen=True)
class Claim:
    """One checkable statement of a document, as printed, with its correction.

    Attributes:
        id: ``"<document-id>/<name>"``, lower case.
        kind: what sort of statement it is.
        family: a short topic name used to filter (``"activation"``, ``"loss"``, ...).
        source: document file name, section heading and the quote, as printed.
        check: the object that judges a form (``oracle.checks``); ``None`` for a claim that is
            not judged.
        printed: the form as printed in the document (never fixed); ``None`` for a claim that
            is not judged (nothing printed is visible).
        expect: the status the catalogue expects the judges to observe.
        correction: the corrected form, required for findings (``FINDINGS``).
        explanation: one English sentence saying what is wrong and why (for a claim that is
            not judged: why nothing can be judged).
        condition: where the printed form is expected to fail (for ``CONDITIONAL``
            and ``UNSTABLE`` claims).
        beyond_document: the statement is not made by the document but completes it.
        severity: how much the finding matters (findings only).
        cause: the root cause, a short id; the findings of one document that share it are one
            mistake (one card, counted once).  Defaults to the claim's own name.
    """

    id: str
    kind: Kind
    family: str
    source: Source
    check: Any
    printed: Form | None
    expect: Status
    correction: Form | None = None
    explanation: str = ""
    condition: Condition | None = None
    beyond_document: bool = False
    severity: Severity | None = None
    cause: str = ""

    @property
    def document(self) -> str:
        return self.source.document

    @property
    def judged(self) -> bool:
        """Whether the runner judges this claim (a claim expected 'not judged' is only listed)."""
        return self.expect is not Status.NOT_JUDGED


#: What the runner needs of a check (``oracle.checks.base.Check``); claims sit below checks, so the
#: protocol is read by name here.
_CHECK_METHODS = ("strategy", "describe", "judge", "call", "scalar_function")


def _is_check(check: Any) -> bool:
    return all(callable(getattr(check, m, None)) for m in _CHECK_METHODS) and hasattr(check, "domain")


def claim(
    id: str,
    *,
    kind: Kind,
    family: str,
    source: Source,
    check: Any = None,
    printed: Form | None = None,
    expect: Status = Status.HOLDS,
    correction: Form | None = None,
    explanation: str = "",
    condition: Condition | None = None,
    beyond_document: bool = False,
    severity: Severity | None = None,
    cause: str = "",
) -> Claim:
    """Build a ``Claim``, validating it once at the entry.

    Raises:
        ClaimError: with the claim id and every rule broken, each saying how to fix it.
    """
    if not isinstance(id, str) or not _ID.match(id):
        raise ClaimError(id, [f"the id {id!r} must look like 'document-id/name' (lower case, digits, '.', '_', '-')"])
    problems = []
    if not isinstance(kind, Kind):
        problems.append(f"kind must be a Kind, got {kind!r}")
    if not isinstance(expect, Status) or expect in OBSERVED_ONLY:
        problems.append(f"expect must be a Status other than {', '.join(s.name for s in OBSERVED_ONLY)}, "
                        f"got {expect!r}")
    if not isinstance(source, Source):
        problems.append("source must be a Source(document, section, quote)")
    not_judged = expect is Status.NOT_JUDGED
    if not_judged:
        problems += _not_judged_problems(check, printed, correction, condition, explanation)
    elif not isinstance(printed, Form):
        problems.append("printed must be a Form(latex, impl)")
    if correction is not None and not isinstance(correction, Form):
        problems.append("correction must be a Form(latex, impl) or None")
    if isinstance(expect, Status) and expect in (Status.ERRATUM, Status.DOES_NOT_RUN):
        if correction is None:
            problems.append(f"a claim expected to be '{expect.value}' needs a correction")
        if not explanation:
            problems.append(f"a claim expected to be '{expect.value}' needs an explanation")
    problems += _severity_problems(expect, severity, cause)
    if isinstance(expect, Status) and expect in (Status.CONDITIONAL, Status.UNSTABLE):
        if condition is None:
            problems.append(f"a claim expected to be '{expect.value}' needs a condition")
        elif condition.meaning is not expect:
            problems.append(
                f"its condition means '{condition.meaning.value}' but the claim expects '{expect.value}'"
            )
    if not not_judged and not _is_check(check):
        problems.append(f"check must be a check (VJPCheck, ValueCheck, FigureCheck, DerivationCheck, or a class "
                        f"following the oracle.checks.Check protocol), got {type(check).__name__}")
    if problems:
        raise ClaimError(id, problems)
    return Claim(
        id=id,
        kind=kind,
        family=family,
        source=source,
        check=check,
        printed=printed,
        expect=expect,
        correction=correction,
        explanation=explanation,
        condition=condition,
        beyond_document=beyond_document,
        severity=severity,
        cause=cause or (id.split("/", 1)[1] if isinstance(expect, Status) and expect in FINDINGS else ""),
    )


def _not_judged_problems(check: Any, printed: Any, correction: Any, condition: Any, explanation: str) -> list[str]:
    """A claim that is not judged states why (its explanation) and carries nothing to judge."""
    problems = []
    if not explanation:
        problems.append("a claim expected to be 'not judged' needs an explanation saying why nothing printed is "
                        "visible (for example: the formula is an image; only its caption survives)")
    given = [name for name, value in (("check", check), ("printed", printed), ("correction", correction),
                                      ("condition", condition)) if value is not None]
    if given:
        problems.append(f"a claim expected to be 'not judged' has nothing to judge: drop its {', '.join(given)}")
    return problems


def _severity_problems(expect: Any, severity: Any, cause: Any) -> list[str]:
    """Findings carry a severity (and may share a cause); holding and unjudged claims carry neither."""
    if not isinstance(expect, Status):
        return []
    if expect in FINDINGS:
        problems = []
        if not isinstance(severity, Severity):
            problems.append(f"a claim expected to be '{expect.value}' needs a severity (Severity.ERROR: a reader "
                            f"gets a wrong result; CAVEAT: right only under an unstated condition or unstable in "
                            f"a regime the document reaches; NOTE: notation or wording only), got {severity!r}")
        if not isinstance(cause, str) or (cause and not _CAUSE.match(cause)):
            problems.append(f"the cause {cause!r} must be a short id (lower case, digits, '.', '_', '-')")
        return problems
    given = [name for name, value in (("severity", severity), ("cause", cause)) if value]
    return [f"a claim expected to be '{expect.value}' states no finding: drop its {' and '.join(given)}"] if given else []
