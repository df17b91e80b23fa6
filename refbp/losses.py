"""Error functions E(y, d) of one example, each with its derivative dE/dy (``grad_y``) beside it.

Contract: ``error(z, y, d, out)`` returns E of every example, shape (N,), taking any log
of y from the output ``out`` (``out.log_y(z)``, ``out.log_1my(z)``) so that E stays
finite where y rounds to 0 or 1; ``grad_y(y, d)`` returns dE/dy, shape (N, n_L), the
vector that the output's chain rule turns into delta^(L) (E11). ``low`` and ``high``
bound the y that the error is defined for: an output whose y can leave that interval
cannot be paired with it. ``target`` checks d. No function writes to its arguments.

| loss                 | E of one example                         | dE/dy_j              | needs y in |
|----------------------|------------------------------------------|----------------------|------------|
| squared_error        | 1/2 sum_j (y_j - d_j)^2  (E12)           | y_j - d_j            | (-inf, inf) |
| binary_cross_entropy | -sum_j [d_j log y_j + (1-d_j) log(1-y_j)] | (y_j - d_j) / (y_j (1 - y_j)) | (0, 1) |
| cross_entropy        | -sum_k d_k log y_k                       | -d_k / y_k           | (0, inf)   |
| poisson              | sum_j (y_j - d_j log y_j)                | 1 - d_j / y_j        | (0, inf)   |
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from refbp._checks import lookup
from refbp._types import Array
from refbp.outputs import Output, interval
from refbp.targets import binary_target, nonnegative_target, real_target

__all__ = ["LOSSES", "Loss", "get_loss"]

Target = Callable[[object, tuple[int, int], np.dtype[Any]], Array]


@dataclass(frozen=True)
class Loss:
    """An error function E(y, d) with dE/dy, the interval of y it needs and its target check."""

    name: str
    error: Callable[[Array, Array, Array, Output], Array]
    grad_y: Callable[[Array, Array], Array]
    low: float
    high: float
    target: Target
    logs: tuple[str, ...] = ()
    """The logs of y that E takes ("log_y", "log_1my"): the output must compute them from z."""

    @property
    def interval(self) -> str:
        """The open interval of y this error is defined for: '(0, 1)'."""
        return interval(self.low, self.high)

    def fits(self, out: Output) -> bool:
        """True when every y of ``out`` lies where this error is defined."""
        return self.low <= out.low and out.high <= self.high

    def accepts(self, out: Output) -> bool:
        """True when ``out`` fits and computes from z every log of y that this error takes."""
        return self.fits(out) and all(out.computes(log) for log in self.logs)


def _rowsum(per_unit: Array) -> Array:
    E: Array = per_unit.sum(axis=1)
    return E


def _squared_error(z: Array, y: Array, d: Array, out: Output) -> Array:
    r = y - d
    E: Array = 0.5 * np.einsum("nj,nj->n", r, r)
    return E


def _binary_cross_entropy(z: Array, y: Array, d: Array, out: Output) -> Array:
    return _rowsum(-(d * out.log_y(z) + (1 - d) * out.log_1my(z)))


def _cross_entropy(z: Array, y: Array, d: Array, out: Output) -> Array:
    E: Array = -np.einsum("nk,nk->n", d, out.log_y(z))
    return E


def _poisson(z: Array, y: Array, d: Array, out: Output) -> Array:
    return _rowsum(y - d * out.log_y(z))  # for y = e^z: e^z - d z, finite wherever e^z is


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss("squared_error", _squared_error, lambda y, d: y - d, -math.inf, math.inf, real_target),
        Loss(
            "binary_cross_entropy", _binary_cross_entropy, lambda y, d: (y - d) / (y * (1 - y)),
            0.0, 1.0, binary_target, ("log_y", "log_1my"),
        ),
        Loss(
            "cross_entropy", _cross_entropy, lambda y, d: -d / y, 0.0, math.inf, nonnegative_target,
            ("log_y",),
        ),
        Loss("poisson", _poisson, lambda y, d: 1 - d / y, 0.0, math.inf, nonnegative_target, ("log_y",)),
    )
}  # fmt: skip
"""The error functions by name."""


def get_loss(name: object) -> Loss:
    """The error function called ``name``; ValueError listing the valid names if there is none."""
    return lookup(LOSSES, name, "loss", "error function")
