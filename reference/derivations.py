"""Derivation claims: formulas the documents derive over several printed lines, checked link by link.

Each claim transcribes one printed derivation as the list of its successive right-hand
sides, wrong lines included, and is judged by ``DerivationCheck`` (link 0 joins the true
derivative to line 0, link i joins line i - 1 to line i; lines are counted from 0).
Where the document prints its LaTeX, the lines are the document's own LaTeX, read by
``oracle.judges.symbolic.latex`` (the aligned blocks below are pasted verbatim from the
documents and split with ``derivation_lines``); notation the reader does not cover
(``\\sum_k``) is given as a ``(printed LaTeX, sympy meaning)`` pair.

Notation choices:

* σ is the logistic function (``oracle.judges.symbolic.sigmoid``), as in the derivations themselves
  (004's slide defines σ(a) = a/(1 + e^{-a}), a separate definition claim).
* Intermediate quantities (z, a, C, δ, t_1, ŷ_i) are symbols with *bindings*, substituted
  before comparing, so that a line prints ∂a/∂z as the document does.
* Generic functions (004's f, h, L; 000's cost) stay undefined sympy functions: the
  identities are proved for every f.  The numeric fallback and the autograd cross-check
  use the instances named beside them (σ, tanh, a quadratic loss), which the torch
  references compute with torch's own ops.
"""

from __future__ import annotations

import sympy as sp
import torch
import torch.nn.functional as F

from oracle.checks.derivation import DerivationCheck
from oracle.claims import Form, Kind, Source, Status, claim
from oracle.judges.symbolic import Assumptions, derivation_lines, prime, sigmoid

_GERMAIN = "004_6a6382b038f5beb4.txt"
_TUTORIEL = "000_88c507be81c046c9.txt"
_CNN = "001_dde28a00788c0b3a.txt"

_CHAIN = "Règle de dérivation en chaîne"
_GRAPH = "Exemple sur un graphe de calcul simple"
_LOSSES = "Dérivées de fonctions de perte"
_ACTIVATIONS = "Dérivées de fonctions d'activation"
_LAST_LAYER = "Calculer l'erreur pour la dernière couche"
_ONE_MORE_LAYER = "On en remet une couche"
_OBJECTIVE = "Dérivée partielle de la fonction objectif"


def _r(name: str) -> sp.Symbol:
    return sp.Symbol(name, real=True)


def _line_tex(line) -> str:
    if isinstance(line, str):
        return line.strip()
    if isinstance(line, tuple):
        return line[0]
    return sp.latex(line)


def _chain_tex(lhs: str, lines) -> str:
    """The whole derivation as one LaTeX equality chain (the Form's LaTeX)."""
    return " = ".join([lhs] + [_line_tex(l) for l in lines])


def _derivation(id: str, *, family: str, source: Source, lhs: str, printed, check: dict,
                corrected=None, explanation: str = "", beyond_document: bool = False):
    """A derivation claim: ERRATUM with its corrected lines when ``corrected`` is given, HOLDS otherwise."""
    check = DerivationCheck(corrected=tuple(corrected) if corrected else None, **check)
    return claim(
        id,
        kind=Kind.DERIVATION,
        family=family,
        source=source,
        check=check,
        printed=Form(_chain_tex(lhs, printed), list(printed)),
        expect=Status.ERRATUM if corrected else Status.HOLDS,
        correction=Form(_chain_tex(lhs, corrected), list(corrected)) if corrected else None,
        explanation=explanation,
        beyond_document=beyond_document,
    )


# --- 004: Germain (2019) -----------------------------------------------------------------------

a, x, v, w, y, r, u = (_r(n) for n in ("a", "x", "v", "w", "y", "r", "u"))
yhat = _r("yhat")
t1, f_node = _r("t_1"), _r("f")
f, h, L = sp.Function("f"), sp.Function("h"), sp.Function("L")

