"""Overflow: named by a ValueError, never left as a RuntimeWarning and an inf.

Contract: ``raise_on_overflow()`` is the floating-point state the network computes in;
``overflow`` builds the ValueError that names what overflowed, the dtype's range and
the arguments to scale down; ``forward_overflow`` and ``first_overflow`` find what that
was. From finite arguments a non-finite number needs an overflow first (inf - inf and
0 * inf are NaN only once an inf exists; no equation divides), so a finite result means
nothing overflowed on the way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from refbp._arrays import first_nonfinite, first_nonfinite_name

__all__ = ["first_overflow", "forward_overflow", "overflow", "raise_on_overflow"]


def raise_on_overflow() -> np.errstate:
    """Overflow raises, to be named; 'invalid' is ignored: some OpenBLAS kernels flag it on finite input."""
    return np.errstate(over="raise", invalid="ignore")


def overflow(
    what: str, dtype: np.dtype[Any], culprits: str, result: np.ndarray[Any, Any] | None = None
) -> ValueError:
    """The ValueError for ``what`` overflowing ``dtype``: the range, the arguments to blame, what to do.

    ``result``: the non-finite array, whose first bad index the message gives.
    """
    where = ""
    if result is not None:
        where = f" (first at index {first_nonfinite(result)})"
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
    name = first_nonfinite_name(named)
    return overflow(f"{where}: {name}", dtype, culprits, named[name])
