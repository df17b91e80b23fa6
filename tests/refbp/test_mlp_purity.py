"""MLP is pure: no argument is written (by backward or gradients), twice gives the same bits,
backward's peak is what it returns."""

from __future__ import annotations

import hashlib
import tracemalloc

import numpy as np
import pytest
from nets import make

import refbp
from refbp import MLP, backprop


def _digest(*arrays: np.ndarray) -> str:
    return hashlib.sha256(b"".join(a.tobytes() for a in arrays)).hexdigest()


def test_pure_no_argument_is_written_and_twice_gives_the_same() -> None:
    net, x, d = make((4, 6, 5, 3), "sigmoid", "regression", n=5)
    params = (*net.weights, *net.biases)
    before = _digest(x, d, *params)
    fwd = net.forward(x)
    g1 = net.backward(fwd, d, "mean")
    fwd_digest = _digest(*fwd.z, *fwd.a)
    g2 = net.backward(fwd, d, "mean")
    net.loss(fwd, d)
    backprop(net, x, d)
    assert _digest(x, d, *params) == before
    assert _digest(*fwd.z, *fwd.a) == fwd_digest
    assert _digest(*g1.delta, *g1.W, *g1.b) == _digest(*g2.delta, *g2.W, *g2.b)


def test_init_is_deterministic_and_seeded() -> None:
    a = MLP.init((3, 5, 2), seed=4)
    b = MLP.init((3, 5, 2), seed=4)
    c = MLP.init((3, 5, 2), seed=5)
    assert _digest(*a.weights, *a.biases) == _digest(*b.weights, *b.biases)
    assert _digest(*a.weights, *a.biases) != _digest(*c.weights, *c.biases)
    assert MLP.init((3, 2), dtype=np.float32).dtype == np.float32
    assert (np.abs(a.weights[0]) <= 1 / np.sqrt(3)).all()


def _freeze(*arrays: np.ndarray) -> None:
    for arr in arrays:
        arr.flags.writeable = False  # any write raises ValueError


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu", "leaky_relu", "softplus", "identity"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_backward_peak_memory_is_what_it_returns(hidden: str, dtype: type) -> None:
    # Wide layers, a small batch: the dW dominate, and one forgotten N x n_l temporary
    # (an f'(z^(l)) kept alive while the dW of E10 are allocated) exceeds the slack.
    net, x, d = make((64, 256, 256, 3), hidden, "regression", n=8)
    net = type(net)([w.astype(dtype) for w in net.weights], [b.astype(dtype) for b in net.biases], hidden)
    x, d = x.astype(dtype), d.astype(dtype)
    fwd = net.forward(x)
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        grads = net.backward(fwd, d)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    returned = sum(arr.nbytes for arrs in (grads.delta, grads.W, grads.b) for arr in arrs)
    smallest_temporary = 8 * 256 * np.dtype(dtype).itemsize  # one f'(z^(l)) of this net
    assert returned <= peak < returned + smallest_temporary


@pytest.mark.parametrize("task", ["regression", "binary", "multiclass"])
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_backward_writes_to_no_input(task: str, reduction: str) -> None:
    net, x, d = make((4, 6, 5, 3), "tanh", task, n=7)
    fwd = net.forward(x)
    before = [arr.copy() for arr in (*fwd.z, *fwd.a, d, *net.weights, *net.biases)]
    _freeze(*fwd.z, *fwd.a, d, *net.weights, *net.biases)
    first = net.backward(fwd, d, reduction)  # type: ignore[arg-type]
    second = net.backward(fwd, d, reduction)  # type: ignore[arg-type]
    after = (*fwd.z, *fwd.a, d, *net.weights, *net.biases)
    for old, new in zip(before, after, strict=True):
        np.testing.assert_array_equal(new, old, strict=True)
    for one, two in zip(first.W + first.b + first.delta, second.W + second.b + second.delta, strict=True):
        np.testing.assert_array_equal(one, two, strict=True)
        assert not np.shares_memory(one, two)


@pytest.mark.parametrize("task", ["regression", "binary", "multiclass"])
@pytest.mark.parametrize("reduction", ["sum", "mean"])
@pytest.mark.parametrize("workspace", [False, True])
def test_gradients_writes_to_no_input(task: str, reduction: str, workspace: bool) -> None:
    net, x, d = make((4, 6, 5, 3), "softplus", task, n=7)
    ws = refbp.Workspace(net, 7) if workspace else None
    before = [arr.copy() for arr in (x, d, *net.weights, *net.biases)]
    _freeze(x, d, *net.weights, *net.biases)
    first = net.gradients(x, d, reduction, workspace=ws)  # type: ignore[arg-type]
    kept = [g.copy() for g in first.W + first.b]
    second = net.gradients(x, d, reduction, workspace=ws)  # type: ignore[arg-type]
    for old, new in zip(before, (x, d, *net.weights, *net.biases), strict=True):
        np.testing.assert_array_equal(new, old, strict=True)
    for one, two in zip(kept, second.W + second.b, strict=True):
        np.testing.assert_array_equal(one, two, strict=True)
    assert first.loss == second.loss
