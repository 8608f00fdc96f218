"""The claims of germain-2019's last slides (l.300-358: the derivatives of the classical losses and activations), in
the document's order, derivations included."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from oracle import Form, Kind, Severity, Source, Status, ValueCheck, VJPCheck, claim
from oracle.domains import reals, same_shape
from oracle.forms import elementwise_derivative, partial_derivative
from reference.germain_2019 import printed as p
from reference.germain_2019.derivations import BY_ID as D
from reference.germain_2019.wiring import _ACTIVATIONS, _LOSSES, FILE, _activation_domain, _loss_domain, _nll

CLAIMS = [
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
    D["germain-2019/derivation-quadratic-loss-prime"],
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
    D["germain-2019/derivation-nll-loss-prime"],
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
    D["germain-2019/derivation-sigmoid-prime"],
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
    D["germain-2019/derivation-tanh"],
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
    D["germain-2019/derivation-tanh-prime"],
    claim(
        "germain-2019/relu-prime",
        kind=Kind.BACKWARD,
        family="activation",
        source=Source(FILE, _ACTIVATIONS, r"&= \mathbb{1}_{a>0}"),
        check=VJPCheck(reference=lambda a: torch.relu(a), domain=_activation_domain(), wrt=("a",),
                       elementwise=True, breaks={"a": (0.0,)}),
        printed=Form(r"\text{relu}'(a) = \mathbb{1}_{a>0}", elementwise_derivative(p.relu_prime, "a")),
    ),
    D["germain-2019/derivation-relu-prime"],
]
