"""refbp.mlp: the backward pass holds no temporary beyond the arrays it returns, and
writes to none of the forward pass's arrays, the target or the weights."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from nets import make


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
