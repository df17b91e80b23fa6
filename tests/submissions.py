"""Submission files for the grading tests: a back-propagation as a student writes it, and the
ways a submission can go wrong (a bug, an exception, a hang, a crash, sys.exit, a flood of
prints, a bad import, a syntax error). ``write(folder, name)`` puts one in a folder.

All are tanh hidden layers, identity output, squared error summed (``OPTIONS``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

OPTIONS: dict[str, Any] = {
    "hidden": "tanh",
    "task": "regression",
    "output": None,
    "loss": None,
    "reduction": "sum",
    "layout": "out_in",
    "per_example": False,
    "labels": False,
    "max_examples": 20,
    "seed": 0,
}
"""search_backprop's keywords for these files: 20 networks keep a run short."""

FLAGS = ["--hidden", "tanh", "--task", "regression", "--max-examples", "20"]
"""The same options on refbp-verify's command line."""

CORRECT = """\
import numpy as np


def backprop(weights, biases, x, d):
    a = [x]
    for l, (W, b) in enumerate(zip(weights, biases)):
        z = a[-1] @ W.T + b
        a.append(z if l == len(weights) - 1 else np.tanh(z))
    delta = [a[-1] - d]
    for l in range(len(weights) - 1, 0, -1):
        delta.insert(0, (delta[0] @ weights[l]) * (1 - a[l] ** 2))
    return delta, [dl.T @ al for dl, al in zip(delta, a)], [dl.sum(axis=0) for dl in delta]
"""

SOURCES = {
    "correct": CORRECT,
    "no_fprime": CORRECT.replace(" * (1 - a[l] ** 2)", ""),  # E9 without f'
    "raises": "def backprop(weights, biases, x, d):\n    raise RuntimeError('boom')\n",
    "hangs": "def backprop(weights, biases, x, d):\n    while True:\n        pass\n",
    "segfaults": "import os, signal\n\n\ndef backprop(weights, biases, x, d):\n"
    "    os.kill(os.getpid(), signal.SIGSEGV)\n",
    "os_exit": "import os\n\n\ndef backprop(weights, biases, x, d):\n    os._exit(3)\n",
    "sys_exit": "import sys\n\n\ndef backprop(weights, biases, x, d):\n    sys.exit(3)\n",
    "floods": "import sys\n\nfor i in range(2 * 10**5):\n    print('flood', i)\n"
    "print('flood on stderr', file=sys.stderr)\n\n" + CORRECT,
    "bad_import": "import no_such_module_for_refbp\n\n\ndef backprop(weights, biases, x, d):\n    pass\n",
    "syntax_error": "def backprop(weights, biases, x, d:\n    pass\n",
    "not_callable": "backprop = 3\n",
}


def write(folder: Path, name: str) -> str:
    """The submission ``name`` written to folder/name.py; its path."""
    path = folder / f"{name}.py"
    path.write_text(SOURCES[name], encoding="utf-8")
    return str(path)
