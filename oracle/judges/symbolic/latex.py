"""A small LaTeX reader for derivation lines, so that authors can paste what they print.

Why our own parser: ``sympy.parsing.latex.parse_latex`` needs the ANTLR runtime at one
exact version (or ``lark``), reads ``\\sigma(a)`` as the product of a symbol σ and a,
has no notion of ``\\sigma'(2a)``, of ``\\frac{\\partial}{\\partial a}`` applied to the
next factor, or of the evaluation bar ``\\left[...\\right]_{a=h(x)}``, and reports
errors as grammar traces.  This recursive-descent reader covers the notation of the
documents and says, for a line it cannot read, which line, which column and why.

Supported (inline or display style, ``\\left``/``\\right`` and spacing commands ignored):

* numbers (``2``, ``0.5``: exact rationals), single-letter symbols with subscripts
  (``w_{11}``, ``a_1``), Greek letters (``\\theta_k``, or ``θ``), accents (``\\hat{y}``),
  ``\\text{name}`` / ``\\operatorname{name}`` names;
* ``+ - * /``, ``\\cdot``, ``\\times``, implicit products (``2h(x)``, ``4(2x + 3)``),
  powers ``x^2``, ``x^{-2}``, ``e^{-a}`` (``e`` is Euler's number unless declared a symbol);
* ``\\frac{..}{..}``, derivatives ``\\frac{\\partial}{\\partial a} X`` (the next factor),
  ``\\frac{\\partial X}{\\partial a}``, ``\\frac{d}{dx} X``, ``\\frac{dX}{dx}``;
* functions ``\\sigma`` (logistic), ``\\tanh``, ``\\sinh``, ``\\cosh``, ``\\exp``, ``\\log``,
  ``\\ln``, ``\\sin``, ``\\cos``, ``\\tan``, ``\\sqrt{..}``, ``\\max``, ``\\min``, plus any
  function the caller declares (``functions={"f": sp.Function("f"), "L_{\\text{quad}}": sp.Lambda(...)}``);
  derivatives at a point with primes: ``\\sigma'(2a)``, ``f'(x)``;
* evaluation bars ``\\left[ X \\right]_{a=h(x)}`` and ``\\left. X \\right|_{a=h(x)}``;
* indicators ``\\mathbb{1}_{a>0}``;
* named functions ``\\operatorname{sigmoid}(a)``, ``\\text{sigmoid}(a)``, ``sigmoid(a)``; layer indices
  ``f^{(3)}``, ``W^{(k-1)}`` (part of the name, not a power); ``A := B`` splits like ``A = B``.

Notation it does not read (``\\sum``, ``\\dots``, ``\\mathbf``, ``\\leftarrow``, ...) is named in the
error (``latex_tokens.UNSUPPORTED``).  With ``strict=True`` (``oracle check``), a word of several
letters that is no declared function (``cost(a)``, ``dZ``) is an error at its column instead of a
product of one-letter symbols.

A name followed by ``(`` is a function application only when it is a known or declared
function; otherwise ``a(b + c)`` is a product, as in ordinary notation.
"""

from __future__ import annotations

import re
from typing import Any, Mapping, Sequence

import sympy as sp

from oracle.judges.symbolic.functions import at, prime
from oracle.judges.symbolic.latex_tokens import (
    ACCENTS,
    FUNCS,
    GREEK,
    NAMED_FUNCS,
    NAMES,
    RELATIONS,
    UNSUPPORTED,
    LatexParseError,
    Tok,
    tokenize,
)

__all__ = ["LatexParseError", "parse_latex", "parse_lines", "derivation_lines", "name_key"]


def name_key(name: str) -> str:
    """A spelling-insensitive key for a name: ``L_{\\text{quad}}``, ``L_{quad}`` and ``L_quad`` agree."""
    key = re.sub(r"\\(text|mathrm|operatorname|mathit|textrm|mathsf)", "", str(name))
    key = re.sub(r"\\(hat|bar|tilde|vec|dot)\{?([A-Za-z])\}?", r"\2\1", key)
    return re.sub(r"[\s{}\\]", "", key)


