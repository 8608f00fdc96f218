"""The wiring of the claims of 002_c565116afbd152b8.txt, "Réseau profond" (course notebook).

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
* The MNIST printouts (costs by epoch, accuracies) cannot be recomputed here: no data.  What can be judged
  without it is judged: the layout of the logs (``listing``), a bound of the printed cost, and the printed
  accuracies against the data sizes (``wiring_results``).
* ``wiring_training`` wires the claims of In [13] (training), ``wiring_results`` those of the data, the runs,
  their results and the sentences (``sentences``).
"""

from __future__ import annotations

import types

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import strategies as st

from oracle import Condition, Status
from oracle.domains import (
    ACTIVATIONS,
    EDGES,
    network_layers,
    network_parameters,
    networks,
    reals,
    shapes,
)
from reference.reseau_profond import printed as p

FILE = "002_c565116afbd152b8.txt"
_FUNCTIONS = "Les fonctions"
_DERIVATIVES = "Les dérivées"
_DERIVATION = "Dérivation et propagation du gradient"
_FORWARD = "La passe en avant"
_BACKWARD = "La passe en arrière"
_TRAINING = "Entrainement du modèle"
_LOADING = "Chargement des données"


def _x(low=-40.0, high=40.0, edges=EDGES["kink"] + EDGES["saturation"]):
    return lambda: st.fixed_dictionaries({"x": reals(low=low, high=high, edges=edges)})


_OVERFLOW = Condition(
    "|x| > 709.78: np.exp(x) or np.exp(-x) overflows and the quotient is inf/inf = NaN",
    _x(710.0, 1e4, edges=(710.0, 745.0)),
    meaning=Status.UNSTABLE,
)
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
    """The accuracy cell's own names: examples x (n_0, m) and class labels y as In [39] passes them, y_train.T of
    shape (1, m) (In [15]'s one-hot needs y_train as a column (m, 1))."""
    return _deep_networks(batch=(1, 10), n_out=10, targets="classes").map(
        lambda c: {("x" if k == "X" else "y" if k == "Y" else k): (v.reshape(1, -1) if k == "Y" else v)
                   for k, v in c.items()})


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



# --- the dictionaries of In [5] and In [3], and the backward pass from kept results -------------------------------

def _named_x():
    """An array x and the name of one of the notebook's activations."""
    return st.fixed_dictionaries({
        "x": reals(shape=shapes(min_dims=1, max_dims=2), low=-40.0, high=40.0,
                   edges=EDGES["kink"] + EDGES["saturation"]),
        "activation": st.sampled_from(ACTIVATIONS)})


def _by_name(table):
    """``table[activation](x)``: a function looked up in a dictionary of the notebook by its name."""
    def impl(x, activation):
        return table[activation](x)
    return impl


def _by_name_derivative(table):
    """VJP of an element-wise activation looked up by name: grad_out * table[activation](x)."""
    def adapter(grad_out, x, activation):
        return {"x": grad_out * table[activation](x)}
    return adapter


def _from_kept(gradients):
    """A procedure of the notebook's parameters dict, on a network case: its gradients by parameter name."""
    def adapter(X, Y, activations, **layers):
        return gradients(X, Y, activations, _parameters(layers))
    adapter.__name__ = gradients.__name__
    return adapter
