"""Hidden-layer activations, each a pair f, f' (E2, and the f' of E8-E9).

Contract: ``f(z)`` returns a = f(z); ``fprime(z, a)`` returns f'(z) given both z and
a = f(z), because some derivatives are cheapest from a (sigmoid' = a(1 - a),
tanh' = 1 - a^2). Both return new arrays of z's shape and dtype and never write to
their arguments; given ``out=`` (an array of that shape and dtype) they write the same
numbers into it instead and return it, without allocating an array of z's size
(sigmoid and softplus excepted: their f takes one temporary, softplus's f' two).
``from_a`` marks the activations whose f'(z) is a function of a alone (relu's z > 0 is
a > 0), so that a caller may pass a in place of z and free z. Kinks follow torch:
relu'(0) = 0, leaky_relu'(0) = 0.01.
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
    f: Callable[..., Array]
    """(z, out=None) -> a = f(z)."""
    fprime: Callable[..., Array]
    """(z, a, out=None) -> f'(z)."""
    from_a: bool = True
    """f'(z) depends on a alone: ``fprime(a, a)`` gives the very bits of ``fprime(z, a)``."""


def _step(z: Array, out: Array | None, *, at_zero: bool) -> Array:
    """1 where z > 0 (z >= 0 if ``at_zero``), else 0, in z's dtype."""
    above = np.greater_equal if at_zero else np.greater
    # a bool written into a float array, 1.0 or 0.0: no bool array of z's size on the way
    return above(z, 0, out=np.empty_like(z) if out is None else out)


def sigmoid(z: Array, out: Array | None = None) -> Array:
    """1 / (1 + exp(-z)), computed without overflow for either sign of z."""
    a = _step(z, out, at_zero=True)
    e = np.abs(z)
    np.negative(e, out=e)
    np.exp(e, out=e)  # exp(-|z|) lies in (0, 1]: it never overflows, whatever the sign of z
    np.maximum(a, e, out=a)  # numerator 1 (z >= 0) or exp(z) (z < 0): e <= 1
    e += 1
    np.divide(a, e, out=a)  # over 1 + exp(-|z|); in place, here and above: one temporary, e
    return a


def _identity(z: Array, out: Array | None = None) -> Array:
    if out is None:
        return z.copy()
    np.copyto(out, z)
    return out


def _one(z: Array, a: Array, out: Array | None = None) -> Array:
    if out is None:
        return np.ones_like(z)
    out.fill(1)
    return out


def _sigmoid_prime(z: Array, a: Array, out: Array | None = None) -> Array:
    fz = np.subtract(1, a, out=out)
    fz *= a  # E8's f' from a^(l), not z: a(1 - a)
    return fz


def _tanh(z: Array, out: Array | None = None) -> Array:
    a: Array = np.tanh(z, out=out)
    return a


def _tanh_prime(z: Array, a: Array, out: Array | None = None) -> Array:
    fz = np.multiply(a, a, out=out)
    np.subtract(1, fz, out=fz)  # E8's f' from a^(l), not z: 1 - a^2
    return fz


def _relu(z: Array, out: Array | None = None) -> Array:
    a: Array = np.maximum(z, 0, out=out)
    return a


def _relu_prime(z: Array, a: Array, out: Array | None = None) -> Array:
    return _step(z, out, at_zero=False)  # 0 at z = 0, as torch


def _leaky_relu(z: Array, out: Array | None = None) -> Array:
    a = np.multiply(z, LEAKY_SLOPE, out=out, dtype=z.dtype)
    np.maximum(a, z, out=a)  # E2 for leaky_relu: max(z, 0.01 z) (the slope is below 1), in place
    return a


def _leaky_relu_prime(z: Array, a: Array, out: Array | None = None) -> Array:
    fz = _step(z, out, at_zero=False)
    np.maximum(fz, z.dtype.type(LEAKY_SLOPE), out=fz)  # E8's f': 1, or 0.01 at z <= 0 (z = 0 as torch)
    return fz


def softplus(z: Array, out: Array | None = None) -> Array:
    """log(1 + exp(z)), computed without overflow for either sign of z."""
    a = np.abs(z, out=out)
    np.negative(a, out=a)
    np.exp(a, out=a)
    np.log1p(a, out=a)  # log(1 + e^-|z|): e^-|z| <= 1 never overflows (in place: no temporaries)
    a += np.maximum(z, 0)  # log(1 + e^z) = max(z, 0) + log(1 + e^-|z|)
    return a


def _softplus_prime(z: Array, a: Array, out: Array | None = None) -> Array:
    return sigmoid(z, out=out)  # d/dz log(1 + e^z) = sigmoid(z)


ACTIVATIONS: dict[str, Activation] = {
    act.name: act
    for act in (
        Activation("identity", _identity, _one),
        Activation("sigmoid", sigmoid, _sigmoid_prime),
        Activation("tanh", _tanh, _tanh_prime),
        Activation("relu", _relu, _relu_prime),
        Activation("leaky_relu", _leaky_relu, _leaky_relu_prime),  # z > 0 exactly where a > 0
        Activation("softplus", softplus, _softplus_prime, from_a=False),  # sigmoid(z) is not exact from a
    )
}
"""The hidden activations by name."""


def get_activation(name: object, *, argument: str = "hidden") -> Activation:
    """The activation called ``name``; ValueError naming ``argument`` if there is none."""
    return lookup(ACTIVATIONS, name, argument, "activation", list_on_type_error=True)
