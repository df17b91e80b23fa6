"""MLP: the layer convention, and forward and backward by the equations.

These tests need NumPy only (they run in the notorch env). The independent witness
here is a central difference of E; the oracle tests compare with torch.autograd.
Purity and memory: test_mlp_purity.py; the errors at its boundary: test_mlp_errors.py.
"""

from __future__ import annotations

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


def test_float32_stays_float32() -> None:
    net = MLP.init((3, 4, 2), hidden="tanh", task="binary", dtype=np.float32)
    x = np.ones((2, 3), dtype=np.float32)
    fwd = net.forward(x)
    g = net.backward(fwd, np.full((2, 2), 0.5, dtype=np.float32))
    assert {arr.dtype for arr in (*fwd.z, *fwd.a, *g.delta, *g.W, *g.b)} == {np.dtype(np.float32)}
