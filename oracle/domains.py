"""Input domains: hypothesis strategies over shapes and values, with edge regions.

Strategies are plain functions with keyword-only bounds, validated once at the
entry (hypothesis ``extra.numpy`` style).  Edge values are their own table,
``EDGES``, mixed into the draws so that saturation, kinks and near-boundary
probabilities are visited on purpose rather than by luck.
"""

from __future__ import annotations

import functools
from typing import Any, Mapping, Sequence

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from oracle.errors import DomainError
from oracle.seeds import random_upstream

__all__ = [
    "EDGES",
    "DomainError",
    "shapes",
    "reals",
    "probabilities",
    "labels",
    "inputs",
    "same_shape",
    "draw_upstream",
    "random_upstream",
    "ACTIVATIONS",
    "networks",
    "network_depth",
    "network_weights",
    "network_biases",
    "network_parameters",
    "network_layers",
]

#: Edge values per region, visited on purpose.
EDGES: Mapping[str, tuple[float, ...]] = {
    "kink": (0.0,),
    "saturation": (-30.0, -12.5, 12.5, 30.0),
    "extreme": (-745.0, -710.0, -700.0, 700.0, 710.0, 745.0),
    "probability": (1e-12, 1e-6, 0.5, 1 - 1e-6, 1 - 1e-12),
}


def shapes(*, min_dims: int = 1, max_dims: int = 2, min_side: int = 1, max_side: int = 8) -> st.SearchStrategy[tuple[int, ...]]:
    """Array shapes, including size-1 dimensions."""
    if min_dims > max_dims:
        raise DomainError(f"min_dims={min_dims} is larger than max_dims={max_dims}", argument="min_dims", value=min_dims)
    if min_side > max_side:
        raise DomainError(f"min_side={min_side} is larger than max_side={max_side}", argument="min_side", value=min_side)
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side)


def _elements(low: float, high: float, edges: Sequence[float]) -> st.SearchStrategy[float]:
    body = st.floats(low, high, allow_nan=False, allow_infinity=False, allow_subnormal=False)
    edge = [e for e in edges if low <= e <= high]
    return st.one_of(body, st.sampled_from(edge)) if edge else body


# Note [fast arrays]: drawing every entry through hypothesis costs 8-15 ms a case, which
# dominates a catalogue run.  Arrays are therefore built in one of two modes, chosen by a
# hypothesis integer: mode 0 fills the array with one hypothesis-drawn value (cheap, and
# where the shrinker goes: a minimal counterexample reads "a = [0.]" or "a = [1.5]");
# other modes fill it from a numpy generator seeded by a hypothesis integer, mixing a
# uniform body, log-uniform magnitudes (tiny and huge values) and the edge values.  Shapes
# are always drawn (and shrunk) by hypothesis.
_MODES = 8
_MODE = st.integers(0, _MODES - 1)
_SEED = st.integers(0, 2**32 - 1)


def _log_uniform(rng: np.random.Generator, low: float, high: float, size: tuple[int, ...]) -> np.ndarray:
    """Random signs and magnitudes spread over decades, clipped into [low, high]."""
    top = max(abs(low), abs(high), 1e-300)
    mags = 10.0 ** rng.uniform(np.log10(top) - 12, np.log10(top), size=size)
    signs = np.where(rng.random(size) < 0.5, -1.0, 1.0) if low < 0 < high else (1.0 if high > 0 else -1.0)
    return np.clip(signs * mags, low, high)


def _mixed(rng: np.random.Generator, size: tuple[int, ...], body: np.ndarray, spread: np.ndarray,
           edges: Sequence[float]) -> np.ndarray:
    pick = rng.random(size)
    out = np.where(pick < 0.55, body, spread)
    if edges:
        out = np.where(pick > 0.8, rng.choice(np.asarray(edges, dtype=np.float64), size=size), out)
    return out


@st.composite
def _fast_array(draw: st.DrawFn, shape: Any, scalar: st.SearchStrategy[float],
                fill: Any) -> np.ndarray:
    s = draw(shape) if isinstance(shape, st.SearchStrategy) else tuple(shape)
    if draw(_MODE) == 0:
        return np.full(s, draw(scalar), dtype=np.float64)
    rng = np.random.default_rng(draw(_SEED))
    return np.asarray(fill(rng, s), dtype=np.float64)


