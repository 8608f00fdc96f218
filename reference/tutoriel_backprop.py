"""000_88c507be81c046c9.txt: "Tutoriel deep learning, deuxième partie : la rétropropagation du gradient"
(blog tutorial, author not named).

Section headings are quoted as printed.  Formulas and code are transcribed as printed.

How the claims are checked
--------------------------
* The text's formulas are generic in the cost: they only use ``cost'(a^L)``.  The
  backward claims on formulas therefore take the network output ``a^L`` as the torch
  reference and let the upstream gradient play the part of ``cost'(a^L)`` (the VJP of
  ``a^L`` with upstream ``u`` is the gradient of the cost ``<u, a^L>``, whose
  ``cost'`` is ``u``; any cost enters the formulas only through ``cost'``).
* Networks have a random depth (1-4) and random widths (1-8, so weight matrices are
  mostly non-square).  A network's parameters travel as two flat arrays, ``weights``
  (every ``w^l`` flattened row-major, layer after layer) and ``biases`` (every ``b^l``),
  plus ``widths = (n_0, ..., n_L)``; the printed code is called on the matrices these
  unpack to, and its gradients are flattened back the same way.  Claims about one layer
  of a network split the parameters into ``head_*`` (the layers before it), ``w``/``b``
  (the layer) and ``tail_*`` (the layers after it).
* Parameter values come from a numpy generator seeded by hypothesis (weights and
  biases in [-1, 1], inputs in [-2, 2]): moderate, so that no sigmoid saturates to
  exactly 0 or 1.
* The code's output delta ``a - target`` is, as its comment says, the delta of the
  cross-entropy cost ``-Σ[t log a + (1 - t) log(1 - a)]`` with sigmoid outputs: its
  claims are judged against that cost (it is *not* ``σ'(z)·cost'(a)`` of the quadratic
  cost, and the document does not say it is).

Not transcribed: ``load_mnist_data`` and the ``__main__`` block (MNIST is not here),
and ``Network.train`` (it only shuffles with sklearn and calls ``train_batch``, which
is checked).  The printed MNIST accuracies cannot be recomputed here.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import strategies as st

from oracle.checks import FigureCheck, ValueCheck, VJPCheck
from oracle.claims import Form, Kind, Source, Status, claim
from oracle.domains import EDGES, reals, shapes
from oracle.forms import elementwise_derivative, scalar_gradients, vjp
from reference import Document

DOCUMENT = Document(
    id="tutoriel-backprop",
    file="000_88c507be81c046c9.txt",
    title="Tutoriel deep learning, deuxième partie : la rétropropagation du gradient",
    author="blog tutorial (author not named)",
    year="",
)
_FILE = DOCUMENT.file
_NOTATIONS = "Rappel des notations utilisées"
_ALGORITHM = "L'algorithme de la rétropropagation du gradient"
_INTUITION = "Rétropropagation du gradient : intuition"
_LAST_LAYER = "Calculer l'erreur pour la dernière couche"
_ONE_MORE = "On en remet une couche"
_GENERAL = "Généralisation"
_CODE = "Le code"


# ======================================================================================
# "Le code", as printed (numpy; sklearn and matplotlib imports, data loading, `train`
# and the __main__ block left out).
# ======================================================================================

def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def sigmoid_prime(x):
    """Dérivée de la fonction sigmoid."""
    return sigmoid(x) * (1.0 - sigmoid(x))


def to_one_hot(y, k):
    """Convertit un entier en vecteur "one-hot".

    to_one_hot(5, 10) -> (0, 0, 0, 0, 1, 0, 0, 0, 0)

    """
    one_hot = np.zeros(k)
    one_hot[y] = 1
    return one_hot


class Layer:
    """Une seule couche de neurones."""
    def __init__(self, size, input_size):
        self.size = size
        self.input_size = input_size

        # Les poids sont représentés par une matrice de n lignes
        # et m colonnes. n = le nombre de neurones, m = le nombre de
        # neurones dans la couche précédente.
        self.weights = np.random.randn(size, input_size)

        # Un biais par neurone
        self.biases = np.random.randn(size)

    def forward(self, data):
        aggregation = self.aggregation(data)
        activation = self.activation(aggregation)
        return activation

    def aggregation(self, data):
        return np.dot(self.weights, data) + self.biases

    def activation(self, x):
        return sigmoid(x)

    def activation_prime(self, x):
        return sigmoid_prime(x)

    def update_weights(self, gradient, learning_rate):
        self.weights -= learning_rate * gradient

    def update_biases(self, gradient, learning_rate):
        self.biases -= learning_rate * gradient


class Network:
    """Un réseau constitué de couches de neurones."""
    def __init__(self, input_dim):
        self.input_dim = input_dim
        self.layers = []

    def add_layer(self, size):
        if len(self.layers) > 0:
            input_dim = self.layers[-1].size
        else:
            input_dim = self.input_dim

        self.layers.append(Layer(size, input_dim))

    def feedforward(self, input_data):
        activation = input_data
        for layer in self.layers:
            activation = layer.forward(activation)
        return activation

    def predict(self, input_data):
        return np.argmax(self.feedforward(input_data))

    def evaluate(self, X, Y):
        results = [1 if self.predict(x) == y else 0 for (x, y) in zip(X, Y)]
        accuracy = sum(results) / len(results)
        return accuracy

    def train_batch(self, X, Y, learning_rate):
        # Initialise les gradients pour les poids et les biais.
        weight_gradient = [np.zeros(layer.weights.shape) for layer in self.layers]
        bias_gradient = [np.zeros(layer.biases.shape) for layer in self.layers]

        # On fait tourner l'algo de rétropropagation pour calculer les
        # gradients un certain nombre de fois. On fera la moyenne ensuite.
        for (x, y) in zip(X, Y):
            new_weight_gradient, new_bias_gradient = self.backprop(x, y)
            weight_gradient = [wg + nwg for wg, nwg in zip(weight_gradient, new_weight_gradient)]
            bias_gradient = [bg + nbg for bg, nbg in zip(bias_gradient, new_bias_gradient)]

        # C'est ici qu'on calcule les moyennes des gradients calculés
        avg_weight_gradient = [wg / Y.size for wg in weight_gradient]
        avg_bias_gradient = [bg / Y.size for bg in bias_gradient]

        # Il ne reste plus qu'à mettre à jour les poids et biais en
        # utilisant l'algo du gradient descendant.
        for layer, weight_gradient, bias_gradient in zip(self.layers,
                                                         avg_weight_gradient,
                                                         avg_bias_gradient):
            layer.update_weights(weight_gradient, learning_rate)
            layer.update_biases(bias_gradient, learning_rate)

    def backprop(self, x, y):
        aggregations = []
        activation = x
        activations = [activation]

        # Propagation pour obtenir la sortie
        for layer in self.layers:
            aggregation = layer.aggregation(activation)
            aggregations.append(aggregation)
            activation = layer.activation(aggregation)
            activations.append(activation)

        # Calculons la valeur delta (δ) pour la dernière couche
        # en appliquant les équations détaillées plus haut.
        target = to_one_hot(int(y), 10)
        delta = self.get_output_delta(aggregation, activation, target)
        deltas = [delta]

        # Phase de rétropropagation pour calculer les deltas de chaque
        # couche
        # On utilise une implémentation vectorielle des équations.
        nb_layers = len(self.layers)
        for l in reversed(range(nb_layers - 1)):
            layer = self.layers[l]
            next_layer = self.layers[l + 1]
            activation_prime = layer.activation_prime(aggregations[l])
            delta = activation_prime * np.dot(next_layer.weights.transpose(), delta)
            deltas.append(delta)

        deltas = list(reversed(deltas))

        # On utilise maintenant les deltas pour calculer les gradients.
        weight_gradient = []
        bias_gradient = []
        for l in range(len(self.layers)):

            prev_activation = activations[l]
            weight_gradient.append(np.outer(deltas[l], prev_activation))
            bias_gradient.append(deltas[l])

        return weight_gradient, bias_gradient

    # Notez que lorsque l'on utilise l'entropie croisée pour fonction de
    # coût, l'équation de calcul de delta peut-être simplifiée pour aboutir
    # au résultat ci dessous.
    def get_output_delta(self, z, a, target):
        return a - target


# The printed methods under module-level names, so that the adapters below reach them as printed
# functions (mutation sensitivity rewrites printed functions reached through closures and globals).
# Prefixed names: a global named like a method (``backprop``) would be taken for the callee of
# ``self.backprop`` by the mutation engine, which reads attribute names as global names.
network_feedforward = Network.feedforward
network_evaluate = Network.evaluate
network_train_batch = Network.train_batch
network_backprop = Network.backprop
network_get_output_delta = Network.get_output_delta


# ======================================================================================
# The text's formulas, as printed (σ and σ' are the code's sigmoid and sigmoid_prime).
# Each takes the upstream gradient as cost'(a^L) (see the module docstring).
# ======================================================================================

def aggregation_sum(w, a_prev, b):
    """z^l_i = Σ_{j=1}^{n} w^l_ij a^{l-1}_j + b^l_i, entry by entry."""
    n_i, n = w.shape
    z = np.zeros(n_i)
    for i in range(n_i):
        z[i] = sum(w[i, j] * a_prev[j] for j in range(n)) + b[i]
    return z


def update_rule(param, grad, alpha):
    """w^l_ij <- w^l_ij - α * ∂C/∂w^l_ij (and the same for b^l_i)."""
    return param - alpha * grad


def forward_vector(Ws, bs, x):
    """z^l = w^l * a^{l-1} + b^l, a^l = σ(z^l), layer after layer; returns (z, a) with z[0] = None, a[0] = x."""
    z, a = [None], [x]
    for w, b in zip(Ws, bs):
        z.append(np.dot(w, a[-1]) + b)
        a.append(sigmoid(z[-1]))
    return z, a


def delta_last(z_L, cost_prime):
    """δ^L_i = σ'(z^L_i) * cost'(a^L_i)."""
    return sigmoid_prime(z_L) * cost_prime


def delta_recursion(z_l, w_next, delta_next):
    """δ^l_i = σ'(z^l_i) * Σ_j w^{l+1}_ji δ^{l+1}_j, entry by entry."""
    n_next, n_l = w_next.shape
    return np.array([sigmoid_prime(z_l[i]) * sum(w_next[j, i] * delta_next[j] for j in range(n_next))
                     for i in range(n_l)])


