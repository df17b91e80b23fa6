"""(E11) chain_delta: the output delta of any pair, against E13, central differences and bad input."""

from __future__ import annotations

import re

import numpy as np
import pytest

import refbp
from refbp import chain_delta
from refbp.output_layer import CANONICAL, make_pair
from refbp.targets import rows_sum_to_one

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
    assert make_pair(None, output, loss).canonical_for(d)


@pytest.mark.parametrize(("output", "loss"), NONCANONICAL)
def test_noncanonical_delta_keeps_its_factor(output: str, loss: str, rng) -> None:
    z, y, d = batch(output, loss, rng)
    pair = make_pair(None, output, loss)
    assert not pair.canonical
    assert not pair.canonical_for(d)
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
    assert not pair.canonical_for(d)
    delta = chain_delta(z, y, d, pair.output, pair.loss)
    np.testing.assert_allclose(delta, y * d.sum(axis=1, keepdims=True) - d, rtol=1e-12)
    assert np.abs(delta - (y - d)).max() > 0.1 * np.abs(y - d).max()


LOG_PAIRS = [(o, loss) for o in ("sigmoid", "softmax", "exp") for loss in ("cross_entropy", "poisson")] + [
    ("sigmoid", "binary_cross_entropy")
]
"""Every pair whose error takes log y, with an output whose y can round to 0 (and sigmoid's to 1)."""
ACCEPTED = [
    (o, loss) for o in refbp.OUTPUTS for loss in refbp.LOSSES if refbp.LOSSES[loss].accepts(refbp.OUTPUTS[o])
]


def numeric_delta(output: str, loss: str, z: np.ndarray, d: np.ndarray, h: float) -> np.ndarray:
    """dE/dz^(L) by central differences of E(z) = sum of the examples' errors, in float64.

    E is refbp's own, from z (its logs never taken of a rounded y), so it stays finite at
    any logit; its chain rule is not involved.
    """
    out, err = refbp.OUTPUTS[output], refbp.LOSSES[loss]
    z, d = z.astype(np.float64), d.astype(np.float64)
    numeric = np.zeros_like(z)
    for index in np.ndindex(z.shape):
        step = np.zeros_like(z)
        step[index] = h
        E_up, E_down = (err.error(z + s, out.f(z + s), d, out).sum() for s in (step, -step))
        numeric[index] = (E_up - E_down) / (2 * h)
    return numeric


