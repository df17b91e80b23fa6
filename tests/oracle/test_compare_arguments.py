"""compare refuses a witness side it cannot rest a verdict on, and arguments of the wrong kind."""

from __future__ import annotations

import numpy as np
import pytest

from oracle.verdict.compare import compare, shape_note
from oracle.verdict.tolerance import tolerance_for

TOL = tolerance_for(np.float64)
ONE = np.ones(2)


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"expected": np.array([np.inf, 1.0])}, ValueError,
         r"^expected has 1 element\(s\) NaN or \+-Inf, the first at index \(0,\): the witness's side"),
        ({"radius": np.array([np.nan, 1.0])}, ValueError, r"^radius has 1 element\(s\) NaN or \+-Inf"),
        ({"radius": -ONE}, ValueError, r"^radius must be >= 0 \(an error bound\)$"),
        ({"radius": np.ones(3)}, ValueError,
         r"^radius has shape \(3,\), which does not broadcast to expected's \(2,\)$"),
        ({"radius": np.ones((2, 2, 1))}, ValueError, r"^radius has shape \(2, 2, 1\), which does not"),
        ({"expected": np.ones((3, 1)), "radius": np.ones((2, 1))}, ValueError,
         r"^radius has shape \(2, 1\), which does not broadcast to expected's \(3, 1\)$"),
        ({"expected": np.ones((2, 3)), "radius": np.ones((5, 3))}, ValueError,
         r"^radius has shape \(5, 3\), which does not broadcast to expected's \(2, 3\)$"),
        ({"tol": 1e-9}, TypeError, r"^tol must be an oracle.Tolerance, got float$"),
        ({"layer": 0}, ValueError,
         r"^layer must be >= 1 \(layers count from 1\) or None \(the whole network\), got 0$"),
        ({"layer": 1.0}, TypeError, r"^layer must be an int or None, got float$"),
        ({"layer": True}, TypeError, r"^layer must be an int or None, got bool$"),
        ({"quantity": 3}, TypeError, r"^quantity must be a str, got int$"),
        ({"witness": None}, TypeError, r"^witness must be a str, got NoneType$"),
    ],
)  # fmt: skip
def test_compare_refuses_by_name(kwargs, exc, message):
    args = {"layer": 1, "quantity": "z", "actual": ONE, "expected": ONE, "tol": TOL} | kwargs
    with pytest.raises(exc, match=message):
        compare(**args)


def test_an_infinite_expected_value_can_no_longer_pass_anything():
    # inf <= atol + rtol * inf held for every actual: now the call is refused instead
    with pytest.raises(ValueError, match=r"^expected has"):
        compare(1, "z", np.array([5.0]), np.array([np.inf]), TOL)


def test_a_radius_broadcasts_and_a_numpy_layer_is_an_int():
    row = compare(np.int64(2), "W", ONE, ONE, TOL, radius=np.zeros(1))
    assert row.passed
    assert row.layer == 2
    assert type(row.layer) is int


@pytest.mark.parametrize(("radius", "expected"), [((3,), (2, 3)), ((1, 3), (2, 3)), ((3, 2), (4, 3, 2))])
def test_a_radius_of_fewer_dimensions_broadcasts_over_the_leading_ones(radius, expected):
    row = compare(1, "W", np.ones(expected), np.ones(expected), TOL, radius=np.zeros(radius))
    assert row.passed
    assert row.size == np.prod(expected)


def test_an_object_array_is_not_a_gradient_even_of_floats():
    row = compare(1, "W", np.array([1.0, 1.0], dtype=object), ONE, TOL)
    assert not row.passed
    assert row.note == "is an array of Python objects (dtype object), not of numbers; return a float array"


def test_a_zero_tolerance_with_a_radius_does_not_warn():
    assert compare(1, "W", ONE, ONE, TOL.__class__(0.0, 0.0, 2.0), radius=np.zeros(2)).bound_ratio == 0.0


def test_the_one_wording_of_a_wrong_shape():
    assert shape_note((3, 4), (4, 3)) == "has shape (3, 4), expected (4, 3) (is it transposed?)"
    assert shape_note((3, 3), (4, 3)) == "has shape (3, 3), expected (4, 3)"


def test_a_ragged_list_is_not_an_array_of_numbers():
    row = compare(1, "W", [[1.0], [1.0, 2.0]], np.ones((2, 2)), TOL)
    assert not row.passed
    assert row.note.startswith("is not an array of numbers (setting an array element with a sequence")
