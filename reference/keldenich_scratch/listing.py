"""003_ddcfe26c8c4f59ec.txt, the notebook's cells verbatim (the page lost their indentation to one space, which
Python accepts) in the order the page runs them, the printouts it shows for the two 100-epoch training cells,
and the loop fragment of lines 252-259 (which the page never runs: it is typeset with no-break spaces).

``printed`` holds the same code as functions for the formula and figure claims (its ``TRAINING_LOOP_SOURCE``
is the training loop, verbatim, used here too); ``ListingCheck`` runs these cells end to end, as the
notebook's kernel does.  Tests check every cell against the document.
"""

from __future__ import annotations

from oracle import Amendment, Cell, Numbers, Printout, Program
from reference.keldenich_scratch.printed import TRAINING_LOOP_SOURCE

DATA = '''\
import torch

t_Celsius = [0.5,  14.0, 15.0, 28.0, 11.0,  8.0,  3.0, -4.0,  6.0, 13.0, 21.0]
t_Zolta = [35.7, 55.9, 58.2, 81.9, 56.3, 48.9, 33.9, 21.8, 48.4, 60.4, 68.4]
t_Celsius = torch.tensor(t_Celsius)
t_Zolta = torch.tensor(t_Zolta)
'''

PLOT = '''\
import matplotlib.pyplot as plt

plt.plot(t_Celsius,t_Zolta, ".")
plt.show()
'''

MODEL = '''\
def model(t_Zolta, w, b):
 return w * t_Zolta + b
'''

LOSS_FN = '''\
def loss_fn(t_Pred, t_Celsius):
 squared_diffs = (t_Pred - t_Celsius)**2
 return squared_diffs.mean()
'''

INITIAL_LOSS = '''\
w = torch.ones(())
b = torch.zeros(())
t_Pred = model(t_Zolta, w, b)
t_Pred
loss = loss_fn(t_Pred, t_Celsius)
loss
'''

DERIVATIVES = '''\
def dloss_fn(t_Pred, t_Celsius):
 dsq_diffs = 2 * (t_Pred - t_Celsius) / t_Pred.size(0)
 return dsq_diffs
def dmodel_dw(t_Zolta, w, b):
 return t_Zolta
def dmodel_db(t_Zolta, w, b):
 return 1.0
'''

GRAD_FN = '''\
def grad_fn(t_Zolta, t_Celsius, t_Pred, w, b):
 dloss_dtp = dloss_fn(t_Pred, t_Celsius)
 dloss_dw = dloss_dtp * dmodel_dw(t_Zolta, w, b)
 dloss_db = dloss_dtp * dmodel_db(t_Zolta, w, b)
 gradient_w = dloss_dw.sum()
 gradient_b = dloss_db.sum()
 return torch.stack([gradient_w, gradient_b])
'''

RAW_CALL = '''\
training_loop(
    n_epochs = 100,
    learning_rate = 1e-4,
    params = torch.tensor([1.0, 0.0]),
    t_Zolta = t_Zolta,
    t_Celsius = t_Celsius)
'''

#: What the page shows the raw-data cell printing: epochs 1 and 100, as bullet lists.
SHOWN_RAW = Printout("""\
Epoch 1 :

  • Loss 1763.884766
  • Params: tensor([ 0.5483, -0.0083])
  • Grad: tensor([4517.2964, 82.6000])

Epoch 100 :

  • Loss 29.022667
  • Params: tensor([ 0.2327, -0.0438])
  • Grad: tensor([-0.0532, 3.0226])
""", numbers=Numbers.FIXED, values=True)

#: What the cell prints (its own data, float32 as PyTorch's default): 23 lines, 7 epochs, one line for the loss
#: and one for each tensor, '...' where the printed epochs skip (printed by the cell: not an elision mark).  The values of epochs 1 and 100 are the page's.
PRINTED_RAW = Printout("""\
Epoch 1, Loss 1763.884766
    Params: tensor([ 0.5483, -0.0083])
    Grad:   tensor([4517.2964,   82.6000])
Epoch 2, Loss 323.090515
    Params: tensor([ 0.3623, -0.0118])
    Grad:   tensor([1859.5493,   35.7843])
Epoch 3, Loss 78.929634
    Params: tensor([ 0.2858, -0.0135])
    Grad:   tensor([765.4666,  16.5122])
...
Epoch 10, Loss 29.105247
    Params: tensor([ 0.2324, -0.0166])
    Grad:   tensor([1.4803, 3.0544])
Epoch 11, Loss 29.104168
    Params: tensor([ 0.2323, -0.0169])
    Grad:   tensor([0.5781, 3.0384])
...
Epoch 99, Loss 29.023582
    Params: tensor([ 0.2327, -0.0435])
    Grad:   tensor([-0.0533,  3.0226])
Epoch 100, Loss 29.022667
    Params: tensor([ 0.2327, -0.0438])
    Grad:   tensor([-0.0532,  3.0226])
""", numbers=Numbers.FIXED, values=True, elision=None)

