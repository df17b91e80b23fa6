"""The benchmark's method: who runs when, so that no side is timed while another pool spins.

Every side of a runtime lives in that runtime's worker (``benchmarks/workers.py``); only one
worker works at a time (each command waits for its answer), and before a worker gets a
command after another runtime's worker worked, the parent sleeps ``settle_s`` so that the
other pool's spinning threads have gone to sleep. Each block of samples begins with an untimed
call, which wakes the block's own pool. A repetition is one block per runtime (their order
rotates; within a block the sides rotate), so paired ratios still pair samples of one
repetition. The control: after the repetitions, the control side (torch) is timed ``reps``
more times on the very same schedule (a settle pause, an untimed call, a sample) with the
other worker's blocks left out: torch alone, as a torch user runs it, to set against its
samples in the table. Only the other runtime's work differs between the two.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from benchmarks.sides import Side, Spec
from benchmarks.timing import rotated
from benchmarks.workers import Worker

__all__ = ["Pools", "Timed", "pools", "time_row"]


class Pools:
    """The workers, one per runtime, and which one worked last."""

    def __init__(self, workers: dict[str, Worker], settle_s: float) -> None:
        self.workers = workers
        self.settle_s = settle_s
        self.last: str | None = None

    def use(self, runtime: str, *, settle: bool = False) -> Worker:
        """The runtime's worker, once the last other worker's threads had settle_s to sleep.

        ``settle``: pause even if this runtime worked last (the control's schedule).
        """
        if settle or (self.last is not None and self.last != runtime):
            time.sleep(self.settle_s)
        self.last = runtime
        return self.workers[runtime]


@contextmanager
def pools(runtimes: list[str], threads: int, settle_s: float) -> Iterator[Pools]:
    """A worker per runtime, each with ``threads`` threads, closed on exit."""
    workers = {runtime: Worker(runtime, threads) for runtime in runtimes}
    try:
        yield Pools(workers, settle_s)
    finally:
        for worker in workers.values():
            worker.close()


@dataclass(frozen=True)
class Timed:
    """Seconds per call: one sample per repetition for each side; the control side's alone."""

    samples: dict[str, list[float]]
    alone: list[float]


def time_row(
    pools: Pools, spec: Spec, sides: dict[str, Side], reps: int, sample_s: float, control: str
) -> Timed:
    """Build ``spec``'s sides in their workers, then time them block by block (module docstring)."""
    groups: dict[str, list[str]] = {}
    for name, side in sides.items():
        groups.setdefault(side.runtime, []).append(name)
    for runtime, names in groups.items():
        pools.use(runtime).ask("build", spec, {name: sides[name].make for name in names}, sample_s)
    samples: dict[str, list[float]] = {name: [] for name in sides}
    for r in range(reps):
        for runtime in rotated(list(groups), r):
            for name, seconds in pools.use(runtime).ask("block", rotated(groups[runtime], r)).items():
                samples[name].append(seconds)
    runtime = sides[control].runtime
    alone = [pools.use(runtime, settle=True).ask("block", [control])[control] for _ in range(reps)]
    return Timed(samples, alone)
