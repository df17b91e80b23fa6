"""refbp's forward + backward against torch.autograd and the bare matrix multiplies.

Run from the repository root (``--quick`` for a short table, ``--json PATH`` to keep it)::

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python -m benchmarks.bench

Method: one process; numpy's BLAS and torch get the same thread count (threadpoolctl and
``torch.set_num_threads``); every side is warmed up, its loop count calibrated so that a
sample lasts at least ``--sample-ms``, then the sides run interleaved (the order rotates
every repetition) with the garbage collector off. Times are medians over the repetitions;
each ratio is the median of the ratios within a repetition (see ``paired_ratio``).
Peak memory: see ``benchmarks/memory.py``.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from benchmarks.machine import machine, set_threads
from benchmarks.memory import numpy_peak, torch_peak
from benchmarks.sides import Spec, build
from benchmarks.table import format_table, verdicts

SMALL = (((4, 8, 3), 1), ((4, 8, 3), 32), ((784, 256, 256, 10), 128))
LARGE = (((1024, 1024, 1024, 10), 512), ((4096, 4096, 10), 1024))
HIDDEN_TASK = tuple((h, t) for h in ("tanh", "relu") for t in ("regression", "binary", "multiclass"))
LARGE_HIDDEN_TASK = (("tanh", "multiclass"), ("relu", "regression"))
QUICK_HIDDEN_TASK = (("tanh", "regression"), ("relu", "multiclass"))


def specs(quick: bool) -> list[Spec]:
    """Every row of the table: small nets over every hidden x task, large nets over a few."""
    rows: list[Spec] = []
    for dtype in ("float64", "float32"):
        for sizes, n in SMALL:
            for hidden, task in QUICK_HIDDEN_TASK if quick else HIDDEN_TASK:
                rows.append(Spec(sizes, n, dtype, hidden, task))
        for sizes, n in LARGE[:1] if quick else LARGE:
            for hidden, task in QUICK_HIDDEN_TASK[:1] if quick else LARGE_HIDDEN_TASK:
                rows.append(Spec(sizes, n, dtype, hidden, task))
    return rows


def _loop(fn: Callable[[], Any], number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def interleaved(fns: dict[str, Callable[[], Any]], reps: int, sample_s: float) -> dict[str, list[float]]:
    """Seconds per call of each function, one sample per repetition, the functions taking turns."""
    numbers = {}
    for name, fn in fns.items():
        once = _loop(fn, 1)  # warm-up: first-call allocations, BLAS buffers, torch's kernels
        if once < sample_s:  # a fast call: time a second, warm one to calibrate the loop
            once = _loop(fn, 1)
        numbers[name] = max(1, math.ceil(sample_s / once))
    samples: dict[str, list[float]] = {name: [] for name in fns}
    names = list(fns)
    enabled = gc.isenabled()
    gc.disable()
    try:
        for r in range(reps):
            for name in names[r % len(names) :] + names[: r % len(names)]:
                samples[name].append(_loop(fns[name], numbers[name]))
    finally:
        if enabled:
            gc.enable()
    return samples


def paired_ratio(top: list[float], bottom: list[float]) -> float:
    """The median over repetitions of top/bottom, each ratio taken within one repetition.

    Both samples of a repetition ran back to back, so a slow spell of a shared machine
    mostly cancels in their ratio; a ratio of two medians would not be paired this way.
    """
    return statistics.median(a / b for a, b in zip(top, bottom, strict=True))


def run_row(spec: Spec, reps: int, sample_s: float) -> dict[str, Any]:
    """Time and measure one row; returns the JSON-ready record."""
    sides = build(spec)
    samples = interleaved({"refbp": sides.refbp, "torch": sides.torch, "gemm": sides.gemm}, reps, sample_s)
    t = {name: statistics.median(s) for name, s in samples.items()}
    return {
        "name": spec.name,
        "sizes": list(spec.sizes),
        "n": spec.n,
        "dtype": spec.dtype,
        "hidden": spec.hidden,
        "task": spec.task,
        "refbp_ms": 1e3 * t["refbp"],
        "torch_ms": 1e3 * t["torch"],
        "gemm_ms": 1e3 * t["gemm"],
        "refbp_torch": paired_ratio(samples["refbp"], samples["torch"]),
        "refbp_gemm": paired_ratio(samples["refbp"], samples["gemm"]),
        "gemm_torch": paired_ratio(samples["gemm"], samples["torch"]),
        "gemm_gflops": sides.flops / t["gemm"] / 1e9,
        "refbp_peak_mib": numpy_peak(sides.refbp) / 2**20,
        "torch_peak_mib": torch_peak(sides.torch) / 2**20,
        "width": spec.width,
    }


def time_oracle_check(reps: int, sample_s: float) -> float:
    """Milliseconds per ``oracle.check`` of a 4-8-3 tanh regression net at batch 32 (median)."""
    import oracle
    import refbp

    rng = np.random.default_rng(0)
    net = refbp.MLP.init((4, 8, 3), hidden="tanh", task="regression", seed=0)
    x, d = rng.normal(size=(32, 4)), rng.normal(size=(32, 3))
    return 1e3 * statistics.median(
        interleaved({"check": lambda: oracle.check(net, x, d)}, reps, sample_s)["check"]
    )


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="fewer rows and repetitions (about 10 s)")
    p.add_argument("--reps", type=int, default=None, help="repetitions per side (default 5, quick 3)")
    p.add_argument("--sample-ms", type=float, default=None, help="least ms per sample (default 50)")
    p.add_argument("--threads", type=int, default=None, help="BLAS and torch threads (default: cores)")
    p.add_argument("--only", metavar="TEXT", default="", help="only the rows whose name contains TEXT")
    p.add_argument("--json", metavar="PATH", help="also write the table as JSON to PATH")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the table, print it and the machine, and write JSON if asked."""
    args = _parser().parse_args(argv)
    reps = args.reps or (3 if args.quick else 5)
    sample_s = (args.sample_ms or (20 if args.quick else 50)) / 1e3
    threads = set_threads(args.threads)
    info = machine(threads)
    print(" | ".join(f"{k}: {v}" for k, v in info.items()), flush=True)
    rows = []
    for spec in (s for s in specs(args.quick) if args.only in s.name):
        rows.append(run_row(spec, reps, sample_s))
        print(format_table(rows[-1:], header=len(rows) == 1), flush=True)
    check_ms = time_oracle_check(reps, sample_s)
    info["load average at end"] = " ".join(f"{v:.2f}" for v in os.getloadavg())
    summary = verdicts(rows, check_ms)
    print(f"oracle.check 4-8-3 N=32: {check_ms:.3f} ms (target <= 2 ms)")
    print("\n".join(summary["lines"]))
    if args.json:
        doc = {"machine": info, "reps": reps, "rows": rows, "oracle_check_ms": check_ms, **summary}
        with open(args.json, "w") as fh:
            json.dump(doc, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
