"""The shapes students give x and d by mistake: each error says the reshape that fixes it.

A hint is a claim about what the user meant, so it is given only where one reading fits:
x flat for a one-feature network (x[:, None]) or one example (x[None, :]); x with the
examples as its columns (x.T); 0/1 labels (N,) for one output unit (d[:, None]); class
labels kept as a column (d.ravel()). Every message is asserted whole; each hint's fix is
checked to be accepted.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from refbp import MLP

N = 5
ONE_FEATURE = MLP.init((1, 4, 1), task="regression", seed=0)
THREE_FEATURES = MLP.init((3, 4, 1), task="binary", seed=0)
CLASSES = MLP.init((3, 4, 3), task="multiclass", seed=0)
X3 = np.linspace(-1, 1, N * 3).reshape(N, 3)


def refused(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        call()  # type: ignore[operator]


def test_a_flat_x_for_one_feature_is_n_examples() -> None:
    x = np.linspace(-1, 1, N)
    refused(
        lambda: ONE_FEATURE.forward(x),
        "x must be 2-D of shape (N, n_0) = (N, 1), got shape (5,); "
        "for one feature per example use x[:, None]",
    )
    assert ONE_FEATURE.forward(x[:, None]).y.shape == (N, 1)


def test_a_flat_x_of_n_0_features_is_one_example() -> None:
    x = X3[0]
    refused(
        lambda: THREE_FEATURES.forward(x),
        "x must be 2-D of shape (N, n_0) = (N, 3), got shape (3,); for one example use x[None, :]",
    )
    assert THREE_FEATURES.forward(x[None, :]).y.shape == (1, 1)


def test_a_flat_x_that_no_reshape_fits_gets_no_hint() -> None:
    refused(
        lambda: THREE_FEATURES.forward(np.ones(4)),
        "x must be 2-D of shape (N, n_0) = (N, 3), got shape (4,)",
    )


@pytest.mark.parametrize("x", [X3[:1].T, X3.T], ids=["one example as a column", "examples as columns"])
def test_x_with_its_examples_as_columns_says_transpose(x: np.ndarray) -> None:
    refused(
        lambda: THREE_FEATURES.forward(x),
        f"x must have n_0 = 3 features per row (shape (N, 3)), got shape {x.shape}; "
        "are the examples its columns? use x.T",
    )
    assert THREE_FEATURES.forward(x.T).y.shape == (x.shape[1], 1)


def test_a_row_of_one_feature_data_says_transpose() -> None:
    x = np.linspace(-1, 1, N)[None, :]
    refused(
        lambda: ONE_FEATURE.forward(x),
        "x must have n_0 = 1 features per row (shape (N, 1)), got shape (1, 5); "
        "are the examples its columns? use x.T",
    )


def test_x_of_other_features_gets_no_hint() -> None:
    refused(
        lambda: THREE_FEATURES.forward(np.ones((4, 2))),
        "x must have n_0 = 3 features per row (shape (N, 3)), got shape (4, 2)",
    )


def test_binary_0_1_labels_for_one_output_unit_are_its_column() -> None:
    fwd = THREE_FEATURES.forward(X3)
    d = np.array([0, 1, 1, 0, 1])
    for call in (THREE_FEATURES.backward, THREE_FEATURES.loss):
        refused(
            lambda call=call: call(fwd, d),  # type: ignore[misc]
            "d must have the output's shape (N, n_L) = (5, 1), got (5,); for one output unit use d[:, None]",
        )
    assert THREE_FEATURES.backward(fwd, d[:, None]).W[0].shape == (4, 3)


def test_integer_labels_for_several_units_still_name_multiclass() -> None:
    net = MLP.init((3, 2), task="binary", seed=0)
    refused(
        lambda: net.backward(net.forward(X3), np.array([0, 1, 1, 0, 1])),
        "d looks like integer class labels, which only task='multiclass' takes; "
        "give d as an array of shape (N, n_L) = (5, 2)",
    )


def test_class_labels_as_a_column_say_ravel() -> None:
    fwd = CLASSES.forward(X3)
    d = np.array([[0], [2], [1], [1], [0]])
    refused(
        lambda: CLASSES.backward(fwd, d),
        "d must have the output's shape (N, n_L) = (5, 3), got (5, 1); "
        "for class labels use d.ravel(), of shape (N,)",
    )
    assert CLASSES.backward(fwd, d.ravel()).W[1].shape == (3, 4)


def test_a_float_column_for_several_classes_gets_no_label_hint() -> None:
    refused(
        lambda: CLASSES.backward(CLASSES.forward(X3), np.full((N, 1), 0.5)),
        "d must have the output's shape (N, n_L) = (5, 3), got (5, 1)",
    )