_SIGMOID_BLOCK = (r"\begin{aligned}\sigma'(a) &= \frac{\partial}{\partial a} (1 + e^{-a})^{-1} \\ "
                  r"&= -(1 + e^{-a})^{-2} \frac{\partial}{\partial a} (1 + e^{-a}) \\ "
                  r"&= -\frac{1}{(1 + e^{-a})^2} \left[-\frac{\partial}{\partial a} e^a \right] \\ "
                  r"&= \frac{e^a}{(1 + e^{-a})^2} \\ "
                  r"&= \frac{1 + e^a}{(1 + e^{-a})^2} - \frac{1}{(1 + e^{-a})^2} \\ "
                  r"&= \frac{1}{1 + e^{-a}} - \left(\frac{1}{1 + e^{-a}} \right)^2 \\ "
                  r"&= \sigma(a) - (\sigma(a))^2 \\ "
                  r"&= \sigma(a) (1 - \sigma(a))\end{aligned}")
_SIGMOID_LHS, SIGMOID_LINES = derivation_lines(_SIGMOID_BLOCK)
#: Line 2 differentiates 1 + e^{-a} as if it were e^{a}; lines 3 and 4 carry e^{a} on.
SIGMOID_CORRECTED = (
    SIGMOID_LINES[:2]
    + [r"-\frac{1}{(1 + e^{-a})^2} \left[\frac{\partial}{\partial a} e^{-a} \right]",
       r"\frac{e^{-a}}{(1 + e^{-a})^2}",
       r"\frac{1 + e^{-a}}{(1 + e^{-a})^2} - \frac{1}{(1 + e^{-a})^2}"]
    + SIGMOID_LINES[5:]
)

_TANH_BLOCK = r"\begin{aligned}\tanh(a) &= \frac{e^{2a} - 1}{e^{2a} + 1} \\ &= 2\sigma(2a) - 1\end{aligned}"
_TANH_PRIME_BLOCK = (r"\begin{aligned}\tanh'(a) &= \frac{\partial \tanh(a)}{\partial a} \\ &= 4\sigma'(2a) \\ "
                     r"&= 1 - \left(\tanh(a)\right)^2\end{aligned}")
_RELU_PRIME_BLOCK = (r"\begin{aligned}\text{relu}'(a) &= \frac{\partial \text{relu}(a)}{\partial a} \\ "
                     r"&= \mathbb{1}_{a>0}\end{aligned}")
_QUAD_BLOCK = (r"\begin{aligned} L'_{\text{quad}}(\hat{y}, y) &= \frac{\partial L_{\text{quad}}(\hat{y}, y)}"
               r"{\partial \hat{y}} \\ &= 2(\hat{y} - y) \end{aligned}")
_NLL_BLOCK = (r"\begin{aligned} L'_{\text{nlv}}(\hat{y}, y) &= \frac{\partial L_{\text{nlv}}(\hat{y}, y)}"
              r"{\partial \hat{y}} \\ &= -\frac{y}{\hat{y}} - \frac{1 - y}{1 - \hat{y}} \end{aligned}")
_CHAIN_BLOCK = (r"\begin{aligned}\frac{\partial f(h(x))}{\partial x} &= \frac{\partial f(h(x))}{\partial h(x)} "
                r"\frac{\partial h(x)}{\partial x} \\ &= \left[\frac{\partial f(a)}{\partial a} \right]_{a=h(x)} "
                r"\frac{\partial h(x)}{\partial x}\end{aligned}")
_CHAIN_EXAMPLE_BLOCK = (r"\begin{aligned}\frac{\partial F(x)}{\partial x} &= \frac{\partial f(h(x))}{\partial h(x)} "
                        r"\frac{\partial h(x)}{\partial x} \\ &= 2h(x) \times 2 \\ &= 4(2x + 3)\end{aligned}")
_R_W_BLOCK = (r"\begin{aligned} \frac{\partial L(R_{v,w}(x), y)}{\partial w} &= \left[\frac{\partial L(r, y)}{\partial r} "
              r"\right]_{r=R_{v,w}(x,y)} \cdot \frac{\partial R_{v,w}(x)}{\partial w} \\ &= \left[\frac{\partial L(r, y)}"
              r"{\partial r} \right]_{r=R_{v,w}(x,y)} \cdot \left[\frac{\partial f(a)}{\partial a} \right]_{a=w \cdot "
              r"h(v \cdot x)} \cdot \frac{\partial w \cdot h(v \cdot x)}{\partial w} \\ &= \left[\frac{\partial L(r, y)}"
              r"{\partial r} \right]_{r=R_{v,w}(x,y)} \cdot \left[\frac{\partial f(a)}{\partial a} \right]_{a=w \cdot "
              r"h(v \cdot x)} \cdot h(v \cdot x) \end{aligned}")
