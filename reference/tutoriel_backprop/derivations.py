"""The derivations of 000_88c507be81c046c9.txt, line by line as printed (``reference._derivations``)."""

from __future__ import annotations

import sympy as sp
import torch

from oracle import Source
from oracle.judges.symbolic import Assumptions, prime, sigmoid
from reference._derivations import derivation, symbol

FILE = "000_88c507be81c046c9.txt"
_LAST_LAYER = "Calculer l'erreur pour la dernière couche"
_ONE_MORE_LAYER = "On en remet une couche"

u = symbol("u")
cost = sp.Function("cost")
#: The tutorial's cost is generic; numeric checks and autograd use this instance of it.
_COST_INSTANCE = sp.Lambda(u, (u - sp.Rational(3, 10)) ** 2 / 2)
C = symbol("C")


def _cost_torch(t):
    return (t - 0.3) ** 2 / 2


def _layer(prev: list[sp.Symbol], layer: str, size: int) -> tuple[list, list, list, list]:
    """Symbols and bindings of one sigmoid layer: z^l_i = Σ_j w^l_ij a^{prev}_j + b^l_i, a^l_i = σ(z^l_i)."""
    wts = [[symbol(f"w^{layer}_{i}{j}") for j in range(1, len(prev) + 1)] for i in range(1, size + 1)]
    bias = [symbol(f"b^{layer}_{i}") for i in range(1, size + 1)]
    zs = [symbol(f"z^{layer}_{i}") for i in range(1, size + 1)]
    acts = [symbol(f"a^{layer}_{i}") for i in range(1, size + 1)]
    zb = [(zs[i], sum(wts[i][j] * prev[j] for j in range(len(prev))) + bias[i]) for i in range(size)]
    ab = [(acts[i], sigmoid(zs[i])) for i in range(size)]
    return wts, bias, zb, ab


# Last layer L (2 inputs a^{L-1}_j, 2 outputs), for ∂C/∂w^L_11.
_A_PREV = [symbol("a^{L-1}_1"), symbol("a^{L-1}_2")]
_WL2, _BL2, _ZL2, _AL2 = _layer(_A_PREV, "L", 2)
#: C as a sum of per-output terms, the form the document assumes without saying so (its cost'(a^L_i)).
_C2 = (C, sum(cost(act) for act, _ in _AL2))

# Layers 4 (2 units, inputs a^3_1, a^3_2) and L (3 units), for ∂C/∂a^4_1 and ∂C/∂w^4_12.
_A3 = [symbol("a^3_1"), symbol("a^3_2")]
_W4, _B4, _Z4, _A4 = _layer(_A3, "4", 2)
_A4_SYMS = [s for s, _ in _A4]
_WL3, _BL3, _ZL3, _AL3 = _layer(_A4_SYMS, "L", 3)
_DELTA = [symbol(f"delta^L_{k}") for k in (1, 2, 3)]
_DELTA_BIND = tuple((_DELTA[k], prime(sigmoid, _ZL3[k][0]) * prime(cost, _AL3[k][0])) for k in range(3))
_C3 = (C, sum(cost(act) for act, _ in _AL3))
_SUM_W_DELTA = sum(_WL3[k][0] * _DELTA[k] for k in range(3))

_ZI, _AI, _AJ = symbol("z^L_i"), symbol("a^L_i"), symbol("a^L_j")


def _flat(rows):
    return [s for row in rows for s in row]


def _kw(symbols):
    """Keyword names for the torch references: a^{L-1}_1 -> a_Lm1_1."""
    return {s.name.replace("^", "_").replace("{", "").replace("}", "").replace("-", "m"): s for s in symbols}


_LAST_ARGS = _kw(_A_PREV + _flat(_WL2) + _BL2)
_A4_ARGS = _kw(_A4_SYMS + _flat(_WL3) + _BL3)
_W4_ARGS = _kw(_A3 + _flat(_W4) + _B4 + _flat(_WL3) + _BL3)


def _dense_cost(x, W, b):
    return _cost_torch(torch.sigmoid(W @ x + b)).sum()


def _last_layer_cost(**k):
    x = torch.stack([k["a_Lm1_1"], k["a_Lm1_2"]])
    W = torch.stack([torch.stack([k[f"w_L_{i}{j}"] for j in (1, 2)]) for i in (1, 2)])
    b = torch.stack([k["b_L_1"], k["b_L_2"]])
    return _dense_cost(x, W, b)


def _cost_from_a4(**k):
    x = torch.stack([k["a_4_1"], k["a_4_2"]])
    W = torch.stack([torch.stack([k[f"w_L_{i}{j}"] for j in (1, 2)]) for i in (1, 2, 3)])
    b = torch.stack([k[f"b_L_{i}"] for i in (1, 2, 3)])
    return _dense_cost(x, W, b)


def _cost_from_a3(**k):
    x = torch.stack([k["a_3_1"], k["a_3_2"]])
    W4 = torch.stack([torch.stack([k[f"w_4_{i}{j}"] for j in (1, 2)]) for i in (1, 2)])
    b4 = torch.stack([k["b_4_1"], k["b_4_2"]])
    a4 = torch.sigmoid(W4 @ x + b4)
    return _cost_from_a4(a_4_1=a4[0], a_4_2=a4[1], **{n: t for n, t in k.items() if n.startswith(("w_L", "b_L"))})


_COST_ASSUME = dict(instances={cost: _COST_INSTANCE})

