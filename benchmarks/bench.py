"""refbp's forward + backward against torch.autograd, scikit-learn and the bare matrix multiplies.

Run from the repository root (``--quick`` for a short table, ``--json PATH`` to keep it)::

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python -m benchmarks.bench

Method (``benchmarks/schedule.py``): the sides that use numpy's BLAS (refbp, sklearn, GEMM)
run in one worker process, torch in another; both get the same thread count. Only one worker
works at a time, and a worker starts only after the other's threads have had ``--settle-ms``
to stop spinning. Every side is warmed up and its loop calibrated so that a sample lasts at
least ``--sample-ms``; a repetition is a block of samples per worker, each block led by an
untimed call, garbage collector off. Times are medians over the repetitions; each ratio is
the median of the ratios within a repetition (see ``paired_ratio``). The control: torch timed
alone (the same schedule without the numpy worker's blocks) against torch in the table; a
gap over 5% is flagged.
Peak memory: see ``benchmarks/memory.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np

from benchmarks.machine import machine, set_threads
from benchmarks.schedule import Pools, pools, time_row
from benchmarks.sides import SIDES, Spec, gemm_flops
from benchmarks.table import control_lines, format_table, verdicts
from benchmarks.timing import interleaved, paired_ratio

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


RATIOS = (
    ("refbp", "torch"),
    ("refbp", "gemm"),
    ("gemm", "torch"),
    ("refbp", "sklearn"),
    ("grads", "torch"),
    ("grads", "gemm"),
    ("grads", "sklearn"),
    ("sklearn", "gemm"),
)
CONTROL = "torch"  # the side timed alone as well: the runtime that paid in a shared process


def run_row(pools: Pools, spec: Spec, reps: int, sample_s: float) -> dict[str, Any]:
    """Time and measure one row; returns the JSON-ready record."""
    timed = time_row(pools, spec, SIDES, reps, sample_s, CONTROL)
    t = {name: statistics.median(s) for name, s in timed.samples.items()}
    alone = statistics.median(timed.alone)
    return {
        "name": spec.name,
        "sizes": list(spec.sizes),
        "n": spec.n,
        "dtype": spec.dtype,
        "hidden": spec.hidden,
        "task": spec.task,
        **{f"{name}_ms": 1e3 * seconds for name, seconds in t.items()},
        **{f"{a}_{b}": paired_ratio(timed.samples[a], timed.samples[b]) for a, b in RATIOS},
        "gemm_gflops": gemm_flops(spec) / t["gemm"] / 1e9,
        "refbp_peak_mib": pools.use("numpy").ask("peak", "refbp") / 2**20,
        "grads_peak_mib": pools.use("numpy").ask("peak", "grads_fresh") / 2**20,
        "grads_ws_kib": pools.use("numpy").ask("peak", "grads") / 2**10,  # a call with a used workspace
        "torch_peak_mib": pools.use("torch").ask("peak", "torch") / 2**20,
        "width": spec.width,
        f"{CONTROL}_alone_ms": 1e3 * alone,
        f"{CONTROL}_table_alone": t[CONTROL] / alone,
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
    p.add_argument(
        "--settle-ms", type=float, default=200, help="pause before a worker follows the other (default 200)"
    )
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
    runtimes = sorted({side.runtime for side in SIDES.values()})
    with pools(runtimes, threads, args.settle_ms / 1e3) as workers:
        for spec in (s for s in specs(args.quick) if args.only in s.name):
            rows.append(run_row(workers, spec, reps, sample_s))
            print(format_table(rows[-1:], header=len(rows) == 1), flush=True)
    check_ms = time_oracle_check(reps, sample_s)
    info["load average at end"] = " ".join(f"{v:.2f}" for v in os.getloadavg())
    summary = verdicts(rows, check_ms)
    print(f"oracle.check 4-8-3 N=32: {check_ms:.3f} ms (target <= 2 ms)")
    print("\n".join(summary["lines"] + control_lines(rows)))
    if args.json:
        doc = {"machine": info, "reps": reps, "settle_ms": args.settle_ms, "rows": rows}
        doc |= {"oracle_check_ms": check_ms, **summary}
        with open(args.json, "w") as fh:
            json.dump(doc, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
