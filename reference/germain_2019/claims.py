"""The claims of germain-2019's network slides (l.146-192: the network, its weights, the forward and backprop
algorithms in matrix form), in the document's order.  The other sections are in ``claims_intro``,
``claims_chain``, ``claims_graph`` and ``claims_functions``; the package collects them."""

from __future__ import annotations

from oracle import Form, Kind, Severity, Source, Status, ValueCheck, VJPCheck, claim
from oracle.domains import network_weights
from oracle.forms import scalar_gradients
from reference.germain_2019 import printed as p
from reference.germain_2019 import sentences as s
from reference.germain_2019.wiring import (
    _BACKPROP_MATRIX,
    _FORWARD,
    _NETWORK,
    FILE,
    _forward_output,
    _gradients_of,
    _named_forward,
    _network,
    _network_cost,
    _torch_forward,
    _torch_weight_shapes,
    _widths_domain,
)
from reference.germain_2019.wiring_sentences import _backprop_io, _torch_layer_sizes, _torch_network_parts

CLAIMS = [
    claim(
        "germain-2019/network-definition",
        kind=Kind.DEFINITION,
        family="notation",
        source=Source(FILE, _NETWORK, r"Matrices de poids: $\mathbf{W}^{(1)}, \dots, \mathbf{W}^{(K)}$"),
        # With « Fonctions d'activations : f_1, \dots, f_K » (l.148): K activations and K weight matrices, no bias.
        check=ValueCheck(reference=_torch_network_parts, domain=_widths_domain),
        printed=Form(r"R:\ f_1, \dots, f_K;\ \mathbf{W}^{(1)}, \dots, \mathbf{W}^{(K)}", s.network_parts),
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
        "germain-2019/layer-width",
        kind=Kind.DEFINITION,
        family="notation",
        source=Source(FILE, _NETWORK, r"$k = 0$ correspond à la couche d'entrée: $\mathbf{x} \in \mathbb{R}^{d_0}$"),
        # With « d_k est le nombre de neurones sur la couche k » (l.151): the sizes of x and of every layer's output.
        check=ValueCheck(reference=_torch_layer_sizes, domain=_widths_domain),
        printed=Form(r"\mathbf{h}[k] \in \mathbb{R}^{d_k},\ \mathbf{h}[0] = \mathbf{x} \in \mathbb{R}^{d_0}",
                     s.layer_sizes),
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
        "germain-2019/forward-h-notation",
        kind=Kind.DEFINITION,
        family="notation",
        source=Source(FILE, _FORWARD, r"\mathbf{h}^{(k-1)}"),
        # The algorithm as printed, its vectors kept under their printed names: h^(k−1) is never assigned.
        check=ValueCheck(reference=_torch_forward,
                         domain=lambda: _network().map(lambda n: {k: v for k, v in n.items() if k != "y"})),
        printed=Form(r"\mathbf{a}[k] \leftarrow \mathbf{W}^{(k)} \mathbf{h}^{(k-1)}",
                     _named_forward(p.forward_by_name_as_printed)),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        correction=Form(r"\mathbf{a}[k] \leftarrow \mathbf{W}^{(k)} \mathbf{h}[k-1]",
                        _named_forward(p.forward_by_name_corrected)),
        explanation=("The forward step reads \"h^{(k-1)}\", a name the algorithm never assigns: its vectors are h[0], "
                     "h[k] and h[K], and the superscript (k) is the notation of the weights W^(k); read as h[k−1] the "
                     "algorithm is right (notation only: matrix-forward judges it so)."),
    ),
    claim(
        "germain-2019/backprop-inputs-outputs",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _BACKPROP_MATRIX,
                      r"ENTRÉES: Réseau R , Perte L , Observation \mathbf{x} , Sortie attendue \mathbf{y}"),
        # With « SORTIE: \nabla_{\mathbf{w}} » (l.192): how many gradients, and what they are computed from.
        check=ValueCheck(reference=_backprop_io, domain=_network),
        printed=Form(r"(R, L, \mathbf{x}, \mathbf{y}) \mapsto \nabla_{\mathbf{w}} = "
                     r"(\nabla_{\mathbf{w}}[1], \dots, \nabla_{\mathbf{w}}[K])", s.backprop_inputs_outputs),
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
]
