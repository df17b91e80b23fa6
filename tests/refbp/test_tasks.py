"""Each task: output activation and error against the sheet's table, written naively."""

from __future__ import annotations

import numpy as np
import pytest

from refbp import TASKS
from refbp.tasks import get_task, log_softmax, softmax


def naive_error(task: str, y: np.ndarray, d: np.ndarray) -> np.ndarray:
    """E of every example exactly as the sheet's table writes it (fine at moderate z)."""
    if task == "regression":
        return 0.5 * ((y - d) ** 2).sum(axis=1)
    if task == "binary":
        return -(d * np.log(y) + (1 - d) * np.log(1 - y)).sum(axis=1)
    return -(d * np.log(y)).sum(axis=1)


def naive_output(task: str, z: np.ndarray) -> np.ndarray:
    if task == "regression":
        return z
    if task == "binary":
        return 1 / (1 + np.exp(-z))
    return np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)


@pytest.mark.parametrize("task", sorted(TASKS))
def test_output_and_error_match_the_sheet(task: str, rng: np.random.Generator) -> None:
    z = rng.normal(scale=3, size=(6, 4))
    d = rng.uniform(size=(6, 4))
    d /= d.sum(axis=1, keepdims=True)
    t = TASKS[task]
    np.testing.assert_allclose(t.output(z), naive_output(task, z), rtol=1e-13)
    np.testing.assert_allclose(t.error(z, d), naive_error(task, naive_output(task, z), d), rtol=1e-12)


def test_softmax_rows_sum_to_one_and_log_softmax_is_its_log(rng: np.random.Generator) -> None:
    z = rng.normal(scale=5, size=(4, 6))
    np.testing.assert_allclose(softmax(z).sum(axis=1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(np.exp(log_softmax(z)), softmax(z), rtol=1e-14)


@pytest.mark.parametrize("task", ["binary", "multiclass"])
def test_errors_stay_finite_at_huge_logits(task: str) -> None:
    z = np.array([[1e4, -1e4], [-1e4, 1e4]])
    d = np.array([[0.0, 1.0], [1.0, 0.0]])  # every prediction confidently wrong
    E = TASKS[task].error(z, d)
    assert np.isfinite(E).all()
    assert (E > 1e3).all()  # ...and the error says so: about 1e4 or 2e4 per example


def test_get_task_lists_the_valid_names() -> None:
    with pytest.raises(ValueError, match=r"task='ranking'.*regression, binary, multiclass"):
        get_task("ranking")
    with pytest.raises(TypeError, match="task must be a task name"):
        get_task(None)
