"""004_6a6382b038f5beb4.txt, transcribed as printed: the slides' formulas and algorithms, mistakes
included, each with its correction beside it (numpy; σ is the logistic function unless said otherwise).

Networks are given as 1-indexed lists ``W = [None, W^(1), …, W^(K)]`` and activation names.  The sentences
(« Les réseaux de neurones sont non-convexes », …) are transcribed in ``sentences``.
"""

from __future__ import annotations

import numpy as np

# --- "Illustration et nomenclature" ------------------------------------------------------------

def layer_function(h, W, act):
    """f^{(k)}(h) = f_k(W^{(k)} h): layer k as a function (the slide's nomenclature, read with the later slides)."""
    return F[act](W @ h)


def three_layer_output(x, W, acts):
    """ŷ = f^{(3)}(f^{(2)}(f^{(1)}(x)))."""
    return layer_function(layer_function(layer_function(x, W[1], acts[0]), W[2], acts[1]), W[3], acts[2])


# --- "Dérivées de fonctions d'activation" ------------------------------------------------------


def sigmoid_as_printed(a):
    """σ(a) = a / (1 + e^{-a}): the slide's definition (a stray 'a' in the numerator)."""
    return a / (1 + np.exp(-a))


def sigmoid(a):
    """The logistic function the slide means: 1 / (1 + e^{-a})."""
    return 1 / (1 + np.exp(-a))


def sigmoid_prime(a):
    """σ'(a) = σ(a)(1 − σ(a)), the slide's final line, with σ the logistic function."""
    return sigmoid(a) * (1 - sigmoid(a))


def tanh_as_printed(a):
    """tanh(a) = (e^{2a} − 1) / (e^{2a} + 1)."""
    return (np.exp(2 * a) - 1) / (np.exp(2 * a) + 1)


def tanh_via_sigmoid(a):
    """tanh(a) = 2σ(2a) − 1."""
    return 2 * sigmoid(2 * a) - 1


def tanh_prime_via_sigmoid(a):
    """tanh'(a) = 4σ'(2a)."""
    return 4 * sigmoid_prime(2 * a)


def tanh_prime(a):
    """tanh'(a) = 1 − (tanh(a))²."""
    return 1 - np.tanh(a) ** 2


def relu_prime(a):
    """relu'(a) = 𝟙_{a>0}."""
    return (a > 0).astype(float)


# --- "Dérivées de fonctions de perte" ----------------------------------------------------------

def quadratic_loss(yhat, y):
    """L_quad(ŷ, y) = (ŷ − y)²."""
    return (yhat - y) ** 2


def nll_loss(yhat, y):
    """L_nlv(ŷ, y) = −y log(ŷ) − (1 − y) log(1 − ŷ)."""
    return -y * np.log(yhat) - (1 - y) * np.log(1 - yhat)


def quadratic_loss_prime(yhat, y):
    """L'_quad(ŷ, y) = 2(ŷ − y)."""
    return 2 * (yhat - y)


def nll_loss_prime_as_printed(yhat, y):
    """L'_nlv(ŷ, y) = −y/ŷ − (1 − y)/(1 − ŷ): the slide's sign on the second term."""
    return -y / yhat - (1 - y) / (1 - yhat)


def nll_loss_prime(yhat, y):
    """The derivative of −y log ŷ − (1 − y) log(1 − ŷ): −y/ŷ + (1 − y)/(1 − ŷ)."""
    return -y / yhat + (1 - y) / (1 - yhat)


#: The slides' losses, by name.
LOSSES = {"quad": quadratic_loss, "nlv": nll_loss}

#: Activation functions and the slides' derivatives of them, with σ the logistic function.
F = {"sigmoid": sigmoid, "tanh": np.tanh, "relu": lambda a: np.maximum(0, a)}
F_PRIME = {"sigmoid": sigmoid_prime, "tanh": tanh_prime, "relu": relu_prime}


# --- "Règle de dérivation en chaîne" -----------------------------------------------------------

def chain_rule_example_prime(x):
    """∂F/∂x = 2h(x) × 2 = 4(2x + 3), for F(x) = (2x + 3)²."""
    return 4 * (2 * x + 3)


