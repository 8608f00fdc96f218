"""The wiring of 004_6a6382b038f5beb4.txt's sentences (``sentences``): what each sentence's quantity is according to
the mathematics, computed with torch (autograd for gradients, Hessians and dependences, torch.optim for optimiser
steps), and the cases it is judged on."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import strategies as st

from oracle.domains import ACTIVATIONS, reals
from reference.germain_2019.sentences import OPTIMIZERS
from reference.germain_2019.wiring import _TORCH_F, _network_cost, _scalar_chain_cost

_SEED = st.integers(0, 2**32 - 1)

# --- convexity -----------------------------------------------------------------------------------

#: Weight of the L2 term of the SVM objective (hinge loss + λ‖θ‖², the usual soft-margin SVM).
_SVM_L2 = 0.01


def _least_squares(X, y, theta):
    return torch.mean((X @ theta - y) ** 2)


def _logistic(X, y, theta):
    return F.binary_cross_entropy_with_logits(X @ theta, (y >= 0).to(X.dtype))


def _svm(X, y, theta):
    s = torch.where(y >= 0, 1.0, -1.0).to(X.dtype)
    return torch.mean(torch.relu(1 - s * (X @ theta))) + _SVM_L2 * torch.sum(theta ** 2)


def _chord_holds(objective, X, y, a, b, lam) -> torch.Tensor:
    """1 where the chord from θ_a to θ_b lies on or above the graph: f(λa + (1−λ)b) ≤ λ f(a) + (1−λ) f(b)."""
    fa, fb = objective(X, y, a), objective(X, y, b)
    gap = lam * fa + (1 - lam) * fb - objective(X, y, lam * a + (1 - lam) * b)
    return (gap >= -1e-9 * (1 + fa.abs() + fb.abs())).to(torch.float64)


def _classical_chords(X, y, theta_a, theta_b, lam):
    """The chord inequality of least squares, logistic regression and the soft-margin SVM on one chord."""
    return torch.stack([_chord_holds(o, X, y, theta_a, theta_b, lam) for o in (_least_squares, _logistic, _svm)])


@st.composite
def _classical_problems(draw):
    """A data set (2-8 examples, 1-4 features), two parameter vectors and a point of the chord between them."""
    rng = np.random.default_rng(draw(_SEED))
    n, d = draw(st.integers(2, 8)), draw(st.integers(1, 4))
    scale = draw(st.sampled_from((0.1, 1.0, 10.0)))
    return {"X": rng.uniform(-3, 3, size=(n, d)), "y": rng.uniform(-2, 2, size=n),
            "theta_a": scale * rng.normal(size=d), "theta_b": scale * rng.normal(size=d),
            "lam": np.asarray(draw(st.sampled_from((0.5, 0.1, 0.9))) if draw(st.booleans()) else rng.uniform())}


# --- a teacher network and its mirror image ------------------------------------------------------

def _tanh_net(X, W1, w2):
    return torch.tanh(X @ W1.T) @ w2


def _teacher_loss(X, W1, w2):
    """The loss of the network (V1, v2) on the teacher's own outputs: mean((tanh(X V1ᵀ) v2 − tanh(X W1ᵀ) w2)²)."""
    y = _tanh_net(X, W1, w2)
    return lambda V1, v2: torch.mean((_tanh_net(X, V1, v2) - y) ** 2)


def _mirror_chord(X, W1, w2):
    """The chord inequality on the chord from the teacher's weights θ = (W1, w2) to −θ (same function, loss 0 at
    both ends) through its midpoint 0, whose loss is mean(y²) > 0: 1 if it holds."""
    loss = _teacher_loss(X, W1, w2)
    ends = 0.5 * (loss(W1, w2) + loss(-W1, -w2))
    return (loss(torch.zeros_like(W1), torch.zeros_like(w2)) <= ends + 1e-12).to(torch.float64)


def _mirror_minimum(X, W1, w2):
    """[1 if −θ has a zero gradient and a positive semi-definite Hessian, the loss at −θ]."""
    loss = _teacher_loss(X, W1, w2)
    m, d = W1.shape
    flat = torch.cat([-W1.reshape(-1), -w2]).detach().requires_grad_(True)

    def of_flat(t):
        return loss(t[: m * d].reshape(m, d), t[m * d:])

    grad, = torch.autograd.grad(of_flat(flat), flat)
    eig = torch.linalg.eigvalsh(torch.autograd.functional.hessian(of_flat, flat.detach()))
    minimum = bool(grad.abs().max() <= 1e-9) and bool(eig.min() >= -1e-9 * (1 + eig.abs().max()))
    return torch.stack([torch.tensor(float(minimum), dtype=torch.float64), of_flat(flat.detach())])


