"""The one tolerance table."""

from __future__ import annotations

import numpy as np

from oracle.verdict.tolerance import CANONICAL_DELTA, TOLERANCES, Tolerance, tolerance_for


def test_float64_is_tight() -> None:
    tol = tolerance_for(np.float64)
    assert tol.rtol <= 1e-9
    assert tol.atol <= 1e-12
    assert str(tol) == "rtol=1e-09, atol=1e-12 + 2R"  # the derived radius at u = 2^-53, once per side


def test_every_dtype_refbp_computes_in_has_an_entry() -> None:
    assert set(TOLERANCES) == {np.dtype(np.float32), np.dtype(np.float64)}
    assert tolerance_for("float32").rtol > tolerance_for("float64").rtol


def test_a_tolerance_without_a_bound_prints_no_bound() -> None:
    assert str(Tolerance(rtol=1e-9, atol=1e-12)) == "rtol=1e-09, atol=1e-12"
    assert str(Tolerance(rtol=2.0**-22, atol=1e-40, bound=0.5)) == "rtol=2e-07, atol=1e-40 + 0.5R"


def test_the_canonical_delta_is_held_to_float64s_rtol_and_atol_plus_one_radius() -> None:
    # autograd's delta^(L) and y - d are both float64; the one radius is the target rows' gap
    assert Tolerance(rtol=1e-9, atol=1e-12, bound=1.0) == CANONICAL_DELTA