_R_V_BLOCK = (r"\begin{aligned} \frac{\partial L(R_{v,w}(x), y)}{\partial v} &= \left[\frac{\partial L(r, y)}{\partial r} "
              r"\right]_{r=R_{v,w}(x,y)} \cdot \frac{\partial R_{v,w}(x)}{\partial v} \\ &= \left[\frac{\partial L(r, y)}"
              r"{\partial r} \right]_{r=R_{v,w}(x,y)} \cdot \left[\frac{\partial f(a)}{\partial a} \right]_{a=w \cdot "
              r"h(v \cdot x)} \cdot \frac{\partial w \cdot h(v \cdot x)}{\partial v} \\ &= \left[\frac{\partial L(r, y)}"
              r"{\partial r} \right]_{r=R_{v,w}(x,y)} \cdot \left[\frac{\partial f(a)}{\partial a} \right]_{a=w \cdot "
              r"h(v \cdot x)} \cdot w \cdot \frac{\partial h(v \cdot x)}{\partial v} \\ &= \left[\frac{\partial L(r, y)}"
              r"{\partial r} \right]_{r=R_{v,w}(x,y)} \cdot \left[\frac{\partial f(a)}{\partial a} \right]_{a=w \cdot "
              r"h(v \cdot x)} \cdot w \cdot \left[\frac{\partial h(b)}{\partial b} \right]_{b=v \cdot x} \cdot "
              r"\frac{\partial v \cdot x}{\partial v} \\ &= \left[\frac{\partial L(r, y)}{\partial r} \right]_{r=R_{v,w}"
              r"(x,y)} \cdot \left[\frac{\partial f(a)}{\partial a} \right]_{a=w \cdot h(v \cdot x)} \cdot w \cdot "
              r"\left[\frac{\partial h(b)}{\partial b} \right]_{b=v \cdot x} \cdot x \end{aligned}")

#: The blocks above, each pasted verbatim from 004 (a test checks it).
GERMAIN_BLOCKS = (_SIGMOID_BLOCK, _TANH_BLOCK, _TANH_PRIME_BLOCK, _RELU_PRIME_BLOCK, _QUAD_BLOCK, _NLL_BLOCK,
                  _CHAIN_BLOCK, _CHAIN_EXAMPLE_BLOCK, _R_W_BLOCK, _R_V_BLOCK)


def _lines(block: str):
    return derivation_lines(block)


def _R(arg, second=None):
    """R_{v,w}(x) = f(w·h(v·x)); the slides also write R_{v,w}(x, y) for the same network output."""
    return f(w * h(v * arg))


_SIGMA_INSTANCE = sp.Lambda(u, sigmoid(u))
_CHAIN_INSTANCES = {f: _SIGMA_INSTANCE, h: sp.Lambda(u, sp.tanh(u)), L: sp.Lambda((u, y), (u - y) ** 2)}
_CHAIN_FUNCTIONS = {"f": f, "h": h, "L": L, "R_{v,w}": _R}


def _r_loss(x, v, w, y):
    return (torch.sigmoid(w * torch.tanh(v * x)) - y) ** 2


_UNIT = {a: (-4.0, 4.0)}
_PROB = {yhat: (0.0, 1.0), y: (0.0, 1.0)}

_GRAPH_BIND = ((f_node, t1 * w), (t1, u + v))
_GRAPH_POINT = {u: 2, v: 3, w: 4}

