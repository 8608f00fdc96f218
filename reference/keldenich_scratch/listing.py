"""003_ddcfe26c8c4f59ec.txt, the notebook's cells verbatim (the page lost their indentation to one space, which
Python accepts) in the order the page runs them, and the printout it shows for the raw-data training cell.

``printed`` holds the same code as functions for the formula and figure claims (its ``TRAINING_LOOP_SOURCE``
is the training loop, verbatim, used here too); ``ListingCheck`` runs these cells end to end, as the
notebook's kernel does.  A test checks every cell against the document.
"""

from __future__ import annotations

from oracle import Cell, Numbers, Printout, Program
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

_CELLS = (("data", DATA), ("plot", PLOT), ("model", MODEL), ("loss_fn", LOSS_FN), ("initial loss", INITIAL_LOSS),
          ("derivatives", DERIVATIVES), ("grad_fn", GRAD_FN), ("training_loop", TRAINING_LOOP_SOURCE))

#: The page's cells up to its first training run (lr = 1e-4 on the raw data).
RAW_RUN = Program(cells=tuple(Cell(n, s) for n, s in _CELLS) + (Cell("raw-data call", RAW_CALL, SHOWN_RAW),))
#: The same run, with the printout as the cell prints it.
RAW_RUN_CORRECTED = RAW_RUN.amended(shows={"raw-data call": PRINTED_RAW})