def _compose(base: str, sup: str | None, sub: str | None) -> str:
    """A sympy symbol name that prints as written: ``w^L_11`` -> w^{L}_{11}."""
    def part(mark: str, text: str | None) -> str:
        if text is None:
            return ""
        return f"{mark}{text}" if re.fullmatch(r"[A-Za-z0-9]+", text) else f"{mark}{{{text}}}"
    return base + part("^", sup) + part("_", sub)


# --- parser --------------------------------------------------------------------------------

class _Parser:
    def __init__(self, text: str, symbols: Mapping[str, Any], functions: Mapping[str, Any], strict: bool = False,
                 operator_scope: str = "factor"):
        self.text = text
        self.strict = strict
        self.operator_scope = operator_scope
        self.toks = tokenize(text)
        self.i = 0
        self.symbols = {name_key(k): v for k, v in symbols.items()}
        self.functions = {name_key(k): v for k, v in functions.items()}

    # helpers
    def peek(self, k: int = 0) -> Tok:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def is_(self, kind: str, value: str | None = None, k: int = 0) -> bool:
        t = self.peek(k)
        return t.kind == kind and (value is None or t.value == value)

    def take(self) -> Tok:
        t = self.toks[self.i]
        self.i = min(self.i + 1, len(self.toks) - 1)
        return t

    def error(self, reason: str, tok: Tok | None = None) -> LatexParseError:
        tok = tok or self.peek()
        return LatexParseError(reason, text=self.text, column=tok.pos)

    def expect(self, value: str, what: str = "") -> Tok:
        t = self.peek()
        if t.kind == "chr" and t.value == value:
            return self.take()
        if t.kind == "cmd" and UNSUPPORTED.get(t.value):
            raise self.error(UNSUPPORTED[t.value])
        shown = "the end of the line" if t.kind == "end" else repr(("\\" if t.kind == "cmd" else "") + t.value)
        raise self.error(f"expected '{value}'{what} but found {shown}")

    # grammar
    def parse(self) -> sp.Expr:
        if self.is_("chr", "="):
            self.take()  # a line may start with its '=' (or '&=')
        if self.is_("end"):
            raise self.error("the line is empty")
        expr = self.sum()
        if not self.is_("end"):
            t = self.peek()
            if t.kind == "chr" and t.value == "=":
                raise self.error("a line holds one right-hand side; split 'A = B' into two lines")
            if t.kind == "cmd" and UNSUPPORTED.get(t.value):
                raise self.error(UNSUPPORTED[t.value])
            shown = ("\\" if t.kind == "cmd" else "") + t.value
            raise self.error(f"unexpected {shown!r}")
        return expr

    def sum(self) -> sp.Expr:
        sign = 1
        if self.is_("chr", "+") or self.is_("chr", "-"):
            sign = -1 if self.take().value == "-" else 1
        terms = [sign * self.product()]
        while self.is_("chr", "+") or self.is_("chr", "-"):
            op = self.take().value
            t = self.product()
            terms.append(t if op == "+" else -t)
        return sp.Add(*terms, evaluate=True) if len(terms) > 1 else terms[0]

    def _starts_factor(self) -> bool:
        t = self.peek()
        if t.kind == "num":
            return True
        if t.kind == "chr":
            return t.value.isalpha() or t.value in ("(", "[", "{", "(.")
        if t.kind == "cmd":
            return t.value in ("frac", "dfrac", "tfrac", "sqrt", "mathbb") or t.value in FUNCS \
                or t.value in GREEK or t.value in ACCENTS or t.value in NAMES
        return False

    def product(self) -> sp.Expr:
        f = self.unary()
        while True:
            if self.is_("cmd", "cdot") or self.is_("cmd", "times") or self.is_("chr", "*"):
                self.take()
                f = f * self.unary()
            elif self.is_("chr", "/"):
                self.take()
                f = f / self.unary()
            elif self._starts_factor():
                f = f * self.postfix()
            else:
                return f

    def unary(self) -> sp.Expr:
        if self.is_("chr", "-"):
            self.take()
            return -self.unary()
        if self.is_("chr", "+"):
            self.take()
            return self.unary()
        return self.postfix()

    def exponent(self) -> sp.Expr:
        t = self.peek()
        if t.kind == "chr" and t.value == "{":
            self.take()
            e = self.sum()
            self.expect("}", " to close the exponent")
            return e
        if t.kind == "num":
            if len(t.value) > 1:
                raise self.error(f"ambiguous exponent '^{t.value}': write '^{{{t.value}}}' (or '^{{{t.value[0]}}}')")
            self.take()
            return sp.Integer(t.value)
        if t.kind == "chr" and t.value == "-":
            self.take()
            return -self.exponent()
        return self.atom()

    def postfix(self) -> sp.Expr:
        base = self.atom()
        while self.is_("chr", "^"):
            if self._transpose():
                raise self.error("a transpose (^T) is matrix notation, which is not read")
            self.take()
            base = base ** self.exponent()
        return base

    def _transpose(self) -> bool:
        """``^T``, ``^{T}``, ``^\\top``, ``^\\intercal`` (at ``^``): read as a power of a symbol T it would mislead."""
        one, two, three = self.peek(1), self.peek(2), self.peek(3)
        if one.kind == "cmd" and one.value in ("top", "intercal"):
            return True
        if one.kind == "chr" and one.value == "T":
            return not (two.kind == "chr" and two.value == "_")
        return (one.kind == "chr" and one.value == "{" and ((two.kind == "chr" and two.value == "T") or
                (two.kind == "cmd" and two.value in ("top", "intercal"))) and three.kind == "chr" and three.value == "}")

    def group_text(self) -> str:
        """The raw text of a ``{...}`` group (for names and subscripts)."""
        start = self.expect("{")
        depth, j = 1, self.i
        while depth:
            t = self.toks[j]
            if t.kind == "end":
                raise self.error("unbalanced '{'", start)
            if t.kind == "chr" and t.value == "{":
                depth += 1
            elif t.kind == "chr" and t.value == "}":
                depth -= 1
            j += 1
        end_tok = self.toks[j - 1]
        raw = self.text[start.pos + 1:end_tok.pos]
        self.i = j
        return raw

    def name(self) -> str:
        """A symbol or function name: letter/Greek/accent/\\text, with an optional subscript."""
        t = self.take()
        if t.kind == "chr" and t.value.isalpha():
            base = t.value
        elif t.kind == "cmd" and t.value in GREEK:
            base = t.value  # sympy prints 'theta_k' as \theta_{k}
        elif t.kind == "cmd" and t.value in ACCENTS:
            inner = self.group_text().strip() if self.is_("chr", "{") else self.take().value
            inner = inner.lstrip("\\")
            base = f"{inner}{t.value}"
        elif t.kind == "cmd" and t.value in NAMES:
            base = self.group_text().strip()
        else:
            shown = "the end of the line" if t.kind == "end" else ("\\" if t.kind == "cmd" else "") + t.value
            raise self.error(f"expected a name, found {shown!r}", t)
        sup = None
        layer = self._layer_index() if base != "e" else None
        if layer is not None:
            # ``f^{(3)}``, ``W^{(k-1)}``: a parenthesised index numbers a layer; it is part of the name.
            sup = layer
        elif self.is_("chr", "^"):
            # ``a^{L-1}_1``: a superscript directly followed by a subscript is part of the name
            # (a power followed by a subscript means nothing); otherwise '^' is a power.
            save = self.i
            self.take()
            sup = self.script()
            if not self.is_("chr", "_"):
                self.i, sup = save, None
        sub = None
        if self.is_("chr", "_"):
            self.take()
            sub = self.script()
        return _compose(base, sup, sub)

    def _layer_index(self) -> str | None:
        """``^{(k)}`` after a name (taken), or ``None`` (nothing taken): a layer index, not a power."""
        if not (self.is_("chr", "^") and self.is_("chr", "{", 1) and self.is_("chr", "(", 2)):
            return None
        save = self.i
        self.take()
        raw = self.script()
        if re.fullmatch(r"\(\s*[A-Za-z0-9+\-\s]+\)", raw):
            return raw
        self.i = save
        return None

    def script(self) -> str:
        """The raw text of a super- or subscript: a ``{...}`` group or one token."""
        if self.is_("chr", "{"):
            return self.group_text().strip()
        s = self.take()
        if s.kind == "end":
            raise self.error("a sub- or superscript is missing", s)
        return ("\\" if s.kind == "cmd" else "") + s.value

    def symbol(self, name: str) -> sp.Expr:
        key = name_key(name)
        if key not in self.symbols:
            if key == "e":
                return sp.E
            if key in ("\\pi", "pi"):
                return sp.pi
            self.symbols[key] = sp.Symbol(name, real=True)
        return self.symbols[key]

    def primes(self) -> int:
        n = 0
        while self.is_("chr", "'"):
            self.take()
            n += 1
        return n

    def call_args(self) -> list[sp.Expr]:
        self.expect("(")
        args = [self.sum()]
        while self.is_("chr", ","):
            self.take()
            args.append(self.sum())
        self.expect(")", " to close the arguments")
        return args

    def apply(self, fn: Any, label: str, tok: Tok) -> sp.Expr:
        order = self.primes()
        power = None
        if self.is_("chr", "^") and order == 0:
            self.take()
            power = self.exponent()
        if self.is_("chr", "("):
            args = self.call_args()
        elif label in ("sigma", "tanh", "sinh", "cosh", "exp", "log", "ln", "sin", "cos", "tan") and self._starts_factor():
            # \log{\left(x\right)}^{2} (sympy's style) squares the logarithm; \log x^2 is log(x^2).
            args = [self.atom() if self.is_("chr", "{") else self.postfix()]
        else:
            raise self.error(f"the function {label!r} needs an argument in parentheses")
        try:
            if order:
                if len(args) != 1:
                    raise self.error(f"{label}' with {len(args)} arguments: primes need one argument", tok)
                out = prime(fn, args[0], order)
            else:
                out = fn(*args)
        except LatexParseError:
            raise
        except Exception as exc:
            raise self.error(f"{label} cannot take these arguments ({type(exc).__name__}: {exc})", tok) from None
        return out ** power if power is not None else out

    def bar(self, inner: sp.Expr) -> sp.Expr:
        """``[inner]_{a=x, b=y}``: an evaluation bar (a plain subscript after brackets is refused)."""
        if not self.is_("chr", "_"):
            return inner
        self.take()
        self.expect("{", " after the evaluation bar's '_'")
        values = {}
        while True:
            var = self.symbol_or_call()
            self.expect("=", " in the evaluation bar")
            values[var] = self.sum()
            if self.is_("chr", ","):
                self.take()
                continue
            break
        self.expect("}", " to close the evaluation bar")
        return at(inner, values)

    def declared_word(self) -> sp.Expr | None:
        """A declared (or named, ``sigmoid``) multi-letter function written in plain letters (``cost'(a)``), applied."""
        start = self.peek()
        m = re.match(r"[A-Za-z]+", self.text[start.pos:])
        word = m.group(0) if m else ""
        known = {**NAMED_FUNCS, **self.functions}
        for key in sorted((k for k in known if k.isalpha() and len(k) > 1), key=len, reverse=True):
            if word.startswith(key):
                after = self.toks[self.i + len(key)]
                if after.kind == "chr" and after.value in ("(", "'"):
                    self.i += len(key)
                    return self.apply(known[key], key, start)
        if self.strict and len(word) > 1 and all(t.kind == "chr" for t in self.toks[self.i:self.i + len(word)]):
            # ``cost(a)``, ``dZ``: a word is not read as a product of one-letter symbols in strict mode.
            raise self.error(f"unknown identifier '{word}': declare it as a function, write \\text{{{word}}}, "
                             f"or separate the letters of a product ('{' '.join(word)}')")
        return None

    def symbol_or_call(self) -> sp.Expr:
        tok = self.peek()
        nm = self.name()
        key = name_key(nm)
        applied = self.is_("chr", "(") or self.is_("chr", "'")
        if key in self.functions and applied:
            return self.apply(self.functions[key], nm, tok)
        if key in NAMED_FUNCS and applied:  # \operatorname{sigmoid}(a)
            return self.apply(NAMED_FUNCS[key], nm, tok)
        if self.strict and applied and tok.kind == "cmd" and tok.value in NAMES and len(re.sub(r"[_^].*", "", key)) > 1:
            # ``\text{relu}(a)`` names a function; ``\hat{y}(1 - \hat{y})`` and ``\alpha(1 - \alpha)`` are products
            raise self.error(f"unknown function '{nm}': it has no definition in scope", tok)
        return self.symbol(nm)

    def differential(self, mark: str) -> sp.Expr:
        """The variable after ∂ (or d) in a denominator: a symbol or a function application."""
        tok = self.peek()
        var = self.symbol_or_call()
        if not (var.is_Symbol or isinstance(var, sp.core.function.AppliedUndef)):
            raise self.error(f"cannot differentiate with respect to {var}", tok)
        order = 1
        if self.is_("chr", "^"):
            self.take()
            o = self.exponent()
            if not (o.is_Integer and o > 0):
                raise self.error("the order of a derivative must be a positive integer", tok)
            order = int(o)
        return var, order

    def _is_d_fraction(self) -> bool:
        """``\\frac{d...}{d x}``: numerator and denominator both start with the letter d."""
        if not (self.is_("chr", "{") and self.is_("chr", "d", 1)):
            return False
        depth, j = 0, self.i
        while True:
            t = self.toks[j]
            if t.kind == "end":
                return False
            if t.kind == "chr" and t.value == "{":
                depth += 1
            elif t.kind == "chr" and t.value == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        nxt, d, var = self.toks[j + 1], self.toks[j + 2], self.toks[j + 3]
        return (nxt.kind == "chr" and nxt.value == "{" and d.kind == "chr" and d.value == "d"
                and (var.kind == "cmd" or (var.kind == "chr" and var.value.isalpha())))

    def fraction(self, tok: Tok) -> sp.Expr:
        if self.is_("chr", "{") and (self.is_("cmd", "partial", 1) or self._is_d_fraction()):
            self.take()
            mark = self.take().value  # "partial" or "d"
            if self.is_("chr", "^"):
                self.take()
                self.exponent()  # ∂^2: the order is read from the denominator
            numerator = None if self.is_("chr", "}") else self.sum()
            self.expect("}", " to close the numerator")
            self.expect("{", " to open the denominator")
            variables = []
            while not self.is_("chr", "}"):
                t = self.take()
                if not ((t.kind == "cmd" and t.value == "partial") or (t.kind == "chr" and t.value == "d")):
                    raise self.error("a derivative's denominator is '\\partial x' (or 'd x')", t)
                variables.append(self.differential(mark))
            self.expect("}", " to close the denominator")
            if not variables:
                raise self.error("a derivative needs a variable in its denominator", tok)
            if numerator is None:
                if not self._starts_factor():
                    raise self.error("\\frac{\\partial}{\\partial x} must be followed by what it differentiates")
                # The operator applies to the next factor (``\\frac{\\partial}{\\partial w} (t_1 w) \\frac{\\partial f}{\\partial f}``),
                # or, with ``operator_scope="product"``, to the rest of the product (``\\frac{d}{dx} x e^{x}``).
                numerator = self.product() if self.operator_scope == "product" else self.postfix()
            return sp.Derivative(numerator, *variables)
        self.expect("{", " after \\frac")
        num = self.sum()
        self.expect("}", " to close the numerator")
        self.expect("{", " to open the denominator")
        den = self.sum()
        self.expect("}", " to close the denominator")
        return num / den

    def atom(self) -> sp.Expr:
        t = self.peek()
        if t.kind == "num":
            self.take()
            return sp.Rational(t.value) if "." in t.value else sp.Integer(t.value)
        if t.kind == "chr":
            v = t.value
            if v in ("(", "{"):
                self.take()
                inner = self.sum()
                self.expect(")" if v == "(" else "}", f" to close the '{v}' at column {t.pos + 1}")
                return inner
            if v == "[":
                self.take()
                inner = self.sum()
                self.expect("]", f" to close the '[' at column {t.pos + 1}")
                return self.bar(inner)
            if v == "(.":
                self.take()
                inner = self.sum()
                self.expect("|", " (\\left. ... \\right| is an evaluation bar)")
                return self.bar(inner)
            if v.isalpha():
                word = self.declared_word()
                if word is not None:
                    return word
                return self.symbol_or_call()
            if v == "end":
                raise self.error("the line ends too early")
            raise self.error(f"unexpected {v!r}")
        if t.kind == "cmd":
            v = t.value
            if v in ("frac", "dfrac", "tfrac"):
                self.take()
                return self.fraction(t)
            if v == "sqrt":
                self.take()
                if self.is_("chr", "["):
                    raise self.error("\\sqrt[n] is not supported; write x^{1/n}")
                self.expect("{", " after \\sqrt")
                inner = self.sum()
                self.expect("}", " to close \\sqrt")
                return sp.sqrt(inner)
            if v == "mathbb":
                self.take()
                if self.group_text().strip() != "1":
                    raise self.error("only \\mathbb{1}_{condition} (an indicator) is supported", t)
                self.expect("_", " after \\mathbb{1}")
                self.expect("{", " to open the indicator's condition")
                left = self.sum()
                r = self.take()
                rel = RELATIONS.get(r.value)
                if rel is None:
                    raise self.error("an indicator's condition is 'x > y', 'x < y', 'x \\geq y' or 'x \\leq y'", r)
                right = self.sum()
                self.expect("}", " to close the indicator's condition")
                return sp.Piecewise((1, rel(left, right)), (0, True))
            if v == "partial":
                raise self.error("'\\partial' is only read inside \\frac{\\partial ...}{\\partial x}")
            if v in FUNCS and not (v == "sigma" and not (self.is_("chr", "(", 1) or self.is_("chr", "'", 1)
                                                        or self.is_("chr", "^", 1))):
                key = name_key(v)
                if key in self.functions:  # a declared function overrides the built-in meaning
                    self.take()
                    return self.apply(self.functions[key], v, t)
                self.take()
                return self.apply(FUNCS[v], v, t)
            if v in GREEK or v in ACCENTS or v in NAMES:
                return self.symbol_or_call()
            if v in ("cdot", "times"):
                raise self.error(f"'\\{v}' needs a factor on both sides")
            raise self.error(UNSUPPORTED.get(v) or f"unknown command '\\{v}'")
        raise self.error("the line ends too early")