def chain_example_f(x):
    """f(x) = x²."""
    return x ** 2


def chain_example_h(x):
    """h(x) = 2x + 3."""
    return 2 * x + 3


def chain_example_decomposition(x):
    """F(x) = (2x + 3)² = f(2x + 3) où f(x) = x² = f(h(x)) où h(x) = 2x + 3."""
    return chain_example_f(chain_example_h(x))


def composition_prime(x, f, h):
    """(f ∘ h)' = (f' ∘ h) × h'."""
    return F_PRIME[f](F[h](x)) * F_PRIME[h](x)


def leibniz_chain_rule(x, f, h):
    """∂f/∂x = ∂f/∂h ∂h/∂x."""
    df_dh = F_PRIME[f](F[h](x))
    dh_dx = F_PRIME[h](x)
    return df_dh * dh_dx


def dL_dw_as_printed(x, y, v, w, f, h):
    """[∂L(r,y)/∂r]_{r=R} · [∂f(a)/∂a]_{a=w·h(v·x)} · h(v·x), for R_{v,w}(x) = f(w·h(v·x)), L quadratic."""
    r = F[f](w * F[h](v * x))
    return quadratic_loss_prime(r, y) * F_PRIME[f](w * F[h](v * x)) * F[h](v * x)


def dL_dv_as_printed(x, y, v, w, f, h):
    """[∂L(r,y)/∂r]_{r=R} · [∂f(a)/∂a]_{a=w·h(v·x)} · w · [∂h(b)/∂b]_{b=v·x} · x."""
    r = F[f](w * F[h](v * x))
    return quadratic_loss_prime(r, y) * F_PRIME[f](w * F[h](v * x)) * w * F_PRIME[h](v * x) * x


def two_layer_R(x, w1, w2, f1, f2):
    """R(x) = f_2(w_2 · f_1(w_1 · x))."""
    return F[f2](w2 * F[f1](w1 * x))


def two_layer_F(x, y, w1, w2, f1, f2, L):
    """F = L(R(x), y), L one of the slides' losses (L_quad, L_nlv)."""
    return LOSSES[L](two_layer_R(x, w1, w2, f1, f2), y)


# --- "Étape 2: Rétropropagation du gradient" (scalar) ------------------------------------------

def scalar_backprop_as_printed(x, y, w, acts):
    """The slide's algorithm, 1-indexed as printed; L = L_quad, f_k from ``acts``."""
    K = len(acts)
    f = [None] + [F[n] for n in acts]
    f_prime = [None] + [F_PRIME[n] for n in acts]
    w = [None] + list(w)
    # φ_0 = x; pour k = 1..K: a_k = w_k · φ_{k−1}; φ_k = f_k(a_k)
    phi, a = [x] + [None] * K, [None] * (K + 1)
    for k in range(1, K + 1):
        a[k] = w[k] * phi[k - 1]
        phi[k] = f[k](a[k])
    # φ_K^δ = L'(φ_K, y); pour k = K..1: a_k^δ = φ_k^δ f'_k(a_k); w_k^δ = a_k^δ φ_{k−1}; φ_{k−1}^δ = a_k^δ w_k
    phi_d, a_d, w_d = [None] * (K + 1), [None] * (K + 1), [None] * (K + 1)
    phi_d[K] = quadratic_loss_prime(phi[K], y)
    for k in range(K, 0, -1):
        a_d[k] = phi_d[k] * f_prime[k](a[k])
        w_d[k] = a_d[k] * phi[k - 1]
        phi_d[k - 1] = a_d[k] * w[k]
    return {"w": np.array(w_d[1:], dtype=float), "x": phi_d[0]}


# --- "Soit un réseau R de K couches:" ----------------------------------------------------------

def weight_shapes_text(widths):
    """'Chaque matrice W^(k) est de taille d_k × d_{k−1}'."""
    return np.array([[widths[k], widths[k - 1]] for k in range(1, len(widths))])


def weight_shapes_display(widths):
    """The displayed matrix: rows 1..d_K, columns 1..d_{K−1}, for every W^(k)."""
    K = len(widths) - 1
    return np.array([[widths[K], widths[K - 1]] for k in range(1, K + 1)])


