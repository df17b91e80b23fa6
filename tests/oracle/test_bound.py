"""The float32 tolerance: never fails on correct code, still catches planted bugs.

refbp runs in float32 and is compared with autograd in float64 under the derived
bound of ``oracle.twin.bound`` (the float32 row of ``oracle.verdict.tolerance``). Over 1,000
hypothesis examples every correct check passes, and every planted bug whose effect is
visible (it moves some delta, dW or db by more than VISIBLE of that quantity's largest
element, measured in float64) makes the check fail.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nets import make

import oracle
import refbp
from oracle.twin.autograd import reference
from oracle.twin.bound import U32, rounding_radii
from refbp import Forward, Gradients, bias_grad, hidden_delta, output_delta, weight_grad
from refbp.types import Reduction

VISIBLE = 1e-3
"""A bug is visible when it moves some element by more than this x the quantity's max."""


class Planted(refbp.MLP):
    """refbp's backward with one classic bug planted (``bug`` names it)."""

    bug = ""

    def backward(self, fwd: Forward, d: np.ndarray, reduction: Reduction = "sum") -> Gradients:
        d = self.prepare_target(d, len(fwd.y))
        y, L = fwd.y, len(self.weights)
        delta = [output_delta(y, d)]
        if self.bug == "f' added to the output delta":
            delta[0] = delta[0] * (y * (1 - y) if self.task != "regression" else 2 * np.ones_like(y))
        if reduction == "mean":
            delta[0] = delta[0] / len(d)
        for l in range(L - 1, 0, -1):
            fz = self.activation.fprime(fwd.z[l - 1], fwd.a[l])
            if self.bug == "f' dropped from a hidden delta":
                fz = np.ones_like(fz)
            delta.insert(0, hidden_delta(delta[0], self.weights[l], fz))
        if self.bug == "delta^(L) off by 0.4%":
            delta[-1] = delta[-1] * np.float32(1 + 2**-8)
        W = [weight_grad(delta[k], fwd.a[k]) for k in range(L)]
        return Gradients(delta=delta, W=W, b=[bias_grad(dl) for dl in delta])


BUGS = ("f' dropped from a hidden delta", "f' added to the output delta", "delta^(L) off by 0.4%")


def planted(net: refbp.MLP, bug: str) -> Planted:
    out = Planted(net.weights, net.biases, hidden=net.hidden, task=net.task)
    object.__setattr__(out, "bug", bug)
    return out


def to_float32(net: refbp.MLP, x: np.ndarray, d: np.ndarray) -> tuple[refbp.MLP, np.ndarray, np.ndarray]:
    """The same network and batch rounded to float32 (probability rows renormalised there)."""
    net32 = refbp.MLP(
        [w.astype(np.float32) for w in net.weights],
        [b.astype(np.float32) for b in net.biases],
        hidden=net.hidden,
        task=net.task,
    )
    d32 = d.astype(np.float32)
    if net.task == "multiclass":
        d32 /= d32.sum(axis=1, keepdims=True)
    return net32, x.astype(np.float32), d32


def visible(net: refbp.MLP, bug: str, x: np.ndarray, d: np.ndarray, reduction: Reduction) -> bool:
    """Whether ``bug`` moves a gradient of ``net`` (float64) by more than VISIBLE of its max."""
    net64 = refbp.MLP([w.astype(np.float64) for w in net.weights], [b.astype(np.float64) for b in net.biases],
                      hidden=net.hidden, task=net.task)  # fmt: skip
    x64, d64 = x.astype(np.float64), d.astype(np.float64)
    if net.task == "multiclass":
        d64 /= d64.sum(axis=1, keepdims=True)
    good = refbp.backprop(net64, x64, d64, reduction)
    bad = refbp.backprop(planted(net64, bug), x64, d64, reduction)
    pairs = zip([*good.delta, *good.W, *good.b], [*bad.delta, *bad.W, *bad.b], strict=True)
    return any(np.abs(g - b).max() > VISIBLE * np.abs(g).max() for g, b in pairs)


