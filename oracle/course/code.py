"""A file's code: its cells run in a kernel, in order, and its functions judged in pairs.

Each cell is a statement "this code runs": it holds, or it does not run as printed, with the
error and the line it raised at (``CellCheck`` reports what the run observed; cells are not run
twice).  Then the functions and classes the cells defined are paired by convention
(``oracle.course.pairs``) and each pair is judged over drawn inputs by the judges of
``assert_vjp``: ``VJPCheck`` against torch's own op when the function is known by name (or named by
``# oracle: reference torch.fn``), which also checks the function's values (``ValueCheck``) and its
behaviour on extreme inputs (a failure there is "unstable"); otherwise ``ForwardVJPCheck``, the
numeric judge on the notebook's own forward.  Directives in a cell: ``# oracle: skip`` (the cell is
neither run nor judged), ``# oracle: reference torch.sigmoid`` (for the next ``def`` or ``class``),
``# oracle: shapes x=(4, 3) w=(3, 2)`` (input shapes for the next ``def`` or ``class``).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

import numpy as np
import torch
from hypothesis import strategies as st

from oracle.checks.base import CASE_TIME_LIMIT, ScalarFunction
from oracle.checks.forward import ForwardVJPCheck
from oracle.checks.messages import Subject
from oracle.checks.outcome import CaseStatus, Outcome
from oracle.checks.value import ValueCheck
from oracle.checks.vjp import VJPCheck
from oracle.claims import Condition, Form, Kind, Source, Status, claim
from oracle.course.coverage import FileCoverage, Options, Stated
from oracle.course.ids import ClaimIds
from oracle.course.kernel import OFFLINE, CallFailed, KernelSession, KernelUnavailable
from oracle.course.pairs import Pair, Unpaired, find_pairs
from oracle.course.sources import Cell, Extracted
from oracle.course.textmath import directives_in
from oracle.domains import probabilities, reals

__all__ = ["CellCheck", "read_code"]

_DEF = re.compile(r"^\s*(?:def|class)\s+([A-Za-z_]\w*)", re.M)
#: Inputs of a pair are drawn in this interval (a known function's own interval when it has one),
#: and from magnitudes up to ``_EXTREME`` for the stability region of a known function.
_LOW, _HIGH, _EXTREME = -8.0, 8.0, 1000.0
_SHAPE = (5,)


@dataclass(frozen=True)
class CellCheck:
    """A code cell's run, as observed when the file was read: it ran, or it raised (``error``), or what it
    raised says nothing about the code (``unjudged``: a file, a module or the network this machine lacks, the
    time limit, a name an earlier cell that did not run would have defined)."""

    error: str = ""
    unjudged: str = ""
    deterministic: bool = True
    time_limit: float = CASE_TIME_LIMIT
    domain: Callable[[], st.SearchStrategy[dict[str, Any]]] = field(default=lambda: st.just({}))

    def strategy(self, domain: Any) -> st.SearchStrategy[dict[str, Any]]:
        return st.just({"inputs": {}})

    def describe(self, case: Mapping[str, Any]) -> str:
        return "the cell, run once in order with the cells before it"

    def call(self, impl: Any, case: Mapping[str, Any]) -> tuple[Any, str | None]:
        return impl, self.error or None

    def scalar_function(self) -> ScalarFunction | None:
        return None

    def judge(self, impl: Any, case: Mapping[str, Any], *, seed: int = 0, subject: Subject = Subject()) -> Outcome:
        if self.unjudged:
            return Outcome(status=CaseStatus.SETUP, judges=("kernel",),
                           message=f"{subject.header('The cell')} cannot be judged here: {self.unjudged}")
        if self.error:
            return Outcome(status=CaseStatus.CRASH, judges=("kernel",),
                           message=f"{subject.header('The cell')} raised {self.error}")
        return Outcome(status=CaseStatus.PASS, judges=("kernel",), message="the cell runs")


def _cell_directives(cell: Cell) -> tuple[bool, dict[str, str], dict[str, dict[str, tuple[int, ...]]]]:
    """``(skip, references, shapes)`` from the cell's ``# oracle:`` comments (each applies to the next def/class)."""
    skip, references, shapes = False, {}, {}
    lines = cell.source.splitlines()
    for i, line in enumerate(lines):
        found = directives_in(line) if line.lstrip().startswith("#") else None
        if not found:
            continue
        verb, arg = found
        if verb == "skip":
            skip = True
            continue
        nxt = _DEF.search("\n".join(lines[i + 1:]))
        if nxt is None:
            continue
        if verb == "reference" and arg:
            references[nxt.group(1)] = arg.split()[0]
        elif verb == "shapes":
            parsed = {}
            for m in re.finditer(r"([A-Za-z_]\w*)\s*=\s*(\([^)]*\))", arg):
                try:
                    value = ast.literal_eval(m.group(2))
                    parsed[m.group(1)] = tuple(int(v) for v in (value if isinstance(value, tuple) else (value,)))
                except (ValueError, SyntaxError, TypeError):
                    continue
            shapes[nxt.group(1)] = parsed
    return skip, references, shapes


