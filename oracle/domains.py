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


def random_upstream(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Entries of magnitude in [0.5, 2] with random signs: never zero, so that no error hides behind one."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 2.0, size=shape)


def draw_upstream(draw: st.DrawFn, shape: tuple[int, ...]) -> np.ndarray:
    """An upstream gradient for an output of ``shape``, inside a composite strategy.

    Mode 0 (where the shrinker goes) is a constant upstream such as ``[1.]``; otherwise the
    entries come from ``random_upstream`` with a generator seeded by hypothesis (Note [fast arrays]).
    """
    if draw(_UPSTREAM_MODE) == 0:
        return np.full(shape, draw(_CONSTANT_UPSTREAM), dtype=np.float64)
    return random_upstream(np.random.default_rng(draw(_SEED)), shape)
