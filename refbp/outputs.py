"""Output activations y = a^(L) = f(z^(L)) (E2 at layer L), each with its chain rule.

Contract: an ``Output`` maps z^(L) (N, n_L) to y (``f``; into ``out=`` when given) and
applies the transpose of its Jacobian dy/dz to a vector g = dE/dy (``chain``, giving dE/dz^(L), the general
E11). Elementwise outputs do that as g * f'(z); softmax, whose y_k depends on every
z, as y * (g - sum_k g_k y_k). ``low`` and ``high`` bound y (an open interval), which
decides the error functions an output can be paired with; ``log_y`` and ``log_1my``
give log y and log(1 - y) computed from z, so that they stay finite where y rounds to
0 or 1, and beside each its own chain rule, ``chain_log_y`` and ``chain_log_1my``:
(d log y / dz)^T s and (d log(1 - y) / dz)^T s. No function writes to its arguments.

| output   | y                          | f'(z) from y          | y lies in |
|----------|----------------------------|-----------------------|-----------|
| identity | z                          | 1                     | (-inf, inf) |
| sigmoid  | 1 / (1 + e^-z)             | y (1 - y)             | (0, 1)    |
| tanh     | tanh z                     | 1 - y^2               | (-1, 1)   |
| softmax  | e^z_k / sum_m e^z_m (rows) | (Jacobian) y_k (delta_kj - y_j) | (0, 1), rows sum to 1 |
| exp      | e^z                        | y                     | (0, inf)  |

Why the logs have chain rules of their own. Every output that gives log y from z has
f'(z) = y h(y) with h free of 1/y, so d log y / dz = f'(z) / y = h(y) needs no division:

| output  | d log y_k / dz_j          | d log(1 - y) / dz |
|---------|---------------------------|-------------------|
| sigmoid | 1 - y = sigmoid(-z)       | -y                |
| exp     | 1 (elementwise)           | (not computed)    |
| softmax | delta_kj - y_j, so (d log y / dz)^T s = s - y sum_k s_k | (not computed) |

Where y rounds to 0 (sigmoid or exp below z ~ -745 in float64, -104 in float32; a
softmax unit far below the row's maximum), the chain through y would take g = dE/dy =
-d / y = inf and multiply it by f'(z) = 0: NaN. The chain through log y takes s = dE/d log y
(-d for cross-entropy) and multiplies by h(y): finite, and exact in the limit. Sigmoid's
h = 1 - y is taken from z, as sigmoid(-z), like its logs: where y rounds to 1 (z > 17 in
float32), 1 - y from y is 0, and the whole delta, e.g. (y - d)(1 - y) for poisson, with it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from refbp.activations import sigmoid, softplus
from refbp.checks import lookup
from refbp.types import Array

__all__ = ["OUTPUTS", "Chain", "Output", "get_output", "interval", "log_softmax", "softmax"]

Fn = Callable[[Array], Array]
Chain = Callable[[Array, Array, Array], Array]
"""(z, y, g) -> (dv/dz)^T g, row by row: the chain rule through v = y, log y or log(1 - y)."""


def _no_log(*arrays: Array) -> Array:
    """The log, or its chain rule, of an output that does not compute that log from z."""
    raise ValueError("this output does not compute this log from z; no error function may take it")


@dataclass(frozen=True)
class Output:
    """An output activation: y = f(z), dE/dz from dE/dy, the range of y and its stable logs."""

    name: str
    f: Callable[..., Array]
    """(z, out=None) -> y = f(z); given ``out``, written into it without an array of z's size more."""
    chain: Chain
    low: float
    high: float
    log_y: Fn = _no_log
    chain_log_y: Chain = _no_log
    log_1my: Fn = _no_log
    chain_log_1my: Chain = _no_log

    @property
    def interval(self) -> str:
        """The open interval of y, for messages: '(0, 1)'."""
        return interval(self.low, self.high)

    def computes(self, log: str) -> bool:
        """True when this output computes ``log`` ("log_y" or "log_1my") from z, never from a rounded y."""
        return getattr(self, log) is not _no_log

    def through(self, v: str) -> Chain:
        """The chain rule through ``v``: "y" (``chain``), "log_y" or "log_1my"."""
        return {"y": self.chain, "log_y": self.chain_log_y, "log_1my": self.chain_log_1my}[v]


