"""Curves of a scalar formula, printed against true, and their SVG drawings.

``curve(claim)`` evaluates, on a fixed grid, the printed implementation, the
corrected one (if any) and the truth (the torch reference, or its derivative by
``torch.autograd``) of claims whose check is

* a ``VJPCheck`` with ``elementwise=True`` and a single ``wrt`` input (activation
  and loss derivatives); the other inputs of a loss are held at a fixed value;
* a ``ValueCheck`` whose reference takes a single input (activation definitions).

The result is plain JSON data, rounded to 10 significant digits, stored in
``verdicts.json`` (key ``"curve"``); the HTML report draws it with ``curve_svg``.
Nothing here judges: the curve only illustrates what the judges decided.

The grid is chosen from the truth alone: ``[-8, 8]`` when the reference is
defined on every real, ``(0, 1)`` when it is defined on probabilities only, the
half line when it is defined on positive numbers.  When the printed form agrees
with the truth everywhere on that grid but not on a wider probe (an overflow at
``|x| > 709``, say), the grid is widened to show where it breaks.
"""

from __future__ import annotations

import inspect
import io
import math
import re
import warnings
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import torch

__all__ = ["curve", "curve_svg", "figures_svg", "POINTS"]

#: Points on a curve's grid.
POINTS = 201
_DIGITS = 10
_REAL = (-8.0, 8.0)
_PROBABILITY = (0.005, 0.995)
_POSITIVE = (0.01, 8.0)
#: Values tried for the inputs held fixed (a loss's target): the one showing most disagreement wins.
_FIXED_CANDIDATES = (1.0, 0.0, 0.5)
_PROBE = np.geomspace(8.0, 1e4, 241)


def _round(v: float) -> float | None:
    if v is None or not math.isfinite(v):
        return None
    r = float(f"{v:.{_DIGITS}g}")
    return 0.0 if r == 0 else r  # no "-0.0" in the JSON


def _rounded(a: np.ndarray | None) -> list[float | None] | None:
    if a is None:
        return None
    return [_round(float(v)) for v in np.asarray(a, dtype=np.float64).reshape(-1)]


def _params(fn: Callable[..., Any]) -> list[str] | None:
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    names = []
    for p in sig.parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            return None
        if p.default is p.empty:
            names.append(p.name)
    return names


def _quiet(fn: Callable[[], Any]) -> Any:
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return fn()
        except Exception:
            return None


def _as_vector(value: Any, n: int) -> np.ndarray | None:
    if value is None:
        return None
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    if arr.size == 1 and n != 1:
        arr = np.full(n, float(arr.reshape(-1)[0]))
    if arr.size != n:
        return None
    return arr.reshape(-1)


class _Scalar:
    """One scalar function of the varied input: the truth and a form's implementation, on any grid."""

    def __init__(self, check: Any, name: str, others: Sequence[str], kind: str):
        self.check, self.name, self.others, self.kind = check, name, tuple(others), kind

    def _inputs(self, x: np.ndarray, fixed: Mapping[str, float]) -> dict[str, np.ndarray]:
        inputs = {self.name: np.array(x, dtype=np.float64)}
        for k in self.others:
            inputs[k] = np.full_like(x, fixed[k], dtype=np.float64)
        return inputs

    def truth(self, x: np.ndarray, fixed: Mapping[str, float]) -> np.ndarray | None:
        inputs = {k: torch.from_numpy(v) for k, v in self._inputs(x, fixed).items()}
        if self.kind == "value":
            return _quiet(lambda: _as_vector(self.check.reference(**inputs), x.size))

        def grad() -> np.ndarray | None:
            leaf = inputs[self.name].clone().requires_grad_(True)
            with torch.enable_grad():
                out = self.check.reference(**{**inputs, self.name: leaf})
                if not isinstance(out, torch.Tensor) or out.shape != leaf.shape:
                    return None
                (g,) = torch.autograd.grad(out, [leaf], torch.ones_like(out), allow_unused=True)
            return np.zeros(x.size) if g is None else _as_vector(g, x.size)

        return _quiet(grad)

    def form(self, impl: Callable[..., Any], x: np.ndarray, fixed: Mapping[str, float]) -> np.ndarray | None:
        inputs = self._inputs(x, fixed)
        if self.kind == "value":
            return _quiet(lambda: _as_vector(impl(**inputs), x.size))

        def vjp() -> np.ndarray | None:
            got = impl(inputs, np.ones_like(x))
            return _as_vector(got.get(self.name), x.size) if isinstance(got, Mapping) else None

        return _quiet(vjp)


