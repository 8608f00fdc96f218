"""The derivations of 004_6a6382b038f5beb4.txt, line by line as printed (``reference._derivations``); the section
modules (``claims_chain``, ``claims_graph``, ``claims_functions``) put each in its place in the document's order."""

from __future__ import annotations

import sympy as sp
import torch

from oracle import Severity, Source
from oracle.judges.symbolic import Assumptions, derivation_lines, sigmoid
from reference._derivations import derivation, symbol

FILE = "004_6a6382b038f5beb4.txt"
_CHAIN = "Règle de dérivation en chaîne"
_GRAPH = "Exemple sur un graphe de calcul simple"
_LOSSES = "Dérivées de fonctions de perte"
_ACTIVATIONS = "Dérivées de fonctions d'activation"

a, x, v, w, y, r, u = (symbol(n) for n in ("a", "x", "v", "w", "y", "r", "u"))
yhat = symbol("yhat")
t1, f_node = symbol("t_1"), symbol("f")
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

CLAIMS = [
    derivation(
        "germain-2019/derivation-chain-rule",
        family="chain-rule",
        source=Source(FILE, _CHAIN, r"\frac{\partial f(h(x))}{\partial x} &= \frac{\partial f(h(x))}{\partial h(x)} "
                                        r"\frac{\partial h(x)}{\partial x}"),
        lhs=_lines(_CHAIN_BLOCK)[0], printed=_lines(_CHAIN_BLOCK)[1],
        check=dict(definition=f(h(x)), variable=x, functions={"f": f, "h": h},
                   assumptions=Assumptions(instances=_CHAIN_INSTANCES),
                   reference=lambda x: torch.sigmoid(torch.tanh(x)), reference_args={"x": x}),
    ),
    derivation(
        "germain-2019/derivation-chain-rule-example",
        family="chain-rule",
        source=Source(FILE, _CHAIN, r"&= 2h(x) \times 2"),
        lhs=_lines(_CHAIN_EXAMPLE_BLOCK)[0], printed=_lines(_CHAIN_EXAMPLE_BLOCK)[1],
        check=dict(definition=f(h(x)), variable=x, functions={"f": f, "h": h},
                   assumptions=Assumptions(functions={f: sp.Lambda(u, u ** 2), h: sp.Lambda(u, 2 * u + 3)}),
                   reference=lambda x: (2 * x + 3) ** 2, reference_args={"x": x}),
    ),
    derivation(
        "germain-2019/derivation-r-dw",
        family="chain-rule",
        source=Source(FILE, _CHAIN, r"\frac{\partial L(R_{v,w}(x), y)}{\partial w} &="),
        lhs=_lines(_R_W_BLOCK)[0], printed=_lines(_R_W_BLOCK)[1],
        check=dict(definition=L(f(w * h(v * x)), y), variable=w, functions=_CHAIN_FUNCTIONS,
                   assumptions=Assumptions(instances=_CHAIN_INSTANCES), reference=_r_loss,
                   reference_args={"x": x, "v": v, "w": w, "y": y}),
    ),
    derivation(
        "germain-2019/derivation-r-dv",
        family="chain-rule",
        source=Source(FILE, _CHAIN, r"\frac{\partial L(R_{v,w}(x), y)}{\partial v} &="),
        lhs=_lines(_R_V_BLOCK)[0], printed=_lines(_R_V_BLOCK)[1],
        check=dict(definition=L(f(w * h(v * x)), y), variable=v, functions=_CHAIN_FUNCTIONS,
                   assumptions=Assumptions(instances=_CHAIN_INSTANCES), reference=_r_loss,
                   reference_args={"x": x, "v": v, "w": w, "y": y}),
    ),
    derivation(
        "germain-2019/derivation-graph-df-dw",
        family="graph",
        source=Source(FILE, _GRAPH, r"\frac{\partial f}{\partial w} = \frac{\partial}{\partial w} (t_1 w) "
                                        r"\frac{\partial f}{\partial f} = t_1 \cdot 1"),
        lhs=r"\frac{\partial f}{\partial w}",
        printed=[r"\frac{\partial}{\partial w} (t_1 w) \frac{\partial f}{\partial f}", r"t_1 \cdot 1"],
        check=dict(definition=f_node, variable=w, assumptions=Assumptions(bindings=((f_node, t1 * w),)),
                   reference=lambda t1, w: t1 * w, reference_args={"t1": t1, "w": w}),
    ),
    derivation(
        "germain-2019/derivation-graph-df-dt1",
        family="graph",
        source=Source(FILE, _GRAPH, r"\frac{\partial f}{\partial t_1} = \frac{\partial}{\partial t_1} (t_1 w) "
                                        r"\frac{\partial f}{\partial f} = w \cdot 1"),
        lhs=r"\frac{\partial f}{\partial t_1}",
        printed=[r"\frac{\partial}{\partial t_1} (t_1 w) \frac{\partial f}{\partial f}", r"w \cdot 1"],
        check=dict(definition=f_node, variable=t1, assumptions=Assumptions(bindings=((f_node, t1 * w),)),
                   reference=lambda t1, w: t1 * w, reference_args={"t1": t1, "w": w}),
    ),
    derivation(
        "germain-2019/derivation-graph-df-du",
        family="graph",
        source=Source(FILE, _GRAPH, r"\frac{\partial f}{\partial u} = \frac{\partial t_1}{\partial u} "
                                        r"\frac{\partial f}{\partial t_1} = 1 \cdot \frac{\partial f}{\partial t_1} = 4"),
        lhs=r"\frac{\partial f}{\partial u}",
        printed=[r"\frac{\partial t_1}{\partial u} \frac{\partial f}{\partial t_1}",
                 r"1 \cdot \frac{\partial f}{\partial t_1}", "4"],
        check=dict(definition=f_node, variable=u, assumptions=Assumptions(bindings=_GRAPH_BIND, point=_GRAPH_POINT),
                   reference=lambda u, v, w: (u + v) * w, reference_args={"u": u, "v": v, "w": w}),
    ),
    derivation(
        "germain-2019/derivation-graph-df-dv",
        family="graph",
        source=Source(FILE, _GRAPH, r"\frac{\partial f}{\partial v} = \frac{\partial t_1}{\partial v} "
                                        r"\frac{\partial f}{\partial t_1} = 1 \cdot \frac{\partial f}{\partial t_1} = 4"),
        lhs=r"\frac{\partial f}{\partial v}",
        printed=[r"\frac{\partial t_1}{\partial v} \frac{\partial f}{\partial t_1}",
                 r"1 \cdot \frac{\partial f}{\partial t_1}", "4"],
        check=dict(definition=f_node, variable=v, assumptions=Assumptions(bindings=_GRAPH_BIND, point=_GRAPH_POINT),
                   reference=lambda u, v, w: (u + v) * w, reference_args={"u": u, "v": v, "w": w}),
    ),
    derivation(
        "germain-2019/derivation-quadratic-loss-prime",
        family="loss",
        source=Source(FILE, _LOSSES, r"L'_{\text{quad}}(\hat{y}, y) &= \frac{\partial L_{\text{quad}}(\hat{y}, y)}"
                                         r"{\partial \hat{y}}"),
        lhs=_lines(_QUAD_BLOCK)[0], printed=_lines(_QUAD_BLOCK)[1],
        check=dict(definition=(yhat - y) ** 2, variable=yhat,
                   functions={r"L_{\text{quad}}": sp.Lambda((u, r), (u - r) ** 2)},
                   assumptions=Assumptions(intervals={yhat: (-3.0, 3.0), y: (-3.0, 3.0)}),
                   reference=lambda yhat, y: (yhat - y) ** 2, reference_args={"yhat": yhat, "y": y}),
    ),
    derivation(
        "germain-2019/derivation-nll-loss-prime",
        family="loss",
        source=Source(FILE, _LOSSES, r"&= -\frac{y}{\hat{y}} - \frac{1 - y}{1 - \hat{y}}"),
        lhs=_lines(_NLL_BLOCK)[0], printed=_lines(_NLL_BLOCK)[1],
        corrected=[_lines(_NLL_BLOCK)[1][0], r"-\frac{y}{\hat{y}} + \frac{1 - y}{1 - \hat{y}}"],
        severity=Severity.ERROR, cause="nll-sign",
        explanation=("The slide's last line \"-\\frac{y}{\\hat{y}} - \\frac{1 - y}{1 - \\hat{y}}\" does not follow from "
                     "the derivative of −y log ŷ − (1 − y) log(1 − ŷ): the second term is +(1 − y)/(1 − ŷ)."),
        check=dict(definition=-y * sp.log(yhat) - (1 - y) * sp.log(1 - yhat), variable=yhat,
                   functions={r"L_{\text{nlv}}": sp.Lambda((u, r), -r * sp.log(u) - (1 - r) * sp.log(1 - u))},
                   assumptions=Assumptions(intervals=_PROB),
                   reference=lambda yhat, y: -(y * torch.log(yhat) + (1 - y) * torch.log1p(-yhat)),
                   reference_args={"yhat": yhat, "y": y}),
    ),
    derivation(
        "germain-2019/derivation-sigmoid-prime",
        family="activation",
        source=Source(FILE, _ACTIVATIONS, r"&= -\frac{1}{(1 + e^{-a})^2} \left[-\frac{\partial}{\partial a} e^a \right]"),
        lhs=_SIGMOID_LHS, printed=SIGMOID_LINES, corrected=SIGMOID_CORRECTED, severity=Severity.ERROR,
        explanation=("Line 2 \"\\left[-\\frac{\\partial}{\\partial a} e^a \\right]\" should be the derivative of "
                     "1 + e^{-a}, which is −e^{-a}; lines 3 and 4 carry the wrong e^{a} on, and line 5 silently "
                     "returns to e^{-a}, so the final σ(a)(1 − σ(a)) is right in spite of two false equalities, while "
                     "the slide's first build (l.332, which the quote also matches) stops at line 3 and presents the wrong "
                     "e^{a}/(1 + e^{-a})² as σ'(a)."),
        check=dict(definition=sigmoid(a), variable=a, assumptions=Assumptions(intervals=_UNIT),
                   reference=lambda a: torch.sigmoid(a), reference_args={"a": a}),
    ),
    derivation(
        "germain-2019/derivation-tanh",
        family="activation",
        source=Source(FILE, _ACTIVATIONS, r"\tanh(a) &= \frac{e^{2a} - 1}{e^{2a} + 1} \\ &= 2\sigma(2a) - 1"),
        lhs=_lines(_TANH_BLOCK)[0], printed=_lines(_TANH_BLOCK)[1],
        check=dict(definition=sp.tanh(a), variable=None, assumptions=Assumptions(intervals=_UNIT),
                   reference=lambda a: torch.tanh(a), reference_args={"a": a}),
    ),
    derivation(
        "germain-2019/derivation-tanh-prime",
        family="activation",
        source=Source(FILE, _ACTIVATIONS, r"\tanh'(a) &= \frac{\partial \tanh(a)}{\partial a} \\ &= 4\sigma'(2a)"),
        lhs=_lines(_TANH_PRIME_BLOCK)[0], printed=_lines(_TANH_PRIME_BLOCK)[1],
        check=dict(definition=sp.tanh(a), variable=a, assumptions=Assumptions(intervals=_UNIT),
                   reference=lambda a: torch.tanh(a), reference_args={"a": a}),
    ),
    derivation(
        "germain-2019/derivation-relu-prime",
        family="activation",
        source=Source(FILE, _ACTIVATIONS, r"\text{relu}'(a) &= \frac{\partial \text{relu}(a)}{\partial a}"),
        lhs=_lines(_RELU_PRIME_BLOCK)[0], printed=_lines(_RELU_PRIME_BLOCK)[1],
        check=dict(definition=sp.Max(0, a), variable=a, functions={"relu": sp.Lambda(u, sp.Max(0, u))},
                   assumptions=Assumptions(intervals=_UNIT),
                   reference=lambda a: torch.relu(a), reference_args={"a": a}),
    ),
]

#: The derivations by id: the section modules place each one in the document's order.
BY_ID = {c.id: c for c in CLAIMS}


