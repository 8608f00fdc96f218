"""The wiring of the claims on the sentences, the formulas and the code cells of 003_ddcfe26c8c4f59ec.txt that
``wiring`` does not cover: torch references, domains, adapters, and the properties of the document's data and
runs that its sentences assert.

A sentence's printed form is in ``printed`` (the relation, the operation or the order of steps it states, as
literally as the French allows); it is judged against the document's own code (its cells, run here as the page
runs them, in float32) or against the mathematics (torch's own ops: ``F.linear``, ``F.mse_loss``,
``torch.optim.SGD``, ``torch.linalg.lstsq``).
"""

from __future__ import annotations

import warnings
from typing import Any, Callable, Mapping

import numpy as np
import torch
import torch.nn.functional as F

from reference.keldenich_scratch import listing
from reference.keldenich_scratch.printed import (
    CELSIUS,
    TRAINING_LOOP_SOURCE,
    ZOLTA,
    chain_rule_products,
    epochs_run_as_stated,
    grad_fn,
    gradient_step,
    gradient_vector,
    listed_derivatives,
    loss_fn,
    model,
    model_with_unpacked_params,
    training_as_corrected,
    training_as_listed,
    weight_change,
)
from reference.keldenich_scratch.wiring import _float32_default, _linear, _np, _run_training, _t

# --- the document's cells, run as the page runs them (float32) ---------------------------------------------

def _cell(source: str, **namespace: Any) -> dict[str, Any]:
    """Run one of the page's cells (verbatim) in ``namespace``, with PyTorch's default dtype; return the namespace."""
    namespace.setdefault("torch", torch)
    with _float32_default():
        exec(source, namespace)
    return namespace


def _data() -> tuple[torch.Tensor, torch.Tensor]:
    """The first cell's tensors: (t_Celsius, t_Zolta), float32."""
    ns = _cell(listing.DATA)
    return ns["t_Celsius"], ns["t_Zolta"]


def _data_figures() -> dict[str, float]:
    """The values of the first cell's tensors, named as the lists of lines 33-34."""
    t_Celsius, t_Zolta = _data()
    return {**{f"Celsius[{i}]": float(v) for i, v in enumerate(t_Celsius)},
            **{f"Zolta[{i}]": float(v) for i, v in enumerate(t_Zolta)}}


def _example_pairs() -> dict[str, float]:
    """The first two measures of the first cell: (Zolta, Celsius) pairs 0 and 1."""
    t_Celsius, t_Zolta = _data()
    return {"t_Zolta[0]": float(t_Zolta[0]), "t_Celsius[0]": float(t_Celsius[0]),
            "t_Zolta[1]": float(t_Zolta[1]), "t_Celsius[1]": float(t_Celsius[1])}


def _default_params() -> dict[str, float]:
    """w and b as the cell of lines 154-159 sets them."""
    t_Celsius, t_Zolta = _data()
    ns = _cell(listing.INITIAL_LOSS, model=model, loss_fn=loss_fn, t_Zolta=t_Zolta, t_Celsius=t_Celsius)
    return {"w": float(ns["w"]), "b": float(ns["b"])}


def _raw_call_settings() -> dict[str, float]:
    """The arguments the cell of lines 302-307 passes to ``training_loop`` (recorded, not run)."""
    t_Celsius, t_Zolta = _data()
    seen: dict[str, Any] = {}
    _cell(listing.RAW_CALL, t_Zolta=t_Zolta, t_Celsius=t_Celsius, training_loop=lambda **kw: seen.update(kw))
    return {"n_epochs": float(seen["n_epochs"]), "learning_rate": float(seen["learning_rate"]),
            "params[0]": float(seen["params"][0]), "params[1]": float(seen["params"][1])}


def _scaled_input_range() -> dict[str, float]:
    """min and max of ``t_Zolta_n = 0.1 * t_Zolta`` (line 333)."""
    _, t_Zolta = _data()
    ns = _cell(listing.NORMALISED_CALL.splitlines()[0], t_Zolta=t_Zolta)
    return {"smallest input": float(ns["t_Zolta_n"].min()), "largest input": float(ns["t_Zolta_n"].max())}


def _gradient_amplitudes() -> dict[str, float]:
    """The normalised-data run (lines 333-339): the larger over the smaller |Grad| entry, at epochs 1 and 100."""
    printout, _ = _run_training(100, 1e-2, normalised=True)
    out = {}
    for epoch in (1, 100):
        g = printout.epochs[epoch]["Grad"].abs()
        out[f"epoch {epoch} gradient ratio"] = float(g.max() / g.min())
    return out