def read_code(ex: Extracted, cells: list[Cell], reading: Any, cov: FileCoverage, ids: ClaimIds,
              options: Options) -> None:
    """Run the cells of one file in a kernel, make a claim per cell and per pair of functions."""
    session = KernelSession(Path(ex.path).resolve().parent, options.cell_timeout)
    try:
        session.start()
    except KernelUnavailable as exc:
        for cell in cells:
            cov.found += 1
            cov.not_understood += 1
            reading.noted.append({"file": ex.file, "where": _where(cell), "text": _first_line(cell.source),
                                  "status": "not understood", "reason": str(exc)})
        return
    reading.stack.callback(session.close)
    references: dict[str, str] = {}
    shapes: dict[str, dict[str, tuple[int, ...]]] = {}
    missing: dict[str, str] = {}  # a name a cell that raised would have defined -> where that cell is
    for cell in cells:
        skip, refs, shp = _cell_directives(cell)
        cov.found += 1
        if skip:
            cov.skipped += 1
            reading.noted.append({"file": ex.file, "where": _where(cell), "text": _first_line(cell.source),
                                  "status": "skipped", "reason": "# oracle: skip"})
            continue
        references.update(refs)
        shapes.update(shp)
        run = session.run(cell.source)
        unjudged = _not_the_codes_fault(run, missing)
        if run.error:
            for name in _names_defined(cell.source):
                missing.setdefault(name, f"the cell at {_where(cell)}" if cell.cell is None else _where(cell))
        section = f"{cell.section} ({_where(cell)})" if cell.section else _where(cell)
        c = claim(ids(cell.line, "cell", cell.cell), kind=Kind.ALGORITHM, family="cell",
                  source=Source(ex.file, section, cell.source.strip()),
                  check=CellCheck(run.error, unjudged=unjudged),
                  printed=Form(cell.source.strip(), cell.source))
        reading.claims.append(c)
        reading.stated[c.id] = Stated(ex.file, _where(cell), cell.source.strip(), "cell")
        cov.judged += 1
    try:
        inventory = session.inventory()
    except CallFailed as exc:
        reading.noted.append({"file": ex.file, "where": "", "text": "", "status": "not understood",
                              "reason": f"the functions the cells defined could not be listed: {exc}"})
        return
    for pair in find_pairs(inventory, references):
        cov.found += 1
        text = f"{pair.forward} / {pair.backward}"
        if isinstance(pair, Unpaired):
            cov.not_understood += 1
            reading.noted.append({"file": ex.file, "where": "code", "text": text, "status": "not understood",
                                  "reason": pair.reason})
            continue
        made, why = _pair_claims(pair, session, shapes.get(pair.forward, {}), ex.file, ids)
        if why:
            cov.not_understood += 1
            reading.noted.append({"file": ex.file, "where": "code", "text": text, "status": "not understood",
                                  "reason": why})
            continue
        cov.judged += 1
        cov.pairs += 1
        for stated_text, c in made:
            reading.claims.append(c)
            reading.stated[c.id] = Stated(ex.file, text, stated_text, c.family)


#: Errors that tell what this machine lacks (a data file, a module, the network), not what the code gets wrong.
_ENVIRONMENT = ("FileNotFoundError", "ModuleNotFoundError", "ConnectionError", "ConnectionRefusedError", "URLError",
                "HTTPError", "gaierror")
