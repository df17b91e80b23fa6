"""Diagnoses of a constant factor: mean against sum, the 1/2 of E12, the sign, scikit-learn's mix."""

from __future__ import annotations

import numpy as np
import pytest
from backprop_fns import first, refbp_backprop, wrapped
from convention_fns import off, problem, written
from nets import make

import oracle


def scaled(c, quantities=("delta", "W", "b")):
    """Every array of the named quantities times c: a planted constant factor."""

    def change(delta, W, b):
        lists = {"delta": delta, "W": W, "b": b}
        return tuple([c * v for v in lists[q]] if q in quantities else lists[q] for q in ("delta", "W", "b"))

    return change


def diagnosis(c, reduction="sum", quantities=("delta", "W", "b"), n=6, sizes=(3, 4, 2)):
    net, x, d = make(sizes, "tanh", "regression", n)
    return first(oracle.check_backprop(wrapped(net, scaled(c, quantities)), net, x, d, reduction))


def test_the_mean_where_the_sum_was_asked_for():
    row = diagnosis(1 / 6)
    assert row.where == "layer 2 delta"
    assert row.diagnosis == (
        "every element of layer 2 delta is 1/6 of autograd's (N = 6): it looks like the mean of E "
        "while the oracle was asked for the sum; pass reduction='mean'"
    )


def test_the_sum_where_the_mean_was_asked_for():
    assert diagnosis(1, "mean").diagnosis == (
        "every element of layer 2 delta is 6 times autograd's (N = 6): it looks like the sum of E "
        "while the oracle was asked for the mean; pass reduction='sum'"
    )


def test_the_half_of_e12_dropped_or_doubled():
    assert "looks dropped, which doubles every derivative; keep the 1/2" in diagnosis(2).diagnosis
    assert diagnosis(0.5).diagnosis.startswith(
        "every element of layer 2 delta is 1/2 of autograd's: a factor 1/2 too many"
    )


def test_the_sign():
    assert diagnosis(-1).diagnosis.startswith(
        "every element of layer 2 delta is -1 times autograd's: "
        "the sign is flipped (d - y where E13 has y - d"
    )


def test_two_explanations_that_fit_are_both_named():
    text = diagnosis(0.5, n=2).diagnosis  # N = 2: 1/N and 1/2 are one factor
    assert text.startswith(
        "2 explanations fit: (1) every element of layer 2 delta is 1/2 of autograd's (N = 2)"
    )
    assert "(2) every element of layer 2 delta is 1/2 of autograd's: a factor 1/2 too many" in text


@pytest.mark.parametrize(
    ("c", "reduction", "named"),
    [
        (6, "sum", "6 times autograd's (N = 6): multiplied by N where nothing should be"),
        (1 / 6, "mean", "1/6 of autograd's (N = 6): divided by N once too often (the mean of a mean?)"),
    ],
)
def test_another_factor_of_n_is_named(c, reduction, named):
    net, x, d = make((3, 4, 2), "tanh", "regression", 6)
    fn = wrapped(net, scaled(c), reduction)
    assert (
        first(oracle.check_backprop(fn, net, x, d, reduction)).diagnosis
        == f"every element of layer 2 delta is {named}"
    )


def test_scikit_learn_s_mix_under_the_mean():
    net, x, d = make((3, 4, 2), "tanh", "regression", 6)
    fn = wrapped(net, scaled(6, ("delta",)), "mean")  # deltas of the sum, gradients of the mean
    report = oracle.check_backprop(fn, net, x, d, "mean")
    assert [r.where for r in report.rows if not r.passed] == ["layer 2 delta", "layer 1 delta"]
    assert report.rows[0].diagnosis == (
        "the deltas are 6 times autograd's (N = 6) while every dE/dW and dE/db agrees: deltas of the "
        "summed E with gradients of the mean (scikit-learn's mix, which divides only dW and db by N); "
        "the oracle checks one E: return delta / 6 with reduction='mean'"
    )


