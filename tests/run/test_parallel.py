"""Claims over forked workers: the same results as a serial run, and a worker that dies does not hang the run."""

import os

import numpy as np
import torch
from hypothesis import strategies as st

from oracle import Form, Kind, Source, VJPCheck, claim
from oracle.analysis.sweep import sweep
from oracle.claims import Status
from oracle.domains import reals
from oracle.run.parallel import DIED, forked_map, run_claims
from oracle.run.runner import RunConfig

X = lambda: st.fixed_dictionaries({"x": reals(shape=(3,), low=-2, high=2)})


def _sin(name, impl):
    return claim(f"fixture/{name}", kind=Kind.BACKWARD, family="f", source=Source("f.txt", "S", "q"),
                 check=VJPCheck(reference=lambda x: torch.sin(x), domain=X, wrt=("x",)), printed=Form("cos", impl))


def _dies(inputs, grad_out):
    os._exit(3)  # what the kernel's out-of-memory killer does to a worker, as far as its pool can tell


RIGHT = _sin("right", lambda i, g: {"x": g * np.cos(i["x"])})
DIES = _sin("dies", _dies)
CONFIG = RunConfig(examples=5, seed=0)


def test_parallel_results_equal_serial_ones():
    claims = [RIGHT, _sin("wrong", lambda i, g: {"x": g * np.sin(i["x"])})]
    serial = [(r.observed, [f.case_text for f in r.findings]) for r, _ in run_claims(claims, CONFIG, jobs=1)]
    forked = [(r.observed, [f.case_text for f in r.findings]) for r, _ in run_claims(claims, CONFIG, jobs=2)]
    assert serial == forked


def test_a_claim_that_kills_its_worker_cannot_be_judged_and_the_others_are():
    order = []
    results = run_claims([RIGHT, DIES, RIGHT], CONFIG, jobs=2, progress=lambda r, _: order.append(r.claim.id))
    assert [r.observed for r, _ in results] == [Status.HOLDS, Status.CANNOT_JUDGE, Status.HOLDS]
    assert results[1][0].note == DIED
    assert order == ["fixture/right", "fixture/dies", "fixture/right"]  # progress in the claims' order


def test_the_sweep_goes_on_past_a_dying_claim():
    rows = sweep([RIGHT, DIES], [0, 1], examples=3, jobs=2)
    assert rows[0].failures == 0 and rows[1].failures == 2
    assert rows[1].observed == {"cannot be judged": 2} and DIED in rows[1].first_reason


def _square(i):
    if i == 2:
        os._exit(1)
    return i * i


def test_forked_map_retries_the_unfinished_tasks_alone():
    got = {}
    forked_map(5, _square, 2, got.__setitem__, lambda i: -1)
    assert got == {0: 0, 1: 1, 2: -1, 3: 9, 4: 16}
