"""The wiring of the claims of 002_c565116afbd152b8.txt about layers, the data, the runs and their results: torch
references and domains for the sentences (``sentences``), the In [15] lines, the figures of the printouts, and
the extension to a new activation.

The accuracies the notebook prints (In [39], In [43]) come from MNIST, which is not here: the sentences that
compare them are judged against the printouts as the notebook shows them (``listing``), read once below.
"""

from __future__ import annotations

import re
import types

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import strategies as st

from oracle import Condition, Status
from reference.reseau_profond import listing
from reference.reseau_profond import printed as p
from reference.reseau_profond import sentences as s
from reference.reseau_profond.wiring import _dense, _one_layer, _parameters, _rng, _torch_forward

# --- layers: torch's own modules -------------------------------------------------------------------------------

#: An MNIST image (l.202: "images 28x28") and its ten digit classes (In [15]: np.arange(10)).
_PIXELS, _CLASSES = torch.zeros(28, 28).numel(), torch.arange(10).numel()


def _linears(dims):
    """The dense layers of a network of sizes ``dims`` (inputs first), as torch modules on the meta device: their
    shapes without storage (the stability audit and the curves evaluate these references at sizes up to 1e6)."""
    return [torch.nn.Linear(int(dims[i - 1]), int(dims[i]), dtype=torch.float64, device="meta")
            for i in range(1, len(dims))]


def _previous_models(hidden):
    """Weight layers of the previous notebooks' models: logistic regression (pixels -> classes) and the network
    with one hidden layer (pixels -> hidden -> classes)."""
    return torch.tensor([len(_linears([_PIXELS, _CLASSES])), len(_linears([_PIXELS, hidden, _CLASSES]))],
                        dtype=torch.float64)


def _ends(layer_dimensions):
    """(inputs of the first dense layer, outputs of the last one)."""
    net = _linears(layer_dimensions)
    return torch.tensor([net[0].in_features, net[-1].out_features], dtype=torch.float64)


def _previous_network(hidden):
    """The previous notebook's network counted with its inputs (l.26's convention): (layers, input size, hidden
    size, output size)."""
    net = _linears([_PIXELS, hidden, _CLASSES])
    return torch.tensor([len(net) + 1, net[0].in_features, net[0].out_features, net[-1].out_features],
                        dtype=torch.float64)


def _weight_layers(layer_dimensions):
    """The layers that have parameters: every layer but the inputs."""
    return torch.tensor(float(len(_linears(layer_dimensions))), dtype=torch.float64)


def _parameter_shapes(layer_dimensions):
    """For every dense layer: (rows of W, columns of W, entries of b)."""
    return torch.tensor([[lin.weight.shape[0], lin.weight.shape[1], lin.bias.numel()]
                         for lin in _linears(layer_dimensions)], dtype=torch.float64)


def _dimensions():
    return st.lists(st.integers(1, 8), min_size=2, max_size=5).map(lambda d: {"layer_dimensions": d})


def _hidden():
    return st.integers(1, 100).map(lambda h: {"hidden": h})


def _layer_shape_reference(W, b, activation, A_prev):
    """The shape of dC/dW for a layer (torch autograd on a cost of its output): W's own."""
    W = W.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        (grad,) = torch.autograd.grad(torch.sigmoid(_dense(W, A_prev, b)).sum(), W)
    return torch.tensor(list(grad.shape), dtype=torch.float64)


# --- the forward pass's kept results ------------------------------------------------------------------------------

def _kept_values(X, activations, **layers):
    """[X, Z1, A1, Z2, A2, ...] of the network, with torch ops."""
    return torch.cat([X.reshape(-1)] + [t.reshape(-1) for t in _torch_forward(X, activations, **layers)])


def _kept(forward):
    """[A0, Z1, A1, ...] of a forward that returns the kept results by name."""
    def impl(X, activations, **layers):
        kept = forward(X, activations, _parameters(layers))
        return np.concatenate([np.ravel(kept['A0'])] + [np.ravel(kept[k + str(i)])
                                                          for i in range(1, len(activations) + 1) for k in ("Z", "A")])

    impl.__name__ = forward.__name__
    return impl


# --- In [15] -----------------------------------------------------------------------------------------------------

