"""The issue's first test: ``check`` on 004's raw text finds its errata with no annotation and no false alarm."""

import pytest

from tests.course.helpers import check
from tests.documents import DOCUMENTS, document_text

FILE = "004_6a6382b038f5beb4.txt"


@pytest.mark.slow
def test_004_sigmoid_definition_derivation_and_log_likelihood_sign(tmp_path):
    document_text(FILE)  # skips cleanly where the documents are not available
    code, out, err, payload = check(str(DOCUMENTS / FILE), "--no-code", out_dir=tmp_path)
    assert code == 1 and "Traceback" not in err
    findings = {c["claim_id"].split("/", 1)[1]: c for c in payload["claims"] if c["observed"] != "holds"}
    # Exactly these, each erratum of the catalogue found where the slides print it (two slides repeat σ):
    assert sorted(findings) == ["l324-derivative", "l328-definition", "l332-derivation", "l338-definition",
                                "l342-derivation"]
    assert all(c["observed"] == "erratum" for c in findings.values())
    # the extra `a` in σ(a) = a / (1 + e^{-a}), on both slides
    for key in ("l328-definition", "l338-definition"):
        assert "differs from the standard logistic sigmoid" in findings[key]["message"]
        assert findings[key]["quote"] == r"\sigma(a) = \frac{a}{1 + e^{-a}}"
    # σ' derivation: link 2 broken (∂/∂a e^{a} for ∂/∂a (1 + e^{-a})), link 5 compensating, final line right
    full = findings["l342-derivation"]["detail"]
    assert (full["first_broken"], full["broken"], full["compensating_links"], full["final_correct"]) == (2, [2, 5], [5], True)
    # the slide before stops after the broken link: the same mistake, not compensated there
    assert findings["l332-derivation"]["detail"]["broken"] == [2]
    # the sign of the log-likelihood's derivative
    nll = findings["l324-derivative"]["detail"]
    assert nll["lines"] == [r"-\frac{y}{\hat{y}} - \frac{1 - y}{1 - \hat{y}}"] and nll["first_broken"] == 0
    assert nll["truth"].replace(" ", "") == r"-\frac{y}{\hat{y}}+\frac{1-y}{1-\hat{y}}"
    # no false alarm: every other judged statement holds, and nothing is left undecided
    assert {c["observed"] for c in payload["claims"]} == {"holds", "erratum"}
    (f,) = payload["reading"]["files"]
    assert f["judged"] == len(payload["claims"]) and f["not_understood"] > 0
