"""The claims of tutoriel-backprop from "Calculer l'erreur pour la dernière couche" to "Raffinement de gourmet", in
the document's order: formulas (``printed``) and sentences (``sentences``), wired by ``wiring`` and ``wiring_text``."""

from __future__ import annotations

import torch
from hypothesis import strategies as st

from oracle import Condition, Form, Kind, Severity, Source, Status, ValueCheck, VJPCheck, claim
from oracle.domains import EDGES, network_biases, network_parameters, network_weights, networks, reals, shapes
from oracle.forms import scalar_gradients, vjp
from reference.tutoriel_backprop import printed as p
from reference.tutoriel_backprop import sentences as s
from reference.tutoriel_backprop.wiring import (
    _GENERAL,
    _LAST_LAYER,
    _ONE_MORE,
    FILE,
    _at_the_output,
    _down_the_tail,
    _generalised,
    _last_weight,
    _network_output,
    _networks,
    _on_last_layer,
    _on_penultimate_layer,
    _penultimate_weight,
    _recursion_cases,
    _recursion_reference,
)
from reference.tutoriel_backprop.wiring_layers import (
    _REFINEMENT,
    _a4_impacts,
    _averaged,
    _both_cost_primes,
    _cost_change,
    _cost_exact,
    _cost_first_order,
    _cost_of_outputs,
    _dz_dw_reference,
    _each_pass,
    _every_bias_justified,
    _layer_with_step,
    _mean_batch_cost,
    _of_outputs,
    _output_change,
    _output_change_by,
    _output_cost_change,
    _output_cost_exact,
    _output_cost_first_order,
    _output_step,
    _outputs_and_targets,
    _sigmoid_exact,
    _sigmoid_first_order,
    _sigmoid_step,
    _three_outputs,
    _three_rates,
    _two_cost_derivatives,
    _w412_by_line_240,
    _z_change,
    _z_first_order,
    _z_over_weight,
)
from reference.tutoriel_backprop.wiring_text import (
    _entry_reference,
    _per_example_cases,
    _per_example_reference,
    _with_entry_input,
    _with_scalar,
)

_FIRST_ORDER = dict(
    expect=Status.ERRATUM,
    severity=Severity.NOTE,
    cause="first-order-equalities",
)
_MISSING_PARTIAL = dict(expect=Status.ERRATUM, severity=Severity.NOTE, cause="missing-partial")