# Note [cached strategies]: domains call ``reals(shape=(n, m))`` inside their own draws, so
# a fresh strategy was built, and validated by hypothesis, on every case (a tenth of a
# catalogue run).  Strategies are immutable: the builders below are memoised on their
# (hashable) arguments and hand the same object back.


def _key(shape: Any) -> Any:
    return tuple(int(n) for n in shape) if isinstance(shape, (list, tuple)) else shape


def reals(*, shape: tuple[int, ...] | st.SearchStrategy[tuple[int, ...]] | None = None, low: float = -10.0,
          high: float = 10.0, edges: Sequence[float] = ()) -> st.SearchStrategy[np.ndarray]:
    """Float64 arrays with entries in ``[low, high]``, visiting ``edges`` and many magnitudes too."""
    if not low <= high:
        raise DomainError(f"low={low} is larger than high={high}", argument="low", value=low)
    return _reals(_key(shape), float(low), float(high), tuple(float(e) for e in edges))


@functools.lru_cache(maxsize=4096)
def _reals(shape: Any, low: float, high: float, edges: tuple[float, ...]) -> st.SearchStrategy[np.ndarray]:
    edge = [e for e in (*edges, low, high, 0.0) if low <= e <= high]

    def fill(rng: np.random.Generator, size: tuple[int, ...]) -> np.ndarray:
        return _mixed(rng, size, rng.uniform(low, high, size=size), _log_uniform(rng, low, high, size), edge)

    return _fast_array(shapes() if shape is None else shape, _elements(low, high, edges), fill)


def probabilities(*, shape: tuple[int, ...] | st.SearchStrategy[tuple[int, ...]] | None = None,
                  margin: float = 1e-12) -> st.SearchStrategy[np.ndarray]:
    """Float64 arrays in ``[margin, 1 - margin]``, with values within ``margin`` of 0 and 1 visited."""
    if not 0 < margin < 0.5:
        raise DomainError(f"margin={margin} must lie in (0, 0.5)", argument="margin", value=margin)
    return _probabilities(_key(shape), float(margin))


@functools.lru_cache(maxsize=4096)
def _probabilities(shape: Any, margin: float) -> st.SearchStrategy[np.ndarray]:
    edges = [e for e in EDGES["probability"] if margin <= e <= 1 - margin] + [margin, 1 - margin]

    def fill(rng: np.random.Generator, size: tuple[int, ...]) -> np.ndarray:
        near = 10.0 ** rng.uniform(np.log10(margin), np.log10(0.5), size=size)
        near = np.where(rng.random(size) < 0.5, near, 1.0 - near)
        return np.clip(_mixed(rng, size, rng.uniform(margin, 1 - margin, size=size), near, edges), margin, 1 - margin)

    return _fast_array(shapes() if shape is None else shape, _elements(margin, 1 - margin, edges), fill)


def labels(*, shape: tuple[int, ...] | st.SearchStrategy[tuple[int, ...]] | None = None) -> st.SearchStrategy[np.ndarray]:
    """Binary targets (0.0 or 1.0) as float64 arrays."""
    return _labels(_key(shape))


@functools.lru_cache(maxsize=4096)
def _labels(shape: Any) -> st.SearchStrategy[np.ndarray]:
    return _fast_array(shapes() if shape is None else shape, st.sampled_from([0.0, 1.0]),
                       lambda rng, size: rng.integers(0, 2, size=size).astype(np.float64))


