"""004_6a6382b038f5beb4.txt: Pascal Germain (2019), "Introduction aux réseaux de neurones —
Rétropropagation du gradient" (slides).

Section headings are quoted as printed.  Printed forms keep the slides' mistakes.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import strategies as st

from oracle.checks import ValueCheck, VJPCheck
from oracle.claims import Condition, Form, Kind, Source, Status, claim
from oracle.domains import EDGES, labels, probabilities, reals, same_shape
from oracle.forms import elementwise_derivative, partial_derivative
from reference import Document

DOCUMENT = Document(
    id="germain-2019",
    file="004_6a6382b038f5beb4.txt",
    title="Introduction aux réseaux de neurones — Rétropropagation du gradient",
    author="Pascal Germain",
    year="2019",
)
_FILE = DOCUMENT.file
_LOSSES = "Dérivées de fonctions de perte"
_ACTIVATIONS = "Dérivées de fonctions d'activation"


# --- printed activation functions and derivatives ---------------------------------------

def sigmoid_as_printed(a):
    """σ(a) = a / (1 + e^{-a}): the slide's definition (a stray 'a' in the numerator)."""
    return a / (1 + np.exp(-a))


def sigmoid(a):
    """The logistic function the slide means: 1 / (1 + e^{-a})."""
    return 1 / (1 + np.exp(-a))


def sigmoid_prime(a):
    """σ'(a) = σ(a)(1 − σ(a)), the slide's final line, with σ the logistic function."""
    return sigmoid(a) * (1 - sigmoid(a))


def tanh_as_printed(a):
    """tanh(a) = (e^{2a} − 1) / (e^{2a} + 1)."""
    return (np.exp(2 * a) - 1) / (np.exp(2 * a) + 1)


def tanh_via_sigmoid(a):
    """tanh(a) = 2σ(2a) − 1."""
    return 2 * sigmoid(2 * a) - 1


def tanh_prime_via_sigmoid(a):
    """tanh'(a) = 4σ'(2a)."""
    return 4 * sigmoid_prime(2 * a)


def tanh_prime(a):
    """tanh'(a) = 1 − (tanh(a))²."""
    return 1 - np.tanh(a) ** 2


def relu_prime(a):
    """relu'(a) = 𝟙_{a>0}."""
    return (a > 0).astype(float)


# --- printed losses and derivatives --------------------------------------------------

def quadratic_loss_prime(yhat, y):
    """L'_quad(ŷ, y) = 2(ŷ − y)."""
    return 2 * (yhat - y)


def nll_loss_prime_as_printed(yhat, y):
    """L'_nlv(ŷ, y) = −y/ŷ − (1 − y)/(1 − ŷ): the slide's sign on the second term."""
    return -y / yhat - (1 - y) / (1 - yhat)


def nll_loss_prime(yhat, y):
    """The derivative of −y log ŷ − (1 − y) log(1 − ŷ): −y/ŷ + (1 − y)/(1 − ŷ)."""
    return -y / yhat + (1 - y) / (1 - yhat)


# --- torch references (torch's own ops, never a port of the printed formula) ------------

def _nll(yhat, y):
    # torch.log / torch.log1p on the open interval: no clamping (F.binary_cross_entropy clamps
    # log at -100 and its backward's denominator at 1e-12), and analytic, so complex step applies.
    return -(y * torch.log(yhat) + (1 - y) * torch.log1p(-yhat))


def _activation_domain(low=-40.0, high=40.0):
    edges = EDGES["kink"] + EDGES["saturation"]
    return lambda: st.fixed_dictionaries({"a": reals(low=low, high=high, edges=edges)})


def _loss_domain():
    return same_shape(yhat=lambda s: probabilities(shape=s), y=lambda s: st.one_of(labels(shape=s), probabilities(shape=s)))


