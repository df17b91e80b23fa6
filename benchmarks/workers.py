"""One process per thread pool: the sides of a runtime are built and timed in a worker of their own.

Why: numpy's OpenBLAS threads and torch's OpenMP threads both spin-wait after a call (OpenBLAS
for about 2^28 cycles, ~0.1 s). Interleaved in one process on few cores, whichever side runs
right after the other pays for the other's spinning threads. A worker imports only its own
library (the numpy worker never imports torch), sets its thread count, and answers one
command at a time over a pipe; the parent (``benchmarks/schedule.py``) decides who runs when.
Workers are spawned, not forked: a process forked after OpenMP started cannot use it.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from benchmarks.sides import Spec
from benchmarks.timing import calibrate, loop, no_gc

__all__ = ["Worker"]


class _Steps:
    """The worker's side of the pipe: the built steps of the current row and their loop counts."""

    def __init__(self, runtime: str) -> None:
        self.runtime = runtime
        self.steps: dict[str, Callable[[], Any]] = {}
        self.numbers: dict[str, int] = {}

    def build(
        self, spec: Spec, makes: dict[str, Callable[[Spec], Callable[[], Any]]], sample_s: float
    ) -> None:
        self.steps.clear()  # the last row's arrays go before this row's are made
        gc.collect()
        self.steps = {name: make(spec) for name, make in makes.items()}
        self.numbers = {name: calibrate(step, sample_s) for name, step in self.steps.items()}

    def block(self, names: list[str]) -> dict[str, float]:
        """One sample of each named step, after one untimed call that wakes this pool's threads."""
        with no_gc():
            self.steps[names[0]]()
            return {name: loop(self.steps[name], self.numbers[name]) for name in names}

    def peak(self, name: str) -> int:
        from benchmarks.memory import numpy_peak, torch_peak

        return (torch_peak if self.runtime == "torch" else numpy_peak)(self.steps[name])

    def info(self) -> dict[str, Any]:
        return {"pid": os.getpid(), "torch imported": "torch" in sys.modules}


def _serve(conn: Connection, runtime: str, threads: int) -> None:
    from benchmarks.machine import set_threads

    set_threads(threads, torch_too=runtime == "torch")
    steps = _Steps(runtime)
    while True:
        command, *args = conn.recv()
        if command == "close":
            return
        try:
            conn.send((True, getattr(steps, command)(*args)))
        except Exception:  # the parent raises it, with this traceback
            conn.send((False, traceback.format_exc()))


class Worker:
    """A spawned process that builds and times the sides of one runtime, on command."""

    def __init__(self, runtime: str, threads: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.runtime = runtime
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(target=_serve, args=(child, runtime, threads), daemon=True)
        self._process.start()
        child.close()

    def ask(self, command: str, *args: Any) -> Any:
        """Run ``command`` in the worker and wait for its answer; a failure there is raised here."""
        self._conn.send((command, *args))
        ok, value = self._conn.recv()
        if not ok:
            raise RuntimeError(f"the {self.runtime} worker failed:\n{value}")
        return value

    def close(self) -> None:
        if self._process.is_alive():
            self._conn.send(("close",))
            self._process.join(10)
        if self._process.is_alive():  # stuck in a call: do not leave it running
            self._process.kill()
        self._conn.close()