def _scalar(claim: Any) -> _Scalar | None:
    check = claim.check
    kind = type(check).__name__
    reference = getattr(check, "reference", None)
    if reference is None:
        return None
    names = _params(reference)
    if not names:
        return None
    if kind == "VJPCheck":
        wrt = tuple(getattr(check, "wrt", ()))
        if not getattr(check, "elementwise", False) or len(wrt) != 1 or wrt[0] not in names:
            return None
        return _Scalar(check, wrt[0], [n for n in names if n != wrt[0]], "vjp")
    if kind == "ValueCheck":
        if len(names) != 1:
            return None
        return _Scalar(check, names[0], [], "value")
    return None


def _mismatch(printed: np.ndarray | None, true: np.ndarray | None) -> np.ndarray:
    if true is None:
        return np.zeros(0, dtype=bool)
    if printed is None:
        return np.isfinite(true)
    with np.errstate(all="ignore"):
        finite = np.isfinite(true)
        bad = ~np.isfinite(printed) | (np.abs(printed - true) > 1e-8 * np.maximum(1.0, np.abs(true)))
    return finite & bad


def _interval(s: _Scalar, fixed: Mapping[str, float]) -> tuple[float, float]:
    """Where the truth is defined: every real, the probabilities, or the positive half line."""
    probe = np.linspace(-8.0, 8.0, 161)
    t = s.truth(probe, fixed)
    if t is None:
        return _REAL
    ok = np.isfinite(t)
    if ok.all():
        return _REAL
    if ok.any():
        lo, hi = float(probe[ok].min()), float(probe[ok].max())
        if lo >= 0.0 and hi <= 1.0:
            return _PROBABILITY
        if lo >= 0.0:
            return _POSITIVE
    inner = np.linspace(_PROBABILITY[0], _PROBABILITY[1], 41)
    ti = s.truth(inner, fixed)
    if ti is not None and np.isfinite(ti).all():
        return _PROBABILITY
    return _REAL


def _elementwise(s: _Scalar, x: np.ndarray, true: np.ndarray, fixed: Mapping[str, float]) -> bool:
    """Entry i of the output depends on entry i of the input only: the grid evaluated in two halves agrees."""
    half = x.size // 2
    a, b = s.truth(x[:half], fixed), s.truth(x[half:], fixed)
    if a is None or b is None:
        return False
    return bool(np.allclose(np.concatenate([a, b]), true, rtol=1e-12, atol=0.0, equal_nan=True))


def _nice_ceiling(v: float) -> float:
    exp = math.floor(math.log10(v))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * 10 ** exp >= v:
            return m * 10 ** exp
    return 10.0 ** (exp + 1)  # pragma: no cover


def _widened(s: _Scalar, impl: Callable[..., Any], fixed: Mapping[str, float]) -> tuple[float, float] | None:
    """A wider symmetric interval when the printed form only breaks far out (overflow), else None."""
    xs = np.concatenate([-_PROBE[::-1], _PROBE])
    bad = _mismatch(s.form(impl, xs, fixed), s.truth(xs, fixed))
    if bad.size == 0 or not bad.any():
        return None
    reach = _nice_ceiling(1.25 * float(np.abs(xs[bad]).min()))
    return (-reach, reach)


def curve(claim: Any) -> dict[str, Any] | None:
    """Printed, corrected and true values of a scalar formula on a fixed grid, or None when it has no curve."""
    s = _scalar(claim)
    if s is None:
        return None
    printed_impl = claim.printed.impl
    corrected_impl = claim.correction.impl if getattr(claim, "correction", None) is not None else None

    candidates = [{k: v for k in s.others} for v in _FIXED_CANDIDATES] if s.others else [{}]
    best = None
    for fixed in candidates:
        lo, hi = _interval(s, fixed)
        x = np.linspace(lo, hi, POINTS)
        true = s.truth(x, fixed)
        if true is None or not np.isfinite(true).any():
            continue
        printed = s.form(printed_impl, x, fixed)
        score = int(_mismatch(printed, true).sum())
        if best is None or score > best[0]:
            best = (score, fixed, (lo, hi), x, true, printed)
    if best is None:
        return None
    score, fixed, (lo, hi), x, true, printed = best
    if s.kind == "value" and not _elementwise(s, x, true, fixed):
        return None  # a vector function (softmax, a norm): no curve of one scalar against another
    if score == 0 and (lo, hi) == _REAL:
        wide = _widened(s, printed_impl, fixed)
        if wide is not None:
            lo, hi = wide
            x = np.linspace(lo, hi, POINTS)
            true, printed = s.truth(x, fixed), s.form(printed_impl, x, fixed)
    corrected = s.form(corrected_impl, x, fixed) if corrected_impl is not None else None
    return {
        "variable": s.name,
        "quantity": "derivative" if s.kind == "vjp" else "value",
        "fixed": {k: _round(v) for k, v in sorted(fixed.items())},
        "x": _rounded(x),
        "printed": _rounded(printed) if printed is not None else [None] * POINTS,
        "true": _rounded(true),
        "corrected": _rounded(corrected),
    }


