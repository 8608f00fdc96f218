"""Functions known by name, with their standard definitions: the reference a document's own is held to.

A document that defines σ(a) differently from 1/(1 + e^{-a}) is reported; one that uses σ
without defining it is read with the standard σ.  Each entry carries its sympy definition
(variants where usage differs: the quadratic loss with or without ½), a torch reference built
from torch's own ops (``torch.sigmoid``, never a port of a document's formula), and the
intervals its arguments are drawn from.  Two-argument losses take (prediction, target); a
document may write them in either order, so both orders are readings (``readings``).
Softmax and the categorical cross-entropy act on vectors: the LaTeX reader cannot state them
(they need indexed sums), so they serve code pairs only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import sympy as sp
import torch
import torch.nn.functional as F

from oracle.judges.symbolic.functions import sigmoid

__all__ = ["Known", "KNOWN", "known", "standard_readings"]

_U, _V = sp.symbols("u v", real=True)


@dataclass(frozen=True)
class Known:
    """One function known by name.

    ``bodies`` are the standard definitions as sympy ``Lambda``\\ s of the arguments in
    (prediction, target) order (variants accepted alike); ``latex`` writes the first one.
    ``torch`` takes the same arguments as tensors.  ``intervals`` bound each argument's
    draws (``None``: the real line, drawn from a moderate interval); ``breaks`` are kinks.
    """

    key: str
    title: str
    aliases: frozenset[str]
    arity: int
    bodies: tuple[sp.Lambda, ...]
    latex: str
    torch: Callable[..., torch.Tensor]
    intervals: tuple[tuple[float, float] | None, ...] = (None,)
    breaks: tuple[float, ...] = ()
    elementwise: bool = True
    analytic: bool = True
    builtin: Any = None  # what the LaTeX reader uses for it without declaration (\sigma, \tanh)


def _bce(p: Any, t: Any) -> sp.Expr:
    return -t * sp.log(p) - (1 - t) * sp.log(1 - p)


KNOWN: tuple[Known, ...] = (
    Known("sigmoid", "logistic sigmoid", frozenset({"sigma", "sigmoid", "logistic"}), 1,
          (sp.Lambda(_U, 1 / (1 + sp.exp(-_U))),), r"\sigma(a) = \frac{1}{1 + e^{-a}}", torch.sigmoid,
          builtin=sigmoid),
    Known("tanh", "hyperbolic tangent", frozenset({"tanh"}), 1, (sp.Lambda(_U, sp.tanh(_U)),),
          r"\tanh(a) = \frac{e^{a} - e^{-a}}{e^{a} + e^{-a}}", torch.tanh, builtin=sp.tanh),
    Known("relu", "rectified linear unit", frozenset({"relu"}), 1, (sp.Lambda(_U, sp.Max(0, _U)),),
          r"\operatorname{relu}(a) = \max(0, a)", torch.relu, breaks=(0.0,), analytic=False),
    Known("softplus", "softplus", frozenset({"softplus"}), 1, (sp.Lambda(_U, sp.log(1 + sp.exp(_U))),),
          r"\operatorname{softplus}(a) = \log(1 + e^{a})", lambda a: F.softplus(a, beta=1.0, threshold=1e9)),
    Known("quadratic", "quadratic loss",
          frozenset({"l_quad", "l_quadratic", "quad", "quadratic", "quadratic_loss", "mse", "l_mse", "mse_loss",
                     "squared_error", "l_2", "l2", "l_sq"}), 2,
          (sp.Lambda((_U, _V), (_U - _V) ** 2), sp.Lambda((_U, _V), (_U - _V) ** 2 / 2)),
          r"L(\hat{y}, y) = (\hat{y} - y)^2 \text{ (or } \tfrac{1}{2}(\hat{y} - y)^2\text{)}",
          lambda p, t: (p - t) ** 2, intervals=(None, None)),
    Known("binary-cross-entropy", "binary cross-entropy (negative log-likelihood)",
          # "nlv": French "négative log-vraisemblance"
          frozenset({"l_nll", "l_nlv", "l_bce", "bce", "binary_cross_entropy", "nll", "log_loss", "logloss",
                     "l_log", "bce_loss"}), 2,
          (sp.Lambda((_U, _V), _bce(_U, _V)),), r"L(\hat{y}, y) = -y \log \hat{y} - (1 - y) \log(1 - \hat{y})",
          lambda p, t: F.binary_cross_entropy(p, t, reduction="none"), intervals=((0.0, 1.0), (0.0, 1.0))),
    Known("softmax", "softmax (over the last axis)", frozenset({"softmax"}), 1, (),
          r"\operatorname{softmax}(z)_i = e^{z_i} / \sum_j e^{z_j}", lambda z: torch.softmax(z, dim=-1),
          elementwise=False),
    Known("cross-entropy", "categorical cross-entropy of probabilities",
          frozenset({"cross_entropy", "categorical_cross_entropy", "ce", "l_ce", "ce_loss"}), 2, (),
          r"L(\hat{y}, y) = -\sum_k y_k \log \hat{y}_k", lambda p, t: -(t * torch.log(p)).sum(-1),
          intervals=((0.0, 1.0), (0.0, 1.0)), elementwise=False),
)

_BY_ALIAS = {alias: k for k in KNOWN for alias in k.aliases}


def known(key: str) -> Known | None:
    """The known function a name stands for (``\\sigma``, ``sigmoid``, ``L_{\\text{quad}}``, ``ReLU``), if any."""
    k = key.lower().replace("\\", "").replace("{", "").replace("}", "").replace("text", "").replace("operatorname", "")
    k = k.replace("mathrm", "")
    return _BY_ALIAS.get(k) or _BY_ALIAS.get(k.replace("-", "_"))


def standard_readings(k: Known) -> list[tuple[str, Any, tuple[int, ...]]]:
    """``(label, function, order)`` for every standard variant; ``order`` maps (prediction, target) to the
    document's argument positions, so two-argument losses are tried in both orders.  The first variant
    of a function the LaTeX reader knows (σ, tanh) is that built-in function, which prints as written."""
    out: list[tuple[str, Any, tuple[int, ...]]] = []
    for i, body in enumerate(k.bodies):
        fn = k.builtin if (i == 0 and k.builtin is not None) else body
        label = f"the standard {k.title}" + (f" {sp.latex(body.expr)}" if len(k.bodies) > 1 else "")
        out.append((label, fn, tuple(range(k.arity))))
    if k.arity == 2:
        for body in k.bodies:
            (p, t), expr = body.variables, body.expr
            label = f"the standard {k.title}" + (f" {sp.latex(expr)}" if len(k.bodies) > 1 else "")
            out.append((label + " with its arguments in the other order", sp.Lambda((t, p), expr), (1, 0)))
    return out
