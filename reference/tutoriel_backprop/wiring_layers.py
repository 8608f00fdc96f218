"""The wiring of the claims on the text's sentences from "Calculer l'erreur pour la dernière couche" to "Raffinement
de gourmet" in 000_88c507be81c046c9.txt (``claims_layers``): torch references, domains, adapters.

* A finite change (ΔC, Δz, Δa for a step Δw) is measured by torch on the same network; where a sentence needs a
  cost that is not the upstream gradient, it is the per-output quadratic cost ``½ Σ (a^L_i - t_i)²``.
* ``cost'(a^L_i)`` is judged on three costs: two sums of per-output terms (quadratic, binary cross-entropy) and one
  that couples the outputs, ``-Σ_i t_i log(a_i / Σ_k a_k)`` (the precondition the document leaves unstated).
* The weight of ``∂z / w`` is drawn with the layer, and the step ``dw`` in [1, 2]: the printed ratio divides by the
  weight, the partial derivative by the step (exact, z being affine in the weight).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import strategies as st

from oracle.domains import network_layers, probabilities, reals, shapes
from reference.tutoriel_backprop import printed as p
from reference.tutoriel_backprop import sentences as s
from reference.tutoriel_backprop.wiring import _network_of, _output_logits, _rng_array, _sigmoid_network
from reference.tutoriel_backprop.wiring_text import _ce, _deltas, _flat_net, _with_entry

_REFINEMENT = "Raffinement de gourmet"


def _mean_batch_cost(X, Y, **layers):
    Ws, bs = network_layers(layers)
    return _ce(X, Y)(Ws, bs)


def _output_change(x, dw, **layers):
    """Δa^L when w^L_11 grows by dw: what the text describes."""
    Ws, bs = network_layers(layers)
    moved = list(Ws)
    moved[-1] = _with_entry(Ws[-1], Ws[-1][0, 0] + dw, 0, 0)
    return _sigmoid_network(x, moved, bs) - _sigmoid_network(x, Ws, bs)


def _quadratic(a, t):
    return 0.5 * ((a - t) ** 2).sum()


def _cost_change(x, y, dw, **layers):
    """ΔC for w^L_11 + dw, with C = ½ Σ (a^L_i - t_i)²."""
    Ws, bs = network_layers(layers)
    moved = list(Ws)
    moved[-1] = _with_entry(Ws[-1], Ws[-1][0, 0] + dw, 0, 0)
    return _quadratic(_sigmoid_network(x, moved, bs), y) - _quadratic(_sigmoid_network(x, Ws, bs), y)


def _z_change(x, dw, **layers):
    """Δz^L_1 for w^L_11 + dw."""
    Ws, bs = network_layers(layers)
    moved = list(Ws)
    moved[-1] = _with_entry(Ws[-1], Ws[-1][0, 0] + dw, 0, 0)
    return _output_logits(x, moved, bs)[0] - _output_logits(x, Ws, bs)[0]


def _cost_of_outputs(a, t, cost):
    """C(a^L) for the named cost: two that are sums over the outputs, one that couples them."""
    if cost == "quadratic":
        return _quadratic(a, t)
    if cost == "cross-entropy":
        return F.binary_cross_entropy(a, t, reduction="sum")
    return -(t * torch.log(a / a.sum())).sum()


def _two_cost_derivatives(a, t):
    """∂C/∂a for the quadratic cost, then for the cross-entropy (torch autograd)."""
    a = a.detach().clone().requires_grad_(True)
    return torch.cat([torch.autograd.grad(_cost_of_outputs(a, t, c), a)[0] for c in ("quadratic", "cross-entropy")])


def _dz_dw_reference(i: int, j: int):
    """∂z_i/∂w_ij of one layer (torch autograd), from 0."""
    def reference(w, a_prev, b, dw):
        w = w.detach().clone().requires_grad_(True)
        return torch.autograd.grad(F.linear(a_prev, w, b)[i], w)[0][i, j]
    return reference


@st.composite
def _layer_with_step(draw, min_inputs: int = 1) -> dict[str, Any]:
    n_out, n_in = draw(st.integers(1, 8)), draw(st.integers(min_inputs, 8))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return {"w": _rng_array(rng, (n_out, n_in), -1.0, 1.0), "a_prev": _rng_array(rng, (n_in,), 0.0, 1.0),
            "b": _rng_array(rng, (n_out,), -1.0, 1.0), "dw": np.float64(draw(st.floats(1.0, 2.0)))}


@st.composite
def _three_outputs(draw) -> dict[str, Any]:
    """The last layer of the figure: three neurons z^L_1..3, fed by a^4 (1 to 8 neurons)."""
    n_in = draw(st.integers(1, 8))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return {"a4": _rng_array(rng, (n_in,), 0.0, 1.0), "w": _rng_array(rng, (3, n_in), -1.0, 1.0),
            "b": _rng_array(rng, (3,), -1.0, 1.0)}


@st.composite
def _outputs_and_targets(draw, costs=("quadratic", "cross-entropy")) -> dict[str, Any]:
    n = draw(st.integers(2, 6))
    cost = draw(st.sampled_from(costs))
    a = draw(probabilities(shape=(n,), margin=0.05))
    if cost == "normalised-nll":
        t = np.eye(n)[draw(st.integers(0, n - 1))]
    else:
        t = draw(reals(shape=(n,), low=0.0, high=1.0, edges=(0.0, 1.0)))
    return {"a": a, "t": t, "cost": cost}


def _sigmoid_step():
    return st.fixed_dictionaries({"z": reals(shape=shapes(min_dims=1, max_dims=1), low=-6.0, high=6.0),
                                  "dz": st.floats(0.1, 1.0).map(np.float64)})


@st.composite
def _output_step(draw) -> dict[str, Any]:
    case = draw(_outputs_and_targets(costs=("quadratic",)))
    return {"a": case["a"], "t": case["t"], "da": np.float64(draw(st.floats(0.1, 1.0)))}


def _every_bias_justified(grad_out, x, **layers):
    Ws, bs = network_layers(layers)
    delta, _ = _deltas(Ws, bs, x, grad_out)
    return {f"b{l}": s.bias_gradient_justified(delta[l]) for l in range(1, len(Ws) + 1)}


def _each_pass(X, Y, epochs, learning_rate, **layers):
    return _flat_net(s.update_each_pass(_network_of(layers), X, Y, float(learning_rate)))


def _output_change_by(perturb):
    def adapter(x, dw, **layers):
        Ws, bs = network_layers(layers)
        return p.forward_vector(perturb(Ws, dw), bs, x)[1][-1] - p.forward_vector(Ws, bs, x)[1][-1]
    return adapter


def _rate_of_cost(Ws, bs, x, y, shift: float) -> float:
    """∂C/∂w^L_11 at w^L_11 + shift by the printed chain rule (line 190), C = ½ Σ (a^L_i - t_i)²."""
    Ws = [w.copy() for w in Ws]
    Ws[-1][0, 0] += shift
    z, a = p.forward_vector(Ws, bs, x)
    return p.dC_dw_last(a[-2], z[-1], a[-1] - y)[0, 0]


def _cost_first_order(x, y, dw, **layers):
    Ws, bs = network_layers(layers)
    return s.first_order_change(_rate_of_cost(Ws, bs, x, y, 0.0), dw)


def _cost_exact(x, y, dw, **layers):
    Ws, bs = network_layers(layers)
    return s.exact_change(lambda u: _rate_of_cost(Ws, bs, x, y, u), dw)


def _z_first_order(x, dw, **layers):
    z, a = p.forward_vector(*network_layers(layers), x)
    return s.first_order_change(a[-2][0], dw)


def _sigmoid_first_order(z, dz):
    return s.first_order_change(p.sigmoid_prime(z), dz)


def _sigmoid_exact(z, dz):
    return s.exact_change(lambda u: p.sigmoid_prime(z + u), dz)


def _output_cost_first_order(a, t, da):
    return s.first_order_change(s.cost_prime(a[0], t[0], "quadratic"), da)


def _output_cost_exact(a, t, da):
    return s.exact_change(lambda u: s.cost_prime(a[0] + u, t[0], "quadratic"), da)


def _output_cost_change(a, t, da):
    moved = a + da * F.one_hot(torch.tensor(0), a.shape[0]).to(a.dtype)
    return _quadratic(moved, t) - _quadratic(a, t)


def _three_rates(grad_out, x, wl11, **layers):
    z, a = p.forward_vector(*network_layers(layers), x)
    return {"wl11": s.chain_of_three(a[-2][0], p.sigmoid_prime(z[-1][0]), grad_out[0])}


def _of_outputs(derivative):
    def procedure(a, t, cost):
        return {"a": derivative(a, t, cost)}
    return procedure


def _both_cost_primes(a, t):
    return np.concatenate([s.cost_prime(a, t, "quadratic"), s.cost_prime(a, t, "cross-entropy")])


def _z_over_weight(relation, i: int, j: int):
    """The printed ratio for the weight (i, j) (from 0) of the case's layer, z computed by the printed sum."""
    def adapter(w, a_prev, b, dw):
        moved = w.copy()
        moved[i, j] += dw
        return relation(p.aggregation_sum(w, a_prev, b)[i], p.aggregation_sum(moved, a_prev, b)[i], w[i, j], dw)
    return adapter


def _w412_by_line_240(grad_out, x, w4_12, **layers):
    Ws, bs = network_layers(layers)
    z, a = p.forward_vector(Ws, bs, x)
    delta_last = p.delta_last(z[-1], grad_out)
    return {"w4_12": s.weight_4_12(p.dC_dw_penultimate(a[-3], z[-2], Ws[-1], delta_last))}


def _a4_impacts(grad_out, a4, w, b):
    return {"a4": np.array([s.impacts_of_a4(w, grad_out, j) for j in range(len(a4))])}


def _averaged(rule):
    """The gradients of one mini-batch by ``rule`` from the examples' δ^l (the code's bias gradients) and a^{l-1}."""
    def procedure(X, Y, **layers):
        Ws, bs = network_layers(layers)
        net = _network_of(layers)
        deltas = [p.network_backprop(net, x, y)[1] for x, y in zip(X, Y)]
        acts = [p.forward_vector(Ws, bs, x)[1] for x in X]
        out = {}
        for l in range(1, len(Ws) + 1):
            out[f"W{l}"], out[f"b{l}"] = rule([d[l - 1] for d in deltas], [a[l - 1] for a in acts])
        return out
    return procedure