_UNDEFINED = re.compile(r"^NameError: name '(\w+)' is not defined")
#: Top-level bindings of code that does not parse.
_BINDING = re.compile(r"^(?:def|class)\s+(\w+)|^(\w+)\s*=(?!=)", re.M)


def _not_the_codes_fault(run: Any, missing: Mapping[str, str]) -> str:
    """Why the cell's error says nothing about its code ('' when it does, or when it ran)."""
    if not run.error:
        return ""
    if run.timed_out:
        return f"{run.error} (a limit of this run, --cell-timeout; not a defect of the code)"
    name = run.error.split(":", 1)[0].strip()
    if name in _ENVIRONMENT or OFFLINE in run.error:
        return f"it needs what this machine does not have: {run.error}"
    undefined = _UNDEFINED.match(run.error)
    if undefined and undefined.group(1) in missing:
        return (f"it uses {undefined.group(1)}, which {missing[undefined.group(1)]} would have defined, but that cell "
                f"raised ({run.error})")
    return ""


def _names_defined(source: str) -> set[str]:
    """The names a cell binds (assignments, loops, imports, functions, classes), had it run to its end."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {a or b for a, b in _BINDING.findall(source)}
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def _where(cell: Cell) -> str:
    return f"cell {cell.cell}" if cell.cell is not None else f"line {cell.line}"


def _first_line(source: str) -> str:
    return next((ln.strip() for ln in source.splitlines() if ln.strip()), "")


# --- pairs --------------------------------------------------------------------------------

def _domain(pair: Pair, shapes: Mapping[str, tuple[int, ...]], extreme: bool = False) -> Callable[[], Any]:
    intervals: dict[int, Any] = {}
    if pair.known is not None:  # the known function's intervals, by role (prediction, target)
        intervals = {pair.order[r]: iv for r, iv in enumerate(pair.known.intervals) if r < len(pair.order)}
    fields = {}
    for i, name in enumerate(pair.inputs):
        shape = shapes.get(name, _SHAPE)
        iv = intervals.get(i)
        if iv is not None and iv == (0.0, 1.0):
            fields[name] = probabilities(shape=shape, margin=1e-3)
        elif extreme:
            fields[name] = reals(shape=shape, low=-_EXTREME, high=_EXTREME)
        else:
            edges = tuple(pair.known.breaks) if pair.known is not None else ()
            fields[name] = reals(shape=shape, low=_LOW, high=_HIGH, edges=edges)
    strategy = st.fixed_dictionaries(fields)
    return lambda: strategy


def _breaks(pair: Pair) -> dict[str, tuple[float, ...]]:
    """Points the numeric judge's steps must not cross: a known function's kinks, the ends of its intervals
    (a step outside (0, 1) makes the binary cross-entropy raise)."""
    if pair.known is None:
        return {}
    out = {name: tuple(pair.known.breaks) for name in pair.wrt if pair.known.breaks}
    for role, interval in enumerate(pair.known.intervals):
        if interval is not None and role < len(pair.order) and pair.order[role] < len(pair.inputs):
            name = pair.inputs[pair.order[role]]
            out[name] = tuple(sorted({*out.get(name, ()), *interval}))
    return out


def _torch_reference(pair: Pair) -> Callable[..., torch.Tensor] | None:
    if pair.reference:
        obj: Any = torch
        for part in pair.reference.split(".")[1:]:
            obj = getattr(obj, part, None)
        if obj is None or not callable(obj) or not pair.reference.startswith("torch."):
            return None
        fn = obj
    elif pair.known is not None:
        fn = pair.known.torch
        if pair.known.arity == 2:  # (prediction, target), whatever order the notebook writes them in
            names = tuple(pair.inputs[i] for i in pair.order)
            return lambda **kw: fn(*[kw[n] for n in names])
    else:
        return None
    names = pair.inputs

    def reference(**kw: torch.Tensor) -> torch.Tensor:
        return fn(*[kw[n] for n in names])

    return reference


def _gradients(pair: Pair, value: Any) -> dict[str, Any]:
    """What a backward returned, as ``{input: gradient}``: a mapping, a tuple in input order, or one array."""
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, tuple):
        return dict(zip(pair.wrt, value))
    return {pair.wrt[0]: value}


def _impl(pair: Pair, session: KernelSession) -> Callable[..., dict[str, Any]]:
    names = pair.inputs

    def impl(inputs: Mapping[str, Any], grad_out: np.ndarray) -> dict[str, Any]:
        args = [inputs[n] for n in names]
        if pair.kind == "elementwise":
            return {pair.wrt[0]: np.asarray(grad_out) * session.call(pair.backward, args)}
        if pair.kind == "vjp":
            return _gradients(pair, session.call(pair.backward, [grad_out, *args]))
        if pair.kind == "cache":
            return _gradients(pair, session.call(pair.forward, args, upstream=grad_out, backward=pair.backward))
        return _gradients(pair, session.call(pair.forward, args, layer=True, upstream=grad_out))

    impl.__name__ = pair.backward
    return impl


def _forward(pair: Pair, session: KernelSession) -> Callable[..., Any]:
    names = pair.inputs

    def forward(**kw: Any) -> Any:
        args = [np.asarray(kw[n], dtype=np.float64) for n in names]
        return session.call(pair.forward, args, layer=pair.kind == "layer", first=pair.kind == "cache")

    def many(inputs: Mapping[str, Any], name: str, xs: Any) -> Any:
        args = [np.asarray(inputs[n], dtype=np.float64) for n in names]
        return session.call_many(pair.forward, args, names.index(name), xs, layer=pair.kind == "layer",
                                 first=pair.kind == "cache")

    forward.many = many  # type: ignore[attr-defined]
    return forward


def _pair_claims(pair: Pair, session: KernelSession, shapes: Mapping[str, tuple[int, ...]], file: str,
                 ids: ClaimIds) -> tuple[list[tuple[str, Any]], str]:
    """The claims judging one pair, or ``([], why)`` when the forward does not run on the drawn inputs."""
    forward = _forward(pair, session)
    probe = {n: np.full(shapes.get(n, _SHAPE), 0.3) for n in pair.inputs}
    try:
        sample = np.asarray(forward(**probe), dtype=np.float64)
    except (CallFailed, TypeError, ValueError) as exc:
        return [], (f"{pair.forward} does not run on inputs of shape {_SHAPE} ({exc}); name the shapes with "
                    f"'# oracle: shapes x=(4, 3) ...' above its definition")
    elementwise = pair.kind == "elementwise" or (pair.known is not None and pair.known.elementwise and
                                                 sample.shape == probe[pair.inputs[0]].shape)
    reference = _torch_reference(pair)
    if pair.reference and reference is None:
        return [], f"the reference {pair.reference!r} named by the directive is not a torch function"
    label = f"{pair.forward} / {pair.backward}"
    source = Source(file, "code", label)
    made = []
    impl = _impl(pair, session)
    breaks = _breaks(pair)
    if reference is not None:
        extreme = (Condition("inputs of large magnitude (up to 1000)", _domain(pair, shapes, extreme=True),
                             Status.UNSTABLE)
                   if pair.known is not None and pair.known.arity == 1 else None)
        analytic = pair.known.analytic if pair.known is not None else False
        value = ValueCheck(reference=reference, domain=_domain(pair, shapes))
        made.append((f"{pair.forward} (values)", claim(ids(0, "definition", name=pair.forward), kind=Kind.DEFINITION, family="code",
                                   source=Source(file, "code", f"{pair.forward}"), check=value,
                                   printed=Form(pair.forward, forward), condition=extreme,
                                   expect=Status.HOLDS)))
        check: Any = VJPCheck(reference=reference, domain=_domain(pair, shapes), wrt=pair.wrt, elementwise=elementwise,
                              analytic=analytic, breaks=breaks)
    else:
        extreme = None
        check = ForwardVJPCheck(forward=forward, domain=_domain(pair, shapes), wrt=pair.wrt, elementwise=elementwise,
                                breaks=breaks)
    made.append((label, claim(ids(0, "backward", name=pair.forward), kind=Kind.BACKWARD, family="code",
                               source=source, check=check, printed=Form(label, impl), condition=extreme)))
    return made, ""
