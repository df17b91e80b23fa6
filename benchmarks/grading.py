"""How long ``refbp-verify --backprop`` takes to grade a class: 100 submissions, 2 jobs.

Run from the repository root (about a minute on 2 cores)::

    python -m benchmarks.grading

What is timed: the whole command, a fresh ``refbp-verify`` process, on 100 submission files
written to a temporary folder: 40 right, 12 of each of four classic bugs (f' dropped from
the hidden deltas, dE/dW reshaped instead of transposed, the mean taken for the sum, the
output delta multiplied by a sigmoid' that softmax with cross-entropy cancels), and 4 each
of three faults (a hang, a segmentation fault, an import that fails). Sigmoid hidden
layers, softmax with cross-entropy, 200 networks per search, ``--timeout 10`` (a hang
costs 10 s of one job). Prints the command, its wall time and its summary line.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RIGHT = """\
import numpy as np


def backprop(weights, biases, x, d):
    L = len(weights)
    a = [x]
    for l in range(L):
        z = a[l] @ weights[l].T + biases[l]
        if l == L - 1:
            e = np.exp(z - z.max(axis=1, keepdims=True))
            a.append(e / e.sum(axis=1, keepdims=True))
        else:
            a.append(1.0 / (1.0 + np.exp(-z)))
    delta = [None] * L
    delta[L - 1] = a[L] - d
    for l in range(L - 2, -1, -1):
        delta[l] = (delta[l + 1] @ weights[l + 1]) * a[l + 1] * (1 - a[l + 1])
    dW = [delta[l].T @ a[l] for l in range(L)]
    db = [delta[l].sum(axis=0) for l in range(L)]
    return delta, dW, db
"""

HIDDEN_DELTA = "delta[l] = (delta[l + 1] @ weights[l + 1]) * a[l + 1] * (1 - a[l + 1])"
KINDS = {
    "right": (40, RIGHT),
    "no_hidden_fprime": (12, RIGHT.replace(HIDDEN_DELTA, "delta[l] = delta[l + 1] @ weights[l + 1]")),
    "reshaped_dW": (
        12,
        RIGHT.replace("dW = [delta[l].T @ a[l]", "dW = [(a[l].T @ delta[l]).reshape(weights[l].shape)"),
    ),
    "mean_for_sum": (12, RIGHT.replace("dW = [delta[l].T @ a[l]", "dW = [delta[l].T @ a[l] / len(x)")),
    "output_fprime": (
        12,
        RIGHT.replace("delta[L - 1] = a[L] - d", "delta[L - 1] = (a[L] - d) * a[L] * (1 - a[L])"),
    ),
    "hang": (4, "def backprop(weights, biases, x, d):\n    while True:\n        pass\n"),
    "segfault": (
        4,
        "import os, signal\n\n\ndef backprop(weights, biases, x, d):\n"
        "    os.kill(os.getpid(), signal.SIGSEGV)\n",
    ),
    "import_error": (4, "import numpyy as np\n\n\ndef backprop(weights, biases, x, d):\n    pass\n"),
}
"""Each kind of submission: how many of the 100, and its source."""

FLAGS = ["--hidden", "sigmoid", "--task", "multiclass", "--timeout", "10", "--jobs", "2"]


def write_submissions(folder: Path) -> list[str]:
    """The 100 files, interleaved so the hangs do not all start together; FILE.py:backprop each."""
    names = [f"{kind}_{i:02d}" for kind, (count, _) in KINDS.items() for i in range(count)]
    names.sort(key=lambda name: (int(name[-2:]), name))
    for name in names:
        (folder / f"{name}.py").write_text(KINDS[name[:-3]][1], encoding="utf-8")
    return [f"{folder / name}.py:backprop" for name in names]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every submission's line too")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="refbp-grading-bench-") as folder:
        submissions = write_submissions(Path(folder))
        command = [sys.executable, "-m", "oracle", "--backprop", *submissions, *FLAGS]
        shown = f"refbp-verify --backprop {folder}/*.py:backprop {' '.join(FLAGS)}"
        print(f"{shown}  ({len(submissions)} files)")
        start = time.perf_counter()
        run = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
    lines = run.stdout.splitlines()
    if args.show:
        print("\n".join(lines[:-1]))
    print(f"wall time {seconds:.1f} s, exit status {run.returncode}")
    print(lines[-1] if lines else run.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
