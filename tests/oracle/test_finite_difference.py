"""oracle.witnesses.finite_difference: refbp against central differences, with no torch at all.

This file must import neither torch nor sympy: tox's notorch env runs it.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from nets import cases, make

import refbp
from oracle.verdict.compare import Row
from oracle.verdict.tolerance import FINITE_DIFFERENCE
from oracle.verdict.tolerance import finite_difference_tolerance as fd_tolerance
from oracle.witnesses.finite_difference import EPS, check_finite_differences, finite_difference

NONCANONICAL = [
    ("sigmoid", "squared_error"),
    ("tanh", "squared_error"),
    ("softmax", "squared_error"),
    ("exp", "squared_error"),
    ("softmax", "cross_entropy"),
]


@pytest.mark.parametrize("task", sorted(refbp.TASKS))
@pytest.mark.parametrize("hidden", sorted(refbp.ACTIVATIONS))
def test_refbp_agrees_with_finite_differences(task: str, hidden: str) -> None:
    net, x, d = make((3, 4, 3), hidden, task, n=5, seed=7)
    report = check_finite_differences(net, x, d, "mean")
    assert report.passed, report.first_failure.explain()  # type: ignore[union-attr]
    assert all("kink" not in row.quantity for row in report.rows)  # away from ReLU's kink


@pytest.mark.parametrize(("output", "loss"), NONCANONICAL)
def test_noncanonical_pairs_agree_with_finite_differences(output: str, loss: str, rng) -> None:
    net = refbp.MLP.init((3, 4, 3), hidden="tanh", output=output, loss=loss, seed=3)
    x, d = rng.normal(size=(5, 3)), rng.uniform(0.1, 1, size=(5, 3))  # rows do not sum to 1
    assert check_finite_differences(net, x, d).passed


@given(cases(max_depth=3, max_width=5, max_batch=6))
def test_random_networks_agree_with_finite_differences(case) -> None:
    net, x, d = case
    assert check_finite_differences(net, x, d).passed


def test_layout_matches_refbps_gradients_and_float32_is_differenced_in_float64() -> None:
    net, x, d = make((2, 3, 2), "sigmoid", "binary", n=4, seed=1)
    net32 = refbp.MLP([w.astype(np.float32) for w in net.weights], [b.astype(np.float32) for b in net.biases],
                      hidden="sigmoid", task="binary")  # fmt: skip
    fd = finite_difference(net32, x.astype(np.float32), d.astype(np.float32))
    grads = refbp.backprop(net, x, d)
    assert [w.shape for w in fd.W] == [w.shape for w in grads.W]
    assert fd.eps == EPS
    assert all(w.dtype == np.float64 for w in fd.W + fd.b)
    assert fd.kinks == 0
    for got, want in zip(fd.W + fd.b, grads.W + grads.b, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-4)  # float32 weights: differenced in float64


def bug_drop_hidden_fprime(delta_next, W_next, fprime_z):
    return delta_next @ W_next  # f' dropped from E9


def bug_add_output_fprime(y, d):
    return (y - d) * y * (1 - y)  # f' added to a canonical output delta (sigmoid + BCE)


@pytest.mark.parametrize(
    ("target", "bug", "layer"),
    [
        ("refbp.mlp.hidden_delta", bug_drop_hidden_fprime, 1),
        ("refbp.mlp.output_delta", bug_add_output_fprime, 2),
    ],
)
def test_a_planted_bug_fails_and_names_the_layer(monkeypatch, target, bug, layer) -> None:
    net, x, d = make((3, 4, 2), "tanh", "binary", n=6, seed=5)
    monkeypatch.setattr(target, bug)
    report = check_finite_differences(net, x, d, case="planted")
    assert report.case == "planted"
    first = report.first_failure
    assert first is not None
    assert first.where == f"layer {layer} W"
    assert f"layer {layer} W differs from finite differences" in first.explain()


def test_quotients_across_a_relu_kink_are_left_out() -> None:
    W = [np.array([[1.0, -1.0]]), np.array([[2.0]])]
    b = [np.array([0.0]), np.array([0.5])]
    net = refbp.MLP(W, b, hidden="relu")
    x, d = np.array([[1.0, 1.0], [2.0, 1.0]]), np.array([[0.3], [0.1]])  # z = 0 for the first row
    fd = finite_difference(net, x, d)
    assert fd.kinks == 3  # W^(1) (both) and b^(1) move that z across 0
    report = check_finite_differences(net, x, d)
    assert report.passed
    assert [row.quantity for row in report.rows] == [
        "W",
        "b",
        "W, 2 at a kink left out",
        "b, 1 at a kink left out",
    ]
    # y = (0.5, 2.5), E = (0.2^2 + 2.4^2) / 2 = 2.9: atol is FINITE_DIFFERENCE's times |E|
    tol = report.rows[0].tolerance
    assert {row.tolerance for row in report.rows} == {tol}
    assert tol.atol == pytest.approx(2.9 * FINITE_DIFFERENCE.atol, rel=1e-12)
    assert tol.rtol == FINITE_DIFFERENCE.rtol
    for row in report.rows[2:]:  # every entry at a kink: a passing row that compared nothing
        assert row == Row(1, row.quantity, 0.0, 0.0, tol, True, witness="finite differences")


def kink_net(z: list[float]) -> tuple[refbp.MLP, np.ndarray, np.ndarray]:
    """A ReLU net whose hidden z^(1) = x = ``z`` (W^(1) = I, b^(1) = 0): a nudge of b^(1)_j
    by h = EPS moves z_j across 0 exactly when |z_j| < h."""
    n = len(z)
    net = refbp.MLP([np.eye(n), np.ones((1, n))], [np.zeros(n), np.zeros(1)], hidden="relu")
    return net, np.array([z]), np.array([[0.25]])


def test_a_kink_is_where_either_nudge_moves_z_across_zero() -> None:
    fd = finite_difference(*kink_net([0.5 * EPS, -0.5 * EPS, 1.5 * EPS, -1.5 * EPS]))
    # b^(1): +h moves -0.5h up across 0, -h moves 0.5h down; 1.5h is beyond either step
    np.testing.assert_array_equal(fd.b_kink[0], [True, True, False, False])
    assert not fd.W_kink[0].any()  # (1 +- h) z keeps the sign of z
    assert fd.kinks == 2


def test_a_row_with_some_entries_at_a_kink_compares_the_rest() -> None:
    net, x, d = kink_net([0.5 * EPS, 0.5])
    rows = check_finite_differences(net, x, d).rows
    assert [row.quantity for row in rows] == ["W", "b", "W", "b, 1 at a kink left out"]
    assert rows[3].passed
    assert rows[3].size == 1  # b^(1)_2 only


def test_a_large_parameter_is_nudged_by_a_step_relative_to_it() -> None:
    # z = W x with W = 1e6, x = 1e-6: z = 1, E = (z - d)^2 / 2, dE/dW = (z - d) x = 1e-6.
    # A step of EPS alone would vanish in W's rounding (ulp(1e6) ~ 1.2e-10 > EPS).
    net = refbp.MLP([np.array([[1e6]])], [np.array([0.0])])
    fd = finite_difference(net, np.array([[1e-6]]), np.array([[0.0]]))
    assert fd.W[0][0, 0] == pytest.approx(1e-6, rel=1e-7)
    assert fd.b[0][0] == pytest.approx(1.0, rel=1e-9)


def test_the_loss_is_the_mean_when_asked() -> None:
    net = refbp.MLP([np.array([[2.0]])], [np.array([1.0])])  # y = 2 x + 1
    x, d = np.array([[0.0], [1.0]]), np.array([[0.0], [1.0]])  # errors 1 and 2
    assert finite_difference(net, x, d).loss == pytest.approx(2.5, rel=1e-12)  # (1 + 4) / 2
    assert finite_difference(net, x, d, "mean").loss == pytest.approx(1.25, rel=1e-12)


def test_the_witness_says_when_it_checked_a_float64_copy() -> None:
    net, x, d = make((2, 2), "tanh", "regression", n=2, seed=1)
    report = check_finite_differences(net, x, d)
    assert report.case == ""
    assert {row.witness for row in report.rows} == {"finite differences"}
    net32 = net.with_layers(
        [w.astype(np.float32) for w in net.weights], [b.astype(np.float32) for b in net.biases]
    )
    report32 = check_finite_differences(net32, x.astype(np.float32), d.astype(np.float32))
    assert {row.witness for row in report32.rows} == {"finite differences (float64 copy of the float32 net)"}


def test_tolerance_scales_with_E() -> None:
    assert fd_tolerance(0.5) == FINITE_DIFFERENCE
    assert fd_tolerance(-300.0).atol == 300 * FINITE_DIFFERENCE.atol


def test_bad_arguments_are_refused() -> None:
    net, x, d = make((2, 1), "tanh", "regression", n=1)
    with pytest.raises(TypeError, match=r"^net must be a refbp\.MLP, got str$"):
        finite_difference("net", x, d)  # type: ignore[arg-type]
    message = r"^eps must lie in \[2\.22e-16, 1\) \(float64's eps to 1\), the relative step; got "
    for eps in (0.0, 1e-17, 1.0, float("nan"), 10**400):  # below u, theta +- h rounds to theta: 0 / 0
        shown = "inf" if eps == 10**400 else str(eps)  # an int beyond float64's range
        with pytest.raises(ValueError, match=message + shown + "$"):
            finite_difference(net, x, d, eps=eps)
    for eps, kind in (("1e-5", "str"), (True, "bool"), (None, "NoneType")):
        with pytest.raises(TypeError, match=rf"^eps must be a real number, the relative step; got {kind}$"):
            finite_difference(net, x, d, eps=eps)  # type: ignore[arg-type]
    u = float(np.finfo(np.float64).eps)  # the least step allowed, and the documented bound
    assert finite_difference(net, x, d, eps=u).eps == u
    assert finite_difference(net, x, d, eps=np.float32(1e-5)).eps == pytest.approx(1e-5)
    with pytest.raises(ValueError, match="x must"):
        finite_difference(net, x[0], d)