def test_scikit_learn_s_mix_under_the_sum():
    row = diagnosis(1 / 6, quantities=("W", "b"))
    assert row.where == "layer 2 W"
    assert row.diagnosis.startswith(
        "dE/dW is 1/6 of autograd's (N = 6) while every delta agrees: deltas of the summed E"
    )
    assert row.diagnosis.endswith("with reduction='mean' return delta / 6 too")


def test_a_factor_on_one_quantity_alone_is_no_mix():
    assert diagnosis(1 / 6, quantities=("W",)).diagnosis.startswith("every element of layer 2 W is 1/6")


def test_a_passing_row_never_carries_a_diagnosis():
    net, x, d = make((3, 4, 2), "tanh", "regression", 6)
    fn = wrapped(net, lambda delta, W, b: (delta, W, [b[0], 2 * b[1]]))
    report = oracle.check_backprop(fn, net, x, d)
    assert [(r.where, bool(r.diagnosis)) for r in report.rows if not r.passed] == [("layer 2 b", True)]
    assert all(r.diagnosis == "" for r in report.rows if r.passed)
    assert oracle.check_backprop(refbp_backprop("tanh", "regression"), net, x, d).rows[0].diagnosis == ""


def test_gradients_of_the_mean_without_deltas_checked_as_the_sum_are_no_mix():
    net, x, d = make((3, 4, 2), "tanh", "regression", 6)
    fn = wrapped(net, lambda delta, W, b: (W, b), "mean")  # (W, b): the deltas pass as "not given"
    report = oracle.check_backprop(fn, net, x, d, "sum")
    assert first(report).diagnosis == (
        "every element of layer 2 W is 1/6 of autograd's (N = 6): it looks like the mean of E "
        "while the oracle was asked for the sum; pass reduction='mean'"
    )
    assert not any("scikit-learn" in r.diagnosis for r in report.rows)


@pytest.mark.parametrize(
    ("computed", "checked", "named"),
    [
        ("mean", "sum", "1/6 of autograd's (N = 6): it looks like the mean of E while the oracle was "
         "asked for the sum; pass reduction='mean'"),
        ("sum", "mean", "6 times autograd's (N = 6): it looks like the sum of E while the oracle was "
         "asked for the mean; pass reduction='sum'"),
    ],
)  # fmt: skip
def test_the_loss_row_of_the_other_reduction(computed, checked, named):
    net, x, d = make((3, 4, 2), "tanh", "regression", 6)

    def fn(weights, biases, x, d):  # CS231n's (loss, grads)
        mine = net.with_layers(weights, biases)
        fwd = mine.forward(x)
        g = mine.backward(fwd, d, computed)
        return mine.loss(fwd, d, computed), {"W": g.W, "b": g.b}

    row = first(oracle.check_backprop(fn, net, x, d, checked))
    assert (row.where, row.diagnosis) == ("loss", f"the loss E is {named}")


@pytest.mark.parametrize(
    ("c", "named"),
    [
        (2, "2 times autograd's: a factor 2 too many"),
        (0.5, "1/2 of autograd's: a factor 1/2 too many"),
    ],
)
def test_a_factor_two_without_squared_error_names_no_e12(c, named):
    net, x, d = make((3, 4, 3), "tanh", "multiclass", 6)  # softmax + cross-entropy
    fn = wrapped(net, scaled(c))
    text = first(oracle.check_backprop(fn, net, x, d)).diagnosis
    assert text == (
        f"every element of layer 2 delta is {named}; cross_entropy, unlike squared error, has no 1/2 "
        "to keep or drop: find where the factor enters and remove it"
    )
    assert "E12" not in text


@pytest.mark.parametrize(("quantity", "k"), [("z", 0), ("a", 1)])  # a[0] is x
def test_a_forward_row_off_by_one_over_n_gets_no_reduction_text(quantity, k):
    net, x, d = problem("task=regression", np.float64)  # N = 5
    fn = written(net, form=lambda q: q, plant=off(quantity, k, 1 / 5))
    row = first(oracle.check_backprop(fn, net, x, d))
    assert (row.where, row.diagnosis) == (f"layer 1 {quantity}", "")
