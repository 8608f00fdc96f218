"""The Germain (2019) backprop slides: quotes are verbatim, claims are observed as expected, and
deliberately broken copies of holding claims are caught."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pytest

from oracle.claims import Form, Status
from oracle.domains import network_layers
from oracle.forms import elementwise_derivative, partial_derivative, scalar_gradients
from oracle.run.runner import RunConfig, run_claim
from reference import germain_2019 as catalogue
from reference.germain_2019 import printed as doc
from tests.reference import breaker

_CONFIG = RunConfig(examples=15, seed=0)
_BY_ID = {c.id: c for c in catalogue.CLAIMS}


@functools.lru_cache(maxsize=None)
def _result(claim_id: str):
    return run_claim(_BY_ID[claim_id], _CONFIG)


_broken = breaker(catalogue.CLAIMS)


def test_matrix_backprop_has_the_wrong_shape_on_non_square_layers_and_wrong_values_on_square_ones():
    """g h[k]^T is d_k × d_k: another quantity than W's gradient where d_k ≠ d_{k−1}, wrong values where equal."""
    general = _result("germain-2019/matrix-backprop")
    statuses = {f.status for f in general.findings if f.form == "printed"}
    assert "fail" in statuses and "crash" not in statuses
    assert any("gradient for W" in f.message and "has shape" in f.message
               for f in general.findings if f.status == "fail")
    square = _result("germain-2019/matrix-backprop-square")
    assert {f.status for f in square.findings if f.form == "printed"} >= {"fail"}
    assert "crash" not in {f.status for f in square.findings}


# --- chain rule: broken copies ---------------------------------------------------------------------

def test_a_chain_rule_example_without_the_inner_derivative_is_an_erratum():
    """2(2x + 3), the outer derivative alone, is caught."""
    broken = _broken("germain-2019/chain-rule-example", "2(2x+3)", elementwise_derivative(lambda x: 2 * (2 * x + 3), "x"))
    assert run_claim(broken, _CONFIG).observed is Status.ERRATUM


def test_dl_dv_without_the_factor_w_is_an_erratum():
    def dl_dv_without_w(x, y, v, w, f, h):
        return doc.dL_dv_as_printed(x, y, v, w, f, h) / np.where(w == 0, 1.0, w)
    broken = _broken("germain-2019/two-layer-dl-dv", "L' f' h' x", partial_derivative(dl_dv_without_w, "v"))
    assert run_claim(broken, _CONFIG).observed is Status.ERRATUM


# --- scalar backprop algorithm: broken copies -------------------------------------------------------

def _scalar_backprop(*, w_from_same_layer=False, phi_sign=1.0, loss_factor=2.0):
    def procedure(x, y, w, acts):
        K = len(acts)
        f = [None] + [doc.F[n] for n in acts]
        f_prime = [None] + [doc.F_PRIME[n] for n in acts]
        w = [None] + list(w)
        phi, a = [x] + [None] * K, [None] * (K + 1)
        for k in range(1, K + 1):
            a[k] = w[k] * phi[k - 1]
            phi[k] = f[k](a[k])
        phi_d, w_d = [None] * (K + 1), [None] * (K + 1)
        phi_d[K] = loss_factor * (phi[K] - y)
        for k in range(K, 0, -1):
            a_d = phi_d[k] * f_prime[k](a[k])
            w_d[k] = a_d * (phi[k] if w_from_same_layer else phi[k - 1])
            phi_d[k - 1] = phi_sign * a_d * w[k]
        return {"w": np.array(w_d[1:], dtype=float), "x": phi_d[0]}
    return scalar_gradients(procedure)


def test_the_transcribed_scalar_backprop_matches_the_test_helper():
    """The helper reproduces the printed algorithm exactly when nothing is broken."""
    broken = _broken("germain-2019/scalar-backprop", "same", _scalar_backprop())
    assert run_claim(broken, _CONFIG).observed is Status.HOLDS


@pytest.mark.parametrize("latex, impl", [
    pytest.param(r"w_k^\delta = a_k^\delta \phi_k", _scalar_backprop(w_from_same_layer=True), id="off-by-one-layer"),
    pytest.param(r"\phi_{k-1}^\delta = -a_k^\delta w_k", _scalar_backprop(phi_sign=-1.0), id="wrong-sign"),
    pytest.param(r"\phi_K^\delta = \phi_K - y", _scalar_backprop(loss_factor=1.0), id="dropped-factor-2"),
])
def test_a_broken_scalar_backprop_is_an_erratum(latex, impl):
    result = run_claim(_broken("germain-2019/scalar-backprop", latex, impl), _CONFIG)
    assert result.observed is Status.ERRATUM, result.note


