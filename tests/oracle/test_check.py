"""oracle.check: refbp agrees with autograd everywhere, and a planted bug is named.

The planted bugs are the classic mistakes of hand-written back-propagation, put into
refbp itself with monkeypatch; each test asserts that ``check`` fails and that the
first failing row is the layer and quantity where the bug lives.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from nets import cases, make

import refbp
import refbp.mlp
from oracle import assert_matches, check, reference
from oracle.twin.bound import rounding_radii
from oracle.verdict.tolerance import resolve

DEPTHS = {1: (4, 3), 2: (4, 6, 3), 4: (4, 6, 5, 4, 3)}


@pytest.mark.parametrize("task", sorted(refbp.TASKS))
@pytest.mark.parametrize("hidden", sorted(refbp.ACTIVATIONS))
@pytest.mark.parametrize("depth", sorted(DEPTHS))
@pytest.mark.parametrize("n", [1, 16])
def test_refbp_agrees_with_autograd_on_a_grid(task: str, hidden: str, depth: int, n: int) -> None:
    net, x, d = make(DEPTHS[depth], hidden, task, n, seed=depth * n)
    report = check(net, x, d)
    assert report.passed, str(report)
    assert len(report.rows) == 5 * depth + 2


@given(cases())
def test_refbp_agrees_with_autograd_on_random_networks(case: tuple) -> None:
    net, x, d = case
    for reduction in ("sum", "mean"):
        report = check(net, x, d, reduction)
        assert report.passed, str(report)


def test_walking_order_is_forward_loss_canonical_delta_then_backward() -> None:
    net, x, d = make((3, 4, 2), "tanh", "regression", n=2)
    where = [row.where for row in check(net, x, d).rows]
    assert where == [
        "layer 1 z", "layer 1 a", "layer 2 z", "layer 2 a", "loss",
        "layer 2 delta = y - d (autograd)",
        "layer 2 delta", "layer 2 W", "layer 2 b", "layer 1 delta", "layer 1 W", "layer 1 b",
    ]  # fmt: skip


@pytest.mark.parametrize("hidden", ["relu", "leaky_relu"])
def test_relu_exactly_at_its_kink(hidden: str) -> None:
    net, _, d = make((3, 5, 2), hidden, "regression", n=2)
    W, b = list(net.weights), list(net.biases)
    b[0] = np.where(np.arange(5) % 2 == 0, 0.0, b[0])  # units 0, 2, 4 get z = 0 exactly
    net = refbp.MLP(W, b, hidden=hidden, task="regression")
    x = np.zeros((2, 3))
    fwd = net.forward(x)
    assert (fwd.z[0][:, ::2] == 0).all()
    assert check(net, x, d).passed
    slope = 0.0 if hidden == "relu" else 0.01
    g = net.backward(fwd, d)
    np.testing.assert_array_equal(g.delta[0][:, ::2], slope * (g.delta[1] @ W[1])[:, ::2])


@pytest.mark.parametrize("task", sorted(set(refbp.TASKS) - {"poisson"}))  # e^1000 overflows
def test_huge_logits_still_agree(task: str) -> None:
    net, x, d = make((3, 4, 2), "tanh", task, n=3)
    W = list(net.weights)
    W[-1] = W[-1] * 1e4  # |z^(L)| past 710, where exp overflows in float64
    net = refbp.MLP(W, list(net.biases), hidden="tanh", task=task)
    assert np.abs(net.forward(x).z[-1]).max() > 1000
    assert check(net, x, d).passed


# --- planted bugs -------------------------------------------------------------------


def _first(net: refbp.MLP, x: np.ndarray, d: np.ndarray, reduction: str = "sum") -> str:
    report = check(net, x, d, reduction)  # type: ignore[arg-type]
    assert not report.passed
    assert report.first_failure is not None
    return report.first_failure.where


def test_planted_f_prime_dropped_from_one_hidden_delta(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    good = refbp.mlp.hidden_delta

    def forgets_f_prime_once(delta_next: np.ndarray, W_next: np.ndarray, fprime_z: np.ndarray) -> np.ndarray:
        calls.append(1)
        # the second call computes layer L-2 = 2 of a 4-layer net
        return delta_next @ W_next if len(calls) == 2 else good(delta_next, W_next, fprime_z)

    monkeypatch.setattr(refbp.mlp, "hidden_delta", forgets_f_prime_once)
    net, x, d = make((3, 5, 4, 4, 2), "sigmoid", "regression", n=4)
    assert _first(net, x, d) == "layer 2 delta"


@pytest.mark.parametrize("task", ["binary", "multiclass"])
def test_planted_f_prime_multiplied_into_a_canonical_output_delta(
    task: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(refbp.mlp, "output_delta", lambda y, d: (y - d) * y * (1 - y))
    net, x, d = make((3, 4, 3), "tanh", task, n=5)
    assert _first(net, x, d) == "layer 2 delta"


def test_planted_weight_used_without_its_transpose(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(refbp.mlp, "hidden_delta", lambda dn, Wn, fz: (dn @ Wn.T) * fz)
    net, x, d = make((3, 4, 4, 4), "tanh", "regression", n=3)  # square W: same shape, wrong values
    assert _first(net, x, d) == "layer 2 delta"


def test_planted_layer_off_by_one_in_the_weight_gradient(monkeypatch: pytest.MonkeyPatch) -> None:
    # dE/dW^(1) taken with a^(1) where a^(0) = x belongs (square layers keep the shapes)
    net, x, d = make((4, 4, 4, 2), "tanh", "regression", n=3)
    fwd = net.forward(x)
    shifted = refbp.Forward(z=fwd.z, a=[fwd.a[1], *fwd.a[1:]], net=net)
    monkeypatch.setattr(refbp.MLP, "forward", lambda self, x: shifted)
    assert _first(net, x, d) == "layer 1 W"


def test_planted_sum_for_mean(monkeypatch: pytest.MonkeyPatch) -> None:
    good = refbp.MLP.backward
    monkeypatch.setattr(
        refbp.MLP, "backward", lambda self, fwd, d, reduction="sum": good(self, fwd, d, "sum")
    )
    net, x, d = make((3, 4, 2), "relu", "multiclass", n=8)
    assert _first(net, x, d, "mean") == "layer 2 delta"


def test_planted_wrong_activation_derivative(monkeypatch: pytest.MonkeyPatch) -> None:
    tanh = refbp.ACTIVATIONS["tanh"]
    wrong = refbp.Activation("tanh", tanh.f, lambda z, a: 1 - z * z)  # f' from z, not from a
    monkeypatch.setitem(refbp.ACTIVATIONS, "tanh", wrong)
    net, x, d = make((3, 4, 3, 2), "tanh", "binary", n=4)
    assert _first(net, x, d) == "layer 2 delta"


def test_planted_forward_bug_is_found_before_the_backward(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(refbp.mlp, "pre_activation", lambda W, b, a_prev: a_prev @ W.T)  # bias forgotten
    net, x, d = make((3, 4, 2), "tanh", "regression", n=2)
    assert _first(net, x, d) == "layer 1 z"


def test_assert_matches_names_the_layer_and_quantity(monkeypatch: pytest.MonkeyPatch) -> None:
    net, x, d = make((3, 4, 2), "sigmoid", "binary", n=3)
    assert_matches(net, x, d)  # no bug: no exception
    monkeypatch.setattr(refbp.mlp, "bias_grad", lambda delta: 2 * delta.sum(axis=0))
    with pytest.raises(
        AssertionError, match=r"^layer 2 b differs from autograd: 2 / 2 elements mismatched"
    ) as info:
        assert_matches(net, x, d)
    assert "Greatest relative difference: 1.000e+00" in str(info.value)
    assert "(up to 1e-09 allowed)" in str(info.value)


def test_check_refuses_a_non_network() -> None:
    with pytest.raises(TypeError, match=r"net must be a refbp\.MLP"):
        check(object(), np.ones((1, 1)), np.ones((1, 1)))  # type: ignore[arg-type]


def test_a_report_carries_its_case_label() -> None:
    net, x, d = make((3, 4, 2), "tanh", "regression", n=2)
    assert check(net, x, d).case == ""
    report = check(net, x, d, case="tanh 3-4-2")
    assert report.case == "tanh 3-4-2"
    assert report.to_dict()["case"] == "tanh 3-4-2"


def test_assert_matches_applies_its_tol(monkeypatch: pytest.MonkeyPatch) -> None:
    good = refbp.mlp.bias_grad
    monkeypatch.setattr(refbp.mlp, "bias_grad", lambda delta: good(delta) * (1 + 1e-7))  # off by 1e-7
    net, x, d = make((3, 4, 2), "sigmoid", "regression", n=3)
    with pytest.raises(AssertionError, match=r"^layer 2 b differs from autograd: 2 / 2 elements mismatched"):
        assert_matches(net, x, d)
    assert_matches(net, x, d, tol={"rtol": 1e-6})  # the override decides: within 1e-6


def test_float32_mean_allows_the_radius_of_the_mean_not_that_of_the_sum(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the mean divides delta by N and so its rounding radius R: a delta^(L) off by
    # 2 rtol |delta| + 5 R is beyond rtol |delta| + 2 R however refbp itself rounded
    # (within rtol |delta| + 2 R), yet within N times that allowance
    n = 32
    _, x, d = make((3, 4, 2), "tanh", "regression", n=n)
    net = refbp.MLP.init((3, 4, 2), hidden="tanh", task="regression", seed=0, dtype=np.float32)
    x, d = x.astype(np.float32), d.astype(np.float32)
    ref = reference(net, x, d, "mean")
    R = rounding_radii(net, ref, n).delta[-1]
    push = 2 * resolve(np.float32).rtol * np.abs(ref.delta[-1]) + 5 * R
    good = refbp.MLP.backward

    def off(self: refbp.MLP, fwd: refbp.Forward, d: np.ndarray, reduction: str = "sum") -> refbp.Gradients:
        g = good(self, fwd, d, reduction)  # type: ignore[arg-type]
        return refbp.Gradients(delta=[*g.delta[:-1], g.delta[-1] + push], W=g.W, b=g.b)

    assert check(net, x, d, "mean").passed
    monkeypatch.setattr(refbp.MLP, "backward", off)
    report = check(net, x, d, "mean")
    assert [row.where for row in report.rows if not row.passed] == ["layer 2 delta"]
