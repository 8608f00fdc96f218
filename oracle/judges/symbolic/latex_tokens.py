"""The LaTeX reader's tokens: the error it raises, its vocabulary tables, and the tokenizer."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from oracle.errors import OracleError
from oracle.judges.symbolic.functions import sigmoid

__all__ = ["LatexParseError", "Tok", "tokenize", "GREEK", "FUNCS", "NAMED_FUNCS", "ACCENTS", "NAMES", "RELATIONS",
           "UNSUPPORTED"]


class LatexParseError(OracleError, ValueError):
    """A line of LaTeX that cannot be read; the message names the line, the column and why."""

    def __init__(self, reason: str, *, text: str, column: int | None = None, line: int | None = None):
        self.reason, self.text, self.column, self.line = reason, text, column, line
        where = f"line {line}" if line is not None else "LaTeX"
        col = f" at column {column + 1}" if column is not None else ""
        pointer = ""
        if column is not None:
            pointer = "\n    " + text + "\n    " + " " * column + "^"
        super().__init__(f"{where} `{text}` does not parse: {reason}{col}{pointer}")

    def at_line(self, line: int) -> "LatexParseError":
        return LatexParseError(self.reason, text=self.text, column=self.column, line=line)


# --- tokens --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tok:
    kind: str   # "num", "cmd", "chr", "end"
    value: str
    pos: int


GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota",
    "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi",
    "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega",
}
_UNICODE = {
    "σ": "sigma", "∂": "partial", "·": "cdot", "×": "times", "θ": "theta", "α": "alpha", "β": "beta",
    "γ": "gamma", "δ": "delta", "ε": "epsilon", "λ": "lambda", "μ": "mu", "φ": "phi", "ψ": "psi",
    "ω": "omega", "τ": "tau", "η": "eta", "ρ": "rho", "π": "pi", "ξ": "xi", "ζ": "zeta", "≥": "geq", "≤": "leq",
}
_UNICODE_CHR = {"−": "-", "–": "-", "′": "'", "’": "'"}
_SKIP_CMDS = {",", ";", ":", "!", " ", "quad", "qquad", "displaystyle", "textstyle", "left", "right",
              "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr"}
FUNCS = {
    "sigma": sigmoid, "tanh": sp.tanh, "sinh": sp.sinh, "cosh": sp.cosh, "exp": sp.exp, "log": sp.log,
    "ln": sp.log, "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "max": sp.Max, "min": sp.Min,
}
ACCENTS = {"hat", "bar", "tilde", "dot", "ddot", "vec", "check", "breve"}
NAMES = {"text", "mathrm", "operatorname", "mathit", "textrm", "mathsf"}
RELATIONS = {">": sp.StrictGreaterThan, "<": sp.StrictLessThan, "geq": sp.GreaterThan, "ge": sp.GreaterThan,
              "leq": sp.LessThan, "le": sp.LessThan}

#: Functions written as a name (``\\operatorname{sigmoid}(a)``, ``\\text{sigmoid}(a)``, ``sigmoid(a)``).
NAMED_FUNCS = {"sigmoid": sigmoid, "tanh": sp.tanh, "exp": sp.exp, "log": sp.log, "ln": sp.log}
#: Notation the reader does not read, with the reason it gives (the column points at it).
UNSUPPORTED = {
    "sum": "an indexed sum (\\sum) is not read", "prod": "an indexed product (\\prod) is not read",
    "int": "an integral is not read", "lim": "a limit is not read",
    "dots": "an ellipsis is not read", "cdots": "an ellipsis is not read", "ldots": "an ellipsis is not read",
    "vdots": "an ellipsis is not read", "ddots": "an ellipsis is not read",
    "mathbf": "bold (vector or matrix) notation is not read", "boldsymbol": "bold (vector or matrix) notation is not read",
    "circ": "function composition (\\circ) is not read", "nabla": "a gradient (\\nabla) is not read",
    "odot": "an elementwise product of vectors (\\odot) is not read",
    "otimes": "a tensor product (\\otimes) is not read", "begin": "a matrix or an environment is not read",
    "leftarrow": "an assignment (\\leftarrow) is an algorithm step, not an equality",
    "gets": "an assignment (\\gets) is an algorithm step, not an equality",
    "rightarrow": "an arrow is not an equality", "to": "an arrow is not an equality",
    "approx": "an approximation (\\approx) is not checked", "in": "a membership (\\in) is not an equality",
    "forall": "a quantifier is not read",
}


def tokenize(text: str) -> list[Tok]:
    toks: list[Tok] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace() or c == "&":
            i += 1
            continue
        if c == "\\":
            if i + 1 < n and text[i + 1].isalpha():
                m = re.match(r"[A-Za-z]+", text[i + 1:])
                name = m.group(0)
                if name in ("left", "right") and i + 1 + len(name) < n and text[i + 1 + len(name)] == ".":
                    toks.append(Tok("chr", "(." if name == "left" else ".)", i))
                    i += 2 + len(name)
                    continue
                if name not in _SKIP_CMDS:
                    toks.append(Tok("cmd", name, i))
                i += 1 + len(name)
                continue
            if i + 1 < n:
                nxt = text[i + 1]
                if nxt == "\\":
                    raise LatexParseError("'\\\\' starts a new line: give one line of the derivation at a time "
                                          "(derivation_lines splits an aligned block)", text=text, column=i)
                if nxt in "{}|":
                    toks.append(Tok("chr", {"{": "(", "}": ")"}.get(nxt, nxt), i))  # \{ \} are parentheses
                elif nxt not in _SKIP_CMDS:
                    raise LatexParseError(f"unknown command '\\{nxt}'", text=text, column=i)
                i += 2
                continue
            raise LatexParseError("a lone backslash", text=text, column=i)
        if c.isdigit() or (c == "." and i + 1 < n and text[i + 1].isdigit()):
            m = re.match(r"\d*\.?\d+|\d+", text[i:])
            toks.append(Tok("num", m.group(0), i))
            i += len(m.group(0))
            continue
        if c in _UNICODE:
            toks.append(Tok("cmd", _UNICODE[c], i))
        elif c in _UNICODE_CHR:
            toks.append(Tok("chr", _UNICODE_CHR[c], i))
        elif c.isalpha() and c.isascii():
            toks.append(Tok("chr", c, i))
        elif c in "+-*/^_()[]{}',=|<>":
            toks.append(Tok("chr", c, i))
        else:
            raise LatexParseError(f"unexpected character {c!r}", text=text, column=i)
        i += 1
    toks.append(Tok("end", "", n))
    return toks
