"""Diagnoses of forward-pass bugs, for a function that returned its z and a (a Given built here)."""

from __future__ import annotations

import numpy as np
import pytest
from nets import make

import refbp
from oracle.diagnosis import Given, diagnose
from oracle.twin.autograd import reference
from oracle.verdict.compare import compare
from oracle.verdict.tolerance import tolerance_for


def diagnosed(net, x, d, z, a):
    """The failing forward rows of a Given with these z and a (a without a^(0)), diagnosed."""
    ref, tol = reference(net, x, d), tolerance_for(np.float64)
    rows = [compare(l, q, g[l - 1], getattr(ref, q)[l if q == "a" else l - 1], tol)
            for l in range(1, len(net.weights) + 1) for q, g in (("z", z), ("a", a))]  # fmt: skip
    given = Given(W=ref.W, b=ref.b, delta=ref.delta, z=z, a=a)
    return [(r.where, r.diagnosis) for r in diagnose(rows, given, ref, net, "sum") if not r.passed]


def test_the_bias_missing_from_z():
    net, x, d = make((3, 4, 2), "tanh", "regression", 5)
    fwd = net.forward(x)
    z1 = x @ net.weights[0].T
    assert diagnosed(net, x, d, [z1, fwd.z[1]], fwd.a[1:])[0] == (
        "layer 1 z",
        "z^(1) equals W^(1) a^(0) without the bias: E1 adds b^(1); add it",
    )


@pytest.mark.parametrize(("task", "wrong"), [("multiclass", "sigmoid"), ("binary", "identity")])
def test_the_wrong_output_activation(task, wrong):
    net, x, d = make((3, 4, 3), "tanh", task, 5)
    fwd = net.forward(x)
    y = refbp.OUTPUTS[wrong].f(fwd.z[1])
    own = net.pair.output.name
    assert diagnosed(net, x, d, fwd.z, [fwd.a[1], y]) == [
        (
            "layer 2 a",
            f"a^(2) equals {wrong}(z^(2)), but this network's output activation is {own}; "
            f"apply {own} at layer 2",
        )
    ]


def test_the_wrong_hidden_activation():
    net, x, d = make((3, 4, 2), "sigmoid", "regression", 5)
    fwd = net.forward(x)
    found = diagnosed(net, x, d, fwd.z, [np.tanh(fwd.z[0]), fwd.a[2]])
    assert found[0] == (
        "layer 1 a",
        "a^(1) equals tanh(z^(1)), but this network's hidden activation is sigmoid; apply sigmoid at layer 1",
    )


def test_a_forward_row_without_evidence_has_no_diagnosis():
    net, x, d = make((3, 4, 2), "sigmoid", "regression", 5)
    fwd = net.forward(x)
    assert diagnosed(net, x, d, [fwd.z[0] + 1, fwd.z[1]], fwd.a[1:]) == [("layer 1 z", "")]


def test_a_hypothesis_that_overflows_fits_nothing():
    net, x, d = make((3, 2), "tanh", "regression", 5)
    net = net.with_layers([w * 1e4 for w in net.weights], net.biases)  # exp(z) overflows
    fwd = net.forward(x)
    assert diagnosed(net, x, d, fwd.z, [fwd.a[1] + 1]) == [("layer 1 a", "")]
