"""Curves of scalar formulas: printed, corrected and true values on a grid, and why a claim has none."""

import copy
import json

import numpy as np
import pytest
import torch
from hypothesis import strategies as st

from oracle import Form, Kind, Severity, Source, Status, ValueCheck, VJPCheck, claim
from oracle.analysis.curves import POINTS, curve
from oracle.domains import probabilities, reals, same_shape
from oracle.forms import elementwise_derivative, partial_derivative
from oracle.report.plots import curve_svg
from tests.fixtures import gate_claims


def test_curve_of_an_elementwise_derivative_against_autograd():
    data = curve(gate_claims.CLAIMS[1]).data  # printed 3x for the derivative of x², corrected 2x
    assert data["variable"] == "x" and data["quantity"] == "derivative" and data["fixed"] == {}
    assert len(data["x"]) == POINTS and (data["x"][0], data["x"][-1]) == (-8.0, 8.0)
    x = np.array(data["x"])
    assert np.allclose(data["printed"], 3 * x) and np.allclose(data["true"], 2 * x)
    assert np.allclose(data["corrected"], 2 * x)
    assert json.dumps(data) == json.dumps(curve(gate_claims.CLAIMS[1]).data)  # deterministic
    svg = curve_svg(data, salt="t", title="t")
    assert svg.startswith("<svg") and svg == curve_svg(copy.deepcopy(data), salt="t", title="t")
    assert "http" not in svg and "<metadata" not in svg and 'id="figure_1"' not in svg


def _nll_claim():
    def printed(yhat, y):
        return -y / yhat - (1 - y) / (1 - yhat)

    def ref(yhat, y):
        return -(y * torch.log(yhat) + (1 - y) * torch.log1p(-yhat))

    check = VJPCheck(reference=ref, wrt=("yhat",), elementwise=True,
                     domain=lambda: same_shape(yhat=lambda s: probabilities(shape=s), y=lambda s: probabilities(shape=s)))
    return claim("t/nll", kind=Kind.BACKWARD, family="loss", source=Source("t.txt", "S", "q"), check=check,
                 printed=Form("p", partial_derivative(printed, "yhat")), expect=Status.ERRATUM,
                 correction=Form("c", partial_derivative(lambda yhat, y: -y / yhat + (1 - y) / (1 - yhat), "yhat")),
                 explanation="sign", severity=Severity.ERROR)


def test_curve_of_a_loss_holds_the_target_where_the_mistake_shows_and_stays_in_zero_one():
    data = curve(_nll_claim()).data
    assert data["variable"] == "yhat" and data["fixed"] == {"y": 0.0}  # y = 1 would hide the sign error
    assert 0 < data["x"][0] < 0.05 and 0.95 < data["x"][-1] < 1
    assert all(t is not None for t in data["true"])


def test_no_curve_for_vector_functions():
    softmax = claim("t/softmax", kind=Kind.DEFINITION, family="x", source=Source("t.txt", "S", "q"),
                    check=ValueCheck(reference=lambda z: torch.softmax(z, dim=-1),
                                     domain=lambda: st.fixed_dictionaries({"z": reals()})),
                    printed=Form("s", lambda z: np.exp(z) / np.exp(z).sum()))
    drawn = curve(softmax)
    assert drawn.data is None and drawn.reason.startswith("a vector function")


def test_a_stability_curve_widens_to_where_the_printed_form_breaks():
    tanh = claim("t/tanh", kind=Kind.STABILITY, family="activation", source=Source("t.txt", "S", "q"),
                 check=ValueCheck(reference=lambda a: torch.tanh(a), domain=lambda: st.fixed_dictionaries({"a": reals()})),
                 printed=Form("t", lambda a: (np.exp(2 * a) - 1) / (np.exp(2 * a) + 1)))
    data = curve(tanh).data
    assert data["x"][-1] >= 355 and None in data["printed"]  # widened to show where e^{2a} overflows
    d_sq = claim("t/sq", kind=Kind.BACKWARD, family="x", source=Source("t.txt", "S", "q"), check=gate_claims.CHECK,
                 printed=Form("2x", elementwise_derivative(lambda x: 2 * x, "x")))
    assert curve(d_sq).data["x"][-1] == 8.0


def test_a_printed_form_that_raises_leaves_a_gap_and_the_truth_is_still_drawn():
    """The printed form raising is user code failing: its values are missing, the curve is still there."""
    def boom(x):
        raise ValueError("no")

    c = claim("t/boom", kind=Kind.BACKWARD, family="x", source=Source("t.txt", "S", "q"), check=gate_claims.CHECK,
              printed=Form("b", elementwise_derivative(boom, "x")), expect=Status.DOES_NOT_RUN,
              correction=Form("2x", elementwise_derivative(lambda x: 2 * x, "x")), explanation="raises",
              severity=Severity.ERROR)
    data = curve(c).data
    assert set(data["printed"]) == {None} and all(t is not None for t in data["true"])


def test_a_claim_that_is_no_scalar_function_says_so():
    total = claim("t/sum", kind=Kind.BACKWARD, family="x", source=Source("t.txt", "S", "q"),
                  check=VJPCheck(reference=lambda x: x.sum(), wrt=("x",), domain=gate_claims._x),
                  printed=Form("1", lambda inputs, g: {"x": g * np.ones_like(inputs["x"])}))
    drawn = curve(total)
    assert drawn.data is None and drawn.reason == "not a function of one scalar input"


def test_a_curve_bug_is_not_swallowed():
    """Regression: curve() used to return None for any exception, so a broken curve looked like "no curve"."""
    class Broken(VJPCheck):
        def scalar_function(self):
            raise RuntimeError("bug in the harness")

    c = claim("t/broken", kind=Kind.BACKWARD, family="x", source=Source("t.txt", "S", "q"),
              check=Broken(reference=lambda x: x * x, wrt=("x",), domain=gate_claims._x, elementwise=True),
              printed=Form("2x", elementwise_derivative(lambda x: 2 * x, "x")))
    with pytest.raises(RuntimeError, match="bug in the harness"):
        curve(c)
