"""benchmarks.schedule and benchmarks.workers: the method's fairness, checked by its structure.

Timed assertions are not made here (the machine is shared and noisy; the benchmark prints its
own control, torch alone against torch in the table). Instead fake sides log every call, with
the process that made it and when, and the tests check what makes the timing fair: each
runtime's sides run in a process of their own (the numpy one never imports torch), no two
calls overlap, a worker starts only ``settle_s`` after the other one's last call, and every
block of samples begins with an untimed call.
"""

from __future__ import annotations

import itertools
import os
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from benchmarks.schedule import pools, time_row
from benchmarks.sides import Side, Spec

FAKE_SIDES = """
import os, sys, time
from pathlib import Path

LOG = Path(__file__).with_name("calls.log")

def _step(name):
    def step():
        start = time.monotonic()  # one clock for every process (CLOCK_MONOTONIC)
        time.sleep(0.001)
        with LOG.open("a") as fh:
            fh.write(f"{name} {os.getpid()} {start} {time.monotonic()} {'torch' in sys.modules}\\n")
    return step

def a(spec): return _step("a")
def b(spec): return _step("b")
def t(spec): return _step("t")
"""

SPEC = Spec((4, 8, 3), 2, "float64", "tanh", "regression")
SETTLE_S = 0.05


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The fake sides' module, importable here and in the spawned workers (they get sys.path)."""
    (tmp_path / "fake_sides.py").write_text(textwrap.dedent(FAKE_SIDES))
    monkeypatch.syspath_prepend(str(tmp_path))
    import fake_sides

    yield fake_sides
    sys.modules.pop("fake_sides", None)  # the next test's tmp_path has its own


def _calls(fake: Any) -> list[tuple[str, int, float, float, bool]]:
    rows = [line.split() for line in fake.LOG.read_text().splitlines()]
    calls = [(n, int(pid), float(t0), float(t1), torch == "True") for n, pid, t0, t1, torch in rows]
    return sorted(calls, key=lambda c: c[2])


def test_each_runtime_runs_alone_in_its_own_process_after_the_other_settled(fake: Any) -> None:
    sides = {"a": Side("numpy", fake.a), "b": Side("numpy", fake.b), "t": Side("torch", fake.t)}
    with pools(["numpy", "torch"], threads=1, settle_s=SETTLE_S) as p:
        info = {runtime: worker.ask("info") for runtime, worker in p.workers.items()}
        timed = time_row(p, SPEC, sides, reps=3, sample_s=0, control="t")
    assert {name: len(s) for name, s in timed.samples.items()} == {"a": 3, "b": 3, "t": 3}
    assert len(timed.alone) == 3
    assert min(min(s) for s in timed.samples.values()) > 0

    calls = _calls(fake)
    pid = {"numpy": info["numpy"]["pid"], "torch": info["torch"]["pid"]}
    assert len({*pid.values(), os.getpid()}) == 3  # two workers, neither is this process
    assert all(c[1] == pid["torch" if c[0] == "t" else "numpy"] for c in calls)
    assert not info["numpy"]["torch imported"]
    assert not any(torch for name, *_, torch in calls if name != "t")

    for before, after in itertools.pairwise(calls):
        assert before[3] <= after[2]  # one call at a time, over both processes
        if before[1] != after[1]:  # the other worker: its pool had settle_s to stop spinning
            assert after[2] - before[3] >= SETTLE_S

    # build (a calibration call each), then per repetition a block per runtime, in rotated
    # order, each led by an untimed call; then torch alone: 3 such blocks of torch only,
    # each after a settle pause as if the other worker had run
    assert "".join(c[0] for c in calls) == "ab" + "t" + "aab" + "tt" + "tt" + "bba" + "aab" + "tt" + "tt" * 3
    alone = calls[-6:]
    for before, after in [(calls[-7], alone[0]), (alone[1], alone[2]), (alone[3], alone[4])]:
        assert after[2] - before[3] >= SETTLE_S


def test_a_failure_in_a_worker_is_raised_with_its_traceback(fake: Any) -> None:
    with pools(["numpy"], threads=1, settle_s=0) as p:
        p.workers["numpy"].ask("build", SPEC, {"a": fake.a}, 0)
        with pytest.raises(RuntimeError, match=r"(?s)the numpy worker failed:.*KeyError: 'missing'"):
            p.workers["numpy"].ask("block", ["missing"])
        assert p.workers["numpy"].ask("block", ["a"]).keys() == {"a"}  # and it still serves