@st.composite
def _teacher_networks(draw):
    """A one-hidden-layer tanh network (1-3 inputs, 1-4 hidden units, no weight near 0) and 3-8 inputs."""
    rng = np.random.default_rng(draw(_SEED))
    n, d, m = draw(st.integers(3, 8)), draw(st.integers(1, 3)), draw(st.integers(1, 4))

    def signed(size):
        return rng.choice((-1.0, 1.0), size=size) * rng.uniform(0.3, 2.0, size=size)

    return {"X": rng.uniform(-2, 2, size=(n, d)), "W1": signed((m, d)), "w2": signed(m)}


# --- gradient descent from two initialisations ---------------------------------------------------

def _descend(x, v, w, steps=20, lr=0.05):
    """Plain gradient descent on mean((w relu(v x) − x)²) (a one-neuron relu network fitting y = x, x > 0)."""
    v, w = v.clone().requires_grad_(True), w.clone().requires_grad_(True)
    for _ in range(steps):
        loss = torch.mean((w * torch.relu(v * x) - x) ** 2)
        gv, gw = torch.autograd.grad(loss, (v, w))
        with torch.no_grad():
            v -= lr * gv
            w -= lr * gw
    return torch.mean((w * torch.relu(v * x) - x) ** 2).detach()


def _two_initialisations(x, v0, w0):
    """1 if gradient descent from (v0, w0) and from (−v0, w0) (a dead unit: relu(−v0 x) = 0, zero gradient) ends at
    losses more than a tenth of mean(x²) apart."""
    alive, dead = _descend(x, v0, w0), _descend(x, -v0, w0)
    return ((alive - dead).abs() > 0.1 * torch.mean(x ** 2)).to(torch.float64)


@st.composite
def _relu_problem(draw):
    rng = np.random.default_rng(draw(_SEED))
    n = draw(st.integers(1, 8))
    return {"x": rng.uniform(0.5, 1.5, size=n), "v0": np.asarray(rng.uniform(0.5, 1.2)),
            "w0": np.asarray(rng.uniform(0.5, 1.2))}


# --- saddle points ---------------------------------------------------------------------------------

def _critical_point_kind(H):
    """At p = 0 of f(p) = ½ pᵀHp: [1 if ∇f = 0, 1 if p minimises f (Hessian positive semi-definite)]."""
    def f(p):
        return 0.5 * p @ H @ p

    p0 = torch.zeros(H.shape[0], dtype=H.dtype, requires_grad=True)
    grad, = torch.autograd.grad(f(p0), p0)
    hessian = torch.autograd.functional.hessian(f, p0.detach())
    eig = torch.linalg.eigvalsh(0.5 * (hessian + hessian.T))
    return torch.stack([(grad.abs().max() == 0).to(torch.float64), (eig.min() >= 0).to(torch.float64)])


def _saddle_value(p, c, H):
    return 0.5 * (p - c) @ H @ (p - c)


_LITERAL_SADDLE = np.diag([2.0, -2.0])  # the slide's picture, x² − y² (Hessian diag(2, −2))


def _indefinite(draw) -> np.ndarray:
    """A symmetric n × n matrix (n = 2-5) with eigenvalues of both signs, 0.1-4 in magnitude, in a random basis;
    the slide's x² − y² one case in eight."""
    if draw(st.integers(0, 7)) == 0:
        return _LITERAL_SADDLE.copy()
    rng = np.random.default_rng(draw(_SEED))
    n = draw(st.integers(2, 5))
    neg = draw(st.integers(1, n - 1))
    eig = rng.uniform(0.1, 4.0, size=n) * np.r_[-np.ones(neg), np.ones(n - neg)]
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    H = Q @ np.diag(eig) @ Q.T
    return 0.5 * (H + H.T)


@st.composite
def _indefinite_hessians(draw):
    return {"H": _indefinite(draw)}


@st.composite
def _saddle_points(draw):
    """f(p) = ½ (p − c)ᵀH(p − c) with H indefinite, at its saddle point p = c."""
    H = _indefinite(draw)
    c = draw(reals(shape=(H.shape[0],), low=-3.0, high=3.0))
    return {"p": c.copy(), "c": c, "H": H}


