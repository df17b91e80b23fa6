"""Tests written to kill the mutants of refbp that the rest of the suite let live (docs/mutation.md).

Each one pins a behaviour the oracle's random cases do not reach: float32 kept float32,
the kinks of relu and leaky_relu at exactly 0 (torch's convention, via the oracle), huge
and uneven logits, one error per example, the documented defaults, and the initial draw.
"""

from __future__ import annotations

import numpy as np
import pytest
from nets import make

import oracle
import refbp


@pytest.mark.parametrize("name", sorted(refbp.ACTIVATIONS))
def test_activations_keep_float32(name):
    act = refbp.ACTIVATIONS[name]
    z = np.linspace(-3, 3, 7, dtype=np.float32)
    a = act.f(z)
    assert a.dtype == np.float32
    assert act.fprime(z, a).dtype == np.float32


@pytest.mark.parametrize("hidden", sorted(refbp.ACTIVATIONS))
def test_a_float32_network_computes_in_float32(hidden):
    net = refbp.MLP.init((3, 4, 2), hidden=hidden, dtype=np.float32)
    x = np.random.default_rng(0).normal(size=(5, 3)).astype(np.float32)
    fwd = net.forward(x)
    grads = net.backward(fwd, np.zeros((5, 2), dtype=np.float32))
    assert {arr.dtype for arr in (*net.weights, *net.biases, *fwd.z, *fwd.a, *grads.W, *grads.b)} == {
        np.dtype(np.float32)
    }


@pytest.mark.parametrize("hidden", ["relu", "leaky_relu"])
def test_the_kink_at_exactly_zero_follows_autograd(hidden):
    # unit 0 of the hidden layer has z = 0 exactly for every example: W row and bias are 0
    net, x, d = make((3, 4, 2), hidden, "regression", 6)
    W = [net.weights[0].copy(), net.weights[1]]
    b = [net.biases[0].copy(), net.biases[1]]
    W[0][0], b[0][0] = 0.0, 0.0
    net = refbp.MLP(W, b, hidden=hidden, task="regression")
    assert (net.forward(x).z[0][:, 0] == 0).all()
    report = oracle.check(net, x, d)
    assert report.passed, report


@pytest.mark.parametrize("scale", [1e3, 1e-3])
def test_huge_and_uneven_logits_follow_autograd(scale):
    # rows of logits of very different size: a shift by the global maximum, or a wrong sign, overflows
    net, x, d = make((3, 4), "identity", "multiclass", 4)
    x = x * np.array([[scale], [1.0], [1.0 / scale], [500.0]])
    report = oracle.check(net, x, d)
    assert report.passed, report
    assert np.isfinite(net.loss(net.forward(x), d))


@pytest.mark.parametrize("task", sorted(refbp.TASKS))
def test_the_error_has_one_value_per_example(task):
    net, x, d = make((3, 2), "identity", task, 5)
    fwd = net.forward(x)
    z, y = fwd.z[-1], fwd.y
    per_example = net.pair.error(z, y, d)
    assert per_example.shape == (5,)
    one_by_one = [net.pair.error(z[n : n + 1], y[n : n + 1], d[n : n + 1])[0] for n in range(5)]
    np.testing.assert_allclose(per_example, one_by_one, rtol=oracle.tolerance_for(np.float64).rtol)


def test_the_documented_defaults():
    net = refbp.MLP.init((3, 2))
    assert (net.hidden, net.task) == ("sigmoid", "regression")
    again = refbp.MLP(list(net.weights), list(net.biases))
    assert (again.hidden, again.task) == ("sigmoid", "regression")
    seeded = refbp.MLP.init((3, 2), seed=0)
    for mine, theirs in zip(net.weights, seeded.weights, strict=True):
        np.testing.assert_array_equal(mine, theirs)


def test_the_default_reduction_is_the_sum():
    net, x, d = make((3, 4, 2), "tanh", "regression", 5)
    fwd = net.forward(x)
    assert net.loss(fwd, d) == net.loss(fwd, d, "sum")
    for default in (net.backward(fwd, d), refbp.backprop(net, x, d)):
        for mine, summed in zip(default.W, net.backward(fwd, d, "sum").W, strict=True):
            np.testing.assert_array_equal(mine, summed)


def test_the_draw_is_torch_linears_uniform_and_fixed_by_the_seed():
    net = refbp.MLP.init((50, 200, 100), seed=3)
    for W, b in zip(net.weights, net.biases, strict=True):
        bound = 1 / np.sqrt(W.shape[1])  # torch.nn.Linear: U(-1/sqrt(fan_in), 1/sqrt(fan_in))
        for arr in (W, b):
            assert np.abs(arr).max() <= bound
            assert arr.min() < -0.8 * bound
            assert arr.max() > 0.8 * bound
    same, other = refbp.MLP.init((50, 200, 100), seed=3), refbp.MLP.init((50, 200, 100), seed=4)
    np.testing.assert_array_equal(same.weights[0], net.weights[0])
    assert not np.array_equal(other.weights[0], net.weights[0])


@pytest.mark.parametrize("seed", ["1", True, 1.0])
def test_a_seed_that_is_not_an_integer_is_a_type_error(seed):
    with pytest.raises(TypeError, match=r"^seed must be an integer, got"):
        refbp.MLP.init((2, 1), seed=seed)


def test_backprop_names_a_wrong_net():
    with pytest.raises(TypeError, match=r"^net must be a refbp\.MLP, got str$"):
        refbp.backprop("net", np.zeros((1, 2)), np.zeros((1, 1)))
