"""oracle.gradcheck: torch's call and return convention, the numeric judge's verdicts (Note [own backward])."""

import pytest
import torch
from torch.autograd.gradcheck import GradcheckError as TorchGradcheckError

import oracle
from oracle import GradcheckError
from oracle.checks.outcome import CaseStatus
from oracle.checks.own_backward import OwnBackwardCheck


def function(name, forward, backward, vmappable=False):
    """A custom autograd.Function from a forward and a backward of (saved input, upstream)."""

    def fwd(ctx, x):
        ctx.save_for_backward(x)
        return forward(x)

    def bwd(ctx, g):
        (x,) = ctx.saved_tensors
        return backward(x, g)

    attrs = {"forward": staticmethod(fwd), "backward": staticmethod(bwd)}
    return type(name, (torch.autograd.Function,), attrs)


Sigmoid = function("Sigmoid", torch.sigmoid, lambda x, g: g * torch.sigmoid(x) * (1 - torch.sigmoid(x)))
FlippedSigmoid = function("FlippedSigmoid", torch.sigmoid, lambda x, g: g * torch.sigmoid(x) * (torch.sigmoid(x) - 1))
Relu = function("Relu", lambda x: x.clamp(min=0), lambda x, g: g * (x >= 0))
BadRelu = function("BadRelu", lambda x: x.clamp(min=0), lambda x, g: g * ((x >= 0) + 2.0 * (x == 0)))


class Linear(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, w, b):
        ctx.save_for_backward(x, w)
        return x @ w.T + b

    @staticmethod
    def backward(ctx, g):
        x, w = ctx.saved_tensors
        return g @ w, g.T @ x, g.sum(0)


class TransposedLinear(Linear):
    @staticmethod
    def backward(ctx, g):
        x, w = ctx.saved_tensors
        return g @ w, x.T @ g, g.sum(0)


def leaf(*shape, dtype=torch.float64, seed=0):
    return torch.randn(*shape, dtype=dtype, generator=torch.Generator().manual_seed(seed)).requires_grad_(True)


def test_right_backward_returns_true_like_torch():
    x = leaf(20)
    assert torch.autograd.gradcheck(Sigmoid.apply, (x,))
    assert oracle.gradcheck(Sigmoid.apply, (x,)) is True
    assert oracle.gradcheck(Sigmoid.apply, x) is True  # one tensor, as torch accepts


def test_wrong_backward_raises_torch_gradcheck_error_naming_the_entry():
    x = leaf(20)
    with pytest.raises(TorchGradcheckError) as info:  # catchable as torch's
        oracle.gradcheck(FlippedSigmoid.apply, (x,))
    assert isinstance(info.value, GradcheckError)
    assert "The backward of FlippedSigmoid.apply disagrees with the numeric judge" in str(info.value)
    assert "Gradient for inputs[0] at index" in str(info.value) and "±" in str(info.value)
    assert oracle.gradcheck(FlippedSigmoid.apply, (x,), raise_exception=False) is False


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
def test_several_inputs_large_enough_for_projections(dtype):
    x, w, b = leaf(64, 30, dtype=dtype), leaf(30, 30, dtype=dtype, seed=1), leaf(30, dtype=dtype, seed=2)
    assert oracle.gradcheck(Linear.apply, (x, w, b))
    with pytest.raises(GradcheckError, match=r"inputs\[1\]"):  # bisection finds an entry of w's gradient
        oracle.gradcheck(TransposedLinear.apply, (x, w, b))


def test_bisection_names_a_single_planted_entry():
    Planted = function("Planted", torch.tanh, lambda x, g: (g * (1 - torch.tanh(x) ** 2)).index_put(
        (torch.tensor([7]), torch.tensor([11])), torch.tensor(0.5, dtype=torch.float64), accumulate=True))
    with pytest.raises(GradcheckError, match=r"inputs\[0\] at index \(7, 11\)"):
        oracle.gradcheck(Planted.apply, (leaf(40, 30),))


def test_a_kink_within_the_step_is_a_convention_not_a_failure():
    x = torch.tensor([-1.0, 0.0, 2.0, 0.0], dtype=torch.float64, requires_grad=True)
    with pytest.raises(TorchGradcheckError):  # torch's own calls ReLU'(0) = 1 wrong
        torch.autograd.gradcheck(Relu.apply, (x,))
    assert oracle.gradcheck(Relu.apply, (x,))
    with pytest.raises(GradcheckError, match="outside the one-sided derivatives"):
        oracle.gradcheck(BadRelu.apply, (x,))


def test_float32_backward_is_judged_in_float32():
    x = leaf(50, dtype=torch.float32)
    with pytest.warns(UserWarning):  # torch's own refuses to judge float32 without a warning
        torch.autograd.gradcheck(Sigmoid.apply, (x,), raise_exception=False)
    assert oracle.gradcheck(Sigmoid.apply, (x,))
    with pytest.raises(GradcheckError):
        oracle.gradcheck(FlippedSigmoid.apply, (x,))


