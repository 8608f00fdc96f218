"""002_c565116afbd152b8.txt, the notebook's code cells verbatim (each without its "In [n]: " prompt), in the
order the notebook ran them, with the printouts it shows; the corrections the runs need beside them.

``printed`` transcribes the same cells as functions for the formula claims; here they are text, run end
to end by ``ListingCheck`` as the notebook's kernel runs them.  A test checks every cell against the document.
"""

from __future__ import annotations

from dataclasses import replace

from oracle import Amendment, Cell, Numbers, Printout, Program

IN_1 = '''\
import numpy as np
import matplotlib.pyplot as plot
'''

IN_5 = '''\
# Les différentes fonctions
def sigmoid(x): return 1 / (1 + np.exp(-x))
def tanh(x): return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
def relu(x): return np.maximum(x, 0)

act_functions = {'sigmoid': sigmoid, 'tanh': tanh, 'relu': relu}
'''

IN_3 = '''\
# Leurs dérivées
def d_sigmoid(x):
    s = sigmoid(x)
    return s * (1 - s)

def d_tanh(x):
    t = tanh(x)
    return 1 - t**2

def d_relu(x):
    return x > 0

act_derivates = {'sigmoid': d_sigmoid, 'tanh': d_tanh, 'relu': d_relu}
'''

IN_11 = '''\
# Passe en avant : 1 couche - on utilise le dictionnaire de fonctions
def layer_forward_pass(X, W, b, activation):
    Z = np.dot(W, X) + b
    A = act_functions[activation](Z)
    return Z, A

# Passe en avant : toutes les couches
def model_forward_pass(X, activations, parameters):
    result = {}
    result['A0'] = X
    # Entrée de la première couche: X
    A = X
    for i in range(1, len(activations) + 1):
        # Pour chaque couche, une passe en avant. Les W et b viennent de parameters
        Z_next, A_next = layer_forward_pass(A, parameters['W' + str(i)], parameters['b' + str(i)])
        result['Z' + str(i)] = Z_next
        result['A' + str(i)] = A_next
        A = A_next
    return result
'''

IN_12 = '''\
# Passe en arrière : 1 couche - on utilise le dictionnaire de dérivées
def layer_backward_pass(dA, Z, A_prev, W, activation):
    dZ = dA * act_derivates[activation](Z)
    dW = np.dot(dZ, A_prev.T)
    db = np.sum(dZ, axis=1, keepdims = True)
    dA_prev = np.dot(W.T, dZ)
    return dW, db, dA_prev

# Passe en arrière : toutes les couches
def model_backward_pass(dA_last, parameters, forward_pass_results, activations):
    gradients = {}
    dA = dA_last
    for i in range(len(activations), 0, -1):
        dW, db, dA_prev = layer_backward_pass(dA, forward_pass_results['Z' + str(i)], forward_pass_results['A' + str(i-1)], parameters['W' + str(i)], activations[i-1])
        gradients['dW' + str(i)] = dW
        gradients['db' + str(i)] = db
        dA = dA_prev
    return gradients
'''