# --- the printed training loop, silent (its figures are judged elsewhere) -----------------------------------

def _loop(**functions: Callable[..., Any]) -> Callable[..., Any]:
    """The page's ``training_loop`` (verbatim), its ``print`` silenced, with the page's functions or stand-ins."""
    namespace: dict[str, Any] = {"torch": torch, "model": model, "loss_fn": loss_fn, "grad_fn": grad_fn,
                                 "print": lambda *args: None, **functions}
    exec(TRAINING_LOOP_SOURCE, namespace)
    return namespace["training_loop"]


def _returned_params(loop: Callable[..., Any]) -> Callable[..., np.ndarray]:
    """The printed loop's returned params (a closure over the loop, so that mutation sensitivity reaches its
    model, loss_fn and grad_fn)."""

    def value(n_epochs, learning_rate, params, t_Zolta, t_Celsius):
        return _np(loop(n_epochs, _t(learning_rate), _t(params), _t(t_Zolta), _t(t_Celsius)))

    return value


_training_loop_value = _returned_params(_loop())


def _document_loop_from_start(n_epochs, learning_rate, t_Zolta, t_Celsius):
    """The printed loop from the page's initial params (1, 0): the reference for the bullet list of lines 242-246."""
    return _loop()(n_epochs, learning_rate, torch.tensor([1.0, 0.0], dtype=t_Zolta.dtype), t_Zolta, t_Celsius)


def _as_listed(impl: Callable[..., Any]) -> Callable[..., np.ndarray]:
    def value(n_epochs, learning_rate, t_Zolta, t_Celsius):
        return _np(impl(n_epochs, _t(learning_rate), _t(t_Zolta), _t(t_Celsius)))

    value.__name__ = impl.__name__
    return value


_training_as_listed = _as_listed(training_as_listed)
_training_as_corrected = _as_listed(training_as_corrected)


def _passes_per_epoch(n_epochs):
    """Passes over the data the printed loop makes per epoch: the entries it feeds its model, over the number of
    measures times the number of epochs (the page's data, lr = 1e-4)."""
    fed = [0]

    def counting_model(t_Zolta, w, b):
        fed[0] += t_Zolta.numel()
        return model(t_Zolta, w, b)

    t_Zolta, t_Celsius = torch.tensor(ZOLTA, dtype=torch.float64), torch.tensor(CELSIUS, dtype=torch.float64)
    _loop(model=counting_model)(n_epochs, 1e-4, torch.tensor([1.0, 0.0], dtype=torch.float64), t_Zolta, t_Celsius)
    return torch.tensor(fed[0] / (t_Zolta.numel() * n_epochs), dtype=torch.float64)


def _epochs_printed():
    """The epochs at which the printed loop prints, in the page's 5000-epoch run."""
    printout, _ = _run_training(5000, 1e-2, normalised=True, print_params=False)
    return torch.tensor(sorted(printout.epochs), dtype=torch.float64)


def _epochs_run_by_the_loop(losses):
    """Epochs the printed loop runs when its loss takes the given values in turn (model and gradient stand-ins)."""
    feed, epochs = iter(losses), [0]

    def fed_loss(t_Pred, t_Celsius):
        epochs[0] += 1
        return next(feed)

    zero = torch.zeros(2, dtype=torch.float64)
    _loop(model=lambda t_Zolta, w, b: t_Zolta, loss_fn=fed_loss, grad_fn=lambda *args: zero)(
        len(losses), 0.0, zero, torch.zeros(1, dtype=torch.float64), torch.zeros(1, dtype=torch.float64))
    return torch.tensor(float(epochs[0]), dtype=torch.float64)


def _epochs_run_value(losses):
    return np.float64(epochs_run_as_stated(losses))


# --- torch references ------------------------------------------------------------------------------------

def _gradient_descent(n_epochs, learning_rate, params, t_Zolta, t_Celsius):
    """Gradient descent on the mean squared error of a line, by torch: autograd and ``torch.optim.SGD``."""
    p = params.clone().requires_grad_()
    optimiser = torch.optim.SGD([p], lr=float(learning_rate))
    for _ in range(n_epochs):
        optimiser.zero_grad()
        F.mse_loss(_linear(t_Zolta, p[0], p[1]), t_Celsius).backward()
        optimiser.step()
    return p.detach()


