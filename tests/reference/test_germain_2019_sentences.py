"""The Germain (2019) slides' sentences and the formulas added from the review: claims in the document's order,
every derivation placed once, and every check able to fail (the sentence's opposite, or a broken formula, is
observed wrong)."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch

from oracle.claims import Kind, Status
from oracle.forms import elementwise_derivative, partial_derivative, scalar_gradients, vjp
from oracle.run.runner import RunConfig, run_claim
from reference import germain_2019 as catalogue
from reference.germain_2019 import derivations
from reference.germain_2019 import printed as doc
from reference.germain_2019 import sentences as said
from reference.germain_2019.wiring_sentences import (
    _WELLS,
    _critical_points_1d,
    _descend,
    _evaluation_point_dependence,
    _torch_graph_size,
)
from tests.documents import document_text
from tests.reference import breaker

_CONFIG = RunConfig(examples=15, seed=0)
_BY_ID = {c.id: c for c in catalogue.CLAIMS}
_broken = breaker(catalogue.CLAIMS)


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_claims_follow_the_document():
    """Each claim's quote is found on the line of the previous one or below it (a quote printed on several slides
    counts at its first line from there on)."""
    lines = [_normalise(line) for line in document_text(catalogue.DOCUMENT.file).splitlines()]
    at = 0
    for c in catalogue.CLAIMS:
        quote = _normalise(c.source.quote)
        found = next((i for i in range(at, len(lines)) if quote in lines[i]), None)
        assert found is not None, f"{c.id}: its quote is not on line {at + 1} or below"
        at = found


def test_every_derivation_is_placed_once():
    placed = [c.id for c in catalogue.CLAIMS if c.kind is Kind.DERIVATION]
    assert sorted(placed) == sorted(c.id for c in derivations.CLAIMS) and len(placed) == len(set(placed))


def test_the_images_are_not_judged_and_say_why():
    images = [c for c in catalogue.CLAIMS if c.expect is Status.NOT_JUDGED]
    assert {c.id.split("/")[1] for c in images} == {"nomenclature-figure", "saddle-and-loss-figures", "steps-figures",
                                                    "graph-gradient-slots", "rules-figures"}
    assert all(c.check is None and c.printed is None and "image" in c.explanation for c in images)


# --- every check can fail: the opposite of a sentence, or a broken formula, is an erratum --------------

def _three_layers_reversed(x, activations, **layers):
    W = [None, layers["W1"], layers["W2"], layers["W3"]]
    return doc.three_layer_output(x, W, tuple(reversed(activations)))


def _all_nodes_without_sums(ops, leaves):
    """Backprop that keeps only the last contribution a node receives (no sum over the paths)."""
    values = list(leaves)
    for op, i, j in ops:
        values.append(values[i] + values[j] if op == "add" else values[i] * values[j] if op == "mul"
                      else np.tanh(values[i]))
    grads = [0.0] * len(values)
    grads[-1] = 1.0
    for n in range(len(values) - 1, len(leaves) - 1, -1):
        op, i, j = ops[n - len(leaves)]
        if op == "add":
            grads[i] = grads[j] = grads[n]
        elif op == "mul":
            grads[i], grads[j] = values[j] * grads[n], values[i] * grads[n]
        else:
            grads[i] = (1 - np.tanh(values[i]) ** 2) * grads[n]
    return np.array(grads, dtype=float)


def _chain_product_without_weights(x, y, w, acts):
    """∂F/∂w_k with the w_j of the later layers left out of the product."""
    K = len(acts)
    phi, a = [x], [None]
    for k in range(1, K + 1):
        a.append(w[k - 1] * phi[k - 1])
        phi.append(doc.F[acts[k - 1]](a[k]))
    top = doc.quadratic_loss_prime(phi[K], y)
    dw = []
    for k in range(1, K + 1):
        product = top
        for j in range(K, k, -1):
            product = product * doc.F_PRIME[acts[j - 1]](a[j])
        dw.append(product * doc.F_PRIME[acts[k - 1]](a[k]) * phi[k - 1])
    dx = top
    for j in range(K, 0, -1):
        dx = dx * doc.F_PRIME[acts[j - 1]](a[j])
    return {"w": np.array(dw), "x": dx}


_OPPOSITES = [
    ("nomenclature-composition", r"f^{(1)}(f^{(2)}(f^{(3)}(x)))", _three_layers_reversed),
    ("convex-classical-methods", "SVM non convexe", lambda X, y, theta_a, theta_b, lam: np.array([1.0, 1.0, 0.0])),
    ("nn-non-convex", "réseaux convexes", lambda X, W1, w2: 1.0),
    ("init-dependence", "même résultat", lambda x, v0, w0: 0.0),
    ("local-minima-acceptable", "minimum local mauvais", lambda X, W1, w2: np.array([1.0, 1.0])),
    ("saddle-ratio", "ratio constant", lambda n, well: 0.0),
    ("saddle-zero-gradient", r"\partial f/\partial p \ne 0",
     scalar_gradients(lambda p, c, H: {"p": np.ones_like(p)})),
    ("chain-example-decomposition", "h(x) = 2x - 3", lambda x: doc.chain_example_f(2 * x - 3)),
    ("chain-rule-other-notations", r"(f \circ h)' = f' \circ h", partial_derivative(
        lambda x, f, h: doc.F_PRIME[f](doc.F[h](x)), "x")),
    ("two-layer-r", r"R(x) = f_1(w_1 f_2(w_2 x))", lambda x, w1, w2, f1, f2: doc.two_layer_R(x, w2, w1, f2, f1)),
    ("two-layer-f", "F = L(y, R(x))", lambda x, y, w1, w2, f1, f2, L: doc.two_layer_F(y, x, w1, w2, f1, f2, L)),
    ("network-definition", r"W^{(0)}, \dots, W^{(K)}", lambda widths: np.array([len(widths) - 1, len(widths)])),
    ("layer-width", r"h[k] \in R^{d_{k+1}}", lambda widths: np.array(list(widths[1:]) + [widths[-1]])),
    ("backprop-inputs-outputs", "indépendant de y",
     lambda x, y, activations, **layers: np.array([len(activations), 1.0, 0.0])),
    ("backprop-all-gradients", "sans somme sur les chemins", _all_nodes_without_sums),
    ("backprop-not-optimizer", r"w \leftarrow w - 0.1 w^\delta",
     lambda x, y, w, acts: w - 0.1 * doc.scalar_backprop_as_printed(x, y, w, acts)["w"]),
    ("backprop-used-by-optimizers", "gradients nuls",
     lambda x, y, w, acts, optimizer: said._optimizer_step(w, np.zeros_like(w), optimizer)),
    ("backprop-chain-rule", r"\prod_{j>k} f'_j(a_j)", scalar_gradients(_chain_product_without_weights)),
    ("autodiff-libraries", "torch.autograd de (u - v) w", vjp(lambda grad_out, u, v, w: said.library_derivatives(
        grad_out, u, -v, w))),
    ("graph-convention", "nœud : opération, arête : variable", lambda: np.array([2.0, 5.0])),
    ("graph-forward", "f = u + v w", lambda u, v, w: np.stack([u + v, u + v * w])),
    ("graph-chain-generic", r"\partial f/\partial h", partial_derivative(
        lambda x, f, h: doc.F_PRIME[f](doc.F[h](x)), "x")),
    ("graph-df-df", r"\partial f/\partial f = 0", elementwise_derivative(np.zeros_like, "f")),
    ("graph-df-dw-rule", r"\partial f/\partial w = t_1", vjp(lambda grad_out, t1, w: {"w": t1 + 0 * grad_out})),
    ("graph-df-dt1-rule", r"\partial f/\partial t_1 = t_1 \partial f/\partial f",
     vjp(lambda grad_out, t1, w: {"t1": t1 * grad_out})),
]


@pytest.mark.parametrize("name, latex, impl", _OPPOSITES, ids=[o[0] for o in _OPPOSITES])
def test_the_opposite_of_a_holding_statement_is_an_erratum(name, latex, impl):
    claim_id = f"germain-2019/{name}"
    assert _BY_ID[claim_id].expect is Status.HOLDS
    result = run_claim(_broken(claim_id, latex, impl), _CONFIG)
    assert result.observed is Status.ERRATUM, result.note


def test_every_new_holding_claim_has_its_opposite_tested():
    """Every holding claim built from a sentence or a formula the review added is broken once above."""
    added = {"nomenclature-composition", "convex-classical-methods", "nn-non-convex", "init-dependence",
             "local-minima-acceptable", "saddle-ratio", "saddle-zero-gradient", "chain-example-decomposition",
             "chain-rule-other-notations", "two-layer-r", "two-layer-f", "network-definition", "layer-width",
             "backprop-inputs-outputs", "backprop-all-gradients", "backprop-not-optimizer",
             "backprop-used-by-optimizers", "backprop-chain-rule", "autodiff-libraries", "graph-convention",
             "graph-forward", "graph-chain-generic", "graph-df-df", "graph-df-dw-rule", "graph-df-dt1-rule"}
    assert added == {o[0] for o in _OPPOSITES}


# --- the notes: the printed reading is observed wrong, for the reason the review gives -------------------

def test_the_evaluation_point_depends_on_x_and_not_on_y():
    t = lambda v: torch.tensor([v], dtype=torch.float64)
    assert _evaluation_point_dependence(t(0.8), t(1.0), t(-1.3), t(2.1), "sigmoid", "tanh").tolist() == [1.0, 0.0]
    assert said.evaluation_point_arguments_as_printed(0.8, 1.0, -1.3, 2.1, "sigmoid", "tanh").tolist() == [1.0, 1.0]


def test_the_forward_step_reads_a_vector_the_algorithm_never_assigns():
    W = [None, np.eye(2), np.ones((1, 2))]
    x = np.array([[0.5], [-1.0]])
    assert np.isnan(doc.forward_by_name_as_printed(x, W, ("tanh", "sigmoid"))).all()
    right = doc.forward_by_name_corrected(x, W, ("tanh", "sigmoid"))
    assert np.allclose(right, doc.forward_as_printed(x, W, ("tanh", "sigmoid"))[0][2])


def test_derivatives_with_respect_to_the_output_are_the_inverses_at_the_slides_point():
    """At u = 2, v = 3, w = 4: ∂u/∂f = 1/4 where the slots hold ∂f/∂u = 4."""
    printed = said.derivatives_wrt_output_as_printed(2.0, 3.0, 4.0)
    assert printed.tolist() == [0.25, 0.25, 0.2, 0.25]
    assert said.derivatives_of_output(2.0, 3.0, 4.0).tolist() == [4.0, 4.0, 5.0, 4.0]


def test_a_saddle_point_is_critical_but_minimises_nothing():
    from reference.germain_2019.wiring_sentences import _critical_point_kind
    H = torch.tensor([[2.0, 0.0], [0.0, -2.0]], dtype=torch.float64)
    assert _critical_point_kind(H).tolist() == [1.0, 0.0]


# --- the models behind the sentences -----------------------------------------------------------------

def test_the_wells_have_the_critical_points_they_should():
    """(t² − 1)²: minima ±1, maximum 0; t²(t² − 1)²: minima 0, ±1, maxima ±1/√3."""
    assert _critical_points_1d(_WELLS["double"]) == (2, 1)
    assert _critical_points_1d(_WELLS["triple"]) == (3, 2)


def test_a_dead_relu_unit_does_not_move_and_a_live_one_learns():
    x = torch.tensor([0.5, 1.0, 1.5], dtype=torch.float64)
    v, w = torch.tensor(0.8, dtype=torch.float64), torch.tensor(0.7, dtype=torch.float64)
    assert float(_descend(x, -v, w)) == pytest.approx(float(torch.mean(x ** 2)))
    assert float(_descend(x, v, w)) < 0.5 * float(torch.mean((0.56 * x - x) ** 2))


def test_torchs_graph_of_the_slides_function_has_five_variables_and_four_operand_links():
    assert _torch_graph_size().tolist() == [5.0, 4.0] == said.graph_as_printed().tolist()
