"""The claims of 002_c565116afbd152b8.txt, "Réseau profond" (course notebook).

Code cells are in ``printed`` (same operations, same mistakes); where a cell cannot run as printed
the claim says so and carries the correction.  Section headings are quoted as printed.

How the network claims are checked
----------------------------------
* Examples are columns (X has shape (n_0, m)), as in the notebook.  A network has a random depth
  (1-4), random widths (1-8, so matrices are mostly non-square), a batch of 1-8 columns, hidden
  activations drawn from sigmoid/tanh/relu and a sigmoid output (``oracle.domains.networks``).
  Its parameters are named as in the notebook's ``parameters`` dict (``W1``, ``b1`` of shape
  (n_1, 1), ...), so a counterexample names the layer and the entry.
* Values come from a numpy generator seeded by hypothesis (weights and biases in [-1, 1],
  inputs in [-2, 2]): moderate, and never exactly on a ReLU kink.
* The binary cross-entropy references are written on the output logits Z_L with torch's
  binary_cross_entropy_with_logits: torch.log1p(-sigmoid(Z)) would lose digits in 1 - sigmoid(Z)
  for large Z.  References with relu are real-only (analytic=False).
* ``train_model`` and ``accuracy`` call ``model_forward_pass``, which cannot run as printed (its
  own claim).  To judge each of their other defects alone, they are run with the printed code
  object rebound to the corrected ``model_forward_pass`` (and to a silent ``print``): see
  ``_with_corrected_forward``.
* The MNIST printouts (costs by epoch, accuracies) cannot be recomputed here: no data.
"""

from __future__ import annotations

import types

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import strategies as st

from oracle import Condition, Form, Kind, Source, Status, ValueCheck, VJPCheck, claim
from oracle.domains import (
    ACTIVATIONS,
    EDGES,
    labels,
    network_layers,
    network_parameters,
    networks,
    probabilities,
    reals,
    same_shape,
    shapes,
)
from oracle.forms import elementwise_derivative, partial_derivative, scalar_gradients, vjp
from reference.reseau_profond import printed as p

FILE = "002_c565116afbd152b8.txt"
_FUNCTIONS = "Les fonctions"
_DERIVATIVES = "Les dérivées"
_DERIVATION = "Dérivation et propagation du gradient"
_FORWARD = "La passe en avant"
_BACKWARD = "La passe en arrière"
_TRAINING = "Entrainement du modèle"
_BACK_TO_MNIST = "Retour à la mise en situation"


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
        source=Source(FILE, _FUNCTIONS, "def sigmoid(x): return 1 / (1 + np.exp(-x))"),
        check=ValueCheck(reference=lambda x: torch.sigmoid(x),
                         domain=_x(-1e3, 1e3, edges=EDGES["kink"] + EDGES["saturation"] + EDGES["extreme"])),
        printed=Form(r"\sigma(x) = \frac{1}{1 + e^{-x}}", p.sigmoid),
    ),
    claim(
        "reseau-profond/tanh",
        kind=Kind.STABILITY,
        family="activation",
        source=Source(FILE, _FUNCTIONS, "def tanh(x): return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))"),
        check=ValueCheck(reference=lambda x: torch.tanh(x), domain=_x(-700.0, 700.0)),
        printed=Form(r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}", p.tanh),
        expect=Status.UNSTABLE,
        correction=Form(r"\tanh(x) \text{ (np.tanh)}", p.tanh_stable),
        condition=_OVERFLOW,
        explanation=("Exact in real arithmetic, but np.exp overflows for |x| > 709.78 and the printed quotient "
                     "returns NaN where tanh is ±1: the notebook's own output shows \"RuntimeWarning: overflow "
                     "encountered in exp\" and \"invalid value encountered in true_divide\"."),
    ),
    claim(
        "reseau-profond/relu",
        kind=Kind.DEFINITION,
        family="activation",
        source=Source(FILE, _FUNCTIONS, "def relu(x): return np.maximum(x, 0)"),
        check=ValueCheck(reference=lambda x: torch.relu(x), domain=_x()),
        printed=Form(r"\text{relu}(x) = \max(x, 0)", p.relu),
    ),
    claim(
        "reseau-profond/d-sigmoid",
        kind=Kind.BACKWARD,
        family="activation",
        source=Source(FILE, _DERIVATIVES, "def d_sigmoid(x):\n    s = sigmoid(x)\n    return s * (1 - s)"),
        check=VJPCheck(reference=lambda x: torch.sigmoid(x), domain=_x(), wrt=("x",), elementwise=True, analytic=True),
        printed=Form(r"\sigma'(x) = s\,(1 - s),\quad s = \sigma(x)", elementwise_derivative(p.d_sigmoid, "x")),
    ),
    claim(
        "reseau-profond/d-tanh",
        kind=Kind.STABILITY,
        family="activation",
        source=Source(FILE, _DERIVATIVES, "def d_tanh(x):\n    t = tanh(x)\n    return 1 - t**2"),
        check=VJPCheck(reference=lambda x: torch.tanh(x), domain=_x(-700.0, 700.0), wrt=("x",), elementwise=True,
                       analytic=True),
        printed=Form(r"\tanh'(x) = 1 - t^2,\quad t = \tanh(x)", elementwise_derivative(p.d_tanh, "x")),
        expect=Status.UNSTABLE,
        correction=Form(r"\tanh'(x) = 1 - \tanh(x)^2 \text{ (np.tanh)}", elementwise_derivative(p.d_tanh_stable, "x")),
        condition=_OVERFLOW_NEG,
        explanation=("The derivative formula is right, but it calls the printed p.tanh, which returns NaN for "
                     "|x| > 709.78, so d_tanh returns NaN there instead of 0."),
    ),
    claim(
        "reseau-profond/d-relu",
        kind=Kind.BACKWARD,
        family="activation",
        source=Source(FILE, _DERIVATIVES, "def d_relu(x):\n    return x > 0"),
        check=VJPCheck(reference=lambda x: torch.relu(x), domain=_x(), wrt=("x",), elementwise=True,
                       breaks={"x": (0.0,)}),
        printed=Form(r"\text{relu}'(x) = [x > 0]", elementwise_derivative(p.d_relu, "x")),
    ),
]


