"""The claims of germain-2019's chain-rule slides (l.57-142: the chain rule, its example, R_{v,w}, the scalar
backprop), in the document's order, derivations included."""

from __future__ import annotations

import torch
from hypothesis import strategies as st

from oracle import Form, Kind, Severity, Source, Status, ValueCheck, VJPCheck, claim
from oracle.domains import reals
from oracle.forms import elementwise_derivative, partial_derivative, scalar_gradients
from reference.germain_2019 import printed as p
from reference.germain_2019 import sentences as s
from reference.germain_2019.derivations import BY_ID as D
from reference.germain_2019.wiring import (
    _BACKPROP_SCALAR,
    _CHAIN,
    _STEP1,
    FILE,
    _composite,
    _composite_domain,
    _R_domain,
    _R_loss,
    _scalar_chain,
    _scalar_chain_cost,
    _two_layer,
    _two_layer_F,
    _two_layer_R,
)
from reference.germain_2019.wiring_sentences import _evaluation_point_dependence


def _chain_domain():
    return st.fixed_dictionaries({"x": reals(low=-50.0, high=50.0, edges=(-1.5, 0.0))})


CLAIMS = [
    D["germain-2019/derivation-chain-rule"],
    claim(
        "germain-2019/chain-example-decomposition",
        kind=Kind.DEFINITION,
        family="chain-rule",
        source=Source(FILE, _CHAIN, r"$= f(2x + 3)$ où $f(x) = x^2$"),
        check=ValueCheck(reference=lambda x: torch.pow(2 * x + 3, 2), domain=_chain_domain),
        printed=Form(r"F(x) = (2x + 3)^2 = f(2x + 3) = f(h(x)),\ f(x) = x^2,\ h(x) = 2x + 3",
                     p.chain_example_decomposition),
    ),
    claim(
        "germain-2019/chain-rule-example",
        kind=Kind.BACKWARD,
        family="chain-rule",
        source=Source(FILE, _CHAIN, r"&= 4(2x + 3)"),
        check=VJPCheck(reference=lambda x: torch.pow(2 * x + 3, 2), domain=_chain_domain, wrt=("x",),
                       elementwise=True, analytic=True),
        printed=Form(r"\frac{\partial F(x)}{\partial x} = 4(2x + 3),\quad F(x) = (2x + 3)^2",
                     elementwise_derivative(p.chain_rule_example_prime, "x")),
    ),
    D["germain-2019/derivation-chain-rule-example"],
    claim(
        "germain-2019/r-vw-xy-notation",
        kind=Kind.DEFINITION,
        family="notation",
        source=Source(FILE, _CHAIN, r"r=R_{v,w}(x,y)"),
        # Which of x and y the evaluation point r is a function of (autograd's graph of f(w h(v x))).
        check=ValueCheck(reference=_evaluation_point_dependence, domain=_R_domain),
        printed=Form(r"\left[\frac{\partial L(r, y)}{\partial r}\right]_{r=R_{v,w}(x,y)}:\ "
                     r"r\ \text{depends on}\ x\ \text{and}\ y", s.evaluation_point_arguments_as_printed),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        correction=Form(r"\left[\frac{\partial L(r, y)}{\partial r}\right]_{r=R_{v,w}(x)}",
                        s.evaluation_point_arguments_corrected),
        explanation=("The evaluation point is printed r = R_{v,w}(x,y) (l.75, 97 and 100), but R_{v,w}(x) = "
                     "f(w·h(v·x)) is defined on x alone and the network's output does not depend on the label y; it "
                     "should read r = R_{v,w}(x) (notation only: the chains' values are right)."),
    ),
    claim(
        "germain-2019/chain-rule-other-notations",
        kind=Kind.BACKWARD,
        family="chain-rule",
        source=Source(FILE, _CHAIN, r"$$(f \circ h)' = (f' \circ h) \times h'$$"),
        # l.84 (f ∘ h)' = (f' ∘ h) × h', l.86 (f(h(x)))' = f'(h(x)) × h'(x): one rule, f and h among σ and tanh.
        check=VJPCheck(reference=_composite, domain=_composite_domain, wrt=("x",), elementwise=True, analytic=True),
        printed=Form(r"(f \circ h)' = (f' \circ h) \times h'", partial_derivative(p.composition_prime, "x")),
    ),
    claim(
        "germain-2019/two-layer-dl-dw",
        kind=Kind.BACKWARD,
        family="chain-rule",
        source=Source(FILE, _CHAIN, r"\left[\frac{\partial f(a)}{\partial a} \right]_{a=w \cdot h(v \cdot x)} "
                                    r"\cdot h(v \cdot x) \end{aligned}"),
        check=VJPCheck(reference=_R_loss, domain=_R_domain, wrt=("w",), elementwise=True),
        printed=Form(r"\frac{\partial L(R_{v,w}(x), y)}{\partial w} = L'(r, y)\, f'(w h(v x))\, h(v x)",
                     partial_derivative(p.dL_dw_as_printed, "w")),
    ),
    D["germain-2019/derivation-r-dw"],
    claim(
        "germain-2019/two-layer-dl-dv",
        kind=Kind.BACKWARD,
        family="chain-rule",
        source=Source(FILE, _CHAIN, r"\cdot w \cdot \left[\frac{\partial h(b)}{\partial b} \right]_{b=v \cdot x} "
                                    r"\cdot x \end{aligned}"),
        check=VJPCheck(reference=_R_loss, domain=_R_domain, wrt=("v",), elementwise=True),
        printed=Form(r"\frac{\partial L(R_{v,w}(x), y)}{\partial v} = L'(r, y)\, f'(w h(v x))\, w\, h'(v x)\, x",
                     partial_derivative(p.dL_dv_as_printed, "v")),
    ),
    D["germain-2019/derivation-r-dv"],
    claim(
        "germain-2019/two-layer-r",
        kind=Kind.DEFINITION,
        family="chain-rule",
        source=Source(FILE, _CHAIN, r"$$R(x) = f_2(w_2 \cdot f_1(w_1 \cdot x))$$"),
        check=ValueCheck(reference=_two_layer_R,
                         domain=lambda: _two_layer().map(lambda c: {k: v for k, v in c.items() if k not in ("y", "L")})),
        printed=Form(r"R(x) = f_2(w_2 \cdot f_1(w_1 \cdot x))", p.two_layer_R),
    ),
    claim(
        "germain-2019/two-layer-f",
        kind=Kind.DEFINITION,
        family="loss",
        source=Source(FILE, _CHAIN, r"$$F = L(R(x), y)$$"),
        # L is L_quad or L_nlv (the slides' losses, l.306 and l.322), applied to the output and the label.
        check=ValueCheck(reference=_two_layer_F, domain=_two_layer),
        printed=Form(r"F = L(R(x), y),\ L \in \{L_{\text{quad}}, L_{\text{nlv}}\}", p.two_layer_F),
    ),
    claim(
        "germain-2019/steps-figures",
        kind=Kind.FIGURE,
        family="chain-rule",
        source=Source(FILE, _STEP1, "Étape 1: Propagation avant"),
        expect=Status.NOT_JUDGED,
        explanation=("\"Étape 1: Propagation avant\" and \"Étape 2: Rétropropagation du gradient\" head images of "
                     "the two-layer example: whatever they compute is in the images, only the titles survive."),
    ),
    claim(
        "germain-2019/scalar-backprop",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _BACKPROP_SCALAR,
                      r"w_k^\delta = \frac{\partial F}{\partial a_k} \frac{\partial a_k}{\partial w_k} = a_k^\delta \phi_{k-1}"),
        check=VJPCheck(reference=_scalar_chain_cost, domain=_scalar_chain, wrt=("w", "x"),
                       breaks={"w": (0.0,), "x": (0.0,)}),
        printed=Form(r"a_k^\delta = \phi_k^\delta f'_k(a_k),\ w_k^\delta = a_k^\delta \phi_{k-1},\ "
                     r"\phi_{k-1}^\delta = a_k^\delta w_k", scalar_gradients(p.scalar_backprop_as_printed)),
    ),
]