def dC_dw_last(a_prev, z_L, cost_prime):
    """∂C/∂w^L_ij = a^{L-1}_j * σ'(z^L_i) * cost'(a^L_i), entry by entry."""
    n_i, n_j = len(z_L), len(a_prev)
    grad = np.zeros((n_i, n_j))
    for i in range(n_i):
        for j in range(n_j):
            grad[i, j] = a_prev[j] * sigmoid_prime(z_L[i]) * cost_prime[i]
    return grad


def dC_dw_penultimate(a_prev, z_l, w_L, delta_L):
    """∂C/∂w^4_12 = a^3_2 * σ'(z^4_1) * Σ_k w^L_k1 δ^L_k, printed for layer 4 = L - 1 and (i, j) = (1, 2),
    applied to every (i, j)."""
    n_i, n_j = len(z_l), len(a_prev)
    grad = np.zeros((n_i, n_j))
    for i in range(n_i):
        for j in range(n_j):
            grad[i, j] = a_prev[j] * sigmoid_prime(z_l[i]) * sum(w_L[k, i] * delta_L[k] for k in range(len(delta_L)))
    return grad


def generalisation(Ws, bs, x, cost_prime):
    """The four equations of "Généralisation": δ^L, the δ recursion, ∂C/∂w^l_ij = a^{l-1}_j δ^l_i,
    ∂C/∂b^l_i = δ^l_i.  Returns ([∂C/∂w^l], [∂C/∂b^l])."""
    z, a = forward_vector(Ws, bs, x)
    L = len(Ws)
    delta = {L: delta_last(z[L], cost_prime)}
    for l in range(L - 1, 0, -1):
        delta[l] = delta_recursion(z[l], Ws[l], delta[l + 1])   # Ws[l] is w^{l+1}
    dW = [np.array([[a[l - 1][j] * delta[l][i] for j in range(len(a[l - 1]))] for i in range(len(delta[l]))])
          for l in range(1, L + 1)]
    db = [delta[l] for l in range(1, L + 1)]
    return dW, db


