"""The one tolerance table, keyed by the dtype refbp computed in.

An element passes when |actual - expected| <= atol + rtol * |expected| (the rule of
``torch.testing.assert_close``), plus ``bound`` times the element's derived error
radius R where the row has one (float32). The expected side is always autograd in
float64.
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
    bound: float = 0.0
    """Multiple of the derived error radius R (``oracle.bound``) also allowed; 0: none."""

    def __str__(self) -> str:
        text = f"rtol={self.rtol:.0e}, atol={self.atol:.0e}"
        return text + (f" + {self.bound:g}R" if self.bound else "")


TOLERANCES: dict[np.dtype[Any], Tolerance] = {
    # float64: rounding in either implementation is ~1e-16 per operation, so any
    # disagreement beyond 1e-9 relative is a bug, not rounding. The absolute floor
    # only matters for elements that are themselves about 1e-12 or smaller, where
    # a sum of O(1) terms that cancels leaves a few ulps of O(1) behind.
    np.dtype(np.float64): Tolerance(rtol=1e-9, atol=1e-12),
    # float32: refbp in float32 against the float64 truth. Elementwise,
    #   |refbp32 - truth| <= atol + rtol |truth| + 2 R,
    # where R is the first-order rounding-error bound of that very element, derived in
    # oracle/bound.py from gamma_k = k u (u = 2^-24, k = the length of each sum) and
    # carried through the layers, so it grows with depth and width. The factor 2
    # covers the second-order terms and the few ulps of exp/log/tanh; rtol = 4u is the
    # rounding of the element itself; atol = 1e-40 (about 10^5 float32 subnormal
    # steps) only matters for results that underflow.
    np.dtype(np.float32): Tolerance(rtol=2.0**-22, atol=1e-40, bound=2.0),
}


def tolerance_for(dtype: Any) -> Tolerance:
    """The tolerance for a refbp computation in ``dtype``."""
    return TOLERANCES[np.dtype(dtype)]


FINITE_DIFFERENCE = Tolerance(rtol=1e-7, atol=1e-8)
"""refbp against central differences (``oracle.finite_difference`` derives it): their error
is ~u^(2/3) ~ 4e-11 of the scale of E, so atol is per unit of max(1, |E|)."""
