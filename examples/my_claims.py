"""A course author's own claims, checked with ``python -m oracle verify --module examples.my_claims``."""

import numpy as np
import torch.nn.functional as F
from hypothesis import strategies as st

from oracle import Form, Kind, Severity, Source, Status, VJPCheck, claim
from oracle.domains import reals
from oracle.forms import elementwise_derivative


def softplus_prime(x):
    """d/dx log(1 + e^x) = 1 / (1 + e^{-x}), as written in my lecture notes."""
    return 1 / (1 + np.exp(-x))


def softplus_prime_typo(x):
    """The same line as it appeared in last year's handout (sign typo in the exponent)."""
    return 1 / (1 + np.exp(x))


def _x():
    return st.fixed_dictionaries({"x": reals(low=-20, high=20, edges=(0.0,))})


_CHECK = VJPCheck(reference=F.softplus, domain=_x, wrt=("x",), elementwise=True)
_NOTES = Source("my-lecture-notes.pdf", "Softplus", "softplus'(x) = 1 / (1 + e^{-x})")

CLAIMS = [
    claim("my-notes/softplus-prime", kind=Kind.BACKWARD, family="activation", source=_NOTES, check=_CHECK,
          printed=Form(r"\frac{1}{1 + e^{-x}}", elementwise_derivative(softplus_prime, "x"))),
    claim("my-notes/softplus-prime-handout", kind=Kind.BACKWARD, family="activation", source=_NOTES, check=_CHECK,
          printed=Form(r"\frac{1}{1 + e^{x}}", elementwise_derivative(softplus_prime_typo, "x")),
          expect=Status.ERRATUM, severity=Severity.ERROR,
          correction=Form(r"\frac{1}{1 + e^{-x}}", elementwise_derivative(softplus_prime, "x")),
          explanation="The handout's exponent lost its minus sign."),
]
