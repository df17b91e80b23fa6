"""Diagnoses of what the returned lists are: their order, dtype, NaN or +-Inf, ReLU's kink."""

from __future__ import annotations

import numpy as np
import pytest
from backprop_fns import first, wrapped
from nets import make
from planted import planted

import oracle


def diagnosis(change, sizes=(3, 4, 4, 2), hidden="tanh", task="regression"):
    net, x, d = make(sizes, hidden, task, 5)
    row = first(oracle.check_backprop(wrapped(net, change), net, x, d))
    return row.where, row.diagnosis


def test_lists_in_reverse_layer_order():
    where, text = diagnosis(lambda delta, W, b: (delta, W, b[::-1]))
    assert where == "layer 3 b"
    assert text == (
        "the b list is in reverse layer order: its entry k is autograd's layer L - k; position k is "
        "layer k + 1, from the input side: return b[::-1]"
    )


def test_w_and_b_swapped():
    where, text = diagnosis(lambda delta, W, b: (delta, b, W))
    assert where == "layer 3 W"
    assert text == (
        "the list returned as W holds autograd's b, layer by layer: W and b look swapped "
        "(e.g. (delta, b, W) returned); return them in the protocol's order, (delta, W, b), or (W, b) "
        "without deltas"
    )


@pytest.mark.parametrize(
    ("extra", "named"), [("first", "the first entry (position 0)"), ("last", "the last entry")]
)
def test_a_list_with_one_entry_too_many(extra, named):
    net, x, d = make((3, 4, 2), "tanh", "regression", 5)
    fn = wrapped(net, lambda delta, W, b: ([x, *delta] if extra == "first" else [*delta, x], W, b))
    report = oracle.check_backprop(fn, net, x, d)
    assert [(r.where, r.diagnosis.split(":")[0]) for r in report.rows] == [
        (
            "delta",
            "entries 1..2 of the delta list are autograd's layers 1..2"
            if extra == "first"
            else "entries 0..1 of the delta list are autograd's layers 1..2",
        )
    ]
    assert named in report.rows[0].diagnosis


def test_a_structural_row_without_evidence_has_no_diagnosis():
    net, x, d = make((3, 4, 2), "tanh", "regression", 5)
    report = oracle.check_backprop(wrapped(net, lambda delta, W, b: (delta, W[1:], None)), net, x, d)
    assert [r.diagnosis for r in report.rows] == ["", ""]


@pytest.mark.parametrize(("off", "agrees"), [(1.0, True), (1.001, False)])
def test_float32_returned_for_a_float64_network(off, agrees):
    where, text = diagnosis(lambda delta, W, b: (delta, [W[0], W[1], (W[2] * off).astype(np.float32)], b))
    assert where == "layer 3 W"
    said = "agrees with autograd to float32's precision" if agrees else "differs from autograd by more than"
    assert text.startswith(f"layer 3 W is float32 for a float64 network, and {said}")


@pytest.mark.parametrize(("value", "kind"), [(np.nan, "NaN"), (np.inf, "+Inf"), (-np.inf, "-Inf")])
def test_a_non_finite_element_is_named_with_its_first_index(value, kind):
    def change(delta, W, b):
        bad = delta[1].copy()
        bad[2, 1] = bad[3, 0] = value
        return [delta[0], bad, delta[2]], W, b

    where, text = diagnosis(change)
    assert where == "layer 2 delta"
    assert text.startswith(f"layer 2 delta holds {kind} at index (2, 1) where autograd has ")
    assert "(the first of 2): a NaN or +-Inf comes from" in text


def test_a_non_finite_element_of_the_wrong_shape_names_no_value_of_autograd():
    _, text = diagnosis(lambda delta, W, b: (delta, W, [b[0], b[1], np.full(7, np.nan)]))
    assert text.startswith("layer 3 b holds NaN at index (0,) (the first of 7)")


@pytest.mark.parametrize("hidden", ["relu", "leaky_relu"])
def test_relu_s_kink_taken_as_one(hidden):
    net, x, d = make((3, 4, 2), hidden, "regression", 5)
    net = net.with_layers(net.weights, [np.zeros_like(b) for b in net.biases])
    x[1] = 0  # z^(1) = 0 exactly for the whole example
    report = oracle.check_backprop(planted(net, "f'(0) = 1"), net, x, d)
    failing = [r for r in report.rows if not r.passed]
    assert [r.where for r in failing] == ["layer 1 delta", "layer 1 b"]  # x = 0 there: dW agrees
    taken = "0" if hidden == "relu" else "0.01"
    assert failing[0].diagnosis == (
        "layer 1 delta differs from autograd only through the 4 element(s) where z^(1) = 0 exactly: "
        f"it takes {hidden}'(0) = 1 there, autograd {taken}. Both are valid subgradients at the kink, "
        "but the oracle compares with autograd, so the row fails; take f'(z) = 1 only where z > 0 to match it"
    )
    assert all(r.diagnosis.startswith(f"{r.where} differs from autograd only through") for r in failing)


def test_no_kink_without_a_zero():
    net, x, d = make((3, 4, 2), "relu", "regression", 5)
    assert oracle.check_backprop(planted(net, "f'(0) = 1"), net, x, d).passed  # z = 0 nowhere


def test_a_ragged_entry_gets_no_diagnosis():
    where, text = diagnosis(lambda delta, W, b: (delta, W, [b[0], b[1], [[1.0, 2.0], [3.0]]]))
    assert (where, text) == ("layer 3 b", "")


def test_a_zero_z_with_another_bug_is_no_kink():
    net, x, d = make((3, 4, 2), "relu", "regression", 5)
    net = net.with_layers(net.weights, [np.zeros_like(b) for b in net.biases])
    x[1] = 0
    fn = wrapped(net, lambda delta, W, b: ([delta[0] * 1.5, delta[1]], W, b))
    assert first(oracle.check_backprop(fn, net, x, d)).diagnosis == ""