# --- "Algorithme de propagation avant." / "Algorithme de retropropagation." ---------------------

def forward_as_printed(x, W, acts):
    """h[0] ← x; pour k de 1 à K: a[k] ← W^(k) h^(k−1); h[k] ← f_k(a[k]); SORTIE h[K].

    h^(k−1) is read h[k−1] here, so that the algorithm itself is judged; the printed name, which the algorithm never
    assigns, is judged by ``forward_by_name_as_printed`` (germain-2019/forward-h-notation)."""
    K = len(acts)
    f = [None] + [F[n] for n in acts]
    h = {0: x.reshape(-1, 1)}
    a = {}
    for k in range(1, K + 1):
        a[k] = W[k] @ h[k - 1]
        h[k] = f[k](a[k])
    return h, a


def _forward_by_name(x, W, acts, read: str):
    """The forward algorithm with every vector it assigns stored under its printed name (h[0], a[k], h[k]); line
    « a[k] ← W^(k) … » reads the vector named ``read`` (formatted with k − 1).  A name the algorithm never assigns
    has no value: NaN, an undefined value."""
    K = len(acts)
    named = {"h[0]": x}
    for k in range(1, K + 1):
        named[f"a[{k}]"] = W[k] @ named.get(read.format(k - 1), np.full(W[k].shape[1], np.nan))
        named[f"h[{k}]"] = F[acts[k - 1]](named[f"a[{k}]"])
    return named[f"h[{K}]"]


def forward_by_name_as_printed(x, W, acts):
    """a[k] ← W^(k) h^(k−1), as printed: the algorithm's vectors are h[0], …, h[K]; h^(k−1) is none of them."""
    return _forward_by_name(x, W, acts, "h^({})")


def forward_by_name_corrected(x, W, acts):
    """a[k] ← W^(k) h[k−1]."""
    return _forward_by_name(x, W, acts, "h[{}]")


def _matrix_backprop(x, y, W, acts, previous_layer: bool):
    K = len(acts)
    h, a = forward_as_printed(x, W, acts)
    f_prime = [None] + [F_PRIME[n] for n in acts]
    grad = {}
    g = quadratic_loss_prime(h[K], y.reshape(-1, 1))          # g ← L'(h[K], y)
    for k in range(K, 0, -1):                                  # pour k décroissant de K à 1
        g = g * f_prime[k](a[k])                               # g ← g ⊙ f'_k(a[k])
        grad[k] = g @ (h[k - 1] if previous_layer else h[k]).T  # ∇_w[k] ← g h[k]^T (as printed)
        g = W[k].T @ g                                         # g ← W^(k)T g
    return grad


def matrix_backprop_as_printed(x, y, W, acts):
    """∇_w[k] ← g h[k]^T, as printed."""
    return _matrix_backprop(x, y, W, acts, previous_layer=False)


def matrix_backprop_corrected(x, y, W, acts):
    """∇_w[k] ← g h[k−1]^T."""
    return _matrix_backprop(x, y, W, acts, previous_layer=True)


# --- "Exemple sur un graphe de calcul simple" / "Déduisons les règles de base" -------------------

def graph_forward(u, v, w):
    """Évalue le graphe pour avoir f (propagation avant): t_1 = u + v, f = t_1 w."""
    t1 = u + v
    f = t1 * w
    return np.stack([t1, f])


def df_df(f):
    """∂f/∂f = 1."""
    return np.ones_like(f)


def graph_intermediate(t1, w):
    """∂f/∂w = ∂/∂w (t_1 w) ∂f/∂f = t_1 · 1 and ∂f/∂t_1 = ∂/∂t_1 (t_1 w) ∂f/∂f = w · 1."""
    return {"w": t1 * 1, "t1": w * 1}


def product_rule_dw(grad_out, t1, w):
    """∂f/∂w = ∂/∂w (t_1 w) ∂f/∂f = t_1 ∂f/∂f (the upstream gradient ∂f/∂f is ``grad_out``)."""
    return {"w": t1 * grad_out}


def product_rule_dt1(grad_out, t1, w):
    """∂f/∂t_1 = ∂/∂t_1 (t_1 w) ∂f/∂f = w ∂f/∂f."""
    return {"t1": w * grad_out}