GERMAIN_CLAIMS = [
    _derivation(
        "germain-2019/derivation-chain-rule",
        family="chain-rule",
        source=Source(_GERMAIN, _CHAIN, r"\frac{\partial f(h(x))}{\partial x} &= \frac{\partial f(h(x))}{\partial h(x)} "
                                        r"\frac{\partial h(x)}{\partial x}"),
        lhs=_lines(_CHAIN_BLOCK)[0], printed=_lines(_CHAIN_BLOCK)[1],
        check=dict(definition=f(h(x)), variable=x, functions={"f": f, "h": h},
                   assumptions=Assumptions(instances=_CHAIN_INSTANCES),
                   reference=lambda x: torch.sigmoid(torch.tanh(x)), reference_args={"x": x}),
    ),
    _derivation(
        "germain-2019/derivation-chain-rule-example",
        family="chain-rule",
        source=Source(_GERMAIN, _CHAIN, r"&= 2h(x) \times 2"),
        lhs=_lines(_CHAIN_EXAMPLE_BLOCK)[0], printed=_lines(_CHAIN_EXAMPLE_BLOCK)[1],
        check=dict(definition=f(h(x)), variable=x, functions={"f": f, "h": h},
                   assumptions=Assumptions(functions={f: sp.Lambda(u, u ** 2), h: sp.Lambda(u, 2 * u + 3)}),
                   reference=lambda x: (2 * x + 3) ** 2, reference_args={"x": x}),
    ),
    _derivation(
        "germain-2019/derivation-r-dw",
        family="chain-rule",
        source=Source(_GERMAIN, _CHAIN, r"\frac{\partial L(R_{v,w}(x), y)}{\partial w} &="),
        lhs=_lines(_R_W_BLOCK)[0], printed=_lines(_R_W_BLOCK)[1],
        check=dict(definition=L(f(w * h(v * x)), y), variable=w, functions=_CHAIN_FUNCTIONS,
                   assumptions=Assumptions(instances=_CHAIN_INSTANCES), reference=_r_loss,
                   reference_args={"x": x, "v": v, "w": w, "y": y}),
    ),
    _derivation(
        "germain-2019/derivation-r-dv",
        family="chain-rule",
        source=Source(_GERMAIN, _CHAIN, r"\frac{\partial L(R_{v,w}(x), y)}{\partial v} &="),
        lhs=_lines(_R_V_BLOCK)[0], printed=_lines(_R_V_BLOCK)[1],
        check=dict(definition=L(f(w * h(v * x)), y), variable=v, functions=_CHAIN_FUNCTIONS,
                   assumptions=Assumptions(instances=_CHAIN_INSTANCES), reference=_r_loss,
                   reference_args={"x": x, "v": v, "w": w, "y": y}),
    ),
    _derivation(
        "germain-2019/derivation-graph-df-dw",
        family="graph",
        source=Source(_GERMAIN, _GRAPH, r"\frac{\partial f}{\partial w} = \frac{\partial}{\partial w} (t_1 w) "
                                        r"\frac{\partial f}{\partial f} = t_1 \cdot 1"),
        lhs=r"\frac{\partial f}{\partial w}",
        printed=[r"\frac{\partial}{\partial w} (t_1 w) \frac{\partial f}{\partial f}", r"t_1 \cdot 1"],
        check=dict(definition=f_node, variable=w, assumptions=Assumptions(bindings=((f_node, t1 * w),)),
                   reference=lambda t1, w: t1 * w, reference_args={"t1": t1, "w": w}),
    ),
    _derivation(
        "germain-2019/derivation-graph-df-dt1",
        family="graph",
        source=Source(_GERMAIN, _GRAPH, r"\frac{\partial f}{\partial t_1} = \frac{\partial}{\partial t_1} (t_1 w) "
                                        r"\frac{\partial f}{\partial f} = w \cdot 1"),
        lhs=r"\frac{\partial f}{\partial t_1}",
        printed=[r"\frac{\partial}{\partial t_1} (t_1 w) \frac{\partial f}{\partial f}", r"w \cdot 1"],
        check=dict(definition=f_node, variable=t1, assumptions=Assumptions(bindings=((f_node, t1 * w),)),
                   reference=lambda t1, w: t1 * w, reference_args={"t1": t1, "w": w}),
    ),
    _derivation(
        "germain-2019/derivation-graph-df-du",
        family="graph",
        source=Source(_GERMAIN, _GRAPH, r"\frac{\partial f}{\partial u} = \frac{\partial t_1}{\partial u} "
                                        r"\frac{\partial f}{\partial t_1} = 1 \cdot \frac{\partial f}{\partial t_1} = 4"),
        lhs=r"\frac{\partial f}{\partial u}",
        printed=[r"\frac{\partial t_1}{\partial u} \frac{\partial f}{\partial t_1}",
                 r"1 \cdot \frac{\partial f}{\partial t_1}", "4"],
        check=dict(definition=f_node, variable=u, assumptions=Assumptions(bindings=_GRAPH_BIND, point=_GRAPH_POINT),
                   reference=lambda u, v, w: (u + v) * w, reference_args={"u": u, "v": v, "w": w}),
    ),
    _derivation(
        "germain-2019/derivation-graph-df-dv",
        family="graph",
        source=Source(_GERMAIN, _GRAPH, r"\frac{\partial f}{\partial v} = \frac{\partial t_1}{\partial v} "
                                        r"\frac{\partial f}{\partial t_1} = 1 \cdot \frac{\partial f}{\partial t_1} = 4"),
        lhs=r"\frac{\partial f}{\partial v}",
        printed=[r"\frac{\partial t_1}{\partial v} \frac{\partial f}{\partial t_1}",
                 r"1 \cdot \frac{\partial f}{\partial t_1}", "4"],
        check=dict(definition=f_node, variable=v, assumptions=Assumptions(bindings=_GRAPH_BIND, point=_GRAPH_POINT),
                   reference=lambda u, v, w: (u + v) * w, reference_args={"u": u, "v": v, "w": w}),
    ),
    _derivation(
        "germain-2019/derivation-quadratic-loss-prime",
        family="loss",
        source=Source(_GERMAIN, _LOSSES, r"L'_{\text{quad}}(\hat{y}, y) &= \frac{\partial L_{\text{quad}}(\hat{y}, y)}"
                                         r"{\partial \hat{y}}"),
        lhs=_lines(_QUAD_BLOCK)[0], printed=_lines(_QUAD_BLOCK)[1],
        check=dict(definition=(yhat - y) ** 2, variable=yhat,
                   functions={r"L_{\text{quad}}": sp.Lambda((u, r), (u - r) ** 2)},
                   assumptions=Assumptions(intervals={yhat: (-3.0, 3.0), y: (-3.0, 3.0)}),
                   reference=lambda yhat, y: (yhat - y) ** 2, reference_args={"yhat": yhat, "y": y}),
    ),
    _derivation(
        "germain-2019/derivation-nll-loss-prime",
        family="loss",
        source=Source(_GERMAIN, _LOSSES, r"&= -\frac{y}{\hat{y}} - \frac{1 - y}{1 - \hat{y}}"),
        lhs=_lines(_NLL_BLOCK)[0], printed=_lines(_NLL_BLOCK)[1],
        corrected=[_lines(_NLL_BLOCK)[1][0], r"-\frac{y}{\hat{y}} + \frac{1 - y}{1 - \hat{y}}"],
        explanation=("The slide's last line \"-\\frac{y}{\\hat{y}} - \\frac{1 - y}{1 - \\hat{y}}\" does not follow from "
                     "the derivative of −y log ŷ − (1 − y) log(1 − ŷ): the second term is +(1 − y)/(1 − ŷ)."),
        check=dict(definition=-y * sp.log(yhat) - (1 - y) * sp.log(1 - yhat), variable=yhat,
                   functions={r"L_{\text{nlv}}": sp.Lambda((u, r), -r * sp.log(u) - (1 - r) * sp.log(1 - u))},
                   assumptions=Assumptions(intervals=_PROB),
                   reference=lambda yhat, y: -(y * torch.log(yhat) + (1 - y) * torch.log1p(-yhat)),
                   reference_args={"yhat": yhat, "y": y}),
    ),
    _derivation(
        "germain-2019/derivation-sigmoid-prime",
        family="activation",
        source=Source(_GERMAIN, _ACTIVATIONS, r"&= -\frac{1}{(1 + e^{-a})^2} \left[-\frac{\partial}{\partial a} e^a \right]"),
        lhs=_SIGMOID_LHS, printed=SIGMOID_LINES, corrected=SIGMOID_CORRECTED,
        explanation=("Line 2 \"\\left[-\\frac{\\partial}{\\partial a} e^a \\right]\" should be the derivative of "
                     "1 + e^{-a}, which is −e^{-a}; lines 3 and 4 carry the wrong e^{a} on, and line 5 silently "
                     "returns to e^{-a}, so the final σ(a)(1 − σ(a)) is right in spite of two false equalities."),
        check=dict(definition=sigmoid(a), variable=a, assumptions=Assumptions(intervals=_UNIT),
                   reference=lambda a: torch.sigmoid(a), reference_args={"a": a}),
    ),
    _derivation(
        "germain-2019/derivation-tanh",
        family="activation",
        source=Source(_GERMAIN, _ACTIVATIONS, r"\tanh(a) &= \frac{e^{2a} - 1}{e^{2a} + 1} \\ &= 2\sigma(2a) - 1"),
        lhs=_lines(_TANH_BLOCK)[0], printed=_lines(_TANH_BLOCK)[1],
        check=dict(definition=sp.tanh(a), variable=None, assumptions=Assumptions(intervals=_UNIT),
                   reference=lambda a: torch.tanh(a), reference_args={"a": a}),
    ),
    _derivation(
        "germain-2019/derivation-tanh-prime",
        family="activation",
        source=Source(_GERMAIN, _ACTIVATIONS, r"\tanh'(a) &= \frac{\partial \tanh(a)}{\partial a} \\ &= 4\sigma'(2a)"),
        lhs=_lines(_TANH_PRIME_BLOCK)[0], printed=_lines(_TANH_PRIME_BLOCK)[1],
        check=dict(definition=sp.tanh(a), variable=a, assumptions=Assumptions(intervals=_UNIT),
                   reference=lambda a: torch.tanh(a), reference_args={"a": a}),
    ),
    _derivation(
        "germain-2019/derivation-relu-prime",
        family="activation",
        source=Source(_GERMAIN, _ACTIVATIONS, r"\text{relu}'(a) &= \frac{\partial \text{relu}(a)}{\partial a}"),
        lhs=_lines(_RELU_PRIME_BLOCK)[0], printed=_lines(_RELU_PRIME_BLOCK)[1],
        check=dict(definition=sp.Max(0, a), variable=a, functions={"relu": sp.Lambda(u, sp.Max(0, u))},
                   assumptions=Assumptions(intervals=_UNIT),
                   reference=lambda a: torch.relu(a), reference_args={"a": a}),
    ),
]