IN_13 = '''\
def train_model(X, Y, layer_dimensions, layer_activations,
                        learning_rate = 0.01, epochs = 10, batch_size = 64,
                        show_cost = False):

    m = X.shape[1]
    #Nombre de couches - hors celle des entrées
    l = len(layer_dimensions)-1

    # Création de tous les paramètres
    # A chaque étape, une pour dimensions "nb neurones de la couche" x "nb entrées"
    # Et b est un vecteur, une valeur par neurone
    parameters = {}
    for i in range(1, l+1):
        parameters['W' + str(i)] = np.random.randn(layer_dimensions[i], layer_dimensions[i-1])
        parameters['b' + str(i)] = np.zeros((layer_dimensions[i], 1))

    costs = []
    # Apprentissage
    for e in range(epochs):
        for s in range(0, m, batch_size):
            x_batch = X[:, s:s+batch_size]
            y_batch = Y[:, s:s+batch_size]

            # Passe en avant
            forward_pass_results = model_forward_pass(x_batch, layer_activations, parameters)

            # Calcul de la dérivée du coût par rapport au dernier A
            A_last = forward_pass_results['A' + str(l)]
            dA_last = -(np.divide(y_batch, A_last) - np.divide(1 - y_batch, 1 - A_last))

            # Calcul des gradients - passe en arrière
            gradients = model_backward_pass(dA_last, parameters, forward_pass_results, layer_activations)

            # Descente de gradient
            for i in range(1, l+1):
                parameters['W' + str(i)] -= learning_rate * gradients['dW' + str(i)]
                parameters['b' + str(i)] -= learning_rate * gradients['db' + str(i)]

            # Un peu de debug
            model_result = model_forward_pass(X, layer_activations, parameters)['A' + str(l)]
            cost = np.squeeze(-np.sum(np.log(model_result) * Y + np.log(1 - model_result)))
            costs.append(cost)
            if show_cost : print('Epoch #i: %s' % (e+1, cost))
        return parameters, costs
'''

IN_15 = '''\
def load(file):
    data = np.load(file)
    return data['x'], data['y']

x_train, y_train = load('data/d09_train_data.npz')
x_test, y_test = load('data/d09_test_data.npz')

mus = x_train.mean(axis = 0, keepdims = True)
sigmas = x_train.std (axis = 0, keepdims = True) + 1e-9

x_train_norm = (x_train-mus)/sigmas
x_test_norm = (x_test -mus)/sigmas

y_train_mat = (y_train == np.arange(10)).astype(int)
'''

IN_16 = '''\
np.random.seed(0)
epochs = 30
activations = ['tanh', 'sigmoid', 'sigmoid']

params, costs = train_model(x_train_norm.T, y_train_mat.T, [28*28, 50, 25, 10], activations,
                             epochs = epochs, learning_rate = 0.1, show_cost = True)

plot.plot(range(epochs), costs)
plot.title('Cost, by epochs')
plot.show()
'''

IN_39 = '''\
def accuracy(x, y, params, layer_activations):
    results = np.argmax(model_forward_pass(x, layer_activations, params)['A'+str(len(layer_activations))], axis = 1)
    return np.mean(results == y)

print('Accuracy on training set : %f%%' % (100*accuracy(x_train_norm.T, y_train.T, params, layer_activations)))
print('Accuracy on test set : %f%%' % (100*accuracy(x_test_norm.T, y_test.T, params, layer_activations)))
'''

IN_42 = '''\
np.random.seed(0)
epochs = 30
activations = ['relu', 'relu', 'sigmoid']

params, costs = train_model(x_train_norm.T, y_train_mat.T, [28*28, 50, 25, 10], activations,
                             epochs = epochs, learning_rate = 0.01, show_cost = True)

plot.plot(range(epochs), costs)
plot.title('Cost, by epochs')
plot.show()
'''

IN_43 = '''\
print('Accuracy on training set : %f%%' % (100*accuracy(x_train_norm.T, y_train.T, params, layer_activations)))
print('Accuracy on test set : %f%%' % (100*accuracy(x_test_norm.T, y_test.T, params, layer_activations)))
'''

