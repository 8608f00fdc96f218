"""Markdown sources, read with markdown-it-py: headings, paragraphs with their math, Python fences, directives.

markdown-it gives every block its line range; math is scanned in the block's *raw* lines
(``oracle.course.textmath``), because Markdown's own escapes (``\\(`` becomes ``(``) would
damage LaTeX.  A fence is a code cell when it says Python or starts with a notebook prompt.
Directives are HTML comments, ``<!-- oracle: assume y \\in (0,1) -->``.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from oracle.course.sources import Cell, Directive, Extracted
from oracle.course.textmath import directives_in, is_code, scan_block, strip_prompt

__all__ = ["read_markdown", "read_markdown_into"]

_BLOCKS = ("paragraph_open", "heading_open", "table_open")


def read_markdown(path: str, file: str, text: str) -> Extracted:
    """A Markdown file, in document order."""
    out = Extracted(path=path, file=file, format="markdown")
    read_markdown_into(out, text)
    return out


def read_markdown_into(out: Extracted, text: str, *, cell: int | None = None, first_line: int = 1,
                       block: int = 0, cells: int = 0) -> tuple[int, int]:
    """Append what ``text`` holds to ``out`` (its lines counted from ``first_line``); return the next block and cell numbers."""
    lines = text.splitlines()
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    section = ""
    covered: set[int] = set()
    for k, tok in enumerate(tokens):
        if tok.map is None:
            continue
        start, end = tok.map
        if tok.type == "heading_open" and k + 1 < len(tokens):
            section = tokens[k + 1].content.strip()
            if not out.title and tok.tag == "h1":
                out.title = section
        if tok.type in _BLOCKS and not covered.intersection(range(start, end)):
            para = [(first_line + i, lines[i]) for i in range(start, min(end, len(lines)))]
            scan_block(out, out.file, para, block, section, cell)
            covered.update(range(start, end))
            block += 1
        elif tok.type == "fence":
            if is_code(tok.info.strip().lower().split(" ")[0] if tok.info else "", tok.content):
                cells += 1
                out.items.append(Cell(file=out.file, line=first_line + start + 1, index=cells,
                                      source=strip_prompt(tok.content.lstrip("\n")), section=section, cell=cell))
        elif tok.type == "html_block":
            for i in range(start, min(end, len(lines))):
                found = directives_in(lines[i])
                if found:
                    out.items.append(Directive(file=out.file, line=first_line + i, verb=found[0], argument=found[1],
                                               text=lines[i].strip(), cell=cell))
    return block, cells
