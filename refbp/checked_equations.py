"""The equations as a user calls them: the arguments checked, then the equation, then its result.

Contract: each function here takes what its namesake in ``refbp.equations`` takes and
returns the same array, once its arguments pass, in this order: every array argument is
a float32 or float64 array (a list is converted), all of one dtype; their axes agree with
the shapes of the equation (a size such as n_l is bound by the first array that has it,
then must repeat); every element is finite; and the result does not overflow the dtype.
Each refusal is a TypeError/ValueError that names the argument (an array by function and name). The
dtype and shape checks are O(1); the other two read every element once. ``refbp``
exports these functions; the network calls ``refbp.equations`` on arrays it has checked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from refbp import equations
from refbp._arrays import as_array, check_finite, check_kind, check_ndim
from refbp._overflow import overflow
from refbp.losses import Loss
from refbp.output_layer import check_pair
from refbp.outputs import Output
from refbp.types import Array

__all__ = ["bias_grad", "chain_delta", "hidden_delta", "output_delta", "pre_activation", "weight_grad"]


def pre_activation(W: Array, b: Array, a_prev: Array) -> Array:
    """(E1) z_j^(l) = sum_i w_ji^(l) a_i^(l-1) + b_j^(l): ``equations.pre_activation``, checked."""
    arrays = _checked_arrays(
        "pre_activation", W=(W, "n_l n_{l-1}"), b=(b, "n_l"), a_prev=(a_prev, "N n_{l-1}")
    )
    return _result("pre_activation", equations.pre_activation, arrays)


def hidden_delta(delta_next: Array, W_next: Array, fprime_z: Array) -> Array:
    """(E9) delta_j^(l) = sum_k delta_k^(l+1) w_kj^(l+1) f'(z_j^(l)): ``equations.hidden_delta``, checked."""
    arrays = _checked_arrays(
        "hidden_delta",
        delta_next=(delta_next, "N n_{l+1}"),
        W_next=(W_next, "n_{l+1} n_l"),
        fprime_z=(fprime_z, "N n_l"),
    )
    return _result("hidden_delta", equations.hidden_delta, arrays)


def weight_grad(delta: Array, a_prev: Array) -> Array:
    """(E10) dE/dw_ji^(l) = delta_j^(l) a_i^(l-1), summed over N: ``equations.weight_grad``, checked."""
    arrays = _checked_arrays("weight_grad", delta=(delta, "N n_l"), a_prev=(a_prev, "N n_{l-1}"))
    return _result("weight_grad", equations.weight_grad, arrays)


def bias_grad(delta: Array) -> Array:
    """(E10) dE/db_j^(l) = delta_j^(l), summed over N: ``equations.bias_grad``, checked."""
    arrays = _checked_arrays("bias_grad", delta=(delta, "N n_l"))
    return _result("bias_grad", equations.bias_grad, arrays)


def chain_delta(z: Array, y: Array, d: Array, output: Output, loss: Loss) -> Array:
    """(E11) delta_j^(L) = dE/dz_j^(L) by the chain rule: ``equations.chain_delta``, checked.

    ``output`` and ``loss`` are a ``refbp.Output`` and a ``refbp.Loss`` that go together
    (``refbp.OUTPUTS[name]``, ``refbp.LOSSES[name]``).
    """
    arrays = _checked_arrays("chain_delta", z=(z, "N n_L"), y=(y, "N n_L"), d=(d, "N n_L"))
    if not isinstance(output, Output):
        raise _not_a("output", output, "Output", "OUTPUTS")
    if not isinstance(loss, Loss):
        raise _not_a("loss", loss, "Loss", "LOSSES")
    check_pair(output, loss)
    return _result("chain_delta", equations.chain_delta, arrays, output=output, loss=loss)


def output_delta(y: Array, d: Array) -> Array:
    """(E13) delta_j^(L) = y_j - d_j: ``equations.output_delta``, checked."""
    arrays = _checked_arrays("output_delta", y=(y, "N n_L"), d=(d, "N n_L"))
    return _result("output_delta", equations.output_delta, arrays)


def _not_a(argument: str, value: object, kind: str, table: str) -> TypeError:
    hint = f"; pass refbp.{table}[{value!r}]" if isinstance(value, str) else ""
    got = type(value).__name__
    return TypeError(
        f"chain_delta: {argument} must be a refbp.{kind} (one of refbp.{table}), got {got}{hint}"
    )


def _symbolic(dims: list[str]) -> str:
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


def _checked_arrays(func: str, **given: tuple[object, str]) -> dict[str, Array]:
    """The arrays of ``given`` (name: (value, its axes: "N n_l")), or the first error that says why not."""
    arrays = {}
    for name, (value, _) in given.items():
        where = f"{func}: {name}"
        arrays[name] = arr = as_array(value, where)
        check_kind(arr, where, integers=False)
    if len({arr.dtype for arr in arrays.values()}) > 1:
        listed = ", ".join(f"{name} is {arr.dtype}" for name, arr in arrays.items())
        raise TypeError(f"{func}: the arrays must share one dtype, got {listed}")
    sizes: dict[str, tuple[int, str]] = {}
    for name, (_, axes) in given.items():
        arr, dims = arrays[name], axes.split()
        check_ndim(arr, f"{func}: {name}", len(dims), _symbolic(dims))
        for dim, n in zip(dims, arr.shape, strict=True):
            seen = sizes.setdefault(dim, (n, name))
            if seen[0] != n:
                raise ValueError(
                    f"{func}: {name} has shape {arr.shape}, so {dim} = {n}, but "
                    f"{seen[1]} has shape {arrays[seen[1]].shape}, so {dim} = {seen[0]}; "
                    f"{name} must have shape {_symbolic(dims)}"
                )
    for name, arr in arrays.items():
        check_finite(arr, f"{func}: {name}")
    return arrays


def _result(func: str, equation: Callable[..., Array], arrays: dict[str, Array], **rest: Any) -> Array:
    """``equation`` on the checked arrays (and ``rest``); ValueError if its result overflowed."""
    with np.errstate(all="ignore"):  # an overflow shows in the result: refused below, not warned about
        out = equation(**arrays, **rest)
    if not np.isfinite(out).all():
        raise overflow(f"{func}: the result", out.dtype, ", ".join(arrays), out)
    return out
