"""002_c565116afbd152b8.txt: "Réseau profond" (course notebook).

Code cells are transcribed as printed (same operations, same mistakes); where a
cell cannot run as printed the claim says so and carries the correction.
Section headings are quoted as printed.
"""

from __future__ import annotations

import numpy as np
import torch
from hypothesis import strategies as st

from oracle.checks import ValueCheck, VJPCheck
from oracle.claims import Condition, Form, Kind, Source, Status, claim
from oracle.domains import EDGES, reals
from oracle.forms import elementwise_derivative
from reference import Document

DOCUMENT = Document(
    id="reseau-profond",
    file="002_c565116afbd152b8.txt",
    title="Réseau profond",
    author="course notebook (author not named)",
    year="",
)
_FILE = DOCUMENT.file
_FUNCTIONS = "Les fonctions"
_DERIVATIVES = "Les dérivées"


# --- In [5]: activation functions, as printed -------------------------------------------

def sigmoid(x): return 1 / (1 + np.exp(-x))
def tanh(x): return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
def relu(x): return np.maximum(x, 0)


act_functions = {'sigmoid': sigmoid, 'tanh': tanh, 'relu': relu}


# --- In [3]: their derivatives, as printed ----------------------------------------------

def d_sigmoid(x):
    s = sigmoid(x)
    return s * (1 - s)


def d_tanh(x):
    t = tanh(x)
    return 1 - t**2


def d_relu(x):
    return x > 0


act_derivates = {'sigmoid': d_sigmoid, 'tanh': d_tanh, 'relu': d_relu}


# --- corrections --------------------------------------------------------------------------

def tanh_stable(x):
    """np.tanh never overflows."""
    return np.tanh(x)


def d_tanh_stable(x):
    t = tanh_stable(x)
    return 1 - t**2


def _x(low=-40.0, high=40.0, edges=EDGES["kink"] + EDGES["saturation"]):
    return lambda: st.fixed_dictionaries({"x": reals(low=low, high=high, edges=edges)})


_OVERFLOW = Condition(
    "|x| > 709.78: np.exp(x) or np.exp(-x) overflows and the quotient is inf/inf = NaN",
    _x(710.0, 1e4, edges=(710.0, 745.0)),
    meaning=Status.UNSTABLE,
)
_OVERFLOW_NEG = Condition(
    "|x| > 709.78: np.exp(x) or np.exp(-x) overflows and the quotient is inf/inf = NaN",
    _x(-1e4, -710.0, edges=(-710.0, -745.0)),
    meaning=Status.UNSTABLE,
)

CLAIMS = [
    claim(
        "reseau-profond/sigmoid",
        kind=Kind.DEFINITION,
        family="activation",
        source=Source(_FILE, _FUNCTIONS, "def sigmoid(x): return 1 / (1 + np.exp(-x))"),
        check=ValueCheck(reference=lambda x: torch.sigmoid(x),
                         domain=_x(-1e3, 1e3, edges=EDGES["kink"] + EDGES["saturation"] + EDGES["extreme"])),
        printed=Form(r"\sigma(x) = \frac{1}{1 + e^{-x}}", sigmoid),
    ),
    claim(
        "reseau-profond/tanh",
        kind=Kind.STABILITY,
        family="activation",
        source=Source(_FILE, _FUNCTIONS, "def tanh(x): return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))"),
        check=ValueCheck(reference=lambda x: torch.tanh(x), domain=_x(-700.0, 700.0)),
        printed=Form(r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}", tanh),
        expect=Status.UNSTABLE,
        correction=Form(r"\tanh(x) \text{ (np.tanh)}", tanh_stable),
        condition=_OVERFLOW,
        explanation=("Exact in real arithmetic, but np.exp overflows for |x| > 709.78 and the printed quotient "
                     "returns NaN where tanh is ±1: the notebook's own output shows \"RuntimeWarning: overflow "
                     "encountered in exp\" and \"invalid value encountered in true_divide\"."),
    ),
    claim(
        "reseau-profond/relu",
        kind=Kind.DEFINITION,
        family="activation",
        source=Source(_FILE, _FUNCTIONS, "def relu(x): return np.maximum(x, 0)"),
        check=ValueCheck(reference=lambda x: torch.relu(x), domain=_x()),
        printed=Form(r"\text{relu}(x) = \max(x, 0)", relu),
    ),
    claim(
        "reseau-profond/d-sigmoid",
        kind=Kind.BACKWARD,
        family="activation",
        source=Source(_FILE, _DERIVATIVES, "def d_sigmoid(x):\n    s = sigmoid(x)\n    return s * (1 - s)"),
        check=VJPCheck(reference=lambda x: torch.sigmoid(x), domain=_x(), wrt=("x",), elementwise=True, analytic=True),
        printed=Form(r"\sigma'(x) = s\,(1 - s),\quad s = \sigma(x)", elementwise_derivative(d_sigmoid, "x")),
    ),
    claim(
        "reseau-profond/d-tanh",
        kind=Kind.STABILITY,
        family="activation",
        source=Source(_FILE, _DERIVATIVES, "def d_tanh(x):\n    t = tanh(x)\n    return 1 - t**2"),
        check=VJPCheck(reference=lambda x: torch.tanh(x), domain=_x(-700.0, 700.0), wrt=("x",), elementwise=True,
                       analytic=True),
        printed=Form(r"\tanh'(x) = 1 - t^2,\quad t = \tanh(x)", elementwise_derivative(d_tanh, "x")),
        expect=Status.UNSTABLE,
        correction=Form(r"\tanh'(x) = 1 - \tanh(x)^2 \text{ (np.tanh)}", elementwise_derivative(d_tanh_stable, "x")),
        condition=_OVERFLOW_NEG,
        explanation=("The derivative formula is right, but it calls the printed tanh, which returns NaN for "
                     "|x| > 709.78, so d_tanh returns NaN there instead of 0."),
    ),
    claim(
        "reseau-profond/d-relu",
        kind=Kind.BACKWARD,
        family="activation",
        source=Source(_FILE, _DERIVATIVES, "def d_relu(x):\n    return x > 0"),
        check=VJPCheck(reference=lambda x: torch.relu(x), domain=_x(), wrt=("x",), elementwise=True,
                       breaks={"x": (0.0,)}),
        printed=Form(r"\text{relu}'(x) = [x > 0]", elementwise_derivative(d_relu, "x")),
    ),
]