# ======================================================================================
# Packing, torch references and domains
# ======================================================================================

def _layers_of(weights, biases, widths: Sequence[int]) -> tuple[list[Any], list[Any]]:
    """Unpack flat ``weights`` and ``biases`` into per-layer (n_l, n_{l-1}) matrices and (n_l,) vectors.

    Works on numpy arrays and torch tensors alike (slicing and reshape only)."""
    Ws, bs, iw, ib = [], [], 0, 0
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        Ws.append(weights[iw:iw + n_out * n_in].reshape(n_out, n_in))
        bs.append(biases[ib:ib + n_out])
        iw, ib = iw + n_out * n_in, ib + n_out
    return Ws, bs


def _pack(arrays: Sequence[Any]) -> np.ndarray:
    """Flatten a list of arrays the way ``_layers_of`` reads them back."""
    return np.concatenate([np.ravel(np.asarray(a, dtype=float)) for a in arrays]) if len(arrays) else np.zeros(0)


def _build_network(widths: Sequence[int], Ws: Sequence[np.ndarray], bs: Sequence[np.ndarray]) -> Network:
    """A printed ``Network`` with the given parameters (its random initialisation is overwritten, and the
    global numpy random state is left as it was)."""
    state = np.random.get_state()
    try:
        net = Network(input_dim=widths[0])
        for size in widths[1:]:
            net.add_layer(size)
    finally:
        np.random.set_state(state)
    for layer, w, b in zip(net.layers, Ws, bs):
        layer.weights = np.array(w, dtype=float)
        layer.biases = np.array(b, dtype=float)
    return net


