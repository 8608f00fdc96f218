"""LaTeX to MathML for the HTML report, offline (``latex2mathml``), with a readable fallback.

Browsers render MathML Core natively, so formulas stay text (selectable, searchable,
read by screen readers) and the report needs no script or font from the network.
Whatever ``latex2mathml`` cannot convert is shown as its LaTeX source in ``<code>``.

MathML Core only honours ``mathvariant="normal"``; other variants (``\\mathbb``,
``\\boldsymbol``, ...) are rewritten here to the Unicode mathematical alphanumerics
they stand for, so that a printed ``\\mathbb{1}`` still reads as an indicator.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata

__all__ = ["latex_to_mathml", "math_or_code", "text_with_math", "strip_delimiters", "HAVE_CONVERTER"]

try:  # pragma: no cover - exercised through the fallback test
    from latex2mathml.converter import convert as _convert

    HAVE_CONVERTER = True
except ImportError:  # pragma: no cover
    _convert = None
    HAVE_CONVERTER = False

_ALIGN_ENV = re.compile(r"\\begin\{(aligned|align\*?|eqnarray\*?|split|gathered)\}(.*?)\\end\{\1\}", re.S)
_MATRIX_ENV = re.compile(r"\\begin\{(array|[pbvBV]?matrix|cases|smallmatrix)\}")
_NOISE = re.compile(r"\\(label|tag)\{[^}]*\}|\\(nonumber|notag)(?![a-zA-Z])")
_UNKNOWN = re.compile(r">\\[A-Za-z]+<")
_VARIANT = re.compile(r'<(mi|mn|mo|mtext)([^>]*?) mathvariant="([a-z-]+)"([^>]*)>([^<]*)</\1>')

_VARIANT_NAMES = {
    "bold": "BOLD",
    "italic": "ITALIC",
    "bold-italic": "BOLD ITALIC",
    "double-struck": "DOUBLE-STRUCK",
    "script": "SCRIPT",
    "bold-script": "BOLD SCRIPT",
    "fraktur": "FRAKTUR",
    "bold-fraktur": "BOLD FRAKTUR",
    "sans-serif": "SANS-SERIF",
    "bold-sans-serif": "SANS-SERIF BOLD",
    "monospace": "MONOSPACE",
}
#: Letters that live outside the mathematical alphanumeric block (the "holes").
_LEGACY = {"DOUBLE-STRUCK": "DOUBLE-STRUCK", "SCRIPT": "SCRIPT", "FRAKTUR": "BLACK-LETTER", "ITALIC": "PLANCK"}
_DIGITS = "ZERO ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT NINE".split()


@functools.lru_cache(maxsize=None)
def _styled_char(ch: str, variant: str) -> str:
    """The Unicode mathematical alphanumeric for ``ch`` in ``variant`` (``ch`` itself when there is none)."""
    v = _VARIANT_NAMES.get(variant)
    if v is None:
        return ch
    if ch.isdigit() and ch.isascii():
        names = [f"MATHEMATICAL {v} DIGIT {_DIGITS[int(ch)]}"]
    elif ch.isascii() and ch.isalpha():
        case = "CAPITAL" if ch.isupper() else "SMALL"
        names = [f"MATHEMATICAL {v} {case} {ch.upper()}"]
        if v in _LEGACY:
            names.append(f"{_LEGACY[v]} {case} {ch.upper()}")
        if v == "ITALIC" and ch == "h":
            names.append("PLANCK CONSTANT")
    else:
        try:
            name = unicodedata.name(ch)
        except ValueError:
            return ch
        m = re.match(r"GREEK (SMALL|CAPITAL) LETTER (\w+)$", name)
        if not m:
            return ch
        names = [f"MATHEMATICAL {v} {m.group(1)} {m.group(2)}"]
    for n in names:
        try:
            return unicodedata.lookup(n)
        except KeyError:
            continue
    return ch


def _apply_variant(match: re.Match) -> str:
    tag, before, variant, after, text = match.groups()
    chars = html.unescape(text)
    styled = "".join(_styled_char(c, variant) for c in chars)
    if styled == chars:  # nothing to map: keep the element as it was (minus an unsupported attribute)
        return match.group(0) if variant == "normal" else f"<{tag}{before}{after}>{text}</{tag}>"
    # A single styled letter must not be auto-italicised again by the browser.
    extra = ' mathvariant="normal"' if tag == "mi" and len(styled) == 1 else ""
    return f"<{tag}{before}{after}{extra}>{html.escape(styled, quote=False)}</{tag}>"


_MTEXT = re.compile(r'<mtext([^>]*)>([^<]*)</mtext>')
_TEXT_ESCAPES = {"\\_": "_", "\\%": "%", "\\#": "#", "\\&": "&amp;", "\\$": "$", "\\{": "{", "\\}": "}",
                 "\\ ": " ", "~": "&#xA0;"}
_NAMED_SPACES = {"negativethinmathspace": "-0.167em", "negativemediummathspace": "-0.222em",
                 "negativethickmathspace": "-0.278em", "thinmathspace": "0.167em", "mediummathspace": "0.222em",
                 "thickmathspace": "0.278em"}


def _clean_mtext(match: re.Match) -> str:
    """Text escapes (``\\_``, ``\\%``...) that latex2mathml leaves in ``\\text{}``; monospace via a class."""
    attrs, text = match.groups()
    for k, v in _TEXT_ESCAPES.items():
        text = text.replace(k, v)
    if ' mathvariant="monospace"' in attrs:
        attrs = attrs.replace(' mathvariant="monospace"', ' class="tt"')
    return f"<mtext{attrs}>{text}</mtext>"


def strip_delimiters(latex: str) -> str:
    """Drop ``$$``/``$``/``\\[ \\]``/``\\( \\)`` around a formula."""
    s = latex.strip()
    for lo, hi in (("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$")):
        if s.startswith(lo) and s.endswith(hi) and len(s) >= len(lo) + len(hi):
            return s[len(lo):len(s) - len(hi)].strip()
    return s


def _aligned_to_array(match: re.Match) -> str:
    body = match.group(2)
    rows = [r for r in re.split(r"\\\\", body) if r.strip()]
    cols = max((len(re.findall(r"(?<!\\)&", r)) for r in rows), default=0) + 1
    spec = "".join("r" if i % 2 == 0 else "l" for i in range(cols))
    return "\\begin{array}{" + spec + "}" + "\\\\".join(rows) + "\\end{array}"


#: Operator names latex2mathml does not know, as ``\\operatorname`` (``\\arg\\max`` as one name, as TeX sets it).
_OPERATOR_NAMES = re.compile(r"\\arg\s*\\(max|min)(?![a-zA-Z])|\\(arg|deg|dim|hom|ker|lg|sgn)(?![a-zA-Z])")
#: Function names TeX sets upright with a thin space before an argument that is not in brackets (``\\tanh u``).
_FUNCTIONS = ("sin|cos|tan|cot|sec|csc|sinh|cosh|tanh|coth|arcsin|arccos|arctan|log|ln|lg|exp|det|sup|inf|max|min|"
              "lim|arg|sign|sgn|softmax|argmax|argmin|relu|sigmoid")
_BARE_ARGUMENT = re.compile(rf"(?<!<msup>)(?<!<msub>)(?<!<msubsup>)(<mi>(?:{_FUNCTIONS})</mi>)(?=<(?:mi|mn|msub|msup|msubsup|mfrac|msqrt|mover|mtext)\b)")


#: ``\\operatorname{im2col}``: latex2mathml splits a name with digits into italic letters; text keeps it whole.
_NAME_WITH_DIGITS = re.compile(r"\\operatorname\{([A-Za-z]*\d[A-Za-z\d]*)\}")
#: A name of three letters or more with a prime (``cost'(a)``, as documents write a function's derivative) is
#: one function's name, not a product of italic letters.
_PRIMED_NAME = re.compile(r"(?<![\\A-Za-z{])([A-Za-z]{3,})(?=')")
#: A ``\\text{...}`` group (no braces inside): prose, where an apostrophe is not a prime ("the layer's input").
_TEXT_GROUP = re.compile(r"(\\text\{[^{}]*\})")


def _outside_text(pattern: re.Pattern, replacement: str, s: str) -> str:
    """``pattern.sub`` applied to the mathematics of ``s`` only, never inside its ``\\text{}`` groups."""
    return "".join(part if i % 2 else pattern.sub(replacement, part) for i, part in enumerate(_TEXT_GROUP.split(s)))


def _operator_name(match: re.Match) -> str:
    if match.group(1):
        return r"\operatorname{arg" + match.group(1) + "}"
    return r"\operatorname{" + match.group(2) + "}"


def _prepare(latex: str) -> str:
    s = strip_delimiters(latex)
    s = _NOISE.sub(" ", s)
    s = _OPERATOR_NAMES.sub(_operator_name, s)
    s = _NAME_WITH_DIGITS.sub(r"\\text{\1}", s)
    s = _outside_text(_PRIMED_NAME, r"\\operatorname{\1}", s)
    s = _ALIGN_ENV.sub(_aligned_to_array, s)
    if not _MATRIX_ENV.search(s):
        # A line quoted out of an align environment: "&= ..." and a trailing "\\".
        s = re.sub(r"(?<!\\)&", " ", s)
        s = re.sub(r"\\\\\s*$", "", s.rstrip())
    return s.strip()


@functools.lru_cache(maxsize=4096)
def latex_to_mathml(latex: str, display: str = "block") -> str | None:
    """MathML for ``latex`` (with the source kept as a TeX annotation), or ``None`` when it cannot be converted."""
    if _convert is None or not latex or not latex.strip():
        return None
    source = _prepare(latex)
    if not source:
        return None
    try:
        out = _convert(source, display=display)
    except Exception:  # latex2mathml raises a variety of errors on input it does not know
        return None
    if _UNKNOWN.search(out) or "<mi>&</mi>" in out or "<merror" in out:
        return None
    out = _MTEXT.sub(_clean_mtext, out)
    out = _BARE_ARGUMENT.sub(r'\1<mspace width="0.167em"></mspace>', out)
    out = _VARIANT.sub(_apply_variant, out)
    for name, width in _NAMED_SPACES.items():
        out = out.replace(f'width="{name}"', f'width="{width}"')
    # A hat drawn with the spacing circumflex sits better above a letter than '^'.
    out = out.replace('<mo>&#x0005E;</mo></mover>', '<mo>&#x002C6;</mo></mover>')
    m = re.match(r'<math xmlns="[^"]*" display="(\w+)">(.*)</math>$', out, re.S)
    if not m:
        return None
    inner = m.group(2)
    tex = html.escape(strip_delimiters(latex), quote=False)
    return (f'<math display="{m.group(1)}"><semantics>{inner}'
            f'<annotation encoding="application/x-tex">{tex}</annotation></semantics></math>')


def math_or_code(latex: str | None, display: str = "block") -> str:
    """MathML when the conversion works, else the LaTeX source in ``<code class="tex">``."""
    if not latex:
        return ""
    converted = latex_to_mathml(latex, display)
    if converted is not None:
        return converted
    return f'<code class="tex" title="LaTeX source (not converted)">{html.escape(latex)}</code>'


_INLINE = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)


def text_with_math(text: str) -> str:
    """Escape ``text`` for HTML, rendering ``$...$`` and ``$$...$$`` segments as MathML."""
    parts, last = [], 0
    for m in _INLINE.finditer(text or ""):
        parts.append(html.escape(text[last:m.start()]))
        block = m.group(1) is not None
        parts.append(math_or_code(m.group(1) if block else m.group(2), "block" if block else "inline"))
        last = m.end()
    parts.append(html.escape((text or "")[last:]))
    return "".join(parts)
