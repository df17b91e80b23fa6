"""tol=: one table, merged with an override the way jax's check_grads merges its tolerances."""

from __future__ import annotations

import math

import numpy as np
import pytest

import oracle
import refbp
from oracle.verdict.tolerance import TOLERANCES, Tolerance, resolve

F64, F32 = TOLERANCES[np.dtype(np.float64)], TOLERANCES[np.dtype(np.float32)]


@pytest.mark.parametrize(
    ("dtype", "tol", "expected"),
    [
        (np.float64, None, F64),
        (np.float32, None, F32),
        (np.float64, Tolerance(rtol=1e-3, atol=0.0), Tolerance(rtol=1e-3, atol=0.0)),
        (np.float64, {"rtol": 1e-6}, Tolerance(rtol=1e-6, atol=F64.atol, bound=F64.bound)),
        (np.float32, {"atol": 1e-30}, Tolerance(rtol=F32.rtol, atol=1e-30, bound=F32.bound)),
        (np.float32, {np.float64: {"rtol": 1e-6}}, F32),  # a dtype not named keeps the table
        (np.float64, {np.float64: {"rtol": 1e-6}}, Tolerance(rtol=1e-6, atol=F64.atol, bound=F64.bound)),
        (np.float64, {"float64": Tolerance(1e-5, 1e-6)}, Tolerance(1e-5, 1e-6)),
    ],
)
def test_resolve_merges_the_override_into_the_table(dtype, tol, expected):
    assert resolve(dtype, tol) == expected


@pytest.mark.parametrize(
    ("tol", "exc", "message"),
    [
        (
            1e-6,
            TypeError,
            r"^tol must be a Tolerance, a dict of rtol/atol/bound, or a dict keyed by dtype; got float$",
        ),
        (
            {"rtl": 1e-6},
            ValueError,
            r"^tol has unknown key\(s\) \['rtl'\]; use 'rtol', 'atol', 'bound', or dtypes$",
        ),
        ({"rtol": -1.0}, ValueError, r"^tolerance rtol must be finite and >= 0, got -1.0$"),
        ({"atol": float("nan")}, ValueError, r"^tolerance atol must be finite and >= 0, got nan$"),
        ({"rtol": "1e-6"}, TypeError, r"^tolerance rtol must be a real number, got '1e-6'$"),
        ({"rtol": True}, TypeError, r"^tolerance rtol must be a real number, got True$"),
        ({None: {"rtol": 1e-6}}, ValueError, r"^tol has unknown key\(s\) \[None\]"),
        (  # a dtype refbp does not compute in is no dtype key: refused, not quietly ignored
            {"float16": {"rtol": 1e-6}},
            ValueError,
            r"^tol has unknown key\(s\) \['float16'\]; use 'rtol', 'atol', 'bound', or dtypes$",
        ),
    ],
)
def test_a_bad_override_names_tol(tol, exc, message):
    with pytest.raises(exc, match=message):
        resolve(np.float64, tol)


def _planted(net, scale):
    """refbp's gradients with dE/dW^(1) off by a relative ``scale``: a bug below any loose rtol."""

    def fn(weights, biases, x, d):
        g = refbp.backprop(net, x, d)
        return g.delta, [g.W[0] * (1 + scale), *g.W[1:]], g.b

    return fn


def test_the_override_decides_and_the_report_says_which_tolerance():
    net = refbp.MLP.init((3, 4, 2), hidden="tanh")
    rng = np.random.default_rng(0)
    x, d = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    strict = oracle.check_backprop(_planted(net, 1e-7), net, x, d)
    loose = oracle.check_backprop(_planted(net, 1e-7), net, x, d, tol={"rtol": 1e-6})
    assert not strict.passed
    assert strict.tolerance == F64
    assert loose.passed
    assert loose.tolerance == Tolerance(rtol=1e-6, atol=F64.atol, bound=F64.bound)
    assert loose.to_dict()["tolerance"] == {"rtol": 1e-6, "atol": F64.atol, "bound": 2.0}
    assert all(row.tolerance == loose.tolerance for row in loose.rows)
    with pytest.raises(AssertionError, match="layer 1 W"):
        oracle.assert_backprop(_planted(net, 1e-7), net, x, d)
    oracle.assert_backprop(_planted(net, 1e-7), net, x, d, tol={"rtol": 1e-6})


def test_check_assert_matches_and_compare_training_take_tol():
    net = refbp.MLP.init((3, 4, 2), hidden="tanh")
    rng = np.random.default_rng(1)
    x, d = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    report = oracle.check(net, x, d, tol={"rtol": 1e-8})
    assert report.passed
    assert report.tolerance == Tolerance(rtol=1e-8, atol=F64.atol, bound=F64.bound)
    oracle.assert_matches(net, x, d, tol=Tolerance(rtol=1e-8, atol=0.0))
    run = oracle.compare_training(net, x, d, steps=2, tol={"atol": 1e-11})
    assert run.passed
    assert run.report.tolerance == Tolerance(rtol=F64.rtol, atol=1e-11, bound=F64.bound)
    with pytest.raises(ValueError, match=r"^tol has unknown key"):
        oracle.compare_training(net, x, d, steps=2, tol={"x": 1})


@pytest.mark.parametrize(
    ("fields", "exc", "message"),
    [
        ((math.nan, 0.0), ValueError, r"^tolerance rtol must be finite and >= 0, got nan$"),
        ((-1e-9, 0.0), ValueError, r"^tolerance rtol must be finite and >= 0, got -1e-09$"),
        ((math.inf, 0.0), ValueError, r"^tolerance rtol must be finite and >= 0, got inf$"),
        ((1e-9, -1.0), ValueError, r"^tolerance atol must be finite and >= 0, got -1.0$"),
        ((1e-9, 1e-12, math.nan), ValueError, r"^tolerance bound must be finite and >= 0, got nan$"),
        (("1e-9", 0.0), TypeError, r"^tolerance rtol must be a real number, got '1e-9'$"),
    ],
)
def test_a_tolerance_that_would_pass_anything_cannot_be_built(fields, exc, message):
    # Tolerance(inf, 0) once passed a NaN; now no such tolerance exists
    with pytest.raises(exc, match=message):
        Tolerance(*fields)


@pytest.mark.parametrize(
    ("dtype", "exc"),
    [(None, TypeError), ("abc", TypeError), (1, TypeError), (np.float16, ValueError), (int, ValueError),
     (object, ValueError), (np.longdouble, ValueError), (complex, ValueError)],
)  # fmt: skip
def test_tolerance_for_names_a_dtype_it_has_no_entry_for(dtype, exc):
    with pytest.raises(
        exc, match=r"^dtype must be np.float32 or np.float64 \(the dtypes refbp computes in\), got "
    ):
        oracle.tolerance_for(dtype)


def test_tolerance_for_takes_any_byte_order():
    assert oracle.tolerance_for(">f8") == F64
    assert oracle.tolerance_for(np.dtype("<f4")) == F32