# --- drawing -------------------------------------------------------------------------------

_COLORS = {"true": "#1f2937", "printed": "#c2410c", "corrected": "#15803d", "grid": "#e5e7eb",
           "undefined": "#fde68a", "axis": "#6b7280"}
#: Layout uses matplotlib's bundled font (same metrics on every machine); the page's CSS shows the text in
#: the reader's system font.
_FONT = ["DejaVu Sans"]


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def _style(salt: str) -> dict[str, Any]:
    return {
        "svg.hashsalt": salt,
        "svg.fonttype": "none",
        "font.family": "sans-serif",
        "font.sans-serif": _FONT,
        "font.size": 11.5,
        "axes.edgecolor": _COLORS["axis"],
        "axes.labelcolor": "#374151",
        "xtick.color": "#4b5563",
        "ytick.color": "#4b5563",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "path.simplify": False,
    }


def _svg_text(fig: Any, title: str, desc: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
                bbox_inches="tight", pad_inches=0.06, transparent=True)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\s(width|height)="[^"]*pt"', "", svg, count=2)
    svg = svg.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    svg = svg.replace(' xmlns="http://www.w3.org/2000/svg"', "")
    svg = svg.replace("xlink:href=", "href=")
    # Several plots share one page: keep only the ids something refers to (hash-salted, so unique per plot).
    used = set(re.findall(r'url\(#([^)]+)\)', svg)) | set(re.findall(r'href="#([^"]+)"', svg))
    svg = re.sub(r'\sid="([^"]*)"', lambda m: m.group(0) if m.group(1) in used else "", svg)
    from html import escape

    head = f'<svg role="img" aria-label="{escape(title)}" '
    svg = head + svg[len("<svg "):]
    close = svg.index(">") + 1
    svg = svg[:close] + f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>" + svg[close:]
    return svg.strip() + "\n"


def _arr(values: Sequence[float | None] | None) -> np.ndarray | None:
    if values is None:
        return None
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


def _limits(*series: np.ndarray | None) -> tuple[float, float]:
    vals = np.concatenate([s[np.isfinite(s)] for s in series if s is not None and np.isfinite(s).any()] or [np.zeros(1)])
    lo, hi = (float(v) for v in np.percentile(vals, [3.0, 97.0]))
    if hi - lo < 1e-9:
        lo, hi = lo - 1.0, hi + 1.0
    pad = 0.08 * (hi - lo)
    return float(lo - pad), float(hi + pad)


def _math_name(name: str) -> str:
    return {"yhat": r"\hat{y}", "y_hat": r"\hat{y}", "p": "p", "z": "z", "a": "a", "x": "x"}.get(name, name)


