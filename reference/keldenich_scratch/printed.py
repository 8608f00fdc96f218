"""003_ddcfe26c8c4f59ec.txt, transcribed as printed: the code cells (PyTorch), the training loop
verbatim, the data of the first cell, the formulas and the sentences (each as the small function it
asserts), and the corrections beside what they correct.  Section headings and quotes are in the
``claims`` modules."""

from __future__ import annotations

import numpy as np
import torch


def model(t_Zolta, w, b):
    return w * t_Zolta + b


def loss_fn(t_Pred, t_Celsius):
    squared_diffs = (t_Pred - t_Celsius)**2
    return squared_diffs.mean()


def dloss_fn(t_Pred, t_Celsius):
    dsq_diffs = 2 * (t_Pred - t_Celsius) / t_Pred.size(0)
    return dsq_diffs


def dmodel_dw(t_Zolta, w, b):
    return t_Zolta


def dmodel_db(t_Zolta, w, b):
    return 1.0


def grad_fn(t_Zolta, t_Celsius, t_Pred, w, b):
    dloss_dtp = dloss_fn(t_Pred, t_Celsius)
    dloss_dw = dloss_dtp * dmodel_dw(t_Zolta, w, b)
    dloss_db = dloss_dtp * dmodel_db(t_Zolta, w, b)
    gradient_w = dloss_dw.sum()
    gradient_b = dloss_db.sum()
    return torch.stack([gradient_w, gradient_b])


#: "Une boucle pour les gouverner tous": the training loop, verbatim (the document's cell; a test
#: checks it against the document).  It is executed with ``print`` bound to a recorder, so the
#: figures are read from the very objects the document printed.
TRAINING_LOOP_SOURCE = """\
def training_loop(n_epochs, learning_rate, params, t_Zolta, t_Celsius, print_params=True):
    for epoch in range(1, n_epochs + 1):
        w, b = params

        t_Pred = model(t_Zolta, w, b)  # <1>
        loss = loss_fn(t_Pred, t_Celsius)
        grad = grad_fn(t_Zolta, t_Celsius, t_Pred, w, b)  # <2>

        params = params - learning_rate * grad

        if epoch in {1, 2, 3, 10, 11, 99, 100, 4000, 5000}:  # <3>
            print('Epoch %d, Loss %f' % (epoch, float(loss)))
            if print_params:
                print('    Params:', params)
                print('    Grad:  ', grad)
        if epoch in {4, 12, 101}:
            print('...')

        if not torch.isfinite(loss).all():
            break  # <3>

    return params
"""

#: The document's data (first code cell).
CELSIUS = [0.5,  14.0, 15.0, 28.0, 11.0,  8.0,  3.0, -4.0,  6.0, 13.0, 21.0]
ZOLTA = [35.7, 55.9, 58.2, 81.9, 56.3, 48.9, 33.9, 21.8, 48.4, 60.4, 68.4]


# --- corrections ---------------------------------------------------------------------------

def loss_sign_as_printed(t_Pred, t_Celsius):
    """'la loss function retourne un résulat supérieur à zéro': the sign of the loss is always +1."""
    return np.float64(1.0)


def loss_sign_corrected(t_Pred, t_Celsius):
    """The loss is ≥ 0, and 0 exactly at a perfect prediction."""
    return np.float64(0.0 if np.array_equal(t_Pred, t_Celsius) else 1.0)


# --- the formulas and sentences, as printed --------------------------------------------------
# A sentence is transcribed as the small function it asserts (the relation, the operation, the
# order of the steps), as literally as the French allows; its correction, where it has one, follows it.

def affine(x, a, b):
    """« y = a * x + b »."""
    return a * x + b


def linear_slope(x1, x2, a, b):
    """« ces mesures sont liées linéairement »: equal steps of x give equal steps of y = a * x + b (slope a)."""
    return (affine(x2, a, b) - affine(x1, a, b)) / (x2 - x1)


def celsius_from_zolta(t_Zolta, a, b):
    """« t_Celsius = a * t_Zolta + b »."""
    return a * t_Zolta + b


def celsius_from_zolta_wb(t_Zolta, w, b):
    """« t_Celsius = w * t_Zolta + b »."""
    return w * t_Zolta + b


def absolute_error(t_Pred, t_Celsius):
    """« |t_Pred – t_Celsius| »."""
    return abs(t_Pred - t_Celsius)


def squared_error(t_Pred, t_Celsius):
    """« (t_Pred – t_Celsius)² », the formula the text then calls « erreur quadratique moyenne »."""
    return (t_Pred - t_Celsius)**2


def mean_squared_error(t_Pred, t_Celsius):
    """Correction of the name: the mean squared error is the mean of (t_Pred – t_Celsius)² over the measures."""
    return ((t_Pred - t_Celsius)**2).mean()


def gradient_vector(t_Zolta, t_Celsius, params):
    """« Le gradient c’est un vecteur contenant les dérivés de la loss function par rapport à chacun des
    paramètres »: grad_fn's vector, entry i the derivative with respect to params[i]."""
    w, b = params
    t_Pred = model(t_Zolta, w, b)
    return grad_fn(t_Zolta, t_Celsius, t_Pred, w, b)


def listed_derivatives(grad_out, t_Pred, t_Celsius, t_Zolta, w, b):
    """« On définit donc les dérivées : de la loss function, du modèle selon w, du modèle selon b »: the three
    derivatives, each applied to the upstream gradient of what it differentiates (the loss, then the model)."""
    g_loss, g_model = grad_out[0], grad_out[1:]
    return {"t_Pred": g_loss * dloss_fn(t_Pred, t_Celsius),
            "w": (g_model * dmodel_dw(t_Zolta, w, b)).sum(),
            "b": (g_model * dmodel_db(t_Zolta, w, b)).sum()}


