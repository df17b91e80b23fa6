"""Each hidden activation: f against its closed form, f' against central differences."""

from __future__ import annotations

import math

import numpy as np
import pytest

from refbp import ACTIVATIONS
from refbp.activations import LEAKY_SLOPE, get_activation

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
    with pytest.raises(ValueError, match=r"hidden='swish'.*valid names: identity, sigmoid"):
        get_activation("swish")
    with pytest.raises(TypeError, match="hidden must be an activation name"):
        get_activation(3)