#: What the notebook shows In [16] printing: 30 lines, one per epoch.  Their values come from MNIST (not
#: here) and one line (epoch 27) has a digit too many for a float64, so only the layout, the line count and
#: the epoch numbers are compared.
LOG_16 = Printout("""\
Epoch #1: 2.30543242166822
Epoch #2: 0.8672230396771443
Epoch #3: 0.5402521356775323
Epoch #4: 0.4020369615764879
Epoch #5: 0.3275815333298787
Epoch #6: 0.27666591760091486
Epoch #7: 0.239633845837329
Epoch #8: 0.21253026251026488
Epoch #9: 0.19252387304390495
Epoch #10: 0.17572010648636466
Epoch #11: 0.16278958540674465
Epoch #12: 0.1488421702617406
Epoch #13: 0.1365402813484844
Epoch #14: 0.12734935170992287
Epoch #15: 0.11824495832867164
Epoch #16: 0.11030037387666043
Epoch #17: 0.103274526001583
Epoch #18: 0.09714845430784734
Epoch #19: 0.0913995686033537
Epoch #20: 0.08535739959465743
Epoch #21: 0.08057645151848615
Epoch #22: 0.07478317718782729
Epoch #23: 0.07106743845405625
Epoch #24: 0.06712220945939042
Epoch #25: 0.06337991778373567
Epoch #26: 0.059884086943492086
Epoch #27: 0.0570840494023103764
Epoch #28: 0.054317420381163925
Epoch #29: 0.05180229404945984
Epoch #30: 0.04877062957830094
""", numbers=Numbers.ANY)

#: What the notebook shows In [39] printing (``%f``: six decimals).
ACCURACY_39 = Printout("""\
Accuracy on training set : 99.618333%
Accuracy on test set : 95.100000%
""", numbers=Numbers.FIXED)


#: What the notebook shows In [42] printing: 30 lines, one per epoch (MNIST values, not recomputable here).
LOG_42 = Printout("""\
Epoch #1: 3.2195483867992793
Epoch #2: 2.0287953695902634
Epoch #3: 1.2126691928430533
Epoch #4: 0.8336738098191159
Epoch #5: 0.5623689268493152
Epoch #6: 0.4555980061721843
Epoch #7: 0.39161707515738664
Epoch #8: 0.346989173336317
Epoch #9: 0.3138278944290432
Epoch #10: 0.2879912661898643
Epoch #11: 0.2670224230888944
Epoch #12: 0.24939292249481787
Epoch #13: 0.23433969160319695
Epoch #14: 0.221318233683586
Epoch #15: 0.2099040925033945
Epoch #16: 0.19943010551131396
Epoch #17: 0.1899812082312572
Epoch #18: 0.1814930746600185
Epoch #19: 0.1735965646034328
Epoch #20: 0.16625734854894347
Epoch #21: 0.15958209107379936
Epoch #22: 0.1532596114878994
Epoch #23: 0.14738682595420918
Epoch #24: 0.14180338078302335
Epoch #25: 0.13659951420139718
Epoch #26: 0.1315587558984533
Epoch #27: 0.12692951793706558
Epoch #28: 0.12238802168322196
Epoch #29: 0.11819243337864467
Epoch #30: 0.11416090553141027
""", numbers=Numbers.ANY)

#: What the notebook shows In [43] printing (``%f``: six decimals).
ACCURACY_43 = Printout("""\
Accuracy on training set : 98.576667%
Accuracy on test set : 96.910000%
""", numbers=Numbers.FIXED)


def _cells(*names: int, shows: dict[int, Printout] | None = None) -> tuple[Cell, ...]:
    source = {1: IN_1, 5: IN_5, 3: IN_3, 11: IN_11, 12: IN_12, 13: IN_13, 15: IN_15, 16: IN_16, 39: IN_39,
              42: IN_42, 43: IN_43}
    return tuple(Cell(f"In [{n}]", source[n], (shows or {}).get(n)) for n in names)


# --- the corrections each run needs, as amendments of the cells ----------------------------------

#: reseau-profond/model-forward-pass: the layer's activation is never passed.
G1 = Amendment("In [11]", "parameters['b' + str(i)])", "parameters['b' + str(i)], activations[i-1])",
               "model-forward-pass: pass the layer's activation", context=True)
#: reseau-profond/train-model-show-cost: one conversion for two values.
G2 = Amendment("In [13]", "print('Epoch #i: %s' % (e+1, cost))", "print('Epoch #%i: %s' % (e+1, cost))",
               "train-model-show-cost: the format's missing %", context=True)
