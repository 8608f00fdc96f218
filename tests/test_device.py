"""--device: the torch judges on the CPU or a CUDA device; clean errors where CUDA is absent."""

import numpy as np
import pytest
import torch

from oracle import device
from oracle.checks import VJPCheck
from tests.test_cli import EXIT_OK, EXIT_USAGE, run

CUDA = torch.cuda.is_available()
needs_cuda = pytest.mark.skipif(not CUDA, reason="no CUDA device on this machine")
without_cuda = pytest.mark.skipif(CUDA, reason="this machine has a CUDA device")


def test_cpu_and_auto_resolve_without_a_gpu():
    assert device.resolve("cpu") == torch.device("cpu")
    assert device.resolve(" AUTO ") == (torch.device("cuda") if CUDA else torch.device("cpu"))


@pytest.mark.parametrize("spec, message", [("tpu", "unknown device 'tpu'"), ("meta", "is not supported"),
                                           ("cuda:x", "unknown device")])
def test_unknown_devices_are_refused_by_name(spec, message):
    with pytest.raises(device.DeviceUnavailable, match=message):
        device.resolve(spec)


@without_cuda
def test_asking_for_cuda_without_one_is_a_usage_error_not_a_traceback(tmp_path):
    code, out, err = run("verify", "--only", "germain-2019/sigmoid-prime", "--device", "cuda", tmp_path=tmp_path)
    assert code == EXIT_USAGE and out == ""
    assert err.startswith("oracle: error: --device: device 'cuda': no CUDA device is available")
    assert "Traceback" not in err and not (tmp_path / "verdicts.json").exists()


def test_auto_says_where_the_judges_run_and_records_it(tmp_path):
    import json

    code, _, err = run("verify", "--only", "germain-2019/sigmoid-prime", "--examples", "5", "--device", "auto",
                       tmp_path=tmp_path)
    assert code == EXIT_OK
    where = device.describe(device.resolve("auto"))
    assert f"the torch judges run on {where}" in err
    assert json.loads((tmp_path / "verdicts.json").read_text())["provenance"]["device"] == where
    assert device.current() == torch.device("cpu")  # the choice does not outlive the run


_SIGMOID = VJPCheck(reference=lambda z, w: torch.sigmoid(z @ w), domain=lambda: None, wrt=("z", "w"), analytic=True)


def _sigmoid_case(rng):
    return {"inputs": {"z": rng.normal(size=(3, 4)), "w": rng.normal(size=(4, 2))}, "grad_out": rng.normal(size=(3, 2))}


def _right(i, g):
    s = 1 / (1 + np.exp(-(i["z"] @ i["w"])))
    d = g * s * (1 - s)
    return {"z": d @ i["w"].T, "w": i["z"].T @ d}


def _wrong(i, g):
    out = _right(i, g)
    out["w"][1, 1] *= -1
    return out


@needs_cuda
@pytest.mark.parametrize("max_entries", [None, 1])
def test_on_cuda_the_judges_reach_the_cpu_verdicts(max_entries):
    """Both numeric modes (entries, projections), right and wrong forms: the same statuses and blamed entries."""
    import dataclasses

    check = dataclasses.replace(_SIGMOID, max_entries=max_entries)
    seen = []
    spy = VJPCheck(reference=lambda z, w: seen.append(z.device.type) or check.reference(z, w), domain=lambda: None,
                   wrt=check.wrt, analytic=True, max_entries=max_entries)
    rng = np.random.default_rng(0)
    for _ in range(5):
        case = _sigmoid_case(rng)
        for form in (_right, _wrong):
            cpu = check.judge(form, case)
            with device.using(device.resolve("cuda")):
                gpu = check.judge(form, case)
                spy.judge(form, case)
            assert (gpu.status, gpu.worst) == (cpu.status, cpu.worst)
    assert set(seen) == {"cuda"}


@needs_cuda
def test_the_catalogue_gives_the_same_verdicts_on_cuda(tmp_path):
    import json

    verdicts = {}
    for dev in ("cpu", "cuda"):
        out = tmp_path / dev
        code, _, _ = run("verify", "--family", "activation", "--examples", "20", "--device", dev, "--out", str(out),
                         "--no-html")
        assert code == EXIT_OK
        verdicts[dev] = {c["claim_id"]: c["observed"] for c in json.loads((out / "verdicts.json").read_text())["claims"]}
    assert verdicts["cpu"] == verdicts["cuda"]
