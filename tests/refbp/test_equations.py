"""The equations against the sheet's index sums, written out as explicit loops.

The functions under test are refbp's public ones: they check their arguments, then call
``refbp.equations``, which the network calls unchecked.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from refbp import bias_grad, equations, hidden_delta, output_delta, pre_activation, weight_grad


@pytest.fixture
def layer(rng: np.random.Generator) -> dict[str, np.ndarray]:
    """One layer l with N = 3, n_{l-1} = 4, n_l = 5, n_{l+1} = 2."""
    return {
        "W": rng.normal(size=(5, 4)),
        "b": rng.normal(size=5),
        "a_prev": rng.normal(size=(3, 4)),
        "delta": rng.normal(size=(3, 5)),
        "delta_next": rng.normal(size=(3, 2)),
        "W_next": rng.normal(size=(2, 5)),
        "fprime_z": rng.uniform(size=(3, 5)),
    }


def test_pre_activation_is_e1(layer: dict[str, np.ndarray]) -> None:
    W, b, a_prev = layer["W"], layer["b"], layer["a_prev"]
    z = pre_activation(W, b, a_prev)
    for n in range(3):
        for j in range(5):
            expected = sum(W[j, i] * a_prev[n, i] for i in range(4)) + b[j]
            assert z[n, j] == pytest.approx(expected, rel=1e-14)


def test_output_delta_is_e13(rng: np.random.Generator) -> None:
    y, d = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    delta = output_delta(y, d)
    for n in range(3):
        for j in range(2):
            assert delta[n, j] == y[n, j] - d[n, j]


def test_hidden_delta_is_e9(layer: dict[str, np.ndarray]) -> None:
    dn, Wn, fp = layer["delta_next"], layer["W_next"], layer["fprime_z"]
    delta = hidden_delta(dn, Wn, fp)
    assert delta.shape == (3, 5)
    for n in range(3):
        for j in range(5):
            expected = sum(dn[n, k] * Wn[k, j] * fp[n, j] for k in range(2))
            assert delta[n, j] == pytest.approx(expected, rel=1e-14)


def test_weight_grad_is_e10_summed_over_the_batch(layer: dict[str, np.ndarray]) -> None:
    delta, a_prev = layer["delta"], layer["a_prev"]
    dW = weight_grad(delta, a_prev)
    assert dW.shape == layer["W"].shape
    for j in range(5):
        for i in range(4):
            expected = sum(delta[n, j] * a_prev[n, i] for n in range(3))
            assert dW[j, i] == pytest.approx(expected, rel=1e-14)


def test_bias_grad_is_the_column_sums_of_delta(layer: dict[str, np.ndarray]) -> None:
    delta = layer["delta"]
    db = bias_grad(delta)
    assert db.shape == (5,)
    for j in range(5):
        assert db[j] == pytest.approx(delta[0, j] + delta[1, j] + delta[2, j], rel=1e-14)


def test_no_equation_writes_to_its_arguments(layer: dict[str, np.ndarray]) -> None:
    before = {k: v.copy() for k, v in layer.items()}
    pre_activation(layer["W"], layer["b"], layer["a_prev"])
    output_delta(layer["delta"], layer["delta"])
    hidden_delta(layer["delta_next"], layer["W_next"], layer["fprime_z"])
    weight_grad(layer["delta"], layer["a_prev"])
    bias_grad(layer["delta"])
    for k, v in layer.items():
        np.testing.assert_array_equal(v, before[k], err_msg=k)


@pytest.mark.parametrize("n", [1, 40])
def test_an_overflowing_product_is_refused_by_name_not_warned(n: int) -> None:
    W = np.full((n, 2), 3e38, dtype=np.float32)
    a_prev = np.full((n, 2), 10, dtype=np.float32)
    message = (
        "pre_activation: the result overflows float32 (first at index (0, 0)): its values would lie "
        "beyond +-3.4e+38; scale down W, b, a_prev, or compute in float64"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        pre_activation(W, np.zeros(n, dtype=np.float32), a_prev)
    # the equation itself silences nothing: the network, which calls it unchecked, raises on
    # the overflow and names it (tests/refbp/test_finite.py)
    with pytest.warns(RuntimeWarning, match="overflow encountered in matmul"):
        equations.pre_activation(W, np.zeros(n, dtype=np.float32), a_prev)
