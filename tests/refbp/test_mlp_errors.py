"""MLP at its boundary: what forward, backward, loss, prepare_target and backprop refuse or convert."""

from __future__ import annotations

import re

import numpy as np
import pytest
from nets import make

from refbp import MLP, backprop


def test_forward_from_another_network_is_refused() -> None:
    net, x, d = make((3, 4, 2), "tanh", "regression", n=2)
    twin = MLP(list(net.weights), list(net.biases), hidden="tanh", task="regression")
    with pytest.raises(
        ValueError, match=r"^fwd was computed by another network; call this network's forward\(x\) first$"
    ):
        twin.backward(net.forward(x), d)
    with pytest.raises(
        TypeError, match=r"^fwd must be the Forward that net\.forward\(x\) returned, got tuple$"
    ):
        net.loss((net.forward(x).z, net.forward(x).a), d)  # type: ignore[arg-type]


def test_backprop_refuses_a_non_network() -> None:
    with pytest.raises(TypeError, match=r"^net must be a refbp\.MLP, got str$"):
        backprop("net", np.ones((1, 2)), np.ones((1, 1)))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("x", "error", "fragment"),
    [
        (np.ones(3), ValueError, r"x must be 2-D.*use x\[None, :\]"),
        (np.ones((2, 5)), ValueError, "x must have n_0 = 3 features"),
        (np.ones((0, 3)), ValueError, "empty batch"),
        (
            np.ones((2, 3), dtype=np.float32),
            TypeError,
            "x has dtype float32 but the network computes in float64",
        ),
        (np.array([[1.0, np.nan, 0.0]]), ValueError, "x has 1 non-finite"),
    ],
)
def test_forward_errors_name_x(x: np.ndarray, error: type[Exception], fragment: str) -> None:
    net = MLP.init((3, 2))
    with pytest.raises(error, match=fragment):
        net.forward(x)


def test_lists_and_integer_arrays_are_converted_to_the_network_dtype() -> None:
    net = MLP.init((2, 3, 1), dtype=np.float32)
    fwd = net.forward([[1, 2], [3, 4]])
    assert fwd.a[0].dtype == np.float32
    assert net.forward(np.array([[1, 2]])).a[0].dtype == np.float32
    g = net.backward(fwd, [[0.5], [1.0]])
    assert g.W[0].dtype == np.float32


@pytest.mark.parametrize(
    ("task", "d", "fragment"),
    [
        ("regression", np.ones((2, 3)), r"d must have the output's shape \(N, n_L\) = \(2, 2\)"),
        ("regression", np.array([0, 1]), "integer class labels, which only task='multiclass' takes"),
        ("binary", np.full((2, 2), 1.5), r"d must lie in \[0, 1\]"),
        ("multiclass", np.array([0, 2]), r"labels in d must lie in \[0, K\) = \[0, 2\)"),
        ("multiclass", np.array([0.0, 1.0]), "must be integers"),
        ("multiclass", np.array([0, 1, 1]), r"one label per example"),
        ("multiclass", np.full((2, 2), 0.4), "every row of d must sum to 1"),
        ("multiclass", np.array([[1.5, -0.5], [0.5, 0.5]]), "rows of probabilities"),
        ("multiclass", np.array([[True, False], [False, True]]), "d must be a float32 or float64 array"),
    ],
)
def test_backward_errors_name_d(task: str, d: np.ndarray, fragment: str) -> None:
    net = MLP.init((3, 2), task=task)
    fwd = net.forward(np.ones((2, 3)))
    with pytest.raises((ValueError, TypeError), match=fragment):
        net.backward(fwd, d)


@pytest.mark.parametrize(
    ("n", "error", "message"),
    [
        (None, TypeError, "n must be an integer >= 1 (the batch size N, len(x)), got None"),
        ("4", TypeError, "n must be an integer >= 1 (the batch size N, len(x)), got '4'"),
        (4.0, TypeError, "n must be an integer >= 1 (the batch size N, len(x)), got 4.0"),
        (True, TypeError, "n must be an integer >= 1 (the batch size N, len(x)), got True"),
        (0, ValueError, "n must be an integer >= 1 (the batch size N, len(x)), got 0"),
        (
            -(2**63),
            ValueError,
            "n must be an integer >= 1 (the batch size N, len(x)), got -9223372036854775808",
        ),
    ],
)
def test_prepare_target_names_a_bad_n(n: object, error: type[Exception], message: str) -> None:
    # n was passed on into d's shape, so the message blamed d: "d must have the output's shape (None, 2)"
    net = MLP.init((3, 2))
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        net.prepare_target(np.ones((4, 2)), n)  # type: ignore[arg-type]


def test_prepare_target_takes_numpy_integers() -> None:
    net = MLP.init((3, 2), task="multiclass")
    np.testing.assert_array_equal(net.prepare_target(np.array([1, 0]), np.int64(2)), [[0.0, 1.0], [1.0, 0.0]])


def test_unknown_reduction_is_refused() -> None:
    net = MLP.init((3, 2))
    fwd = net.forward(np.ones((1, 3)))
    with pytest.raises(ValueError, match="reduction must be 'sum' or 'mean', got 'avg'"):
        net.backward(fwd, np.ones((1, 2)), "avg")  # type: ignore[arg-type]