#: reseau-profond/train-model-return: the return sits inside the epoch loop.
G3 = Amendment("In [13]", "        return parameters, costs", "    return parameters, costs",
               "train-model-return: return after the epoch loop", context=True)
#: reseau-profond/accuracy: the argmax runs over the examples instead of the classes.
G5 = Amendment("In [39]", "['A'+str(len(layer_activations))], axis = 1)", "['A'+str(len(layer_activations))], axis = 0)",
               "accuracy: argmax over the classes (axis 0)", context=True)

#: The debug block (cost, costs.append, print) sits in the batch loop: one cost per batch, so ``costs``
#: never has ``epochs`` entries and ``plot.plot(range(epochs), costs)`` raises.  Moved to epoch level.
_DEBUG_PER_BATCH = """\
            # Un peu de debug
            model_result = model_forward_pass(X, layer_activations, parameters)['A' + str(l)]
            cost = np.squeeze(-np.sum(np.log(model_result) * Y + np.log(1 - model_result)))
            costs.append(cost)
            if show_cost : print('Epoch #%i: %s' % (e+1, cost))
"""
G7 = Amendment("In [13]", _DEBUG_PER_BATCH, "\n".join(line[4:] for line in _DEBUG_PER_BATCH.splitlines()) + "\n",
               "one cost per epoch: the debug block after the batch loop")

_TRAINING = (1, 5, 3, 11, 12, 13, 15, 16)

#: In [16] with the earlier claims' corrections (G1, G2, G3) applied: it trains, then plots.
PLOT = Program(cells=_cells(*_TRAINING, shows={16: LOG_16}), amendments=(G1, G2, G3))
PLOT_CORRECTED = PLOT.amended(G7)

# --- In [39]: the accuracies --------------------------------------------------------------------

#: In [39] calls accuracy(..., layer_activations): a parameter name of train_model and accuracy, never a
#: notebook variable (In [16] defines ``activations``).
G6 = (Amendment("In [39]", "(100*accuracy(x_train_norm.T, y_train.T, params, layer_activations)))",
                "(100*accuracy(x_train_norm.T, y_train.T, params, activations)))", "the notebook's `activations`"),
      Amendment("In [39]", "(100*accuracy(x_test_norm.T, y_test.T, params, layer_activations)))",
                "(100*accuracy(x_test_norm.T, y_test.T, params, activations)))", "the notebook's `activations`"))

#: The notebook up to In [39], with every earlier correction applied so that the run reaches In [39].
ACCURACY_CALLS = Program(cells=_cells(*_TRAINING, 39, shows={39: ACCURACY_39}),
                         amendments=(G1, G2, G3, G5, replace(G7, context=True)))
ACCURACY_CALLS_CORRECTED = ACCURACY_CALLS.amended(*G6)


# --- the printed logs, the second run and its accuracies (In [42], In [43]) ------------------------------------

#: Earlier claims' corrections as context, so that a run reaches the cell a claim is about.
_G6_CONTEXT = tuple(replace(a, context=True) for a in G6)
_G7_CONTEXT = replace(G7, context=True)

#: In [16]'s log with the corrections that let it run (G1, G2, G3): the lines the document shows, compared with the
#: first 30 the notebook prints (one per batch, each labelled with its epoch).
LOG_16_RUN = Program(cells=_cells(*_TRAINING, shows={16: LOG_16}), amendments=(G1, G2, G3), stop_after=30)
LOG_16_RUN_CORRECTED = LOG_16_RUN.amended(G7)

#: In [16]'s log, every earlier correction applied: the numbers it shows must be ones a float64 prints (``%s``).
LOG_16_DIGITS = Program(cells=_cells(*_TRAINING, shows={16: replace(LOG_16, numbers=Numbers.SHORTEST)}),
                        amendments=(G1, G2, G3, _G7_CONTEXT))
