"""compare: the assert_close rule, the numbers that explain a mismatch, and shape errors."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from oracle.verdict.compare import Row, as_compared, compare
from oracle.verdict.tolerance import Tolerance

TOL = Tolerance(rtol=1e-9, atol=1e-12)


def test_equal_arrays_pass_with_zero_error() -> None:
    row = compare(2, "W", np.ones((2, 3)), np.ones((2, 3)), TOL)
    assert row.passed
    assert (row.max_abs, row.max_rel, row.mismatched, row.size) == (0.0, 0.0, 0, 6)
    zeros = compare(2, "b", np.zeros(3), np.zeros(3), TOL)  # no difference: relative 0, not 0 / 0
    assert (zeros.passed, zeros.max_abs, zeros.max_rel, zeros.index_rel) == (True, 0.0, 0.0, (0,))


def test_the_rule_is_atol_plus_rtol_times_expected() -> None:
    expected = np.array([1.0, 1e-13])
    inside = expected + np.array([0.9e-9, 0.9e-12])  # within rtol*1 and within atol
    outside = expected + np.array([1.2e-9, 0.0])
    assert compare(1, "z", inside, expected, TOL).passed
    row = compare(1, "z", outside, expected, TOL)
    assert not row.passed
    assert row.mismatched == 1


def test_a_mismatch_reports_greatest_differences_and_their_indices() -> None:
    expected = np.array([[1.0, 2.0], [3.0, 1e-3]])
    actual = expected.copy()
    actual[1, 0] += 0.3  # largest absolute difference
    actual[1, 1] += 1e-4  # largest relative difference (10%)
    row = compare(3, "delta", actual, expected, TOL)
    assert not row.passed
    assert row.mismatched == 2
    assert row.index_abs == (1, 0)
    assert row.index_rel == (1, 1)
    assert row.max_abs == pytest.approx(0.3)
    assert row.max_rel == pytest.approx(0.1)
    assert row.explain() == (  # without a radius: no line about a rounding bound
        "layer 3 delta differs from autograd: 2 / 4 elements mismatched.\n"
        "Greatest absolute difference: 3.000e-01 at index (1, 0) (up to 1e-12 allowed)\n"
        "Greatest relative difference: 1.000e-01 at index (1, 1) (up to 1e-09 allowed)"
    )


def test_nan_is_the_worst_mismatch() -> None:
    row = compare(1, "a", np.array([np.nan, 1.0]), np.array([0.5, 1.0]), TOL)
    assert not row.passed
    assert row.max_abs == math.inf
    assert row.explain() == "layer 1 a: has 1 element(s) NaN or +-Inf, the first at index (0,)"


def test_a_nonzero_where_autograd_has_zero_is_infinitely_relative() -> None:
    row = compare(1, "b", np.array([1e-3]), np.array([0.0]), TOL)
    assert not row.passed
    assert row.max_rel == math.inf
    assert row.to_dict()["max_rel"] is None  # JSON has no Infinity


@pytest.mark.parametrize(
    ("shape", "fragment"),
    [((3, 2), r"layer 1 W: has shape \(3, 2\), expected \(2, 3\) \(is it transposed\?\)"), ((4,), r"\(4,\)")],
)
def test_a_wrong_shape_fails_with_its_own_message(shape: tuple[int, ...], fragment: str) -> None:
    row = compare(1, "W", np.zeros(shape), np.zeros((2, 3)), TOL)
    assert not row.passed
    assert row.note
    with pytest.raises(AssertionError, match=fragment):
        raise AssertionError(row.explain())


def test_scalars_compare_and_rows_are_json_ready() -> None:
    row = compare(None, "loss", 2.0, 2.0 + 1e-10, TOL)
    assert row.passed
    assert row.where == "loss"
    doc = json.loads(json.dumps(row.to_dict(), allow_nan=False))
    assert doc["layer"] is None
    assert doc["tolerance"] == {"rtol": 1e-9, "atol": 1e-12, "bound": 0.0}


# atol + rtol |expected| = 0.5 + 0.25 * 2 = 1 exactly: all of these are exact in binary
EXACT = Tolerance(rtol=0.25, atol=0.5)


def test_a_difference_exactly_at_the_tolerance_passes_and_one_ulp_beyond_fails() -> None:
    assert compare(1, "z", np.array([3.0]), np.array([2.0]), EXACT).passed
    row = compare(1, "z", np.array([np.nextafter(3.0, 4.0)]), np.array([2.0]), EXACT)
    assert not row.passed
    assert row.mismatched == 1


def test_the_bound_ratio_is_the_difference_over_its_allowance() -> None:
    # allowed = 0 + 0 * |1| + 2 * 0.25 = 0.5; the differences are 1 and 0.25
    row = compare(
        2, "W", np.array([2.0, 1.25]), np.array([1.0, 1.0]), Tolerance(0.0, 0.0, 2.0), np.full(2, 0.25)
    )
    assert not row.passed
    assert row.bound_ratio == 2.0
    assert row.explain().endswith("(up to 0e+00 allowed)\nDerived rounding bound exceeded 2-fold")


def test_a_zero_allowance_makes_any_difference_infinitely_beyond_the_bound_without_a_warning() -> None:
    row = compare(1, "W", np.array([1.0, 2.0]), np.ones(2), Tolerance(0.0, 0.0, 2.0), np.zeros(2))
    assert not row.passed
    assert row.bound_ratio == math.inf
    assert row.to_dict()["bound_ratio"] is None


def test_differences_and_radii_beyond_float64s_range_do_not_warn() -> None:
    # filterwarnings = error: an overflow warning would raise here
    row = compare(1, "z", np.array([1e308]), np.array([-1e308]), TOL)
    assert (row.passed, row.max_abs, row.mismatched) == (False, math.inf, 1)
    huge = compare(1, "z", np.array([5.0]), np.array([1.0]), Tolerance(0.0, 0.0, 2.0), np.array([1e308]))
    assert huge.passed  # 2 R overflows to inf: an allowance of everything
    assert huge.bound_ratio == 0.0
    tiny = compare(1, "z", np.array([1e300]), np.array([1e-10]), TOL)  # 1e300 / 1e-10 overflows
    assert (tiny.passed, tiny.max_abs, tiny.max_rel) == (False, 1e300, math.inf)


def test_a_row_is_json_ready_field_by_field() -> None:
    expected = np.array([[1.0, 2.0], [4.0, 0.0]])
    actual = expected + np.array([[0.0, 0.0], [1.0, 0.5]])
    row = compare(3, "b", actual, expected, EXACT, np.zeros((2, 2)), witness="central differences")
    assert row.to_dict() == {
        "layer": 3,
        "quantity": "b",
        "max_abs": 1.0,
        "max_rel": None,  # 0.5 where autograd has 0: infinitely relative
        "tolerance": {"rtol": 0.25, "atol": 0.5, "bound": 0.0},
        "passed": True,  # 1 <= 0.5 + 0.25 * 4 and 0.5 <= 0.5
        "mismatched": 0,
        "size": 4,
        "index_abs": [1, 0],
        "index_rel": [1, 1],
        "note": "",
        "bound_ratio": 1.0,  # 0.5 / 0.5 at (1, 1), beyond 1 / 1.5 at (1, 0): exactly at the limit
        "witness": "central differences",
        "diagnosis": "",  # filled by oracle.diagnosis on a failing row of check_backprop
    }


@pytest.mark.parametrize(
    ("actual", "note"),
    [
        (np.array([1.0, 2.0, 3.0]), "has shape (3,), expected (2,)"),
        (np.array([1.0, "x"], dtype=object), "holds a str at index (1,), not a number"),
        (
            np.array([1.0, 10**400], dtype=object),
            "holds a number too large for float64 (it overflows to inf)",
        ),
        (
            np.array([1.0, np.longdouble("1e400")], dtype=object),  # overflows in the cast: no warning
            "is an array of Python objects (dtype object), not of numbers; return a float array",
        ),
    ],
)
def test_a_value_that_cannot_be_compared_is_a_failed_row_with_its_reason(
    actual: np.ndarray, note: str
) -> None:
    row = compare(2, "delta", actual, np.ones(2), EXACT, witness="central differences")
    assert row == Row(2, "delta", math.inf, math.inf, EXACT, False, note=note, witness="central differences")
    assert row.passed is False


def test_a_comparable_value_has_no_problem_to_name() -> None:
    arr, problem = as_compared([1, 2])
    assert problem == ""
    assert arr is not None
    assert arr.dtype == np.float64
    np.testing.assert_array_equal(arr, [1.0, 2.0])


def test_a_row_without_a_radius_states_no_bound_term() -> None:
    tol = Tolerance(rtol=1e-9, atol=1e-12, bound=2.0)
    plain = compare(1, "W", np.ones(3), np.ones(3), tol)
    bounded = compare(1, "W", np.ones(3), np.ones(3), tol, radius=np.full(3, 1e-7))
    assert plain.tolerance == Tolerance(rtol=1e-9, atol=1e-12, bound=0.0)
    assert str(plain.tolerance) == "rtol=1e-09, atol=1e-12"
    assert bounded.tolerance == tol
    assert str(bounded.tolerance) == "rtol=1e-09, atol=1e-12 + 2R"
    for actual in (np.ones(2), np.ones(3) + 1j):  # the wrong shape, or not real: nothing compared
        failed = compare(1, "W", actual, np.ones(3), tol, radius=np.full(3, 1e-7))
        assert not failed.passed
        assert failed.tolerance == Tolerance(rtol=1e-9, atol=1e-12, bound=0.0)