def _standardised(x_train, x_test):
    """Standardisation by the training pixels' mean and deviation; a pixel constant in training (sigma = 0) is left
    centred and unscaled (scikit-learn's StandardScaler convention).  The notebook's 1e-9 guard is kept where
    sigma > 0: it changes a value by a relative 1e-9 / sigma, which is not what is judged."""
    x_train, x_test = x_train.to(torch.float64), x_test.to(torch.float64)
    mus = x_train.mean(dim=0, keepdim=True)
    sigmas = ((x_train - mus) ** 2).mean(dim=0, keepdim=True).sqrt()
    sigmas = torch.where(sigmas == 0, torch.ones_like(sigmas), sigmas + 1e-9)
    return (x_test - mus) / sigmas


@st.composite
def _pixels(draw, inked=False):
    """Raw pixel values 0..255 as integers (m_train, n) and (m_test, n), some pixels constant over the training
    images (as MNIST's borders, mostly 0).  A test image differs from the training constant on such a pixel only
    when ``inked``."""
    rng = _rng(draw)
    m, k, n = draw(st.integers(2, 8)), draw(st.integers(1, 4)), draw(st.integers(1, 8))
    x_train, x_test = rng.integers(0, 256, (m, n)), rng.integers(0, 256, (k, n))
    constant = rng.random(n) < 0.5
    constant[0] = constant[0] or inked
    x_train[:, constant] = np.where(rng.random(int(constant.sum())) < 0.7, 0, rng.integers(0, 256, int(constant.sum())))
    constant = x_train.std(axis=0) == 0
    x_test[:, constant] = x_train[0, constant]
    if inked:
        j = int(np.flatnonzero(constant)[0])
        x_test[rng.integers(0, k), j] = (x_train[0, j] + rng.integers(1, 256)) % 256
    return {"x_train": x_train.astype(np.int64), "x_test": x_test.astype(np.int64)}


_INKED = Condition(
    "a pixel constant over the training images (sigma = 0, as MNIST's borders) is inked in a test image: it is "
    "divided by 1e-9",
    lambda: _pixels(inked=True),
    meaning=Status.CONDITIONAL,
)


def _one_hot_reference(y_train):
    return F.one_hot(y_train[:, 0], _CLASSES).to(torch.float64)


def _labels_column():
    """Labels as In [15] needs them: a column (m, 1) of digits."""
    return st.integers(1, 12).flatmap(lambda m: st.lists(st.integers(0, 9), min_size=m, max_size=m)).map(
        lambda ys: {"y_train": np.array(ys, dtype=np.int64).reshape(-1, 1)})


# --- In [16] and In [42]: the runs the sentences announce --------------------------------------------------------

class _Plot:
    """Stands in for matplotlib.pyplot: the cell's calls are recorded, nothing is drawn."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def _call_of(cell):
    """The arguments a cell passes to train_model, by running its text with train_model recorded (not run)."""
    calls = {}

    def train_model(X, Y, layer_dimensions, layer_activations, **kwargs):
        calls.update(kwargs, layer_dimensions=list(layer_dimensions), layer_activations=list(layer_activations))
        return {}, []

    state = np.random.get_state()
    try:
        exec(compile(cell, "<cell>", "exec"), {"np": np, "plot": _Plot(), "train_model": train_model,
                                               "x_train_norm": np.zeros((1, _PIXELS)), "y_train_mat": np.zeros((1, 10))})
    finally:
        np.random.set_state(state)
    return calls


def _plan(cell, layers):
    """The figures of "act n / act n / act n sur e époques" from the cell: a layer's width where its activation is
    the one the sentence names, NaN where it is not."""
    def recompute():
        call = _call_of(cell)
        out = {f"{name} {width}": (float(call["layer_dimensions"][i + 1])
                                   if call["layer_activations"][i] == act else float("nan"))
               for i, (name, act, width) in enumerate(layers)}
        if "epochs" in call:
            out["époques"] = float(call["epochs"])
        return out
    return recompute


def _plan_16():
    return _plan(listing.IN_16, [("tanh", "tanh", 50), ("sigmoid", "sigmoid", 25), ("sigmoid", "sigmoid", 10)])()


def _plan_42():
    return _plan(listing.IN_42, [("relu", "relu", 50), ("relu", "relu", 25), ("sigmoide", "sigmoid", 10)])()


# --- the accuracies the notebook prints ---------------------------------------------------------------------------

def _shown(printout):
    """{'training': %, 'test': %} as a printout of In [39] or In [43] shows them."""
    found = dict(re.findall(r"Accuracy on (training|test) set : ([\d.]+)%", printout.text))
    return {k: float(v) for k, v in found.items()}


_SHOWN_39, _SHOWN_43 = _shown(listing.ACCURACY_39), _shown(listing.ACCURACY_43)


def _accuracies():
    return {"training, In [39]": _SHOWN_39["training"], "test, In [39]": _SHOWN_39["test"],
            "training, In [43]": _SHOWN_43["training"], "test, In [43]": _SHOWN_43["test"]}


def _over_sizes():
    """Each printed accuracy as the nearest k / m of l.202's sizes (60 000 training images, 10 000 test images)."""
    sizes = s.mnist_sizes()
    out = {}
    for name, value in _accuracies().items():
        m = sizes[name.split(",")[0]]
        out[name] = 100 * round(value * m / 100) / m
    return out