def target(loss: str, rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    """A d valid for ``loss`` whose rows do not sum to 1: softmax + cross_entropy takes E11 too."""
    return rng.uniform(size=shape) if loss == "binary_cross_entropy" else rng.uniform(0.1, 2.0, size=shape)


@pytest.mark.parametrize(("output", "loss"), ACCEPTED)
def test_chain_delta_is_dE_dz_by_central_differences(
    output: str, loss: str, rng: np.random.Generator
) -> None:
    z = rng.normal(size=(4, 3))
    d = target(loss, rng, z.shape)
    delta = chain_delta(z, refbp.OUTPUTS[output].f(z), d, refbp.OUTPUTS[output], refbp.LOSSES[loss])
    np.testing.assert_allclose(delta, numeric_delta(output, loss, z, d, 1e-6), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize(("dtype", "scale"), [(np.float64, 800.0), (np.float32, 120.0)])
@pytest.mark.parametrize(("output", "loss"), LOG_PAIRS)
def test_chain_delta_stays_finite_where_y_rounds_to_0_or_1(
    output: str, loss: str, dtype: type, scale: float, rng: np.random.Generator
) -> None:
    # Logits where y rounds to 0 (and sigmoid's y to 1): dE/dy = -d/y would be inf, and inf * f'(z)
    # = inf * 0 NaN with a RuntimeWarning. exp(+scale) overflows, so exp's logits are <= 0.5.
    high = 0.5 if output == "exp" else scale
    z = np.array([[high, -scale, 0.5], [-scale, 0.5, high], [0.5, high, -scale]], dtype)
    d = target(loss, rng, z.shape).astype(dtype)
    y = refbp.OUTPUTS[output].f(z)
    assert (y == 0).any()  # y really rounds to 0
    delta = chain_delta(z, y, d, refbp.OUTPUTS[output], refbp.LOSSES[loss])
    assert delta.dtype == dtype
    rtol = 1e-6 if dtype == np.float64 else 1e-5
    np.testing.assert_allclose(delta, numeric_delta(output, loss, z, d, 1e-3), rtol=rtol, atol=1e-6)


def test_backprop_through_an_underflowed_sigmoid_with_poisson_is_finite() -> None:
    # y = sigmoid(-120) rounds to 0 in float32: dE/dy = 1 - d/y was -inf, and -inf * y (1 - y) NaN
    net = refbp.MLP(
        [np.array([[1.0]], np.float32)], [np.array([-120.0], np.float32)],
        hidden="identity", output="sigmoid", loss="poisson",
    )  # fmt: skip
    grads = refbp.backprop(net, np.zeros((1, 1), np.float32), np.ones((1, 1), np.float32))
    np.testing.assert_array_equal(grads.delta[0], [[-1.0]])  # (1 - y)(y - d) at y = 0, d = 1
    np.testing.assert_array_equal(grads.b[0], [-1.0])


Z3 = np.zeros((2, 3))
CHAIN_BAD: list[tuple[str, dict[str, object], type[Exception], str]] = [
    (
        "output a name",
        {"output": "sigmoid"},
        TypeError,
        "chain_delta: output must be a refbp.Output (one of refbp.OUTPUTS), got str; "
        "pass refbp.OUTPUTS['sigmoid']",
    ),
    (
        "output None",
        {"output": None},
        TypeError,
        "chain_delta: output must be a refbp.Output (one of refbp.OUTPUTS), got NoneType",
    ),
    (
        "loss an Output",
        {"loss": refbp.OUTPUTS["sigmoid"]},
        TypeError,
        "chain_delta: loss must be a refbp.Loss (one of refbp.LOSSES), got Output",
    ),
    (
        "loss a name",
        {"loss": "poisson"},
        TypeError,
        "chain_delta: loss must be a refbp.Loss (one of refbp.LOSSES), got str; pass refbp.LOSSES['poisson']",
    ),
    (
        "a pair refused",
        {"output": refbp.OUTPUTS["identity"], "loss": refbp.LOSSES["cross_entropy"]},
        ValueError,
        "loss='cross_entropy' is defined for y in (0, inf), but output='identity' gives y in (-inf, inf); "
        "pair it with output= one of: sigmoid, softmax, exp",
    ),
    (
        "y transposed",
        {"y": np.full((3, 2), 0.5)},
        ValueError,
        "chain_delta: y has shape (3, 2), so N = 3, but z has shape (2, 3), so N = 2; "
        "y must have shape (N, n_L)",
    ),
    (
        "d of the other dtype",
        {"d": np.ones((2, 3), np.float32)},
        TypeError,
        "chain_delta: the arrays must share one dtype, got z is float64, y is float64, d is float32",
    ),
    (
        "d complex",
        {"d": np.ones((2, 3), complex)},
        TypeError,
        "chain_delta: d must be a float32 or float64 array, got dtype complex128",
    ),
    (
        "z with NaN",
        {"z": np.array([[0.0, np.nan, 0.0], [0.0, 0.0, 0.0]])},
        ValueError,
        "chain_delta: z has 1 non-finite element(s) (NaN or +-Inf), the first at index (0, 1): nan",
    ),
]


@pytest.mark.parametrize(("kind", "change", "exc", "message"), CHAIN_BAD, ids=[c[0] for c in CHAIN_BAD])
def test_chain_delta_refuses_bad_arguments_by_name(
    kind: str, change: dict[str, object], exc: type[Exception], message: str
) -> None:
    args: dict[str, object] = {
        "z": Z3, "y": np.full((2, 3), 0.5), "d": np.ones((2, 3)),
        "output": refbp.OUTPUTS["sigmoid"], "loss": refbp.LOSSES["poisson"],
    }  # fmt: skip
    with pytest.raises(exc, match=f"^{re.escape(message)}$"):
        chain_delta(**(args | change))  # type: ignore[arg-type]
