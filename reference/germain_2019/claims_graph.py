"""The claims of germain-2019's automatic-differentiation slides (l.196-298: what backprop is, the computational
graph of f = (u + v) w and the rules deduced from it), in the document's order, derivations included."""

from __future__ import annotations

import numpy as np
import torch
from hypothesis import strategies as st

from oracle import FigureCheck, Form, Kind, Rounding, Severity, Source, Status, ValueCheck, VJPCheck, claim
from oracle.domains import reals, same_shape
from oracle.forms import elementwise_derivative, partial_derivative, scalar_gradients, vjp
from reference.germain_2019 import printed as p
from reference.germain_2019 import sentences as s
from reference.germain_2019.derivations import BY_ID as D
from reference.germain_2019.wiring import (
    _AUTODIFF,
    _GRAPH,
    _RULES,
    FILE,
    _composite,
    _composite_domain,
    _graph_leaves,
    _scalar_chain,
    _scalar_chain_cost,
)
from reference.germain_2019.wiring_sentences import (
    _dag_gradients,
    _dags,
    _graph_partials,
    _graph_points,
    _optimizer_step_autograd,
    _torch_graph_size,
    _weights_after_backward,
    _with_optimizer,
)


def _entries(shape=None, edges=(), **names):
    """Arrays of one shape (drawn unless given), one per name, entries in [−10, 10] visiting ``edges``."""
    return lambda: same_shape(st.just(shape) if shape is not None else None,
                              **{n: (lambda sh, e=edges: reals(shape=sh, edges=e)) for n in names})


def _product(t1, w):
    return t1 * w


