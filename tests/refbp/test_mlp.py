"""MLP: the layer convention, forward and backward, purity, and errors at its boundary.

These tests need NumPy only (they run in the notorch env). The independent witness
here is a central difference of E; the oracle tests compare with torch.autograd.
"""

from __future__ import annotations

import hashlib
import re
import tracemalloc

import numpy as np
import pytest
from nets import make

import refbp
from refbp import MLP, backprop


def numeric_grads(net: MLP, x: np.ndarray, d: np.ndarray, h: float = 1e-6) -> list[np.ndarray]:
    """dE/dW^(l) for every layer by central differences of net.loss (no torch)."""
    out = []
    for k, W in enumerate(net.weights):
        g = np.zeros_like(W)
        for idx in np.ndindex(W.shape):
            losses = []
            for step in (h, -h):
                Ws = [w.copy() for w in net.weights]
                Ws[k][idx] += step
                moved = MLP(Ws, list(net.biases), hidden=net.hidden, task=net.task)
                losses.append(moved.loss(moved.forward(x), d))
            g[idx] = (losses[0] - losses[1]) / (2 * h)
        out.append(g)
    return out


def test_symbol_table_shapes() -> None:
    net, x, d = make((4, 8, 5, 3), "tanh", "regression", n=7)
    fwd = net.forward(x)
    g = net.backward(fwd, d)
    assert net.sizes == (4, 8, 5, 3)
    assert [W.shape for W in net.weights] == [(8, 4), (5, 8), (3, 5)]
    assert [z.shape for z in fwd.z] == [(7, 8), (7, 5), (7, 3)]  # z[k] = z^(k+1)
    assert [a.shape for a in fwd.a] == [(7, 4), (7, 8), (7, 5), (7, 3)]  # a[0] = x
    assert fwd.a[0] is not x or np.shares_memory(fwd.a[0], x)
    np.testing.assert_array_equal(fwd.a[0], x)
    assert fwd.y is fwd.a[3]
    assert [delta.shape for delta in g.delta] == [(7, 8), (7, 5), (7, 3)]
    assert [dW.shape for dW in g.W] == [(8, 4), (5, 8), (3, 5)]
    assert [db.shape for db in g.b] == [(8,), (5,), (3,)]


def test_forward_is_e1_and_e2_layer_by_layer() -> None:
    net, x, _ = make((3, 4, 2), "sigmoid", "multiclass", n=5)
    fwd = net.forward(x)
    W, b = net.weights, net.biases
    z1 = x @ W[0].T + b[0]
    a1 = 1 / (1 + np.exp(-z1))
    z2 = a1 @ W[1].T + b[1]
    np.testing.assert_allclose(fwd.z[0], z1, rtol=1e-14)
    np.testing.assert_allclose(fwd.a[1], a1, rtol=1e-14)
    np.testing.assert_allclose(fwd.z[1], z2, rtol=1e-13)
    np.testing.assert_allclose(fwd.y, np.exp(z2) / np.exp(z2).sum(axis=1, keepdims=True), rtol=1e-13)


@pytest.mark.parametrize("task", sorted(refbp.TASKS))
@pytest.mark.parametrize("hidden", sorted(refbp.ACTIVATIONS))
def test_weight_gradients_match_central_differences(task: str, hidden: str) -> None:
    net, x, d = make((3, 4, 2), hidden, task, n=3, seed=7)
    grads = backprop(net, x, d)
    for k, numeric in enumerate(numeric_grads(net, x, d)):
        # h = 1e-6: truncation ~h^2 f''' ~1e-12, rounding ~eps |E| / h ~1e-10
        np.testing.assert_allclose(grads.W[k], numeric, rtol=1e-6, atol=1e-8, err_msg=f"layer {k + 1}")


@pytest.mark.parametrize("task", sorted(refbp.TASKS))
def test_output_delta_is_y_minus_d(task: str) -> None:
    net, x, d = make((3, 5, 2), "relu", task, n=4)
    fwd = net.forward(x)
    np.testing.assert_array_equal(net.backward(fwd, d).delta[-1], fwd.y - d)


@pytest.mark.parametrize("task", sorted(refbp.TASKS))
def test_mean_divides_every_delta_gradient_and_the_loss_by_n(task: str) -> None:
    net, x, d = make((3, 5, 4, 2), "tanh", task, n=6)
    fwd = net.forward(x)
    total, mean = net.backward(fwd, d, "sum"), net.backward(fwd, d, "mean")
    for name in ("delta", "W", "b"):
        for s, m in zip(getattr(total, name), getattr(mean, name), strict=True):
            np.testing.assert_allclose(m, s / 6, rtol=1e-14, atol=1e-17, err_msg=name)
    assert net.loss(fwd, d, "mean") == pytest.approx(net.loss(fwd, d, "sum") / 6, rel=1e-15)


def test_integer_labels_equal_one_hot_rows() -> None:
    net, x, _ = make((3, 4, 3), "tanh", "multiclass", n=4)
    labels = np.array([0, 2, 1, 2])
    fwd = net.forward(x)
    a, b = net.backward(fwd, labels), net.backward(fwd, np.eye(3)[labels])
    for ga, gb in zip(a.W + a.b, b.W + b.b, strict=True):
        np.testing.assert_array_equal(ga, gb)
    assert net.loss(fwd, labels) == net.loss(fwd, np.eye(3)[labels])


def test_backprop_is_forward_then_backward() -> None:
    net, x, d = make((4, 6, 3), "softplus", "binary", n=5)
    once = backprop(net, x, d, "mean")
    twice = net.backward(net.forward(x), d, "mean")
    for p, q in zip(once.delta + once.W + once.b, twice.delta + twice.W + twice.b, strict=True):
        np.testing.assert_array_equal(p, q)


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


def test_float32_stays_float32() -> None:
    net = MLP.init((3, 4, 2), hidden="tanh", task="binary", dtype=np.float32)
    x = np.ones((2, 3), dtype=np.float32)
    fwd = net.forward(x)
    g = net.backward(fwd, np.full((2, 2), 0.5, dtype=np.float32))
    assert {arr.dtype for arr in (*fwd.z, *fwd.a, *g.delta, *g.W, *g.b)} == {np.dtype(np.float32)}


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