# --- the notebook's code run around a mistake that is another claim's ---------------------------

def _silent_print(*args, **kwargs):
    """Stands in for print inside rebound notebook code: the checks compare values, not output."""


def _with_corrected_forward(fn):
    """The printed function's own code object, with `model_forward_pass` bound to the corrected In [11]
    (and `print` silenced), so that its remaining defects are judged alone."""
    env = {**fn.__globals__, "model_forward_pass": p.model_forward_pass_corrected, "print": _silent_print}
    return types.FunctionType(fn.__code__, env, fn.__name__, fn.__defaults__, fn.__closure__)


# --- torch references -------------------------------------------------------------------------

_TORCH_ACT = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}


def _dense(W, A, b):
    """W · A + b for examples in columns, with torch's F.linear."""
    return F.linear(A.transpose(-1, -2), W, b.reshape(-1)).transpose(-1, -2)


def _torch_forward(X, activations, **layers):
    """[Z1, A1, Z2, A2, ...] of the network, with torch ops."""
    out, A = [], X
    for W, b, act in zip(*network_layers(layers), activations):
        Z = _dense(W, A, b)
        A = _TORCH_ACT[act](Z)
        out += [Z, A]
    return out


def _bce_with_logits(Z, Y):
    """Binary cross-entropy of sigmoid(Z) against Y, summed over outputs and examples (torch's own op)."""
    return F.binary_cross_entropy_with_logits(Z, Y, reduction="sum")


def _one_layer_reference(W, b, activation, A_prev=None, X=None):
    A = A_prev if A_prev is not None else X
    return _TORCH_ACT[activation](_dense(W, A, b))


def _one_layer_values(W, b, activation, A_prev=None, X=None):
    A = A_prev if A_prev is not None else X
    Z = _dense(W, A, b)
    return torch.cat([Z, _TORCH_ACT[activation](Z)])


def _network_values(X, activations, **layers):
    return torch.cat([t.reshape(-1) for t in _torch_forward(X, activations, **layers)])


def _network_cost(X, Y, activations, **layers):
    Z_last = _torch_forward(X, activations, **layers)[-2]
    return _bce_with_logits(Z_last, Y)


def _accuracy_reference(x, y, activations, **layers):
    A_last = _torch_forward(x, activations, **layers)[-1]
    return (torch.argmax(A_last, dim=0) == y).to(torch.float64).mean()


def _bce_elementwise(A_last, y_batch):
    return -(y_batch * torch.log(A_last) + (1 - y_batch) * torch.log1p(-A_last))


