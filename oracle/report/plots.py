"""SVG drawings of the report: a scalar formula printed against true, printed figures against recomputed.

Drawn from the data in ``verdicts.json`` (``oracle.analysis.curves`` computes it); the
same data and salt give the same bytes.
"""

from __future__ import annotations

import io
import math
import re
from typing import Any, Mapping, Sequence

import numpy as np

__all__ = ["curve_svg", "figures_svg"]

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