# --- 000: tutoriel, la rétropropagation du gradient --------------------------------------------

cost = sp.Function("cost")
#: The tutorial's cost is generic; numeric checks and autograd use this instance of it.
_COST_INSTANCE = sp.Lambda(u, (u - sp.Rational(3, 10)) ** 2 / 2)
C = _r("C")


def _cost_torch(t):
    return (t - 0.3) ** 2 / 2


def _layer(prev: list[sp.Symbol], layer: str, size: int) -> tuple[list, list, list, list]:
    """Symbols and bindings of one sigmoid layer: z^l_i = Σ_j w^l_ij a^{prev}_j + b^l_i, a^l_i = σ(z^l_i)."""
    wts = [[_r(f"w^{layer}_{i}{j}") for j in range(1, len(prev) + 1)] for i in range(1, size + 1)]
    bias = [_r(f"b^{layer}_{i}") for i in range(1, size + 1)]
    zs = [_r(f"z^{layer}_{i}") for i in range(1, size + 1)]
    acts = [_r(f"a^{layer}_{i}") for i in range(1, size + 1)]
    zb = [(zs[i], sum(wts[i][j] * prev[j] for j in range(len(prev))) + bias[i]) for i in range(size)]
    ab = [(acts[i], sigmoid(zs[i])) for i in range(size)]
    return wts, bias, zb, ab


