"""A diagnosis is a claim: never one on correct code, never one on a passing row; and it shows
in the table, in ``explain()`` and in the JSON."""

from __future__ import annotations

import json

import numpy as np
import pytest
from backprop_fns import first, wrapped
from hypothesis import given, settings
from hypothesis import strategies as st
from nets import make, problems
from planted import planted

import oracle
import refbp
from oracle.backprop.pytest_plugin import BackpropOracle
from oracle.diagnosis.diagnose import joined


def _refbp(net, reduction):
    return lambda W, b, x, d: refbp.backprop(net.with_layers(W, b), x, d, reduction)


def _re_expressed(net, reduction):
    """refbp's deltas, its dW as (a_prev^T delta)^T and db as 1^T delta, returned as a dict."""

    def fn(W, b, x, d):
        mine = net.with_layers(W, b)
        fwd = mine.forward(x)
        g = mine.backward(fwd, d, reduction)
        dW = [(a.T @ dl).T for a, dl in zip(fwd.a, g.delta, strict=False)]
        return {"delta": g.delta, "dW": dW, "db": [np.ones(len(x), x.dtype) @ dl for dl in g.delta]}

    return fn


IMPLEMENTATIONS = {
    "refbp": _refbp,
    "re-expressed": _re_expressed,
    "written out": lambda net, r: planted(net, "", r),
}


@settings(max_examples=30)
@given(problems(max_width=5, max_batch=6), st.sampled_from(sorted(IMPLEMENTATIONS)))
def test_correct_code_passes_with_no_diagnosis(problem, implementation):
    net, x, d, reduction = problem
    report = oracle.check_backprop(IMPLEMENTATIONS[implementation](net, reduction), net, x, d, reduction)
    assert report.passed, report
    assert all(row.diagnosis == "" for row in report.rows)


@settings(max_examples=30)
@given(
    problems(max_width=5, max_batch=6),
    st.sampled_from(["delta", "W", "b"]),
    st.integers(0, 10**6),
    st.floats(1e-3, 0.5),
)
def test_no_diagnosis_on_a_passing_row_nor_on_an_unexplained_error(problem, quantity, where, off):
    """One element off by a random fraction: rows fail, but no classic bug explains it."""
    net, x, d, reduction = problem

    def change(delta, W, b):
        lists = {"delta": list(delta), "W": list(W), "b": list(b)}
        k = where % len(lists[quantity])
        bad = lists[quantity][k].copy()
        bad.flat[where % bad.size] = bad.flat[where % bad.size] * (1 + off) + off
        lists[quantity][k] = bad
        return lists["delta"], lists["W"], lists["b"]

    report = oracle.check_backprop(wrapped(net, change, reduction), net, x, d, reduction)
    assert not report.passed
    assert all(row.diagnosis == "" for row in report.rows), report


def test_the_diagnosis_shows_in_the_table_explain_and_json():
    net, x, d = make((3, 4, 2), "tanh", "regression", 6)
    report = oracle.check_backprop(wrapped(net, lambda delta, W, b: (delta, W, b[::-1])), net, x, d)
    row = first(report)
    text = row.diagnosis
    assert text.startswith("the b list is in reverse layer order")
    lines = str(report).splitlines()  # line 0: what was recognised; then the header
    assert lines[4].split()[:3] == [
        "2",
        "b",
        "inf",
    ]  # the row (of another shape), then its diagnosis under it
    assert lines[5] == f"    diagnosis: {text}"
    assert row.explain().endswith(f"\nDiagnosis: {text}")
    assert json.loads(json.dumps(report.to_dict()))["rows"][2]["diagnosis"] == text
    assert str(report).endswith("FIRST MISMATCH: layer 2 b")


def test_the_fixture_s_and_assert_backprop_s_messages_carry_it():
    net, x, d = make((3, 4, 2), "tanh", "regression", 6)
    fn = wrapped(net, lambda delta, W, b: (delta, W, b[::-1]))
    for check in (oracle.assert_backprop, BackpropOracle().check):
        with pytest.raises(AssertionError, match="\nDiagnosis: the b list is in reverse layer order"):
            check(fn, net, x, d)


def test_several_explanations_are_numbered():
    assert joined([]) == ""
    assert joined(["a", "a"]) == "a"
    assert joined(["a", "b"]) == "2 explanations fit: (1) a. (2) b."
