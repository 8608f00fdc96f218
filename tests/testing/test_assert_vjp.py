"""assert_vjp on code nobody here curated: the cases of the issue, each with its right verdict or a one-line error.

Every "right" case has a wrong twin that must still be caught: a 1e-8 error, a wrong sign,
a dropped 1/N, a transposed weight gradient.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from oracle import VJPMismatch, VJPSetupError, assert_vjp
from oracle.checks.outcome import CaseStatus


def _one_line(exc: Exception) -> str:
    text = str(exc)
    assert "Traceback" not in text
    return text


# --- reference exactness -------------------------------------------------------------------------


def softplus_grad(g, x):
    return g / (1 + np.exp(-x))


def test_exact_softplus_derivative_holds_beyond_the_linear_switch():
    assert_vjp(F.softplus, softplus_grad, {"x": np.linspace(-30, 30, 61)})


def test_a_1e8_error_beyond_the_switch_is_still_caught():
    with pytest.raises(VJPMismatch, match="Greatest absolute difference"):
        assert_vjp(F.softplus, lambda g, x: softplus_grad(g, x) + 1e-8 * g, {"x": np.linspace(20, 30, 11)})


def bce(p, y):
    return F.binary_cross_entropy(p, y)


def bce_grad(g, p, y):
    return g * (p - y) / (p * (1 - p)) / p.size


def test_bce_gradient_near_one_holds_within_its_declared_domain():
    p, y = np.array([1 - 1e-12, 0.5, 0.3]), np.array([0.0, 1.0, 1.0])
    assert_vjp(bce, bce_grad, {"p": p, "y": y}, wrt="p", domain={"p": (0, 1)})


def test_bce_gradient_near_both_ends_with_a_1e8_relative_error_is_caught():
    # Near p = 1 - d the gradient's conditioning is eps / d (p itself is rounded): a 1e-8 relative
    # error stands above it for d >= 1e-5; at d = 1e-12 no float64 formula is better than 1e-4.
    p, y = np.array([1 - 1e-5, 1e-5]), np.array([0.0, 1.0])
    assert_vjp(bce, bce_grad, {"p": p, "y": y}, wrt="p", domain={"p": (0, 1)})
    with pytest.raises(VJPMismatch):
        assert_vjp(bce, lambda g, p, y: bce_grad(g, p, y) * (1 + 1e-8), {"p": p, "y": y}, wrt="p",
                   domain={"p": (0, 1)})


def test_steps_leaving_an_undeclared_domain_give_a_one_line_hint():
    p, y = np.array([1 - 1e-12, 0.5, 0.3]), np.array([0.0, 1.0, 1.0])
    with pytest.raises(VJPSetupError, match="declare the domain") as info:
        assert_vjp(bce, bce_grad, {"p": p, "y": y}, wrt="p")
    assert "RuntimeError" not in _one_line(info.value)


def test_bce_probabilities_close_to_both_ends():
    p, y = np.array([1e-6, 1 - 1e-6, 0.3]), np.array([0.0, 1.0, 1.0])
    assert_vjp(bce, bce_grad, {"p": p, "y": y}, wrt="p", domain={"p": (0, 1)})


def test_inputs_outside_the_declared_domain_are_refused():
    with pytest.raises(VJPSetupError, match=r"outside its declared domain \[0, 1\]: 1.5 at index \(1,\)"):
        assert_vjp(bce, bce_grad, {"p": np.array([0.5, 1.5]), "y": np.array([0.0, 1.0])}, wrt="p", domain={"p": (0, 1)})


# --- kinks ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("breaks", [None, {"x": 0.0}, {"x": [0.0]}])
def test_relu_derivative_one_at_zero_is_a_convention(breaks):
    outcome = assert_vjp(torch.relu, lambda g, x: g * (x >= 0), {"x": np.array([-1.0, 0.0, 2.0])}, breaks=breaks)
    assert outcome.status is CaseStatus.CONVENTION


def test_a_value_outside_the_one_sided_derivatives_is_caught():
    with pytest.raises(VJPMismatch, match="outside the one-sided derivatives"):
        assert_vjp(torch.relu, lambda g, x: g * ((x >= 0) + 2.0 * (x == 0)), {"x": np.array([-1.0, 0.0, 2.0])},
                   breaks={"x": 0.0})


# --- dtypes ---------------------------------------------------------------------------------------------


def s(z):
    return torch.sigmoid(z)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16, torch.bfloat16])
def test_a_low_precision_backward_is_judged_in_its_dtype(dtype):
    z = torch.linspace(-5, 5, 101).to(dtype)
    assert_vjp(torch.sigmoid, lambda g, z: g * s(z) * (1 - s(z)), {"z": z})


@pytest.mark.parametrize("form", [lambda z: s(z) - s(z) * s(z), lambda z: torch.exp(-z) / (1 + torch.exp(-z)) ** 2])
def test_other_right_float32_forms_pass(form):
    z = torch.linspace(-8, 8, 201, dtype=torch.float32)
    assert_vjp(torch.sigmoid, lambda g, z: g * form(z), {"z": z})


def test_a_float32_matmul_backward_summed_in_another_order_passes():
    gen = torch.Generator().manual_seed(0)
    x, w = torch.randn(64, 300, generator=gen), torch.randn(40, 300, generator=gen)

    def backward(g, x, w):  # numpy's float32 reductions, not torch's
        gx, gw = g.numpy() @ w.numpy(), g.numpy().T @ x.numpy()
        return {"x": gx, "w": gw}

    assert_vjp(lambda x, w: x @ w.T, backward, {"x": x, "w": w})


@pytest.mark.parametrize("dtype, mistake", [
    (dtype, mistake) for dtype in (torch.float64, torch.float32) for mistake in ("sign", "dropped 1/N", "transposed")
] + [(torch.float64, "relative 1e-8"), (torch.float32, "relative 1e-4")])
def test_classic_mistakes_are_caught_in_both_precisions(dtype, mistake):
    """A relative 1e-8 error is below float32's own rounding (eps = 1.2e-7): in float32 1e-4 is the test."""
    gen = torch.Generator().manual_seed(1)
    x, w, b = (torch.randn(6, 4, generator=gen).to(dtype), torch.randn(4, 4, generator=gen).to(dtype),
               torch.randn(4, generator=gen).to(dtype))

    def forward(x, w, b):
        return (x @ w.T + b).square().mean()

    def backward(g, x, w, b):
        d = 2 * (x @ w.T + b) / (1 if mistake == "dropped 1/N" else x.shape[0] * w.shape[0]) * g
        gw = (x.T @ d) if mistake == "transposed" else (d.T @ x)
        gx = d @ w
        if mistake == "sign":
            gx = -gx
        if mistake.startswith("relative"):
            gx = gx * (1 + float(mistake.split()[1]))
        return {"x": gx, "w": gw, "b": d.sum(0)}

    with pytest.raises(VJPMismatch):
        assert_vjp(forward, backward, {"x": x, "w": w, "b": b})


