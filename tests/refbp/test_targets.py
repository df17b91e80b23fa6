"""Targets d: the catalogue of bad targets, and what good ones become."""

from __future__ import annotations

import re

import numpy as np
import pytest

import refbp
from refbp.targets import binary_target, multiclass_target, one_hot, real_target, rows_sum_to_one

F64 = np.dtype(np.float64)
F32 = np.dtype(np.float32)


def _net(task: str, k: int = 3) -> tuple[refbp.MLP, refbp.Forward]:
    net = refbp.MLP.init((2, k), task=task, seed=0)
    return net, net.forward(np.ones((2, 2)))


BAD = [
    ("labels above K", "multiclass", np.array([0, 3]), ValueError, "labels in d must lie in [0, K) = [0, 3)"),
    ("labels negative", "multiclass", np.array([-1, 0]), ValueError, "got values in [-1, 0]"),
    (
        "labels float",
        "multiclass",
        np.array([0.0, 1.0]),
        TypeError,
        "1-D d holds class labels and must be integers",
    ),
    ("labels float list", "multiclass", [0.0, 2.0], TypeError, "use d.astype(int)"),
    ("labels bool", "multiclass", np.array([True, False]), TypeError, "d must be a float32 or float64"),
    (
        "labels wrong N",
        "multiclass",
        np.array([0, 1, 2]),
        ValueError,
        "d must have one label per example, shape (N,) = (2,)",
    ),
    (
        "rows negative",
        "multiclass",
        np.array([[1.5, -0.5, 0.0], [1.0, 0.0, 0.0]]),
        ValueError,
        "row 0 has a negative entry",
    ),
    (
        "rows sum != 1",
        "multiclass",
        np.array([[0.5, 0.4, 0.0], [1.0, 0.0, 0.0]]),
        ValueError,
        "needs sum_k d_k = 1); row 0 sums to 0.9",
    ),
    ("rows sum != 1, hint", "multiclass", np.full((2, 3), 0.5), ValueError, "y * sum_k d_k - d"),
    ("binary above 1", "binary", np.full((2, 3), 1.5), ValueError, "d must lie in [0, 1] for task='binary'"),
    ("binary below 0", "binary", np.full((2, 3), -0.1), ValueError, "got values in [-0.1, -0.1]"),
    ("binary labels", "binary", np.array([0, 1]), ValueError, "d looks like integer class labels"),
    ("regression labels", "regression", [0, 1], ValueError, "only task='multiclass' takes"),
    (
        "regression 3-D",
        "regression",
        np.ones((2, 3, 1)),
        ValueError,
        "d must have the output's shape (N, n_L) = (2, 3)",
    ),
    ("multiclass wrong K", "multiclass", np.full((2, 2), 0.5), ValueError, "(N, n_L) = (2, 3), got (2, 2)"),
    ("d None", "regression", None, TypeError, "d must be a NumPy array or a nested list, got NoneType"),
    ("d complex", "binary", np.ones((2, 3), complex), TypeError, "d must be a float32"),
    ("d string", "regression", [["a", "b", "c"]] * 2, TypeError, "d must be a float32"),
]


@pytest.mark.parametrize(("kind", "task", "d", "exc", "fragment"), BAD, ids=[b[0] for b in BAD])
def test_bad_targets(kind: str, task: str, d: object, exc: type[Exception], fragment: str) -> None:
    net, fwd = _net(task)
    for call in (net.backward, net.loss):
        with pytest.raises(exc) as info:
            call(fwd, d)  # type: ignore[arg-type]
        assert fragment in str(info.value)


def test_one_output_unit_with_a_1d_target_gets_the_reshape_hint() -> None:
    with pytest.raises(ValueError, match=r"d\[:, None\]"):
        real_target(np.ones(4), (4, 1), F64)


@pytest.mark.parametrize("dtype", [F32, F64])
def test_labels_become_one_hot_rows_of_the_dtype(dtype: np.dtype) -> None:  # type: ignore[type-arg]
    d = multiclass_target(np.array([2, 0]), (2, 3), dtype)
    assert d.dtype == dtype
    np.testing.assert_array_equal(d, np.eye(3, dtype=dtype)[[2, 0]])
    np.testing.assert_array_equal(one_hot(np.array([1], np.uint8), 1, 2, dtype), [[0, 1]])


