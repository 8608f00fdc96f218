"""The claims of reseau-profond on In [13] ("Entrainement du modèle", l.140-195), in the document's order: each
quotes what it checks, wires the printed form (``printed``, ``sentences``) to a check through ``wiring`` and
``wiring_training``, and states the status it should get."""

from __future__ import annotations

from oracle import Form, Kind, Severity, Source, Status, ValueCheck, VJPCheck, claim
from oracle.domains import labels, probabilities, same_shape, shapes
from oracle.forms import partial_derivative
from reference.reseau_profond import printed as p
from reference.reseau_profond import sentences as s
from reference.reseau_profond.wiring import (
    _TRAINING,
    FILE,
    _bce_sum,
    _train_reference,
    _trained,
    _training_cases,
)
from reference.reseau_profond.wiring_results import _dimensions, _parameter_shapes, _weight_layers
from reference.reseau_profond.wiring_training import (
    _SATURATED,
    _STANDARDISED_42,
    _bce_logits_elementwise,
    _cost_count,
    _descent_cases,
    _first_batch_42,
    _logits,
    _one_cost_per_epoch,
    _output_dZ,
    _output_layer,
    _sgd_reference,
    _step_reference,
    _stepped,
    _update_cases,
    _updated,
)

CLAIMS = [
    claim(
        "reseau-profond/train-steps",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _TRAINING, "On calcule dA final\n - On remonte tous les dZ, dA, dW et dB\n"
                                       " - On descent les gradients dW et dB"),
        check=ValueCheck(reference=_step_reference, domain=_descent_cases),
        printed=Form(r"\text{forward } (Z, A);\ dA_L;\ \text{backward } (dZ, dA, dW, db);\ "
                     r"W \leftarrow W - \alpha\, dW,\ b \leftarrow b - \alpha\, db", _stepped(s.descent_step)),
    ),
    claim(
        "reseau-profond/layer-count-l",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _TRAINING, "#Nombre de couches - hors celle des entrées\n    l = len(layer_dimensions)-1"),
        check=ValueCheck(reference=_weight_layers, domain=_dimensions),
        printed=Form(r"l = \text{len}(\text{layer\_dimensions}) - 1", p.layer_count),
    ),
    claim(
        "reseau-profond/param-shapes-comment",
        kind=Kind.DEFINITION,
        family="dense",
        source=Source(FILE, _TRAINING, "# A chaque étape, une pour dimensions \"nb neurones de la couche\" x "
                                       "\"nb entrées\"\n    # Et b est un vecteur, une valeur par neurone"),
        check=ValueCheck(reference=_parameter_shapes, domain=_dimensions),
        printed=Form(r"W_i \in \mathbb{R}^{n_i \times n_{i-1}},\ b_i \in \mathbb{R}^{n_i}",
                     s.parameter_shapes_as_commented),
    ),
    claim(
        "reseau-profond/init-randn",
        kind=Kind.STABILITY,
        family="algorithm",
        source=Source(FILE, _TRAINING, "parameters['W' + str(i)] = np.random.randn(layer_dimensions[i], "
                                       "layer_dimensions[i-1])"),
        # The first batch of In [42] (784 pixels, relu 50, relu 25, sigmoid 10, learning rate 0.01) through the
        # printed train_model, against torch from the same initial weights.  Main domain: faint images, whose
        # logits stay moderate; condition: standardised images, In [42]'s own.
        check=ValueCheck(reference=_train_reference, domain=lambda: _first_batch_42(pixel_scale=1e-3),
                         deterministic=True),
        printed=Form(r"W_i \sim \mathcal{N}(0, 1)\ \text{(np.random.randn), then In [13]'s first batch}",
                     _trained(p.train_model)),
        expect=Status.UNSTABLE,
        severity=Severity.CAVEAT,
        cause="bce-saturation",
        correction=Form(r"W_i \sim \mathcal{N}(0, 1),\ \text{backward pass from } dZ_L = A_L - Y",
                        _trained(p.train_model_output_gradient_corrected)),
        condition=_STANDARDISED_42,
        explanation=("With unit-variance weights on 784 standardised pixels, In [42]'s output logits have a standard "
                     "deviation of about 420 at initialisation, so sigmoid(Z_L) rounds to exactly 0 or 1 in the first "
                     "batch, where dA_last divides by zero and every parameter becomes NaN (the same mistake as "
                     "reseau-profond/d-a-last); starting the backward pass from dZ_L = A_L - Y keeps it finite, and a "
                     "scaled initialisation (randn * sqrt(2 / n_{i-1}) for relu) keeps the logits moderate."),
    ),
    claim(
        "reseau-profond/d-a-last",
        kind=Kind.STABILITY,
        family="loss",
        source=Source(FILE, _TRAINING,
                      "dA_last = -(np.divide(y_batch, A_last) - np.divide(1 - y_batch, 1 - A_last))"),
        # Judged where the notebook uses it: on the output logits Z_L, through A_L = sigmoid(Z_L) and In [12]'s
        # dZ_L = dA_last * d_sigmoid(Z_L), against torch's binary cross-entropy with logits.
        check=VJPCheck(reference=_bce_logits_elementwise, domain=_output_layer(_logits(-30.0, 30.0)),
                       wrt=("Z_last",), elementwise=True),
        printed=Form(r"dA_L = -\left(\frac{Y}{A_L} - \frac{1 - Y}{1 - A_L}\right),\quad dZ_L = dA_L * \sigma'(Z_L)",
                     partial_derivative(_output_dZ(p.d_a_last), "Z_last")),
        expect=Status.UNSTABLE,
        severity=Severity.CAVEAT,
        cause="bce-saturation",
        correction=Form(r"dZ_L = A_L - Y", partial_derivative(p.d_z_last_corrected, "Z_last")),
        condition=_SATURATED,
        explanation=("-(Y/A - (1-Y)/(1-A)) is the right derivative, but in double precision sigmoid(z) rounds to "
                     "exactly 1.0 for z > 36.7 (and to 0.0 below -709.78): the division gives ±inf or 0/0 and "
                     "inf · sigma'(z) = inf · 0 = NaN, a regime In [42]'s own run reaches in its first batch "
                     "(reseau-profond/init-randn); dZ_L = A_L - Y, the same gradient simplified, has no division."),
    ),
    claim(
        "reseau-profond/update",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _TRAINING, "parameters['W' + str(i)] -= learning_rate * gradients['dW' + str(i)]\n"
                                       "                parameters['b' + str(i)] -= learning_rate * gradients['db' + str(i)]"),
        check=ValueCheck(reference=_sgd_reference, domain=_update_cases),
        printed=Form(r"W_i \mathrel{-}= \alpha\, dW_i,\quad b_i \mathrel{-}= \alpha\, db_i", _updated(p.update_parameters)),
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
        printed=Form(r"C = -\sum \left[\log(A_L)\,Y + \log(1 - A_L)\right]", p.printed_cost),
        expect=Status.ERRATUM,
        severity=Severity.ERROR,
        correction=Form(r"C = -\sum \left[Y\log(A_L) + (1 - Y)\log(1 - A_L)\right]", p.bce_cost_corrected),
        explanation=("The debug cost \"np.log(model_result) * Y + np.log(1 - model_result)\" drops the (1 - Y) factor "
                     "of the binary cross-entropy whose derivative dA_last is, so it adds -log(1 - A) for every "
                     "target equal to 1: a term that grows as the model learns (the printed cost rises while the "
                     "cross-entropy falls) and is +inf once a true-class output rounds to 1.0."),
    ),
    claim(
        "reseau-profond/costs-per-batch",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _TRAINING, "costs.append(cost)"),
        # How many costs train_model returns (with the corrected forward pass and the return after the epoch loop,
        # the corrections of their own claims).
        check=ValueCheck(reference=_one_cost_per_epoch, domain=_training_cases),
        printed=Form(r"\texttt{costs.append(cost)}\ \text{in the batch loop}",
                     _cost_count(p.train_model_return_corrected)),
        expect=Status.ERRATUM,
        severity=Severity.ERROR,
        cause="costs-per-batch",
        correction=Form(r"\texttt{costs.append(cost)}\ \text{once per epoch, after the batch loop}",
                        _cost_count(p.train_model_costs_per_epoch)),
        explanation=("The debug block (cost, costs.append(cost), print) sits inside the batch loop, so train_model "
                     "keeps one cost per batch (938 per epoch on 60 000 images in batches of 64), each a full pass "
                     "over X, where the plots against range(epochs), the title 'Cost, by epochs' and the log's "
                     "'Epoch #e' lines expect one per epoch."),
    ),
    claim(
        "reseau-profond/train-model-show-cost",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _TRAINING, "if show_cost : print('Epoch #i: %s' % (e+1, cost))"),
        check=ValueCheck(reference=_train_reference, domain=lambda: _training_cases(epochs=(1, 1), show_cost=True)),
        printed=Form(r"\texttt{'Epoch \#i: \%s' \% (e+1, cost)}", _trained(p.train_model)),
        expect=Status.DOES_NOT_RUN,
        severity=Severity.ERROR,
        correction=Form(r"\texttt{'Epoch \#\%i: \%s' \% (e+1, cost)}", _trained(p.train_model_print_corrected)),
        explanation=("\"'Epoch #i: %s' % (e+1, cost)\" has one conversion for two values, so train_model raises "
                     "TypeError (not all arguments converted) at the first batch whenever show_cost=True, as in "
                     "the notebook's own calls (judged with the corrected p.model_forward_pass, on one epoch); fixed alone, it "
                     "still prints one line per batch, all 'Epoch #1' (reseau-profond/costs-per-batch, "
                     "reseau-profond/train-model-return)."),
    ),
    claim(
        "reseau-profond/train-model-return",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _TRAINING, "        return parameters, costs"),
        check=ValueCheck(reference=_train_reference, domain=_training_cases),
        printed=Form(r"\text{train\_model: }\texttt{return}\text{ inside the epoch loop}", _trained(p.train_model)),
        expect=Status.ERRATUM,
        severity=Severity.ERROR,
        correction=Form(r"\text{train\_model: }\texttt{return}\text{ after the epoch loop}",
                        _trained(p.train_model_return_corrected)),
        explanation=("\"return parameters, costs\" is indented inside \"for e in range(epochs):\", so train_model "
                     "returns after the first epoch whatever epochs is (judged with the corrected "
                     "model_forward_pass and show_cost=False, on 2-3 epochs)."),
    ),
]
