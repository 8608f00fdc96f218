"""The claims of keldenich-scratch in « Une boucle pour les gouverner tous », in the document's order: the steps of
training, the loop (its fragment, its printing, its guard, the full function), the raw-data run and what the text
reads in its log."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from oracle import (
    FigureCheck,
    Form,
    Kind,
    ListingCheck,
    Rounding,
    Severity,
    Source,
    Status,
    ValueCheck,
    claim,
)
from reference.keldenich_scratch.listing import (
    FRAGMENT_RUN,
    FRAGMENT_RUN_CORRECTED,
    RAW_CALL_RUN,
    RAW_RUN,
    RAW_RUN_CORRECTED,
)
from reference.keldenich_scratch.printed import (
    one_rate_fails_one_parameter,
    passes_per_epoch_as_stated,
    passes_per_epoch_corrected,
    printed_epochs,
)
from reference.keldenich_scratch.sentence_domains import (
    _epochs_domain,
    _learning_rates,
    _loop_domain,
    _loss_sequences,
    _training_domain,
)
from reference.keldenich_scratch.sentences import (
    _constant,
    _document_loop_from_start,
    _epochs_printed,
    _epochs_run_by_the_loop,
    _epochs_run_value,
    _gradient_descent,
    _one_parameter_fails,
    _passes_per_epoch,
    _raw_call_settings,
    _training_as_corrected,
    _training_as_listed,
    _training_loop_value,
)
from reference.keldenich_scratch.wiring import _LOOP, FILE, _epoch_figures, _first_epoch_grad_ratio

_RUNS = ListingCheck(requires=("torch", "matplotlib"))

CLAIMS = [
    claim(
        "keldenich-scratch/loop-steps",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _LOOP, "une boucle qui va répéter un certain nombre de fois les parties précédentes :\n\n"
                                   "  • initialisation des paramètres"),
        # The five bullets repeated as listed, against the printed loop run from the page's (1, 0).
        check=ValueCheck(reference=_document_loop_from_start, domain=_loop_domain),
        printed=Form(r"\text{repeat } n \text{ times: params} \leftarrow (1, 0);\ \text{params} \leftarrow "
                     r"\text{params} - \eta\,\nabla\text{loss}", _training_as_listed),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        cause="loop-steps",
        correction=Form(r"\text{params} \leftarrow (1, 0);\ \text{repeat } n \text{ times: params} \leftarrow "
                        r"\text{params} - \eta\,\nabla\text{loss}", _training_as_corrected),
        explanation=("The list puts \"initialisation des paramètres\" among the steps the loop repeats, and a loop "
                     "that re-initialises the parameters every epoch never gets past its first step, whereas the "
                     "printed loop initialises them once, before it, and only unpacks w, b = params."),
    ),
    claim(
        "keldenich-scratch/epoch-definition",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _LOOP, "Ce nombre de répétition est appelé «\u00a0epoch«\u00a0."),
        # How many passes over the data one epoch is: the sentence's reading against the printed loop's.
        check=ValueCheck(reference=_passes_per_epoch, domain=_epochs_domain),
        printed=Form(r"\text{one epoch} = \text{n\_epochs passes over the data}", passes_per_epoch_as_stated),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        cause="epoch-definition",
        correction=Form(r"\text{one epoch} = \text{one pass over the data};\ \text{n\_epochs counts them}",
                        passes_per_epoch_corrected),
        explanation=("An epoch is one pass over the data (here one iteration of the loop, on all 11 measures), and "
                     "the number of repetitions is the number of epochs, which the code itself calls n_epochs."),
    ),
    claim(
        "keldenich-scratch/loop-fragment",
        kind=Kind.LISTING,
        family="listing",
        # Quoted as printed, with its no-break spaces (the same line of the full function has plain ones).
        source=Source(FILE, _LOOP, "params\u00a0=\u00a0params\u00a0-\u00a0learning_rate\u00a0*\u00a0grad"),
        check=_RUNS,
        printed=Form(r"\texttt{for epoch in range(1, n\_epochs + 1): ...}\ \text{(lines 252-259)}", FRAGMENT_RUN),
        expect=Status.DOES_NOT_RUN,
        severity=Severity.NOTE,
        cause="loop-fragment",
        correction=Form(r"\text{the same lines with ordinary spaces}", FRAGMENT_RUN_CORRECTED),
        explanation=("The first listing of the loop is set with no-break spaces (76 U+00A0) in its indentation and "
                     "between its words, so copied as printed it is a SyntaxError although its content is right; "
                     "the full training_loop listing that follows is clean."),
    ),
    claim(
        "keldenich-scratch/print-epochs",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _LOOP, "(1, 2, 3, 10, 11, 99, 100, 4000, 5000)"),
        # The epochs the text lists against those at which the printed loop prints, in the page's 5000-epoch run.
        check=ValueCheck(reference=_epochs_printed, domain=lambda: st.just({}), deterministic=True),
        printed=Form(r"\{1, 2, 3, 10, 11, 99, 100, 4000, 5000\}", printed_epochs),
    ),
    claim(
        "keldenich-scratch/isfinite-guard",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _LOOP, "qui vérifie si la loss a atteint cet infini pour ensuite interrompre la boucle "
                                   "si c’est le cas"),
        # The printed loop fed losses that grow and become infinite (stand-ins for its model and gradient).
        check=ValueCheck(reference=_epochs_run_by_the_loop, domain=_loss_sequences),
        printed=Form(r"\text{epochs run} = \min\{e : \text{loss}_e = \infty\}\ (\text{or n\_epochs})",
                     _epochs_run_value),
    ),
    claim(
        "keldenich-scratch/training-loop",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _LOOP, "def training_loop(n_epochs, learning_rate, params, t_Zolta, t_Celsius, "
                                   "print_params=True):"),
        # The printed loop (print silenced) against n steps of torch.optim.SGD on F.mse_loss of a line.
        check=ValueCheck(reference=_gradient_descent, domain=_training_domain),
        printed=Form(r"\text{training\_loop}(n, \eta, \text{params}) = n \text{ steps of gradient descent on the "
                     r"mean squared error}", _training_loop_value),
    ),
    claim(
        "keldenich-scratch/raw-run-settings",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _LOOP, "100 epoch\n  • learning rate de 0.0001\n  • poids de 1\n  • biais de 0"),
        # The settings the text announces against the arguments of the call that follows (lines 302-307).
        check=FigureCheck(printed={"n_epochs": "100", "learning_rate": "0.0001", "params[0]": "1", "params[1]": "0"},
                          precision=np.float32, rounding=Rounding.PROSE),
        printed=Form(r"n = 100,\ \eta = 0.0001,\ w = 1,\ b = 0", _raw_call_settings),
    ),
    claim(
        "keldenich-scratch/raw-run-call",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _LOOP, "learning_rate = 1e-4,"),
        check=_RUNS,
        printed=Form(r"\texttt{training\_loop(n\_epochs = 100, learning\_rate = 1e-4, ...)}", RAW_CALL_RUN),
    ),
    claim(
        "keldenich-scratch/raw-log",
        kind=Kind.LISTING,
        family="listing",
        source=Source(FILE, _LOOP, "Params: tensor([ 0.5483, -0.0083])"),
        check=ListingCheck(requires=("torch", "matplotlib")),
        printed=Form(r"\texttt{training\_loop(n\_epochs = 100, learning\_rate = 1e-4, ...)}", RAW_RUN),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        cause="log-layout",
        correction=Form(r"\text{the 23 lines the cell prints}", RAW_RUN_CORRECTED),
        explanation=("The figures the page shows for the raw-data cell are exactly what it prints, but the cell "
                     "prints 23 lines (epochs 1, 2, 3, 10, 11, 99 and 100, one line per value, '...' between) "
                     "where the page shows epochs 1 and 100 as bullet lists, with no mark of what it leaves out."),
    ),
    claim(
        "keldenich-scratch/raw-epoch-1",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _LOOP, "Grad: tensor([4517.2964, 82.6000])"),
        check=FigureCheck(printed={"Loss": "1763.884766", "Params[0]": "0.5483", "Params[1]": "-0.0083",
                                   "Grad[0]": "4517.2964", "Grad[1]": "82.6000"}, precision=np.float32,
                          rounding=Rounding.PRINTOUT),
        printed=Form(r"\text{Epoch 1 (lr = }10^{-4}\text{, raw t\_Zolta)}", _epoch_figures(100, 1e-4, False, 1)),
    ),
    claim(
        "keldenich-scratch/raw-epoch-100",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _LOOP, "Grad: tensor([-0.0532, 3.0226])"),
        check=FigureCheck(printed={"Loss": "29.022667", "Params[0]": "0.2327", "Params[1]": "-0.0438",
                                   "Grad[0]": "-0.0532", "Grad[1]": "3.0226"}, precision=np.float32,
                          rounding=Rounding.PRINTOUT),
        printed=Form(r"\text{Epoch 100 (lr = }10^{-4}\text{, raw t\_Zolta)}", _epoch_figures(100, 1e-4, False, 100)),
    ),
    claim(
        "keldenich-scratch/grad-ratio",
        kind=Kind.FIGURE,
        family="figure",
        source=Source(FILE, _LOOP, "a\u00a0un poids environ 50 fois plus grand que le gradient pour le biais"),
        # "environ 50": one significant figure (written 5E+1), a figure in prose: within one unit, 10.
        check=FigureCheck(printed={"Grad[0] / Grad[1]": "5E+1"}, precision=np.float32, rounding=Rounding.PROSE),
        printed=Form(r"\text{Grad}_w / \text{Grad}_b \approx 50", _first_epoch_grad_ratio),
    ),
    claim(
        "keldenich-scratch/scale-argument",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _LOOP, "un learning rate\u00a0suffisamment important pour mettre à jour l’un sera si "
                                   "important qu’il\u00a0sera instable\u00a0pour l’autre"),
        # At every learning rate from 1e-6 to 1e-1, the printed loop on the raw data (100 epochs) is unstable, or
        # moves the bias less than 5 % of the way to its least-squares value (the stability limit is 2/5883).
        check=ValueCheck(reference=_one_parameter_fails, domain=_learning_rates),
        printed=Form(r"\forall \eta:\ \text{the run is unstable, or } b \text{ moves less than a twentieth of the way}",
                     _constant(one_rate_fails_one_parameter)),
    ),
]
