"""check_backprop and assert_backprop: correct code passes, every planted bug is named."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import asdict

import numpy as np
import pytest
from hypothesis import given
from nets import cases, make
from rows import unmeasured_json

import oracle
import refbp
from oracle.backprop.protocol import unpack


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


@pytest.mark.parametrize("task", sorted(refbp.TASKS))
@pytest.mark.parametrize("hidden", ["sigmoid", "relu"])
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_a_correct_implementation_passes(task, hidden, reduction):
    net, x, d = make((3, 5, 4, 2), hidden, task, 7)
    report = oracle.check_backprop(refbp_backprop(hidden, task, reduction), net, x, d, reduction, case="c")
    assert report.passed, report
    assert [(r.layer, r.quantity) for r in report.rows] == [
        (l, q) for l in (3, 2, 1) for q in ("delta", "W", "b")
    ]
    assert report.case == "c"


@given(cases(max_depth=3, max_width=6, max_batch=8))
def test_random_networks_pass(case):
    net, x, d = case
    assert oracle.check_backprop(refbp_backprop(net.hidden, net.task), net, x, d).passed


@dataclasses.dataclass
class Grads:
    delta: list
    dW: list  # noqa: N815 (the name a user would pick)
    db: list


@pytest.mark.parametrize(
    "form",
    [
        lambda delta, W, b: [delta, W, b],
        lambda delta, W, b: {"delta": delta, "W": W, "b": b},
        lambda delta, W, b: {"delta": delta, "dW": W, "db": b},
        lambda delta, W, b: Grads(delta, W, b),
        lambda delta, W, b: refbp.Gradients(delta=delta, W=W, b=b),
        lambda delta, W, b: ([*delta], tuple(W), [v.tolist() for v in b]),
    ],
    ids=["list", "dict", "dict dW db", "dataclass", "refbp.Gradients", "lists of lists"],
)
def test_every_return_form_is_accepted(form):
    net, x, d = make((4, 3, 2), "tanh", "regression", 5)
    assert oracle.check_backprop(wrapped(net, form), net, x, d).passed


FORMS = "; return (delta, W, b), a dict with keys 'delta', 'W', 'b', or an object with those attributes"


@pytest.mark.parametrize(
    ("out", "message"),
    [
        (({}, [], [], []), "fn must return three lists (delta, W, b), got a tuple of 4"),
        ([[], []], "fn must return three lists (delta, W, b), got a list of 2"),
        ({"delta": [], "W": []}, "fn returned a dict without 'b' or 'db'" + FORMS),
        ({"delta": [], "b": []}, "fn returned a dict without 'W' or 'dW'" + FORMS),
        (object(), "fn returned a object without 'delta'" + FORMS),
        (None, "fn returned a NoneType without 'delta'" + FORMS),
    ],
)
def test_a_return_value_outside_the_protocol_is_a_type_error(out, message):
    net, x, d = make((2, 2), "identity", "regression", 1)
    with pytest.raises(TypeError, match=f"^{re.escape(message)}$"):
        oracle.check_backprop(lambda *args: out, net, x, d)


def first(report):
    row = report.first_failure
    assert row is not None, report
    return row


def test_a_list_of_the_wrong_length_is_named():
    net, x, d = make((3, 4, 2), "sigmoid", "binary", 3)
    row = first(oracle.check_backprop(wrapped(net, lambda delta, W, b: (delta, W[1:], b)), net, x, d))
    assert (row.layer, row.quantity) == (None, "W")
    assert "returned 1 arrays, expected 2" in row.explain()
    assert "input layer" not in row.explain()


def test_a_list_with_the_input_layer_gets_a_hint():
    net, x, d = make((3, 4, 2), "sigmoid", "binary", 3)
    row = first(oracle.check_backprop(wrapped(net, lambda delta, W, b: ([x, *delta], W, b)), net, x, d))
    assert row.quantity == "delta"
    assert "did it include the input layer 0?" in row.explain()


def test_a_broken_return_is_a_report_of_whole_network_rows_that_fail():
    net, x, d = make((3, 4, 2), "sigmoid", "binary", 3)
    fn = wrapped(net, lambda delta, W, b: ([x, *delta], W[1:], None))
    report = oracle.check_backprop(fn, net, x, d, case="c")
    tol = asdict(oracle.tolerance_for(np.float64))  # the report's: the table's float64 entry

    per_layer = "expected 2: one per layer, position k is layer k + 1"
    layer_0 = "(did it include the input layer 0?)"
    assert report.to_dict() == {
        "case": "c",
        "passed": False,
        "first_failure": "delta",
        "tolerance": tol,
        "rows": [
            unmeasured_json("delta", f"fn returned 3 arrays, {per_layer} {layer_0}"),
            unmeasured_json("W", f"fn returned 1 arrays, {per_layer}"),
            unmeasured_json("b", "is a NoneType, expected a list of 2"),
        ],
    }
    assert [(r.max_abs, r.max_rel) for r in report.rows] == [(np.inf, np.inf)] * 3
    cells = ["-", "delta", "inf", "inf", "rtol=1e-09,", "atol=1e-12", "FAIL"]  # no R: no "+ 2R"
    assert str(report).splitlines()[1].split() == ["c", *cells]


def test_a_report_without_a_case_has_an_empty_case():
    net, x, d = make((3, 2), "sigmoid", "regression", 2)
    assert oracle.check_backprop(refbp_backprop("sigmoid", "regression"), net, x, d).case == ""
    assert oracle.check_backprop(lambda *args: ([], [], []), net, x, d).case == ""


@pytest.mark.parametrize("bad", [None, "ab", 3.0])
def test_a_quantity_that_is_not_a_list_is_named(bad):
    net, x, d = make((3, 2), "sigmoid", "regression", 2)
    row = first(oracle.check_backprop(wrapped(net, lambda delta, W, b: (delta, W, bad)), net, x, d))
    assert row.explain().startswith(f"b: is a {type(bad).__name__}, expected a list of 1")


def test_an_element_that_is_not_numbers_is_named():
    net, x, d = make((3, 4, 2), "sigmoid", "regression", 2)
    row = first(oracle.check_backprop(wrapped(net, lambda delta, W, b: (delta, [W[0], "W2"], b)), net, x, d))
    assert row.where == "layer 2 W"
    assert row.explain() == "layer 2 W: has dtype <U2, not real numbers; return a float array"


def test_a_transposed_weight_gradient_is_named_with_its_shape():
    net, x, d = make((3, 5, 2), "tanh", "regression", 4)
    fn = wrapped(net, lambda delta, W, b: (delta, [W[0], W[1].T], b))
    row = first(oracle.check_backprop(fn, net, x, d))
    assert row.explain() == "layer 2 W: has shape (5, 2), expected (2, 5) (is it transposed?)"


def test_a_transposed_square_weight_gradient_is_named_by_its_values():
    net, x, d = make((3, 4, 4, 2), "tanh", "regression", 4)
    fn = wrapped(net, lambda delta, W, b: (delta, [W[0], W[1].T, W[2]], b))
    row = first(oracle.check_backprop(fn, net, x, d))
    assert row.explain() == "layer 2 W: equals autograd's dE/dW transposed (is it transposed?)"


def test_only_the_w_row_gets_the_transpose_hint():
    net, x, d = make((3, 4, 4, 2), "tanh", "regression", 4)
    fn = wrapped(net, lambda delta, W, b: (delta, [W[0], W[1].T, W[2]], [b[0], 2 * b[1], b[2]]))
    rows = {row.where: row for row in oracle.check_backprop(fn, net, x, d).rows}
    assert [where for where, row in rows.items() if not row.passed] == ["layer 2 W", "layer 2 b"]
    assert rows["layer 2 W"].note == "equals autograd's dE/dW transposed (is it transposed?)"
    assert [row.note for where, row in rows.items() if where != "layer 2 W"] == [""] * 8
    assert rows["layer 2 b"].explain().startswith("layer 2 b differs from autograd: 4 / 4 elements")


def test_a_wrong_square_weight_gradient_gets_no_transpose_hint():
    net, x, d = make((3, 4, 4, 2), "tanh", "regression", 4)
    fn = wrapped(net, lambda delta, W, b: (delta, [W[0], 2 * W[1], W[2]], b))
    row = first(oracle.check_backprop(fn, net, x, d))
    assert row.where == "layer 2 W"
    assert "transposed" not in row.explain()
    assert "differs from autograd" in row.explain()


@pytest.mark.parametrize("quantity", ["delta", "W", "b"])
@pytest.mark.parametrize("layer", [1, 2, 3])
def test_a_small_error_anywhere_is_named(layer, quantity):
    net, x, d = make((3, 4, 5, 2), "softplus", "multiclass", 6)

    def plant(delta, W, b):
        lists = {"delta": list(delta), "W": list(W), "b": list(b)}
        lists[quantity][layer - 1] = lists[quantity][layer - 1] * (1 + 1e-7)
        return lists["delta"], lists["W"], lists["b"]

    row = first(oracle.check_backprop(wrapped(net, plant), net, x, d))
    assert row.where == f"layer {layer} {quantity}"


def test_a_sum_is_not_a_mean():
    net, x, d = make((3, 4, 2), "relu", "regression", 5)
    row = first(oracle.check_backprop(refbp_backprop("relu", "regression", "sum"), net, x, d, "mean"))
    assert row.where == "layer 2 delta"


def test_fn_cannot_spoil_the_network_or_the_data():
    net, x, d = make((3, 4, 2), "sigmoid", "regression", 5)
    W0, x0, d0 = net.weights[0].copy(), x.copy(), d.copy()
    correct = refbp_backprop("sigmoid", "regression")

    def vandal(weights, biases, x_in, d_in):
        out = correct(weights, biases, x_in, d_in)
        for arr in (*weights, *biases, x_in, d_in):
            arr[...] = 0
        return out

    assert oracle.check_backprop(vandal, net, x, d).passed
    np.testing.assert_array_equal(net.weights[0], W0)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(d, d0)


def test_fn_gets_one_hot_float_targets_for_labels():
    net, x, _ = make((3, 4, 3), "tanh", "multiclass", 5)
    labels = np.array([0, 2, 1, 1, 0])
    seen = {}
    correct = refbp_backprop("tanh", "multiclass")

    def spy(weights, biases, x_in, d_in):
        seen["d"] = d_in
        return correct(weights, biases, x_in, d_in)

    assert oracle.check_backprop(spy, net, x, labels).passed
    np.testing.assert_array_equal(seen["d"], np.eye(3)[labels])


def test_a_float32_network_is_held_to_the_float32_tolerance():
    net64, x, d = make((3, 4, 2), "tanh", "regression", 5)
    net = refbp.MLP(
        [w.astype(np.float32) for w in net64.weights],
        [b.astype(np.float32) for b in net64.biases],
        hidden="tanh",
        task="regression",
    )
    report = oracle.check_backprop(
        refbp_backprop("tanh", "regression"), net, x.astype(np.float32), d.astype(np.float32)
    )
    assert report.passed, report
    assert {row.tolerance for row in report.rows} == {oracle.tolerance_for(np.float32)}


def test_a_mean_is_judged_with_the_radii_of_a_mean():
    """refbp itself under the protocol gets exactly oracle.check's backward rows (float32: R matters)."""
    net64, x, d = make((3, 4, 2), "tanh", "regression", 6)
    net = refbp.MLP(
        [w.astype(np.float32) for w in net64.weights],
        [b.astype(np.float32) for b in net64.biases],
        hidden="tanh",
        task="regression",
    )
    x, d = x.astype(np.float32), d.astype(np.float32)
    rows = oracle.check_backprop(refbp_backprop("tanh", "regression", "mean"), net, x, d, "mean").rows
    assert rows == oracle.check(net, x, d, "mean").rows[-len(rows) :]
    assert min(row.bound_ratio for row in rows) > 0