def inputs(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A dict of named inputs drawn independently."""
    return st.fixed_dictionaries(fields)


def same_shape(shape: st.SearchStrategy[tuple[int, ...]] | None = None,
               **fields: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Named arrays sharing one drawn shape; each field is ``lambda shape: strategy``."""
    return (shapes() if shape is None else shape).flatmap(
        lambda s: st.fixed_dictionaries({k: make(s) for k, make in fields.items()})
    )


# Upstream gradients (the ``grad_out`` of a VJP case).  Strategies are module constants:
# building strategies inside a draw costs milliseconds.
_MAGNITUDE = st.floats(0.5, 2.0)
_CONSTANT_UPSTREAM = st.one_of(_MAGNITUDE, _MAGNITUDE.map(lambda v: -v))
_UPSTREAM_MODE = st.integers(0, 3)


def draw_upstream(draw: st.DrawFn, shape: tuple[int, ...]) -> np.ndarray:
    """An upstream gradient for an output of ``shape``, inside a composite strategy.

    Mode 0 (where the shrinker goes) is a constant upstream such as ``[1.]``; otherwise the
    entries come from ``random_upstream`` with a generator seeded by hypothesis (Note [fast arrays]).
    """
    if draw(_UPSTREAM_MODE) == 0:
        return np.full(shape, draw(_CONSTANT_UPSTREAM), dtype=np.float64)
    return random_upstream(np.random.default_rng(draw(_SEED)), shape)


# --- networks -------------------------------------------------------------------------------

#: Activation names a network's layers are drawn from.
ACTIVATIONS = ("sigmoid", "tanh", "relu")
_TARGETS = (None, "binary", "classes", "real")
_NP_ACT = {"sigmoid": lambda a: 1.0 / (1.0 + np.exp(-a)), "tanh": np.tanh, "relu": lambda a: np.maximum(a, 0.0)}


def _check_range(name: str, bounds: tuple[int, int], least: int) -> None:
    lo, hi = bounds
    if not least <= lo <= hi:
        raise DomainError(f"{name}={bounds} must be a range (low, high) with {least} <= low <= high",
                          argument=name, value=bounds)


def networks(*, depth: tuple[int, int] = (1, 4), width: tuple[int, int] = (1, 8), equal_widths: bool = False,
             n_out: int | None = None,
             hidden: Sequence[str] = ("sigmoid",), output: str | None = None, biases: bool = True,
             batch: tuple[int, int] | None = None, layout: str = "rows", inputs: tuple[float, float] = (-2.0, 2.0),
             init: str = "uniform", scales: Sequence[float] = (1.0,), zero_input: bool = False,
             targets: str | None = None, kink_margin: float = 0.0) -> st.SearchStrategy[dict[str, Any]]:
    """Dense networks of drawn depth and widths, their parameters named by layer.

    A case holds ``W1 … WL`` (shape ``(n_k, n_{k-1})``; one width for all layers with ``equal_widths``), ``b1 … bL`` (``(n_k,)``, with
    ``biases``), ``widths`` ``(n_0, …, n_L)``, ``activations`` (one name per layer: ``hidden``
    ones, the last one ``output`` when given), the input ``x`` ``(n_0,)`` or, with ``batch``
    (a range of batch sizes), ``X`` with examples as ``rows`` ``(m, n_0)`` or ``columns``
    ``(n_0, m)``, and ``targets`` as ``y``/``Y``: ``binary`` (0/1 floats shaped like the
    output), ``classes`` (int64 labels in ``0..n_L-1``) or ``real``.  Because layers have
    names, a counterexample names the layer and the entry (``W2[1, 0]``).

    Values come from a numpy generator seeded by hypothesis (Note [fast arrays]): weights
    ``scale * U(-1, 1)`` (``init="uniform"``) or ``scale * N(0, 1) / sqrt(n_{k-1})``
    (``"normal"``), biases ``U(-1, 1)``, inputs ``U(inputs)``; ``zero_input`` makes x = 0 in
    a quarter of the cases.  ``kink_margin`` moves relu pre-activations of a single input at
    least that far (plus 5% of the layer input's 1-norm) from the kink.
    """
    _check_range("depth", depth, 1)
    _check_range("width", width, 1)
    if batch is not None:
        _check_range("batch", batch, 1)
    unknown = [a for a in (*hidden, *([output] if output else [])) if a not in ACTIVATIONS]
    if unknown or not hidden:
        raise DomainError(f"activations must be among {ACTIVATIONS}, got {list(hidden)} and output={output!r}",
                          argument="hidden", value=hidden)
    if layout not in ("rows", "columns"):
        raise DomainError(f"layout={layout!r} must be 'rows' or 'columns'", argument="layout", value=layout)
    if init not in ("uniform", "normal"):
        raise DomainError(f"init={init!r} must be 'uniform' or 'normal'", argument="init", value=init)
    if targets not in _TARGETS:
        raise DomainError(f"targets={targets!r} must be one of {_TARGETS}", argument="targets", value=targets)
    if n_out is not None and n_out < 1:
        raise DomainError(f"n_out={n_out} must be at least 1", argument="n_out", value=n_out)
    if kink_margin and batch is not None:
        raise DomainError("kink_margin applies to a single input, not to a batch", argument="kink_margin",
                          value=kink_margin)
    if equal_widths and n_out is not None:
        raise DomainError("equal_widths and n_out cannot both be given", argument="n_out", value=n_out)
    return _networks(depth, width, equal_widths, n_out, tuple(hidden), output, biases, batch, layout, tuple(inputs), init,
                     tuple(scales), zero_input, targets, float(kink_margin))


@st.composite
def _networks(draw: st.DrawFn, depth, width, equal_widths, n_out, hidden, output, biases, batch, layout, inputs, init, scales,
              zero_input, targets, kink_margin) -> dict[str, Any]:
    L = draw(st.integers(*depth))
    widths = [draw(st.integers(*width))] * (L + 1) if equal_widths else [draw(st.integers(*width)) for _ in range(L + 1)]
    if n_out is not None:
        widths[-1] = n_out
    m = draw(st.integers(*batch)) if batch is not None else None
    acts = [draw(st.sampled_from(hidden)) for _ in range(L - (1 if output else 0))] + ([output] if output else [])
    scale = draw(st.sampled_from(scales))
    zero = zero_input and draw(st.booleans()) and draw(st.booleans())
    rng = np.random.default_rng(draw(_SEED))
    out: dict[str, Any] = {}
    if m is None:
        x = np.zeros(widths[0]) if zero else rng.uniform(*inputs, size=widths[0])
        out["x"] = x
    else:
        X = rng.uniform(*inputs, size=(m, widths[0]))
        out["X"] = X if layout == "rows" else X.T.copy()
    h = out.get("x")
    for k in range(1, L + 1):
        n_in, n_o = widths[k - 1], widths[k]
        if init == "uniform":
            W = scale * rng.uniform(-1.0, 1.0, size=(n_o, n_in))
        else:
            W = scale * rng.normal(size=(n_o, n_in)) / np.sqrt(n_in)
        b = rng.uniform(-1.0, 1.0, size=n_o) if biases else np.zeros(n_o)
        if h is not None:
            a = W @ h + b
            if kink_margin and acts[k - 1] == "relu" and h @ h > 0:
                margin = kink_margin + 0.05 * np.abs(h).sum()
                for i in np.nonzero(np.abs(a) < margin)[0]:
                    target = margin if a[i] >= 0 else -margin
                    W[i] += (target - a[i]) * h / (h @ h)
                a = W @ h + b
            h = _NP_ACT[acts[k - 1]](a)
        out[f"W{k}"] = W
        if biases:
            out[f"b{k}"] = b
    if targets is not None:
        shape = (widths[-1],) if m is None else ((m, widths[-1]) if layout == "rows" else (widths[-1], m))
        if targets == "binary":
            out["y" if m is None else "Y"] = rng.integers(0, 2, size=shape).astype(np.float64)
        elif targets == "classes":
            labels_ = rng.integers(0, widths[-1], size=() if m is None else (m,))
            out["y" if m is None else "Y"] = np.asarray(labels_, dtype=np.int64)
        else:
            out["y" if m is None else "Y"] = rng.normal(size=shape)
    out["widths"] = tuple(widths)
    out["activations"] = tuple(acts)
    return out


def network_depth(inputs: Mapping[str, Any]) -> int:
    """The number of layers of a case drawn by ``networks``."""
    return len(inputs["widths"]) - 1


def network_weights(inputs: Mapping[str, Any]) -> tuple[str, ...]:
    """``("W1", …, "WL")``: a ``wrt`` for every weight matrix of a ``networks`` case."""
    return tuple(f"W{k}" for k in range(1, network_depth(inputs) + 1))


def network_biases(inputs: Mapping[str, Any]) -> tuple[str, ...]:
    """``("b1", …, "bL")``."""
    return tuple(f"b{k}" for k in range(1, network_depth(inputs) + 1))


def network_parameters(inputs: Mapping[str, Any]) -> tuple[str, ...]:
    """``("W1", "b1", …, "WL", "bL")`` (weights only when the network has no biases)."""
    return tuple(n for k in range(1, network_depth(inputs) + 1) for n in (f"W{k}", f"b{k}") if n in inputs)


def network_layers(inputs: Mapping[str, Any]) -> tuple[list[Any], list[Any]]:
    """``([W1, …, WL], [b1, …, bL])`` of a ``networks`` case (numpy arrays or tensors alike; no biases: [])."""
    L = network_depth(inputs)
    return [inputs[f"W{k}"] for k in range(1, L + 1)], [inputs[f"b{k}"] for k in range(1, L + 1) if f"b{k}" in inputs]