@st.composite
def float32_cases(draw: st.DrawFn) -> tuple[refbp.MLP, np.ndarray, np.ndarray, Reduction, str]:
    """Depth 1-4, widths 1-8, batch 1-8, every task and activation, in float32, with a bug."""
    task = draw(st.sampled_from(sorted(refbp.TASKS)))
    hidden = draw(st.sampled_from(sorted(refbp.ACTIVATIONS)))
    depth = draw(st.integers(1, 4))
    sizes = draw(st.lists(st.integers(1, 8), min_size=depth + 1, max_size=depth + 1))
    if task == "multiclass":
        sizes[-1] = max(sizes[-1], 2)
    n = draw(st.integers(1, 8))
    net, x, d = make(tuple(sizes), hidden, task, n, draw(st.integers(0, 2**32 - 1)))
    reduction: Reduction = draw(st.sampled_from(["sum", "mean"]))
    return (*to_float32(net, x, d), reduction, draw(st.sampled_from(BUGS)))


@settings(max_examples=1000)
@given(float32_cases())
def test_float32_bound_passes_correct_code_and_fails_visible_bugs(
    case: tuple[refbp.MLP, np.ndarray, np.ndarray, Reduction, str],
) -> None:
    net, x, d, reduction, bug = case
    report = oracle.check(net, x, d, reduction)
    assert report.passed, report.first_failure.explain()  # type: ignore[union-attr]
    if visible(net, bug, x, d, reduction):
        assert not oracle.check(planted(net, bug), x, d, reduction).passed, bug


FIXED = [(task, hidden) for task in sorted(refbp.TASKS) for hidden in ("sigmoid", "tanh", "softplus")]


@pytest.mark.parametrize(("task", "hidden"), FIXED)
@pytest.mark.parametrize("bug", BUGS)
def test_every_planted_bug_is_visible_and_caught_on_a_plain_net(task: str, hidden: str, bug: str) -> None:
    net, x, d = to_float32(*make((4, 6, 5, 3), hidden, task, 7, seed=11))
    assert visible(net, bug, x, d, "mean")  # so the hypothesis test's implication is not vacuous
    report = oracle.check(planted(net, bug), x, d, "mean")
    assert not report.passed
    assert "Derived rounding bound exceeded" in report.first_failure.explain()  # type: ignore[union-attr]


def test_a_plain_relative_tolerance_would_fail_correct_float32_code() -> None:
    """Why R is needed: elements near 0 (their terms cancel) carry the terms' rounding."""
    worst = 0.0
    for seed in range(20):
        net, x, d = to_float32(*make((8, 16, 16, 4), "tanh", "regression", 16, seed=seed))
        ref = reference(net, x, d)
        fwd = net.forward(x)
        R = rounding_radii(net, ref, 1)
        rel = np.abs(fwd.z[1] - ref.z[1]) / np.abs(ref.z[1])
        worst = max(worst, float(rel.max()))
        assert np.all(np.abs(fwd.z[1] - ref.z[1]) <= 2 * R.z[1])
    assert worst > 64 * U32  # an elementwise rtol of 64 u would have failed correct code


def test_the_float32_row_states_its_bound() -> None:
    tol = oracle.tolerance_for(np.float32)
    assert tol.bound == 2.0
    assert tol.rtol == 4 * U32
    assert str(tol).endswith("+ 2R")
    assert oracle.tolerance_for(np.float64).bound == 2.0  # the same radius at u = 2^-53


def test_assert_matches_explains_a_float32_failure() -> None:
    net, x, d = to_float32(*make((4, 6, 3), "tanh", "binary", 5, seed=3))
    with pytest.raises(AssertionError, match=r"layer 1 delta differs(.|\n)*Derived rounding bound exceeded"):
        oracle.assert_matches(planted(net, BUGS[0]), x, d)