def parse_latex(text: str, *, symbols: Mapping[str, Any] | None = None,
                functions: Mapping[str, Any] | None = None, line: int | None = None, strict: bool = False,
                operator_scope: str = "factor") -> sp.Expr:
    """Read one expression (one line of a derivation) into sympy.

    ``symbols`` maps names (``"a"``, ``"\\hat{y}"``, ``"w_{11}"``) to the sympy symbols to use,
    so that parsed lines share the symbols (and their assumptions) of the definition;
    other names become real symbols.  ``functions`` maps names to sympy functions or
    ``Lambda``\\ s.  Raises ``LatexParseError`` naming ``line`` when given.  With ``strict``, a word of
    several letters that names no declared function (``cost(a)``, ``dZ``) is an error pointing at its
    column rather than a product of one-letter symbols.  ``operator_scope`` says what a bare
    ``\\frac{d}{dx}`` applies to: the next factor (``"factor"``, the default) or the rest of the
    product (``"product"``); a reader of documents tries both (``oracle.course.scope``).
    """
    if not isinstance(text, str):
        raise TypeError(f"expected a LaTeX string, got {type(text).__name__}")
    try:
        return _Parser(text.strip().strip("$").strip(), symbols or {}, functions or {}, strict, operator_scope).parse()
    except LatexParseError as exc:
        raise (exc.at_line(line) if line is not None else exc) from None
    except RecursionError:
        err = LatexParseError("the expression nests too deeply", text=text)
        raise (err.at_line(line) if line is not None else err) from None


