"""The wiring of the sentence claims of 001_dde28a00788c0b3a.txt: torch references, domains, the data the
references read (the article's figure captions, CIFAR-100's categories, AlexNet's and ResNet's layers), and
the helper for the statements that survive only as an image.

A reference computes, with torch's own ops (autograd where the statement is about a derivative, a
Jacobian's non-zero pattern where it is about what depends on what), the truth about the object the
sentence describes; it never ports the sentence's transcription.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from oracle import Kind, Source, Status, claim
from reference.cnn_from_scratch.wiring import FILE, _conv_ref, _vals

_TITLE = "Implémente moi un CNN"
_NEURON = "Le neurone"
_UNION = "L’union fait la force"
_ECHECS = "Echecs et maths"
_OUTPUT = "Output"
_CHAIN = "Le gradient chaîné"
_TENSORS = "Les tenseurs"


def _image(name: str, section: str, caption: str, why: str, *, family: str, kind: Kind = Kind.DEFINITION):
    """A statement that survives only as an image: its caption is quoted, nothing printed is visible to judge."""
    return claim(f"cnn-from-scratch/{name}", kind=kind, family=family, source=Source(FILE, section, caption),
                 expect=Status.NOT_JUDGED, explanation=why)


# --- data the references read -------------------------------------------------------------------

#: The captions of Figures 2 and 4, as printed (the figure that shows a table of numbers is the one whose caption says so).
_CAPTIONS = {
    2: "Formalisation d’un neurone à 3 entrées",
    4: ("Représentation d’une image 8 bits en niveaux de gris comme tableau de pixels, toutes les valeurs sont des "
        "intensités de pixels entre 0 et 255 (voir cet article)"),
}

#: CIFAR-100's 100 fine labels (Krizhevsky 2009, "Learning multiple layers of features from tiny images").
CIFAR100 = tuple("""apple aquarium_fish baby bear beaver bed bee beetle bicycle bottle bowl boy bridge bus butterfly camel
can castle caterpillar cattle chair chimpanzee clock cloud cockroach couch crab crocodile cup dinosaur dolphin elephant
flatfish forest fox girl hamster house kangaroo keyboard lamp lawn_mower leopard lion lizard lobster man maple_tree
motorcycle mountain mouse mushroom oak_tree orange orchid otter palm_tree pear pickup_truck pine_tree plain plate poppy
porcupine possum rabbit raccoon ray road rocket rose sea seal shark shrew skunk skyscraper snail snake spider squirrel
streetcar sunflower sweet_pepper table tank telephone television tiger tractor train trout tulip turtle wardrobe whale
willow_tree wolf woman worm""".split())
#: The categories the sentence names, in English (CIFAR-10's labels dog, cat, automobile, horse, ship).
_NAMED = ("dog", "cat", "automobile", "horse", "ship")
#: The review's correction names CIFAR-100 categories instead: ours, dauphin, tracteur, tulipe.
_NAMED_CORRECTED = ("bear", "dolphin", "tractor", "tulip")

#: AlexNet's weighted layers (Krizhevsky, Sutskever, Hinton 2012): kind, output channels or units, kernel size.
_ALEXNET = (("conv", 96, 11), ("conv", 256, 5), ("conv", 384, 3), ("conv", 384, 3), ("conv", 256, 3),
            ("fc", 4096, 0), ("fc", 4096, 0), ("fc", 1000, 0))
#: ResNet's bottleneck blocks per stage (He et al. 2016, Table 1): ResNet-101 and ResNet-152.
_RESNET_BLOCKS = {"ResNet-101": (3, 4, 23, 3), "ResNet-152": (3, 8, 36, 3)}


def _cifar_figures(named: tuple[str, ...]):
    def recompute() -> dict[str, float]:
        return {"categories": float(len(set(CIFAR100))), "named categories in CIFAR100": float(sum(n in CIFAR100 for n in named))}
    recompute.__name__ = "_cifar100_categories"
    return recompute


def _alexnet_convolutions() -> dict[str, float]:
    return {"convolution layers": float(sum(kind == "conv" for kind, _, _ in _ALEXNET))}


def _resnet_depths_ref() -> torch.Tensor:
    # the stem convolution, three convolutions per bottleneck block, the final fully connected layer
    depths = [1 + 3 * sum(blocks) + 1 for blocks in _RESNET_BLOCKS.values()]
    return (torch.tensor(depths, dtype=torch.float64) > 100).to(torch.float64)


# --- references ---------------------------------------------------------------------------------

def _leaf(t: torch.Tensor) -> torch.Tensor:
    return t.detach().clone().requires_grad_(True)


def _nonzero_pattern(fn, inputs: dict[str, Any], name: str) -> torch.Tensor:
    """1 where fn's output depends on ``inputs[name]`` (its Jacobian entry is not zero)."""
    J = torch.autograd.functional.jacobian(lambda v: fn(**{**inputs, name: v}), inputs[name])
    return (J != 0).to(torch.float64)