def _sgd_step(w, b, learning_rate, gradient_w, gradient_b):
    """One step of ``torch.optim.SGD`` on (w, b) with the given gradients."""
    p = torch.stack([w, b]).clone().requires_grad_()
    p.grad = torch.stack([gradient_w, gradient_b]).clone()
    torch.optim.SGD([p], lr=float(learning_rate)).step()
    return p.detach()


def _sgd_weight_change(w, learning_rate, gradient_w):
    """|w after one ``torch.optim.SGD`` step - w before|."""
    p = w.reshape(1).clone().requires_grad_()
    p.grad = gradient_w.reshape(1).clone()
    torch.optim.SGD([p], lr=float(learning_rate)).step()
    return (p.detach() - w).abs().reshape(())


def _step_value(w, b, learning_rate, gradient_w, gradient_b):
    return np.array(gradient_step(w, b, learning_rate, gradient_w, gradient_b), dtype=np.float64)


def _weight_change_value(w, learning_rate, gradient_w):
    return np.float64(weight_change(learning_rate, gradient_w))


def _plotted_axes(t_Celsius, t_Zolta):
    """The (x, y) data of the line the scatter cell (lines 59-62, verbatim) draws."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # plt.show() under Agg says it shows nothing
        ns = _cell(listing.PLOT, t_Celsius=t_Celsius, t_Zolta=t_Zolta)
    line = ns["plt"].gca().lines[-1]
    xy = np.stack([np.asarray(line.get_xdata(), dtype=np.float64), np.asarray(line.get_ydata(), dtype=np.float64)])
    plt.close("all")
    return torch.from_numpy(xy)


def _what_w_b_compute(t):
    """The model with the exact values of line 381 (w = 10·5/9, b = -32·5/9) on the input 0.1·t."""
    return _linear(0.1 * t, torch.tensor(50 / 9, dtype=t.dtype), torch.tensor(-160 / 9, dtype=t.dtype))


def _loss_and_model(t_Pred, t_Celsius, t_Zolta, w, b):
    """The loss of a prediction and the model's output, side by side: what the three listed derivatives differentiate."""
    return torch.cat([F.mse_loss(t_Pred, t_Celsius).reshape(1), _linear(t_Zolta, w, b)])


def _mse_per_measure_params(t_Zolta, t_Celsius, w, b):
    """The mean squared error when each measure has its own copy of w and b (the products before the sum)."""
    return F.mse_loss(torch.addcmul(b, w, t_Zolta), t_Celsius)


def _mse_of_params(t_Zolta, t_Celsius, params):
    return F.mse_loss(_linear(t_Zolta, params[0], params[1]), t_Celsius)


# --- adapters (numpy <-> torch) -----------------------------------------------------------------------------

def _derivative_of(formula: Callable[..., Any]) -> Callable[..., dict[str, Any]]:
    """VJP from a printed loss formula of (t_Pred, t_Celsius): grad_out times its derivative in t_Pred, entry by
    entry (torch differentiates the formula as printed)."""

    def impl(inputs: Mapping[str, Any], grad_out: np.ndarray) -> dict[str, Any]:
        t_Pred = _t(inputs["t_Pred"]).requires_grad_()
        value = formula(t_Pred, _t(inputs["t_Celsius"]))
        (d,) = torch.autograd.grad(value, t_Pred, grad_outputs=torch.ones_like(value))
        return {"t_Pred": np.asarray(grad_out) * _np(d)}

    impl.__name__ = getattr(formula, "__name__", "formula")
    return impl


# The adapters below close over the printed function they call, so that mutation sensitivity reaches it.

def _on_params(gradient: Callable[..., Any]) -> Callable[..., dict[str, Any]]:
    def procedure(t_Zolta, t_Celsius, params):
        return {"params": _np(gradient(_t(t_Zolta), _t(t_Celsius), _t(params)))}

    return procedure


_gradient_vector_procedure = _on_params(gradient_vector)


def _on_tensors(backward: Callable[..., Mapping[str, Any]]) -> Callable[..., dict[str, Any]]:
    def tensors_backward(grad_out, t_Pred, t_Celsius, t_Zolta, w, b):
        out = backward(_t(grad_out), _t(t_Pred), _t(t_Celsius), _t(t_Zolta), _t(w), _t(b))
        return {k: _np(v) for k, v in out.items()}

    return tensors_backward


_listed_derivatives_backward = _on_tensors(listed_derivatives)