@pytest.mark.parametrize(
    ("fn", "net", "message"),
    [
        (None, refbp.MLP.init((2, 1)), "fn must be a callable fn(weights, biases, x, d), got NoneType"),
        (lambda *a: None, "net", "net must be a refbp.MLP, got str"),
    ],
)
def test_bad_arguments_are_type_errors(fn, net, message):
    with pytest.raises(TypeError, match=f"^{re.escape(message)}$"):
        oracle.check_backprop(fn, net, np.zeros((1, 2)), np.zeros((1, 1)))


def test_assert_backprop_raises_naming_layer_and_quantity():
    net, x, d = make((3, 4, 2), "sigmoid", "binary", 3)
    oracle.assert_backprop(refbp_backprop("sigmoid", "binary"), net, x, d)
    bad = wrapped(net, lambda delta, W, b: (delta, W, [b[0], -b[1]]))
    with pytest.raises(AssertionError, match=r"^layer 2 b differs from autograd"):
        oracle.assert_backprop(bad, net, x, d)


def test_assert_backprop_takes_the_reduction():
    net, x, d = make((3, 4, 2), "sigmoid", "binary", 3)
    oracle.assert_backprop(refbp_backprop("sigmoid", "binary", "mean"), net, x, d, "mean")
    with pytest.raises(AssertionError, match=r"^layer 2 delta differs from autograd"):
        oracle.assert_backprop(refbp_backprop("sigmoid", "binary", "sum"), net, x, d, "mean")


def test_unpack_takes_a_tuple_apart():
    assert unpack(([1], [2], [3])) == ([1], [2], [3])