# Last layer L (2 inputs a^{L-1}_j, 2 outputs), for ∂C/∂w^L_11.
_A_PREV = [_r("a^{L-1}_1"), _r("a^{L-1}_2")]
_WL2, _BL2, _ZL2, _AL2 = _layer(_A_PREV, "L", 2)
_C2 = (C, sum(cost(act) for act, _ in _AL2))

# Layers 4 (2 units, inputs a^3_1, a^3_2) and L (3 units), for ∂C/∂a^4_1 and ∂C/∂w^4_12.
_A3 = [_r("a^3_1"), _r("a^3_2")]
_W4, _B4, _Z4, _A4 = _layer(_A3, "4", 2)
_A4_SYMS = [s for s, _ in _A4]
_WL3, _BL3, _ZL3, _AL3 = _layer(_A4_SYMS, "L", 3)
_DELTA = [_r(f"delta^L_{k}") for k in (1, 2, 3)]
_DELTA_BIND = tuple((_DELTA[k], prime(sigmoid, _ZL3[k][0]) * prime(cost, _AL3[k][0])) for k in range(3))
_C3 = (C, sum(cost(act) for act, _ in _AL3))
_SUM_W_DELTA = sum(_WL3[k][0] * _DELTA[k] for k in range(3))

_ZI, _AI, _AJ = _r("z^L_i"), _r("a^L_i"), _r("a^L_j")


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