CLAIMS = [
    claim(
        "germain-2019/backprop-all-gradients",
        kind=Kind.ALGORITHM,
        family="graph",
        source=Source(FILE, _AUTODIFF, "Algorithme qui calcule tous les gradients dans un graphe de calcul quelconque."),
        # Random graphs of +, × and tanh nodes, operands reused (a node feeding several others).
        check=ValueCheck(reference=_dag_gradients, domain=_dags),
        printed=Form(r"\frac{\partial f}{\partial n} = \sum_{m \leftarrow n} \frac{\partial m}{\partial n}"
                     r"\frac{\partial f}{\partial m}\ \text{for every node}\ n,\ \frac{\partial f}{\partial f} = 1",
                     s.backprop_all_nodes),
    ),
    claim(
        "germain-2019/backprop-not-optimizer",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _AUTODIFF, "N'est pas l'algo d'optimisation!"),
        check=ValueCheck(reference=_weights_after_backward, domain=_scalar_chain),
        printed=Form(r"w_k\ \text{unchanged by backprop (which computes}\ w_k^\delta\text{)}", s.weights_after_backprop),
    ),
    claim(
        "germain-2019/backprop-used-by-optimizers",
        kind=Kind.ALGORITHM,
        family="algorithm",
        source=Source(FILE, _AUTODIFF, "Mais tous les algos d'optimisation des réseaux de neurones utilisent les "
                                        "gradients calculés par *backprop*."),
        # One step of SGD, SGD with momentum, Adam or RMSprop (torch.optim) fed with the slides' w_k^δ, against the
        # same step after torch's own backward pass.
        check=ValueCheck(reference=_optimizer_step_autograd, domain=lambda: _with_optimizer(_scalar_chain())),
        printed=Form(r"w \leftarrow \text{optimiseur}(w, w^\delta)", s.optimizer_step_with_backprop),
    ),
    claim(
        "germain-2019/backprop-chain-rule",
        kind=Kind.ALGORITHM,
        family="chain-rule",
        source=Source(FILE, _AUTODIFF, "Basé sur la règle de dérivation en chaîne"),
        check=VJPCheck(reference=_scalar_chain_cost, domain=_scalar_chain, wrt=("w", "x"),
                       breaks={"w": (0.0,), "x": (0.0,)}),
        printed=Form(r"\frac{\partial F}{\partial w_k} = L'(\phi_K, y) \prod_{j > k} f'_j(a_j)\, w_j \cdot "
                     r"f'_k(a_k)\, \phi_{k-1}", scalar_gradients(s.chain_rule_product)),
    ),
    claim(
        "germain-2019/autodiff-libraries",
        kind=Kind.BACKWARD,
        family="graph",
        source=Source(FILE, _AUTODIFF, "Les bibliothèques modernes de réseau de neurones effectuent le calcul des "
                                        "dérivés automatiquement"),
        # torch.autograd's derivatives of f = (u + v) w, refereed by the numeric judge.
        check=VJPCheck(reference=lambda u, v, w: (u + v) * w, domain=_entries(u=1, v=1, w=1), wrt=("u", "v", "w"),
                       elementwise=True, analytic=True),
        printed=Form(r"\texttt{torch.autograd.grad}((u + v) w)", vjp(s.library_derivatives)),
    ),
    claim(
        "germain-2019/graph-convention",
        kind=Kind.DEFINITION,
        family="graph",
        source=Source(FILE, _GRAPH, "arête : opération"),
        # With « nœud : variable » (l.211); torch's own graph of f = (u + v) w has the operations as nodes.
        check=ValueCheck(reference=_torch_graph_size, domain=lambda: st.just({})),
        printed=Form(r"f = (u + v) w:\ \text{nœuds}\ u, v, w, t_1, f;\ \text{arêtes}\ u \to t_1, v \to t_1\ (+),\ "
                     r"t_1 \to f, w \to f\ (\times)", s.graph_as_printed),
    ),
    claim(
        "germain-2019/graph-forward",
        kind=Kind.DEFINITION,
        family="graph",
        source=Source(FILE, _GRAPH, "Évalue le graphe pour avoir f : **Propagation avant** (forward pass)"),
        check=ValueCheck(reference=lambda u, v, w: torch.stack([u + v, (u + v) * w]),
                         domain=_entries(edges=(2.0, 3.0, 4.0), u=1, v=1, w=1)),
        printed=Form(r"t_1 = u + v,\ f = t_1 w", p.graph_forward),
    ),
    claim(
        "germain-2019/graph-gradient-slots",
        kind=Kind.FIGURE,
        family="graph",
        source=Source(FILE, _GRAPH, "On ajoute une variable pour stocker les gradients :"),
        expect=Status.NOT_JUDGED,
        explanation=("The graph with a gradient slot beside each variable is an image (shown on two slides): only "
                     "the sentence introducing it survives; the slots' contents are judged from l.261-271."),
    ),
    claim(
        "germain-2019/graph-chain-generic",
        kind=Kind.BACKWARD,
        family="chain-rule",
        source=Source(FILE, _GRAPH, r"$$\frac{\partial f}{\partial x} = \frac{\partial f}{\partial h} "
                                    r"\frac{\partial h}{\partial x}$$"),
        check=VJPCheck(reference=_composite, domain=_composite_domain, wrt=("x",), elementwise=True, analytic=True),
        printed=Form(r"\frac{\partial f}{\partial x} = \frac{\partial f}{\partial h} \frac{\partial h}{\partial x}",
                     partial_derivative(p.leibniz_chain_rule, "x")),
    ),
    claim(
        "germain-2019/graph-why-df",
        kind=Kind.DEFINITION,
        family="graph",
        source=Source(FILE, _GRAPH, "(Pourquoi /df? On cherche les dérivées partielle p.r. à la sortie, f)"),
        check=ValueCheck(reference=_graph_partials, domain=_graph_points),
        printed=Form(r"\frac{\partial u}{\partial f}, \frac{\partial v}{\partial f}, \frac{\partial w}{\partial f}, "
                     r"\frac{\partial t_1}{\partial f}", s.derivatives_wrt_output_as_printed),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        correction=Form(r"\frac{\partial f}{\partial u}, \frac{\partial f}{\partial v}, \frac{\partial f}{\partial w}, "
                        r"\frac{\partial f}{\partial t_1}", s.derivatives_of_output),
        explanation=("The slots hold the partial derivatives of the output f with respect to each variable "
                     "(∂f/∂u = w, ∂f/∂w = t_1, …, l.265-271), not derivatives \"p.r. à la sortie\" (∂u/∂f = 1/w, "
                     "…), which invert numerator and denominator; only the seed ∂f/∂f = 1 is taken with respect to f "
                     "(wording only: the formulas that follow are right)."),
    ),
    claim(
        "germain-2019/graph-df-df",
        kind=Kind.BACKWARD,
        family="graph",
        source=Source(FILE, _GRAPH, r"$$\frac{\partial f}{\partial f} = 1$$"),
        check=VJPCheck(reference=lambda f: torch.clone(f), domain=_entries(f=1), wrt=("f",), elementwise=True,
                       analytic=True),
        printed=Form(r"\frac{\partial f}{\partial f} = 1", elementwise_derivative(p.df_df, "f")),
    ),
    claim(
        "germain-2019/graph-example-intermediate",
        kind=Kind.BACKWARD,
        family="graph",
        source=Source(FILE, _GRAPH, r"\frac{\partial f}{\partial w} = \frac{\partial}{\partial w} (t_1 w) "
                                    r"\frac{\partial f}{\partial f} = t_1 \cdot 1"),
        # The slide prints t_1·1 and w·1 (l.265, l.267), no number: judged as the derivatives of f = t_1 w.
        check=VJPCheck(reference=_product, domain=_entries(shape=(), edges=(5.0, 4.0), t1=1, w=1), wrt=("w", "t1"),
                       analytic=True),
        printed=Form(r"\frac{\partial f}{\partial w} = t_1 \cdot 1,\ \frac{\partial f}{\partial t_1} = w \cdot 1",
                     scalar_gradients(p.graph_intermediate)),
    ),
    D["germain-2019/derivation-graph-df-dw"],
    D["germain-2019/derivation-graph-df-dt1"],
    claim(
        "germain-2019/graph-example-leaves",
        kind=Kind.FIGURE,
        family="graph",
        source=Source(FILE, _GRAPH, r"\frac{\partial f}{\partial u} = \frac{\partial t_1}{\partial u} "
                                    r"\frac{\partial f}{\partial t_1} = 1 \cdot \frac{\partial f}{\partial t_1} = 4"),
        check=FigureCheck(printed={"df/du": "4", "df/dv": "4"}, precision=np.float64, rounding=Rounding.FORMULA),
        printed=Form(r"\frac{\partial f}{\partial u} = \frac{\partial f}{\partial v} = 4,\quad f = (u+v)w,\ "
                     r"u = 2,\ v = 3,\ w = 4", _graph_leaves),
    ),
    D["germain-2019/derivation-graph-df-du"],
    D["germain-2019/derivation-graph-df-dv"],
    claim(
        "germain-2019/rules-figures",
        kind=Kind.FIGURE,
        family="graph",
        source=Source(FILE, _RULES, "Déduisons les règles de base"),
        expect=Status.NOT_JUDGED,
        explanation=("The two slides \"Déduisons les règles de base\" draw the rules of an addition and a product "
                     "node as images: only the titles survive; the rules they state are judged from l.292-298."),
    ),
    claim(
        "germain-2019/graph-df-dw-rule",
        kind=Kind.BACKWARD,
        family="graph",
        source=Source(FILE, _RULES, r"= t_1 \frac{\partial f}{\partial f}$$"),
        # A product node t_1 w inside a larger graph: ∂f/∂f is the upstream gradient it receives.
        check=VJPCheck(reference=_product, domain=_entries(t1=1, w=1), wrt=("w",), elementwise=True, analytic=True),
        printed=Form(r"\frac{\partial f}{\partial w} = \frac{\partial}{\partial w} (t_1 w) \frac{\partial f}{\partial f} "
                     r"= t_1 \frac{\partial f}{\partial f}", vjp(p.product_rule_dw)),
    ),
    claim(
        "germain-2019/graph-df-dt1-rule",
        kind=Kind.BACKWARD,
        family="graph",
        source=Source(FILE, _RULES, r"= w \frac{\partial f}{\partial f}$$"),
        check=VJPCheck(reference=_product, domain=_entries(t1=1, w=1), wrt=("t1",), elementwise=True, analytic=True),
        printed=Form(r"\frac{\partial f}{\partial t_1} = \frac{\partial}{\partial t_1} (t_1 w) "
                     r"\frac{\partial f}{\partial f} = w \frac{\partial f}{\partial f}", vjp(p.product_rule_dt1)),
    ),
]
