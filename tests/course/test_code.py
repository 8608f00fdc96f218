"""Code in course sources: cells run in a kernel (offline, time-limited), functions judged in pairs."""

import nbformat
import pytest

from oracle.course.pairs import Pair, Unpaired, find_pairs
from tests.course.helpers import FIXTURES, check, needs_kernel, observed


def fn(name, *params, optional=()):
    return {"name": name, "kind": "function",
            "params": [{"name": p, "required": True, "variadic": False} for p in params]
            + [{"name": p, "required": False, "variadic": False} for p in optional]}


def test_functions_pair_by_the_courses_conventions():
    inventory = [fn("sigmoid", "x"), fn("d_sigmoid", "x"), fn("f", "x"), fn("f_prime", "x"), fn("loss", "p", "y"),
                 fn("dloss", "p", "y"), fn("mse", "p", "y"), fn("mse_grad", "p", "y"),
                 fn("affine_forward", "x", "w"), fn("affine_backward", "dout", "cache"),
                 fn("relu_forward", "x"), fn("relu_backward", "dout", "x"),
                 fn("conv_forward", "x", "w"), fn("conv_backward", "dout", "w", "x"),
                 {"name": "Linear", "kind": "class", "methods": {"forward": [{"name": "x", "required": True}],
                                                                  "backward": [{"name": "g", "required": True}],
                                                                  "__init__": [{"name": "n", "required": True}]}},
                 {"name": "Tanh", "kind": "class", "methods": {"forward": [{"name": "x", "required": True}],
                                                                "backward": [{"name": "g", "required": True}]}}]
    got = {p.forward: p for p in find_pairs(inventory, {"f": "torch.sin"})}
    assert isinstance(got["sigmoid"], Pair) and got["sigmoid"].backward == "d_sigmoid" and got["sigmoid"].known.key == "sigmoid"
    assert got["f"].reference == "torch.sin" and got["f"].known is None
    assert isinstance(got["loss"], Unpaired) and "with respect to which one" in got["loss"].reason
    assert got["mse"].kind == "elementwise" and got["mse"].wrt == ("p",) and got["mse"].known.key == "quadratic"
    assert (got["affine_forward"].kind, got["affine_forward"].wrt) == ("cache", ("x", "w"))
    assert got["relu_forward"].kind == "vjp" and got["relu_forward"].known.key == "relu"
    assert isinstance(got["conv_forward"], Unpaired) and "follows neither" in got["conv_forward"].reason
    assert isinstance(got["Linear"], Unpaired) and "constructor arguments" in got["Linear"].reason
    assert got["Tanh"].kind == "layer" and got["Tanh"].known.key == "tanh"


@pytest.fixture(scope="module")
def lesson(tmp_path_factory):
    out = tmp_path_factory.mktemp("lesson")
    return check(str(FIXTURES / "lesson.ipynb"), "--examples", "10", out_dir=out)


@needs_kernel
@pytest.mark.slow
def test_a_notebook_runs_and_its_pairs_are_judged_right_and_wrong(lesson):
    code, out, err, payload = lesson
    assert code == 1 and "Traceback" not in err
    got = observed(payload)
    assert got["f-backward"] == "erratum"  # df forgets the + 2: the numeric judge on the notebook's own f
    assert got["cube-backward"] == "erratum"  # a class whose backward is 3x, not 3x²
    for right in ("g-backward", "square-backward", "affine_forward-backward", "sigmoid-definition",
                  "sigmoid-backward", "relu_forward-definition", "relu_forward-backward", "hyperbolic-definition",
                  "hyperbolic-backward"):
        assert got[right] == "holds", right
    judges = {c["claim_id"].split("/")[1]: c for c in payload["claims"]}
    assert "torch.autograd" not in judges["f-backward"]["message"] and "numeric" in judges["f-backward"]["message"]
    # the softplus of the Markdown cell and its derivative are judged like any math
    assert (got["c1-l3-definition"], got["c1-l4-derivative"]) == ("holds", "holds")


@needs_kernel
@pytest.mark.slow
def test_a_raising_cell_is_a_finding_and_the_network_is_blocked(lesson):
    _, out, _, payload = lesson
    got = observed(payload)
    assert got["c11-l1-cell"] == "does not run as printed"
    cells = {c["claim_id"].split("/")[1]: c["message"] for c in payload["claims"]}
    assert "ZeroDivisionError" in cells["c11-l1-cell"]
    # the network is ours to block: the cell cannot be judged here, which is not a finding against it
    assert got["c9-l1-cell"] == "cannot be judged"
    assert "offline" in cells["c9-l1-cell"] and "network access is blocked" in cells["c9-l1-cell"]
    assert "cannot be judged here (not findings):" in out and "network access is blocked" in out
    assert [s["where"] for s in payload["reading"]["skipped"]] == ["cell 10"]
    assert got["c2-l1-cell"] == "holds"
    (f,) = payload["reading"]["files"]
    assert (f["cells"], f["pairs"], f["skipped"]) == (9, 8, 1)


