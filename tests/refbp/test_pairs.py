"""refbp.pairs: choosing an output and a loss apart, and the output delta of any pair."""

from __future__ import annotations

import numpy as np
import pytest

import refbp
from refbp.pairs import CANONICAL, chain_delta, make_pair, rows_sum_to_one

NONCANONICAL = [("sigmoid", "squared_error"), ("tanh", "squared_error"), ("softmax", "squared_error")]


def batch(output: str, loss: str, rng: np.random.Generator, normalized: bool = True):
    """z, y, d of a 5 x 3 output layer: d valid for ``loss``."""
    out = refbp.OUTPUTS[output]
    z = rng.normal(size=(5, 3))
    d = rng.uniform(0.1, 1.0, size=(5, 3))
    if normalized and loss == "cross_entropy":
        d /= d.sum(axis=1, keepdims=True)
    return z, out.f(z), d


@pytest.mark.parametrize(("output", "loss"), sorted(CANONICAL))
def test_the_chain_rule_and_E13_agree_on_canonical_pairs(output: str, loss: str, rng) -> None:
    z, y, d = batch(output, loss, rng)
    general = chain_delta(z, y, d, refbp.OUTPUTS[output], refbp.LOSSES[loss])
    np.testing.assert_allclose(general, refbp.output_delta(y, d), rtol=1e-12, atol=1e-15)
    assert make_pair(None, output, loss).uses_identity(d)


@pytest.mark.parametrize(("output", "loss"), NONCANONICAL)
def test_noncanonical_delta_keeps_its_factor(output: str, loss: str, rng) -> None:
    z, y, d = batch(output, loss, rng)
    pair = make_pair(None, output, loss)
    assert not pair.canonical
    assert not pair.uses_identity(d)
    delta = chain_delta(z, y, d, pair.output, pair.loss)
    assert np.abs(delta - (y - d)).max() > 0.1 * np.abs(y - d).max()  # materially not y - d
    if output != "softmax":  # elementwise: (y - d) * f'(z)
        fz = {"sigmoid": y * (1 - y), "tanh": 1 - y**2}[output]
        np.testing.assert_allclose(delta, (y - d) * fz, rtol=1e-12)


def test_softmax_cross_entropy_rows_not_summing_to_one(rng: np.random.Generator) -> None:
    z, y, d = batch("softmax", "cross_entropy", rng, normalized=False)
    pair = make_pair(None, "softmax", "cross_entropy")
    assert pair.canonical
    assert not rows_sum_to_one(d)
    assert not pair.uses_identity(d)
    delta = chain_delta(z, y, d, pair.output, pair.loss)
    np.testing.assert_allclose(delta, y * d.sum(axis=1, keepdims=True) - d, rtol=1e-12)
    assert np.abs(delta - (y - d)).max() > 0.1 * np.abs(y - d).max()


def test_mlp_with_output_and_loss(rng: np.random.Generator) -> None:
    net = refbp.MLP.init((3, 4, 2), hidden="tanh", output="sigmoid", loss="squared_error", seed=2)
    assert net.task is None
    assert net.pair.name == "sigmoid+squared_error"
    x, d = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    fwd = net.forward(x)
    y = fwd.y
    np.testing.assert_allclose(net.backward(fwd, d).delta[-1], (y - d) * y * (1 - y), rtol=1e-12)
    np.testing.assert_allclose(net.loss(fwd, d), 0.5 * ((y - d) ** 2).sum(), rtol=1e-12)
    assert refbp.MLP(net.weights, net.biases).task == "regression"  # the default


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"task": "binary", "output": "sigmoid", "loss": "poisson"}, "not both"),
        ({"output": "sigmoid"}, "loss= is missing"),
        ({"loss": "poisson"}, "output= is missing"),
        (
            {"output": "identity", "loss": "binary_cross_entropy"},
            r"defined for y in \(0, 1\), but output='identity' gives y in \(-inf, inf\); "
            "pair it with output= one of: sigmoid$",
        ),
        ({"output": "tanh", "loss": "poisson"}, r"output='tanh' gives y in \(-1, 1\)"),
        ({"output": "exp", "loss": "binary_cross_entropy"}, r"gives y in \(0, inf\)"),
    ],
)
def test_pairs_that_make_no_sense_are_refused(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        refbp.MLP.init((2, 2), **kwargs)


def test_rows_sum_to_one_allows_rounding_only() -> None:
    third = np.full((1, 3), 1 / 3)
    assert rows_sum_to_one(third)
    assert not rows_sum_to_one(third + 1e-9)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_rows_sum_to_one_within_8_k_eps_and_no_more(dtype: type) -> None:
    k, eps = 2, np.finfo(dtype).eps
    assert rows_sum_to_one(np.array([[1.0, 8 * k * eps]], dtype))  # 1 + 8 K eps exactly
    assert not rows_sum_to_one(np.array([[1.0, (8 * k + 1) * eps]], dtype))