#: "Une boucle pour les gouverner tous", lines 252-259: the loop alone, before the full function.  The page sets it
#: with no-break spaces (U+00A0) between all its words and in its indentation, 76 of them; kept as printed.
FRAGMENT = (
    "for\u00a0epoch\u00a0in\u00a0range(1,\u00a0n_epochs\u00a0+\u00a01):\n"
    + "\u00a0" * 8 + "w,\u00a0b\u00a0=\u00a0params\n"
    "\u00a0\n"
    + "\u00a0" * 8 + "t_Pred\u00a0=\u00a0model(t_Zolta,\u00a0w,\u00a0b)\u00a0\u00a0#\u00a0<1>\n"
    + "\u00a0" * 8 + "loss\u00a0=\u00a0loss_fn(t_Pred,\u00a0t_Celsius)\n"
    + "\u00a0" * 8 + "grad\u00a0=\u00a0grad_fn(t_Zolta,\u00a0t_Celsius,\u00a0t_Pred,\u00a0w,\u00a0b)\u00a0\u00a0#\u00a0<2>\n"
    "\u00a0\n"
    + "\u00a0" * 8 + "params\u00a0=\u00a0params\u00a0-\u00a0learning_rate\u00a0*\u00a0grad\n"
)

NORMALISED_CALL = '''\
t_Zolta_n = 0.1 * t_Zolta
training_loop(
    n_epochs = 100,
    learning_rate = 1e-2,
    params = torch.tensor([1.0, 0.0]),
    t_Zolta = t_Zolta_n,
    t_Celsius = t_Celsius)
'''

FINAL_CALL = '''\
params = training_loop(
    n_epochs = 5000,
    learning_rate = 1e-2,
    params = torch.tensor([1.0, 0.0]),
    t_Zolta = t_Zolta_n,
    t_Celsius = t_Celsius,
    print_params = False)
'''

#: The notebook's bare expression (its kernel displays the value; the page shows it after « On obtient : »).
PARAMS = "params\n"

RESULT_PLOT = '''\
%matplotlib inline
from matplotlib import pyplot as plt

t_Pred = model(t_Zolta_n, *params)

fig = plt.figure(dpi=100)
plt.xlabel("Temperature (°Fahrenheit)")
plt.ylabel("Temperature (°Celsius)")
plt.plot(t_Zolta.numpy(), t_Pred.detach().numpy())
plt.plot(t_Zolta.numpy(), t_Celsius.numpy(), 'o')
'''

#: What the page shows the normalised-data cell printing: epochs 1 and 100, as bullet lists.  Its values are not
#: the cell's (erratum normalised-log, judged figure by figure by normalised-epoch-1 and -100): here only the layout
#: and the number formats are compared.
SHOWN_NORMALISED = Printout("""\
Epoch 1 :

  • Loss 171.868347
  • Params: tensor([1.1461, 0.2100])
  • Grad: tensor([-14.6089, -21.0000])

Epoch 100 :

  • Loss 6.498067
  • Params: tensor([7.7523, 9.1075])
  • Grad: tensor([-2.3752, -2.8419])
""", numbers=Numbers.FIXED)