def _depends(fn, inputs: dict[str, Any], names: tuple[str, ...]) -> torch.Tensor:
    """One flag per name: does fn's output depend on that input at all."""
    return torch.stack([_nonzero_pattern(fn, inputs, n).amax() for n in names])


def _gradient(fn, inputs: dict[str, Any], wrt: tuple[str, ...], create_graph: bool = False) -> tuple[torch.Tensor, ...]:
    leaves = {k: (_leaf(v) if k in wrt and not v.requires_grad else v) for k, v in inputs.items()}
    return torch.autograd.grad(fn(**leaves), tuple(leaves[k] for k in wrt), create_graph=create_graph)


def _vector_shape_ref(n):
    return torch.tensor(torch.zeros(n).shape, dtype=torch.float64)


def _matrix_shape_ref(n, m):
    return torch.tensor(torch.stack([torch.zeros(m) for _ in range(n)]).shape, dtype=torch.float64)


def _categories_ref(w, b, X):
    overflows = F.linear(X, w[None], b.reshape(1)) > 0
    return torch.tensor([float(torch.unique(overflows).numel())], dtype=torch.float64)


def _output_neurons_ref(C):
    return torch.tensor([float(F.one_hot(torch.arange(C), C).shape[-1])], dtype=torch.float64)


def _pixel_range_ref():
    info = torch.iinfo(torch.uint8)
    return torch.tensor([info.min, info.max], dtype=torch.float64)


def _table_figure_ref():
    return torch.tensor([float(next(k for k, text in _CAPTIONS.items() if "tableau de pixels" in text))],
                        dtype=torch.float64)


def _neuron_arguments_ref(w, i):
    return _nonzero_pattern(lambda w, i: torch.dot(w, i), {"w": w, "i": i}, "i").sum().reshape(1)


def _neuron_ref(w, i):
    return torch.relu(torch.dot(w, i)).reshape(1)


def _one_layer_ref(W1, b1, W2, b2, x):
    return F.linear(F.linear(x, W1, b1), W2, b2)


def _signal_effect_ref(w, i):
    (grad,) = _gradient(lambda w, i: torch.dot(w, i), {"w": w, "i": i}, ("i",))
    return torch.sign(grad)


def _dog_ref(w, c, s0, s):
    return torch.sigmoid(w * s + c)


def _connections_ref(W, b, x):
    return _nonzero_pattern(lambda W, b, x: F.linear(x, W, b), {"W": W, "b": b, "x": x}, "x")


def _relu_network_ref(W1, W2, x):
    return F.linear(torch.relu(F.linear(x, W1)), W2)


def _squared_error_ref(w, x, y):
    return 0.5 * (torch.dot(w, x) - y) ** 2


def _squared_error_gradient_ref(w, x, y):
    return _gradient(_squared_error_ref, {"w": w, "x": x, "y": y}, ("w",))[0]


def _partial_ref(w, x, y, k):
    return _squared_error_gradient_ref(w, x, y)[k].reshape(1)


def _gradient_shape_ref(w, x, y):
    return torch.tensor(_squared_error_gradient_ref(w, x, y).shape, dtype=torch.float64)


def _three_layers(P, G, W, x):
    return torch.relu(F.linear(torch.relu(F.linear(torch.relu(F.linear(x, P)), G)), W))


def _first_layer_gradient_ref(P, G, W, x, g):
    return _gradient(lambda P, G, W, x, g: torch.dot(g, _three_layers(P, G, W, x)),
                     {"P": P, "G": G, "W": W, "x": x, "g": g}, ("P",))[0]


def _all_layer_gradients_ref(P, G, W, x, g):
    grads = _gradient(lambda P, G, W, x, g: torch.dot(g, _three_layers(P, G, W, x)),
                      {"P": P, "G": G, "W": W, "x": x, "g": g}, ("W", "G", "P"))
    return torch.cat([t.reshape(-1) for t in grads])


