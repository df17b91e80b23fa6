"""Each task: output activation and error against the sheet's table, written naively."""

from __future__ import annotations

import numpy as np
import pytest

import refbp
from refbp.tasks import TASKS, get_task, log_softmax, softmax


def naive_error(task: str, y: np.ndarray, d: np.ndarray) -> float:
    """E of the batch exactly as the sheet's table writes it (fine at moderate z)."""
    if task == "regression":
        return float(0.5 * ((y - d) ** 2).sum())
    if task in ("binary", "multilabel"):
        return float(-(d * np.log(y) + (1 - d) * np.log(1 - y)).sum())
    if task == "poisson":
        return float((y - d * np.log(y)).sum())
    return float(-(d * np.log(y)).sum())


def naive_output(task: str, z: np.ndarray) -> np.ndarray:
    if task == "regression":
        return z
    if task in ("binary", "multilabel"):
        return 1 / (1 + np.exp(-z))
    if task == "poisson":
        return np.exp(z)
    return np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)


@pytest.mark.parametrize("task", sorted(TASKS))
def test_each_task_wires_its_output_and_error_as_the_sheet_writes_them(
    task: str, rng: np.random.Generator
) -> None:
    net = refbp.MLP([rng.normal(size=(4, 3))], [rng.normal(size=4)], task=task)
    fwd = net.forward(rng.normal(size=(6, 3)))
    d = rng.uniform(size=(6, 4))
    d /= d.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(fwd.y, naive_output(task, fwd.z[-1]), rtol=1e-13)
    assert net.loss(fwd, d) == pytest.approx(naive_error(task, fwd.y, d), rel=1e-12)


def test_softmax_rows_sum_to_one_and_log_softmax_is_its_log(rng: np.random.Generator) -> None:
    z = rng.normal(scale=5, size=(4, 6))
    np.testing.assert_allclose(softmax(z).sum(axis=1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(np.exp(log_softmax(z)), softmax(z), rtol=1e-14)


@pytest.mark.parametrize("name", sorted(TASKS))
def test_every_task_is_a_canonical_pair(name: str) -> None:
    task = TASKS[name]
    assert (task.output, task.loss) in refbp.CANONICAL
    assert refbp.MLP.init((2, 3), task=name).pair.canonical


def test_multilabel_is_binary_with_several_units(rng: np.random.Generator) -> None:
    multi = refbp.MLP.init((4, 5, 3), task="multilabel", seed=1)
    binary = refbp.MLP(multi.weights, multi.biases, hidden=multi.hidden, task="binary")
    x, d = rng.normal(size=(6, 4)), rng.integers(0, 2, size=(6, 3)).astype(float)
    for got, want in zip(refbp.backprop(multi, x, d).W, refbp.backprop(binary, x, d).W, strict=True):
        np.testing.assert_array_equal(got, want)
    with pytest.raises(ValueError, match=r"in \[0, 1\]"):
        multi.backward(multi.forward(x), d + 1)


def test_poisson_takes_counts_and_refuses_negative_ones(rng: np.random.Generator) -> None:
    net = refbp.MLP.init((3, 2), task="poisson")
    x = rng.normal(size=(4, 3))
    fwd = net.forward(x)
    d = rng.poisson(2.0, size=(4, 2)).astype(float)
    np.testing.assert_allclose(net.backward(fwd, d).delta[-1], fwd.y - d, rtol=1e-15)
    with pytest.raises(ValueError, match="non-negative"):
        net.loss(fwd, -d - 1)


def test_get_task_names_the_valid_ones() -> None:
    assert get_task("poisson").output == "exp"
    with pytest.raises(
        ValueError,
        match=r"^task='ranking' is not a known task; "
        r"valid names: regression, binary, multilabel, multiclass, poisson$",
    ):
        get_task("ranking")
    with pytest.raises(TypeError, match=r"^task must be a task name \(a str\), got int$"):
        get_task(1)
