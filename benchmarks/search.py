"""How fast ``search_backprop`` checks networks, finds each classic bug and shrinks it.

Run from the repository root (about 10 s on 2 cores)::

    python -m benchmarks.search

What is timed: a back-propagation written in plain NumPy as a student would (``student``),
right or with one classic bug, under ``check_backprop``'s protocol. (1) ``check_backprop``
on 300 small networks drawn as the search draws them (depth <= 3, widths <= 8, batches
<= 8): checks per second, and where a check's time goes. (2) ``search_backprop`` of the
right function with 200 examples. (3) Each bug: the time to find and shrink it, the
networks tried and the minimal case. Times are the median of ``--reps`` runs; one process,
one torch thread (what ``oracle.twin.threads`` picks for networks this small).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings

from oracle.backprop.protocol import check_backprop
from oracle.search.search import search_backprop
from oracle.search.strategies import batches, networks
from oracle.twin.autograd import reference
from oracle.twin.check import radii

BUGS = (
    "no f' in a hidden delta",
    "dE/dW reshaped, not transposed",
    "mean for sum",
    "relu'(0) = 1",
    "dE/dW from z",
)


def student(bug: str = "", hidden: str = "tanh") -> Callable[..., Any]:
    """A NumPy backprop of a regression network (identity output, squared error), with ``bug``."""

    def f(z: np.ndarray) -> np.ndarray:
        return np.tanh(z) if hidden == "tanh" else np.maximum(z, 0)

    def fprime(z: np.ndarray) -> np.ndarray:
        if hidden == "tanh":
            return 1 - np.tanh(z) ** 2
        return (z >= 0 if bug == "relu'(0) = 1" else z > 0).astype(z.dtype)

    def backprop(weights: list[np.ndarray], biases: list[np.ndarray], x: np.ndarray, d: np.ndarray) -> Any:
        L = len(weights)
        a, z = [x], []
        for l in range(L):
            z.append(a[l] @ weights[l].T + biases[l])
            a.append(z[l] if l == L - 1 else f(z[l]))
        delta = [np.empty(0)] * L
        delta[-1] = (a[-1] - d) / (len(x) if bug == "mean for sum" else 1)
        for l in range(L - 2, -1, -1):
            back = delta[l + 1] @ weights[l + 1]
            delta[l] = back if bug == "no f' in a hidden delta" else back * fprime(z[l])
        prev = [x, *z[:-1]] if bug == "dE/dW from z" else a
        dW = [delta[l].T @ prev[l] for l in range(L)]
        if bug == "dE/dW reshaped, not transposed":
            dW = [(prev[l].T @ delta[l]).reshape(weights[l].shape) for l in range(L)]
        return delta, dW, [delta[l].sum(axis=0) for l in range(L)]

    return backprop


def small_cases(count: int) -> list[tuple[Any, Any, Any]]:
    """``count`` networks with batches, drawn as the search draws them."""
    drawn: list[tuple[Any, Any, Any]] = []

    @settings(max_examples=count, database=None, suppress_health_check=list(HealthCheck))
    @given(networks(hidden="tanh", task="regression", depth=(1, 3), width=(1, 8)).flatmap(
        lambda net: batches(net, (1, 8)).map(lambda xd: (net, *xd))))  # fmt: skip
    def collect(case: tuple[Any, Any, Any]) -> None:
        drawn.append(case)

    collect()
    return drawn[:count]


def median_seconds(run: Callable[[], Any], reps: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(reps):
        start = time.perf_counter()
        out = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3, help="runs of each measurement (the median is shown)")
    args = parser.parse_args(argv)
    cases, fn = small_cases(300), student()
    for net, x, d in cases[:20]:  # warm-up
        check_backprop(fn, net, x, d)
    seconds, _ = median_seconds(lambda: [check_backprop(fn, *case) for case in cases], args.reps)
    each = f"{seconds / len(cases) * 1e3:.2f} ms each"
    print(f"check_backprop: {len(cases) / seconds:.0f} small networks per second ({each})")
    twin, _ = median_seconds(lambda: [reference(*case, "sum") for case in cases], args.reps)
    refs = [reference(*case, "sum") for case in cases]
    bound, _ = median_seconds(
        lambda: [radii(c[0], r, "sum") for c, r in zip(cases, refs, strict=True)], args.reps
    )
    own, _ = median_seconds(
        lambda: [fn([*c[0].weights], [*c[0].biases], c[1], c[2]) for c in cases], args.reps
    )
    parts = {"torch twin": twin, "rounding radii": bound, "the function itself": own}
    parts["reading and comparing"] = seconds - sum(parts.values())
    print("  where a check's time goes: " + ", ".join(f"{k} {v / seconds:.0%}" for k, v in parts.items()))
    seconds, result = median_seconds(lambda: search_backprop(fn, hidden="tanh", max_examples=200), args.reps)
    print(f"search_backprop, right function, 200 examples: {seconds:.2f} s ({result.summary()})")
    for bug in BUGS:
        hidden = "relu" if bug == "relu'(0) = 1" else "tanh"
        buggy = student(bug, hidden)
        seconds, result = median_seconds(
            lambda buggy=buggy, hidden=hidden: search_backprop(buggy, hidden=hidden), args.reps
        )
        m = result.minimal
        print(
            f"{bug}: {seconds:.2f} s, {result.examples} networks; minimal {m.describe()}: {m.failure()[:70]}"
        )


if __name__ == "__main__":
    main()