CLAIMS = [
    claim(
        "germain-2019/sigmoid-definition",
        kind=Kind.DEFINITION,
        family="activation",
        source=Source(_FILE, _ACTIVATIONS, r"$$\sigma(a) = \frac{a}{1 + e^{-a}}$$"),
        check=ValueCheck(reference=lambda a: torch.sigmoid(a), domain=_activation_domain()),
        printed=Form(r"\sigma(a) = \frac{a}{1 + e^{-a}}", sigmoid_as_printed),
        expect=Status.ERRATUM,
        correction=Form(r"\sigma(a) = \frac{1}{1 + e^{-a}}", sigmoid),
        explanation=("The slide defines the sigmoid as a/(1+e^{-a}) (that is the SiLU); the logistic sigmoid, "
                     "whose derivative the same slide derives, is 1/(1+e^{-a})."),
    ),
    claim(
        "germain-2019/sigmoid-prime",
        kind=Kind.BACKWARD,
        family="activation",
        source=Source(_FILE, _ACTIVATIONS, r"&= \sigma(a) (1 - \sigma(a))"),
        check=VJPCheck(reference=lambda a: torch.sigmoid(a), domain=_activation_domain(), wrt=("a",),
                       elementwise=True, analytic=True),
        printed=Form(r"\sigma'(a) = \sigma(a)\,(1 - \sigma(a))", elementwise_derivative(sigmoid_prime, "a")),
    ),
    claim(
        "germain-2019/tanh-definition",
        kind=Kind.STABILITY,
        family="activation",
        source=Source(_FILE, _ACTIVATIONS, r"\tanh(a) &= \frac{e^{2a} - 1}{e^{2a} + 1}"),
        check=ValueCheck(reference=lambda a: torch.tanh(a), domain=_activation_domain(-350.0, 350.0)),
        printed=Form(r"\tanh(a) = \frac{e^{2a} - 1}{e^{2a} + 1}", tanh_as_printed),
        expect=Status.UNSTABLE,
        correction=Form(r"\tanh(a) = \operatorname{sign}(a)\,\frac{1 - e^{-2|a|}}{1 + e^{-2|a|}}",
                        lambda a: np.sign(a) * -np.expm1(-2 * np.abs(a)) / (1 + np.exp(-2 * np.abs(a)))),
        condition=Condition(
            "a ≥ 355: e^{2a} overflows to inf and the quotient is inf/inf = NaN",
            lambda: st.fixed_dictionaries({"a": reals(low=355.0, high=1e4, edges=(355.0, 710.0))}),
            meaning=Status.UNSTABLE,
        ),
        explanation=("Exact in real arithmetic, but e^{2a} overflows for a ≥ 355 and the printed quotient "
                     "returns NaN where tanh(a) = 1; writing it with e^{-2|a|} never overflows."),
    ),
    claim(
        "germain-2019/tanh-via-sigmoid",
        kind=Kind.DEFINITION,
        family="activation",
        source=Source(_FILE, _ACTIVATIONS, r"&= 2\sigma(2a) - 1"),
        check=ValueCheck(reference=lambda a: torch.tanh(a), domain=_activation_domain()),
        printed=Form(r"\tanh(a) = 2\sigma(2a) - 1", tanh_via_sigmoid),
    ),
    claim(
        "germain-2019/tanh-prime-via-sigmoid",
        kind=Kind.BACKWARD,
        family="activation",
        source=Source(_FILE, _ACTIVATIONS, r"&= 4\sigma'(2a)"),
        check=VJPCheck(reference=lambda a: torch.tanh(a), domain=_activation_domain(), wrt=("a",),
                       elementwise=True, analytic=True),
        printed=Form(r"\tanh'(a) = 4\sigma'(2a)", elementwise_derivative(tanh_prime_via_sigmoid, "a")),
    ),
    claim(
        "germain-2019/tanh-prime",
        kind=Kind.BACKWARD,
        family="activation",
        source=Source(_FILE, _ACTIVATIONS, r"&= 1 - \left(\tanh(a)\right)^2"),
        check=VJPCheck(reference=lambda a: torch.tanh(a), domain=_activation_domain(), wrt=("a",),
                       elementwise=True, analytic=True),
        printed=Form(r"\tanh'(a) = 1 - (\tanh(a))^2", elementwise_derivative(tanh_prime, "a")),
    ),
    claim(
        "germain-2019/relu-prime",
        kind=Kind.BACKWARD,
        family="activation",
        source=Source(_FILE, _ACTIVATIONS, r"&= \mathbb{1}_{a>0}"),
        check=VJPCheck(reference=lambda a: torch.relu(a), domain=_activation_domain(), wrt=("a",),
                       elementwise=True, breaks={"a": (0.0,)}),
        printed=Form(r"\text{relu}'(a) = \mathbb{1}_{a>0}", elementwise_derivative(relu_prime, "a")),
    ),
    claim(
        "germain-2019/quadratic-loss-prime",
        kind=Kind.BACKWARD,
        family="loss",
        source=Source(_FILE, _LOSSES, r"&= 2(\hat{y} - y)"),
        check=VJPCheck(reference=lambda yhat, y: F.mse_loss(yhat, y, reduction="none"),
                       domain=lambda: same_shape(yhat=lambda s: reals(shape=s), y=lambda s: reals(shape=s)),
                       wrt=("yhat",), elementwise=True, analytic=True),
        printed=Form(r"L'_{\text{quad}}(\hat{y}, y) = 2(\hat{y} - y)", partial_derivative(quadratic_loss_prime, "yhat")),
    ),
    claim(
        "germain-2019/nll-loss-prime",
        kind=Kind.BACKWARD,
        family="loss",
        source=Source(_FILE, _LOSSES, r"&= -\frac{y}{\hat{y}} - \frac{1 - y}{1 - \hat{y}}"),
        check=VJPCheck(reference=_nll, domain=_loss_domain, wrt=("yhat",), elementwise=True, analytic=True,
                       breaks={"yhat": (0.0, 1.0)}),
        printed=Form(r"L'_{\text{nlv}}(\hat{y}, y) = -\frac{y}{\hat{y}} - \frac{1 - y}{1 - \hat{y}}",
                     partial_derivative(nll_loss_prime_as_printed, "yhat")),
        expect=Status.ERRATUM,
        correction=Form(r"L'_{\text{nlv}}(\hat{y}, y) = -\frac{y}{\hat{y}} + \frac{1 - y}{1 - \hat{y}}",
                        partial_derivative(nll_loss_prime, "yhat")),
        explanation=("The derivative of −(1−y)log(1−ŷ) with respect to ŷ is +(1−y)/(1−ŷ): the slide prints "
                     "the second term with a minus sign."),
    ),
]
