"""The one tolerance table."""

from __future__ import annotations

import numpy as np

from oracle.tolerance import TOLERANCES, tolerance_for


def test_float64_is_tight() -> None:
    tol = tolerance_for(np.float64)
    assert tol.rtol <= 1e-9
    assert tol.atol <= 1e-12
    assert str(tol) == "rtol=1e-09, atol=1e-12 + 2R"  # the derived radius at u = 2^-53, once per side


def test_every_dtype_refbp_computes_in_has_an_entry() -> None:
    assert set(TOLERANCES) == {np.dtype(np.float32), np.dtype(np.float64)}
    assert tolerance_for("float32").rtol > tolerance_for("float64").rtol
