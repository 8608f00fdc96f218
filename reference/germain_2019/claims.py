"""The claims of germain-2019, in the document's order: each quotes what it checks, wires the
printed form (``printed``) to a check through ``wiring``, and states the status it should get."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import strategies as st

from oracle import FigureCheck, Form, Kind, Rounding, Severity, Source, Status, ValueCheck, VJPCheck, claim
from oracle.domains import network_weights, reals, same_shape
from oracle.forms import elementwise_derivative, partial_derivative, scalar_gradients
from reference.germain_2019 import printed as p
from reference.germain_2019.wiring import (
    _ACTIVATIONS,
    _BACKPROP_MATRIX,
    _BACKPROP_SCALAR,
    _CHAIN,
    _FORWARD,
    _GRAPH,
    _LOSSES,
    _NETWORK,
    FILE,
    _activation_domain,
    _forward_output,
    _gradients_of,
    _graph_intermediate,
    _graph_leaves,
    _loss_domain,
    _network,
    _network_cost,
    _nll,
    _R_domain,
    _R_loss,
    _scalar_chain,
    _scalar_chain_cost,
    _torch_forward,
    _torch_weight_shapes,
    _widths_domain,
)

CLAIMS = [
    claim(
        "germain-2019/sigmoid-definition",
        kind=Kind.DEFINITION,
        family="activation",
        source=Source(FILE, _ACTIVATIONS, r"$$\sigma(a) = \frac{a}{1 + e^{-a}}$$"),
        check=ValueCheck(reference=lambda a: torch.sigmoid(a), domain=_activation_domain()),
        printed=Form(r"\sigma(a) = \frac{a}{1 + e^{-a}}", p.sigmoid_as_printed),
        expect=Status.ERRATUM,
        severity=Severity.ERROR,
        correction=Form(r"\sigma(a) = \frac{1}{1 + e^{-a}}", p.sigmoid),
        explanation=("The slide defines the sigmoid as a/(1+e^{-a}) (that is the SiLU); the logistic sigmoid, "
                     "whose derivative the same slide derives, is 1/(1+e^{-a})."),
    ),
    claim(
        "germain-2019/sigmoid-prime",
        kind=Kind.BACKWARD,
        family="activation",
        source=Source(FILE, _ACTIVATIONS, r"&= \sigma(a) (1 - \sigma(a))"),
        check=VJPCheck(reference=lambda a: torch.sigmoid(a), domain=_activation_domain(), wrt=("a",),
                       elementwise=True, analytic=True),
        printed=Form(r"\sigma'(a) = \sigma(a)\,(1 - \sigma(a))", elementwise_derivative(p.sigmoid_prime, "a")),
    ),
    claim(
        "germain-2019/tanh-definition",
        kind=Kind.DEFINITION,
        family="activation",
        source=Source(FILE, _ACTIVATIONS, r"\tanh(a) &= \frac{e^{2a} - 1}{e^{2a} + 1}"),
        # An identity on a slide, which nothing in the document evaluates: judged as a definition.  Its
        # overflow for a ≥ 355 in float64 concerns code that would evaluate it, not the slide.
        check=ValueCheck(reference=lambda a: torch.tanh(a), domain=_activation_domain(-350.0, 350.0)),
        printed=Form(r"\tanh(a) = \frac{e^{2a} - 1}{e^{2a} + 1}", p.tanh_as_printed),
    ),
    claim(
        "germain-2019/tanh-via-sigmoid",
        kind=Kind.DEFINITION,
        family="activation",
        source=Source(FILE, _ACTIVATIONS, r"&= 2\sigma(2a) - 1"),
        check=ValueCheck(reference=lambda a: torch.tanh(a), domain=_activation_domain()),
        printed=Form(r"\tanh(a) = 2\sigma(2a) - 1", p.tanh_via_sigmoid),
    ),
    claim(
        "germain-2019/tanh-prime-via-sigmoid",
        kind=Kind.BACKWARD,
        family="activation",
        source=Source(FILE, _ACTIVATIONS, r"&= 4\sigma'(2a)"),
        check=VJPCheck(reference=lambda a: torch.tanh(a), domain=_activation_domain(), wrt=("a",),
                       elementwise=True, analytic=True),
        printed=Form(r"\tanh'(a) = 4\sigma'(2a)", elementwise_derivative(p.tanh_prime_via_sigmoid, "a")),
    ),
    claim(
        "germain-2019/tanh-prime",
        kind=Kind.BACKWARD,
        family="activation",
        source=Source(FILE, _ACTIVATIONS, r"&= 1 - \left(\tanh(a)\right)^2"),
        check=VJPCheck(reference=lambda a: torch.tanh(a), domain=_activation_domain(), wrt=("a",),
                       elementwise=True, analytic=True),
        printed=Form(r"\tanh'(a) = 1 - (\tanh(a))^2", elementwise_derivative(p.tanh_prime, "a")),
    ),
    claim(
        "germain-2019/relu-prime",
        kind=Kind.BACKWARD,
        family="activation",
        source=Source(FILE, _ACTIVATIONS, r"&= \mathbb{1}_{a>0}"),
        check=VJPCheck(reference=lambda a: torch.relu(a), domain=_activation_domain(), wrt=("a",),
                       elementwise=True, breaks={"a": (0.0,)}),
        printed=Form(r"\text{relu}'(a) = \mathbb{1}_{a>0}", elementwise_derivative(p.relu_prime, "a")),
    ),
    claim(
        "germain-2019/quadratic-loss-prime",
        kind=Kind.BACKWARD,
        family="loss",
        source=Source(FILE, _LOSSES, r"&= 2(\hat{y} - y)"),
        check=VJPCheck(reference=lambda yhat, y: F.mse_loss(yhat, y, reduction="none"),
                       domain=lambda: same_shape(yhat=lambda s: reals(shape=s), y=lambda s: reals(shape=s)),
                       wrt=("yhat",), elementwise=True, analytic=True),
        printed=Form(r"L'_{\text{quad}}(\hat{y}, y) = 2(\hat{y} - y)", partial_derivative(p.quadratic_loss_prime, "yhat")),
    ),
    claim(
        "germain-2019/nll-loss-prime",
        kind=Kind.BACKWARD,
        family="loss",
        source=Source(FILE, _LOSSES, r"&= -\frac{y}{\hat{y}} - \frac{1 - y}{1 - \hat{y}}"),
        check=VJPCheck(reference=_nll, domain=_loss_domain, wrt=("yhat",), elementwise=True, analytic=True,
                       breaks={"yhat": (0.0, 1.0)}),
        printed=Form(r"L'_{\text{nlv}}(\hat{y}, y) = -\frac{y}{\hat{y}} - \frac{1 - y}{1 - \hat{y}}",
                     partial_derivative(p.nll_loss_prime_as_printed, "yhat")),
        expect=Status.ERRATUM,
        severity=Severity.ERROR,
        cause="nll-sign",
        correction=Form(r"L'_{\text{nlv}}(\hat{y}, y) = -\frac{y}{\hat{y}} + \frac{1 - y}{1 - \hat{y}}",
                        partial_derivative(p.nll_loss_prime, "yhat")),
        explanation=("The derivative of −(1−y)log(1−ŷ) with respect to ŷ is +(1−y)/(1−ŷ): the slide prints "
                     "the second term with a minus sign."),
    ),
    claim(
        "germain-2019/chain-rule-example",
        kind=Kind.BACKWARD,
        family="chain-rule",
        source=Source(FILE, _CHAIN, r"&= 4(2x + 3)"),
        check=VJPCheck(reference=lambda x: torch.pow(2 * x + 3, 2),
                       domain=lambda: st.fixed_dictionaries({"x": reals(low=-50.0, high=50.0, edges=(-1.5, 0.0))}),
                       wrt=("x",), elementwise=True, analytic=True),
        printed=Form(r"\frac{\partial F(x)}{\partial x} = 4(2x + 3),\quad F(x) = (2x + 3)^2",
                     elementwise_derivative(p.chain_rule_example_prime, "x")),
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
    claim(
        "germain-2019/weight-shape-text",
        kind=Kind.DEFINITION,
        family="notation",
        source=Source(FILE, _NETWORK, r"Chaque matrice $\mathbf{W}^{(k)}$ est de taille $d_k \times d_{k-1}$"),
        check=ValueCheck(reference=_torch_weight_shapes, domain=_widths_domain),
        printed=Form(r"\mathbf{W}^{(k)} \in \mathbb{R}^{d_k \times d_{k-1}}", p.weight_shapes_text),
    ),
    claim(
        "germain-2019/weight-shape-display",
        kind=Kind.DEFINITION,
        family="notation",
        source=Source(FILE, _NETWORK, r"W_{d_K 1} & \cdots & W_{d_K d_{K-1}}"),
        check=ValueCheck(reference=_torch_weight_shapes, domain=_widths_domain),
        printed=Form(r"\mathbf{W}^{(k)} = [W_{ij}]_{i \le d_K,\ j \le d_{K-1}}", p.weight_shapes_display),
        expect=Status.ERRATUM,
        severity=Severity.ERROR,
        correction=Form(r"\mathbf{W}^{(k)} = [W_{ij}]_{i \le d_k,\ j \le d_{k-1}}", p.weight_shapes_text),
        explanation=("The displayed matrix W^(k) runs to row d_K and column d_{K-1} (capital K, the last layer) "
                     "while the line above says W^(k) is d_k × d_{k-1}: every layer but the last gets the last "
                     "layer's size."),
    ),
    claim(
        "germain-2019/matrix-forward",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _FORWARD, r"\mathbf{a}[k] \leftarrow \mathbf{W}^{(k)} \mathbf{h}^{(k-1)}"),
        check=ValueCheck(reference=_torch_forward,
                         domain=lambda: _network().map(lambda n: {k: v for k, v in n.items() if k != "y"})),
        printed=Form(r"\mathbf{a}[k] \leftarrow \mathbf{W}^{(k)} \mathbf{h}^{(k-1)},\ "
                     r"\mathbf{h}[k] \leftarrow f_k(\mathbf{a}[k])", _forward_output),
    ),
    claim(
        "germain-2019/matrix-backprop",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _BACKPROP_MATRIX, r"\nabla_{\mathbf{w}}[k] \leftarrow \mathbf{g} \mathbf{h}[k]^T"),
        check=VJPCheck(reference=_network_cost, domain=_network, wrt=network_weights),
        printed=Form(r"\nabla_{\mathbf{w}}[k] \leftarrow \mathbf{g}\, \mathbf{h}[k]^T",
                     scalar_gradients(_gradients_of(p.matrix_backprop_as_printed))),
        expect=Status.ERRATUM,
        severity=Severity.ERROR,
        cause="grad-w-index",
        correction=Form(r"\nabla_{\mathbf{w}}[k] \leftarrow \mathbf{g}\, \mathbf{h}[k-1]^T",
                        scalar_gradients(_gradients_of(p.matrix_backprop_corrected))),
        explanation=("\"∇_w[k] ← g h[k]^T\" uses the layer's own output where the scalar algorithm has φ_{k−1}: "
                     "g h[k]^T is d_k × d_k, not the d_k × d_{k−1} of W^(k), so it is no gradient for W^(k) when "
                     "d_k ≠ d_{k−1} and has wrong values when they are equal; it should be g h[k−1]^T."),
    ),
    claim(
        "germain-2019/matrix-backprop-square",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _BACKPROP_MATRIX, r"\nabla_{\mathbf{w}}[k] \leftarrow \mathbf{g} \mathbf{h}[k]^T"),
        check=VJPCheck(reference=_network_cost, domain=lambda: _network(equal_widths=True), wrt=network_weights),
        printed=Form(r"\nabla_{\mathbf{w}}[k] \leftarrow \mathbf{g}\, \mathbf{h}[k]^T \quad (d_0 = \dots = d_K)",
                     scalar_gradients(_gradients_of(p.matrix_backprop_as_printed))),
        expect=Status.ERRATUM,
        severity=Severity.ERROR,
        cause="grad-w-index",
        correction=Form(r"\nabla_{\mathbf{w}}[k] \leftarrow \mathbf{g}\, \mathbf{h}[k-1]^T",
                        scalar_gradients(_gradients_of(p.matrix_backprop_corrected))),
        explanation=("On networks whose layers all have the same width \"∇_w[k] ← g h[k]^T\" has the right shape "
                     "and runs, but its values are wrong: the gradient of a[k] = W^(k) h[k−1] with respect to W^(k) "
                     "is g h[k−1]^T."),
    ),
    claim(
        "germain-2019/graph-example-leaves",
        kind=Kind.FIGURE,
        family="graph",
        source=Source(FILE, _GRAPH, r"\frac{\partial f}{\partial u} = \frac{\partial t_1}{\partial u} "
                                    r"\frac{\partial f}{\partial t_1} = 1 \cdot \frac{\partial f}{\partial t_1} = 4"),
        check=FigureCheck(printed={"df/du": "4", "df/dv": "4"}, precision=np.float64, rounding=Rounding.FORMULA),
        printed=Form(r"\frac{\partial f}{\partial u} = \frac{\partial f}{\partial v} = 4,\quad f = (u+v)w,\ "
                     r"u = 2,\ v = 3,\ w = 4", _graph_leaves),
    ),
    claim(
        "germain-2019/graph-example-intermediate",
        kind=Kind.FIGURE,
        family="graph",
        source=Source(FILE, _GRAPH, r"\frac{\partial f}{\partial w} = \frac{\partial}{\partial w} (t_1 w) "
                                    r"\frac{\partial f}{\partial f} = t_1 \cdot 1"),
        # The slide prints t_1·1 and w·1; at u = 2, v = 3, w = 4 (t_1 = u + v = 5) they read 5 and 4.
        check=FigureCheck(printed={"df/dw = t_1·1": "5", "df/dt_1 = w·1": "4"}, precision=np.float64,
                          rounding=Rounding.FORMULA),
        printed=Form(r"\frac{\partial f}{\partial w} = t_1 \cdot 1,\ \frac{\partial f}{\partial t_1} = w \cdot 1",
                     _graph_intermediate),
    ),
]