def _ideal_ref(y):
    # The cross-entropy is convex in the logits θ: where its gradient vanishes, softmax(θ) is the best prediction.
    theta = _leaf(torch.log(y))
    (grad,) = torch.autograd.grad(F.cross_entropy(theta[None], y[None]), theta)
    best = torch.softmax(theta.detach(), dim=-1)
    return torch.where(grad.abs().amax() < 1e-12, best, torch.full_like(best, float("nan")))


def _score_ref(P, G, W, x):
    return _three_layers(P, G, W, x)


def _dense_loss(W, b, x, g):
    return torch.dot(g, F.linear(x, W, b))


def _parameter_gradient_shapes_ref(W, b, x, g):
    gW, gb = _gradient(_dense_loss, {"W": W, "b": b, "x": x, "g": g}, ("W", "b"))
    return torch.tensor([*gW.shape, *gb.shape], dtype=torch.float64)


def _dense_parameter_gradients(W, b, x, g):
    gW, gb = _gradient(_dense_loss, {"W": W, "b": b, "x": x, "g": g}, ("W", "b"), create_graph=True)
    return torch.cat([gW.reshape(-1), gb.reshape(-1)])


def _ingredients_ref(W, b, x, g):
    return _depends(_dense_parameter_gradients, {"W": W, "b": b, "x": x, "g": g}, ("g", "x", "W", "b"))


def _product_shape_ref(I, W):
    return torch.tensor(torch.matmul(I, W).shape, dtype=torch.float64)


def _pixels_reached_ref(I, W):
    return _nonzero_pattern(lambda I, W: F.linear(torch.flatten(I), W), {"I": I, "W": W}, "I")


def _filter_weights_ref(W):
    # the weights neuron j applies to the inputs: row j of the layer's Jacobian with respect to its input
    return torch.autograd.functional.jacobian(lambda v: F.linear(v, W), torch.zeros(W.shape[1], dtype=W.dtype))


def _input_jacobian_ref(X, K):
    return torch.autograd.functional.jacobian(lambda x: _conv_ref(x, K), X)


def _translated_ref(I, K, dy, dx):
    return _conv_ref(torch.roll(I, shifts=(dy, dx), dims=(0, 1)), K)


# --- domains ------------------------------------------------------------------------------------

def _nonzero(shape: tuple[int, ...]) -> st.SearchStrategy[np.ndarray]:
    """Entries of magnitude 0.5 to 2, either sign: no weight or input that cuts a dependency."""
    mag = st.floats(0.5, 2.0)
    return hnp.arrays(np.float64, shape, elements=st.one_of(mag, mag.map(lambda v: -v)))


def _sizes(*names: str, low: int = 1, high: int = 8) -> st.SearchStrategy[dict[str, int]]:
    return st.fixed_dictionaries({n: st.integers(low, high) for n in names})


@st.composite
def _categories_case(draw: st.DrawFn) -> dict[str, Any]:
    n, k = draw(st.integers(1, 6)), draw(st.integers(0, 6))
    w, b = draw(_nonzero((n,))), draw(st.floats(-3.0, 3.0))
    # two inputs on either side of the threshold (w·x = ±(|b| + 1), so w·x + b has both signs), then any others
    push = (abs(b) + 1.0) * w / float(w @ w)
    X = np.vstack([push, -push, draw(_vals((k, n)))]) if k else np.vstack([push, -push])
    return {"w": w, "b": np.float64(b), "X": X}


@st.composite
def _neuron_case(draw: st.DrawFn, *, nonzero: bool = False) -> dict[str, Any]:
    n = draw(st.integers(1, 8))
    return {"w": draw(_nonzero((n,)) if nonzero else _vals((n,))), "i": draw(_vals((n,)))}


@st.composite
def _collapse_case(draw: st.DrawFn) -> dict[str, Any]:
    n, h, m = draw(st.integers(1, 6)), draw(st.integers(1, 6)), draw(st.integers(1, 6))
    return {"W1": draw(_vals((h, n))), "b1": draw(_vals((h,))), "W2": draw(_vals((m, h))), "b2": draw(_vals((m,))),
            "x": draw(_vals((n,)))}


@st.composite
def _dog_case(draw: st.DrawFn) -> dict[str, Any]:
    s0 = draw(st.floats(0.2, 2.0))
    factors = draw(hnp.arrays(np.float64, (draw(st.integers(1, 6)),), elements=st.floats(1.5, 4.0)))
    return {"w": np.float64(draw(st.floats(-3.0, -0.1))), "c": np.float64(draw(st.floats(-3.0, 3.0))),
            "s0": np.float64(s0), "s": s0 * factors}


