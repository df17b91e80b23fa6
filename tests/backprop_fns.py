"""Back-propagations under check_backprop's protocol: refbp itself, and refbp with a bug planted."""

from __future__ import annotations

import refbp


def refbp_backprop(hidden: str, task: str, reduction: str = "sum"):
    """refbp itself, under the check_backprop protocol: a correct implementation."""

    def fn(weights, biases, x, d):
        g = refbp.backprop(refbp.MLP(weights, biases, hidden=hidden, task=task), x, d, reduction)
        return g.delta, g.W, g.b

    return fn


def wrapped(net: refbp.MLP, change, reduction: str = "sum"):
    """refbp's result, passed through ``change(delta, W, b)`` to plant a bug."""
    inner = refbp_backprop(net.hidden, net.task, reduction)
    return lambda *args: change(*inner(*args))


def first(report):
    """The first failing row of ``report``, which must fail."""
    row = report.first_failure
    assert row is not None, report
    return row