CLAIMS = [
    # ---------------------------------------------------------------- Calculer l'erreur pour la dernière couche
    claim(
        "tutoriel-backprop/perturbation-index",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _LAST_LAYER, r"en lui ajoutant une petite valeur que je noterai \(\Delta w^1_{11}\)"),
        # The change of the network's output when the weight grows: w^L_11, the weight the text perturbs.
        check=ValueCheck(reference=_output_change,
                         domain=lambda: _with_scalar(_networks(depth=(2, 4)), "dw", 0.01, 1.0)),
        printed=Form(r"w^L_{11} + \Delta w^1_{11}\ \text{(the increment of } w^1_{11}\text{)}",
                     _output_change_by(s.perturb_as_printed)),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        cause="delta-w-index",
        correction=Form(r"w^L_{11} + \Delta w^L_{11}", _output_change_by(s.perturb_corrected)),
        explanation=("The perturbed weight is w^L_11, as the next lines write it, but its increment is named "
                     "Δw^1_11, whose superscript names a weight of the first layer, with another effect on the output."),
    ),
    claim(
        "tutoriel-backprop/first-order-dc",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _LAST_LAYER, r"\frac{\partial C}{\partial w^L_{11}} \Delta w^L_{11} = \Delta C"),
        # C = ½ Σ (a^L_i - t_i)², ∂C/∂w^L_11 by the printed chain rule; ΔC measured by torch.
        check=ValueCheck(reference=_cost_change,
                         domain=lambda: _with_scalar(_networks(depth=(1, 3), targets="binary"), "dw", 0.1, 1.0)),
        printed=Form(r"\frac{\partial C}{\partial w^L_{11}} \Delta w^L_{11} = \Delta C", _cost_first_order),
        correction=Form(r"\Delta C = \int_0^{\Delta w^L_{11}} \frac{\partial C}{\partial w^L_{11}}(w^L_{11} + s)\,ds "
                        r"\approx \frac{\partial C}{\partial w^L_{11}} \Delta w^L_{11}\ \text{(first order)}",
                        _cost_exact),
        explanation=("\"Par définition\", ∂C/∂w^L_11 Δw^L_11 = ΔC is written as an equality, but it holds to first "
                     "order only: the derivative is the limit of ΔC/Δw^L_11, and for a finite Δw^L_11 the gap shrinks "
                     "with Δw^L_11 without vanishing (the chain rule of the next lines still follows in the limit)."),
        **_FIRST_ORDER,
    ),
    claim(
        "tutoriel-backprop/first-order-dz",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _LAST_LAYER, r"\frac{\partial z^L_1}{\partial w^L_{11}} \Delta w^L_{11} = \Delta z^L_1"),
        # Exact: z^L_1 is affine in w^L_11, with the rate a^{L-1}_1 (line 186).
        check=ValueCheck(reference=_z_change, domain=lambda: _with_scalar(_networks(depth=(1, 3)), "dw", 0.1, 1.0)),
        printed=Form(r"\frac{\partial z^L_1}{\partial w^L_{11}} \Delta w^L_{11} = a^{L-1}_1 \Delta w^L_{11} = "
                     r"\Delta z^L_1", _z_first_order),
    ),
    claim(
        "tutoriel-backprop/first-order-da",
        kind=Kind.DEFINITION,
        family="activation",
        source=Source(FILE, _LAST_LAYER, r"\frac{\partial a^L_1}{\partial z^L_1} \Delta z^L_1 = \Delta a^L_1"),
        check=ValueCheck(reference=lambda z, dz: torch.sigmoid(z + dz) - torch.sigmoid(z), domain=_sigmoid_step),
        printed=Form(r"\sigma'(z^L_1) \Delta z^L_1 = \Delta a^L_1", _sigmoid_first_order),
        correction=Form(r"\Delta a^L_1 = \int_0^{\Delta z^L_1} \sigma'(z^L_1 + s)\,ds \approx \sigma'(z^L_1) "
                        r"\Delta z^L_1\ \text{(first order)}", _sigmoid_exact),
        explanation=("σ'(z^L_1) Δz^L_1 = Δa^L_1 is written as an equality, but σ is not affine: it holds to first order "
                     "only, the gap shrinking with Δz^L_1 without vanishing."),
        **_FIRST_ORDER,
    ),
    claim(
        "tutoriel-backprop/first-order-dc-from-a",
        kind=Kind.DEFINITION,
        family="loss",
        source=Source(FILE, _LAST_LAYER, r"\frac{\partial C}{\partial a^L_1} \Delta a^L_1 = \Delta C"),
        # C = ½ Σ (a^L_i - t_i)², a change of a^L_1 alone.
        check=ValueCheck(reference=_output_cost_change, domain=_output_step),
        printed=Form(r"\text{cost}'(a^L_1) \Delta a^L_1 = \Delta C", _output_cost_first_order),
        correction=Form(r"\Delta C = \int_0^{\Delta a^L_1} \text{cost}'(a^L_1 + s)\,ds \approx \text{cost}'(a^L_1) \Delta a^L_1\ "
                        r"\text{(first order)}", _output_cost_exact),
        explanation=("∂C/∂a^L_1 Δa^L_1 = ΔC is written as an equality, but it holds to first order only (for the "
                     "quadratic cost the gap is exactly (Δa^L_1)²/2)."),
        **_FIRST_ORDER,
    ),
    claim(
        "tutoriel-backprop/chain-rule-words",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _LAST_LAYER, "il suffit de calculer comment w fait varier z, comment z fait varier a, et "
                                         "comment a fait varier C"),
        check=VJPCheck(reference=_entry_reference("wl11", -1, 0, 0),
                       domain=lambda: _with_entry_input(_networks(), "wl11", -1, 0, 0), wrt=("wl11",)),
        printed=Form(r"\frac{\partial C}{\partial w^L_{11}} = \frac{\partial z^L_1}{\partial w^L_{11}} "
                     r"\frac{\partial a^L_1}{\partial z^L_1} \frac{\partial C}{\partial a^L_1}", vjp(_three_rates)),
    ),
    claim(
        "tutoriel-backprop/per-output-cost",
        kind=Kind.BACKWARD,
        family="loss",
        source=Source(FILE, _LAST_LAYER, r"\frac{\partial C}{\partial a^L_1} = cost'(a^L_1)"),
        check=VJPCheck(reference=_cost_of_outputs, domain=_outputs_and_targets, wrt=("a",), breaks={"a": (0.0, 1.0)}),
        printed=Form(r"\frac{\partial C}{\partial a^L_i} = \text{cost}'(a^L_i)", scalar_gradients(_of_outputs(s.cost_prime))),
        expect=Status.CONDITIONAL,
        severity=Severity.CAVEAT,
        cause="per-output-cost",
        condition=Condition("a cost that couples the outputs, C = -log(a^L_t / Σ_k a^L_k): ∂C/∂a^L_1 then depends on "
                            "every output, not on a^L_1 alone", lambda: _outputs_and_targets(costs=("normalised-nll",))),
        correction=Form(r"\frac{\partial C}{\partial a^L_i}\ \text{in general};\ = \text{cost}'(a^L_i)\ \text{when } "
                        r"C = \sum_i \text{cost}(a^L_i)", scalar_gradients(_of_outputs(s.cost_gradient))),
        explanation=("The text says the form of the cost does not matter, but writing ∂C/∂a^L_1 as cost'(a^L_1), a "
                     "derivative of a^L_1 alone, holds only for a cost that is a sum of per-output terms, "
                     "C = Σ_i cost(a^L_i); the code's cross-entropy is one, so the document's own run is unaffected, "
                     "and every formula carrying cost'(a^L_i) holds once it is read as ∂C/∂a^L_i."),
    ),
    claim(
        "tutoriel-backprop/cost-depends",
        kind=Kind.BACKWARD,
        family="loss",
        source=Source(FILE, _LAST_LAYER, "Cette dérivée dépend évidemment de la fonction de coût utilisée"),
        # cost'(a) for the quadratic cost, then for the cross-entropy, at the same outputs.
        check=ValueCheck(reference=_two_cost_derivatives,
                         domain=lambda: _outputs_and_targets().map(lambda c: {"a": c["a"], "t": c["t"]})),
        printed=Form(r"\text{cost}'(a) = a - t\ \text{(quadratic)},\ \frac{a - t}{a(1 - a)}\ \text{(cross-entropy)}",
                     _both_cost_primes),
    ),
    claim(
        "tutoriel-backprop/missing-partial-last",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _LAST_LAYER, r"Enfin, \(\partial z^L_1 / w^L_{11}\) est la variation de la fonction "
                                         r"d'agrégation en fonction de ce seul poids."),
        check=ValueCheck(reference=_dz_dw_reference(0, 0), domain=_layer_with_step),
        printed=Form(r"\partial z^L_1 / w^L_{11}", _z_over_weight(s.partial_over_weight_as_printed, 0, 0)),
        correction=Form(r"\partial z^L_1 / \partial w^L_{11} = a^{L-1}_1",
                        _z_over_weight(s.partial_derivative_of_z, 0, 0)),
        explanation=("\"∂z^L_1 / w^L_11\" lacks the ∂ of its denominator: it reads as a partial differential divided "
                     "by the weight itself, not as the partial derivative ∂z^L_1/∂w^L_11 = a^{L-1}_1 that the "
                     "sentence then states rightly."),
        **_MISSING_PARTIAL,
    ),
    claim(
        "tutoriel-backprop/dc-dw-last-layer",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _LAST_LAYER,
                      r"\frac{\partial C}{\partial w^L_{ij}} = a^{L-1}_j * \sigma'(z^L_i) * cost'(a^L_i)"),
        check=VJPCheck(reference=_network_output, domain=_networks, wrt=_last_weight, analytic=True),
        printed=Form(r"\frac{\partial C}{\partial w^L_{ij}} = a^{L-1}_j\,\sigma'(z^L_i)\,cost'(a^L_i)",
                     vjp(_on_last_layer(p.dC_dw_last))),
    ),
    claim(
        "tutoriel-backprop/delta-last-layer",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _LAST_LAYER,
                      r"\delta^L_i = \sigma'(z^L_i) * cost'(a^L_i) = \frac{\partial a^L_i}{\partial z^L_i} "
                      r"\frac{\partial C}{\partial a^L_i} = \frac{\partial C}{\partial z^L_i}"),
        check=VJPCheck(reference=lambda z: torch.sigmoid(z),
                       domain=lambda: st.fixed_dictionaries({"z": reals(
                           shape=shapes(min_dims=1, max_dims=1), low=-30.0, high=30.0,
                           edges=EDGES["kink"] + EDGES["saturation"])}),
                       wrt=("z",), elementwise=True, analytic=True),
        printed=Form(r"\delta^L_i = \sigma'(z^L_i)\,cost'(a^L_i) = \frac{\partial C}{\partial z^L_i}",
                     vjp(_at_the_output(p.delta_last))),
    ),
    # ---------------------------------------------------------------- On en remet une couche
    claim(
        "tutoriel-backprop/w412-choice",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _ONE_MORE, r"une modification du poids \(w^4_{12}\) (par exemple) fait varier C"),
        # Layer 4 the one before the last: a network of L = 5 layers, as the next lines (z^L, w^L) take it.
        check=VJPCheck(reference=_entry_reference("w4_12", 4, 0, 1),
                       domain=lambda: _with_entry_input(networks(depth=(5, 5), width=(2, 5)), "w4_12", 4, 0, 1),
                       wrt=("w4_12",)),
        printed=Form(r"\frac{\partial C}{\partial w^4_{12}} = a^3_2\,\sigma'(z^4_1) \sum_k w^L_{k1} \delta^L_k,\ L = 5",
                     vjp(_w412_by_line_240)),
    ),
    claim(
        "tutoriel-backprop/missing-partial-4",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _ONE_MORE, r"Le premier terme \(\partial z^4_1 / w^4_{12}\) est la variation de la "
                                       r"fonction d'agrégation"),
        check=ValueCheck(reference=_dz_dw_reference(0, 1), domain=lambda: _layer_with_step(min_inputs=2)),
        printed=Form(r"\partial z^4_1 / w^4_{12}", _z_over_weight(s.partial_over_weight_as_printed, 0, 1)),
        correction=Form(r"\partial z^4_1 / \partial w^4_{12} = a^3_2", _z_over_weight(s.partial_derivative_of_z, 0, 1)),
        explanation=("\"∂z^4_1 / w^4_12\" lacks the ∂ of its denominator, as ∂z^L_1 / w^L_11 did: it reads as a partial "
                     "differential divided by the weight, not as ∂z^4_1/∂w^4_12 = a^3_2, the value the sentence states."),
        **_MISSING_PARTIAL,
    ),
    claim(
        "tutoriel-backprop/a4-impacts",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _ONE_MORE, r"cela va avoir un impact sur les valeurs de \(z^L_1\), \(z^L_2\) et \(z^L_3\)"),
        check=VJPCheck(reference=lambda a4, w, b: torch.nn.functional.linear(a4, w, b), domain=_three_outputs,
                       wrt=("a4",)),
        printed=Form(r"\frac{\partial C}{\partial a^4_j} = \sum_{k=1}^{3} w^L_{kj}\,\frac{\partial C}{\partial z^L_k}",
                     vjp(_a4_impacts)),
    ),
    claim(
        "tutoriel-backprop/dc-dw-penultimate",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _ONE_MORE,
                      r"\frac{\partial C}{\partial w^4_{12}} = a^3_2 * \sigma'(z^4_1) * \sum_{k} w^L_{k1} \delta^L_k"),
        check=VJPCheck(reference=_network_output, domain=lambda: _networks(depth=(2, 4)), wrt=_penultimate_weight,
                       analytic=True),
        printed=Form(r"\frac{\partial C}{\partial w^{L-1}_{ij}} = a^{L-2}_j\,\sigma'(z^{L-1}_i) \sum_k w^L_{ki}\,"
                     r"\delta^L_k\quad\text{(printed for } L-1 = 4,\ (i, j) = (1, 2)\text{)}",
                     vjp(_on_penultimate_layer(p.dC_dw_penultimate))),
    ),
    # ---------------------------------------------------------------- Généralisation
    claim(
        "tutoriel-backprop/delta-recursion",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _GENERAL, r"\delta^l_i = \sigma'(z^l_i) * \sum_{j} w^{l+1}_{ji} \delta^{l+1}_{j}"),
        check=VJPCheck(reference=_recursion_reference, domain=_recursion_cases, wrt=("z",), analytic=True),
        printed=Form(r"\delta^l_i = \sigma'(z^l_i) \sum_j w^{l+1}_{ji}\,\delta^{l+1}_j = "
                     r"\frac{\partial C}{\partial z^l_i}", vjp(_down_the_tail(p.delta_recursion))),
    ),
    claim(
        "tutoriel-backprop/dc-dw-general",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _GENERAL, r"\frac{\partial C}{\partial w^l_{ij}} = a^{l-1}_j \delta^l_i"),
        check=VJPCheck(reference=_network_output, domain=_networks, wrt=network_weights, analytic=True),
        printed=Form(r"\frac{\partial C}{\partial w^l_{ij}} = a^{l-1}_j\,\delta^l_i", vjp(_generalised(p.generalisation, "W"))),
    ),
    claim(
        "tutoriel-backprop/dc-db-general",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _GENERAL, r"\frac{\partial C}{\partial b^l_{i}} = \delta^l_i"),
        check=VJPCheck(reference=_network_output, domain=_networks, wrt=network_biases, analytic=True),
        printed=Form(r"\frac{\partial C}{\partial b^l_i} = \delta^l_i", vjp(_generalised(p.generalisation, "b"))),
    ),
    claim(
        "tutoriel-backprop/bias-justification",
        kind=Kind.BACKWARD,
        family="dense",
        source=Source(FILE, _GENERAL, "Notez que la dernière équation est balancée en loucedé sans aucune justification."),
        check=VJPCheck(reference=_network_output, domain=_networks, wrt=network_biases, analytic=True),
        printed=Form(r"\frac{\partial C}{\partial b^l_i} = \frac{\partial z^l_i}{\partial b^l_i} "
                     r"\frac{\partial C}{\partial z^l_i} = 1 \cdot \delta^l_i", vjp(_every_bias_justified)),
        beyond_document=True,
    ),
    # ---------------------------------------------------------------- Raffinement de gourmet
    claim(
        "tutoriel-backprop/per-pass-update",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _REFINEMENT, "nous mettons à jour les poids à chaque passe"),
        check=ValueCheck(reference=_per_example_reference, domain=lambda: _per_example_cases(epochs=(1, 1))),
        printed=Form(r"\text{per example: one forward pass, one backward pass, one update}", _each_pass),
    ),
    claim(
        "tutoriel-backprop/average-errors",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _REFINEMENT, "calculer la moyenne de ces erreurs, et seulement ensuite mettre à jour les "
                                         "poids"),
        check=VJPCheck(reference=_mean_batch_cost,
                       domain=lambda: _networks(n_out=10, batch=(2, 6), targets="classes"), wrt=network_parameters),
        printed=Form(r"\bar\delta^l = \frac{1}{m}\sum_x \delta^l_x,\ \frac{\partial C}{\partial w^l_{ij}} = "
                     r"\bar a^{l-1}_j \bar\delta^l_i,\ \frac{\partial C}{\partial b^l_i} = \bar\delta^l_i",
                     scalar_gradients(_averaged(s.average_errors_gradient))),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        cause="average-errors",
        correction=Form(r"\frac{\partial C}{\partial w^l_{ij}} = \frac{1}{m}\sum_x a^{l-1}_{j,x} \delta^l_{i,x},\ "
                        r"\frac{\partial C}{\partial b^l_i} = \frac{1}{m}\sum_x \delta^l_{i,x}",
                        scalar_gradients(_averaged(s.average_gradients))),
        explanation=("A mini-batch averages the examples' gradients a^{l-1}_j δ^l_i, as the code does (wg / Y.size), "
                     "not their errors δ: the weight gradient is bilinear in δ and a, so averaging the errors first "
                     "gives another, wrong update (the bias gradients, linear in δ, agree)."),
    ),
]

