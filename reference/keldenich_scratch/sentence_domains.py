"""The input domains of the claims on the sentences, formulas and code of 003_ddcfe26c8c4f59ec.txt that
``wiring`` does not cover (hypothesis strategies of ``{name: value}``; see ``sentences`` for what they feed)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from oracle.domains import reals, same_shape, shapes

# --- domains -----------------------------------------------------------------------------------------------

_VECTOR = shapes(min_dims=1, max_dims=1, min_side=1, max_side=12)
_LONGER = shapes(min_dims=1, max_dims=1, min_side=2, max_side=12)


def _scalar(low: float, high: float, edges=(0.0, 1.0)):
    return reals(shape=(), low=low, high=high, edges=edges)


def _affine_domain():
    return st.fixed_dictionaries({"x": reals(shape=_VECTOR, low=-100.0, high=100.0, edges=(0.0,)),
                                  "a": _scalar(-10.0, 10.0), "b": _scalar(-50.0, 50.0)})


def _zolta_domain():
    return st.fixed_dictionaries({"t_Zolta": reals(shape=_VECTOR, low=-100.0, high=100.0, edges=(0.0,)),
                                  "a": _scalar(-10.0, 10.0), "b": _scalar(-50.0, 50.0)})


def _slope_domain():
    """Two points x1, x2 at least one apart (their slope is a quotient), a and b in a range without cancellation."""
    return _VECTOR.flatmap(lambda s: st.fixed_dictionaries({
        "x1": reals(shape=s, low=-5.0, high=5.0, edges=(0.0,)),
        "gap": reals(shape=s, low=1.0, high=5.0, edges=()),
        "sign": st.sampled_from([-1.0, 1.0]),
        "a": _scalar(-5.0, 5.0), "b": _scalar(-5.0, 5.0)})).map(
        lambda d: {"x1": d["x1"], "x2": d["x1"] + d["sign"] * d["gap"], "a": d["a"], "b": d["b"]})


def _pairs(shape_strategy):
    return lambda: same_shape(shape_strategy, t_Pred=lambda s: reals(shape=s, low=-100.0, high=100.0, edges=(0.0,)),
                              t_Celsius=lambda s: reals(shape=s, low=-50.0, high=50.0, edges=(0.0,)))


def _perfect_or_not():
    """Predictions and targets, half the cases a perfect prediction (where |t_Pred – t_Celsius| has no derivative)."""
    perfect = _VECTOR.flatmap(lambda s: reals(shape=s, low=-50.0, high=50.0, edges=(0.0,))).map(
        lambda a: {"t_Pred": a.copy(), "t_Celsius": a.copy()})
    return st.one_of(_pairs(_VECTOR)(), perfect)


def _params_domain():
    return _VECTOR.flatmap(lambda s: st.fixed_dictionaries({
        "t_Zolta": reals(shape=s, low=-100.0, high=100.0, edges=(0.0,)),
        "t_Celsius": reals(shape=s, low=-50.0, high=50.0, edges=(0.0,)),
        "params": reals(shape=(2,), low=-10.0, high=10.0, edges=(0.0,))}))


def _loss_and_model_domain():
    return _VECTOR.flatmap(lambda s: st.fixed_dictionaries({
        "t_Pred": reals(shape=s, low=-100.0, high=100.0, edges=(0.0,)),
        "t_Celsius": reals(shape=s, low=-50.0, high=50.0, edges=(0.0,)),
        "t_Zolta": reals(shape=s, low=-100.0, high=100.0, edges=(0.0,)),
        "w": _scalar(-10.0, 10.0), "b": _scalar(-50.0, 50.0)}))


def _per_measure_domain():
    return _VECTOR.flatmap(lambda s: st.fixed_dictionaries({
        "t_Zolta": reals(shape=s, low=-100.0, high=100.0, edges=(0.0,)),
        "t_Celsius": reals(shape=s, low=-50.0, high=50.0, edges=(0.0,)),
        "w": reals(shape=s, low=-10.0, high=10.0, edges=(0.0,)),
        "b": reals(shape=s, low=-50.0, high=50.0, edges=(0.0,))}))


def _step_domain():
    return st.fixed_dictionaries({"w": _scalar(-10.0, 10.0), "b": _scalar(-50.0, 50.0),
                                  "learning_rate": _scalar(1e-5, 1.0, edges=(1.0,)),
                                  "gradient_w": _scalar(-1e3, 1e3), "gradient_b": _scalar(-1e3, 1e3)})


def _change_domain():
    return st.fixed_dictionaries({"w": _scalar(-10.0, 10.0), "learning_rate": _scalar(1e-5, 1.0, edges=(1.0,)),
                                  "gradient_w": _scalar(-1e3, 1e3)})


def _small_data(s):
    """Inputs in [-2, 2] and targets in [-5, 5]: the loss's curvature is at most 10, so learning rates up to 0.1
    are stable and a run of 20 epochs stays far from overflow."""
    return {"t_Zolta": reals(shape=s, low=-2.0, high=2.0, edges=(0.0,)),
            "t_Celsius": reals(shape=s, low=-5.0, high=5.0, edges=(0.0,)),
            "learning_rate": _scalar(1e-3, 0.1, edges=())}


def _loop_domain():
    """Runs of 2 to 20 epochs (with one epoch, initialising inside or outside the loop is the same)."""
    return _VECTOR.flatmap(lambda s: st.fixed_dictionaries({"n_epochs": st.integers(2, 20), **_small_data(s)}))


def _training_domain():
    return _VECTOR.flatmap(lambda s: st.fixed_dictionaries({
        "n_epochs": st.integers(1, 20), "params": reals(shape=(2,), low=-3.0, high=3.0, edges=(0.0,)), **_small_data(s)}))


def _epochs_domain():
    return st.fixed_dictionaries({"n_epochs": st.integers(2, 50)})


def _loss_sequences():
    """Losses of 1 to 30 epochs: finite and growing as far as some epoch, infinite from there on (or never)."""
    def build(n: int, k: int, values: list[float]) -> dict[str, np.ndarray]:
        losses = np.sort(np.array(values, dtype=np.float64))
        losses[k:] = np.inf
        return {"losses": losses}

    return st.integers(1, 30).flatmap(lambda n: st.builds(
        build, st.just(n), st.integers(0, n), st.lists(st.floats(0.0, 1e30), min_size=n, max_size=n)))


def _learning_rates():
    """Learning rates from 1e-6 to 1e-1, log-uniform (the page tries 1e-4 and 1e-2)."""
    return st.fixed_dictionaries({"learning_rate": st.floats(-6.0, -1.0).map(lambda u: 10.0 ** u)})


def _axes_domain():
    return _VECTOR.flatmap(lambda s: st.fixed_dictionaries({
        "t_Celsius": reals(shape=s, low=-50.0, high=50.0, edges=(0.0,)),
        "t_Zolta": reals(shape=s, low=0.0, high=120.0, edges=())}))


def _temperatures():
    return st.fixed_dictionaries({"t": reals(shape=_VECTOR, low=-100.0, high=250.0, edges=(0.0, 32.0, 100.0))})


def _unpacking_domain():
    return st.fixed_dictionaries({"t_Zolta_n": reals(shape=_VECTOR, low=-10.0, high=10.0, edges=(0.0,)),
                                  "params": reals(shape=(2,), low=-20.0, high=20.0, edges=(0.0,))})
