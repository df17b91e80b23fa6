"""z, a and E, when the code under test returns them, are compared in oracle.check's walking order."""

from __future__ import annotations

import numpy as np
import pytest
from convention_fns import off, problem, written

import oracle

WITH_FORWARD = lambda q: {k: q[k] for k in ("delta", "W", "b", "z", "a", "E")}  # noqa: E731


@pytest.mark.parametrize("conv", [{}, {"per_example": True}, {"layout": "in_out", "per_example": True}])
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_rows_walk_forward_then_backward(conv, reduction):
    net, x, d = problem("task=binary", np.float64)
    report = oracle.check_backprop(
        written(net, reduction, form=WITH_FORWARD, **conv), net, x, d, reduction, **conv
    )
    assert report.passed, report
    forward = ["layer 1 z", "layer 1 a", "layer 2 z", "layer 2 a", "loss"]
    backward = [f"layer {l} {q}" for l in (2, 1) for q in ("delta", "W", "b")]
    assert [row.where for row in report.rows] == forward + backward
    if not conv:  # the same arrays as refbp's own check: the same rows (per example rounds otherwise)
        assert report.rows[: len(forward)] == oracle.check(net, x, d, reduction).rows[: len(forward)]


@pytest.mark.parametrize("conv", [{}, {"per_example": True}, {"labels": True}])
def test_a_forward_bug_is_placed_at_its_own_layer(conv):
    """The bias dropped from z^(1): without z it shows as a later delta; with z, at layer 1 z."""
    net, x, d = problem("task=multiclass", np.float64)
    report = oracle.check_backprop(
        written(net, form=WITH_FORWARD, forward_bias=False, **conv), net, x, d, **conv
    )
    assert report.first_failure.where == "layer 1 z"
    report = oracle.check_backprop(written(net, forward_bias=False, **conv), net, x, d, **conv)
    assert report.first_failure.where == "layer 2 delta"


@pytest.mark.parametrize(
    ("form", "where"),
    [
        (lambda q: {"W": q["W"], "b": q["b"], "a": q["a"][1:]}, ["layer 1 a", "layer 2 a"]),  # a^(1..L)
        (lambda q: {"W": q["W"], "b": q["b"], "a": q["a"]}, ["layer 1 a", "layer 2 a"]),  # a^(0) = x first
        (lambda q: {"W": q["W"], "b": q["b"], "z": q["z"]}, ["layer 1 z", "layer 2 z"]),
        (lambda q: (q["E"], {"W": q["W"], "b": q["b"]}), ["loss"]),
    ],
    ids=["a without a0", "a with a0", "z only", "E only"],
)
def test_any_part_of_the_forward_pass_may_be_given(form, where):
    net, x, d = problem("task=regression", np.float64)
    report = oracle.check_backprop(written(net, form=form), net, x, d)
    assert report.passed, report
    assert [row.where for row in report.rows[: len(where)]] == where


@pytest.mark.parametrize(("quantity", "where"), [("a", "layer 2 a"), ("z", "layer 1 z"), ("E", "loss")])
def test_a_wrong_forward_quantity_is_named(quantity, where):
    net, x, d = problem("task=regression", np.float64)

    def plant(q):
        if quantity == "E":
            q["E"] *= 1.01
        else:
            off(quantity, 2 if quantity == "a" else 0)(q)  # a[2] is a^(2): refbp keeps a^(0) = x first

    report = oracle.check_backprop(written(net, form=WITH_FORWARD, plant=plant), net, x, d)
    assert report.first_failure.where == where
    assert [row.where for row in report.rows if not row.passed] == [where]


def test_a_list_of_a_of_the_wrong_length_is_a_failing_row():
    net, x, d = problem("task=regression", np.float64)
    fn = written(net, form=lambda q: {"W": q["W"], "b": q["b"], "a": q["a"][2:]})
    assert oracle.check_backprop(fn, net, x, d).first_failure.explain() == (
        "a: fn returned 1 arrays, expected 2: one per layer, position k is layer k + 1"
    )
