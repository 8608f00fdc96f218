"""The claims of keldenich-scratch in « Le Gradient », in the document's order: what the gradient is, the three
printed derivatives, the chain rule, grad_fn and the update rule."""

from __future__ import annotations

import torch.nn.functional as F

from oracle import Form, Kind, Source, ValueCheck, VJPCheck, claim
from oracle.forms import scalar_gradients, vjp
from reference.keldenich_scratch.printed import dloss_fn, dmodel_db, dmodel_dw
from reference.keldenich_scratch.sentence_domains import (
    _change_domain,
    _loss_and_model_domain,
    _params_domain,
    _per_measure_domain,
    _perfect_or_not,
    _step_domain,
)
from reference.keldenich_scratch.sentences import (
    _chain_rule_procedure,
    _gradient_vector_procedure,
    _listed_derivatives_backward,
    _loss_and_model,
    _mse_of_params,
    _mse_per_measure_params,
    _sgd_step,
    _sgd_weight_change,
    _step_value,
    _weight_change_value,
)
from reference.keldenich_scratch.wiring import (
    _GRADIENT,
    _VECTORS,
    FILE,
    _dloss_vjp,
    _grad_fn_procedure,
    _linear,
    _model_domain,
    _model_partial,
    _mse_of_linear,
    _pred_domain,
    _regression_domain,
)

