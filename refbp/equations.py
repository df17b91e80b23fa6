"""The delta rule, one pure function per equation of ``docs/equations.md``.

Contract: every function takes NumPy arrays whose first axis is the batch (N rows) and
returns a new array; no argument is ever written to. Shapes use the sheet's notation:
n_l is the width of layer l, ``W`` has the layout of ``torch.nn.Linear.weight``.
Each function is wrapped twice: ``refbp._signature.shapes`` checks dtypes and shapes
(O(1): it never reads a value), then ``refbp._finite.finite`` reads every argument once
for NaN and +-Inf and refuses a result that overflows the dtype (O(n)); each raises a
ValueError/TypeError naming the argument, never a numpy error or a RuntimeWarning. The
network calls the functions without either wrapper (``refbp._signature.unchecked``).

The three matrix products run under ``np.errstate(invalid="ignore")``: some OpenBLAS kernels raise the
floating-point 'invalid' flag on finite inputs (lanes computed past the end of an
array; numpy issues #13173, #24067), which numpy reports as a spurious RuntimeWarning
(seen here in float32, now and then). A real NaN from a product needs an Inf first, and
refbp's inputs are finite, so that shows as an overflow, which the callers name.
"""

from __future__ import annotations

import numpy as np

from refbp._finite import finite
from refbp._signature import shapes
from refbp._types import Array

__all__ = ["bias_grad", "hidden_delta", "output_delta", "pre_activation", "weight_grad"]


@shapes("W: n_l n_{l-1}, b: n_l, a_prev: N n_{l-1}")
@finite
def pre_activation(W: Array, b: Array, a_prev: Array) -> Array:
    """(E1) z_j^(l) = sum_i w_ji^(l) a_i^(l-1) + b_j^(l).

    W: (n_l, n_{l-1}), b: (n_l,), a_prev: (N, n_{l-1}) -> z: (N, n_l).
    """
    with np.errstate(invalid="ignore"):  # OpenBLAS's spurious flag: see above
        z = a_prev @ W.T  # a_prev @ W.T is the batch form of sum_i w_ji a_i
    z += b  # in place on z, which this function owns
    return z


@shapes("y: N n_L, d: N n_L")
@finite
def output_delta(y: Array, d: Array) -> Array:
    """(E13) delta_j^(L) = y_j - d_j, for an output activation with its canonical error.

    y, d: (N, n_L) -> delta^(L): (N, n_L). The f'(z^(L)) of the chain rule (E11)
    cancels for identity + squared error, sigmoid + binary cross-entropy and
    softmax + cross-entropy (when every row of d sums to 1).
    """
    return y - d


@shapes("delta_next: N n_{l+1}, W_next: n_{l+1} n_l, fprime_z: N n_l")
@finite
def hidden_delta(delta_next: Array, W_next: Array, fprime_z: Array) -> Array:
    """(E9) delta_j^(l) = sum_k delta_k^(l+1) w_kj^(l+1) f'(z_j^(l)).

    delta_next: (N, n_{l+1}), W_next: (n_{l+1}, n_l), fprime_z = f'(z^(l)): (N, n_l)
    -> delta^(l): (N, n_l).
    """
    with np.errstate(invalid="ignore"):  # OpenBLAS's spurious flag: see above
        delta = delta_next @ W_next  # sum over k of delta_k w_kj: no transpose needed
    delta *= fprime_z  # in place on delta, which this function owns
    return delta


@shapes("delta: N n_l, a_prev: N n_{l-1}")
@finite
def weight_grad(delta: Array, a_prev: Array) -> Array:
    """(E10) dE/dw_ji^(l) = delta_j^(l) a_i^(l-1), summed over the batch.

    delta: (N, n_l), a_prev: (N, n_{l-1}) -> dE/dW^(l) = delta^T a_prev: (n_l, n_{l-1}),
    the shape of W^(l).
    """
    with np.errstate(invalid="ignore"):  # OpenBLAS's spurious flag: see above
        dW: Array = delta.T @ a_prev  # E10: delta.T is a view that BLAS reads transposed, never a copy
    return dW


@shapes("delta: N n_l")
@finite
def bias_grad(delta: Array) -> Array:
    """(E10) dE/db_j^(l) = delta_j^(l), summed over the batch: the column sums of delta.

    delta: (N, n_l) -> dE/db^(l): (n_l,).
    """
    db: Array = delta.sum(axis=0)
    return db
