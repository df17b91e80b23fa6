"""check_backprop and assert_backprop: correct code passes, every planted bug is named.

What fn is given and what it may return: test_backprop_protocol.py.
"""

from __future__ import annotations

import numpy as np
import pytest
from backprop_fns import first, refbp_backprop, wrapped
from hypothesis import given
from nets import cases, make

import oracle
import refbp


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


def test_a_report_without_a_case_has_an_empty_case():
    net, x, d = make((3, 2), "sigmoid", "regression", 2)
    assert oracle.check_backprop(refbp_backprop("sigmoid", "regression"), net, x, d).case == ""
    assert oracle.check_backprop(lambda *args: ([], [], []), net, x, d).case == ""


@given(cases(max_depth=3, max_width=6, max_batch=8))
def test_random_networks_pass(case):
    net, x, d = case
    assert oracle.check_backprop(refbp_backprop(net.hidden, net.task), net, x, d).passed


def test_a_transposed_square_weight_gradient_is_named_by_its_values():
    net, x, d = make((3, 4, 4, 2), "tanh", "regression", 4)
    fn = wrapped(net, lambda delta, W, b: (delta, [W[0], W[1].T, W[2]], b))
    row = first(oracle.check_backprop(fn, net, x, d))
    assert row.explain().startswith("layer 2 W differs from autograd: ")
    assert row.explain().endswith(
        "\nDiagnosis: dE/dW^(2) equals autograd's transposed; the out_in layout takes (n_l, n_{l-1}), "
        "delta.T @ a_prev (E10): return it transposed"
    )


def test_only_the_w_row_gets_the_transpose_diagnosis():
    net, x, d = make((3, 4, 4, 2), "tanh", "regression", 4)
    fn = wrapped(net, lambda delta, W, b: (delta, [W[0], W[1].T, W[2]], [b[0], 2 * b[1], b[2]]))
    rows = {row.where: row for row in oracle.check_backprop(fn, net, x, d).rows}
    assert [where for where, row in rows.items() if not row.passed] == ["layer 2 W", "layer 2 b"]
    assert rows["layer 2 W"].diagnosis.startswith("dE/dW^(2) equals autograd's transposed")
    assert rows["layer 2 b"].diagnosis.startswith("every element of layer 2 b is 2 times autograd's")
    assert [row.diagnosis for where, row in rows.items() if where not in ("layer 2 W", "layer 2 b")] == [
        ""
    ] * 7
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


def float32_problem(n: int):
    """A float32 regression network (3, 4, 2) and float64 (x, d) of n rows."""
    net64, x, d = make((3, 4, 2), "tanh", "regression", n)
    return (
        net64.with_layers(
            [w.astype(np.float32) for w in net64.weights], [b.astype(np.float32) for b in net64.biases]
        ),
        x,
        d,
    )


def test_a_float32_network_is_held_to_the_float32_tolerance():
    net, x, d = float32_problem(5)
    report = oracle.check_backprop(
        refbp_backprop("tanh", "regression"), net, x.astype(np.float32), d.astype(np.float32)
    )
    assert report.passed, report
    assert {row.tolerance for row in report.rows} == {oracle.tolerance_for(np.float32)}


def test_a_mean_is_judged_with_the_radii_of_a_mean():
    """refbp itself under the protocol gets exactly oracle.check's backward rows (float32: R matters)."""
    net, x, d = float32_problem(6)
    x, d = x.astype(np.float32), d.astype(np.float32)
    rows = oracle.check_backprop(refbp_backprop("tanh", "regression", "mean"), net, x, d, "mean").rows
    assert rows == oracle.check(net, x, d, "mean").rows[-len(rows) :]
    assert min(row.bound_ratio for row in rows) > 0


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
