"""Error functions E(y, d) of one example, each with its derivative (``grad``) beside it.

Contract: ``error(z, y, d, out)`` returns E of every example, shape (N,), taking any log
of y from the output ``out`` (``out.log_y(z)``, ``out.log_1my(z)``) so that E stays
finite where y rounds to 0 or 1. ``grad(y, d)`` returns dE/dv for each variable v that E
is written in (``wrt``: y, or the logs of y it takes), each (N, n_L): the vectors that
the output's chain rules through those variables turn into delta^(L) (E11,
``refbp.equations.chain_delta``). ``low`` and ``high`` bound the y that the error is
defined for: an output whose y can leave that interval cannot be paired with it.
``target`` checks the d it is defined for (``refbp.targets``). No function writes to its
arguments.

| loss                 | E of one example                          | E written in v    | dE/dv        |
|----------------------|-------------------------------------------|-------------------|--------------|
| squared_error        | 1/2 sum_j (y_j - d_j)^2  (E12)            | y                 | y - d        |
| binary_cross_entropy | -sum_j [d_j log y_j + (1-d_j) log(1-y_j)] | log y, log(1 - y) | -d, -(1 - d) |
| cross_entropy        | -sum_k d_k log y_k                        | log y             | -d           |
| poisson              | sum_j (e^(log y_j) - d_j log y_j)         | log y             | y - d        |

squared_error takes any real y; binary_cross_entropy needs y in (0, 1); cross_entropy
and poisson need y in (0, inf).

Why not dE/dy for the last three: it is -d / y (cross_entropy), 1 - d / y (poisson),
(y - d) / (y (1 - y)) (binary_cross_entropy), infinite where y rounds to 0 or 1. Written
in its logs, E has derivatives that never divide (the table), and with the output's own
d log y / dz (``refbp.outputs``), dE/dz = sum_v (dv/dz)^T dE/dv stays finite. For poisson
and cross_entropy dE/d log y is y dE/dy; binary_cross_entropy takes both logs, because
y dE/dy alone, (y - d) / (1 - y), is infinite where a sigmoid y rounds to 1 (z > 37 in
float64), while -d (1 - y) + (1 - d) y, its delta through both logs, divides by nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from refbp.checks import lookup
from refbp.outputs import Output, interval
from refbp.targets import Target, binary_target, nonnegative_target, real_target
from refbp.types import Array

__all__ = ["LOSSES", "Loss", "get_loss"]


@dataclass(frozen=True)
class Loss:
    """An error function E(y, d) with its derivative, the interval of y it needs and the d it takes."""

    name: str
    error: Callable[[Array, Array, Array, Output], Array]
    grad: Callable[[Array, Array], tuple[Array, ...]]
    """(y, d) -> dE/dv for each variable v of ``wrt``, in that order."""
    low: float
    high: float
    target: Target
    wrt: tuple[str, ...] = ("y",)
    """The variables E is written in: ("y",), or the logs of y it takes ("log_y", "log_1my")."""

    @property
    def logs(self) -> tuple[str, ...]:
        """The logs of y that E takes: the output must compute them from z."""
        return tuple(v for v in self.wrt if v != "y")

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
        Loss("squared_error", _squared_error, lambda y, d: (y - d,), -math.inf, math.inf, real_target),
        Loss(
            "binary_cross_entropy", _binary_cross_entropy, lambda y, d: (-d, d - 1),
            0.0, 1.0, binary_target, ("log_y", "log_1my"),
        ),
        Loss(
            "cross_entropy", _cross_entropy, lambda y, d: (-d,), 0.0, math.inf, nonnegative_target,
            ("log_y",),
        ),
        Loss("poisson", _poisson, lambda y, d: (y - d,), 0.0, math.inf, nonnegative_target, ("log_y",)),
    )
}  # fmt: skip
"""The error functions by name."""


def get_loss(name: object) -> Loss:
    """The error function called ``name``; ValueError listing the valid names if there is none."""
    return lookup(LOSSES, name, "loss", "error function")
