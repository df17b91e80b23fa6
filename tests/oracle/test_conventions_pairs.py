"""Every convention passes correct code and fails a planted bug on every accepted output layer.

refbp's own answer, written in each convention check_backprop takes (``convention_fns``), on
every output/loss pair of ``fuzz.heads.HEADS``, float32 and float64, sum and mean: it passes;
one gradient 1% off fails at its own layer and quantity.
"""

from __future__ import annotations

import numpy as np
import pytest
from convention_fns import off, problem, written
from fuzz.heads import HEADS

import oracle

CONVENTIONS = [
    {"layout": "in_out"},
    {"per_example": True},
    {"layout": "in_out", "per_example": True},
    {"labels": True},
    {"labels": True, "per_example": True, "layout": "in_out"},
]
IDS = ["in_out", "per_example", "in_out per_example", "labels", "labels per_example in_out"]
GRID = [
    (head, conv)
    for head in HEADS
    for conv in CONVENTIONS
    if not conv.get("labels") or head == "task=multiclass"  # labels: multiclass only
]


@pytest.mark.parametrize(("head", "conv"), GRID, ids=[f"{h} {IDS[CONVENTIONS.index(c)]}" for h, c in GRID])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_correct_code_passes_and_a_planted_bug_is_placed(head, conv, dtype, reduction):
    net, x, d = problem(head, dtype)
    report = oracle.check_backprop(written(net, reduction, **conv), net, x, d, reduction, **conv)
    assert report.passed, report
    assert [row.where for row in report.rows] == [
        f"layer {l} {q}" for l in (2, 1) for q in ("delta", "W", "b")
    ]
    for quantity, k in (("W", 0), ("b", 1), ("delta", 0)):
        buggy = written(net, reduction, plant=off(quantity, k), **conv)
        first = oracle.check_backprop(buggy, net, x, d, reduction, **conv).first_failure
        assert first is not None
        assert first.where == f"layer {k + 1} {quantity}"


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_per_example_sums_or_averages(reduction):
    """The mean's gradients are the per-example ones averaged: a per-example fn that averages
    itself (as if E were already the mean) is off by N."""
    net, x, d = problem("task=regression", np.float64)
    halved = written(net, reduction, per_example=True, plant=lambda q: q.update(W=[w / 5 for w in q["W"]]))
    first = oracle.check_backprop(halved, net, x, d, reduction, per_example=True).first_failure
    assert first.where == "layer 2 W"


def test_per_example_deltas_come_from_the_bias_gradients():
    net, x, d = problem("task=binary", np.float64)
    nielsen = written(net, per_example=True, form=lambda q: (q["b"], q["W"]))
    report = oracle.check_backprop(nielsen, net, x, d, per_example=True)
    assert report.passed, report
    assert report.recognised.endswith("deltas read from its per-example bias gradients")
    assert {row.note for row in report.rows} == {""}  # the deltas were compared, not "not given"


def test_the_conventions_reach_compare_training():
    net, x, d = problem("task=multiclass", np.float64)
    conv = {"layout": "in_out", "per_example": True, "labels": True}
    run = oracle.compare_training(net, x, d, steps=2, lr=0.01, fn=written(net, "mean", **conv), **conv)
    assert run.passed, run
    buggy = written(net, "mean", plant=off("W", 0), **conv)
    run = oracle.compare_training(net, x, d, steps=2, lr=0.01, fn=buggy, **conv)
    assert run.report.first_failure.where == "step 1 parameters"


def test_compare_training_says_why_it_cannot_read_fn():
    net, x, d = problem("task=regression", np.float64)
    run = oracle.compare_training(net, x, d, steps=2, lr=0.01, fn=lambda *args: None)
    assert run.report.rows[-1].explain().startswith("step 0 gradients: returned: fn returned a NoneType")


def test_the_fixture_takes_the_conventions(backprop_oracle):
    net, x, d = problem("task=multiclass", np.float64)
    conv = {"layout": "in_out", "per_example": True, "labels": True}
    backprop_oracle.check(written(net, **conv), net, x, d, **conv)
    assert backprop_oracle.report(written(net, **conv), net, x, d, **conv).recognised == (
        "a tuple (delta, W, b) (in_out, per example, labels)"
    )
    with pytest.raises(AssertionError, match=r"^layer 1 W differs"):
        backprop_oracle.check(written(net, plant=off("W", 0), **conv), net, x, d, **conv)