def _bce_sum(model_result, Y):
    return -(Y * torch.log(model_result) + (1 - Y) * torch.log1p(-model_result)).sum()


def _train_reference(X, Y, layer_dimensions, layer_activations, learning_rate, epochs, batch_size, seed, show_cost):
    """Mini-batch gradient descent on the summed binary cross-entropy, every epoch, with torch autograd.

    The initial weights are data: the notebook draws them with np.random.randn after np.random.seed;
    the same draws come from np.random.RandomState(seed).  Biases start at zero.  Returns
    [W1, b1, W2, b2, ...] flattened after training."""
    rs = np.random.RandomState(seed)
    L = len(layer_dimensions) - 1
    params = []
    for i in range(1, L + 1):
        params.append(torch.from_numpy(rs.randn(layer_dimensions[i], layer_dimensions[i - 1])))
        params.append(torch.zeros(layer_dimensions[i], 1, dtype=torch.float64))
    lr, m = float(learning_rate), X.shape[1]
    for _ in range(epochs):
        for s in range(0, m, batch_size):
            leaves = [q.detach().requires_grad_(True) for q in params]
            with torch.enable_grad():
                A = X[:, s:s + batch_size]
                for i, act in enumerate(layer_activations):
                    Z = _dense(leaves[2 * i], A, leaves[2 * i + 1])
                    A = _TORCH_ACT[act](Z)
                cost = _bce_with_logits(Z, Y[:, s:s + batch_size])
                grads = torch.autograd.grad(cost, leaves)
            params = [q.detach() - lr * g for q, g in zip(leaves, grads)]
    return torch.cat([q.reshape(-1) for q in params])


# --- domains ----------------------------------------------------------------------------------

def _rng(draw):
    return np.random.default_rng(draw(st.integers(0, 2**32 - 1)))


def _columns(case):
    """The notebook's layout: biases as columns (n, 1)."""
    return {k: (v.reshape(-1, 1) if k[:1] == "b" and k[1:].isdigit() else v) for k, v in case.items()}


def _deep_networks(depth=(1, 4), width=(1, 8), batch=(1, 8), n_out=None, targets="binary"):
    """X (n_0, m), W1, b1, …, activations (hidden: any; output: sigmoid), and targets."""
    return networks(depth=depth, width=width, n_out=n_out, hidden=ACTIVATIONS, output="sigmoid", batch=batch,
                    layout="columns", targets=targets).map(_columns)


def _accuracy_cases():
    """The accuracy cell's own names: examples x (n_0, m) and class labels y (m,)."""
    return _deep_networks(batch=(1, 10), n_out=10, targets="classes").map(
        lambda c: {("x" if k == "X" else "y" if k == "Y" else k): v for k, v in c.items()})


@st.composite
def _one_layer(draw, x_name="A_prev"):
    """One layer: A_prev (n_in, m), W (n_out, n_in), b (n_out, 1), an activation name."""
    n_in, n_out, m = draw(st.integers(1, 8)), draw(st.integers(1, 8)), draw(st.integers(1, 8))
    activation = draw(st.sampled_from(ACTIVATIONS))
    rng = _rng(draw)
    return {x_name: rng.uniform(-2.0, 2.0, (n_in, m)), "W": rng.uniform(-1.0, 1.0, (n_out, n_in)),
            "b": rng.uniform(-1.0, 1.0, (n_out, 1)), "activation": activation}


@st.composite
def _training_cases(draw, epochs=(2, 3), show_cost=False):
    """A tiny synthetic data set and a small network for train_model (initial W from np.random.seed(seed))."""
    d = draw(_deep_networks(depth=(1, 3), width=(1, 4)))
    rng = _rng(draw)
    X = rng.uniform(-1.0, 1.0, d["X"].shape)
    return {"X": X, "Y": d["Y"], "layer_dimensions": list(d["widths"]), "layer_activations": list(d["activations"]),
            "learning_rate": np.float64(draw(st.floats(0.01, 0.5))), "epochs": draw(st.integers(*epochs)),
            "batch_size": draw(st.integers(1, 4)), "seed": draw(st.integers(0, 2**32 - 1)), "show_cost": show_cost}


def _dZ_domain():
    return st.fixed_dictionaries({
        "Z": reals(shape=shapes(min_dims=2, max_dims=2), low=-40.0, high=40.0,
                   edges=EDGES["kink"] + EDGES["saturation"]),
        "activation": st.sampled_from(ACTIVATIONS)})