def _per_measure(products: Callable[..., Any], forward: Callable[..., Any]) -> Callable[..., dict[str, Any]]:
    def procedure(t_Zolta, t_Celsius, w, b):
        t_Zolta, t_Celsius, w, b = _t(t_Zolta), _t(t_Celsius), _t(w), _t(b)
        t_Pred = forward(t_Zolta, w, b)
        dloss_dw, dloss_db = products(t_Zolta, t_Celsius, t_Pred, w, b)
        return {"w": _np(dloss_dw), "b": _np(dloss_db)}

    return procedure


_chain_rule_procedure = _per_measure(chain_rule_products, model)


def _unpacked_value(t_Zolta_n, params):
    return _np(model_with_unpacked_params(_t(t_Zolta_n), _t(params)))


def _constant(sentence: Callable[..., float]) -> Callable[..., np.float64]:
    """A sentence's truth value as the value check calls it (the inputs are the reference's, not the sentence's)."""

    def value(**inputs: Any) -> np.float64:
        return np.float64(sentence(**inputs))

    value.__name__ = sentence.__name__
    return value


# --- properties the sentences assert, computed from the document's data and runs ----------------------------

def _least_squares(x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(w, b) of the least-squares line y ≈ w·x + b, and its mean squared error (float64, ``torch.linalg.lstsq``)."""
    X = torch.stack([x, torch.ones_like(x)], dim=1)
    wb = torch.linalg.lstsq(X, y.unsqueeze(1)).solution.squeeze(1)
    return wb, ((X @ wb - y) ** 2).mean()


def _data64() -> tuple[torch.Tensor, torch.Tensor]:
    t_Celsius, t_Zolta = _data()
    return t_Celsius.double(), t_Zolta.double()


def _points_form_a_line():
    """The page's points lie near a straight line: |correlation| ≥ 0.95 (it is 0.981)."""
    t_Celsius, t_Zolta = _data64()
    r = torch.corrcoef(torch.stack([t_Zolta, t_Celsius]))[0, 1]
    return (r.abs() >= 0.95).to(torch.float64)


def _one_parameter_fails(learning_rate):
    """The printed loop, 100 epochs on the raw data from (1, 0) at this learning rate: it is unstable (it stops on
    an infinite loss, or its loss at epoch 100 exceeds that of epoch 1), or the bias has moved less than 5 % of the
    way to its least-squares value."""
    printout, params = _run_training(100, float(learning_rate), normalised=False)
    seen = printout.epochs
    unstable = 100 not in seen or not float(seen[100]["Loss"]) < float(seen[1]["Loss"])
    t_Celsius, t_Zolta = _data64()
    (_, b_star), _ = _least_squares(t_Zolta, t_Celsius)
    slow = abs(float(params[1])) < 0.05 * abs(float(b_star))
    return torch.tensor(float(unstable or slow), dtype=torch.float64)


def _one_rate_works():
    """The page's 5000-epoch run (one learning rate, 1e-2, on 0.1·t_Zolta) ends within 1 % of the least-squares loss."""
    printout, _ = _run_training(5000, 1e-2, normalised=True, print_params=False)
    t_Celsius, t_Zolta = _data64()
    _, best = _least_squares(0.1 * t_Zolta, t_Celsius)
    return torch.tensor(float(float(printout.epochs[5000]["Loss"]) <= 1.01 * float(best)), dtype=torch.float64)


#: The 95 % quantile of Fisher's F with (2, 9) degrees of freedom: 2 parameters fixed, 11 measures - 2 fitted.
_F_2_9 = 4.2565


def _zolta_is_fahrenheit():
    """C = (Z − 32)·5/9 fits the page's measures as well as the best line up to their noise: the F statistic of
    fixing (w, b) to (5/9, −32·5/9) is below its 95 % quantile."""
    t_Celsius, t_Zolta = _data64()
    _, best = _least_squares(t_Zolta, t_Celsius)
    exact = (((t_Zolta - 32) * 5 / 9 - t_Celsius) ** 2).mean()
    n = t_Zolta.numel()
    f = ((exact - best) * n / 2) / (best * n / (n - 2))
    return (f < _F_2_9).to(torch.float64)


def _line_through_the_cloud():
    """The fitted line of the page's 5000-epoch run leaves residuals of both signs, their mean under a tenth of
    their root mean square."""
    _, params = _run_training(5000, 1e-2, normalised=True, print_params=False)
    t_Celsius, t_Zolta = _data64()
    residuals = t_Celsius - _linear(0.1 * t_Zolta, params[0].double(), params[1].double())
    both_signs = bool(residuals.min() < 0 < residuals.max())
    centred = bool(residuals.mean().abs() < 0.1 * residuals.pow(2).mean().sqrt())
    return torch.tensor(float(both_signs and centred), dtype=torch.float64)
