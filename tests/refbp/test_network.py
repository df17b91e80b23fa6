"""MLP(weights, biases): the checks of the layers given, and the read-only copies the network keeps.

MLP.init's arguments and drawing from a seed: test_network_init.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pytest
from catalogue import assert_refused

from refbp import MLP

W = [np.ones((4, 3)), np.ones((2, 4))]
B = [np.ones(4), np.ones(2)]

BAD: list[tuple[str, Callable[[], object], type[Exception], tuple[str, ...]]] = [
    (
        "lengths differ",
        lambda: MLP(W, B[:1]),
        ValueError,
        ("weights and biases must have one entry per layer", "2 weights and 1 biases"),
    ),
    ("no layers", lambda: MLP([], []), ValueError, ("weights is empty", "at least one layer")),
    (
        "weights not a list",
        lambda: MLP(np.ones((2, 3)), [np.ones(2)]),
        TypeError,
        ("weights must be a list of arrays", "ndarray"),
    ),  # type: ignore[arg-type]
    ("biases not a list", lambda: MLP(W, None), TypeError, ("biases must be a list", "NoneType")),  # type: ignore[arg-type]
    (
        "weights do not chain",
        lambda: MLP([np.ones((4, 3)), np.ones((2, 5))], B),
        ValueError,
        ("weights[1] has shape (2, 5)", "n_1 = 4", "must chain"),
    ),
    (
        "bias length",
        lambda: MLP(W, [np.ones(3), np.ones(2)]),
        ValueError,
        ("biases[0] must have shape (n_1,) = (4,)", "got (3,)"),
    ),
    ("bias 2-D", lambda: MLP(W, [np.ones((4, 1)), np.ones(2)]), ValueError, ("biases[0] must be 1-D",)),
    (
        "weight 1-D",
        lambda: MLP([np.ones(3)], [np.ones(1)]),
        ValueError,
        ("weights[0] must be 2-D of shape (n_1, n_0)", "(3,)"),
    ),
    ("weight 3-D", lambda: MLP([np.ones((1, 3, 1))], [np.ones(1)]), ValueError, ("weights[0] must be 2-D",)),
    (
        "zero width",
        lambda: MLP([np.ones((0, 3))], [np.ones(0)]),
        ValueError,
        ("weights[0] has shape (0, 3)", "width of at least 1"),
    ),
    (
        "zero inputs",
        lambda: MLP([np.ones((2, 0))], [np.ones(2)]),
        ValueError,
        ("weights[0] has shape (2, 0)",),
    ),
    (
        "integer weights",
        lambda: MLP([np.ones((1, 3), int)], [np.ones(1)]),
        TypeError,
        ("weights[0] must be a float32 or float64 array", "int64"),
    ),
    (
        "complex biases",
        lambda: MLP([np.ones((1, 3))], [np.ones(1, complex)]),
        TypeError,
        ("biases[0] must be", "complex128"),
    ),
    (
        "float16 weights",
        lambda: MLP([np.ones((1, 3), np.float16)], [np.ones(1)]),
        TypeError,
        ("weights[0] must be", "float16"),
    ),
    (
        "mixed float32/float64",
        lambda: MLP([np.ones((1, 3), np.float32)], [np.ones(1)]),
        TypeError,
        ("biases[0] has dtype float64 but weights[0] has float32", "share one dtype"),
    ),
    (
        "NaN weight",
        lambda: MLP([np.full((1, 3), np.nan)], [np.ones(1)]),
        ValueError,
        ("weights[0] has 3 non-finite",),
    ),
    (
        "Inf bias",
        lambda: MLP(W, [np.ones(4), np.array([1.0, -np.inf])]),
        ValueError,
        ("biases[1] has 1 non-finite", "index (1,)"),
    ),
    (
        "ragged weight list",
        lambda: MLP([[[1.0, 2.0], [1.0]]], [np.ones(2)]),
        TypeError,
        ("weights[0] could not be converted",),
    ),
    (
        "unknown hidden",
        lambda: MLP(W, B, hidden="relux"),
        ValueError,
        ("hidden='relux' is not a known activation", "valid names: identity, sigmoid"),
    ),
    (
        "hidden not a str",
        lambda: MLP(W, B, hidden=np.tanh),
        TypeError,
        ("hidden must be an activation name", "valid names"),
    ),  # type: ignore[arg-type]
    (
        "unknown task",
        lambda: MLP(W, B, task="ranking"),
        ValueError,
        ("task='ranking' is not a known task", "valid names: regression"),
    ),
    ("task not a str", lambda: MLP(W, B, task=5), TypeError, ("task must be a task name",)),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("kind", "call", "exc", "fragments"), BAD, ids=[b[0] for b in BAD])
def test_bad_network(
    kind: str, call: Callable[[], object], exc: type[Exception], fragments: tuple[str, ...]
) -> None:
    assert_refused(kind, call, exc, fragments)


def test_weights_given_as_lists_are_float64() -> None:
    net = MLP([[[1.0, 2.0, 3.0]]], [[0.5]])  # type: ignore[list-item]
    assert net.dtype == np.float64
    assert net.sizes == (3, 1)


def test_the_network_keeps_read_only_copies_of_its_arrays() -> None:
    w, b = np.ones((2, 3)), np.zeros(2)
    net = MLP([w], [b])
    w[0, 0] = 99.0  # the caller's later write does not reach the network
    assert net.weights[0][0, 0] == 1.0
    assert not net.weights[0].flags.writeable
    assert not net.biases[0].flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        net.weights[0][0, 0] = 2.0


WHOLE: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    (
        "third layer does not chain",
        lambda: MLP(
            [np.ones((4, 3)), np.ones((2, 4)), np.ones((1, 5))], [np.ones(4), np.ones(2), np.ones(1)]
        ),
        ValueError,
        "weights[2] has shape (1, 5), so layer 3 takes n_2 = 5 inputs, but weights[1] has shape (2, 4), "
        "so layer 2 gives n_2 = 2: consecutive weights must chain",
    ),
    (
        "bias of another dtype",
        lambda: MLP([np.ones((4, 3))], [np.ones(4, np.float32)]),
        TypeError,
        "biases[0] has dtype float32 but weights[0] has float64; "
        "all weights and biases must share one dtype (float32 or float64)",
    ),
    (
        "second bias 2-D",
        lambda: MLP([np.ones((4, 3)), np.ones((2, 4))], [np.ones(4), np.ones((2, 1))]),
        ValueError,
        "biases[1] must be 1-D of shape (n_2,), got shape (2, 1)",
    ),
    (
        "integer bias",
        lambda: MLP([np.ones((4, 3))], [np.ones(4, int)]),
        TypeError,
        "biases[0] must be a float32 or float64 array, got dtype int64",
    ),
    (
        "bias None",
        lambda: MLP([np.ones((4, 3))], [None]),
        TypeError,
        "biases[0] must be a NumPy array or a nested list, got NoneType",
    ),
    (
        "weights 1-D",
        lambda: MLP([np.ones(3)], [np.ones(4)]),
        ValueError,
        "weights[0] must be 2-D of shape (n_1, n_0), got shape (3,)",
    ),
]


@pytest.mark.parametrize(("kind", "call", "exc", "message"), WHOLE, ids=[w[0] for w in WHOLE])
def test_bad_layers_get_the_whole_message(
    kind: str, call: Callable[[], object], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=f"^{re.escape(message)}$"):
        call()
