"""Non-finite numbers: refused by name on the way in, named on the way out, never a warning.

Contract: ``finite`` decorates a public equation function: it refuses NaN and +-Inf in
every array argument (ValueError naming it, from ``check_finite``), runs the function
with NumPy's floating-point warnings off, and refuses a result that is not finite with
the ValueError of ``overflow``. Both read every element once: O(n), where the shape
checks of ``refbp._signature`` are O(1). The network (``refbp.mlp``) calls the equations
without these reads and handles overflow itself, with the same wording (``overflow``).

Why the result alone: from finite arguments, a non-finite number needs an overflow
first (inf - inf and 0 * inf are NaN only once an inf exists; no equation divides), so
a finite result means nothing overflowed on the way.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np

from refbp._checks import check_finite

__all__ = ["finite", "first_overflow", "forward_overflow", "overflow"]

F = TypeVar("F", bound=Callable[..., Any])


def overflow(
    what: str, dtype: np.dtype[Any], culprits: str, result: np.ndarray[Any, Any] | None = None
) -> ValueError:
    """The ValueError for ``what`` overflowing ``dtype``: the range, the arguments to blame, what to do.

    ``result``: the non-finite array, whose first bad index the message gives.
    """
    where = ""
    if result is not None:
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(result))[0])
        where = f" (first at index {index})"
    hint = ", or compute in float64" if dtype == np.float32 else ""
    return ValueError(
        f"{what} overflows {dtype}{where}: its values would lie beyond +-{float(np.finfo(dtype).max):.3g}; "
        f"scale down {culprits}{hint}"
    )


def forward_overflow(z: Sequence[Any], a: Sequence[Any], dtype: np.dtype[Any]) -> ValueError:
    """The ValueError for a forward pass that overflowed with these z and a (a[0] = x) made so far."""
    # a^(l-1) is the last a made either way; z^(l) was made too when f overflowed (E2)
    l = len(a)
    in_e1 = len(z) < l
    what = f"z^({l}) = W^({l}) a^({l - 1}) + b^({l})" if in_e1 else f"a^({l}) = f(z^({l}))"
    return overflow(f"forward: {what}", dtype, "x and the weights")


def first_overflow(where: str, named: Mapping[str, Any], dtype: np.dtype[Any], culprits: str) -> ValueError:
    """The ValueError of ``overflow`` for the first array of ``named`` that is not finite (one is)."""
    name = next(name for name, arr in named.items() if not np.isfinite(arr).all())
    return overflow(f"{where}: {name}", dtype, culprits, named[name])


def finite(func: F) -> F:
    """``func`` with its array arguments checked finite and its result refused where it overflows."""
    params = list(inspect.signature(func).parameters)

    @functools.wraps(func)
    def checked(*args: Any, **kwargs: Any) -> Any:
        given = dict(zip(params, args, strict=False)) | kwargs
        arrays = [name for name, value in given.items() if isinstance(value, np.ndarray)]
        for name in arrays:
            check_finite(given[name], f"{func.__name__}: {name}")
        with np.errstate(all="ignore"):  # an overflow shows in the result: refused below, not warned
            out = func(*args, **kwargs)
        if not np.isfinite(out).all():
            raise overflow(f"{func.__name__}: the result", out.dtype, ", ".join(arrays), out)
        return out

    return checked  # type: ignore[return-value]
