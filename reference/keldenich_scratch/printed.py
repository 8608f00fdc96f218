"""003_ddcfe26c8c4f59ec.txt, transcribed as printed: the code cells (PyTorch), the training loop
verbatim, the data of the first cell, and the corrections beside what they correct.  Section
headings and quotes are in ``claims``."""

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
