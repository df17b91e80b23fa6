"""Every tolerance of the oracle, and the ``tol=`` override that the checks take.

An element passes when |actual - expected| <= atol + rtol * |expected| (the rule of
``torch.testing.assert_close``), plus ``bound`` times the element's derived error
radius R where the row has one (float32). The expected side is always a float64
witness: autograd, or central differences.

``resolve(dtype, tol)`` is how a check picks its tolerance, merged the way jax's
``check_grads`` merges its own: ``tol=None`` takes the table's entry for the dtype the
network computes in; a ``Tolerance`` applies as given; a mapping of some of "rtol",
"atol" and "bound" replaces those fields of the table's entry and keeps the rest; a
mapping keyed by dtype overrides only the dtypes it names (each value a ``Tolerance``
or such a mapping).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

__all__ = [
    "CANONICAL_DELTA",
    "FINITE_DIFFERENCE",
    "MATERIAL",
    "PROBE_HEADROOM",
    "TOLERANCES",
    "Tol",
    "Tolerance",
    "finite_difference_tolerance",
    "resolve",
    "tolerance_for",
]


@dataclass(frozen=True)
class Tolerance:
    """Relative and absolute tolerance of an elementwise comparison."""

    rtol: float
    atol: float
    bound: float = 0.0
    """Multiple of the derived error radius R (``oracle.twin.bound``) also allowed; 0: none."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
                raise TypeError(f"tolerance {f.name} must be a real number, got {value!r}")
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"tolerance {f.name} must be finite and >= 0, got {value!r}")
            object.__setattr__(self, f.name, float(value))

    def __str__(self) -> str:
        text = f"rtol={self.rtol:.0e}, atol={self.atol:.0e}"
        return text + (f" + {self.bound:g}R" if self.bound else "")


TOLERANCES: dict[np.dtype[Any], Tolerance] = {
    # float64: rounding in either implementation is ~1e-16 per operation, so a
    # disagreement beyond 1e-9 relative is a bug, not rounding, for every element whose
    # own conditioning is moderate. The absolute floor only matters for elements of
    # about 1e-12 or smaller. Where conditioning amplifies rounding far beyond that (a
    # hidden delta through a saturated unit, whose f' = 1 - a^2 or a(1 - a) is taken
    # from a rounded a; a sum that cancels), 2 R at u = 2^-53 is allowed on top: the
    # same derived radius as float32's (oracle/twin/bound.py), one R for each side, since
    # autograd rounds as refbp does (second-order terms are ~u^2, negligible here).
    # Without it, inputs of raw-pixel scale (0-255) failed a third of correct checks.
    np.dtype(np.float64): Tolerance(rtol=1e-9, atol=1e-12, bound=2.0),
    # float32: refbp in float32 against the float64 truth. Elementwise,
    #   |refbp32 - truth| <= atol + rtol |truth| + 2 R,
    # where R is the first-order rounding-error bound of that very element, derived in
    # oracle/twin/bound.py from gamma_k = k u (u = 2^-24, k = the length of each sum) and
    # carried through the layers, so it grows with depth and width. The factor 2
    # covers the second-order terms and the few ulps of exp/log/tanh; rtol = 4u is the
    # rounding of the element itself; atol = 1e-40 (about 10^5 float32 subnormal
    # steps) only matters for results that underflow.
    np.dtype(np.float32): Tolerance(rtol=2.0**-22, atol=1e-40, bound=2.0),
}


def tolerance_for(dtype: Any) -> Tolerance:
    """The table's tolerance for a computation in ``dtype`` (float32 or float64)."""
    message = f"dtype must be np.float32 or np.float64 (the dtypes refbp computes in), got {dtype!r}"
    if dtype is None:  # np.dtype(None) would quietly be float64
        raise TypeError(message)
    try:
        dt = np.dtype(dtype)
    except (TypeError, ValueError):
        raise TypeError(message) from None
    if dt.newbyteorder("=") not in TOLERANCES:
        raise ValueError(message)
    return TOLERANCES[dt.newbyteorder("=")]


CANONICAL_DELTA = replace(TOLERANCES[np.dtype(np.float64)], bound=1.0)
"""For autograd's delta^(L) against E13's canonical y - d, whatever the network's dtype: both sides
are float64, so rtol and atol of the float64 entry, plus once the bound's ``canonical_delta`` radius: the
target rows may sum to 1 only within the network dtype's rounding, a gap that radius states."""


FINITE_DIFFERENCE = Tolerance(rtol=1e-7, atol=1e-8)
"""refbp against central differences (``oracle.witnesses.finite_difference`` derives it): their error
is ~u^(2/3) ~ 4e-11 of the scale of E, so atol is per unit of max(1, |E|)."""


def finite_difference_tolerance(loss: float) -> Tolerance:
    """``FINITE_DIFFERENCE`` with its absolute part scaled by max(1, |E|)."""
    return replace(FINITE_DIFFERENCE, atol=FINITE_DIFFERENCE.atol * max(1.0, abs(loss)))


MATERIAL = 1e-2
"""Least max |delta^(L) - (y - d)| / max |y - d| that counts as 'differs from y - d' (a
non-canonical pair's delta keeps its f'(z^(L)), which moves it by far more than this)."""

PROBE_HEADROOM = 10
"""``compare_training`` compares a step only while a second correct torch run (perturbed
start, reversed batch) agrees with the first within the tolerance divided by this: refbp
rounds differently from both, so a tenth leaves it room (oracle/training/trajectories.py)."""

Tol = Tolerance | Mapping[Any, Any] | None
"""What ``tol=`` takes: None, a ``Tolerance``, a mapping of its fields, or one keyed by dtype."""

_FIELDS = ("rtol", "atol", "bound")


def _merged(entry: Tolerance, tol: object) -> Tolerance:
    if isinstance(tol, Tolerance):
        return tol
    if not isinstance(tol, Mapping):
        raise TypeError(
            f"tol must be a Tolerance, a dict of rtol/atol/bound, or a dict keyed by dtype; "
            f"got {type(tol).__name__}"
        )
    unknown = [key for key in tol if key not in _FIELDS]
    if unknown:
        raise ValueError(f"tol has unknown key(s) {unknown!r}; use 'rtol', 'atol', 'bound', or dtypes")
    return replace(entry, **tol)


def _dtype_key(key: object) -> np.dtype[Any] | None:
    if key is None or (isinstance(key, str) and key in _FIELDS):
        return None  # np.dtype(None) would be float64
    try:
        dt = np.dtype(key)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    return dt if dt in TOLERANCES else None


def resolve(dtype: Any, tol: object = None) -> Tolerance:
    """The tolerance for a check computed in ``dtype``, with ``tol`` merged into the table."""
    entry = tolerance_for(dtype)
    if tol is None:
        return entry
    if isinstance(tol, Mapping) and tol and all(_dtype_key(key) is not None for key in tol):
        per_dtype = {_dtype_key(key): value for key, value in tol.items()}
        chosen = per_dtype.get(np.dtype(dtype))
        return entry if chosen is None else _merged(entry, chosen)
    return _merged(entry, tol)
