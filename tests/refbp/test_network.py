"""Network shape checks (MLP(weights, biases), MLP.init) and the determinism of the seed."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from catalogue import assert_refused

import refbp
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
    ("sizes zero width", lambda: MLP.init((3, 0, 2)), ValueError, ("sizes[1] = 0", "at least 1")),
    ("sizes negative width", lambda: MLP.init((3, -2)), ValueError, ("sizes[1] = -2",)),
    (
        "sizes float width",
        lambda: MLP.init((3, 2.0)),
        TypeError,
        ("sizes[1] must be an integer width", "2.0"),
    ),  # type: ignore[arg-type]
    ("sizes bool width", lambda: MLP.init((3, True)), TypeError, ("sizes[1] must be an integer",)),
    ("sizes too short", lambda: MLP.init((3,)), ValueError, ("sizes needs at least two widths",)),
    ("sizes not a sequence", lambda: MLP.init(3), TypeError, ("sizes must be a sequence", "int")),  # type: ignore[arg-type]
    ("sizes a string", lambda: MLP.init("32"), TypeError, ("sizes must be a sequence", "str")),  # type: ignore[arg-type]
    ("seed float", lambda: MLP.init((3, 2), seed=1.5), TypeError, ("seed must be an integer", "1.5")),  # type: ignore[arg-type]
    ("seed str", lambda: MLP.init((3, 2), seed="7"), TypeError, ("seed must be an integer", "'7'")),  # type: ignore[arg-type]
    ("seed bool", lambda: MLP.init((3, 2), seed=True), TypeError, ("seed must be an integer",)),
    (
        "seed negative",
        lambda: MLP.init((3, 2), seed=-1),
        ValueError,
        ("seed must be a non-negative integer", "-1"),
    ),
    (
        "dtype integer",
        lambda: MLP.init((3, 2), dtype=np.int32),
        TypeError,
        ("dtype must be np.float32 or np.float64",),
    ),
    (
        "dtype nonsense",
        lambda: MLP.init((3, 2), dtype="nonsense"),
        TypeError,
        ("dtype must be np.float32 or np.float64", "'nonsense'"),
    ),
    ("dtype None", lambda: MLP.init((3, 2), dtype=None), TypeError, ("dtype must be", "None")),
    (
        "dtype malformed",
        lambda: MLP.init((3, 2), dtype=("f8", -1)),
        TypeError,
        ("dtype must be np.float32 or np.float64, got ('f8', -1)",),
    ),
    (
        "dtype a subarray",
        lambda: MLP.init((3, 2), dtype=("f8", 2)),
        TypeError,
        ("dtype must be np.float32 or np.float64, got ('f8', 2)",),
    ),
    ("init unknown task", lambda: MLP.init((3, 2), task="regresion"), ValueError, ("task='regresion'",)),
]


@pytest.mark.parametrize(("kind", "call", "exc", "fragments"), BAD, ids=[b[0] for b in BAD])
def test_bad_network(
    kind: str, call: Callable[[], object], exc: type[Exception], fragments: tuple[str, ...]
) -> None:
    assert_refused(kind, call, exc, fragments)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, "float32", np.dtype("float64")])
def test_init_accepts_both_float_dtypes_by_any_name(dtype: object) -> None:
    net = MLP.init((3, 2), dtype=dtype)
    assert net.dtype == np.dtype(dtype)
    assert all(b.dtype == net.dtype for b in net.biases)


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


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("task", sorted(refbp.TASKS))
def test_the_same_seed_gives_the_same_bits(task: str, dtype: type) -> None:
    def run() -> list[bytes]:
        net = MLP.init((4, 6, 5, 3), hidden="tanh", task=task, seed=2024, dtype=dtype)
        x = np.random.default_rng(7).normal(size=(9, 4)).astype(dtype)
        d = (
            np.random.default_rng(8).integers(0, 3, size=9)
            if task == "multiclass"
            else np.full((9, 3), 0.25, dtype)
        )
        fwd = net.forward(x)
        grads = net.backward(fwd, d)
        arrays = [*net.weights, *net.biases, *fwd.z, *fwd.a, *grads.delta, *grads.W, *grads.b]
        return [arr.tobytes() for arr in arrays] + [np.float64(net.loss(fwd, d)).tobytes()]

    assert run() == run()


def test_different_seeds_give_different_weights() -> None:
    a, b = MLP.init((3, 4), seed=0), MLP.init((3, 4), seed=1)
    assert not np.array_equal(a.weights[0], b.weights[0])


def test_init_draws_within_torch_linear_bound() -> None:
    net = MLP.init((16, 9, 1), seed=3)
    for W, b in zip(net.weights, net.biases, strict=True):
        bound = 1 / np.sqrt(W.shape[1])
        assert np.abs(W).max() <= bound
        assert np.abs(b).max() <= bound


def test_the_same_seed_gives_the_same_bits_in_a_fresh_process() -> None:
    script = (
        "import hashlib, numpy as np, refbp\n"
        "net = refbp.MLP.init((5, 7, 3), hidden='softplus', task='multiclass', seed=99)\n"
        "x = np.random.default_rng(3).normal(size=(4, 5))\n"
        "g = refbp.backprop(net, x, np.array([0, 2, 1, 2]))\n"
        "h = hashlib.sha256()\n"
        "for arr in (*net.weights, *net.biases, *g.delta, *g.W, *g.b): h.update(arr.tobytes())\n"
        "print(h.hexdigest())\n"
    )
    root = str(Path(refbp.__file__).parent.parent)
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=root)
        for _ in range(2)
    ]
    assert runs[0].stdout == runs[1].stdout
    assert len(runs[0].stdout.strip()) == 64


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
