"""compare: the assert_close rule, the numbers that explain a mismatch, and shape errors."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from oracle.compare import compare
from oracle.tolerance import Tolerance

TOL = Tolerance(rtol=1e-9, atol=1e-12)


def test_equal_arrays_pass_with_zero_error() -> None:
    row = compare(2, "W", np.ones((2, 3)), np.ones((2, 3)), TOL)
    assert row.passed
    assert (row.max_abs, row.max_rel, row.mismatched, row.size) == (0.0, 0.0, 0, 6)


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
    message = row.explain()
    assert message.startswith("layer 3 delta differs from autograd: 2 / 4 elements mismatched")
    assert "Greatest absolute difference: 3.000e-01 at index (1, 0)" in message
    assert "Greatest relative difference: 1.000e-01 at index (1, 1) (up to 1e-09 allowed)" in message


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
