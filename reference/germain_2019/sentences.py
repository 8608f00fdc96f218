"""004_6a6382b038f5beb4.txt's sentences with mathematical content, transcribed as what they assert.

Each function states, as literally as the French allows, the relation, sign, count or dependence a sentence
asserts about the case it is given (an indicator is 1 where the sentence says a property holds, 0 where it says
it fails); ``wiring_sentences`` computes the same quantities from the mathematics with torch.  A sentence the
mathematics contradicts is observed wrong, one it bears out holds.  Corrections sit beside what they correct.
"""

from __future__ import annotations

import numpy as np
import torch

from reference.germain_2019.printed import F_PRIME, F, quadratic_loss_prime, scalar_backprop_as_printed

# --- "Comparaison avec les méthodes «classiques»" ----------------------------------------------


def classical_methods_convex(X, y, theta_a, theta_b, lam):
    """« Beaucoup de méthodes d'apprentissage sont convexes: Moindre carrés, Regression logistique, SVM »: for each
    of the three objectives the chord from θ_a to θ_b lies above the graph (1, 1, 1)."""
    return np.ones(3)


def neural_networks_convex(X, W1, w2):
    """« Les réseaux de neurones sont non-convexes »: some chord of the training loss lies below its graph, here the
    one from a network's weights θ to −θ (0: the chord inequality fails)."""
    return 0.0


def gradient_descent_result_varies(x, v0, w0):
    """« Le résultat varie selon l'initialisation de la descente en gradient. »: from two initialisations, two
    results (1)."""
    return 1.0


def local_minimum_is_good(X, W1, w2):
    """« On doit accepter que les minimums locaux peuvent être de bonnes solutions. »: a local minimum (1) whose loss
    is the best there is, 0."""
    return np.array([1.0, 0.0])


def saddle_point_as_printed(H):
    """« les solutions sont en fait souvent points de selle »: a saddle point taken as a solution, that is a critical
    point (1) which minimises the loss (1)."""
    return np.array([1.0, 1.0])


def saddle_point_corrected(H):
    """« les points critiques ... sont en fait souvent des points de selle »: a critical point (1) that minimises
    nothing (0)."""
    return np.array([1.0, 0.0])


def saddle_ratio_grows_exponentially(n, well):
    """« ratio (points de selle) / (minimum locaux) augmente exponentiellement avec nombre paramètres »: from n to
    n + 1 parameters the ratio is multiplied by at least a fixed factor above 1 (1: it is)."""
    return 1.0


# --- "Exemple point de selle" -----------------------------------------------------------------

def saddle_partial_derivatives(p, c, H):
    """« Dérivées partielles nulles au point de selle »: ∂f/∂p_i = 0 at the saddle point p = c."""
    return {"p": np.zeros_like(p)}


# --- "Règle de dérivation en chaîne" ------------------------------------------------------------

def evaluation_point_arguments_as_printed(x, y, v, w, f, h):
    """r = R_{v,w}(x,y): the point where ∂L(r, y)/∂r is evaluated, as printed, a function of x (1) and of y (1)."""
    return np.array([1.0, 1.0])


def evaluation_point_arguments_corrected(x, y, v, w, f, h):
    """r = R_{v,w}(x): a function of x (1), not of y (0)."""
    return np.array([1.0, 0.0])


# --- "Soit un réseau R de K couches:" ----------------------------------------------------------

def network_parts(widths):
    """« Fonctions d'activations : f_1, …, f_K », « Matrices de poids: W^(1), …, W^(K) »: K of each."""
    K = len(widths) - 1
    return np.array([K, K])


def layer_sizes(widths):
    """« d_k est le nombre de neurones sur la couche k », « k = 0 correspond à la couche d'entrée: x ∈ R^{d_0} »:
    layer k (k = 0 the input x) has d_k entries."""
    return np.array([widths[k] for k in range(len(widths))])


# --- "Algorithme de retropropagation." ----------------------------------------------------------

def backprop_inputs_outputs(x, y, activations, **layers):
    """« ENTRÉES: Réseau R, Perte L, Observation x, Sortie attendue y » … « SORTIE: ∇_w »: one gradient per weight
    matrix (∇_w[1], …, ∇_w[K]: K of them), a function of the observation x (1) and of the expected output y (1)."""
    K = len(activations)
    return np.array([K, 1.0, 1.0])


# --- "«Backprop» et différentiation automatique" ------------------------------------------------

def backprop_all_nodes(ops, leaves):
    """« Algorithme qui calcule tous les gradients dans un graphe de calcul quelconque. »: one backward pass from
    ∂f/∂f = 1 at the output gives ∂f/∂n for every node n; with the slides' rules an addition passes ∂f/∂t on to each
    operand and a product multiplies it by the other factor (tanh' = 1 − tanh²), and a node used several times adds
    up what it receives.  ``ops`` are (operation, operand, operand) over the nodes before them, leaves first."""
    values = list(leaves)
    for op, i, j in ops:
        if op == "add":
            values.append(values[i] + values[j])
        elif op == "mul":
            values.append(values[i] * values[j])
        else:
            values.append(np.tanh(values[i]))
    grads = [0.0] * len(values)
    grads[-1] = 1.0
    for n in range(len(values) - 1, len(leaves) - 1, -1):
        op, i, j = ops[n - len(leaves)]
        if op == "add":
            grads[i] = grads[i] + grads[n]
            grads[j] = grads[j] + grads[n]
        elif op == "mul":
            grads[i] = grads[i] + values[j] * grads[n]
            grads[j] = grads[j] + values[i] * grads[n]
        else:
            grads[i] = grads[i] + (1 - np.tanh(values[i]) ** 2) * grads[n]
    return np.array(grads, dtype=float)