#: One-dimensional landscapes g; f(θ) = Σ_i g(θ_i) over n parameters.
_WELLS = {"double": lambda t: (t ** 2 - 1) ** 2, "triple": lambda t: t ** 2 * (t ** 2 - 1) ** 2}
#: "Exponentially": at least this factor from n to n + 1 parameters.
GROWTH = 1.25


def _critical_points_1d(g):
    """(minima, maxima) of g on [−2, 2]: sign changes of g' (autograd) on a fine grid, told apart by the sign of g''."""
    t = (torch.arange(8000, dtype=torch.float64) + 0.5) / 2000 - 2.0
    t.requires_grad_(True)
    d1, = torch.autograd.grad(g(t).sum(), t, create_graph=True)
    d2, = torch.autograd.grad(d1.sum(), t)
    d1 = d1.detach()
    where = torch.nonzero(torch.sign(d1[:-1]) != torch.sign(d1[1:])).flatten()
    curv = 0.5 * (d2[where] + d2[where + 1])
    return int((curv > 0).sum()), int((curv < 0).sum())


def _saddle_ratio_growth(n, well):
    """f(θ) = Σ_i g(θ_i) has a diagonal Hessian: a critical point is a choice of a critical point of g per
    coordinate, a minimum when all are minima, a maximum when all are maxima, a saddle otherwise.  1 if the ratio
    saddles / minima is multiplied by at least ``GROWTH`` from n to n + 1 parameters."""
    mins, maxs = _critical_points_1d(_WELLS[well])
    k = int(n)

    def ratio(n):
        return ((mins + maxs) ** n - mins ** n - maxs ** n) / mins ** n

    return torch.tensor(float(ratio(k + 1) >= GROWTH * ratio(k)), dtype=torch.float64)


def _ratio_cases():
    return st.fixed_dictionaries({"n": st.integers(2, 12).map(np.int64), "well": st.sampled_from(sorted(_WELLS))})


# --- dependences -------------------------------------------------------------------------------

def _depends(output: torch.Tensor, *inputs: torch.Tensor) -> torch.Tensor:
    """1 for each input ``output`` is computed from (autograd's graph), 0 otherwise."""
    grads = torch.autograd.grad(output.sum(), inputs, allow_unused=True, create_graph=False)
    return torch.tensor([float(g is not None) for g in grads], dtype=torch.float64)


def _evaluation_point_dependence(x, y, v, w, f, h):
    """Whether r = R_{v,w}(x) = f(w h(v x)), the network's output, is computed from x and from y."""
    x, y = x.clone().requires_grad_(True), y.clone().requires_grad_(True)
    return _depends(_TORCH_F[f](w * _TORCH_F[h](v * x)), x, y)


def _backprop_io(x, y, activations, **layers):
    """[the number of gradients of L(R(x), y) for the network's weights, whether they depend on x, on y]."""
    x, y = x.clone().requires_grad_(True), y.clone().requires_grad_(True)
    names = [f"W{k}" for k in range(1, len(activations) + 1)]
    weights = {n: layers[n].clone().requires_grad_(True) for n in names}
    cost = _network_cost(x, y, activations, **{**layers, **weights})
    grads = torch.autograd.grad(cost, [weights[n] for n in names], create_graph=True)
    total = sum(g.sum() for g in grads)
    return torch.cat([torch.tensor([float(len(grads))], dtype=torch.float64), _depends(total, x, y)])


# --- networks as torch builds them -----------------------------------------------------------------

