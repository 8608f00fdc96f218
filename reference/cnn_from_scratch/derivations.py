"""The derivations of 001_dde28a00788c0b3a.txt, line by line (``reference._derivations``)."""

from __future__ import annotations

import sympy as sp
import torch
import torch.nn.functional as F

from oracle import Source
from oracle.judges.symbolic import Assumptions
from reference._derivations import derivation, symbol

FILE = "001_dde28a00788c0b3a.txt"
_OBJECTIVE = "Dérivée partielle de la fonction objectif"
# The article's formulas are images; its captions and prose describe the steps: "Calcul de la
# dérivée partielle de l'entropie croisée par rapport à une sortie" (three images), then "Or ytrue
# est un vecteur de probabilités, sa somme est donc égale à 1. On en déduit que" the derivative
# with respect to θ_k is ypred_k − ytrue_k.  The lines below are that argument for C = 3 classes
# and k = 1, with p_i the softmax of θ (ypred) and y_i the true probabilities (ytrue).

_THETA = [symbol(f"theta_{i}") for i in (1, 2, 3)]
_Y = [symbol(f"y_{i}") for i in (1, 2, 3)]
_YHAT = [symbol(f"p_{i}") for i in (1, 2, 3)]
_SOFTMAX = tuple((_YHAT[i], sp.exp(_THETA[i]) / sum(sp.exp(t) for t in _THETA)) for i in range(3))
_CE = symbol("L")

CLAIMS = [
    derivation(
        "cnn-from-scratch/derivation-softmax-ce",
        family="softmax-ce",
        source=Source(FILE, _OBJECTIVE, "Or ytrue est un vecteur de probabilités, sa somme est donc égale à 1. "
                                        "On en déduit que:"),
        lhs=r"\frac{\partial L}{\partial \theta_k}",
        printed=[(r"-\sum_{i=1}^{C} y_i \frac{\partial \log p_i}{\partial \theta_k}",
                  -sum(_Y[i] * sp.Derivative(sp.log(_YHAT[i]), _THETA[0]) for i in range(3))),
                 (r"-y_k + p_k \sum_{i=1}^{C} y_i", -_Y[0] + _YHAT[0] * sum(_Y)),
                 (r"p_k - y_k", _YHAT[0] - _Y[0])],
        check=dict(definition=_CE, variable=_THETA[0],
                   assumptions=Assumptions(bindings=((_CE, -sum(_Y[i] * sp.log(_YHAT[i]) for i in range(3))),)
                                           + _SOFTMAX, simplices=(tuple(_Y),)),
                   reference=lambda t1, t2, t3, y1, y2, y3: -(torch.stack([y1, y2, y3])
                                                               * F.log_softmax(torch.stack([t1, t2, t3]), 0)).sum(),
                   reference_args={"t1": _THETA[0], "t2": _THETA[1], "t3": _THETA[2],
                                   "y1": _Y[0], "y2": _Y[1], "y3": _Y[2]}),
        explanation=("The step the text states, from Σ ytrue = 1 to p_k − y_k, holds; lines 0 and 1 are the "
                     "catalogue's reconstruction for C = 3 of Annexe 30, whose three lines are images."),
    ),
]

