"""Each hidden activation: f against its closed form, f' against central differences."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from refbp.activations import ACTIVATIONS, LEAKY_SLOPE, get_activation

Plain = tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray, np.ndarray], np.ndarray]]

CLOSED_FORM = {
    "identity": lambda t: t,
    "sigmoid": lambda t: 1 / (1 + math.exp(-t)),
    "tanh": math.tanh,
    "relu": lambda t: max(t, 0.0),
    "leaky_relu": lambda t: t if t > 0 else LEAKY_SLOPE * t,
    "softplus": lambda t: math.log(1 + math.exp(t)),
}


def test_the_closed_forms_cover_every_activation() -> None:
    assert set(CLOSED_FORM) == set(ACTIVATIONS)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_f_matches_its_closed_form(name: str) -> None:
    z = np.linspace(-6, 6, 49)
    a = ACTIVATIONS[name].f(z)
    np.testing.assert_allclose(a, [CLOSED_FORM[name](t) for t in z], rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_fprime_matches_central_differences_away_from_kinks(name: str) -> None:
    act = ACTIVATIONS[name]
    z = np.linspace(-4, 4, 40) + 0.05  # no point at the kink z = 0
    h = 1e-6
    numeric = (act.f(z + h) - act.f(z - h)) / (2 * h)  # truncation ~h^2, rounding ~eps/h
    np.testing.assert_allclose(act.fprime(z, act.f(z)), numeric, rtol=1e-7, atol=1e-9)


def test_kinks_follow_torch() -> None:
    zero = np.zeros(1)
    relu, leaky = ACTIVATIONS["relu"], ACTIVATIONS["leaky_relu"]
    assert relu.fprime(zero, relu.f(zero))[0] == 0.0
    assert leaky.fprime(zero, leaky.f(zero))[0] == LEAKY_SLOPE


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_kept_and_huge_inputs_stay_finite(name: str, dtype: type) -> None:
    act = ACTIVATIONS[name]
    z = np.array([-1e4, -50.0, 0.0, 50.0, 1e4], dtype=dtype)
    a = act.f(z)
    fp = act.fprime(z, a)
    assert a.dtype == dtype
    assert fp.dtype == dtype
    assert np.isfinite(a).all()
    assert np.isfinite(fp).all()


def test_get_activation_names_the_argument_and_the_valid_names() -> None:
    names = "identity, sigmoid, tanh, relu, leaky_relu, softplus"
    with pytest.raises(
        ValueError, match=rf"^hidden='swish' is not a known activation; valid names: {names}$"
    ):
        get_activation("swish")
    with pytest.raises(
        TypeError, match=rf"^hidden must be an activation name \(a str\), got int; valid names: {names}$"
    ):
        get_activation(3)


def _plain_sigmoid(z: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e)).astype(z.dtype)


PLAIN: dict[str, Plain] = {
    # The textbook expressions, one temporary per operation: the same IEEE operations
    # in the same order, so the fast forms must match them exactly.
    "identity": (lambda z: z, lambda z, a: np.ones_like(z)),
    "sigmoid": (_plain_sigmoid, lambda z, a: a * (1 - a)),
    "tanh": (np.tanh, lambda z, a: 1 - a * a),
    "relu": (lambda z: np.where(z > 0, z, 0).astype(z.dtype), lambda z, a: (z > 0).astype(z.dtype)),
    "leaky_relu": (
        lambda z: np.where(z > 0, z, LEAKY_SLOPE * z).astype(z.dtype),
        lambda z, a: np.where(z > 0, 1, LEAKY_SLOPE).astype(z.dtype),
    ),
    "softplus": (lambda z: np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z))), lambda z, a: _plain_sigmoid(z)),
}

DTYPES = (np.float32, np.float64)
EDGES = np.array([0.0, -0.0, 1e-30, -1e-30, 5e-324, -5e-324, 1e-8, -1e-8, 30.0, -30.0, 710.0, -710.0])


def _frozen(values: np.ndarray, dtype: type) -> np.ndarray:
    z = values.astype(dtype)
    z.flags.writeable = False  # any write into z raises ValueError
    return z


def _assert_fast_equals_plain(name: str, z: np.ndarray) -> None:
    act, (f, fprime) = ACTIVATIONS[name], PLAIN[name]
    a = act.f(z)
    a.flags.writeable = False
    fz = act.fprime(z, a)
    for got, want in ((a, f(z)), (fz, fprime(z, a))):
        assert got.dtype == z.dtype
        assert got.shape == z.shape
        np.testing.assert_array_equal(got, want, strict=True)
        assert not np.shares_memory(got, z)
    assert not np.shares_memory(fz, a)


def test_every_activation_has_a_plain_twin() -> None:
    assert set(PLAIN) == set(ACTIVATIONS)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_fast_form_equals_plain_formula_on_a_grid(name: str, dtype: type) -> None:
    grid = np.concatenate([np.linspace(-800, 800, 1601), np.linspace(-3, 3, 601), EDGES])
    _assert_fast_equals_plain(name, _frozen(grid.reshape(2, -1), dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_fast_form_works_on_a_non_contiguous_view(name: str, dtype: type) -> None:
    z = _frozen(np.linspace(-5, 5, 60).reshape(6, 10), dtype)[:, ::3].T  # strided, transposed
    _assert_fast_equals_plain(name, z)


@given(
    name=st.sampled_from(sorted(ACTIVATIONS)),
    z=st.sampled_from(DTYPES).flatmap(
        lambda dt: arrays(
            dt,
            st.tuples(st.integers(1, 5), st.integers(1, 7)),
            elements=st.floats(-1e4, 1e4, width=8 * np.dtype(dt).itemsize),
        )
    ),
)
def test_fast_form_equals_plain_formula_random(name: str, z: np.ndarray) -> None:
    z.flags.writeable = False
    _assert_fast_equals_plain(name, z)
