"""ForwardVJPCheck: a derivative judged by the numeric judge alone, against a forward known only as code."""

import numpy as np
from hypothesis import find, settings
from hypothesis import strategies as st

from oracle.checks.forward import ForwardVJPCheck
from oracle.checks.outcome import CaseStatus
from oracle.claims import Form, Kind, Source, claim
from oracle.domains import reals
from oracle.forms import elementwise_derivative, vjp
from oracle.run.runner import RunConfig, run_claim


def _case(check):
    return find(check.strategy(check.domain), lambda _: True, settings=settings(database=None))


def _elementwise(forward, **kw):
    return ForwardVJPCheck(forward=forward, wrt=("x",), elementwise=True,
                           domain=lambda: st.fixed_dictionaries({"x": reals(shape=(6,), low=-3, high=3)}), **kw)


def test_a_right_derivative_passes_and_a_wrong_one_fails_at_its_entry():
    check = _elementwise(lambda x: x ** 3 + 2 * x)
    case = _case(check)
    assert check.judge(elementwise_derivative(lambda x: 3 * x ** 2 + 2, "x"), case).status is CaseStatus.PASS
    wrong = check.judge(elementwise_derivative(lambda x: 3 * x ** 2, "x"), case)
    assert wrong.status is CaseStatus.FAIL and wrong.judges == ("numeric",)
    assert "disagrees with numeric" in wrong.message and wrong.mismatched == 6


def test_a_non_elementwise_forward_and_its_many_copies_at_once():
    w = np.array([[1.0, -2.0], [0.5, 3.0], [2.0, 1.0]])
    calls = {"one": 0, "many": 0}

    def forward(x):
        calls["one"] += 1
        return np.tanh(x @ w)

    def many(inputs, name, xs):
        calls["many"] += 1
        return np.stack([np.tanh(x @ w) for x in xs])

    forward.many = many
    check = ForwardVJPCheck(forward=forward, wrt=("x",),
                            domain=lambda: st.fixed_dictionaries({"x": reals(shape=(4, 3), low=-2, high=2)}))
    case = _case(check)
    calls.update(one=0, many=0)  # drawing the case called the forward; count the judge's calls only
    right = vjp(lambda g, x: {"x": (g * (1 - np.tanh(x @ w) ** 2)) @ w.T})
    wrong = vjp(lambda g, x: {"x": (g * (1 - np.tanh(x @ w) ** 2)) @ w[:, ::-1].T})
    assert check.judge(right, case).status is CaseStatus.PASS
    assert check.judge(wrong, case).status is CaseStatus.FAIL
    assert calls["many"] > 0 and calls["one"] <= 2  # the perturbed copies went through many(), one call each batch


def test_a_forward_that_raises_is_not_blamed_on_the_derivative_and_a_raising_backward_is_a_crash():
    def broken(x):
        raise ValueError("no")

    check = _elementwise(broken)
    case = _case(check)
    assert check.judge(elementwise_derivative(lambda x: x, "x"), case).status is CaseStatus.INCONCLUSIVE
    ok = _elementwise(lambda x: x ** 2)
    crash = ok.judge(elementwise_derivative(lambda x: 1 / 0, "x"), _case(ok))
    assert crash.status is CaseStatus.CRASH and "ZeroDivisionError" in crash.message


def test_through_the_runner_a_kink_is_not_an_erratum():
    check = ForwardVJPCheck(forward=lambda x: np.abs(x), wrt=("x",), elementwise=True, breaks={"x": (0.0,)},
                            domain=lambda: st.fixed_dictionaries({"x": reals(shape=(5,), low=-2, high=2, edges=(0.0,))}))
    c = claim("t/abs", kind=Kind.BACKWARD, family="t", source=Source("t", "t", "t"), check=check,
              printed=Form("sign", elementwise_derivative(np.sign, "x")))
    assert run_claim(c, RunConfig(examples=20)).observed.value == "holds"
