"""Loops, loop counts and paired ratios: the arithmetic of the benchmark's samples.

A sample is the mean seconds per call over a loop calibrated to last at least ``sample_s``,
with the garbage collector off. A ratio of two sides is ``paired_ratio`` of their samples.
"""

from __future__ import annotations

import gc
import math
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["calibrate", "interleaved", "loop", "no_gc", "paired_ratio", "rotated"]


def loop(fn: Callable[[], Any], number: int) -> float:
    """Seconds per call of ``fn`` over ``number`` calls in a row."""
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def calibrate(fn: Callable[[], Any], sample_s: float) -> int:
    """Calls per sample: a warm-up call, then (if fast) a warm call sets the loop count."""
    once = loop(fn, 1)  # warm-up: first-call allocations, BLAS buffers, torch's kernels
    if once < sample_s:  # a fast call: time a second, warm one to calibrate the loop
        once = loop(fn, 1)
    return max(1, math.ceil(sample_s / once))


@contextmanager
def no_gc() -> Iterator[None]:
    """The garbage collector off inside, restored after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def rotated(items: list[str], r: int) -> list[str]:
    """``items`` starting at position r (mod its length): repetition r's order."""
    k = r % len(items)
    return items[k:] + items[:k]


def interleaved(fns: dict[str, Callable[[], Any]], reps: int, sample_s: float) -> dict[str, list[float]]:
    """Seconds per call of each function, one sample per repetition, the functions taking turns.

    For functions that share one thread pool only: a function timed right after another
    runtime's work pays for that runtime's spinning threads (see ``benchmarks/schedule.py``).
    """
    numbers = {name: calibrate(fn, sample_s) for name, fn in fns.items()}
    samples: dict[str, list[float]] = {name: [] for name in fns}
    with no_gc():
        for r in range(reps):
            for name in rotated(list(fns), r):
                samples[name].append(loop(fns[name], numbers[name]))
    return samples


def paired_ratio(top: list[float], bottom: list[float]) -> float:
    """The median over repetitions of top/bottom, each ratio taken within one repetition.

    Both samples of a repetition ran close in time, so a slow spell of a shared machine
    mostly cancels in their ratio; a ratio of two medians would not be paired this way.
    """
    return statistics.median(a / b for a, b in zip(top, bottom, strict=True))
