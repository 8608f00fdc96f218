"""Math and directives in plain text: ``$…$``, ``$$…$$``, ``\\(…\\)``, ``\\[…\\]`` and math environments.

The scanner works on raw text with a starting line number, so that the Markdown and notebook
readers can hand it the raw lines of one block.  Inline ``$…$`` follows Pandoc's rule (the
opening ``$`` is followed by a non-space, the closing one preceded by a non-space and not
followed by a digit, on one line), so prices and shell prompts are not mistaken for math.
Fenced code (```` ``` ````) is left out of the math and returned as code blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from oracle.course.sources import Cell, Directive, Extracted, Fragment

__all__ = ["MathSpan", "math_spans", "directives_in", "read_text", "code_fence_language", "is_code", "strip_prompt",
           "code_before_printout", "MATH_ENVIRONMENTS"]

MATH_ENVIRONMENTS = ("equation", "equation*", "align", "align*", "aligned", "gather", "gather*", "multline",
                     "multline*", "eqnarray", "eqnarray*", "displaymath", "math", "flalign", "flalign*")
_ENV = "|".join(re.escape(e) for e in MATH_ENVIRONMENTS)
_DISPLAY = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\begin\{(" + _ENV + r")\}(.+?)\\end\{\3\}", re.S)
_INLINE = re.compile(r"\\\((.+?)\\\)|(?<![\\$])\$(?=[^\s$])([^$\n]*?[^\s\\$])\$(?!\d)", re.S)
_DIRECTIVE = re.compile(r"(?:<!--|%|#)\s*oracle:\s*(?P<verb>[a-z-]+)\s*(?P<arg>.*?)\s*(?:-->)?\s*$")
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^`\s]*)")
_PROMPT = re.compile(r"^In \[\s*\d*\s*\]:\s?")


@dataclass(frozen=True)
class MathSpan:
    """One piece of math in a text: offsets, text with delimiters, body, display or inline."""

    start: int
    end: int
    text: str
    body: str
    display: bool


def math_spans(text: str) -> list[MathSpan]:
    """Every piece of math in ``text``, in order; display math first claims its span."""
    spans: list[MathSpan] = []
    taken: list[tuple[int, int]] = []
    for m in _DISPLAY.finditer(text):
        if _escaped(text, m.start()):
            continue
        # An environment is kept whole: its rows and '&' mean something.
        body = m.group(0) if m.group(3) else (m.group(1) or m.group(2) or "")
        spans.append(MathSpan(m.start(), m.end(), m.group(0), body.strip(), True))
        taken.append((m.start(), m.end()))
    for m in _INLINE.finditer(text):
        if any(s <= m.start() < e for s, e in taken) or _escaped(text, m.start()):
            continue
        body = m.group(1) if m.group(1) is not None else m.group(2)
        spans.append(MathSpan(m.start(), m.end(), m.group(0), body.strip(), False))
    return sorted(spans, key=lambda s: s.start)


def _escaped(text: str, i: int) -> bool:
    j, n = i - 1, 0
    while j >= 0 and text[j] == "\\":
        n += 1
        j -= 1
    return n % 2 == 1 and text[i] == "$"


def directives_in(line: str) -> tuple[str, str] | None:
    """``(verb, argument)`` of an ``oracle:`` directive written on this line, else ``None``."""
    m = _DIRECTIVE.search(line)
    return (m.group("verb"), m.group("arg").strip()) if m else None


def code_fence_language(line: str) -> tuple[str, str] | None:
    """``(fence, language)`` when ``line`` opens or closes a fence, else ``None``."""
    m = _FENCE.match(line)
    return (m.group(2), m.group(3).lower()) if m else None


def strip_prompt(source: str) -> str:
    """A cell's code without a notebook export's ``In [5]:`` prompt, nor the printout the export puts after it."""
    if not _PROMPT.match(source):
        return source
    return code_before_printout(_PROMPT.sub("", source, count=1))


#: The first line of a statement: a keyword, a decorator, or a name that is called, indexed or assigned.
_STATEMENT = re.compile(r"^\s*(?:(?:def|class|for|while|if|elif|else|try|except|finally|with|import|from|return|raise|"
                        r"assert|del|pass|break|continue|global|nonlocal|lambda|async|await|yield)\b|@|"
                        r"[A-Za-z_][\w.]*\s*(?:\(|\[|=(?!=)|[-+*/%&|^]=))")


def code_before_printout(code: str) -> str:
    """The code of a notebook export's cell, without the printout that follows it after a blank line.

    An export such as ``In [39]: …`` keeps a cell's printed output in the same block.  The code
    ends at the last blank line where what comes before compiles and what comes after neither
    compiles nor starts like a statement: a syntax error in the code itself is kept (and
    reported), only text that cannot be code is taken for the printout.
    """
    lines = code.split("\n")
    for cut in range(len(lines) - 1, 0, -1):
        if lines[cut].strip() or not any(ln.strip() for ln in lines[cut:]):
            continue
        head, tail = "\n".join(lines[:cut]), "\n".join(lines[cut + 1:])
        first = next(ln for ln in lines[cut + 1:] if ln.strip())
        if _compiles(head) and not _compiles(tail) and not _STATEMENT.match(first):
            return head.rstrip() + "\n"
    return code


def _compiles(code: str) -> bool:
    try:
        compile(code, "<cell>", "exec")
    except (SyntaxError, ValueError):
        return False
    return True


def is_code(language: str, source: str) -> bool:
    """A fence is a code cell when it says Python, or when it starts with a notebook prompt ``In [n]:``."""
    return language in ("python", "py", "python3", "ipython", "ipython3") or bool(_PROMPT.match(source.lstrip("\n")))


def read_text(path: str, file: str, text: str) -> Extracted:
    """A plain-text file: paragraphs split by blank lines, math in them, fenced code as cells."""
    out = Extracted(path=path, file=file, format="text")
    lines = text.splitlines()
    block, i, cells = 0, 0, 0
    para: list[tuple[int, str]] = []

    def flush() -> None:
        nonlocal block
        if para:
            _scan_block(out, file, para, block)
            block += 1
            para.clear()

    while i < len(lines):
        line = lines[i]
        fence = code_fence_language(line)
        if fence:
            flush()
            j = i + 1
            while j < len(lines) and not (lines[j].strip().startswith(fence[0])):
                j += 1
            source = "\n".join(lines[i + 1:j])
            if is_code(fence[1], source):
                cells += 1
                out.items.append(Cell(file=file, line=i + 2, index=cells, source=strip_prompt(source.lstrip("\n"))))
            i = j + 1
            continue
        if not line.strip():
            flush()
        else:
            para.append((i + 1, line))
        i += 1
    flush()
    return out


def _scan_block(out: Extracted, file: str, para: list[tuple[int, str]], block: int,
                section: str = "", cell: int | None = None) -> None:
    """Directives and math of one paragraph (``para``: ``(line number, text)`` pairs)."""
    first = para[0][0]
    text = "\n".join(t for _, t in para)
    for number, line in para:
        found = directives_in(line)
        if found:
            out.items.append(Directive(file=file, line=number, verb=found[0], argument=found[1], text=line.strip(),
                                       cell=cell))
    for span in math_spans(text):
        inner = max(span.text.find(span.body[:20]), 0) if span.body else 0  # the line where the math itself starts
        out.items.append(Fragment(file=file, line=first + text.count("\n", 0, span.start + inner), text=span.text,
                                  body=span.body, display=span.display, block=block, section=section, cell=cell,
                                  starts_line=not text[text.rfind("\n", 0, span.start) + 1:span.start].strip()))


def scan_block(out: Extracted, file: str, para: list[tuple[int, str]], block: int, section: str = "",
               cell: int | None = None) -> None:
    """Public entry of ``_scan_block`` for the Markdown and notebook readers."""
    _scan_block(out, file, para, block, section, cell)
