"""check_backprop's protocol: what fn is given, the forms it may return, and returns outside them.

A return outside the protocol is a report whose failing rows say what came (never a raise);
check_backprop's own arguments of the wrong type are TypeErrors.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import asdict

import numpy as np
import pytest
from backprop_fns import first, refbp_backprop, wrapped
from nets import make
from rows import unmeasured_json

import oracle
import refbp
from oracle.backprop.conventions import Conventions
from oracle.backprop.returns import Returned, recognise


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


FORMS = (
    "; return (delta, W, b), (W, b), (nabla_b, nabla_w) or (loss, grads), a dict with keys 'W', 'b' "
    "(or 'dW', 'db', or 'W1', 'b1', ...; optionally 'delta', 'z', 'a', 'E'), "
    "or an object with those attributes"
)


@pytest.mark.parametrize(
    ("out", "message"),
    [
        (({}, [], [], []), "fn returned a tuple of 4" + FORMS),
        ([[]], "fn returned a list of 1" + FORMS),
        ({"delta": [], "W": []}, "fn returned a dict without 'b' or 'db' (or b1)" + FORMS),
        ({"delta": [], "b": []}, "fn returned a dict without 'W' or 'dW' (or W1)" + FORMS),
        (object(), "fn returned a object without 'W' or 'dW' (or W1)" + FORMS),
        (None, "fn returned a NoneType without 'W' or 'dW' (or W1)" + FORMS),
    ],
)
def test_a_return_value_outside_the_protocol_is_a_failing_row(out, message):
    net, x, d = make((2, 2), "identity", "regression", 1)
    report = oracle.check_backprop(lambda *args: out, net, x, d)
    assert [row.where for row in report.rows] == ["returned"]
    assert report.first_failure.explain() == f"returned: {message}"
    assert report.recognised == ""


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
            dict(
                unmeasured_json("delta", f"fn returned 3 arrays, {per_layer} {layer_0}"),
                diagnosis="entries 1..2 of the delta list are autograd's layers 1..2: the first entry "
                "(position 0) is one too many, the input layer's; return delta[1:]",
            ),
            unmeasured_json("W", f"fn returned 1 arrays, {per_layer}"),
            unmeasured_json("b", "is a NoneType, expected a list of 2"),
        ],
        "recognised": "a tuple (delta, W, b) (out_in)",
    }
    assert report.recognised == "a tuple (delta, W, b) (out_in)"
    assert [(r.max_abs, r.max_rel) for r in report.rows] == [(np.inf, np.inf)] * 3
    cells = ["-", "delta", "inf", "inf", "rtol=1e-09,", "atol=1e-12", "FAIL"]  # no R: no "+ 2R"
    assert str(report).splitlines()[0] == "fn returned a tuple (delta, W, b) (out_in)"
    assert str(report).splitlines()[2].split() == ["c", *cells]


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
    assert row.explain() == (
        "layer 2 W: has shape (5, 2), expected (2, 5) (is it transposed?)\n"
        "Diagnosis: dE/dW^(2) equals autograd's transposed; the out_in layout takes (n_l, n_{l-1}), "
        "delta.T @ a_prev (E10): return it transposed"
    )


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


def test_recognise_takes_a_tuple_apart():
    net = refbp.MLP.init((2, 1))
    assert recognise(([1], [2], [3]), net, Conventions()) == Returned(
        {"delta": [1], "W": [2], "b": [3]}, None, "a tuple (delta, W, b)"
    )
