"""The delta rule, one pure function per equation of ``docs/equations.md``.

Contract: every function takes NumPy arrays whose first axis is the batch (N rows) and
returns a new array; no argument is ever written to. Given ``out=`` (an array of the
result's shape and dtype, sharing memory with no argument), the five that make an array
from products and sums write the same numbers into it and return it: the path that keeps
its arrays in a ``refbp.Workspace`` (``refbp.gradients``). Shapes use the sheet's notation:
n_l is the width of layer l, ``W`` has the layout of ``torch.nn.Linear.weight``. The
functions check nothing: the network calls them on arrays it has checked at its own
boundary. A user's call goes through ``refbp.pre_activation`` and its kin
(``refbp.checked_equations``), which check the arguments first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from refbp.types import Array

if TYPE_CHECKING:
    from refbp.losses import Loss
    from refbp.outputs import Output

__all__ = ["bias_grad", "chain_delta", "hidden_delta", "output_delta", "pre_activation", "weight_grad"]


def pre_activation(W: Array, b: Array, a_prev: Array, out: Array | None = None) -> Array:
    """(E1) z_j^(l) = sum_i w_ji^(l) a_i^(l-1) + b_j^(l).

    W: (n_l, n_{l-1}), b: (n_l,), a_prev: (N, n_{l-1}) -> z: (N, n_l).
    """
    z: Array = np.matmul(a_prev, W.T, out=out)  # the batch form of sum_i w_ji a_i
    z += b  # in place: no second (N, n_l) array
    return z


def hidden_delta(delta_next: Array, W_next: Array, fprime_z: Array, out: Array | None = None) -> Array:
    """(E9) delta_j^(l) = sum_k delta_k^(l+1) w_kj^(l+1) f'(z_j^(l)).

    delta_next: (N, n_{l+1}), W_next: (n_{l+1}, n_l), fprime_z = f'(z^(l)): (N, n_l)
    -> delta^(l): (N, n_l).
    """
    delta: Array = np.matmul(delta_next, W_next, out=out)  # sum over k of delta_k w_kj: no transpose needed
    delta *= fprime_z  # in place: no second (N, n_l) array
    return delta


def weight_grad(delta: Array, a_prev: Array, out: Array | None = None) -> Array:
    """(E10) dE/dw_ji^(l) = delta_j^(l) a_i^(l-1), summed over the batch.

    delta: (N, n_l), a_prev: (N, n_{l-1}) -> dE/dW^(l) = delta^T a_prev: (n_l, n_{l-1}),
    the shape of W^(l).
    """
    dW: Array = np.matmul(delta.T, a_prev, out=out)
    return dW


def bias_grad(delta: Array, out: Array | None = None) -> Array:
    """(E10) dE/db_j^(l) = delta_j^(l), summed over the batch: the column sums of delta.

    delta: (N, n_l) -> dE/db^(l): (n_l,).
    """
    db: Array = delta.sum(axis=0, out=out)
    return db


def chain_delta(z: Array, y: Array, d: Array, output: Output, loss: Loss) -> Array:
    """(E11) delta_j^(L) = dE/dz_j^(L) by the chain rule, for any pair: sum_v (dv/dz)^T dE/dv.

    v runs over the variables that E is written in (``loss.wrt``): y for squared error
    (dE/dy * f'(z), or the softmax Jacobian applied to dE/dy), and log y (and log(1 - y))
    for the errors that take logs, whose dE/dv never divides by y (``refbp.losses``) and
    whose d log y / dz never needs 1/y (``refbp.outputs``). So no pair computes inf * 0
    where y rounds to 0 or 1: for sigmoid + poisson, (d log y / dz) dE/d log y is
    (1 - y)(y - d), where dE/dy * f'(z) would be (1 - d/y) y (1 - y).
    z, y = output.f(z), d: (N, n_L) -> delta^(L): (N, n_L).
    """
    terms = [output.through(v)(z, y, dE_dv) for v, dE_dv in zip(loss.wrt, loss.grad(y, d), strict=True)]
    delta: Array = sum(terms[1:], start=terms[0])
    return delta


def output_delta(y: Array, d: Array, out: Array | None = None) -> Array:
    """(E13) delta_j^(L) = y_j - d_j, for an output activation with its canonical error.

    y, d: (N, n_L) -> delta^(L): (N, n_L). The f'(z^(L)) of the chain rule (E11)
    cancels for identity + squared error, sigmoid + binary cross-entropy, exp + poisson
    and softmax + cross-entropy (when every row of d sums to 1).
    """
    delta: Array = np.subtract(y, d, out=out)
    return delta
