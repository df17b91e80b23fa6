"""refbp.output_layer: the tasks as the sheet writes them, pairs chosen apart, and the d each takes."""

from __future__ import annotations

import numpy as np
import pytest

import refbp
from refbp.output_layer import CANONICAL, TASKS, get_task, make_pair
from refbp.targets import binary_target, multiclass_target, nonnegative_target, real_target, row_sum_slack


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


def test_mlp_with_output_and_loss(rng: np.random.Generator) -> None:
    net = refbp.MLP.init((3, 4, 2), hidden="tanh", output="sigmoid", loss="squared_error", seed=2)
    assert net.task is None
    assert net.pair.name == "sigmoid+squared_error"
    x, d = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    fwd = net.forward(x)
    y = fwd.y
    np.testing.assert_allclose(net.backward(fwd, d).delta[-1], (y - d) * y * (1 - y), rtol=1e-12)
    np.testing.assert_allclose(net.loss(fwd, d), 0.5 * ((y - d) ** 2).sum(), rtol=1e-12)
    assert refbp.MLP(net.weights, net.biases).task == "regression"  # the default


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"task": "binary", "output": "sigmoid", "loss": "poisson"}, "not both"),
        ({"output": "sigmoid"}, "loss= is missing"),
        ({"loss": "poisson"}, "output= is missing"),
        (
            {"output": "identity", "loss": "binary_cross_entropy"},
            r"defined for y in \(0, 1\), but output='identity' gives y in \(-inf, inf\); "
            "pair it with output= one of: sigmoid$",
        ),
        ({"output": "tanh", "loss": "poisson"}, r"output='tanh' gives y in \(-1, 1\)"),
        ({"output": "exp", "loss": "binary_cross_entropy"}, r"gives y in \(0, inf\)"),
        (
            {"output": "softmax", "loss": "binary_cross_entropy"},
            r"^loss='binary_cross_entropy' takes log\(1 - y\), which output='softmax' cannot compute "
            r"from z \(from a rounded y it is infinite\); pair it with output= one of: sigmoid$",
        ),
    ],
)
def test_pairs_that_make_no_sense_are_refused(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        refbp.MLP.init((2, 2), **kwargs)


def test_a_task_checks_d_by_its_own_rule_and_a_pair_chosen_apart_by_its_loss() -> None:
    assert make_pair("multiclass", None, None).target is multiclass_target
    assert make_pair(None, "softmax", "cross_entropy").target is nonnegative_target
    assert make_pair("regression", None, None).target is real_target
    assert make_pair(None, "sigmoid", "binary_cross_entropy").target is binary_target


def test_canonical_for_needs_rows_that_sum_to_one_for_softmax_with_cross_entropy() -> None:
    pair, rows = make_pair(None, "softmax", "cross_entropy"), np.array([[0.5, 0.5], [1.0, 1.0]])
    assert pair.canonical_for(rows[:1])
    assert not pair.canonical_for(rows)


def test_a_pair_refuses_a_task_that_is_not_a_task() -> None:
    pair = make_pair(None, "softmax", "cross_entropy")
    message = r"^task must be a refbp.Task \(one of refbp.TASKS\) or None, got function$"
    with pytest.raises(TypeError, match=message):  # a target (a function) where a task goes
        refbp.Pair(pair.output, pair.loss, pair.target)  # type: ignore[arg-type]


def test_a_pair_refuses_a_task_of_another_output_and_loss() -> None:
    pair = make_pair(None, "softmax", "cross_entropy")
    message = r"^task 'regression' is output='identity' with loss='squared_error', not 'softmax' with"
    with pytest.raises(ValueError, match=message):
        refbp.Pair(pair.output, pair.loss, refbp.TASKS["regression"])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_every_d_a_tasks_target_accepts_meets_its_pairs_condition(dtype: type) -> None:
    # canonical_for trusts a task's d: its target must refuse every d that breaks the condition
    k = 3
    slack = row_sum_slack(k, np.dtype(dtype))
    near = np.array([[0.5, 0.5 - slack / 2, 0.0], [1.0, 0.0, 0.0], [0.2, 0.3, 0.5]], dtype=dtype)
    beyond = near + np.array([[0.0, 0.0, 2 * slack], [0.0] * 3, [0.0] * 3], dtype=dtype)
    for name, task in refbp.TASKS.items():
        pair = make_pair(name, None, None)
        condition, checked = CANONICAL[(task.output, task.loss)], 0
        for d in (near, np.array([0, 2, 1]), np.full((3, k), 0.25, dtype=dtype)):
            try:
                accepted = pair.target(d, (3, k), np.dtype(dtype))
            except (TypeError, ValueError):
                continue  # refused: integer labels outside multiclass, rows of 0.75 for multiclass
            assert condition(accepted), (name, d)
            assert pair.canonical_for(accepted), (name, d)
            checked += 1
        assert checked >= 2, name
    with pytest.raises(ValueError, match="must sum to 1"):
        make_pair("multiclass", None, None).target(beyond, (3, k), np.dtype(dtype))
    assert not make_pair(None, "softmax", "cross_entropy").canonical_for(beyond)