def parse_lines(lines: Sequence[Any], *, symbols: Mapping[str, Any] | None = None,
                functions: Mapping[str, Any] | None = None) -> list[sp.Expr]:
    """Each line parsed (LaTeX strings), sympified (sympy expressions) or taken from a ``(latex, expr)`` pair.

    Errors name the line, counted from 0.
    """
    shared = dict(symbols or {})
    out = []
    for i, item in enumerate(lines):
        if isinstance(item, str):
            out.append(parse_latex(item, symbols=shared, functions=functions, line=i))
        elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
            # (printed LaTeX, meaning): for notation the reader does not cover (\sum_k, ...)
            try:
                out.append(sp.sympify(item[1]))
            except (sp.SympifyError, TypeError) as exc:
                raise LatexParseError(f"not a sympy expression ({exc})", text=item[0], line=i) from None
        else:
            try:
                out.append(sp.sympify(item))
            except (sp.SympifyError, TypeError) as exc:
                raise LatexParseError(f"not a sympy expression ({exc})", text=repr(item), line=i) from None
    return out


def derivation_lines(block: str) -> tuple[str, list[str]]:
    """Split an aligned block ``A &= B \\\\ &= C`` into its left side and its successive right sides.

    ``$$``, ``\\begin{aligned}``/``\\end{aligned}`` (or ``align``, ``align*``, ``eqnarray``) are dropped.
    """
    text = block.strip().strip("$")
    text = re.sub(r"\\(begin|end)\{(aligned|align\*?|eqnarray\*?|split|gathered)\}", "", text)
    rows = [r.strip() for r in re.split(r"\\\\", text) if r.strip()]
    if not rows:
        raise LatexParseError("the block holds no line", text=block)
    lhs, rhs = "", []
    for k, row in enumerate(rows):
        parts = _split_top_equals(row)
        if k == 0 and len(parts) > 1 and parts[0].strip():
            lhs = parts[0].replace("&", "").strip()
            parts = parts[1:]
        elif parts[0].replace("&", "").strip():
            if k == 0:
                parts = parts  # no left side: the first row is the first line
            else:
                raise LatexParseError("each row after the first must start with '&=' (or '=')",
                                      text=row, line=len(rhs))
        else:
            parts = parts[1:]
        rhs.extend(p.replace("&", "").strip() for p in parts)
    return lhs, rhs


def _split_top_equals(row: str) -> list[str]:
    """Split at '=' (or ':=') outside braces, brackets and parentheses (``[..]_{a=h(x)}`` keeps its '=')."""
    parts, depth, start = [], 0, 0
    for j, c in enumerate(row):
        if c in "{[(":
            depth += 1
        elif c in "}])":
            depth -= 1
        elif c == "=" and depth == 0:
            part = row[start:j]
            parts.append(part[:-1] if part.endswith(":") else part)  # ``A := B`` defines A
            start = j + 1
    parts.append(row[start:])
    return parts
