"""The one tolerance table, keyed by the dtype refbp computed in.

An element passes when |actual - expected| <= atol + rtol * |expected| (the rule of
``torch.testing.assert_close``). The expected side is always autograd in float64.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["FINITE_DIFFERENCE", "TOLERANCES", "Tolerance", "tolerance_for"]


@dataclass(frozen=True)
class Tolerance:
    """Relative and absolute tolerance of an elementwise comparison."""

    rtol: float
    atol: float

    def __str__(self) -> str:
        return f"rtol={self.rtol:.0e}, atol={self.atol:.0e}"


TOLERANCES: dict[np.dtype[Any], Tolerance] = {
    # float64: rounding in either implementation is ~1e-16 per operation, so any
    # disagreement beyond 1e-9 relative is a bug, not rounding. The absolute floor
    # only matters for elements that are themselves about 1e-12 or smaller, where
    # a sum of O(1) terms that cancels leaves a few ulps of O(1) behind.
    np.dtype(np.float64): Tolerance(rtol=1e-9, atol=1e-12),
    # float32 (provisional): refbp in float32 against the float64 truth.
    np.dtype(np.float32): Tolerance(rtol=1e-4, atol=1e-6),
}


def tolerance_for(dtype: Any) -> Tolerance:
    """The tolerance for a refbp computation in ``dtype``."""
    return TOLERANCES[np.dtype(dtype)]


FINITE_DIFFERENCE = Tolerance(rtol=1e-7, atol=1e-8)
"""refbp against central differences (``oracle.finite_difference`` derives it): their error
is ~u^(2/3) ~ 4e-11 of the scale of E, so atol is per unit of max(1, |E|)."""