def _affine(w: torch.Tensor, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """a @ w^T + b for a vector or a batch of row vectors, promoting real inputs to a complex w (complex step)."""
    dtype = torch.promote_types(torch.promote_types(w.dtype, a.dtype), b.dtype)
    return torch.matmul(a.to(dtype), w.to(dtype).transpose(-1, -2)) + b.to(dtype)


def _sigmoid_network(a: torch.Tensor, Ws: Sequence[torch.Tensor], bs: Sequence[torch.Tensor]) -> torch.Tensor:
    """σ(w a + b), layer after layer, with torch ops."""
    for w, b in zip(Ws, bs):
        a = torch.sigmoid(_affine(w, a, b))
    return a


def _output_logits(a: torch.Tensor, Ws: Sequence[torch.Tensor], bs: Sequence[torch.Tensor]) -> torch.Tensor:
    """z^L of the sigmoid network (σ on every layer but the last affine map), with torch ops."""
    a = _sigmoid_network(a, Ws[:-1], bs[:-1])
    return _affine(Ws[-1], a, bs[-1])


def _cross_entropy(z: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """-Σ [t log σ(z) + (1 - t) log(1 - σ(z))] over the last axis: torch's binary_cross_entropy_with_logits.

    Written on the logits z rather than as torch.log(a), torch.log1p(-a) of a = σ(z): the latter loses
    digits in 1 - σ(z) for large z (z = 12.5 leaves 1 - σ(z) = 3.7e-6 with a relative error of 6e-11),
    and the complex-step judge, whose error bar knows nothing of that cancellation, then disagrees with
    autograd (an inconclusive case).  These references are therefore real-only (analytic=False)."""
    return F.binary_cross_entropy_with_logits(z, t, reduction="none").sum(-1)


def _network_output(x, weights, biases, widths, **_):
    Ws, bs = _layers_of(weights, biases, widths)
    return _sigmoid_network(x, Ws, bs)


def _rng_array(rng: np.random.Generator, shape, low: float, high: float) -> np.ndarray:
    return rng.uniform(low, high, size=shape)


@st.composite
def _networks(draw, min_depth: int = 1, max_depth: int = 4, n_out: int | None = None, batch: bool = False,
              labels: bool = False) -> dict[str, Any]:
    """x (or a batch X of rows), flat weights/biases and widths of a sigmoid network; labels y (or Y) in 0..9."""
    depth = draw(st.integers(min_depth, max_depth))
    widths = [draw(st.integers(1, 8)) for _ in range(depth + 1)]
    if n_out is not None:
        widths[-1] = n_out
    m = draw(st.integers(1, 8)) if batch else None
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    Ws = [_rng_array(rng, (o, i), -1.0, 1.0) for i, o in zip(widths[:-1], widths[1:])]
    bs = [_rng_array(rng, (o,), -1.0, 1.0) for o in widths[1:]]
    out: dict[str, Any] = {}
    if batch:
        out["X"] = _rng_array(rng, (m, widths[0]), -2.0, 2.0)
    else:
        out["x"] = _rng_array(rng, (widths[0],), -2.0, 2.0)
    out.update(weights=_pack(Ws), biases=_pack(bs), widths=tuple(widths))
    if labels:
        if batch:
            out["Y"] = rng.integers(0, 10, size=m).astype(np.int64)
        else:
            out["y"] = np.array(rng.integers(0, 10), dtype=np.int64)
    return out


def _split_at(inputs: dict[str, Any], layer: int, tail: bool) -> dict[str, Any]:
    """Split a network's flat parameters at one layer (1-based): head_*, w, b, and tail_* if asked."""
    widths = inputs["widths"]
    Ws, bs = _layers_of(inputs["weights"], inputs["biases"], widths)
    out = {"x": inputs["x"], "head_weights": _pack(Ws[:layer - 1]), "head_biases": _pack(bs[:layer - 1]),
           "w": Ws[layer - 1].copy(), "b": bs[layer - 1].copy()}
    if tail:
        out.update(tail_weights=_pack(Ws[layer:]), tail_biases=_pack(bs[layer:]))
    out["widths"] = widths
    return out


def _last_layer_domain():
    return _networks().map(lambda d: _split_at(d, len(d["widths"]) - 1, tail=False))


def _penultimate_domain():
    return _networks(min_depth=2).map(lambda d: _split_at(d, len(d["widths"]) - 2, tail=True))


@st.composite
def _recursion_cases(draw) -> dict[str, Any]:
    """z^l of one layer and the layers l+1..L after it (1 to 3 of them: networks of depth 2 to 4)."""
    d = draw(_networks(min_depth=1, max_depth=3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n_l = d["widths"][0]
    return {"z": _rng_array(rng, (n_l,), -4.0, 4.0), "tail_weights": d["weights"], "tail_biases": d["biases"],
            "widths": d["widths"]}


# --- torch references of the split networks ---

def _last_layer_reference(x, head_weights, head_biases, w, b, widths):
    Ws, bs = _layers_of(head_weights, head_biases, widths[:-1])
    return _sigmoid_network(x, [*Ws, w], [*bs, b])


def _penultimate_reference(x, head_weights, head_biases, w, b, tail_weights, tail_biases, widths):
    Wh, bh = _layers_of(head_weights, head_biases, widths[:-2])
    Wt, bt = _layers_of(tail_weights, tail_biases, widths[-2:])
    return _sigmoid_network(x, [*Wh, w, *Wt], [*bh, b, *bt])


def _recursion_reference(z, tail_weights, tail_biases, widths):
    Ws, bs = _layers_of(tail_weights, tail_biases, widths)
    return _sigmoid_network(torch.sigmoid(z), Ws, bs)


# --- the printed formulas, wired to the check's inputs (cost'(a^L) = grad_out) ---
# Each adapter is built around the printed function it calls, so that mutation sensitivity reaches it.

def _on_last_layer(formula):
    def adapter(grad_out, x, head_weights, head_biases, w, b, widths):
        Ws, bs = _layers_of(head_weights, head_biases, widths[:-1])
        z, a = forward_vector([*Ws, w], [*bs, b], x)
        return {"w": formula(a[-2], z[-1], grad_out)}
    return adapter


def _on_penultimate_layer(formula):
    def adapter(grad_out, x, head_weights, head_biases, w, b, tail_weights, tail_biases, widths):
        Wh, bh = _layers_of(head_weights, head_biases, widths[:-2])
        Wt, bt = _layers_of(tail_weights, tail_biases, widths[-2:])
        z, a = forward_vector([*Wh, w, *Wt], [*bh, b, *bt], x)
        delta_L = delta_last(z[-1], grad_out)
        return {"w": formula(a[-3], z[-2], Wt[0], delta_L)}
    return adapter


def _down_the_tail(recursion):
    def adapter(grad_out, z, tail_weights, tail_biases, widths):
        Ws, bs = _layers_of(tail_weights, tail_biases, widths)
        zs, _ = forward_vector(Ws, bs, sigmoid(z))
        zs = [z, *zs[1:]]                       # zs[k] = z^{l+k}
        delta = delta_last(zs[-1], grad_out)    # δ^L
        for k in range(len(Ws) - 1, -1, -1):     # δ^{l+k} from δ^{l+k+1} and w^{l+k+1} = Ws[k]
            delta = recursion(zs[k], Ws[k], delta)
        return {"z": delta}
    return adapter


def _generalised(procedure, name):
    """The gradient ``name`` ("weights" or "biases") only: the claim judges that one."""
    def adapter(grad_out, x, weights, biases, widths):
        dW, db = procedure(*_layers_of(weights, biases, widths), x, grad_out)
        return {"weights": _pack(dW)} if name == "weights" else {"biases": _pack(db)}
    return adapter


def _at_the_output(formula):
    def adapter(grad_out, z):
        return {"z": formula(z, grad_out)}
    return adapter


def _update_weights(w, grad, alpha):
    return update_rule(w, grad, alpha)


def _update_biases(b, grad, alpha):
    return update_rule(b, grad, alpha)


# --- the printed code, wired to the check's inputs ---

def _length_and_one(v) -> np.ndarray:
    """(length, index of the 1) of a one-hot vector: comparable even when two vectors differ in length."""
    v = np.asarray(v)
    return np.array([v.size, np.argmax(v)], dtype=float)


def _one_hot_summary_reference(y, k):
    v = F.one_hot(y, k)
    return torch.stack([torch.tensor(v.numel()), torch.argmax(v)]).to(torch.float64)


def _docstring_example(y, k):
    """The docstring's value of to_one_hot(5, 10)."""
    return _length_and_one((0, 0, 0, 0, 1, 0, 0, 0, 0))


def _docstring_example_corrected(y, k):
    return _length_and_one((0, 0, 0, 0, 0, 1, 0, 0, 0, 0))


def _network_forward(forward):
    def adapter(x, weights, biases, widths):
        return forward(*_layers_of(weights, biases, widths), x)[1][-1]
    return adapter


def _on_network(method, *names):
    """Call a printed Network method (feedforward, evaluate) on the network the inputs describe, with the
    inputs ``names`` as its arguments."""
    def adapter(weights, biases, widths, **data):
        return method(_build_network(widths, *_layers_of(weights, biases, widths)), *(data[n] for n in names))
    return adapter


def _backprop_gradients(procedure):
    def adapter(x, y, weights, biases, widths):
        wg, bg = procedure(_build_network(widths, *_layers_of(weights, biases, widths)), x, y)
        return {"weights": _pack(wg), "biases": _pack(bg)}
    return adapter


def _descent_direction(procedure):
    """The gradient train_batch descends along: (parameters before - parameters after) / learning_rate."""
    def adapter(X, Y, weights, biases, widths, learning_rate):
        net = _build_network(widths, *_layers_of(weights, biases, widths))
        lr = float(learning_rate)
        procedure(net, X, Y, lr)
        new_w = _pack([layer.weights for layer in net.layers])
        new_b = _pack([layer.biases for layer in net.layers])
        return {"weights": (weights - new_w) / lr, "biases": (biases - new_b) / lr}
    return adapter


def _output_delta_of(procedure):
    def adapter(z, target):
        return {"z": procedure(None, z, sigmoid(z), target)}
    return adapter


def _backprop_reference(x, y, weights, biases, widths):
    z = _output_logits(x, *_layers_of(weights, biases, widths))
    return _cross_entropy(z, F.one_hot(y, 10).to(torch.float64))


def _mean_cost_reference(X, Y, weights, biases, widths, learning_rate):
    z = _output_logits(X, *_layers_of(weights, biases, widths))
    return _cross_entropy(z, F.one_hot(Y, 10).to(torch.float64)).mean()


def _evaluate_reference(X, Y, weights, biases, widths):
    a = _network_output(X, weights, biases, widths)
    return (torch.argmax(a, dim=-1) == Y).to(torch.float64).mean()


def _train_batch_domain():
    def add_lr(d):
        return st.floats(0.05, 3.0).map(lambda lr: {**d, "learning_rate": np.float64(lr)})
    return _networks(n_out=10, batch=True, labels=True).flatmap(add_lr)


@st.composite
def _single_layer(draw) -> dict[str, Any]:
    n_out, n_in = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return {"w": _rng_array(rng, (n_out, n_in), -1.0, 1.0), "a_prev": _rng_array(rng, (n_in,), -2.0, 2.0),
            "b": _rng_array(rng, (n_out,), -1.0, 1.0)}


@st.composite
def _update_cases(draw, name: str) -> dict[str, Any]:
    shape = draw(shapes(min_dims=2, max_dims=2) if name == "w" else shapes(min_dims=1, max_dims=1))
    return {name: draw(reals(shape=shape, low=-5.0, high=5.0)), "grad": draw(reals(shape=shape, low=-5.0, high=5.0)),
            "alpha": np.float64(draw(st.floats(0.0, 3.0)))}


def _sgd_step(alpha, grad, **param):
    """torch.optim.SGD's own step (plain gradient descent) on the parameter."""
    (value,) = param.values()
    p = torch.nn.Parameter(value.detach().clone())
    p.grad = grad.detach().clone()
    torch.optim.SGD([p], lr=float(alpha)).step()
    return p.detach()


def _error_example():
    """E = T - Y with the printed T and Y."""
    T = np.array([1, 1, 0])
    Y = np.array([1, 0, 0.5])
    E = T - Y
    return {"E_1": E[0], "E_2": E[1], "E_3": E[2]}


def _output_delta_reference(z, target):
    return _cross_entropy(z, target)


@st.composite
def _output_delta_cases(draw) -> dict[str, Any]:
    n = draw(st.integers(1, 10))
    z = draw(reals(shape=(n,), low=-25.0, high=25.0, edges=EDGES["kink"] + (-12.5, 12.5)))
    target = draw(st.one_of(
        st.integers(0, n - 1).map(lambda k: np.eye(n)[k]),                # one-hot, as backprop builds it
        reals(shape=(n,), low=0.0, high=1.0, edges=(0.0, 0.5, 1.0)),       # any target in [0, 1]
    ))
    return {"z": z, "target": target}


def _sigmoid_domain(low=-745.0, high=745.0):
    edges = EDGES["kink"] + EDGES["saturation"] + EDGES["extreme"]
    return lambda: st.fixed_dictionaries({"x": reals(low=low, high=high, edges=edges)})


_ONE_HOT_CASES = lambda: st.integers(1, 12).flatmap(
    lambda k: st.fixed_dictionaries({"y": st.integers(0, k - 1).map(lambda v: np.array(v, dtype=np.int64)),
                                     "k": st.just(k)}))


CLAIMS = [
    # ---------------------------------------------------------------- notation
    claim(
        "tutoriel-backprop/aggregation-sum",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(_FILE, _NOTATIONS, r"z^l_i = \sum_{j=1}^{n} w^l_{ij} a^{l - 1}_j + b^l_i"),
        check=ValueCheck(reference=lambda w, a_prev, b: F.linear(a_prev, w, b), domain=_single_layer),
        printed=Form(r"z^l_i = \sum_{j=1}^{n} w^l_{ij} a^{l-1}_j + b^l_i", aggregation_sum),
    ),
    claim(
        "tutoriel-backprop/forward-vector",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(_FILE, _NOTATIONS, r"z^l = w^l * a^{l - 1} + b^l \\ a^l = \sigma(z^l)"),
        check=ValueCheck(reference=_network_output, domain=_networks),
        printed=Form(r"z^l = w^l a^{l-1} + b^l,\quad a^l = \sigma(z^l)", _network_forward(forward_vector)),
    ),
    # ---------------------------------------------------------------- gradient descent
    claim(
        "tutoriel-backprop/update-rule-weights",
        kind=Kind.DEFINITION,
        family="algorithm",
        source=Source(_FILE, _ALGORITHM,
                      r"w^l_{ij} \leftarrow w^l_{ij} - \alpha * \frac{\partial C}{\partial w^l_{ij}}"),
        check=ValueCheck(reference=_sgd_step, domain=lambda: _update_cases("w")),
        printed=Form(r"w^l_{ij} \leftarrow w^l_{ij} - \alpha \frac{\partial C}{\partial w^l_{ij}}", _update_weights),
    ),
    claim(
        "tutoriel-backprop/update-rule-biases",
        kind=Kind.DEFINITION,
        family="algorithm",
        source=Source(_FILE, _ALGORITHM, r"b^l_{i} \leftarrow b^l_{i} - \alpha * \frac{\partial C}{\partial b^l_{i}}"),
        check=ValueCheck(reference=_sgd_step, domain=lambda: _update_cases("b")),
        printed=Form(r"b^l_i \leftarrow b^l_i - \alpha \frac{\partial C}{\partial b^l_i}", _update_biases),
    ),
    # ---------------------------------------------------------------- intuition
    claim(
        "tutoriel-backprop/error-example",
        kind=Kind.FIGURE,
        family="loss",
        source=Source(_FILE, _INTUITION, r"E = T - Y = \begin{pmatrix} 0 \\ 1 \\ -0.5 \end{pmatrix}"),
        check=FigureCheck(printed={"E_1": "0", "E_2": "1", "E_3": "-0.5"}),
        printed=Form(r"T = (1, 1, 0)^T,\ Y = (1, 0, 0.5)^T,\ E = T - Y = (0, 1, -0.5)^T", _error_example),
    ),
    # ---------------------------------------------------------------- last layer
    claim(
        "tutoriel-backprop/dc-dw-last-layer",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(_FILE, _LAST_LAYER,
                      r"\frac{\partial C}{\partial w^L_{ij}} = a^{L-1}_j * \sigma'(z^L_i) * cost'(a^L_i)"),
        check=VJPCheck(reference=_last_layer_reference, domain=_last_layer_domain, wrt=("w",), analytic=True),
        printed=Form(r"\frac{\partial C}{\partial w^L_{ij}} = a^{L-1}_j\,\sigma'(z^L_i)\,cost'(a^L_i)",
                     vjp(_on_last_layer(dC_dw_last))),
    ),
    claim(
        "tutoriel-backprop/delta-last-layer",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(_FILE, _LAST_LAYER,
                      r"\delta^L_i = \sigma'(z^L_i) * cost'(a^L_i) = \frac{\partial a^L_i}{\partial z^L_i} "
                      r"\frac{\partial C}{\partial a^L_i} = \frac{\partial C}{\partial z^L_i}"),
        check=VJPCheck(reference=lambda z: torch.sigmoid(z),
                       domain=lambda: st.fixed_dictionaries({"z": reals(
                           shape=shapes(min_dims=1, max_dims=1), low=-30.0, high=30.0,
                           edges=EDGES["kink"] + EDGES["saturation"])}),
                       wrt=("z",), elementwise=True, analytic=True),
        printed=Form(r"\delta^L_i = \sigma'(z^L_i)\,cost'(a^L_i) = \frac{\partial C}{\partial z^L_i}",
                     vjp(_at_the_output(delta_last))),
    ),
    # ---------------------------------------------------------------- one layer back
    claim(
        "tutoriel-backprop/dc-dw-penultimate",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(_FILE, _ONE_MORE,
                      r"\frac{\partial C}{\partial w^4_{12}} = a^3_2 * \sigma'(z^4_1) * \sum_{k} w^L_{k1} \delta^L_k"),
        check=VJPCheck(reference=_penultimate_reference, domain=_penultimate_domain, wrt=("w",), analytic=True),
        printed=Form(r"\frac{\partial C}{\partial w^{L-1}_{ij}} = a^{L-2}_j\,\sigma'(z^{L-1}_i) \sum_k w^L_{ki}\,"
                     r"\delta^L_k\quad\text{(printed for } L-1 = 4,\ (i, j) = (1, 2)\text{)}",
                     vjp(_on_penultimate_layer(dC_dw_penultimate))),
    ),
    # ---------------------------------------------------------------- generalisation
    claim(
        "tutoriel-backprop/delta-recursion",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(_FILE, _GENERAL, r"\delta^l_i = \sigma'(z^l_i) * \sum_{j} w^{l+1}_{ji} \delta^{l+1}_{j}"),
        check=VJPCheck(reference=_recursion_reference, domain=_recursion_cases, wrt=("z",), analytic=True),
        printed=Form(r"\delta^l_i = \sigma'(z^l_i) \sum_j w^{l+1}_{ji}\,\delta^{l+1}_j = "
                     r"\frac{\partial C}{\partial z^l_i}", vjp(_down_the_tail(delta_recursion))),
    ),
    claim(
        "tutoriel-backprop/dc-dw-general",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(_FILE, _GENERAL, r"\frac{\partial C}{\partial w^l_{ij}} = a^{l-1}_j \delta^l_i"),
        check=VJPCheck(reference=_network_output, domain=_networks, wrt=("weights",), analytic=True),
        printed=Form(r"\frac{\partial C}{\partial w^l_{ij}} = a^{l-1}_j\,\delta^l_i", vjp(_generalised(generalisation, "weights"))),
    ),
    claim(
        "tutoriel-backprop/dc-db-general",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(_FILE, _GENERAL, r"\frac{\partial C}{\partial b^l_{i}} = \delta^l_i"),
        check=VJPCheck(reference=_network_output, domain=_networks, wrt=("biases",), analytic=True),
        printed=Form(r"\frac{\partial C}{\partial b^l_i} = \delta^l_i", vjp(_generalised(generalisation, "biases"))),
    ),
    # ---------------------------------------------------------------- the code
    claim(
        "tutoriel-backprop/sigmoid",
        kind=Kind.DEFINITION,
        family="activation",
        source=Source(_FILE, _CODE, "return 1.0 / (1.0 + np.exp(-x))"),
        check=ValueCheck(reference=lambda x: torch.sigmoid(x), domain=_sigmoid_domain()),
        printed=Form(r"\sigma(x) = \frac{1}{1 + e^{-x}}", sigmoid),
    ),
    claim(
        "tutoriel-backprop/sigmoid-prime",
        kind=Kind.BACKWARD,
        family="activation",
        source=Source(_FILE, _CODE, "return sigmoid(x) * (1.0 - sigmoid(x))"),
        check=VJPCheck(reference=lambda x: torch.sigmoid(x), domain=_sigmoid_domain(-40.0, 40.0), wrt=("x",),
                       elementwise=True, analytic=True),
        printed=Form(r"\sigma'(x) = \sigma(x)\,(1 - \sigma(x))", elementwise_derivative(sigmoid_prime, "x")),
    ),
    claim(
        "tutoriel-backprop/to-one-hot",
        kind=Kind.DEFINITION,
        family="loss",
        source=Source(_FILE, _CODE, "one_hot[y] = 1"),
        check=ValueCheck(reference=lambda y, k: F.one_hot(y, k), domain=_ONE_HOT_CASES),
        printed=Form(r"\text{one\_hot}(y, k)_i = [i = y],\ i < k", to_one_hot),
    ),
    claim(
        "tutoriel-backprop/to-one-hot-docstring",
        kind=Kind.FIGURE,
        family="loss",
        source=Source(_FILE, _CODE, "to_one_hot(5, 10) -> (0, 0, 0, 0, 1, 0, 0, 0, 0)"),
        # The vectors are compared through (length, index of the 1): the printed one has 9 entries.
        check=ValueCheck(reference=_one_hot_summary_reference,
                         domain=lambda: st.just({"y": np.array(5, dtype=np.int64), "k": 10}), deterministic=True),
        printed=Form(r"\text{to\_one\_hot}(5, 10) = (0, 0, 0, 0, 1, 0, 0, 0, 0)", _docstring_example),
        expect=Status.ERRATUM,
        correction=Form(r"\text{to\_one\_hot}(5, 10) = (0, 0, 0, 0, 0, 1, 0, 0, 0, 0)", _docstring_example_corrected),
        explanation=("The docstring's example \"to_one_hot(5, 10) -> (0, 0, 0, 0, 1, 0, 0, 0, 0)\" has 9 entries "
                     "with the 1 at index 4, but the function it documents returns 10 entries with the 1 at index 5."),
    ),
    claim(
        "tutoriel-backprop/feedforward",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(_FILE, _CODE, "activation = layer.forward(activation)"),
        check=ValueCheck(reference=_network_output, domain=_networks),
        printed=Form(r"a^l = \sigma(w^l a^{l-1} + b^l)\ \text{(Network.feedforward)}", _on_network(network_feedforward, "x")),
    ),
    claim(
        "tutoriel-backprop/evaluate",
        kind=Kind.DEFINITION,
        family="algorithm",
        source=Source(_FILE, _CODE, "accuracy = sum(results) / len(results)"),
        check=ValueCheck(reference=_evaluate_reference,
                         domain=lambda: _networks(n_out=10, batch=True, labels=True)),
        printed=Form(r"\text{accuracy} = \frac{1}{m}\sum_x [\arg\max a^L(x) = y]", _on_network(network_evaluate, "X", "Y")),
    ),
    claim(
        "tutoriel-backprop/get-output-delta",
        kind=Kind.BACKWARD,
        family="loss",
        source=Source(_FILE, _CODE, "return a - target"),
        check=VJPCheck(reference=_output_delta_reference, domain=_output_delta_cases, wrt=("z",)),
        printed=Form(r"\delta^L = a^L - t = \frac{\partial}{\partial z^L}\Big(-\sum_i t_i \log a^L_i + "
                     r"(1 - t_i)\log(1 - a^L_i)\Big)", scalar_gradients(_output_delta_of(network_get_output_delta))),
    ),
    claim(
        "tutoriel-backprop/backprop",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(_FILE, _CODE,
                      "delta = activation_prime * np.dot(next_layer.weights.transpose(), delta)"),
        check=VJPCheck(reference=_backprop_reference, domain=lambda: _networks(n_out=10, labels=True),
                       wrt=("weights", "biases")),
        printed=Form(r"\text{Network.backprop}(x, y):\ \frac{\partial C}{\partial w^l}, "
                     r"\frac{\partial C}{\partial b^l}\ \text{for}\ C = -\sum_i t_i\log a^L_i + (1-t_i)\log(1-a^L_i)",
                     scalar_gradients(_backprop_gradients(network_backprop))),
    ),
    claim(
        "tutoriel-backprop/train-batch",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(_FILE, _CODE, "avg_weight_gradient = [wg / Y.size for wg in weight_gradient]"),
        check=VJPCheck(reference=_mean_cost_reference, domain=_train_batch_domain,
                       wrt=("weights", "biases")),
        printed=Form(r"\theta \leftarrow \theta - \alpha\,\frac{1}{m}\sum_{x} \frac{\partial C_x}{\partial \theta}"
                     r"\ \text{(Network.train\_batch)}", scalar_gradients(_descent_direction(network_train_batch))),
    ),
]
