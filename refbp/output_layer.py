"""The output layer of a network: an output activation paired with an error function.

Contract: ``make_pair(task, output, loss)`` resolves a task name (``TASKS``: the shorthand
for a canonical pair) or an output and a loss chosen apart into a ``Pair``, refusing pairs
whose y can leave the domain of the error (binary_cross_entropy on an identity output,
say). A ``Pair`` gives E of every example (``error``) and of the batch (``total``), checks
d (``target``), and says whether its output delta is E13, y - d (``canonical_for(d)``: the
pair is canonical and its condition on d holds); where it is not, ``MLP.backward`` takes
the chain rule, E11.

The canonical pairs, where f'(z^(L)) cancels against dE/dy:

| output   | loss                 | delta^(L) = y - d when     |
|----------|----------------------|----------------------------|
| identity | squared_error        | always                     |
| sigmoid  | binary_cross_entropy | always                     |
| softmax  | cross_entropy        | every row of d sums to 1 (else y * sum_k d_k - d) |
| exp      | poisson              | always                     |

The tasks name them, each with the d it takes:

| task       | output   | loss                 | E of one example                   | d             |
|------------|----------|----------------------|------------------------------------|---------------|
| regression | identity | squared_error        | 1/2 sum_j (y_j - d_j)^2            | real          |
| binary     | sigmoid  | binary_cross_entropy | -sum_j [d_j log y_j + (1-d_j) log(1-y_j)] | in [0, 1] |
| multilabel | sigmoid  | binary_cross_entropy | the same, one yes/no per unit      | in [0, 1]     |
| multiclass | softmax  | cross_entropy        | -sum_k d_k log y_k                 | rows sum to 1; labels |
| poisson    | exp      | poisson              | sum_j (y_j - d_j log y_j)          | >= 0 (counts) |

``multilabel`` is ``binary`` by another name: several output units, each its own
yes/no question (a photo can show a cat *and* a dog), unlike ``multiclass``, whose
units compete for one label through the softmax.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from refbp._overflow import overflow
from refbp.checks import lookup
from refbp.losses import LOSSES, Loss, get_loss
from refbp.outputs import OUTPUTS, Output, get_output
from refbp.targets import (
    Target,
    binary_target,
    multiclass_target,
    nonnegative_target,
    real_target,
    rows_sum_to_one,
)
from refbp.types import Array, Reduction

__all__ = ["CANONICAL", "TASKS", "Pair", "Task", "check_pair", "get_task", "make_pair"]


def _always(d: Array) -> bool:
    return True


CANONICAL: dict[tuple[str, str], Callable[[Array], bool]] = {
    ("identity", "squared_error"): _always,
    ("sigmoid", "binary_cross_entropy"): _always,
    ("softmax", "cross_entropy"): rows_sum_to_one,
    ("exp", "poisson"): _always,
}
"""The canonical pairs (output, loss), each with the condition on d under which delta^(L) = y - d."""


@dataclass(frozen=True)
class Task:
    """A named canonical pair: an output activation, its error function and the d it takes."""

    name: str
    output: str
    loss: str
    target: Target


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


@dataclass(frozen=True)
class Pair:
    """An output activation with an error function, and the task that named them (None: chosen apart)."""

    output: Output
    loss: Loss
    task: Task | None = None

    def __post_init__(self) -> None:
        # the third field held a Target once: refuse one here, not at the first ``.target``
        if self.task is None:
            return
        if not isinstance(self.task, Task):
            got = type(self.task).__name__
            raise TypeError(f"task must be a refbp.Task (one of refbp.TASKS) or None, got {got}")
        if (self.task.output, self.task.loss) != (self.output.name, self.loss.name):
            raise ValueError(
                f"task {self.task.name!r} is output={self.task.output!r} with loss={self.task.loss!r}, "
                f"not {self.output.name!r} with {self.loss.name!r}; use refbp.make_pair(task, None, None)"
            )

    @property
    def name(self) -> str:
        """'sigmoid+squared_error'."""
        return f"{self.output.name}+{self.loss.name}"

    @property
    def target(self) -> Target:
        """The rule that checks d: the task's where a task named this pair, else the loss's."""
        return self.task.target if self.task is not None else self.loss.target

    @property
    def canonical(self) -> bool:
        """True for a canonical pair (delta^(L) = y - d, see ``canonical_for``)."""
        return (self.output.name, self.loss.name) in CANONICAL

    def canonical_for(self, d: Array) -> bool:
        """True when delta^(L) = y - d (E13) holds for this pair and d as ``target`` returned it.

        A task's target rule refuses every d that breaks its pair's condition (multiclass calls
        ``rows_sum_to_one``), so a task's d needs no second look.
        """
        condition = CANONICAL.get((self.output.name, self.loss.name))
        return condition is not None and (self.task is not None or condition(d))

    def error(self, z: Array, y: Array, d: Array) -> Array:
        """E of every example, shape (N,)."""
        return self.loss.error(z, y, d, self.output)

    def total(self, z: Array, y: Array, d: Array, reduction: Reduction) -> float:
        """E over the batch, the sum (or mean) of ``error``; a ValueError where it overflows y's dtype."""
        with np.errstate(all="ignore"):  # so a non-finite E is an overflow: named below, not warned about
            total = float(self.error(z, y, d).sum())
        if not math.isfinite(total):
            raise overflow("loss: E", y.dtype, "d, x and the weights")
        return total / len(d) if reduction == "mean" else total


def make_pair(task: object, output: object, loss: object) -> Pair:
    """The pair named by ``task``, or by ``output`` and ``loss`` (not both ways at once)."""
    if output is None and loss is None:
        t = get_task("regression" if task is None else task)
        return Pair(OUTPUTS[t.output], LOSSES[t.loss], t)
    if task is not None:
        raise ValueError(
            f"give either task={task!r} or output= and loss=, not both (a task names an output and a loss)"
        )
    if output is None or loss is None:
        missing = "output" if output is None else "loss"
        raise ValueError(f"output= and loss= go together; {missing}= is missing")
    out, err = get_output(output), get_loss(loss)
    check_pair(out, err)
    return Pair(out, err)


LOG_NAMES = {"log_y": "log y", "log_1my": "log(1 - y)"}


def check_pair(out: Output, err: Loss) -> None:
    """ValueError unless ``err`` accepts ``out``: y within its domain, every log it takes computed from z."""
    if err.accepts(out):
        return
    fits = ", ".join(name for name, o in OUTPUTS.items() if err.accepts(o))
    if err.fits(out):
        logs = " and ".join(LOG_NAMES[log] for log in err.logs if not out.computes(log))
        reason = (
            f"loss={err.name!r} takes {logs}, which output={out.name!r} cannot compute from z "
            "(from a rounded y it is infinite)"
        )
    else:
        reason = (
            f"loss={err.name!r} is defined for y in {err.interval}, "
            f"but output={out.name!r} gives y in {out.interval}"
        )
    raise ValueError(f"{reason}; pair it with output= one of: {fits}")