def test_summing_in_another_order_is_not_nondeterminism():
    calls = []

    class Reordered(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, w):
            ctx.save_for_backward(x, w)
            return x @ w

        @staticmethod
        def backward(ctx, g):
            x, w = ctx.saved_tensors
            calls.append(1)
            # the same sums, over the columns of g in another order on every other call
            order = torch.randperm(g.shape[1]) if len(calls) % 2 else torch.arange(g.shape[1])
            return g[:, order] @ w.T[order], x.T @ g

    x, w = leaf(8, 50), leaf(50, 6, seed=1)
    assert oracle.gradcheck(Reordered.apply, (x, w))


def test_real_nondeterminism_is_caught():
    calls = []

    class Noisy(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            calls.append(1)
            return g * 2 + (1e-6 if len(calls) % 2 else 0.0)

    with pytest.raises(GradcheckError, match="not deterministic"):
        oracle.gradcheck(Noisy.apply, (leaf(5),))
    assert oracle.gradcheck(Noisy.apply, (leaf(5),), nondet_tol=1e-5, atol=1e-5, rtol=0.0)


def test_reference_adds_the_autograd_judge_and_catches_a_1e8_error():
    Slightly = function("Slightly", torch.tanh, lambda x, g: g * (1 - torch.tanh(x) ** 2) * (1 + 1e-8))
    x = leaf(40, 30)
    assert oracle.gradcheck(function("Tanh", torch.tanh, lambda x, g: g * (1 - torch.tanh(x) ** 2)).apply, (x,),
                            reference=torch.tanh)
    with pytest.raises(GradcheckError, match="disagrees with autograd"):
        oracle.gradcheck(Slightly.apply, (x,), reference=torch.tanh)


def test_a_1e8_error_is_caught_where_entries_are_estimated():
    def forward(x):  # plain torch ops vmap: every entry is estimated
        return torch.tanh(x)

    class Hooked(torch.nn.Module):
        def forward(self, x):
            y = torch.tanh(x)
            y.register_hook(lambda g: g * (1 + 1e-8))
            return y

    x = leaf(8, 5)
    assert oracle.gradcheck(forward, (x,))
    with pytest.raises(GradcheckError):
        oracle.gradcheck(Hooked(), (x,))


def test_unsupported_options_and_inputs_without_grad_are_clear():
    with pytest.raises(GradcheckError, match="check_forward_ad needs torch.autograd.gradcheck"):
        oracle.gradcheck(Sigmoid.apply, (leaf(3),), check_forward_ad=True)
    with pytest.raises(GradcheckError, match="no input requires grad"):
        oracle.gradcheck(Sigmoid.apply, (torch.ones(3),))


def test_a_backward_that_raises_is_reported():
    Broken = function("Broken", torch.sin, lambda x, g: g @ torch.ones(7))
    with pytest.raises(GradcheckError, match="the backward raised RuntimeError"):
        oracle.gradcheck(Broken.apply, (leaf(3),))


def test_a_forward_that_only_runs_in_float32_is_a_setup_error():
    Cast = function("Cast", lambda x: torch.sin(x.float()), lambda x, g: g * torch.cos(x.float()))
    with pytest.raises(GradcheckError, match="needs a forward that computes in float64"):
        oracle.gradcheck(Cast.apply, (leaf(3, dtype=torch.float32),))


def test_the_check_reports_its_mode():
    check = OwnBackwardCheck()
    plain = check.judge(lambda x: torch.sin(x), {"x": leaf(4)}, ("x",))
    custom = check.judge(lambda x: Sigmoid.apply(x), {"x": leaf(4)}, ("x",))
    assert plain.status is CaseStatus.PASS and plain.detail["numeric_mode"] == "entries"
    assert custom.status is CaseStatus.PASS and custom.detail["numeric_mode"] == "projections"


def test_kinks_in_a_forward_judged_entry_by_entry():
    x = torch.tensor([-1.0, 0.0, 2.0, 0.0, 3.0], dtype=torch.float64, requires_grad=True)
    assert oracle.gradcheck(torch.relu, (x,))  # torch's ReLU'(0) = 0: a valid one-sided value
    # the same values, but autograd's derivative at 0 becomes 1 + 3: outside [0, 1]
    wrong = lambda x: torch.where(x >= 0, x, 0 * x) + (x == 0) * 3 * x
    with pytest.raises(GradcheckError, match="outside the one-sided derivatives"):
        oracle.gradcheck(wrong, (x,))


@pytest.mark.parametrize("fn", [torch.log, function("Log", torch.log, lambda x, g: g / x).apply])
def test_steps_leaving_the_domain_are_a_setup_error_not_a_pass(fn):
    x = torch.tensor([1e-4, 0.5, 2.0], dtype=torch.float64, requires_grad=True)
    with pytest.raises(GradcheckError, match="its steps left the function's domain"):
        oracle.gradcheck(fn, (x,))


SumOfSquares = function("SumOfSquares", lambda x: (x ** 2).sum(), lambda x, g: g * 2 * x)
HalfSumOfSquares = function("HalfSumOfSquares", lambda x: (x ** 2).sum(), lambda x, g: g * x)


def test_a_function_with_a_scalar_output_is_judged():
    """Regression (the bench's losses): a 0-d output drew a numpy scalar as its upstream gradient and raised."""
    x = leaf(4, 3)
    assert oracle.gradcheck(SumOfSquares.apply, (x,)) is True
    with pytest.raises(GradcheckError, match="inputs\\[0\\]"):
        oracle.gradcheck(HalfSumOfSquares.apply, (x,))