# --- matrix backprop: the corrected algorithm holds, broken copies of it do not -------------------

def _matrix_backprop(*, sign=1.0, loss_factor=2.0, transpose=True):
    def procedure(x, y, activations, **layers):
        K = len(activations)
        W = [None, *network_layers(layers)[0]]
        h, a = doc.forward_as_printed(x, W, activations)
        grads = {}
        g = loss_factor * (h[K] - y.reshape(-1, 1))
        for k in range(K, 0, -1):
            g = g * doc.F_PRIME[activations[k - 1]](a[k])
            grads[f"W{k}"] = g @ h[k - 1].T
            g = sign * ((W[k].T if transpose else W[k]) @ g)
        return grads
    return scalar_gradients(procedure)


def _holding_matrix_backprop(domain_claim="germain-2019/matrix-backprop"):
    c = _BY_ID[domain_claim]
    return dataclasses.replace(c, printed=c.correction, expect=Status.HOLDS, correction=None, explanation="")


def test_the_corrected_matrix_backprop_holds():
    assert run_claim(_holding_matrix_backprop(), _CONFIG).observed is Status.HOLDS


@pytest.mark.parametrize("claim_id, latex, impl", [
    pytest.param("germain-2019/matrix-backprop", r"g \leftarrow -W^{(k)T} g", _matrix_backprop(sign=-1.0),
                 id="wrong-sign"),
    pytest.param("germain-2019/matrix-backprop", r"g \leftarrow h[K] - y", _matrix_backprop(loss_factor=1.0),
                 id="dropped-factor-2"),
    pytest.param("germain-2019/matrix-backprop-square", r"g \leftarrow W^{(k)} g", _matrix_backprop(transpose=False),
                 id="missing-transpose"),
])
def test_a_broken_matrix_backprop_is_an_erratum(claim_id, latex, impl):
    broken = dataclasses.replace(_holding_matrix_backprop(claim_id), printed=Form(latex, impl))
    result = run_claim(broken, _CONFIG)
    assert result.observed is Status.ERRATUM, result.note


def test_a_matrix_forward_with_an_off_by_one_activation_is_an_erratum():
    """h[k] ← f_{k+1}(a[k]) (the next layer's activation, cyclically) is caught."""
    def forward_shifted(x, activations, **layers):
        W = [None, *network_layers(layers)[0]]
        h = x
        for k in range(1, len(activations) + 1):
            h = doc.F[activations[k % len(activations)]](W[k] @ h)
        return h
    result = run_claim(_broken("germain-2019/matrix-forward", "h[k] = f_{k+1}(a[k])", forward_shifted), _CONFIG)
    assert result.observed is Status.ERRATUM, result.note


# --- figures: a perturbed recomputation is an erratum ---------------------------------------------

@pytest.mark.parametrize("claim_id", ["germain-2019/graph-example-leaves"])
def test_a_perturbed_graph_figure_is_an_erratum(claim_id):
    recompute = _BY_ID[claim_id].printed.impl

    def perturbed():
        values = dict(recompute())
        first = next(iter(values))
        values[first] += 1.0
        return values

    assert run_claim(_broken(claim_id, "perturbed", perturbed), _CONFIG).observed is Status.ERRATUM


def test_the_intermediate_graph_derivatives_are_judged_as_formulas_not_as_figures():
    """The slide prints t_1·1 and w·1, no number: the claim judges those expressions, and swapping them is caught."""
    c = _BY_ID["germain-2019/graph-example-intermediate"]
    assert c.kind.value == "backward" and not hasattr(c.check, "printed")
    swapped = _broken(c.id, r"\partial f/\partial w = w \cdot 1", scalar_gradients(lambda t1, w: {"w": w * 1, "t1": t1 * 1}))
    assert run_claim(swapped, _CONFIG).observed is Status.ERRATUM


def test_the_weight_shape_display_fails_only_for_networks_deeper_than_one_layer():
    """d_K × d_{K−1} is right for W^(K) itself, so one-layer networks never expose it."""
    shapes = doc.weight_shapes_display(np.array([3, 5]))
    assert shapes.tolist() == doc.weight_shapes_text(np.array([3, 5])).tolist()
    assert doc.weight_shapes_display(np.array([3, 5, 2])).tolist() != doc.weight_shapes_text(np.array([3, 5, 2])).tolist()