def _t(*values):
    return torch.tensor(values, dtype=torch.float64)


def _gap_sign():
    return torch.sign(_t(_SHOWN_39["training"] - _SHOWN_39["test"]))[0]


def _train_change_sign():
    return torch.sign(_t(_SHOWN_43["training"] - _SHOWN_39["training"]))[0]


def _bias_variance_signs():
    """(training error of In [43] minus In [39]'s, train-test gap of In [43] minus In [39]'s), signs."""
    error = _t(100 - _SHOWN_39["training"], 100 - _SHOWN_43["training"])
    gap = _t(_SHOWN_39["training"] - _SHOWN_39["test"], _SHOWN_43["training"] - _SHOWN_43["test"])
    return torch.sign(torch.stack([error[1] - error[0], gap[1] - gap[0]]))


def _test_change_sign():
    return torch.sign(_t(_SHOWN_43["test"] - _SHOWN_39["test"]))[0]


def _chosen_on_test():
    """The model kept when the test set decides: the one of higher test accuracy (lower test cost)."""
    return torch.argmax(_t(_SHOWN_39["test"], _SHOWN_43["test"])).to(torch.float64)


def _accuracy_of(results, y):
    return (results == y).to(torch.float64).mean()


@st.composite
def _predictions(draw):
    """Labels y and predictions of ten classes, as many as examples (1-12): right or wrong at random."""
    rng = _rng(draw)
    m = draw(st.integers(1, 12))
    y = rng.integers(0, 10, m)
    results = np.where(rng.random(m) < 0.6, y, rng.integers(0, 10, m))
    return {"results": results.astype(np.int64), "y": y.astype(np.int64)}


# --- "Extension du système" ---------------------------------------------------------------------------------------

_TORCH_NEW = {"softplus": F.softplus, "softmax": lambda Z: torch.softmax(Z, dim=0)}


def _new_layer_reference(W, b, activation, A_prev):
    return _TORCH_NEW[activation](_dense(W, A_prev, b))


def _new_activation(*names):
    return lambda: _one_layer().flatmap(lambda c: st.sampled_from(names).map(lambda a: {**c, "activation": a}))


_NOT_ELEMENTWISE = Condition(
    "the new activation is not element-wise (softmax over the classes): its Jacobian is not diagonal, so "
    "dA * a'(Z) is not the chain rule",
    _new_activation("softmax"),
    meaning=Status.CONDITIONAL,
)


def _with_extended_dictionaries(fn):
    """A printed function with ``act_functions`` and ``act_derivates`` holding the new activation as well."""
    env = {**fn.__globals__, "act_functions": s.extended_act_functions, "act_derivates": s.extended_act_derivates}
    return types.FunctionType(fn.__code__, env, fn.__name__, fn.__defaults__, fn.__closure__)


def _extended_layer_backward_pass():
    return _with_extended_dictionaries(p.layer_backward_pass)


# --- In [16]'s log against the printed cost ----------------------------------------------------------------------

_LOG_16 = [float(v) for v in re.findall(r"Epoch #\d+: ([\d.]+)", listing.LOG_16.text)]


def _attainable_by_printed_cost():
    """For each value of In [16]'s log: can In [13]'s printed cost, -sum(log(A) * Y + log(1 - A)), take it on l.202's
    60 000 training images?  With one-hot Y, each image's true class adds -log(a) - log(1 - a) >= 2 ln 2 (its
    minimum, at a = 1/2) and every other entry -log(1 - a) > 0, so the cost is at least 60 000 * 2 ln 2."""
    half = torch.tensor(0.5, dtype=torch.float64)
    floor = 60000 * -(torch.log(half) + torch.log1p(-half))
    return (torch.tensor(_LOG_16, dtype=torch.float64) >= floor).to(torch.float64)
