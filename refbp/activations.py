"""Hidden-layer activations, each a pair f, f' (E2, and the f' of E8-E9).

Contract: ``f(z)`` returns a = f(z); ``fprime(z, a)`` returns f'(z) given both z and
a = f(z), because some derivatives are cheapest from a (sigmoid' = a(1 - a),
tanh' = 1 - a^2). Both return new arrays of z's shape and dtype and never write to
their arguments. Kinks follow torch: relu'(0) = 0, leaky_relu'(0) = 0.01.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from refbp.checks import lookup
from refbp.types import Array

__all__ = ["ACTIVATIONS", "LEAKY_SLOPE", "Activation", "get_activation", "sigmoid", "softplus"]

LEAKY_SLOPE = 0.01
"""Slope of leaky_relu for z <= 0, torch's default ``negative_slope``."""


@dataclass(frozen=True)
class Activation:
    """An activation function f with its derivative f' beside it."""

    name: str
    f: Callable[[Array], Array]
    fprime: Callable[[Array, Array], Array]


def sigmoid(z: Array) -> Array:
    """1 / (1 + exp(-z)), computed without overflow for either sign of z."""
    e = np.abs(z)
    np.negative(e, out=e)
    np.exp(e, out=e)  # exp(-|z|) lies in (0, 1]: it never overflows, whatever the sign of z
    a = np.add(e, 1)
    np.copyto(e, 1, where=z >= 0)  # numerator 1 (z >= 0) or exp(z) (z < 0), over 1 + exp(-|z|)
    np.divide(e, a, out=a)  # in place, here and above: no temporary the size of z
    return a


def _identity(z: Array) -> Array:
    return z.copy()


def _one(z: Array, a: Array) -> Array:
    return np.ones_like(z)


def _sigmoid_prime(z: Array, a: Array) -> Array:
    fz = np.subtract(1, a)
    fz *= a  # E8's f' from a^(l), not z: a(1 - a)
    return fz


def _tanh_prime(z: Array, a: Array) -> Array:
    fz = np.multiply(a, a)
    np.subtract(1, fz, out=fz)  # E8's f' from a^(l), not z: 1 - a^2
    return fz


def _relu(z: Array) -> Array:
    return np.maximum(z, 0)


def _relu_prime(z: Array, a: Array) -> Array:
    return (z > 0).astype(z.dtype)  # 0 at z = 0, as torch


def _leaky_relu(z: Array) -> Array:
    a = np.multiply(z, LEAKY_SLOPE, dtype=z.dtype)
    np.maximum(a, z, out=a)  # E2 for leaky_relu: max(z, 0.01 z) (the slope is below 1), in place
    return a


def _leaky_relu_prime(z: Array, a: Array) -> Array:
    one, slope = z.dtype.type(1), z.dtype.type(LEAKY_SLOPE)
    return np.where(z > 0, one, slope)  # E8's f' for leaky_relu, made in z's dtype; 0.01 at z = 0 as torch


def softplus(z: Array) -> Array:
    """log(1 + exp(z)), computed without overflow for either sign of z."""
    a = np.abs(z)
    np.negative(a, out=a)
    np.exp(a, out=a)
    np.log1p(a, out=a)  # log(1 + e^-|z|): e^-|z| <= 1 never overflows (in place: no temporaries)
    a += np.maximum(z, 0)  # log(1 + e^z) = max(z, 0) + log(1 + e^-|z|)
    return a


def _softplus_prime(z: Array, a: Array) -> Array:
    return sigmoid(z)  # d/dz log(1 + e^z) = sigmoid(z)


ACTIVATIONS: dict[str, Activation] = {
    act.name: act
    for act in (
        Activation("identity", _identity, _one),
        Activation("sigmoid", sigmoid, _sigmoid_prime),
        Activation("tanh", np.tanh, _tanh_prime),
        Activation("relu", _relu, _relu_prime),
        Activation("leaky_relu", _leaky_relu, _leaky_relu_prime),
        Activation("softplus", softplus, _softplus_prime),
    )
}
"""The hidden activations by name."""


def get_activation(name: object, *, argument: str = "hidden") -> Activation:
    """The activation called ``name``; ValueError naming ``argument`` if there is none."""
    return lookup(ACTIVATIONS, name, argument, "activation", list_on_type_error=True)
