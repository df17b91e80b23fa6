"""examples/cookbook/: four back-propagations in their authors' conventions, each right.

Each is compared with ``refbp.backprop`` on the same network, its arrays converted by hand
here (layouts, columns, the reduction, micrograd's loss without E12's 1/2), in float64 to
1e-9. docs/cookbook.md checks the same code with the oracle, in the code's own conventions.
"""

from __future__ import annotations

import random
import runpy
from pathlib import Path

import numpy as np
import pytest

import refbp

COOKBOOK = Path(__file__).resolve().parents[1] / "examples" / "cookbook"
RTOL, ATOL = 1e-9, 1e-12
RNG = np.random.default_rng(0)
X = RNG.normal(size=(7, 4))
LABELS = np.array([0, 1, 2, 2, 1, 0, 1])


def load(name: str) -> dict[str, object]:
    return runpy.run_path(str(COOKBOOK / f"{name}.py"))


def close(mine: object, ref: np.ndarray) -> None:
    np.testing.assert_allclose(np.asarray(mine, dtype=float), ref, rtol=RTOL, atol=ATOL)


def test_every_cookbook_entry_is_tested() -> None:
    assert {p.stem for p in COOKBOOK.glob("*.py")} == {
        "nielsen",
        "cs231n",
        "sklearn_style",
        "micrograd_style",
    }


def test_nielsen_sums_to_refbp_s_sigmoid_with_squared_error() -> None:
    mine = load("nielsen")["Network"]([4, 5, 3], seed=1)  # type: ignore[operator]
    net = refbp.MLP(mine.weights, [b[:, 0] for b in mine.biases], output="sigmoid", loss="squared_error")
    d = RNG.uniform(size=(7, 3))
    per_example = [mine.backprop(x[:, None], t[:, None]) for x, t in zip(X, d, strict=True)]
    g = refbp.backprop(net, X, d)
    for k in range(2):
        close(sum(nabla_w[k] for _, nabla_w in per_example), g.W[k])
        close(sum(nabla_b[k] for nabla_b, _ in per_example), g.b[k][:, None])
        close(np.hstack([nabla_b[k] for nabla_b, _ in per_example]).T, g.delta[k])
    close(mine.feedforward(X[:1].T), net.forward(X[:1]).y.T)


def test_cs231n_is_refbp_s_relu_softmax_mean_in_the_x_at_w_layout() -> None:
    model = load("cs231n")["TwoLayerNet"](4, 6, 3, std=0.5, seed=1)  # type: ignore[operator]
    model.params["b1"], model.params["b2"] = RNG.normal(size=6), RNG.normal(size=3)
    p = model.params
    net = refbp.MLP([p["W1"].T, p["W2"].T], [p["b1"], p["b2"]], hidden="relu", task="multiclass")
    loss, grads = model.loss(X, LABELS)
    g = refbp.backprop(net, X, LABELS, "mean")
    for k in range(2):
        close(grads[f"W{k + 1}"], g.W[k].T)
        close(grads[f"b{k + 1}"], g.b[k])
    close(loss, net.loss(net.forward(X), LABELS, "mean"))
    close(model.loss(X), net.forward(X).z[-1])


@pytest.mark.parametrize("activation", ["relu", "tanh", "logistic", "identity"])
def test_sklearn_mixes_the_sum_s_deltas_with_the_mean_s_gradients(activation: str) -> None:
    clf = load("sklearn_style")["MLPClassifier"]((6, 5), activation=activation, alpha=0.0)  # type: ignore[operator]
    clf._initialize(4, 3, seed=1)
    hidden = {"logistic": "sigmoid"}.get(activation, activation)
    net = refbp.MLP([W.T for W in clf.coefs_], clf.intercepts_, hidden=hidden, task="multiclass")
    y = np.eye(3)[LABELS]
    deltas, coef_grads, intercept_grads = [None] * 3, [None] * 3, [None] * 3
    loss, *_ = clf._backprop(X, y, [X, None, None, None], deltas, coef_grads, intercept_grads)
    mean, summed = refbp.backprop(net, X, y, "mean"), refbp.backprop(net, X, y, "sum")
    for k in range(3):
        close(coef_grads[k], mean.W[k].T)
        close(intercept_grads[k], mean.b[k])
        close(deltas[k], summed.delta[k])
    close(loss, net.loss(net.forward(X), y, "mean"))


def test_sklearn_s_alpha_adds_its_l2_term() -> None:
    clf = load("sklearn_style")["MLPClassifier"]((5,), alpha=0.3)  # type: ignore[operator]
    clf._initialize(4, 3, seed=1)
    coef_grads = [None] * 2
    clf._backprop(X, np.eye(3)[LABELS], [X, None, None], [None] * 2, coef_grads, [None] * 2)
    clf.alpha = 0.0
    plain = clf._backprop(X, np.eye(3)[LABELS], [X, None, None], [None] * 2, [None] * 2, [None] * 2)[1]
    close(coef_grads[0] - plain[0], 0.3 * clf.coefs_[0] / len(X))


@pytest.mark.parametrize("nonlin", ["relu", "tanh"])
def test_micrograd_is_twice_refbp_s_squared_error(nonlin: str) -> None:
    ns = load("micrograd_style")
    random.seed(1)
    model = ns["MLP"](4, [5, 2], nonlin=nonlin)  # type: ignore[operator]
    for p in model.parameters():
        p.data = random.uniform(-1, 1)  # biases too: micrograd starts them at 0
    layers = [[[*n.w, n.b] for n in layer.neurons] for layer in model.layers]
    W = [np.array([[v.data for v in row[:-1]] for row in rows]) for rows in layers]
    b = [np.array([row[-1].data for row in rows]) for rows in layers]
    net = refbp.MLP(W, b, hidden=nonlin, task="regression")
    d = RNG.normal(size=(7, 2))
    loss = sum((ns["squared_error"](model(list(x)), list(t)) for x, t in zip(X, d, strict=True)), 0.0)  # type: ignore[operator]
    loss.backward()
    g = refbp.backprop(net, X, d)  # E12: 1/2 sum (y - d)^2; micrograd's loss has no 1/2
    for k, rows in enumerate(layers):
        close([[v.grad for v in row[:-1]] for row in rows], 2 * g.W[k])
        close([row[-1].grad for row in rows], 2 * g.b[k])
    close(loss.data, 2 * net.loss(net.forward(X), d))


def test_micrograd_s_values_differentiate_what_they_compute() -> None:
    Value = load("micrograd_style")["Value"]
    a, b = Value(2.0), Value(-3.0)  # type: ignore[operator]
    out = (1 - a * b).tanh() + (a - 1.5).relu() * b + (-a).relu()
    out.backward()
    t = np.tanh(7.0)
    assert out.data == pytest.approx(t + 0.5 * -3.0)
    assert a.grad == pytest.approx(-(1 - t**2) * -3.0 + -3.0)
    assert b.grad == pytest.approx(-(1 - t**2) * 2.0 + 0.5)