LOG_16_DIGITS_CORRECTED = LOG_16_DIGITS.amended(shows={"In [16]": replace(
    LOG_16, text=LOG_16.text.replace("0.0570840494023103764", "0.05708404940231038"), numbers=Numbers.SHORTEST)})

#: plot-costs' alternative correction for In [16] (its plot against the costs it has), so that the run reaches
#: In [42]'s own plot.
_PLOT_16_OWN_LENGTH = Amendment("In [16]", "plot.plot(range(epochs), costs)", "plot.plot(range(len(costs)), costs)",
                                "plot-costs: In [16] plots the costs it has", context=True)
_RUN_42 = (*_TRAINING, 39, 42)

#: In [42], the earlier cells run with their corrections: its plot.
PLOT_42 = Program(cells=_cells(*_RUN_42), amendments=(G1, G2, G3, G5, *_G6_CONTEXT, _PLOT_16_OWN_LENGTH))
PLOT_42_CORRECTED = PLOT_42.amended(G7)

#: reseau-profond/d-a-last: the backward pass started from dZ_L = A_L - Y.
G11 = (Amendment("In [13]", "dA_last = -(np.divide(y_batch, A_last) - np.divide(1 - y_batch, 1 - A_last))",
                 "dZ_last = A_last - y_batch", "d-a-last: dZ_L = A_L - Y, no division"),
       Amendment("In [13]", "gradients = model_backward_pass(dA_last, parameters, forward_pass_results, layer_activations)",
                 "gradients = model_backward_pass(np.dot(parameters['W' + str(l)].T, dZ_last), parameters, "
                 "forward_pass_results, layer_activations[:-1])\n"
                 "            gradients['dW' + str(l)] = np.dot(dZ_last, forward_pass_results['A' + str(l-1)].T)\n"
                 "            gradients['db' + str(l)] = np.sum(dZ_last, axis=1, keepdims = True)",
                 "d-a-last: the backward pass started from dZ_L"))
#: reseau-profond/cost: the binary cross-entropy with its (1 - Y) factor, from the logits (finite where sigmoid
#: rounds to 0 or 1).
G4_LOGITS = (Amendment("In [13]", "model_result = model_forward_pass(X, layer_activations, parameters)['A' + str(l)]",
                       "Z_last = model_forward_pass(X, layer_activations, parameters)['Z' + str(l)]",
                       "cost: from the output logits"),
             Amendment("In [13]", "cost = np.squeeze(-np.sum(np.log(model_result) * Y + np.log(1 - model_result)))",
                       "cost = np.sum(np.logaddexp(0, Z_last) - Y * Z_last)",
                       "cost: the binary cross-entropy, (1 - Y) factor included"))

#: In [42]'s log, every earlier correction applied so that it prints one line per epoch.
LOG_42_RUN = Program(cells=_cells(*_RUN_42, shows={42: LOG_42}),
                     amendments=(G1, G2, G3, G5, *_G6_CONTEXT, _G7_CONTEXT))
LOG_42_RUN_CORRECTED = LOG_42_RUN.amended(*G11, *G4_LOGITS)

#: In [43] calls accuracy(..., layer_activations) as In [39] does.
G6_43 = (Amendment("In [43]", "(100*accuracy(x_train_norm.T, y_train.T, params, layer_activations)))",
                   "(100*accuracy(x_train_norm.T, y_train.T, params, activations)))", "the notebook's `activations`"),
         Amendment("In [43]", "(100*accuracy(x_test_norm.T, y_test.T, params, layer_activations)))",
                   "(100*accuracy(x_test_norm.T, y_test.T, params, activations)))", "the notebook's `activations`"))
ACCURACY_CALLS_43 = Program(cells=_cells(*_RUN_42, 43, shows={43: ACCURACY_43}),
                            amendments=(G1, G2, G3, G5, *_G6_CONTEXT, _G7_CONTEXT))
ACCURACY_CALLS_43_CORRECTED = ACCURACY_CALLS_43.amended(*G6_43)