CLAIMS = [
    claim(
        "keldenich-scratch/gradient-vector",
        kind=Kind.BACKWARD,
        family="regression",
        source=Source(FILE, _GRADIENT, "Le gradient c’est\u00a0un vecteur\u00a0contenant\u00a0les dérivés de la loss "
                                       "function\u00a0par rapport à chacun\u00a0des paramètres"),
        # The vector grad_fn returns, read as the sentence says: entry i is the loss's derivative in params[i],
        # params being the one tensor (w, b) the training loop updates.
        check=VJPCheck(reference=_mse_of_params, domain=_params_domain, wrt=("params",)),
        printed=Form(r"\text{grad\_fn}(\ldots) = \Big(\frac{\partial\,\text{loss}}{\partial\,\text{params}_0},\ "
                     r"\frac{\partial\,\text{loss}}{\partial\,\text{params}_1}\Big)",
                     scalar_gradients(_gradient_vector_procedure)),
    ),
    claim(
        "keldenich-scratch/mse-derivative-easy",
        kind=Kind.BACKWARD,
        family="loss",
        source=Source(FILE, _GRADIENT, "le\u00a0mean square loss\u00a0:\u00a0sa dérivé est aisément calculable"),
        # Defined everywhere, at a perfect prediction too (half the cases), where |t_Pred – t_Celsius| has none.
        check=VJPCheck(reference=lambda t_Pred, t_Celsius: F.mse_loss(t_Pred, t_Celsius), domain=_perfect_or_not,
                       wrt=("t_Pred",)),
        printed=Form(r"\frac{\partial\,\text{loss}}{\partial\,\text{t\_Pred}} = "
                     r"\frac{2(\text{t\_Pred} - \text{t\_Celsius})}{N}\ \text{everywhere}", _dloss_vjp(dloss_fn)),
    ),
    claim(
        "keldenich-scratch/derivatives-list",
        kind=Kind.BACKWARD,
        family="regression",
        source=Source(FILE, _GRADIENT, "de la loss function\n  • du modèle selon w\n  • du modèle selon b"),
        # The three printed derivatives together: of the loss in t_Pred, of the model in w and in b.
        check=VJPCheck(reference=_loss_and_model, domain=_loss_and_model_domain, wrt=("t_Pred", "w", "b")),
        printed=Form(r"\Big(\frac{\partial\,\text{loss}}{\partial\,\text{t\_Pred}},\ "
                     r"\frac{\partial\,\text{model}}{\partial w},\ \frac{\partial\,\text{model}}{\partial b}\Big) = "
                     r"(\text{dloss\_fn}, \text{dmodel\_dw}, \text{dmodel\_db})", vjp(_listed_derivatives_backward)),
    ),
    claim(
        "keldenich-scratch/dloss-fn",
        kind=Kind.BACKWARD,
        family="regression",
        source=Source(FILE, _GRADIENT, "dsq_diffs = 2 * (t_Pred - t_Celsius) / t_Pred.size(0)"),
        # Every t_Pred of the document is a 1-D tensor of 11 entries, where size(0) is the number of averaged entries.
        check=VJPCheck(reference=lambda t_Pred, t_Celsius: F.mse_loss(t_Pred, t_Celsius),
                       domain=_pred_domain(_VECTORS), wrt=("t_Pred",)),
        printed=Form(r"\frac{\partial\,\text{loss}}{\partial\,\text{t\_Pred}} = \frac{2(\text{t\_Pred} - \text{t\_Celsius})}"
                     r"{\text{t\_Pred.size}(0)}", _dloss_vjp(dloss_fn)),
    ),
    claim(
        "keldenich-scratch/dmodel-dw",
        kind=Kind.BACKWARD,
        family="regression",
        source=Source(FILE, _GRADIENT, "def dmodel_dw(t_Zolta, w, b):\n return t_Zolta"),
        check=VJPCheck(reference=_linear, domain=_model_domain, wrt=("w",)),
        printed=Form(r"\frac{\partial\,\text{model}}{\partial w} = \text{t\_Zolta}", _model_partial(dmodel_dw, "w")),
    ),
    claim(
        "keldenich-scratch/dmodel-db",
        kind=Kind.BACKWARD,
        family="regression",
        source=Source(FILE, _GRADIENT, "def dmodel_db(t_Zolta, w, b):\n return 1.0"),
        check=VJPCheck(reference=_linear, domain=_model_domain, wrt=("b",)),
        printed=Form(r"\frac{\partial\,\text{model}}{\partial b} = 1", _model_partial(dmodel_db, "b")),
    ),
    claim(
        "keldenich-scratch/chain-rule-prose",
        kind=Kind.BACKWARD,
        family="regression",
        source=Source(FILE, _GRADIENT, "on multiplie la dérivée de la loss et la dérive du modèle en fonction d’un "
                                       "paramètre"),
        # The products, measure by measure, are the loss's derivatives in each measure's own copy of w and of b;
        # grad_fn's .sum() then adds the copies (grad-fn).
        check=VJPCheck(reference=_mse_per_measure_params, domain=_per_measure_domain, wrt=("w", "b")),
        printed=Form(r"\frac{\partial\,\text{loss}}{\partial w_i} = \text{dloss}_i \cdot \frac{\partial\,\text{model}_i}"
                     r"{\partial w},\ \frac{\partial\,\text{loss}}{\partial b_i} = \text{dloss}_i \cdot "
                     r"\frac{\partial\,\text{model}_i}{\partial b}", scalar_gradients(_chain_rule_procedure)),
    ),
    claim(
        "keldenich-scratch/grad-fn",
        kind=Kind.ALGORITHM,
        family="regression",
        source=Source(FILE, _GRADIENT, "return torch.stack([gradient_w, gradient_b])"),
        check=VJPCheck(reference=_mse_of_linear, domain=_regression_domain, wrt=("w", "b")),
        printed=Form(r"\nabla_{(w,b)}\,\text{loss} = \Big(\sum_i \text{dloss}_i\,\text{t\_Zolta}_i,\ "
                     r"\sum_i \text{dloss}_i\Big)", scalar_gradients(_grad_fn_procedure)),
    ),
    claim(
        "keldenich-scratch/update-rule",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _GRADIENT, "w\u00a0=\u00a0w\u00a0-\u00a0learning_rate\u00a0* gradient_w"),
        # Lines 224 and 226 against one step of torch.optim.SGD.
        check=ValueCheck(reference=_sgd_step, domain=_step_domain),
        printed=Form(r"w \leftarrow w - \eta\,\text{gradient\_w},\ b \leftarrow b - \eta\,\text{gradient\_b}",
                     _step_value),
    ),
    claim(
        "keldenich-scratch/lr-role",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _GRADIENT, "Ce paramètre nous permet de décider\u00a0à quel point le poids est modifié."),
        check=ValueCheck(reference=_sgd_weight_change, domain=_change_domain),
        printed=Form(r"|\Delta w| = \eta\,|\text{gradient\_w}|", _weight_change_value),
    ),
]