TUTORIEL_CLAIMS = [
    _derivation(
        "tutoriel-backprop/derivation-dc-dw-l11",
        family="chain-rule",
        source=Source(_TUTORIEL, _LAST_LAYER,
                      r"\frac{\partial C}{\partial w^L_{11}} = a^{L-1}_1 * \sigma'(z^L_1) * cost'(a^L_1)"),
        lhs=r"\frac{\partial C}{\partial w^L_{11}}",
        printed=[r"\frac{\partial z^L_1}{\partial w^L_{11}} \frac{\partial a^L_1}{\partial z^L_1} "
                 r"\frac{\partial C}{\partial a^L_1}",
                 r"a^{L-1}_1 * \sigma'(z^L_1) * cost'(a^L_1)"],
        check=dict(definition=C, variable=_WL2[0][0], functions={"cost": cost},
                   assumptions=Assumptions(bindings=(_C2,) + tuple(_AL2) + tuple(_ZL2), **_COST_ASSUME),
                   reference=_last_layer_cost, reference_args=_LAST_ARGS),
    ),
    _derivation(
        "tutoriel-backprop/derivation-delta-l",
        family="chain-rule",
        source=Source(_TUTORIEL, _LAST_LAYER,
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
    ),
    _derivation(
        "tutoriel-backprop/derivation-dc-da4",
        family="chain-rule",
        source=Source(_TUTORIEL, _ONE_MORE_LAYER,
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
    _derivation(
        "tutoriel-backprop/derivation-dc-dw4",
        family="chain-rule",
        source=Source(_TUTORIEL, _ONE_MORE_LAYER,
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


# --- 001: Implémente moi un CNN ---------------------------------------------------------------
# The article's formulas are images; its captions and prose describe the steps: "Calcul de la
# dérivée partielle de l'entropie croisée par rapport à une sortie" (three images), then "Or ytrue
# est un vecteur de probabilités, sa somme est donc égale à 1. On en déduit que" the derivative
# with respect to θ_k is ypred_k − ytrue_k.  The lines below are that argument for C = 3 classes
# and k = 1, with p_i the softmax of θ (ypred) and y_i the true probabilities (ytrue).

_THETA = [_r(f"theta_{i}") for i in (1, 2, 3)]
_Y = [_r(f"y_{i}") for i in (1, 2, 3)]
_YHAT = [_r(f"p_{i}") for i in (1, 2, 3)]
_SOFTMAX = tuple((_YHAT[i], sp.exp(_THETA[i]) / sum(sp.exp(t) for t in _THETA)) for i in range(3))
_CE = _r("L")

CNN_CLAIMS = [
    _derivation(
        "cnn-from-scratch/derivation-softmax-ce",
        family="softmax-ce",
        source=Source(_CNN, _OBJECTIVE, "Or ytrue est un vecteur de probabilités, sa somme est donc égale à 1. "
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
    ),
]

CLAIMS = TUTORIEL_CLAIMS + CNN_CLAIMS + GERMAIN_CLAIMS