def curve_svg(data: Mapping[str, Any], *, salt: str, title: str = "", label: str = "") -> str | None:
    """An inline SVG of a curve from ``curve()``'s data (deterministic for a given salt)."""
    try:
        x = _arr(data["x"])
        true = _arr(data["true"])
    except (KeyError, TypeError):
        return None
    if x is None or true is None or x.size == 0 or x.size != true.size:
        return None
    printed = _arr(data.get("printed"))
    corrected = _arr(data.get("corrected"))
    plt = _pyplot()
    var = str(data.get("variable", "x"))
    fixed = data.get("fixed") or {}
    with plt.rc_context(_style(salt)):
        fig, ax = plt.subplots(figsize=(6.4, 3.5), dpi=72)
        try:
            lo, hi = _limits(true, printed)
            ax.set_ylim(lo, hi)
            ax.set_xlim(float(x[0]), float(x[-1]))
            ax.grid(True, color=_COLORS["grid"], linewidth=0.8)
            ax.axhline(0.0, color="#9ca3af", linewidth=0.8, zorder=1)
            if printed is not None:
                undefined = np.isfinite(true) & ~np.isfinite(printed)
                if undefined.any():
                    ax.fill_between(x, lo, hi, where=undefined, color=_COLORS["undefined"], alpha=0.7, linewidth=0,
                                    step="mid", zorder=0, label="printed form gives NaN or ∞")
            ax.plot(x, true, color=_COLORS["true"], linewidth=4.2, alpha=0.28, solid_capstyle="round", zorder=2,
                    label="true (torch autograd)" if data.get("quantity") == "derivative" else "true (torch)")
            if corrected is not None:
                ax.plot(x, corrected, color=_COLORS["corrected"], linewidth=1.6, linestyle=(0, (1.2, 1.6)), zorder=3,
                        label="corrected")
            if printed is not None and np.isfinite(printed).any():
                ax.plot(x, printed, color=_COLORS["printed"], linewidth=2.0, linestyle=(0, (5, 2.5)), zorder=4,
                        label="as printed")
            xlabel = f"${_math_name(var)}$"
            if fixed:
                xlabel += "   (" + ", ".join(f"${_math_name(k)} = {v:g}$" for k, v in fixed.items()) + ")"
            ax.set_xlabel(xlabel)
            if label:
                ax.set_ylabel(label)
            ax.legend(loc="best", frameon=True, framealpha=0.92, edgecolor="#e5e7eb", fontsize=10.5)
            fixed_txt = (" with " + ", ".join(f"{k} = {v:g}" for k, v in fixed.items())) if fixed else ""
            desc = (f"Plot of the printed and the true {data.get('quantity', 'value')} against {var}{fixed_txt}, "
                    f"from {x[0]:g} to {x[-1]:g}.")
            return _svg_text(fig, title or "printed against true", desc)
        finally:
            plt.close(fig)


def _number(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _percent(v: float) -> str:
    return f"{v:+.3g} %".replace("-", "−")


def figures_svg(figures: Sequence[Mapping[str, Any]], *, salt: str, title: str = "") -> str | None:
    """How far each printed figure is from the recomputed one, in per cent of the printed value.

    Figures of very different sizes (a loss of 1763, a parameter of 0.1) share no axis, but their
    relative differences do; a figure printed as 0 is shown by its absolute difference instead.
    """
    rows = []
    for f in figures:
        p, r = _number(f.get("printed")), _number(f.get("recomputed"))
        if p is None or r is None:
            continue
        rel = 100.0 * (r - p) / abs(p) if p != 0 else None
        rows.append((str(f.get("name", "")), p, r, rel))
    if not rows:
        return None
    plt = _pyplot()
    with plt.rc_context(_style(salt)):
        fig, ax = plt.subplots(figsize=(6.0, 0.42 * len(rows) + 0.9), dpi=72)
        try:
            ys = np.arange(len(rows))[::-1]
            values = [rel if rel is not None else 0.0 for _, _, _, rel in rows]
            reach = max([abs(v) for v in values] + [1e-9])
            colors = [_COLORS["printed"] if abs(v) > 1e-9 * max(1.0, reach) else _COLORS["corrected"] for v in values]
            ax.barh(ys, values, height=0.55, color=colors, alpha=0.85, zorder=2)
            ax.axvline(0.0, color="#6b7280", linewidth=1.0, zorder=3)
            for y, (name, p, r, rel), v in zip(ys, rows, values):
                text = _percent(rel) if rel is not None else f"printed 0, recomputed {r:.6g}"
                if rel is not None and abs(r - p) <= 1e-12 * max(1.0, abs(p)):
                    text = "equal"
                ax.annotate(text, (v, y), xytext=(5 if v >= 0 else -5, 0), textcoords="offset points",
                            ha="left" if v >= 0 else "right", va="center", fontsize=11, color="#374151")
            ax.set_yticks(ys, [r[0] for r in rows])
            ax.set_xlim(-1.45 * reach, 1.45 * reach)
            ax.set_ylim(-0.7, len(rows) - 0.3)
            ax.tick_params(axis="y", length=0)
            ax.spines["left"].set_visible(False)
            ax.grid(True, axis="x", color=_COLORS["grid"], linewidth=0.8, zorder=0)
            from matplotlib.ticker import MaxNLocator

            ax.xaxis.set_major_locator(MaxNLocator(nbins=4, symmetric=True))
            ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:+.3g} %".replace("-", "−") if v else "0")
            ax.set_xlabel("recomputed − printed, in % of the printed value")
            desc = "; ".join(f"{n}: printed {p:.10g}, recomputed {r:.10g}" for n, p, r, _ in rows)
            return _svg_text(fig, title or "printed against recomputed figures", desc)
        finally:
            plt.close(fig)