def test_the_right_twin_of_the_classic_mistakes_passes_in_float32():
    gen = torch.Generator().manual_seed(1)
    x, w, b = torch.randn(6, 4, generator=gen), torch.randn(4, 4, generator=gen), torch.randn(4, generator=gen)

    def backward(g, x, w, b):
        d = 2 * (x @ w.T + b) / (x.shape[0] * w.shape[0]) * g
        return {"x": d @ w, "w": d.T @ x, "b": d.sum(0)}

    assert_vjp(lambda x, w, b: (x @ w.T + b).square().mean(), backward, {"x": x, "w": w, "b": b})


def test_a_float32_failure_says_whether_it_is_round_off_or_a_mistake():
    z = torch.linspace(-5, 5, 101, dtype=torch.float32)
    with pytest.raises(VJPMismatch, match="In float32: .* a mistake, not rounding"):
        assert_vjp(torch.sigmoid, lambda g, z: g * s(z) * (s(z) - 1), {"z": z})
    with pytest.raises(VJPMismatch, match="In float32: .* round-off"):  # right formula, half the digits lost
        assert_vjp(torch.sigmoid, lambda g, z: g * (s(z) * (1 - s(z)) * (1 + 2e-5)), {"z": z})


def test_rtol_and_atol_replace_the_band():
    z = torch.linspace(-5, 5, 11, dtype=torch.float32)
    wrong = lambda g, z: g * s(z) * (1 - s(z)) * (1 + 1e-4)
    with pytest.raises(VJPMismatch):
        assert_vjp(torch.sigmoid, wrong, {"z": z})
    assert_vjp(torch.sigmoid, wrong, {"z": z}, rtol=1e-3, atol=1e-6)
    with pytest.raises(VJPSetupError, match="rtol and atol go together"):
        assert_vjp(torch.sigmoid, wrong, {"z": z}, rtol=1e-3)


# --- what users pass ----------------------------------------------------------------------------------


def test_autograd_function_convention_with_none_and_integer_labels_as_a_list():
    logits = torch.randn(4, 5, dtype=torch.float64, generator=torch.Generator().manual_seed(0))

    def backward(g, logits, labels):
        assert labels.dtype.kind == "i"  # integers stay integers
        p = torch.softmax(logits, 1)
        p[torch.arange(4), labels] -= 1
        return g * p / 4, None

    assert_vjp(F.cross_entropy, backward, {"logits": logits, "labels": [0, 3, 1, 4]}, wrt="logits")


def test_a_forward_with_two_outputs_gets_a_tuple_of_upstream_gradients():
    x = np.linspace(0, 1, 5)
    assert_vjp(lambda x: (x.sin(), x.cos()), lambda g, x: g[0] * np.cos(x) - g[1] * np.sin(x), {"x": x})
    with pytest.raises(VJPMismatch):
        assert_vjp(lambda x: (x.sin(), x.cos()), lambda g, x: g[0] * np.cos(x) + g[1] * np.sin(x), {"x": x})


