"""Tasks: names for the canonical pairs of an output activation and an error function.

Contract: ``task=`` is shorthand for ``output=`` and ``loss=`` together, with the target
check of that task (``target``: d as the user gives it -> an (N, n_L) array of the
network's dtype, or ValueError/TypeError naming ``d``). Every pair here is canonical:
the f'(z^(L)) of the chain rule cancels and the output delta is E13, y - d.

| task       | output   | loss                 | E of one example                   | d            |
|------------|----------|----------------------|------------------------------------|--------------|
| regression | identity | squared_error        | 1/2 sum_j (y_j - d_j)^2            | real         |
| binary     | sigmoid  | binary_cross_entropy | -sum_j [d_j log y_j + (1-d_j) log(1-y_j)] | in [0, 1] |
| multilabel | sigmoid  | binary_cross_entropy | the same, one yes/no per unit      | in [0, 1]    |
| multiclass | softmax  | cross_entropy        | -sum_k d_k log y_k                 | rows sum to 1 |
| poisson    | exp      | poisson              | sum_j (y_j - d_j log y_j)          | >= 0 (counts) |

``multilabel`` is ``binary`` by another name: several output units, each its own
yes/no question (a photo can show a cat *and* a dog), unlike ``multiclass``, whose
units compete for one label through the softmax.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from refbp._checks import lookup
from refbp._types import Array
from refbp.outputs import log_softmax, softmax
from refbp.targets import binary_target, multiclass_target, nonnegative_target, real_target

__all__ = ["TASKS", "Task", "get_task", "log_softmax", "softmax"]


@dataclass(frozen=True)
class Task:
    """A named canonical pair: an output activation, its error function and the target check."""

    name: str
    output: str
    loss: str
    target: Callable[[object, tuple[int, int], np.dtype[Any]], Array]


TASKS: dict[str, Task] = {
    task.name: task
    for task in (
        Task("regression", "identity", "squared_error", real_target),
        Task("binary", "sigmoid", "binary_cross_entropy", binary_target),
        Task("multilabel", "sigmoid", "binary_cross_entropy", binary_target),
        Task("multiclass", "softmax", "cross_entropy", multiclass_target),
        Task("poisson", "exp", "poisson", nonnegative_target),
    )
}
"""The tasks by name."""


def get_task(name: object) -> Task:
    """The task called ``name``; ValueError listing the valid names if there is none."""
    return lookup(TASKS, name, "task", "task")