_MODULES = {"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}


def _torch_network(widths) -> torch.nn.Sequential:
    layers = []
    for k in range(1, len(widths)):
        layers += [torch.nn.Linear(int(widths[k - 1]), int(widths[k]), bias=False, dtype=torch.float64),
                   _MODULES[ACTIVATIONS[k % len(ACTIVATIONS)]]()]
    return torch.nn.Sequential(*layers)


def _torch_network_parts(widths):
    """[activation modules, weight matrices] of a torch network with these widths and no biases."""
    net = _torch_network(widths)
    activations = sum(isinstance(m, tuple(_MODULES.values())) for m in net)
    return torch.tensor([activations, len(list(net.parameters()))], dtype=torch.float64)


def _torch_layer_sizes(widths):
    """The sizes of the input and of every layer's output of a torch network with these widths."""
    net = _torch_network(widths)
    h = torch.zeros(int(widths[0]), dtype=torch.float64)
    sizes = [h.numel()]
    with torch.no_grad():
        for m in net:
            h = m(h)
            if not isinstance(m, torch.nn.Linear):
                sizes.append(h.numel())
    return torch.tensor(sizes, dtype=torch.float64)


# --- computational graphs ------------------------------------------------------------------------

def _dag_gradients(ops, leaves):
    """∂f/∂n for every node n of the graph (f its last node), by torch.autograd with every node's gradient kept."""
    nodes = [leaves[i].detach().clone().requires_grad_(True) for i in range(leaves.shape[0])]
    for op, i, j in ops:
        if op == "add":
            t = nodes[i] + nodes[j]
        elif op == "mul":
            t = nodes[i] * nodes[j]
        else:
            t = torch.tanh(nodes[i])
        t.retain_grad()
        nodes.append(t)
    nodes[-1].backward()
    return torch.stack([n.grad if n.grad is not None else torch.zeros((), dtype=torch.float64) for n in nodes])


@st.composite
def _dags(draw):
    """1-3 leaves in [−2, 2] and 1-6 operations (+, ×, tanh) on earlier nodes, operands reused at will."""
    rng = np.random.default_rng(draw(_SEED))
    n_leaves, n_ops = draw(st.integers(1, 3)), draw(st.integers(1, 6))
    ops = []
    for k in range(n_ops):
        available = n_leaves + k
        op = ("add", "mul", "tanh")[int(rng.integers(0, 3))]
        i, j = (int(v) for v in rng.integers(0, available, size=2))
        ops.append((op, i, i if op == "tanh" else j))
    return {"ops": tuple(ops), "leaves": rng.uniform(-2.0, 2.0, size=n_leaves)}


def _torch_graph_size():
    """[variables, operand links] of torch's autograd graph of f = (u + v) w: torch's nodes are the operations
    (leaves accumulate), so the variables are its leaves plus one output per operation."""
    u, v, w = (torch.tensor(float(c), dtype=torch.float64, requires_grad=True) for c in (2, 3, 4))
    f = (u + v) * w
    seen, stack, ops, leaves, links = set(), [f.grad_fn], 0, 0, 0
    while stack:
        fn = stack.pop()
        if fn is None or fn in seen:
            continue
        seen.add(fn)
        if type(fn).__name__ == "AccumulateGrad":
            leaves += 1
            continue
        ops += 1
        for child, _ in fn.next_functions:
            links += child is not None
            stack.append(child)
    return torch.tensor([leaves + ops, links], dtype=torch.float64)


def _graph_partials(u, v, w):
    """∂f/∂u, ∂f/∂v, ∂f/∂w, ∂f/∂t_1 of f = t_1 w, t_1 = u + v (torch.autograd, every node's gradient kept)."""
    u, v, w = (t.clone().requires_grad_(True) for t in (u, v, w))
    t1 = u + v
    t1.retain_grad()
    (t1 * w).sum().backward()
    return torch.stack([u.grad, v.grad, w.grad, t1.grad])


@st.composite
def _graph_points(draw):
    """(u, v, w) with w and t_1 = u + v at least 0.5 from 0 (so that 1/w and 1/t_1 exist); the slide's (2, 3, 4) too."""
    if draw(st.integers(0, 7)) == 0:
        return {"u": np.asarray(2.0), "v": np.asarray(3.0), "w": np.asarray(4.0)}
    rng = np.random.default_rng(draw(_SEED))
    u = rng.uniform(-5, 5)
    t1 = rng.choice((-1.0, 1.0)) * rng.uniform(0.5, 8.0)
    w = rng.choice((-1.0, 1.0)) * rng.uniform(0.5, 5.0)
    return {"u": np.asarray(u), "v": np.asarray(t1 - u), "w": np.asarray(w)}


# --- backprop and the optimisers ----------------------------------------------------------------

def _weights_after_backward(x, y, w, acts):
    """The weights after torch's backward pass of the scalar chain's cost."""
    w = w.clone().requires_grad_(True)
    _scalar_chain_cost(x, y, w, acts).backward()
    return w.detach()


def _optimizer_step_autograd(x, y, w, acts, optimizer):
    """One torch.optim step on the scalar chain's weights, with the gradient torch's backward pass leaves in .grad."""
    p = torch.nn.Parameter(w.clone())
    _scalar_chain_cost(x, y, p, acts).backward()
    OPTIMIZERS[optimizer]([p]).step()
    return p.detach()


def _with_optimizer(chain):
    return st.tuples(chain, st.sampled_from(sorted(OPTIMIZERS))).map(lambda t: {**t[0], "optimizer": t[1]})