# --- the printed code, wired to the checks' inputs ------------------------------------------------

def _parameters(layers):
    """The notebook's ``parameters`` dict of a network case (fresh numpy copies)."""
    return {k: np.array(layers[k], dtype=float) for k in network_parameters(layers)}


def _trained(train):
    """Run a train_model variant (rebound to the corrected forward pass) from np.random.seed(seed); flatten
    the returned parameters as [W1, b1, W2, b2, ...].  The global random state is restored afterwards."""
    fn = _with_corrected_forward(train)

    def impl(X, Y, layer_dimensions, layer_activations, learning_rate, epochs, batch_size, seed, show_cost):
        state = np.random.get_state()
        try:
            np.random.seed(seed)
            parameters, _ = fn(X, Y, layer_dimensions, layer_activations, learning_rate=float(learning_rate),
                               epochs=epochs, batch_size=batch_size, show_cost=show_cost)
        finally:
            np.random.set_state(state)
        L = len(layer_dimensions) - 1
        return np.concatenate([np.ravel(parameters[k + str(i)]) for i in range(1, L + 1) for k in ("W", "b")])

    impl.__name__ = train.__name__
    return impl


def _layer_forward(X, W, b, activation):
    return np.concatenate(p.layer_forward_pass(X, W, b, activation))


def _formula_forward(A_prev, W, b, activation):
    return np.concatenate(p.formula_forward(A_prev, W, b, activation))


def _model_forward(forward):
    def impl(X, activations, **layers):
        result = forward(X, activations, _parameters(layers))
        return np.concatenate([np.ravel(result[k + str(i)]) for i in range(1, len(activations) + 1) for k in ("Z", "A")])

    impl.__name__ = forward.__name__
    return impl


def _layer_backward(backward):
    def adapter(grad_out, A_prev, W, b, activation):
        Z = np.dot(W, A_prev) + b
        dW, db, dA_prev = backward(grad_out, Z, A_prev, W, activation)
        return {"W": dW, "b": db, "A_prev": dA_prev}
    return adapter


def _model_backward(backward):
    """In [13]'s dA_last (d_a_last) and In [12]'s model_backward_pass, after the (corrected) forward pass."""
    def adapter(X, Y, activations, **layers):
        parameters = _parameters(layers)
        forward_pass_results = p.model_forward_pass_corrected(X, activations, parameters)
        A_last = forward_pass_results['A' + str(len(activations))]
        dA_last = p.d_a_last(A_last, Y)
        gradients = backward(dA_last, parameters, forward_pass_results, activations)
        return {k: gradients['d' + k] for k in network_parameters(layers)}
    return adapter


def _accuracy(fn):
    rebound = _with_corrected_forward(fn)

    def impl(x, y, activations, **layers):
        return rebound(x, y, _parameters(layers), activations)

    impl.__name__ = fn.__name__
    return impl


def _dZ_of(formula):
    def adapter(grad_out, Z, activation):
        return {"Z": formula(grad_out, Z, activation)}
    return adapter


def _one_gradient(backward, name):
    """The gradient ``name`` of a printed backward (the claim judges that one)."""
    def adapter(grad_out, **inputs):
        return {name: backward(grad_out, **inputs)[name]}
    return adapter


_ONE_LAYER_VJP = dict(reference=_one_layer_reference, domain=_one_layer)

