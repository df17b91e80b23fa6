"""Targets d: what a target is, and the rules that check one against the output.

Contract: a ``Target`` takes d as the user gives it, the output's shape (N, n_L) and the
network's dtype, and returns an (N, n_L) array of that dtype, or raises
ValueError/TypeError naming ``d``. An error function states the d it is defined for
(``Loss.target``), a task the d it takes (``Task.target``); the network's output layer
uses the task's where a task named it, else its loss's (``Pair.target``). Integer labels
(N,) are accepted by ``multiclass_target`` only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from refbp._arrays import as_array, as_float, check_kind, check_ndim
from refbp.types import Array

__all__ = [
    "Target",
    "binary_target",
    "multiclass_target",
    "nonnegative_target",
    "one_hot",
    "real_target",
    "row_sum_slack",
    "rows_sum_to_one",
]

Target = Callable[[object, tuple[int, int], np.dtype[Any]], Array]
"""A rule for d: (d as given, the output's shape (N, n_L), the dtype) -> d checked and converted."""


def row_sum_slack(k: int, dtype: np.dtype[Any]) -> float:
    """How far a row of K probabilities may sum from 1 and still count as 1: 8 K eps.

    Rounding each of K entries of a normalised row moves its sum by at most K eps/2; the
    factor 8 leaves room for rows normalised in another precision, then converted.
    """
    return float(8 * k * np.finfo(dtype).eps)


def rows_sum_to_one(d: Array) -> bool:
    """True when every row of d sums to 1 within ``row_sum_slack`` (the one rule of refbp and oracle)."""
    off = d.sum(axis=1)
    off -= 1
    return bool(np.abs(off, out=off).max() <= row_sum_slack(d.shape[1], d.dtype))  # in place: one (N,) array


def _shape_error(shape: tuple[int, int], got: tuple[int, ...], hint: str = "") -> ValueError:
    return ValueError(f"d must have the output's shape (N, n_L) = {shape}, got {got}{hint}")


def real_target(d: object, shape: tuple[int, int], dtype: np.dtype[Any]) -> Array:
    """Any finite real d of shape (N, n_L) (regression); integer labels (N,) refused.

    With one output unit, a d of shape (N,) (0/1 labels included) is that unit's column: the
    error says ``d[:, None]``; with several, integer (N,) are class labels (task='multiclass').
    """
    arr = as_array(d, "d")
    if arr.ndim == 1 and arr.dtype.kind in "iu" and arr.shape[0] == shape[0] and shape[1] > 1:
        raise ValueError(
            "d looks like integer class labels, which only task='multiclass' takes; "
            f"give d as an array of shape (N, n_L) = {shape}"
        )
    arr = as_float(d, "d", dtype)  # d, not arr: a list takes the network's dtype
    if arr.shape != shape:
        hint = "; for one output unit use d[:, None]" if arr.shape == shape[:1] and shape[1] == 1 else ""
        raise _shape_error(shape, arr.shape, hint)
    return arr


def binary_target(d: object, shape: tuple[int, int], dtype: np.dtype[Any]) -> Array:
    """d of shape (N, n_L) with every entry a probability in [0, 1]."""
    arr = real_target(d, shape, dtype)
    if arr.min() < 0 or arr.max() > 1:  # d is finite: min and max allocate nothing
        raise ValueError(
            f"d must lie in [0, 1] for task='binary' (it is a probability), "
            f"got values in [{arr.min()}, {arr.max()}]"
        )
    return arr


def multiclass_target(d: object, shape: tuple[int, int], dtype: np.dtype[Any]) -> Array:
    """Probability rows (N, K), each summing to 1 within 8 K eps, or integer labels (N,) in [0, K)."""
    n, k = shape
    arr = as_array(d, "d")
    if arr.ndim == 1:
        return one_hot(arr, n, k, dtype)
    if arr.dtype.kind in "iu" and arr.shape == (n, 1) != shape:  # labels kept as a column
        raise _shape_error(shape, arr.shape, "; for class labels use d.ravel(), of shape (N,)")
    arr = real_target(d, shape, dtype)
    if arr.min() < 0:
        row = int(np.argwhere(arr < 0)[0][0])
        raise ValueError(
            f"d must be rows of probabilities (non-negative, summing to 1) for task='multiclass'; "
            f"row {row} has a negative entry (min of d: {arr.min()})"
        )
    if not rows_sum_to_one(arr):  # the condition of E13 for softmax + cross-entropy (output_layer.CANONICAL)
        sums = arr.sum(axis=1)
        worst = int(np.argmax(np.abs(sums - 1)))
        raise ValueError(
            f"every row of d must sum to 1 for task='multiclass' (E13's delta = y - d "
            f"needs sum_k d_k = 1); row {worst} sums to {sums[worst]}. Normalise the rows with "
            f"d / d.sum(axis=1, keepdims=True), or, if the sums are meant, use the general softmax "
            f"cross-entropy, whose delta is y * sum_k d_k - d"
        )
    return arr


def one_hot(labels: np.ndarray[Any, Any], n: int, k: int, dtype: np.dtype[Any]) -> Array:
    """Integer labels (n,) in [0, k) as one-hot rows (n, k) of ``dtype``."""
    if labels.dtype.kind not in "iu":
        check_kind(labels, "d", integers=True)
        raise TypeError(
            f"1-D d holds class labels and must be integers in [0, {k}), got dtype "
            f"{labels.dtype}; use d.astype(int), or give probabilities of shape (N, K)"
        )
    check_ndim(labels, "d", 1, f"(N,) = ({n},)")
    if labels.shape[0] != n:
        raise ValueError(f"d must have one label per example, shape (N,) = ({n},), got {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= k):
        raise ValueError(
            f"labels in d must lie in [0, K) = [0, {k}), got values in [{labels.min()}, {labels.max()}]"
        )
    out = np.zeros((n, k), dtype=dtype)
    out[np.arange(n), labels] = 1
    return out


def nonnegative_target(d: object, shape: tuple[int, int], dtype: np.dtype[Any]) -> Array:
    """d >= 0 of shape (N, n_L): counts or rates (poisson), class weights (cross_entropy).

    Rows need not sum to 1: with such rows the softmax + cross-entropy delta is
    y * sum_k d_k - d, not y - d (give integer labels with task='multiclass' instead).
    """
    arr = real_target(d, shape, dtype)
    if arr.min() < 0:
        raise ValueError(
            "d must be non-negative for loss='poisson' (counts or rates) and loss='cross_entropy' "
            f"(weights of the classes), got min {arr.min()}"
        )
    return arr
