"""Every verdict path fails a planted bug on every accepted output layer, dtype and reduction.

The fuzz suite (tests/fuzz/test_verdicts.py) shows each witness passes correct code on
every output layer refbp accepts; this is the other half: the same witnesses, on the same
heads, fail when one gradient is wrong by 1% (far outside rounding in either dtype), and
name the layer and quantity.
"""

from __future__ import annotations

import numpy as np
import pytest
from convention_fns import problem as _problem
from fuzz.heads import HEADS

import oracle
import refbp


def _off(grads: refbp.Gradients, quantity: str, k: int) -> tuple[list, list, list]:
    """refbp's gradients with one of them 1% off: a planted bug."""
    lists = {"delta": list(grads.delta), "W": list(grads.W), "b": list(grads.b)}
    lists[quantity][k] = lists[quantity][k] * lists[quantity][k].dtype.type(1.01)
    return lists["delta"], lists["W"], lists["b"]


@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("reduction", ["sum", "mean"])
@pytest.mark.parametrize(("quantity", "k"), [("delta", 1), ("W", 0), ("b", 1)])
def test_check_backprop_fails_a_planted_bug(head, dtype, reduction, quantity, k):
    net, x, d = _problem(head, dtype)

    def fn(weights, biases, x, d):
        return _off(refbp.backprop(net, x, d, reduction), quantity, k)

    report = oracle.check_backprop(fn, net, x, d, reduction)
    assert report.first_failure is not None
    assert report.first_failure.where == f"layer {k + 1} {quantity}"


@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_check_and_finite_differences_fail_a_planted_bug_in_refbp(head, dtype, monkeypatch):
    net, x, d = _problem(head, dtype)
    right = refbp.MLP.backward

    def backward(self, fwd, d, reduction="sum"):
        g = right(self, fwd, d, reduction)
        return refbp.Gradients(*_off(g, "W", 0))

    monkeypatch.setattr(refbp.MLP, "backward", backward)
    assert oracle.check(net, x, d).first_failure.where == "layer 1 W"
    assert oracle.check_finite_differences(net, x, d).first_failure.where == "layer 1 W"


@pytest.mark.parametrize("head", HEADS)
def test_compare_training_fails_a_planted_bug(head):
    net, x, d = _problem(head, np.float64)

    def fn(weights, biases, x, d):
        return _off(refbp.backprop(net.with_layers(weights, biases), x, d, "mean"), "b", 0)

    run = oracle.compare_training(net, x, d, steps=3, lr=0.01, fn=fn)
    assert run.report.first_failure is not None
    assert run.report.first_failure.where == "step 1 parameters"
