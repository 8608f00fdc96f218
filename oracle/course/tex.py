"""LaTeX sources, read with pylatexenc: math (inline, display, math environments), sections, ``%`` directives.

pylatexenc's walker knows LaTeX's own rules (comments, escaped ``\\$``, verbatim listings,
nested groups) that a regular expression gets wrong; we walk its node tree in document
order, descending into non-math environments (``document``, ``itemize``, ``frame``...) and
keeping math nodes whole.  A blank line starts a new paragraph.
"""

from __future__ import annotations

from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexCommentNode,
    LatexEnvironmentNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexWalker,
)

from oracle.course.sources import Directive, Extracted, Fragment, Unreadable
from oracle.course.textmath import MATH_ENVIRONMENTS, directives_in

__all__ = ["read_tex"]

_SECTIONS = {"part", "chapter", "section", "subsection", "subsubsection", "paragraph", "frametitle"}
_VERBATIM = {"verbatim", "lstlisting", "minted", "comment", "Verbatim"}


def read_tex(path: str, file: str, text: str) -> Extracted:
    """A ``.tex`` file, in document order."""
    out = Extracted(path=path, file=file, format="latex")
    try:
        walker = LatexWalker(text, tolerant_parsing=True)
        nodes, _, _ = walker.get_latex_nodes()
    except Exception as exc:  # pylatexenc gave up: say so, read nothing rather than guess
        out.problems.append(Unreadable(file=file, line=1, text="", reason=f"the LaTeX does not parse: {exc}"))
        return out
    state = {"block": 0, "section": ""}

    def line_of(pos: int) -> int:
        return walker.pos_to_lineno_colno(pos)[0]

    def walk(nodelist) -> None:
        for node in nodelist or []:
            if isinstance(node, LatexCharsNode):
                if "\n\n" in node.chars or "\n \n" in node.chars:
                    state["block"] += 1
            elif isinstance(node, LatexCommentNode):
                found = directives_in("%" + node.comment)
                if found:
                    out.items.append(Directive(file=file, line=line_of(node.pos), verb=found[0], argument=found[1],
                                               text="%" + node.comment.rstrip()))
            elif isinstance(node, LatexMathNode):
                verbatim = node.latex_verbatim()
                body = verbatim[len(node.delimiters[0]):len(verbatim) - len(node.delimiters[1])]
                out.items.append(Fragment(file=file, line=line_of(node.pos), text=verbatim, body=body.strip(),
                                          display=node.displaytype == "display", block=state["block"],
                                          section=state["section"]))
            elif isinstance(node, LatexEnvironmentNode):
                if node.environmentname in MATH_ENVIRONMENTS:
                    verbatim = node.latex_verbatim()
                    out.items.append(Fragment(file=file, line=line_of(node.pos), text=verbatim, body=verbatim,
                                              display=True, block=state["block"], section=state["section"]))
                elif node.environmentname not in _VERBATIM:
                    walk(node.nodelist)
            elif isinstance(node, LatexMacroNode):
                if node.macroname in _SECTIONS and node.nodeargd and node.nodeargd.argnlist:
                    arg = node.nodeargd.argnlist[-1]
                    title = arg.latex_verbatim().strip("{} ") if arg is not None else ""
                    state["section"] = title
                    state["block"] += 1
                elif node.macroname == "title" and node.nodeargd and node.nodeargd.argnlist and not out.title:
                    arg = node.nodeargd.argnlist[-1]
                    out.title = arg.latex_verbatim().strip("{} ") if arg is not None else ""
            elif isinstance(node, LatexGroupNode):
                walk(node.nodelist)

    walk(nodes)
    return out
