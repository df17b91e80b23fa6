"""Argument checks for the public equation functions, declared as a shape signature.

Contract: ``shapes("W: n_l n_prev, b: n_l, a_prev: N n_prev")`` returns a decorator;
the decorated function first checks that each named argument is a float32 or float64
array (a list is converted), that they all share one dtype, and that their axes
agree with the signature (a name binds to the first size seen, then must repeat),
raising TypeError/ValueError that name the function and the argument. Then it calls
the function unchanged. The checks are O(1): they never read the array's values.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from refbp._checks import as_array, check_kind

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
        params = list(inspect.signature(func).parameters)

        @functools.wraps(func)
        def checked(*args: Any, **kwargs: Any) -> Any:
            given = dict(zip(params, args, strict=False)) | kwargs
            arrays = {}
            for name in layout:
                where = f"{func.__name__}: {name}"
                arrays[name] = arr = as_array(given[name], where)
                check_kind(arr, where, integers=False)
            dtypes = {arr.dtype for arr in arrays.values()}
            if len(dtypes) > 1:
                listed = ", ".join(f"{n} is {a.dtype}" for n, a in arrays.items())
                raise TypeError(f"{func.__name__}: the arrays must share one dtype, got {listed}")
            sizes: dict[str, tuple[int, str]] = {}
            for name, dims in layout.items():
                arr = arrays[name]
                if arr.ndim != len(dims):
                    raise ValueError(
                        f"{func.__name__}: {name} must be {len(dims)}-D of shape {_symbolic(dims)}, "
                        f"got shape {arr.shape}"
                    )
                for dim, n in zip(dims, arr.shape, strict=True):
                    seen = sizes.setdefault(dim, (n, name))
                    if seen[0] != n:
                        raise ValueError(
                            f"{func.__name__}: {name} has shape {arr.shape}, so {dim} = {n}, but "
                            f"{seen[1]} has shape {arrays[seen[1]].shape}, so {dim} = {seen[0]}; "
                            f"{name} must have shape {_symbolic(dims)}"
                        )
            return func(**(given | arrays))

        return checked  # type: ignore[return-value]

    return decorate