#: What the normalised-data cell prints (float32): 23 lines, 7 epochs, as the raw-data cell.
PRINTED_NORMALISED = Printout("""\
Epoch 1, Loss 80.364342
    Params: tensor([1.7761, 0.1064])
    Grad:   tensor([-77.6140, -10.6400])
Epoch 2, Loss 37.574913
    Params: tensor([2.0848, 0.1303])
    Grad:   tensor([-30.8623,  -2.3864])
Epoch 3, Loss 30.871077
    Params: tensor([2.2094, 0.1217])
    Grad:   tensor([-12.4631,   0.8587])
...
Epoch 10, Loss 29.030489
    Params: tensor([ 2.3232, -0.0710])
    Grad:   tensor([-0.5355,  2.9295])
Epoch 11, Loss 28.941877
    Params: tensor([ 2.3284, -0.1003])
    Grad:   tensor([-0.5240,  2.9264])
...
Epoch 99, Loss 22.214186
    Params: tensor([ 2.7508, -2.4910])
    Grad:   tensor([-0.4453,  2.5208])
Epoch 100, Loss 22.148710
    Params: tensor([ 2.7553, -2.5162])
    Grad:   tensor([-0.4446,  2.5165])
""", numbers=Numbers.FIXED, values=True, elision=None)

_CELLS = (("data", DATA), ("plot", PLOT), ("model", MODEL), ("loss_fn", LOSS_FN), ("initial loss", INITIAL_LOSS),
          ("derivatives", DERIVATIVES), ("grad_fn", GRAD_FN), ("training_loop", TRAINING_LOOP_SOURCE))

#: The page's cells up to its first training run (lr = 1e-4 on the raw data).
RAW_RUN = Program(cells=tuple(Cell(n, s) for n, s in _CELLS) + (Cell("raw-data call", RAW_CALL, SHOWN_RAW),))
#: The same run, with the printout as the cell prints it.
RAW_RUN_CORRECTED = RAW_RUN.amended(shows={"raw-data call": PRINTED_RAW})

#: The first cell alone, and the first two (data, then the scatter plot): nothing printed, nothing compared.
DATA_RUN = Program(cells=(Cell("data", DATA),))
SCATTER_RUN = Program(cells=(Cell("data", DATA), Cell("plot", PLOT)))
#: The cells up to the raw-data run, nothing compared: does it run as printed.
RAW_CALL_RUN = RAW_RUN.amended(shows={"raw-data call": None})

#: Up to the normalised-data run, its printout as the page shows it (layout and formats compared).
NORMALISED_RUN = Program(cells=RAW_CALL_RUN.cells + (Cell("normalised-data call", NORMALISED_CALL, SHOWN_NORMALISED),))
NORMALISED_RUN_CORRECTED = NORMALISED_RUN.amended(shows={"normalised-data call": PRINTED_NORMALISED})
NORMALISED_CALL_RUN = NORMALISED_RUN.amended(shows={"normalised-data call": None})

#: Up to the 5000-epoch run and the display of its result (the 12 lines it prints are not on the page).
FINAL_RUN = Program(cells=NORMALISED_CALL_RUN.cells + (Cell("5000-epoch call", FINAL_CALL), Cell("params", PARAMS)))

#: The whole notebook, up to the plot of the result.  ``%matplotlib inline`` is IPython's, run by the notebook's
#: kernel before Python reads the cell; a plain Python run leaves it to the kernel (context, not a fix).
_KERNEL_MAGIC = Amendment("result plot", "%matplotlib inline\n", "",
                          "an IPython magic: the notebook's kernel runs it before Python reads the cell", context=True)
RESULT_RUN = Program(cells=FINAL_RUN.cells + (Cell("result plot", RESULT_PLOT),), amendments=(_KERNEL_MAGIC,))

#: The loop fragment of lines 252-259, after the cells it uses (the page never runs it: it names n_epochs,
#: learning_rate and params, which only the full function's calls give).
FRAGMENT_RUN = Program(cells=tuple(Cell(n, s) for n, s in _CELLS[:1] + _CELLS[2:7]) + (Cell("loop fragment", FRAGMENT),))
#: Ordinary spaces for the no-break ones, and the settings of the first call (lines 302-307) that the fragment
#: leaves to its reader.
FRAGMENT_RUN_CORRECTED = FRAGMENT_RUN.amended(
    Amendment("loop fragment", FRAGMENT, FRAGMENT.replace("\u00a0", " "), "ordinary spaces for the no-break spaces"),
    Amendment("loop fragment", "for epoch in range(1, n_epochs + 1):",
              "n_epochs, learning_rate, params = 100, 1e-4, torch.tensor([1.0, 0.0])\n"
              "for epoch in range(1, n_epochs + 1):",
              "the settings of the first call (lines 302-307), which the fragment leaves to its reader", context=True))