def chain_rule_products(t_Zolta, t_Celsius, t_Pred, w, b):
    """« pour chaque paramètre, on multiplie la dérivée de la loss et la dérive du modèle en fonction d’un
    paramètre »: the products, measure by measure (grad_fn sums them next)."""
    dloss_dtp = dloss_fn(t_Pred, t_Celsius)
    return dloss_dtp * dmodel_dw(t_Zolta, w, b), dloss_dtp * dmodel_db(t_Zolta, w, b)


def gradient_step(w, b, learning_rate, gradient_w, gradient_b):
    """« w = w - learning_rate * gradient_w », « b = b - learning_rate * gradient_b »."""
    w = w - learning_rate * gradient_w
    b = b - learning_rate * gradient_b
    return w, b


def weight_change(learning_rate, gradient_w):
    """« Ce paramètre nous permet de décider à quel point le poids est modifié »: |Δw| = learning_rate · |gradient_w|."""
    return learning_rate * abs(gradient_w)


def training_as_listed(n_epochs, learning_rate, t_Zolta, t_Celsius):
    """« une boucle qui va répéter un certain nombre de fois » the five bullets, initialisation included."""
    for epoch in range(1, n_epochs + 1):
        params = torch.tensor([1.0, 0.0], dtype=t_Zolta.dtype)  # initialisation des paramètres
        w, b = params
        t_Pred = model(t_Zolta, w, b)                            # prédiction
        loss = loss_fn(t_Pred, t_Celsius)                        # calcul de loss function  # noqa: F841
        grad = grad_fn(t_Zolta, t_Celsius, t_Pred, w, b)         # calcul des gradients
        params = params - learning_rate * grad                   # mise à jour des paramètres
    return params


def training_as_corrected(n_epochs, learning_rate, t_Zolta, t_Celsius):
    """Correction: the parameters are initialised once, before the loop; each epoch predicts, computes the loss
    and the gradients, and updates."""
    params = torch.tensor([1.0, 0.0], dtype=t_Zolta.dtype)
    for epoch in range(1, n_epochs + 1):
        w, b = params
        t_Pred = model(t_Zolta, w, b)
        loss = loss_fn(t_Pred, t_Celsius)  # noqa: F841
        grad = grad_fn(t_Zolta, t_Celsius, t_Pred, w, b)
        params = params - learning_rate * grad
    return params


def passes_per_epoch_as_stated(n_epochs):
    """« Ce nombre de répétition est appelé « epoch » »: one epoch is the whole count of repetitions, each a pass
    over the data, so n_epochs passes."""
    return n_epochs


def passes_per_epoch_corrected(n_epochs):
    """Correction: each repetition, one pass over the data, is an epoch; n_epochs counts them."""
    return 1


def printed_epochs():
    """« une brique pour afficher les résultats à différents epochs (1, 2, 3, 10, 11, 99, 100, 4000, 5000) »."""
    return np.array([1, 2, 3, 10, 11, 99, 100, 4000, 5000])


def epochs_run_as_stated(losses):
    """« torch.isfinite() qui vérifie si la loss a atteint cet infini pour ensuite interrompre la boucle »: the
    loop runs until the first epoch whose loss is infinite, that epoch included."""
    for epoch, loss in enumerate(losses, start=1):
        if loss == np.inf:
            return epoch
    return len(losses)


def model_with_unpacked_params(t_Zolta_n, params):
    """« model(t_Zolta_n, *params) »."""
    return model(t_Zolta_n, *params)


def conversion_as_stated(t):
    """« les nombres que nous devons utiliser pour convertir les degrés Celsius en degrés Fahrenheit »: the
    conversion w, b stand for, Celsius to Fahrenheit."""
    return 1.8 * t + 32


def conversion_corrected(t):
    """Correction: w, b convert Fahrenheit (the Zolta) to Celsius."""
    return (t - 32) * 5 / 9


# A sentence that asserts a property of the document's data or runs is transcribed as the truth value it
# asserts (1.0); the reference computes that property from the document's own data and code.

def points_form_a_line():
    """« cet amas de température forme une sorte de droite »."""
    return 1.0


def one_rate_fails_one_parameter(learning_rate):
    """« un learning rate suffisamment important pour mettre à jour l’un sera si important qu’il sera instable pour
    l’autre; à l’inverse, un learning rate approprié pour l’autre ne sera pas suffisamment important pour modifier
    significativement le premier »: whatever the learning rate, one of the two parameters fails."""
    return 1.0


def one_rate_works():
    """« L’utilisation d’un seul learning rate pour les deux paramètres fonctionne alors très bien. »"""
    return 1.0


def zolta_is_fahrenheit():
    """« Les Zolta étaient en fait des Fahrenheit pendant tout ce temps. »"""
    return 1.0


def line_through_the_cloud():
    """« On a bien une droite passant au milieu de cet amas de point »."""
    return 1.0


def plotted_axes_as_stated(t_Celsius, t_Zolta):
    """« l’idée est d’afficher les températures en Celsius en fonction des températures en Zolta »: Zolta on the
    horizontal axis, Celsius on the vertical one; returns (x data, y data)."""
    return np.stack([t_Zolta, t_Celsius])


def plotted_axes_corrected(t_Celsius, t_Zolta):
    """Correction: the cell shows the Zolta temperatures as a function of the Celsius ones."""
    return np.stack([t_Celsius, t_Zolta])