def weights_after_backprop(x, y, w, acts):
    """« N'est pas l'algo d'optimisation! »: backprop (the slides' scalar algorithm) computes gradients and leaves
    the weights as they were."""
    scalar_backprop_as_printed(x, y, w, acts)
    return w


def _optimizer_step(w, grad, optimizer):
    """One step of a torch optimiser on the weights ``w`` with the gradient ``grad`` given (glue)."""
    p = torch.nn.Parameter(torch.tensor(np.asarray(w, dtype=np.float64)))
    p.grad = torch.tensor(np.asarray(grad, dtype=np.float64))
    OPTIMIZERS[optimizer]([p]).step()
    return p.detach().numpy()


#: The optimisers of neural networks the sentence speaks of, one step each from fresh state.
OPTIMIZERS = {
    "sgd": lambda ps: torch.optim.SGD(ps, lr=0.1),
    "momentum": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9),
    "adam": lambda ps: torch.optim.Adam(ps, lr=0.1),
    "rmsprop": lambda ps: torch.optim.RMSprop(ps, lr=0.1),
}


def optimizer_step_with_backprop(x, y, w, acts, optimizer):
    """« tous les algos d'optimisation des réseaux de neurones utilisent les gradients calculés par backprop »: one
    step of the optimiser, fed with the gradients w_k^δ of the slides' backprop."""
    grads = scalar_backprop_as_printed(x, y, w, acts)["w"]
    return _optimizer_step(w, grads, optimizer)


def chain_rule_product(x, y, w, acts):
    """« Basé sur la règle de dérivation en chaîne »: each gradient of the scalar chain (φ_0 = x, a_k = w_k φ_{k−1},
    φ_k = f_k(a_k), F = L_quad(φ_K, y)) is the product of the local derivatives along the chain,
    ∂F/∂w_k = L'(φ_K, y) · ∏_{j>k} f'_j(a_j) w_j · f'_k(a_k) φ_{k−1}, and ∂F/∂x = L'(φ_K, y) · ∏_j f'_j(a_j) w_j."""
    K = len(acts)
    phi, a = [x], [None]
    for k in range(1, K + 1):
        a.append(w[k - 1] * phi[k - 1])
        phi.append(F[acts[k - 1]](a[k]))
    dF_dphi = quadratic_loss_prime(phi[K], y)
    dw = []
    for k in range(1, K + 1):
        product = dF_dphi
        for j in range(K, k, -1):
            product = product * F_PRIME[acts[j - 1]](a[j]) * w[j - 1]
        dw.append(product * F_PRIME[acts[k - 1]](a[k]) * phi[k - 1])
    dx = dF_dphi
    for j in range(K, 0, -1):
        dx = dx * F_PRIME[acts[j - 1]](a[j]) * w[j - 1]
    return {"w": np.array(dw, dtype=float), "x": dx}


def library_derivatives(grad_out, u, v, w):
    """« Les bibliothèques modernes de réseau de neurones effectuent le calcul des dérivés automatiquement (comme
    pyTorch ...) »: f = (u + v) w written with torch, its derivatives left to torch.autograd."""
    tu, tv, tw = (torch.tensor(np.asarray(t, dtype=np.float64), requires_grad=True) for t in (u, v, w))
    f = (tu + tv) * tw
    du, dv, dw = torch.autograd.grad(f, (tu, tv, tw), grad_outputs=torch.tensor(np.asarray(grad_out, dtype=np.float64)))
    return {"u": du.numpy(), "v": dv.numpy(), "w": dw.numpy()}


# --- "Exemple sur un graphe de calcul simple" -----------------------------------------------------

def graph_as_printed():
    """« nœud : variable », « arête : opération »: the graph of f = (u + v) w has a node per variable (u, v, w, t_1,
    f) and an edge per operand of an operation (u → t_1 and v → t_1 for +, t_1 → f and w → f for ×): 5 nodes,
    4 edges."""
    nodes = ["u", "v", "w", "t_1", "f"]
    edges = [("u", "t_1", "+"), ("v", "t_1", "+"), ("t_1", "f", "×"), ("w", "f", "×")]
    return np.array([len(nodes), len(edges)], dtype=float)


def derivatives_wrt_output_as_printed(u, v, w):
    """« On cherche les dérivées partielle p.r. à la sortie, f »: ∂u/∂f, ∂v/∂f, ∂w/∂f and ∂t_1/∂f for f = (u + v) w,
    each variable written as a function of f, the others fixed (u = f/w − v, v = f/w − u, w = f/(u + v),
    t_1 = f/w)."""
    t1 = u + v
    return np.stack([1 / w, 1 / w, 1 / t1, 1 / w])


def derivatives_of_output(u, v, w):
    """The slides' slots (l.265-271): ∂f/∂u = w, ∂f/∂v = w, ∂f/∂w = t_1, ∂f/∂t_1 = w, partial derivatives *of* f."""
    t1 = u + v
    return np.stack([w, w, t1, w])
