"""Argument checks for the public equation functions, declared as a shape signature.

Contract: ``shapes("W: n_l n_prev, b: n_l, a_prev: N n_prev")`` returns a decorator;
the decorated function first checks that each named argument is a float32 or float64
array (a list is converted), that they all share one dtype, and that their axes
agree with the signature (a name binds to the first size seen, then must repeat),
raising TypeError/ValueError that name the function and the argument. Then it calls
the function unchanged. The checks are O(1): they never read the array's values. The
common call (plain float arrays, positional, shapes agreeing) takes a fast path of a
microsecond or two; anything else goes through the full check, which explains. The
full check first binds the call by Python's rules (``inspect.Signature.bind``): an
argument missing, one too many, one given twice or an unknown keyword is a TypeError
naming the function, worded as Python's own.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar, cast

import numpy as np

from refbp._checks import FLOAT_DTYPES, as_array, check_kind

F = TypeVar("F", bound=Callable[..., Any])


def _parse(spec: str) -> dict[str, tuple[str, ...]]:
    out = {}
    for item in spec.split(","):
        name, dims = item.split(":")
        out[name.strip()] = tuple(dims.split())
    return out


def _symbolic(dims: tuple[str, ...]) -> str:
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


def shapes(spec: str) -> Callable[[F], F]:
    """A decorator checking the arrays named in ``spec`` before calling the function."""
    layout = _parse(spec)

    def decorate(func: F) -> F:
        signature = inspect.signature(func)
        params = list(signature.parameters)
        usage = f"{func.__name__}({', '.join(params)})"
        named = [params.index(name) for name in layout]
        dims_of = list(layout.values())

        def fast(args: tuple[Any, ...]) -> bool:
            """True when every array is a plain ndarray, one float dtype, shapes agreeing."""
            sizes: dict[str, int] = {}
            dtype = args[named[0]].dtype if type(args[named[0]]) is np.ndarray else None
            for pos, dims in zip(named, dims_of, strict=True):
                arr = args[pos]
                if type(arr) is not np.ndarray or arr.dtype != dtype or arr.ndim != len(dims):
                    return False
                for dim, n in zip(dims, arr.shape, strict=True):
                    if sizes.setdefault(dim, n) != n:
                        return False
            return dtype in FLOAT_DTYPES

        @functools.wraps(func)
        def checked(*args: Any, **kwargs: Any) -> Any:
            if not kwargs and len(args) == len(params) and fast(args):
                return func(*args)
            try:  # the slow path binds by Python's own rules
                bound = signature.bind(*args, **kwargs)
            except TypeError as err:
                raise TypeError(f"{func.__name__}() {err}; call {usage}") from None
            bound.apply_defaults()
            given = bound.arguments
            return func(**(given | _checked_arrays(func.__name__, layout, given)))

        return checked  # type: ignore[return-value]

    return decorate


def unchecked(func: F) -> F:
    """The function under the decorator: for callers that have checked their arrays already."""
    return cast(F, inspect.unwrap(func))


def _checked_arrays(
    func: str, layout: dict[str, tuple[str, ...]], given: dict[str, Any]
) -> dict[str, np.ndarray[Any, Any]]:
    """The named arguments as arrays, or the first TypeError/ValueError that explains why not."""
    arrays = {}
    for name in layout:
        where = f"{func}: {name}"
        arrays[name] = arr = as_array(given[name], where)
        check_kind(arr, where, integers=False)
    dtypes = {arr.dtype for arr in arrays.values()}
    if len(dtypes) > 1:
        listed = ", ".join(f"{n} is {a.dtype}" for n, a in arrays.items())
        raise TypeError(f"{func}: the arrays must share one dtype, got {listed}")
    sizes: dict[str, tuple[int, str]] = {}
    for name, dims in layout.items():
        arr = arrays[name]
        if arr.ndim != len(dims):
            raise ValueError(
                f"{func}: {name} must be {len(dims)}-D of shape {_symbolic(dims)}, got shape {arr.shape}"
            )
        for dim, n in zip(dims, arr.shape, strict=True):
            seen = sizes.setdefault(dim, (n, name))
            if seen[0] != n:
                raise ValueError(
                    f"{func}: {name} has shape {arr.shape}, so {dim} = {n}, but "
                    f"{seen[1]} has shape {arrays[seen[1]].shape}, so {dim} = {seen[0]}; "
                    f"{name} must have shape {_symbolic(dims)}"
                )
    return arrays