def interval(low: float, high: float) -> str:
    """'(0, inf)': an open interval of y, for messages."""
    return "(" + ", ".join(f"{v:g}" for v in (low, high)) + ")"


def log_softmax(z: Array) -> Array:
    """log softmax(z) by rows, as z - logsumexp(z): never log of a rounded-to-0 y."""
    shifted: Array = z - z.max(axis=1, keepdims=True)
    shifted -= np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return shifted


def softmax(z: Array, out: Array | None = None) -> Array:
    """exp(z_k) / sum_k exp(z_k) by rows, shifted by the row maximum so it never overflows."""
    e: Array = np.subtract(z, z.max(axis=1, keepdims=True), out=out)
    np.exp(e, out=e)
    e /= e.sum(axis=1, keepdims=True)
    return e


def _copy(z: Array, out: Array | None = None) -> Array:
    if out is None:
        return z.copy()
    np.copyto(out, z)
    return out


def _tanh(z: Array, out: Array | None = None) -> Array:
    y: Array = np.tanh(z, out=out)
    return y


def _exp(z: Array, out: Array | None = None) -> Array:
    y: Array = np.exp(z, out=out)
    return y


def _elementwise(fprime: Callable[[Array, Array], Array]) -> Chain:
    """The chain rule of an elementwise v(z): dE/dz_j = dE/dv_j * v'(z_j) (v = y, log y, ...)."""

    def chain(z: Array, y: Array, g: Array) -> Array:
        out: Array = g * fprime(z, y)
        return out

    return chain


def _softmax_log_chain(z: Array, y: Array, s: Array) -> Array:
    # d log y_k / dz_j = delta_kj - y_j, so dE/dz_j = s_j - y_j sum_k s_k (s = dE/d log y).
    out: Array = s - y * s.sum(axis=1, keepdims=True)
    return out


def _softmax_chain(z: Array, y: Array, dE_dy: Array) -> Array:
    # dy_k/dz_j = y_k (delta_kj - y_j) = y_k d log y_k / dz_j: the chain through log y of y * g,
    # so dE/dz_j = y_j g_j - y_j sum_k y_k g_k = y_j (g_j - sum_k g_k y_k).
    return _softmax_log_chain(z, y, y * dE_dy)


OUTPUTS: dict[str, Output] = {
    out.name: out
    for out in (
        Output("identity", _copy, _elementwise(lambda z, y: np.ones_like(z)), -math.inf, math.inf),
        Output(
            "sigmoid", sigmoid, _elementwise(lambda z, y: y * (1 - y)), 0.0, 1.0,
            log_y=lambda z: -softplus(-z), chain_log_y=_elementwise(lambda z, y: sigmoid(-z)),  # 1 - y
            log_1my=lambda z: -softplus(z), chain_log_1my=_elementwise(lambda z, y: -y),
        ),
        Output("tanh", _tanh, _elementwise(lambda z, y: 1 - y * y), -1.0, 1.0),
        Output(
            # log(1 - y_k) would need a log-sum-exp over the other units; from a rounded
            # y_k it is -inf, so no error function that takes it is paired with softmax
            "softmax", softmax, _softmax_chain, 0.0, 1.0, log_y=log_softmax, chain_log_y=_softmax_log_chain,
        ),
        Output(
            "exp", _exp, _elementwise(lambda z, y: y.copy()), 0.0, math.inf,
            log_y=lambda z: z.copy(), chain_log_y=_elementwise(lambda z, y: np.ones_like(y)),  # log e^z = z
        ),
    )
}  # fmt: skip
"""The output activations by name."""


def get_output(name: object) -> Output:
    """The output activation called ``name``; ValueError listing the valid names if there is none."""
    return lookup(OUTPUTS, name, "output", "output activation")
