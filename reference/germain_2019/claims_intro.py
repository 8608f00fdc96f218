"""The claims of germain-2019's opening slides (l.12-52: nomenclature, convexity, saddle points), in the document's
order."""

from __future__ import annotations

from oracle import Form, Kind, Severity, Source, Status, ValueCheck, VJPCheck, claim
from oracle.forms import scalar_gradients
from reference.germain_2019 import sentences as s
from reference.germain_2019.wiring import (
    _CLASSICAL,
    _NOMENCLATURE,
    _SADDLE,
    FILE,
    _three_layer_output,
    _three_layers,
    _torch_forward,
)
from reference.germain_2019.wiring_sentences import (
    GROWTH,
    _classical_chords,
    _classical_problems,
    _critical_point_kind,
    _indefinite_hessians,
    _mirror_chord,
    _mirror_minimum,
    _ratio_cases,
    _relu_problem,
    _saddle_points,
    _saddle_ratio_growth,
    _saddle_value,
    _teacher_networks,
    _two_initialisations,
)

CLAIMS = [
    claim(
        "germain-2019/nomenclature-figure",
        kind=Kind.DEFINITION,
        family="notation",
        source=Source(FILE, _NOMENCLATURE, "Illustration et nomenclature"),
        expect=Status.NOT_JUDGED,
        explanation=("The slide's illustration of a network and its nomenclature is an image: only its title "
                     "survives (the composition printed under it is judged by nomenclature-composition)."),
    ),
    claim(
        "germain-2019/nomenclature-composition",
        kind=Kind.DEFINITION,
        family="notation",
        source=Source(FILE, _NOMENCLATURE, r"$$\hat{y} = f^{(3)} \left(f^{(2)} \left(f^{(1)} (x) \right) \right)$$"),
        # f^{(k)} is layer k as a function, h ↦ f_k(W^(k) h) (the later slides' a[k] = W^(k) h[k−1], h[k] = f_k(a[k])).
        check=ValueCheck(reference=_torch_forward, domain=_three_layers),
        printed=Form(r"\hat{y} = f^{(3)}\left(f^{(2)}\left(f^{(1)}(x)\right)\right),\ "
                     r"f^{(k)}(\mathbf{h}) = f_k(\mathbf{W}^{(k)} \mathbf{h})", _three_layer_output),
    ),
    claim(
        "germain-2019/convex-classical-methods",
        kind=Kind.DEFINITION,
        family="optimisation",
        source=Source(FILE, _CLASSICAL, "Beaucoup de méthodes d'apprentissage sont convexes"),
        # Least squares, logistic regression and the soft-margin SVM (l.33-35): each objective's chord inequality.
        check=ValueCheck(reference=_classical_chords, domain=_classical_problems),
        printed=Form(r"J(\lambda\theta_a + (1-\lambda)\theta_b) \le \lambda J(\theta_a) + (1-\lambda) J(\theta_b)"
                     r"\ \text{for}\ J \in \{J_{\text{mc}}, J_{\text{log}}, J_{\text{SVM}}\}", s.classical_methods_convex),
    ),
    claim(
        "germain-2019/nn-non-convex",
        kind=Kind.DEFINITION,
        family="optimisation",
        source=Source(FILE, _CLASSICAL, "Les réseaux de neurones sont non-convexes"),
        # A witness chord: a tanh network θ and its mirror −θ compute the same function (loss 0 on the network's own
        # outputs); the midpoint 0 outputs 0, whose loss is mean(y²) > 0.
        check=ValueCheck(reference=_mirror_chord, domain=_teacher_networks),
        printed=Form(r"\exists\,\theta_a, \theta_b:\ J\left(\tfrac{\theta_a + \theta_b}{2}\right) > "
                     r"\tfrac{1}{2}\left(J(\theta_a) + J(\theta_b)\right)", s.neural_networks_convex),
    ),
    claim(
        "germain-2019/init-dependence",
        kind=Kind.DEFINITION,
        family="optimisation",
        source=Source(FILE, _CLASSICAL, "Le résultat varie selon l'initialisation de la descente en gradient."),
        # A one-neuron relu network w·relu(v x) fitting y = x on x > 0: from (v0, w0) gradient descent learns; from
        # (−v0, w0) the unit is dead (zero gradient) and the loss stays at mean(x²).
        check=ValueCheck(reference=_two_initialisations, domain=_relu_problem),
        printed=Form(r"\theta_{\text{GD}}(\theta_0) \ne \theta_{\text{GD}}(\theta_0')\ \text{(different losses)}",
                     s.gradient_descent_result_varies),
    ),
    claim(
        "germain-2019/local-minima-acceptable",
        kind=Kind.DEFINITION,
        family="optimisation",
        source=Source(FILE, _CLASSICAL, "On doit accepter que les minimums locaux peuvent être de bonnes solutions."),
        # The mirror −θ of a tanh network θ, on θ's own outputs: zero gradient, PSD Hessian, and loss 0.
        check=ValueCheck(reference=_mirror_minimum, domain=_teacher_networks),
        printed=Form(r"\nabla J(\theta^*) = 0,\ \nabla^2 J(\theta^*) \succeq 0,\ J(\theta^*) = \min J = 0",
                     s.local_minimum_is_good),
    ),
    claim(
        "germain-2019/saddle-points-solutions",
        kind=Kind.DEFINITION,
        family="optimisation",
        source=Source(FILE, _CLASSICAL, "La recherche montre que les solutions sont en fait souvent points de selle"),
        check=ValueCheck(reference=_critical_point_kind, domain=_indefinite_hessians),
        printed=Form(r"\text{point de selle } p:\ \nabla f(p) = 0\ \text{and}\ p \in \arg\min f",
                     s.saddle_point_as_printed),
        expect=Status.ERRATUM,
        severity=Severity.NOTE,
        correction=Form(r"\text{point critique } p:\ \nabla f(p) = 0,\ \text{souvent un point de selle}\ "
                        r"(p \notin \arg\min f)", s.saddle_point_corrected),
        explanation=("The research cited (Dauphin et al. 2014) finds that the critical points where gradient descent "
                     "slows down are mostly saddle points, not the solutions: a saddle point has a zero gradient but "
                     "an indefinite Hessian, so it minimises nothing and gradient descent leaves it (wording only: "
                     "nothing the slides compute depends on it)."),
    ),
    claim(
        "germain-2019/saddle-ratio",
        kind=Kind.DEFINITION,
        family="optimisation",
        source=Source(FILE, _CLASSICAL, "ratio (points de selle) / (minimum locaux) augmente exponentiellement avec "
                                        "nombre paramètres à optimiser"),
        # A separable landscape f(θ) = Σ_i g(θ_i), g a double or triple well: its critical points are counted
        # exactly, classified by the signs of g'' (autograd); the ratio tends to grow like (3/2)^n or (5/3)^n.
        check=ValueCheck(reference=_saddle_ratio_growth, domain=_ratio_cases),
        printed=Form(r"\frac{\#\,\text{points de selle}}{\#\,\text{minimums locaux}}(n + 1) \ge "
                     + str(GROWTH) + r"\,\frac{\#\,\text{points de selle}}{\#\,\text{minimums locaux}}(n)",
                     s.saddle_ratio_grows_exponentially),
    ),
    claim(
        "germain-2019/saddle-and-loss-figures",
        kind=Kind.FIGURE,
        family="optimisation",
        source=Source(FILE, _SADDLE, "Exemple point de selle"),
        expect=Status.NOT_JUDGED,
        explanation=("The saddle-point plot (\"Exemple point de selle\") and the loss profile (\"Profil de la "
                     "fonction de perte\") are images: only their titles survive; the bullet beside them "
                     "(« Dérivées partielles nulles au point de selle ») is judged by saddle-zero-gradient."),
    ),
    claim(
        "germain-2019/saddle-zero-gradient",
        kind=Kind.BACKWARD,
        family="optimisation",
        source=Source(FILE, _SADDLE, "Dérivées partielles nulles au point de selle"),
        check=VJPCheck(reference=_saddle_value, domain=_saddle_points, wrt=("p",), analytic=True),
        printed=Form(r"\frac{\partial f}{\partial p_i}(p^*) = 0,\ f(p) = \tfrac{1}{2}(p - c)^T H (p - c),\ p^* = c",
                     scalar_gradients(s.saddle_partial_derivatives)),
    ),
]