CLAIMS = [
    derivation(
        "tutoriel-backprop/derivation-dc-dw-l11",
        family="chain-rule",
        source=Source(FILE, _LAST_LAYER,
                      r"\frac{\partial C}{\partial w^L_{11}} = a^{L-1}_1 * \sigma'(z^L_1) * cost'(a^L_1)"),
        lhs=r"\frac{\partial C}{\partial w^L_{11}}",
        printed=[r"\frac{\partial z^L_1}{\partial w^L_{11}} \frac{\partial a^L_1}{\partial z^L_1} "
                 r"\frac{\partial C}{\partial a^L_1}",
                 r"a^{L-1}_1 * \sigma'(z^L_1) * cost'(a^L_1)"],
        check=dict(definition=C, variable=_WL2[0][0], functions={"cost": cost},
                   assumptions=Assumptions(bindings=(_C2,) + tuple(_AL2) + tuple(_ZL2), **_COST_ASSUME),
                   reference=_last_layer_cost, reference_args=_LAST_ARGS),
        explanation=("Judged with C = Σ_k cost(a^L_k), a sum of per-output terms: the document assumes that form "
                     "without stating it when it writes ∂C/∂a^L_1 = cost'(a^L_1) (tutoriel-backprop/per-output-cost); "
                     "for any other cost the derivation holds with ∂C/∂a^L_1 in place of cost'(a^L_1)."),
    ),
    derivation(
        "tutoriel-backprop/derivation-delta-l",
        family="chain-rule",
        source=Source(FILE, _LAST_LAYER,
                      r"\delta^L_i = \sigma'(z^L_i) * cost'(a^L_i) = \frac{\partial a^L_i}{\partial z^L_i} "
                      r"\frac{\partial C}{\partial a^L_i} = \frac{\partial C}{\partial z^L_i}"),
        lhs=r"\delta^L_i",
        printed=[r"\sigma'(z^L_i) * cost'(a^L_i)",
                 r"\frac{\partial a^L_i}{\partial z^L_i} \frac{\partial C}{\partial a^L_i}",
                 r"\frac{\partial C}{\partial z^L_i}"],
        # C = cost(a^L_i) + the cost of the other outputs (a^L_j), which do not depend on z^L_i.
        check=dict(definition=C, variable=_ZI, functions={"cost": cost},
                   assumptions=Assumptions(bindings=((C, cost(_AI) + cost(_AJ)), (_AI, sigmoid(_ZI))),
                                           **_COST_ASSUME),
                   reference=lambda z_L_i, a_L_j: _cost_torch(torch.sigmoid(z_L_i)) + _cost_torch(a_L_j),
                   reference_args={"z_L_i": _ZI, "a_L_j": _AJ}),
        explanation=("Judged with C = cost(a^L_i) + cost(a^L_j), a sum of per-output terms: the document assumes that "
                     "form without stating it when it writes cost'(a^L_i) for ∂C/∂a^L_i "
                     "(tutoriel-backprop/per-output-cost); the chain rule of its last equality holds for any cost."),
    ),
    derivation(
        "tutoriel-backprop/derivation-dc-da4",
        family="chain-rule",
        source=Source(FILE, _ONE_MORE_LAYER,
                      r"\frac{\partial C}{\partial a^4_1} = \frac{\partial z^L_1}{\partial a^4_1} "
                      r"\frac{\partial C}{\partial z^L_1}"),
        lhs=r"\frac{\partial C}{\partial a^4_1}",
        printed=[r"\frac{\partial z^L_1}{\partial a^4_1} \frac{\partial C}{\partial z^L_1} + \frac{\partial z^L_2}"
                 r"{\partial a^4_1} \frac{\partial C}{\partial z^L_2} + \frac{\partial z^L_3}{\partial a^4_1} "
                 r"\frac{\partial C}{\partial z^L_3}",
                 (r"\sum_{k} \frac{\partial z^L_k}{\partial a^4_1} \frac{\partial C}{\partial z^L_k}",
                  sum(sp.Derivative(_ZL3[k][0], _A4_SYMS[0]) * sp.Derivative(C, _ZL3[k][0]) for k in range(3))),
                 # ∂C/∂z^L_k = δ^L_k and ∂z^L_k/∂a^4_1 = w^L_k1, substituted as the recap line prints them.
                 (r"\sum_{k} w^L_{k1} \delta^L_k", _SUM_W_DELTA)],
        check=dict(definition=C, variable=_A4_SYMS[0], functions={"cost": cost},
                   assumptions=Assumptions(bindings=_DELTA_BIND + (_C3,) + tuple(_AL3) + tuple(_ZL3),
                                           **_COST_ASSUME),
                   reference=_cost_from_a4, reference_args=_A4_ARGS),
    ),
    derivation(
        "tutoriel-backprop/derivation-dc-dw4",
        family="chain-rule",
        source=Source(FILE, _ONE_MORE_LAYER,
                      r"\frac{\partial C}{\partial w^4_{12}} = a^3_2 * \sigma'(z^4_1) * \sum_{k} w^L_{k1} \delta^L_k"),
        lhs=r"\frac{\partial C}{\partial w^4_{12}}",
        printed=[r"\frac{\partial z^4_1}{\partial w^4_{12}} \frac{\partial a^4_1}{\partial z^4_1} "
                 r"\frac{\partial C}{\partial a^4_1}",
                 (r"a^3_2 * \sigma'(z^4_1) * \sum_{k} w^L_{k1} \delta^L_k",
                  _A3[1] * prime(sigmoid, _Z4[0][0]) * _SUM_W_DELTA)],
        check=dict(definition=C, variable=_W4[0][1], functions={"cost": cost},
                   assumptions=Assumptions(bindings=_DELTA_BIND + (_C3,) + tuple(_AL3) + tuple(_ZL3) + tuple(_A4)
                                           + tuple(_Z4), **_COST_ASSUME),
                   reference=_cost_from_a3, reference_args=_W4_ARGS),
    ),
]