CLAIMS += [
    # ------------------------------------------------ "Dérivation et propagation du gradient"
    claim(
        "reseau-profond/forward-formula",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _DERIVATION, r"Z_n = W_n \cdot A_{n-1} + b_n"),
        check=ValueCheck(reference=_one_layer_values, domain=_one_layer),
        printed=Form(r"Z_n = W_n \cdot A_{n-1} + b_n,\quad A_n = a(Z_n)", _formula_forward),
    ),
    claim(
        "reseau-profond/dz-formula",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _DERIVATION, r"dZ_n = a'(Z_n) * dA_n"),
        check=VJPCheck(reference=lambda Z, activation: _TORCH_ACT[activation](Z), domain=_dZ_domain, wrt=("Z",),
                       elementwise=True, breaks={"Z": (0.0,)}),
        printed=Form(r"dZ_n = a'(Z_n) * dA_n", vjp(_dZ_of(p.formula_dZ))),
    ),
    claim(
        "reseau-profond/dw-formula",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _DERIVATION, r"dW_n = dZ \cdot A_{n-1}^T"),
        check=VJPCheck(wrt=("W",), **_ONE_LAYER_VJP),
        printed=Form(r"dW_n = dZ \cdot A_{n-1}^T", vjp(_one_gradient(p.formula_backward, "W"))),
    ),
    claim(
        "reseau-profond/db-formula",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _DERIVATION, r"db_n = \sum dZ"),
        check=VJPCheck(wrt=("b",), **_ONE_LAYER_VJP),
        printed=Form(r"db_n = \sum dZ\ \text{(over the examples)}", vjp(_one_gradient(p.formula_backward, "b"))),
    ),
    claim(
        "reseau-profond/da-prev-formula",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _DERIVATION, r"dA_{n-1} = W_n^T \cdot dZ"),
        check=VJPCheck(wrt=("A_prev",), **_ONE_LAYER_VJP),
        printed=Form(r"dA_{n-1} = W_n^T \cdot dZ", vjp(_one_gradient(p.formula_backward, "A_prev"))),
    ),
    # ------------------------------------------------ In [11]
    claim(
        "reseau-profond/layer-forward-pass",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _FORWARD, "Z = np.dot(W, X) + b"),
        check=ValueCheck(reference=_one_layer_values, domain=lambda: _one_layer(x_name="X")),
        printed=Form(r"Z = W X + b,\ A = a(Z)\ \text{(layer\_forward\_pass)}", _layer_forward),
    ),
    claim(
        "reseau-profond/model-forward-pass",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _FORWARD,
                      "Z_next, A_next = layer_forward_pass(A, parameters['W' + str(i)], parameters['b' + str(i)])"),
        check=ValueCheck(reference=_network_values, domain=lambda: _deep_networks(targets=None)),
        printed=Form(r"Z_i, A_i = \text{layer\_forward\_pass}(A_{i-1}, W_i, b_i)", _model_forward(p.model_forward_pass)),
        expect=Status.DOES_NOT_RUN,
        correction=Form(r"Z_i, A_i = \text{layer\_forward\_pass}(A_{i-1}, W_i, b_i, \text{activations}[i-1])",
                        _model_forward(p.model_forward_pass_corrected)),
        explanation=("model_forward_pass calls \"layer_forward_pass(A, parameters['W' + str(i)], "
                     "parameters['b' + str(i)])\" without the required activation argument, so it raises TypeError; "
                     "passing activations[i-1] fixes it."),
    ),
    # ------------------------------------------------ In [12]
    claim(
        "reseau-profond/layer-backward-pass",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _BACKWARD, "def layer_backward_pass(dA, Z, A_prev, W, activation):"),
        check=VJPCheck(wrt=("W", "b", "A_prev"), **_ONE_LAYER_VJP),
        printed=Form(r"dZ = dA * a'(Z),\ dW = dZ A_{prev}^T,\ db = \textstyle\sum_{\text{cols}} dZ,\ "
                     r"dA_{prev} = W^T dZ", vjp(_layer_backward(p.layer_backward_pass))),
    ),
    claim(
        "reseau-profond/model-backward-pass",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _BACKWARD,
                      "def model_backward_pass(dA_last, parameters, forward_pass_results, activations):"),
        check=VJPCheck(reference=_network_cost, domain=_deep_networks, wrt=network_parameters),
        printed=Form(r"\text{model\_backward\_pass}(dA_L, \dots):\ \frac{\partial C}{\partial W_i}, "
                     r"\frac{\partial C}{\partial b_i}\ \text{for}\ C = -\sum Y\log A_L + (1 - Y)\log(1 - A_L)",
                     scalar_gradients(_model_backward(p.model_backward_pass))),
    ),
    # ------------------------------------------------ In [13]
    claim(
        "reseau-profond/d-a-last",
        kind=Kind.BACKWARD,
        family="loss",
        source=Source(FILE, _TRAINING,
                      "dA_last = -(np.divide(y_batch, A_last) - np.divide(1 - y_batch, 1 - A_last))"),
        check=VJPCheck(reference=_bce_elementwise,
                       domain=lambda: same_shape(shapes(min_dims=2, max_dims=2),
                                                 A_last=lambda s: probabilities(shape=s),
                                                 y_batch=lambda s: st.one_of(labels(shape=s), probabilities(shape=s))),
                       wrt=("A_last",), elementwise=True, analytic=True, breaks={"A_last": (0.0, 1.0)}),
        printed=Form(r"dA_L = -\left(\frac{Y}{A_L} - \frac{1 - Y}{1 - A_L}\right)",
                     partial_derivative(p.d_a_last, "A_last")),
    ),
    claim(
        "reseau-profond/cost",
        kind=Kind.DEFINITION,
        family="loss",
        source=Source(FILE, _TRAINING,
                      "cost = np.squeeze(-np.sum(np.log(model_result) * Y + np.log(1 - model_result)))"),
        check=ValueCheck(reference=_bce_sum,
                         domain=lambda: same_shape(shapes(min_dims=2, max_dims=2),
                                                   model_result=lambda s: probabilities(shape=s),
                                                   Y=lambda s: labels(shape=s))),
        printed=Form(r"C = -\sum \log(A_L)\,Y + \log(1 - A_L)", p.printed_cost),
        expect=Status.ERRATUM,
        correction=Form(r"C = -\sum Y\log(A_L) + (1 - Y)\log(1 - A_L)", p.bce_cost_corrected),
        explanation=("The debug cost \"np.log(model_result) * Y + np.log(1 - model_result)\" drops the (1 - Y) factor "
                     "of the binary cross-entropy whose derivative dA_last is, so it adds -log(1 - A) for every "
                     "target equal to 1."),
    ),
    claim(
        "reseau-profond/train-model-return",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _TRAINING, "        return parameters, costs"),
        check=ValueCheck(reference=_train_reference, domain=_training_cases),
        printed=Form(r"\text{train\_model: }\texttt{return}\text{ inside the epoch loop}", _trained(p.train_model)),
        expect=Status.ERRATUM,
        correction=Form(r"\text{train\_model: }\texttt{return}\text{ after the epoch loop}",
                        _trained(p.train_model_return_corrected)),
        explanation=("\"return parameters, costs\" is indented inside \"for e in range(epochs):\", so train_model "
                     "returns after the first epoch whatever epochs is (judged with the corrected "
                     "model_forward_pass and show_cost=False, on 2-3 epochs)."),
    ),
    claim(
        "reseau-profond/train-model-show-cost",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _TRAINING, "if show_cost : print('Epoch #i: %s' % (e+1, cost))"),
        check=ValueCheck(reference=_train_reference, domain=lambda: _training_cases(epochs=(1, 1), show_cost=True)),
        printed=Form(r"\texttt{'Epoch \#i: \%s' \% (e+1, cost)}", _trained(p.train_model)),
        expect=Status.DOES_NOT_RUN,
        correction=Form(r"\texttt{'Epoch \#\%i: \%s' \% (e+1, cost)}", _trained(p.train_model_print_corrected)),
        explanation=("\"'Epoch #i: %s' % (e+1, cost)\" has one conversion for two values, so train_model raises "
                     "TypeError (not all arguments converted) at the first batch whenever show_cost=True, as in "
                     "the notebook's own calls (judged with the corrected p.model_forward_pass, on one epoch)."),
    ),
    # ------------------------------------------------ In [39]
    claim(
        "reseau-profond/accuracy",
        kind=Kind.DEFINITION,
        family="algorithm",
        source=Source(FILE, _BACK_TO_MNIST,
                      "results = np.argmax(model_forward_pass(x, layer_activations, params)"
                      "['A'+str(len(layer_activations))], axis = 1)"),
        check=ValueCheck(reference=_accuracy_reference,
                         domain=_accuracy_cases),
        printed=Form(r"\text{accuracy} = \text{mean}(\arg\max_{\text{axis}=1} A_L = y)", _accuracy(p.accuracy)),
        expect=Status.DOES_NOT_RUN,
        correction=Form(r"\text{accuracy} = \text{mean}(\arg\max_{\text{axis}=0} A_L = y)", _accuracy(p.accuracy_corrected)),
        explanation=("With examples in columns, \"np.argmax(..., axis = 1)\" takes the argmax over the m examples for "
                     "each of the 10 classes, giving shape (10,); under numpy 2 \"results == y\" with y of shape (m,) "
                     "raises ValueError (shapes cannot be broadcast) unless m is 1 or 10, where it silently returns a "
                     "meaningless number (numpy 1.x returned False with a warning, i.e. an accuracy of 0); argmax "
                     "over axis 0 is meant (judged with the corrected p.model_forward_pass)."),
    ),
]