def test_a_given_tuple_of_upstream_gradients_may_hold_none():
    x = np.linspace(0, 1, 5)
    assert_vjp(lambda x: (x.sin(), x.cos()), lambda g, x: g[0] * np.cos(x) - g[1] * np.sin(x), {"x": x},
               grad_out=(np.ones(5), None))


def test_inputs_keep_their_container_and_dtype():
    seen = {}

    def backward(g, a, b):
        seen.update(a=type(a), b=type(b), g=g.dtype)
        return {"a": g * b, "b": g * a}

    assert_vjp(lambda a, b: a * b, backward, {"a": torch.ones(3, dtype=torch.float32) * 2, "b": torch.arange(3.0)})
    assert seen == {"a": torch.Tensor, "b": torch.Tensor, "g": torch.float32}
    assert_vjp(lambda a, b: a * b, backward, {"a": np.ones(3), "b": np.arange(3.0)})
    assert seen["a"] is np.ndarray


def test_builtin_forwards_are_called_positionally():
    assert_vjp(torch.sigmoid, lambda g, z: g * s(z) * (1 - s(z)), {"z": torch.linspace(-3, 3, 7, dtype=torch.float64)})


@pytest.mark.parametrize("kwargs, pattern", [
    ({"wrt": "y"}, r"wrt names \['y'\] are not among the inputs \(x\)"),
    ({"wrt": 3}, "wrt must be an input name"),
    ({"breaks": {"y": 0.0}}, "breaks names"),
    ({"domain": {"x": (1, 0)}}, "domain for x is empty"),
    ({"domain": {"x": 5}}, r"domain for x must be a pair"),
    ({"grad_out": np.ones(4)}, r"grad_out has shape \(4,\), the forward's output \(3,\)"),
])
def test_bad_arguments_give_one_line_errors(kwargs, pattern):
    with pytest.raises(VJPSetupError, match=pattern) as info:
        assert_vjp(torch.sin, lambda g, x: g * np.cos(x), {"x": np.zeros(3)}, **kwargs)
    assert "\n" not in _one_line(info.value)


def test_a_forward_that_raises_is_a_setup_error():
    with pytest.raises(VJPSetupError, match="the forward raised RuntimeError"):
        assert_vjp(lambda x: x @ x, lambda g, x: g, {"x": np.zeros((2, 3))})


def test_a_backward_returning_the_wrong_number_of_values_is_named():
    with pytest.raises(VJPMismatch, match="your backward returned a tuple of 3 values"):
        assert_vjp(lambda a, b: a * b, lambda g, a, b: (g, g, g), {"a": np.ones(2), "b": np.ones(2)})


def test_a_custom_function_as_forward_points_to_gradcheck():
    class Flipped(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x.sin()

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return -g * x.cos()

    with pytest.raises(VJPMismatch, match=r"custom autograd.Function \(FlippedBackward\).*oracle.gradcheck"):
        assert_vjp(Flipped.apply, lambda g, x: g * np.cos(x), {"x": np.linspace(0, 1, 4)})


def test_a_large_failure_is_summarised_and_its_case_saved(tmp_path, monkeypatch):
    monkeypatch.setenv("ORACLE_CASES_DIR", str(tmp_path))
    gen = torch.Generator().manual_seed(0)
    x, w = torch.randn(2, 3, 16, 16, dtype=torch.float64, generator=gen), torch.randn(4, 3, 3, 3, dtype=torch.float64,
                                                                                      generator=gen)

    def backward(g, x, w):
        gw = torch.nn.grad.conv2d_weight(x, w.shape, g)
        gw[1, 2, 0, 1] += 1e-3
        return {"x": torch.nn.grad.conv2d_input(x.shape, w, g), "w": gw}

    with pytest.raises(VJPMismatch) as info:
        assert_vjp(F.conv2d, backward, {"x": x, "w": w})
    message = str(info.value)
    assert len(message) < 2000 and message.count("\n") < 20
    assert "at index (1, 2, 0, 1)" in message and "Around it, [1, 2, 0, 0:3]" in message
    assert "float64 tensor of shape (2, 3, 16, 16)" in message
    saved = np.load(next(tmp_path.glob("*.npz")))
    assert saved["input_x"].shape == (2, 3, 16, 16) and saved["gradient_w"][1, 2, 0, 1] == pytest.approx(
        float(torch.nn.grad.conv2d_weight(x, w.shape, torch.from_numpy(saved["grad_out"]))[1, 2, 0, 1]) + 1e-3)


# --- property: a planted error of one entry is found at that entry, whatever the shape ---------------


@settings(max_examples=15, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.integers(0, 10_000), st.sampled_from([1e-6, 1e-3, 1.0]))
def test_a_planted_error_is_localised(rows, cols, seed, size):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, cols))
    spot = (int(rng.integers(rows)), int(rng.integers(cols)))

    def backward(g, x):
        grad = g * np.cos(x)
        grad[spot] += size * max(1.0, abs(grad[spot]))
        return grad

    with pytest.raises(VJPMismatch) as info:
        assert_vjp(torch.sin, backward, {"x": x}, seed=seed)
    assert info.value.outcome.worst == f"x{spot}"
