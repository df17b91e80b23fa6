"""Array arguments at the public boundary: converted, or refused with an error that names them.

Rules (docs/robustness.md lists them): arrays or nested lists are accepted; lists are
converted to the network's dtype. Float arrays must already have the network's dtype
(refbp never changes precision silently); integer arrays are converted to it. Complex,
object, boolean and string arrays are refused, and so are masked arrays, NaN and +-Inf.
``check_finite`` reads every value once (twice where their sum overflows) and allocates no
array of their size unless one is not finite or the sum overflows; so do the checks that call
it (``as_float`` twice when it converts, ``check_input``); ``check_forward_values`` reads every
value once; ``check_forward`` is O(L) (it reads shapes, not values); the others are O(1).
None of them writes to its argument.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from refbp.types import Array

FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def as_array(value: object, name: str) -> np.ndarray[Any, Any]:
    """``value`` as a NumPy array (lists and tuples converted), else TypeError.

    ndarray subclasses become plain arrays (a view, never a copy), except masked
    arrays, whose mask would be silently dropped. Non-native byte order becomes native.
    """
    if isinstance(value, np.ma.MaskedArray):
        raise TypeError(
            f"{name} is a masked array, and refbp would ignore its mask; "
            f"pass {name}.filled(fill_value) or drop the masked rows"
        )
    if isinstance(value, np.ndarray):
        arr = np.asarray(value)
    elif isinstance(value, (list, tuple)):
        try:
            arr = np.asarray(value)
        except ValueError as err:  # ragged nested lists
            raise TypeError(f"{name} could not be converted to an array: {err}") from None
    else:
        raise TypeError(f"{name} must be a NumPy array or a nested list, got {type(value).__name__}")
    if not arr.dtype.isnative:
        arr = arr.astype(arr.dtype.newbyteorder("="))  # same values, same precision
    return arr


def check_kind(arr: np.ndarray[Any, Any], name: str, *, integers: bool) -> None:
    """Refuse dtypes that are not real numbers (and integers unless allowed)."""
    allowed = "fiu" if integers else "f"
    if arr.dtype.kind not in allowed or (arr.dtype.kind == "f" and arr.dtype not in FLOAT_DTYPES):
        want = "a float32 or float64 array" + (" (or integers)" if integers else "")
        raise TypeError(f"{name} must be {want}, got dtype {arr.dtype}")


def first_nonfinite(arr: np.ndarray[Any, Any]) -> tuple[int, ...]:
    """The index of the first NaN or +-Inf element of ``arr`` (which has one)."""
    return tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])


def first_nonfinite_name(named: Mapping[str, np.ndarray[Any, Any]]) -> str:
    """The first name of ``named`` whose array is not all finite (one is)."""
    return next(name for name, arr in named.items() if not np.isfinite(arr).all())


def check_finite(arr: np.ndarray[Any, Any], name: str, hint: str = "") -> None:
    """ValueError naming the first NaN or +-Inf element of ``arr`` (then ``hint``, how to fix it)."""
    with np.errstate(all="ignore"):  # a sum that overflows is looked at element by element below
        if math.isfinite(arr.sum()):  # NaN and +-Inf carry into the sum, which allocates nothing
            return
    bad = ~np.isfinite(arr)
    if bad.any():
        index = first_nonfinite(arr)
        raise ValueError(
            f"{name} has {int(bad.sum())} non-finite element(s) (NaN or +-Inf), "
            f"the first at index {index}: {arr[index]}{hint}"
        )


def as_float(value: object, name: str, dtype: np.dtype[Any]) -> Array:
    """A finite float array of ``dtype``: lists and integer arrays converted, other floats refused."""
    arr = as_array(value, name)
    check_kind(arr, name, integers=True)
    check_finite(arr, name)
    if arr.dtype == dtype:
        return arr
    if isinstance(value, np.ndarray) and arr.dtype.kind == "f":
        raise TypeError(
            f"{name} has dtype {arr.dtype} but the network computes in {dtype}; "
            f"pass {name}.astype(np.{dtype}) (refbp never changes precision silently)"
        )
    # integers, or a list, which has no precision of its own: take the network's dtype
    with np.errstate(over="ignore"):  # beyond float32's range becomes inf, refused below
        out: Array = arr.astype(dtype)
    check_finite(out, f"{name} converted to {dtype}")
    return out


def check_ndim(arr: np.ndarray[Any, Any], name: str, ndim: int, shape: str, hint: str = "") -> None:
    """ValueError unless ``arr`` has ``ndim`` axes (``shape`` says which, symbolically; then ``hint``)."""
    if arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D of shape {shape}, got shape {arr.shape}{hint}")


def _flat_input_hint(x: Array, n_0: int) -> str:
    """How a 1-D x becomes (N, n_0), when one reading fits: N examples of one feature, or one example."""
    if n_0 == 1:
        return "; for one feature per example use x[:, None]"
    if x.shape == (n_0,):
        return "; for one example use x[None, :]"
    return ""  # neither reading gives n_0 features: no reshape would be right


def check_input(x: object, n_0: int, dtype: np.dtype[Any]) -> Array:
    """x as ``MLP.forward`` takes it: a finite array (N, n_0) of ``dtype`` with N >= 1."""
    arr = as_float(x, "x", dtype)
    hint = _flat_input_hint(arr, n_0) if arr.ndim == 1 else ""
    check_ndim(arr, "x", 2, f"(N, n_0) = (N, {n_0})", hint)
    if arr.shape[1] != n_0:
        # examples as columns (n_0, N), as column-vector code keeps one example: x.T is meant
        hint = "; are the examples its columns? use x.T" if arr.shape[0] == n_0 else ""
        raise ValueError(
            f"x must have n_0 = {n_0} features per row (shape (N, {n_0})), got shape {arr.shape}{hint}"
        )
    if arr.shape[0] == 0:
        raise ValueError("x is an empty batch (N = 0); give at least one row")
    return arr


FROM_FORWARD = "; use the Forward that net.forward(x) returned"


def _list_of(value: object, name: str, count: str, listed: str, want: int) -> Sequence[object]:
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a list of arrays, got {type(value).__name__}{FROM_FORWARD}")
    if len(value) != want:
        raise ValueError(
            f"{name} must hold {count} = {want} arrays ({listed}), got {len(value)}{FROM_FORWARD}"
        )
    return value


def check_forward(z: object, a: object, sizes: Sequence[int], dtype: np.dtype[Any]) -> None:
    """TypeError/ValueError unless z, a are the arrays of a forward pass through widths ``sizes``.

    z[k] is z^(k+1), a[l] is a^(l) (a[0] = x), each of shape (N, n_l) with one N, all of
    ``dtype``: what ``MLP.forward`` returns. Walked in forward order: a[0], z[0], a[1], ...
    """
    L = len(sizes) - 1
    z_list = _list_of(z, "fwd.z", "L", "z^(1), ..., z^(L)", L)
    a_list = _list_of(a, "fwd.a", "L + 1", "a^(0) = x, ..., a^(L)", L + 1)
    x = a_list[0]
    N = x.shape[0] if isinstance(x, np.ndarray) and x.ndim == 2 else "N"  # the batch of x rules
    for l, n in enumerate(sizes):
        for kind in "za" if l else "a":  # a[0], then z[0], a[1], z[1], a[2], ...
            arr = z_list[l - 1] if kind == "z" else a_list[l]
            if isinstance(arr, np.ndarray) and arr.dtype == dtype and arr.shape == (N, n):
                continue  # the common case: names are formatted only for an error
            where = f"fwd.{kind}[{l - 1 if kind == 'z' else l}]"
            if not isinstance(arr, np.ndarray):
                raise TypeError(f"{where} must be a NumPy array, got {type(arr).__name__}{FROM_FORWARD}")
            if arr.dtype != dtype:
                raise TypeError(
                    f"{where} has dtype {arr.dtype} but the network computes in {dtype}{FROM_FORWARD}"
                )
            raise ValueError(
                f"{where} must have shape (N, n_{l}) = ({N}, {n}), got {arr.shape}{FROM_FORWARD}"
            )


def check_forward_values(z: Sequence[Array], a: Sequence[Array], first: int = 0) -> None:
    """ValueError naming the first array of a forward pass with NaN or +-Inf.

    Walked in forward order from layer ``first``: a[first], z[first], a[first + 1], ...
    (z[l - 1] is z^(l)). ``MLP.forward`` makes none; only a Forward made by hand can hold one.
    """
    arrays = [*a[first:], *z[max(first - 1, 0) :]]
    if all([np.isfinite(arr).all() for arr in arrays]):  # the common case: no name is formatted
        return
    named = {}
    for l in range(first, len(a)):
        if l > 0:
            named[f"fwd.z[{l - 1}]"] = z[l - 1]
        named[f"fwd.a[{l}]"] = a[l]
    name = first_nonfinite_name(named)
    check_finite(named[name], name, FROM_FORWARD)
