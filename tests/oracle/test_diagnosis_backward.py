"""Diagnoses of backward-pass bugs (E9-E13), each planted in a hand-written backprop."""

from __future__ import annotations

import numpy as np
import pytest
from backprop_fns import first, wrapped
from convention_fns import problem, written
from nets import make
from planted import planted

import oracle
import refbp
from oracle.diagnosis import Given, diagnose
from oracle.twin.autograd import reference
from oracle.twin.check import backward_rows


def diagnosis(bug, net, x, d, reduction="sum"):
    row = first(oracle.check_backprop(planted(net, bug, reduction), net, x, d, reduction))
    return row.where, row.diagnosis


def test_the_written_out_backprop_is_correct_without_a_bug():
    net, x, d = make((3, 4, 4, 2), "sigmoid", "binary", 5)
    assert oracle.check_backprop(planted(net), net, x, d).passed


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_a_hidden_delta_without_f_prime(reduction):
    net, x, d = make((3, 4, 4, 2), "sigmoid", "binary", 5)
    assert diagnosis("no f'", net, x, d, reduction) == (
        "layer 2 delta",
        "delta^(2) equals delta^(3) W^(3) without the f'(z^(2)) of E9 (sigmoid); multiply it in: "
        "delta^(2) = (delta^(3) W^(3)) * f'(z^(2))",
    )


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh"])
def test_f_prime_at_a_instead_of_z(hidden):
    net, x, d = make((3, 4, 4, 2), hidden, "binary", 5)
    where, text = diagnosis("f'(a)", net, x, d)
    assert where == "layer 2 delta"
    assert text.startswith(
        "delta^(2) equals delta^(3) W^(3) * f'(a^(2)): f' was evaluated at the activation a^(2)"
    )


@pytest.mark.parametrize("task", ["binary", "multiclass", "poisson"])
def test_a_canonical_output_delta_with_an_extra_f_prime(task):
    net, x, d = make((3, 4, 3), "tanh", task, 5)
    where, text = diagnosis("extra f'", net, x, d)
    assert where == "layer 2 delta"
    assert text.startswith("delta^(L) equals (y - d) * f'(z^(L)): for ")
    assert text.endswith("so delta^(L) = y - d (E13); drop the f'(z^(L)) factor")


def test_a_non_canonical_output_delta_given_as_y_minus_d():
    net = refbp.MLP.init((3, 4, 2), hidden="tanh", output="sigmoid", loss="squared_error")
    _, x, d = make((3, 4, 2), "tanh", "binary", 5)
    where, text = diagnosis("y - d", net, x, d, "mean")
    assert where == "layer 2 delta"
    assert text.startswith(
        "delta^(L) equals y - d, E13's delta, but sigmoid+squared_error is not a canonical pair"
    )


def test_dw_from_the_pre_activation():
    net, x, d = make((3, 4, 4, 2), "sigmoid", "regression", 5)
    assert diagnosis("dW from z", net, x, d) == (
        "layer 3 W",
        "dE/dW^(3) equals delta^(3)^T times the pre-activation z^(2) where E10 takes the previous "
        "layer's a^(2) (= f(z^(2)), or x for layer 1); use a^(2)",
    )


def test_dw_from_the_layer_s_own_activation():
    net, x, d = make((4, 4, 4, 4), "tanh", "regression", 5)  # square layers: the shapes agree
    where, text = diagnosis("dW from own a", net, x, d)
    assert where == "layer 3 W"
    assert text.startswith("dE/dW^(3) equals delta^(3)^T times the layer's own a^(3) where E10 takes")


def test_an_l2_term_names_lambda():
    net, x, d = make((3, 4, 2), "sigmoid", "regression", 5)
    fn = wrapped(
        net, lambda delta, W, b: (delta, [g + 0.003 * w for g, w in zip(W, net.weights, strict=True)], b)
    )
    assert first(oracle.check_backprop(fn, net, x, d)).diagnosis == (
        "dE/dW^(2) is autograd's plus 0.003 W^(2): an L2 (weight decay) term with lambda = 0.003; "
        "the oracle checks the gradient of E alone: leave it out while checking"
    )


def test_no_l2_on_a_single_weight():
    net, x, d = make((1, 1), "sigmoid", "regression", 5)
    fn = wrapped(net, lambda delta, W, b: (delta, [W[0] + 0.1 * net.weights[0]], b))
    assert first(oracle.check_backprop(fn, net, x, d)).diagnosis == ""  # one number fits any lambda


def test_a_transposed_square_dw():
    net, x, d = make((3, 4, 4, 2), "tanh", "regression", 4)
    fn = wrapped(net, lambda delta, W, b: (delta, [W[0], W[1].T, W[2]], b))
    row = first(oracle.check_backprop(fn, net, x, d))
    assert row.diagnosis == (
        "dE/dW^(2) equals autograd's transposed; the out_in layout takes (n_l, n_{l-1}), "
        "delta.T @ a_prev (E10): return it transposed"
    )


def test_a_transposed_dw_in_the_in_out_layout():
    net, x, d = make((3, 4, 2), "tanh", "regression", 4)
    ref = reference(net, x, d)
    W = [ref.W[0].T, ref.W[1]]  # as brought to out_in from a caller who wrote in_out: still transposed
    rows = backward_rows(ref.delta, W, ref.b, ref, oracle.tolerance_for(np.float64))
    out = diagnose(rows, Given(W=W, b=ref.b, delta=ref.delta, layout="in_out"), ref, net, "sum")
    assert [r.diagnosis for r in out if not r.passed] == [
        "dE/dW^(1) equals autograd's transposed; layout='in_out' takes (n_{l-1}, n_l), "
        "a_prev.T @ delta: return it transposed"
    ]


@pytest.mark.parametrize(
    ("reduction", "each", "how"), [("sum", "0.0005", "sums"), ("mean", "0.003", "averages")]
)
def test_an_l2_term_per_example_names_each_call_s_lambda(reduction, each, how):
    net, x, d = problem("task=regression", np.float64)  # N = 5

    def l2(q):
        q["W"] = [g + float(each) * w for g, w in zip(q["W"], net.weights, strict=True)]

    fn = written(net, reduction, per_example=True, plant=l2)
    row = first(oracle.check_backprop(fn, net, x, d, reduction, per_example=True))
    summed = {"sum": "0.0025", "mean": "0.003"}[reduction]
    assert row.diagnosis == (
        f"dE/dW^(2) is autograd's plus {summed} W^(2): an L2 (weight decay) term with lambda = {each} "
        f"in each of the 5 per-example results, which the oracle {how}; the oracle checks the gradient "
        "of E alone: leave it out while checking"
    )