@st.composite
def _dense_nonzero_case(draw: st.DrawFn, *, upstream: bool = True) -> dict[str, Any]:
    """A layer W x + b with no zero in W or x, and (``upstream``) a gradient g = ∂L/∂f with no zero either."""
    m, n = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    case = {"W": draw(_nonzero((m, n))), "b": draw(_vals((m,))), "x": draw(_nonzero((n,)))}
    if upstream:
        case["g"] = draw(_nonzero((m,)))
    return case


@st.composite
def _two_layer_case(draw: st.DrawFn) -> dict[str, Any]:
    n, h, m = draw(st.integers(1, 6)), draw(st.integers(1, 6)), draw(st.integers(1, 6))
    return {"W1": draw(_vals((h, n))), "W2": draw(_vals((m, h))), "x": draw(_vals((n,)))}


@st.composite
def _regression_case(draw: st.DrawFn, *, index: bool = False) -> dict[str, Any]:
    n = draw(st.integers(1, 6))
    case = {"w": draw(_vals((n,), -1.0, 1.0)), "x": draw(_vals((n,), -1.0, 1.0)), "y": np.float64(draw(st.floats(-1.0, 1.0)))}
    if index:
        case["k"] = draw(st.integers(0, n - 1))
    return case


@st.composite
def _three_layer_case(draw: st.DrawFn, *, upstream: bool = True) -> dict[str, Any]:
    n, h1, h2, m = (draw(st.integers(1, 5)) for _ in range(4))
    case = {"P": draw(_vals((h1, n), -2.0, 2.0)), "G": draw(_vals((h2, h1), -2.0, 2.0)),
            "W": draw(_vals((m, h2), -2.0, 2.0)), "x": draw(_vals((n,), -2.0, 2.0))}
    if upstream:
        case["g"] = draw(_vals((m,), -2.0, 2.0))
    return case


@st.composite
def _positive_simplex(draw: st.DrawFn) -> dict[str, Any]:
    w = draw(hnp.arrays(np.float64, (draw(st.integers(1, 8)),), elements=st.floats(1e-3, 1.0)))
    return {"y": w / w.sum()}


@st.composite
def _matrix_product_case(draw: st.DrawFn, *, square4: bool = True) -> dict[str, Any]:
    r, k, c = (4, 4, 4) if square4 else (draw(st.integers(1, 6)), draw(st.integers(1, 6)), draw(st.integers(1, 6)))
    return {"I": draw(_vals((r, k))), "W": draw(_vals((k, c)))}


@st.composite
def _flat_case(draw: st.DrawFn) -> dict[str, Any]:
    h, w, m = draw(st.integers(1, 5)), draw(st.integers(1, 5)), draw(st.integers(1, 4))
    return {"I": draw(_nonzero((h, w))), "W": draw(_nonzero((m, h * w)))}


@st.composite
def _square_weights(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(2, 6))
    W = draw(_vals((n, n)))
    # a symmetric W would make its rows its columns: keep one entry off the mirror
    if np.allclose(W, W.T):
        W[0, 1] = W[1, 0] + 1.0
    return {"W": W}


@st.composite
def _small_kernel_case(draw: st.DrawFn) -> dict[str, Any]:
    h, w = draw(st.integers(3, 7)), draw(st.integers(3, 7))
    return {"I": draw(_vals((h, w))), "K": draw(_vals((3, 3)))}


@st.composite
def _shared_case(draw: st.DrawFn) -> dict[str, Any]:
    h, w = draw(st.integers(2, 6)), draw(st.integers(2, 6))
    kh, kw = draw(st.integers(1, min(3, h))), draw(st.integers(1, min(3, w)))
    return {"X": draw(_vals((h, w))), "K": draw(_nonzero((kh, kw)))}


@st.composite
def _translation_case(draw: st.DrawFn) -> dict[str, Any]:
    """A 10×10 image, zero but for an object in rows and columns 3 to 5, translated by (dy, dx) ≠ (0, 0) in -1..2:
    the object and its outputs stay clear of the borders, so nothing wraps around."""
    I = np.zeros((10, 10))
    I[3:6, 3:6] = draw(_nonzero((3, 3)))
    k = draw(st.integers(2, 3))
    dy, dx = draw(st.sampled_from([(a, b) for a in range(-1, 3) for b in range(-1, 3) if (a, b) != (0, 0)]))
    return {"I": I, "K": draw(_nonzero((k, k))), "dy": dy, "dx": dx}
