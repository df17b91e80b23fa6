"""Output activations y = a^(L) = f(z^(L)) (E2 at layer L), each with its chain rule.

Contract: an ``Output`` maps z^(L) (N, n_L) to y (``f``) and applies the transpose of
its Jacobian dy/dz to a vector g = dE/dy (``chain``, giving dE/dz^(L), the general
E11). Elementwise outputs do that as g * f'(z); softmax, whose y_k depends on every
z, as y * (g - sum_k g_k y_k). ``low`` and ``high`` bound y (an open interval), which
decides the error functions an output can be paired with; ``log_y`` and ``log_1my``
give log y and log(1 - y) computed from z, so that they stay finite where y rounds to
0 or 1. No function writes to its arguments.

| output   | y                          | f'(z) from y          | y lies in |
|----------|----------------------------|-----------------------|-----------|
| identity | z                          | 1                     | (-inf, inf) |
| sigmoid  | 1 / (1 + e^-z)             | y (1 - y)             | (0, 1)    |
| tanh     | tanh z                     | 1 - y^2               | (-1, 1)   |
| softmax  | e^z_k / sum_m e^z_m (rows) | (Jacobian) y_k (delta_kj - y_j) | (0, 1), rows sum to 1 |
| exp      | e^z                        | y                     | (0, inf)  |
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from refbp._checks import lookup
from refbp._types import Array
from refbp.activations import sigmoid

__all__ = ["OUTPUTS", "Output", "get_output", "interval", "log_softmax", "softmax"]

Fn = Callable[[Array], Array]


@dataclass(frozen=True)
class Output:
    """An output activation: y = f(z), dE/dz from dE/dy, the range of y and its stable logs."""

    name: str
    f: Fn
    chain: Callable[[Array, Array, Array], Array]
    low: float
    high: float
    log_y: Fn
    log_1my: Fn

    @property
    def interval(self) -> str:
        """The open interval of y, for messages: '(0, 1)'."""
        return interval(self.low, self.high)

    def computes(self, log: str) -> bool:
        """True when this output computes ``log`` ("log_y" or "log_1my") from z, never from a rounded y."""
        return getattr(self, log) is not _no_log


def interval(low: float, high: float) -> str:
    """'(0, inf)': an open interval of y, for messages."""
    return "(" + ", ".join(f"{v:g}" for v in (low, high)) + ")"


def log_softmax(z: Array) -> Array:
    """log softmax(z) by rows, as z - logsumexp(z): never log of a rounded-to-0 y."""
    shifted: Array = z - z.max(axis=1, keepdims=True)
    shifted -= np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return shifted


def softmax(z: Array) -> Array:
    """exp(z_k) / sum_k exp(z_k) by rows, shifted by the row maximum so it never overflows."""
    e: Array = np.exp(z - z.max(axis=1, keepdims=True))
    e /= e.sum(axis=1, keepdims=True)
    return e


def _softplus(z: Array) -> Array:
    out: Array = np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))  # log(1 + e^z), never overflows
    return out


def _elementwise(fprime: Callable[[Array, Array], Array]) -> Callable[[Array, Array, Array], Array]:
    """The chain rule of an elementwise f: dE/dz_j = dE/dy_j * f'(z_j)."""

    def chain(z: Array, y: Array, dE_dy: Array) -> Array:
        out: Array = dE_dy * fprime(z, y)
        return out

    return chain


def _softmax_chain(z: Array, y: Array, dE_dy: Array) -> Array:
    # dy_k/dz_j = y_k (delta_kj - y_j), so dE/dz_j = y_j (g_j - sum_k g_k y_k).
    out: Array = y * (dE_dy - np.einsum("nk,nk->n", dE_dy, y)[:, None])
    return out


def _no_log(z: Array) -> Array:
    raise ValueError("this output does not compute this log from z; no error function may take it")


OUTPUTS: dict[str, Output] = {
    out.name: out
    for out in (
        Output(
            "identity", lambda z: z.copy(), _elementwise(lambda z, y: np.ones_like(z)), -math.inf, math.inf,
            _no_log, _no_log,
        ),
        Output(
            "sigmoid", sigmoid, _elementwise(lambda z, y: y * (1 - y)), 0.0, 1.0,
            lambda z: -_softplus(-z), lambda z: -_softplus(z),  # log y, log(1 - y) from z
        ),
        Output(
            "tanh", np.tanh, _elementwise(lambda z, y: 1 - y * y), -1.0, 1.0, _no_log, _no_log,
        ),
        Output(
            # log(1 - y_k) would need a log-sum-exp over the other units; from a rounded
            # y_k it is -inf, so no error function that takes it is paired with softmax
            "softmax", softmax, _softmax_chain, 0.0, 1.0, log_softmax, _no_log,
        ),
        Output(
            "exp", np.exp, _elementwise(lambda z, y: y.copy()), 0.0, math.inf,
            lambda z: z.copy(), _no_log,  # log e^z = z
        ),
    )
}  # fmt: skip
"""The output activations by name."""


def get_output(name: object) -> Output:
    """The output activation called ``name``; ValueError listing the valid names if there is none."""
    return lookup(OUTPUTS, name, "output", "output activation")