def test_one_hot_called_directly_takes_1_d_labels_only() -> None:
    # multiclass_target sends only 1-D labels here; a caller of refbp.targets.one_hot may not
    message = "d must be 1-D of shape (N,) = (2,), got shape (2, 2)"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        one_hot(np.zeros((2, 2), np.int64), 2, 3, F64)


@pytest.mark.parametrize("dtype", [F32, F64])
def test_rows_rounded_in_their_own_dtype_still_sum_to_one(dtype: np.dtype, rng: np.random.Generator) -> None:  # type: ignore[type-arg]
    p = rng.uniform(size=(50, 7)).astype(dtype)
    d = p / p.sum(axis=1, keepdims=True)
    assert multiclass_target(d, d.shape, dtype) is d


def test_binary_bounds_are_inclusive() -> None:
    d = np.array([[0.0, 1.0, 0.5]])
    assert binary_target(d, (1, 3), F64) is d


def test_a_multiclass_target_that_is_no_array_is_named_d() -> None:
    with pytest.raises(TypeError, match=r"^d must be a NumPy array or a nested list, got NoneType$"):
        multiclass_target(None, (2, 3), F64)


def test_boolean_labels_are_refused_as_not_real_numbers() -> None:
    with pytest.raises(
        TypeError, match=r"^d must be a float32 or float64 array \(or integers\), got dtype bool$"
    ):
        multiclass_target(np.array([True, False]), (2, 3), F64)


def test_the_negative_row_named_is_the_first_with_a_negative_entry() -> None:
    d = np.array([[0.0, 1.0, 0.0], [-0.5, 1.0, 0.5]])  # row 0 has zeros, not negatives
    with pytest.raises(ValueError, match=r"; row 1 has a negative entry \(min of d: -0\.5\)$"):
        multiclass_target(d, (2, 3), F64)


def test_the_row_named_is_the_one_whose_sum_is_furthest_from_one() -> None:
    d = np.array([[0.5, 0.5, 0.0], [0.5, 0.5, 0.5]])
    with pytest.raises(ValueError, match=r"; row 1 sums to 1\.5\. Normalise"):
        multiclass_target(d, (2, 3), F64)


@pytest.mark.parametrize("dtype", [F32, F64])
def test_a_row_sum_may_miss_one_by_8_k_eps_and_no_more(dtype: np.dtype) -> None:  # type: ignore[type-arg]
    k, eps = 2, np.finfo(dtype).eps
    at_bound = np.array([[1.0, 8 * k * eps]], dtype)  # sums to 1 + 8 K eps exactly
    assert multiclass_target(at_bound, (1, k), dtype) is at_bound
    beyond = np.array([[1.0, (8 * k + 1) * eps]], dtype)
    with pytest.raises(ValueError, match=r"^every row of d must sum to 1"):
        multiclass_target(beyond, (1, k), dtype)


@pytest.mark.parametrize(
    ("d", "shape", "message"),
    [
        (
            np.ones(4),
            (4, 1),
            "d must have the output's shape (N, n_L) = (4, 1), got (4,); for one output unit use d[:, None]",
        ),
        (np.ones(4), (4, 2), "d must have the output's shape (N, n_L) = (4, 2), got (4,)"),
        (np.ones((4, 1)), (4, 2), "d must have the output's shape (N, n_L) = (4, 2), got (4, 1)"),
    ],
)
def test_the_reshape_hint_is_given_only_for_one_output_unit(
    d: np.ndarray, shape: tuple[int, int], message: str
) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        real_target(d, shape, F64)


def test_rows_sum_to_one_allows_rounding_only() -> None:
    third = np.full((1, 3), 1 / 3)
    assert rows_sum_to_one(third)
    assert not rows_sum_to_one(third + 1e-9)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_rows_sum_to_one_within_8_k_eps_and_no_more(dtype: type) -> None:
    k, eps = 2, np.finfo(dtype).eps
    assert rows_sum_to_one(np.array([[1.0, 8 * k * eps]], dtype))  # 1 + 8 K eps exactly
    assert not rows_sum_to_one(np.array([[1.0, (8 * k + 1) * eps]], dtype))