@needs_kernel
@pytest.mark.slow
def test_a_cell_past_its_time_limit_is_interrupted_and_the_next_cells_run(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("while True:\n    pass"),
                                         nbformat.v4.new_code_cell("x = 1")])
    path = tmp_path / "slow.ipynb"
    nbformat.write(nb, str(path))
    code, _, _, payload = check(str(path), "--cell-timeout", "2", out_dir=tmp_path / "r")
    # the time limit is the run's, not the notebook's: the cell cannot be judged, and it is no finding
    assert code == 0
    msgs = {c["claim_id"].split("/")[1]: (c["observed"], c["message"]) for c in payload["claims"]}
    assert msgs["c1-l1-cell"][0] == "cannot be judged" and "longer than 2 s" in msgs["c1-l1-cell"][1]
    assert "--cell-timeout" in msgs["c1-l1-cell"][1]
    assert msgs["c2-l1-cell"][0] == "holds"


EXPORT = """A notebook exported as text: each cell's printout follows its code in the same block.

```
In [1]: import numpy as np
data = np.load('data/train.npz')
x = data['x']
```

```
In [2]: def mean(v):
    return sum(v) / len(v)

print('mean : %f' % mean([1.0, 2.0]))

mean : 1.500000
```

```
In [3]: y = x * 2
print(y.shape)

(10, 3)
```

```
In [4]: z = mean([1.0]) + undefined_name
```

```
In [5]: w = mean([1.0]
print(w)
```
"""


@needs_kernel
@pytest.mark.slow
def test_a_text_export_s_printouts_missing_data_and_what_depends_on_it_are_not_findings(tmp_path):
    path = tmp_path / "export.txt"
    path.write_text(EXPORT)
    code, out, _, payload = check(str(path), out_dir=tmp_path / "r")
    got = {c["section"]: (c["observed"], c["message"]) for c in payload["claims"]}
    # the printout after a blank line is not code: the cell runs
    assert got["line 10"][0] == "holds"
    # a data file this machine lacks, and a cell that needs what that cell would have defined: not judged here
    assert got["line 4"][0] == "cannot be judged" and "FileNotFoundError" in got["line 4"][1]
    assert got["line 19"][0] == "cannot be judged" and "which the cell at line 4 would have defined" in got["line 19"][1]
    # a name nothing defines, and a syntax error in the code itself, are the code's own: findings
    assert got["line 26"][0] == "does not run as printed" and "undefined_name" in got["line 26"][1]
    assert got["line 30"][0] == "does not run as printed" and "SyntaxError" in got["line 30"][1]
    assert code == 1 and "2 findings, 2 cannot be judged here" in out


@needs_kernel
@pytest.mark.slow
def test_python_fences_of_markdown_are_cells_and_extreme_inputs_find_instability(tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text("# Tanh\n\n```python\nimport numpy as np\n\ndef tanh(x):\n"
                     "    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))\n\n"
                     "def d_tanh(x):\n    return 1 - tanh(x) ** 2\n```\n")
    code, out, _, payload = check(str(notes), "--examples", "10", out_dir=tmp_path / "r")
    got = observed(payload)
    assert (got["tanh-definition"], got["tanh-backward"]) == ("unstable", "unstable")
    assert code == 1 and "caveat" in out
    _, _, _, math_only = check(str(notes), "--no-code", out_dir=tmp_path / "r2")
    assert math_only["claims"] == [] and math_only["reading"]["files"][0]["cells"] == 1


def test_a_losss_prediction_is_told_by_its_parameters_names():
    got = {p.forward: p for p in find_pairs([fn("bce", "y", "y_hat"), fn("bce_grad", "y", "y_hat"),
                                              fn("mse", "pred", "target"), fn("mse_prime", "pred", "target"),
                                              fn("log_loss", "u", "v"), fn("d_log_loss", "u", "v")], {})}
    assert (got["bce"].order, got["bce"].wrt) == ((1, 0), ("y_hat",))
    assert (got["mse"].order, got["mse"].wrt) == ((0, 1), ("pred",))
    assert isinstance(got["log_loss"], Unpaired) and "is the prediction" in got["log_loss"].reason


@needs_kernel
@pytest.mark.slow
def test_a_loss_written_target_first_is_judged_in_its_prediction(tmp_path):
    notes = tmp_path / "loss.md"
    notes.write_text("```python\nimport numpy as np\n\ndef bce(y, y_hat):\n"
                     "    return -(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat))\n\n"
                     "def bce_grad(y, y_hat):\n    return -y / y_hat + (1 - y) / (1 - y_hat)\n\n"
                     "def mse(y, y_hat):\n    return (y_hat - y) ** 2\n\n"
                     "def mse_grad(y, y_hat):\n    return 2 * (y - y_hat)  # the sign of d/dy, not d/dy_hat\n```\n")
    _, _, _, payload = check(str(notes), "--examples", "10", out_dir=tmp_path / "r")
    got = observed(payload)
    assert (got["bce-definition"], got["bce-backward"]) == ("holds", "holds")
    assert (got["mse-definition"], got["mse-backward"]) == ("holds", "erratum")
