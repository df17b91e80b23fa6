"""Tasks: an output activation with its canonical error (E12-E13 and the sheet's table).

Contract: a ``Task`` maps z^(L) to y (``output``), gives the error E of every example
from z and d (``error``, shape (N,), computed from z so that it stays finite at huge
logits), and checks a target d, returning it as an (N, n_L) array of the network's
dtype (``target``). For every task here the output delta is E13, y - d.

| task       | output   | E of one example                        |
|------------|----------|-----------------------------------------|
| regression | identity | 1/2 sum_j (y_j - d_j)^2                 |
| binary     | sigmoid  | -sum_j [d_j log y_j + (1-d_j) log(1-y_j)] |
| multiclass | softmax  | -sum_k d_k log y_k  (rows of d sum to 1) |
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from refbp._types import Array
from refbp.activations import sigmoid
from refbp.targets import binary_target, multiclass_target, real_target

__all__ = ["TASKS", "Task", "get_task", "log_softmax", "softmax"]


@dataclass(frozen=True)
class Task:
    """An output activation paired with its canonical error function."""

    name: str
    output: Callable[[Array], Array]
    error: Callable[[Array, Array], Array]
    target: Callable[[object, tuple[int, int], np.dtype[Any]], Array]


def log_softmax(z: Array) -> Array:
    """log softmax(z) by rows, as z - logsumexp(z): never log of a rounded-to-0 y."""
    shifted: Array = z - z.max(axis=1, keepdims=True)
    shifted -= np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return shifted


def softmax(z: Array) -> Array:
    """exp(z_k) / sum_k exp(z_k) by rows, shifted by the row maximum so it never overflows."""
    e: Array = np.exp(z - z.max(axis=1, keepdims=True))
    e /= e.sum(axis=1, keepdims=True)
    return e


def _squared_error(z: Array, d: Array) -> Array:
    r = z - d  # y = z for the identity output
    E: Array = 0.5 * np.einsum("nj,nj->n", r, r)
    return E


def _binary_cross_entropy(z: Array, d: Array) -> Array:
    # -[d log y + (1 - d) log(1 - y)] with y = sigmoid(z) equals softplus(z) - d z,
    # and softplus(z) = max(z, 0) + log(1 + e^-|z|) never overflows.
    per_unit = np.maximum(z, 0) - d * z + np.log1p(np.exp(-np.abs(z)))
    E: Array = per_unit.sum(axis=1)
    return E


def _cross_entropy(z: Array, d: Array) -> Array:
    E: Array = -np.einsum("nk,nk->n", d, log_softmax(z))
    return E


def _identity(z: Array) -> Array:
    return z.copy()


TASKS: dict[str, Task] = {
    task.name: task
    for task in (
        Task("regression", _identity, _squared_error, real_target),
        Task("binary", sigmoid, _binary_cross_entropy, binary_target),
        Task("multiclass", softmax, _cross_entropy, multiclass_target),
    )
}
"""The tasks by name."""


def get_task(name: object) -> Task:
    """The task called ``name``; ValueError listing the valid names if there is none."""
    if not isinstance(name, str):
        raise TypeError(f"task must be a task name (a str), got {type(name).__name__}")
    try:
        return TASKS[name]
    except KeyError:
        raise ValueError(f"task={name!r} is not a known task; valid names: {', '.join(TASKS)}") from None
