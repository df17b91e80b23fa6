"""MLP.init: the checks of sizes, seed and dtype, and the determinism of drawing from a seed."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from catalogue import assert_refused

import refbp
from refbp import MLP

BAD: list[tuple[str, Callable[[], object], type[Exception], tuple[str, ...]]] = [
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
