"""The torch twin: its E agrees with torch's own losses, and its layout is refbp's."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F  # noqa: N812
from nets import make

import refbp
from oracle import assert_matches, check, reference
from oracle.twin.autograd import ERROR, LOG, OUTPUT

TORCH_LOSS = {
    # torch's built-in losses, independent of the twin's formulas
    "regression": lambda z, d: 0.5 * F.mse_loss(z, d, reduction="sum"),
    "binary": lambda z, d: F.binary_cross_entropy_with_logits(z, d, reduction="sum"),
    "multilabel": lambda z, d: F.binary_cross_entropy_with_logits(z, d, reduction="sum"),
    "multiclass": lambda z, d: F.cross_entropy(z, d, reduction="sum"),
    "poisson": lambda z, d: F.poisson_nll_loss(z, d, log_input=True, full=False, reduction="sum"),
}


@pytest.mark.parametrize("task", sorted(refbp.TASKS))
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_twin_loss_agrees_with_torch_builtin_losses(task: str, reduction: str) -> None:
    net, x, d = make((3, 6, 4), "tanh", task, n=5)
    ref = reference(net, x, d, reduction)  # type: ignore[arg-type]
    z_L = torch.from_numpy(ref.z[-1])
    expected = TORCH_LOSS[task](z_L, torch.from_numpy(d)).item() / (5 if reduction == "mean" else 1)
    assert ref.loss == pytest.approx(expected, rel=1e-12)


def test_twin_layout_is_refbps() -> None:
    net, x, d = make((4, 7, 5, 2), "relu", "binary", n=3)
    ref = reference(net, x, d)
    assert [z.shape for z in ref.z] == [(3, 7), (3, 5), (3, 2)]
    assert [a.shape for a in ref.a] == [(3, 4), (3, 7), (3, 5), (3, 2)]
    assert [g.shape for g in ref.W] == [W.shape for W in net.weights]
    assert [g.shape for g in ref.b] == [b.shape for b in net.biases]
    assert [g.shape for g in ref.delta] == [(3, 7), (3, 5), (3, 2)]
    np.testing.assert_array_equal(ref.a[0], x)
    assert all(arr.dtype == np.float64 for arr in (*ref.z, *ref.a, *ref.W, *ref.b, *ref.delta))


def test_twin_encodes_labels_as_one_hot_targets() -> None:
    net, x, _ = make((3, 4), "tanh", "multiclass", n=3)
    ref = reference(net, x, np.array([3, 0, 1]))
    np.testing.assert_array_equal(ref.d, np.eye(4)[[3, 0, 1]])


def test_twin_never_writes_to_the_networks_arrays() -> None:
    net, x, d = make((3, 4, 2), "sigmoid", "regression", n=2)
    before = [w.copy() for w in (*net.weights, *net.biases, x, d)]
    reference(net, x, d)
    for arr, old in zip((*net.weights, *net.biases, x, d), before, strict=True):
        np.testing.assert_array_equal(arr, old)


def test_twin_checks_its_arguments_like_refbp() -> None:
    net, x, d = make((3, 2), "tanh", "regression", n=2)
    with pytest.raises(ValueError, match="x must have n_0 = 3 features"):
        reference(net, np.ones((2, 4)), d)
    with pytest.raises(ValueError, match="reduction must be"):
        reference(net, x, d, "median")  # type: ignore[arg-type]


PAIRS = [
    (o, loss) for o, out in refbp.OUTPUTS.items() for loss, err in refbp.LOSSES.items() if err.accepts(out)
]


def test_the_tables_cover_refbps_outputs_and_losses() -> None:
    assert set(OUTPUT) == set(LOG) == set(refbp.OUTPUTS)
    assert set(ERROR) == set(refbp.LOSSES)


@pytest.mark.parametrize(("output", "loss"), PAIRS)
def test_every_pair_agrees_with_autograd(output: str, loss: str, rng: np.random.Generator) -> None:
    net = refbp.MLP.init((3, 5, 3), hidden="softplus", output=output, loss=loss, seed=4)
    x, d = rng.normal(size=(6, 3)), rng.uniform(0.1, 0.9, size=(6, 3))
    assert_matches(net, x, d, "mean")


@pytest.mark.parametrize(
    ("output", "loss"),
    [
        ("sigmoid", "squared_error"),
        ("softmax", "squared_error"),
        ("tanh", "squared_error"),
        ("softmax", "cross_entropy"),
    ],
)
def test_noncanonical_deltas_agree_with_autograd_and_are_not_y_minus_d(output, loss, rng) -> None:
    net = refbp.MLP.init((4, 6, 3), hidden="tanh", output=output, loss=loss, seed=9)
    x, d = rng.normal(size=(8, 4)), rng.uniform(0.1, 0.9, size=(8, 3))  # rows do not sum to 1
    report = check(net, x, d)
    assert report.passed
    assert "delta = y - d (autograd)" not in [row.quantity for row in report.rows]
    ref = reference(net, x, d)
    assert not ref.canonical
    gap = np.abs(ref.delta[-1] - (ref.a[-1] - ref.d))
    assert gap.max() > 0.1 * np.abs(ref.a[-1] - ref.d).max()  # autograd itself: not y - d


@pytest.mark.parametrize("task", ["poisson", "multilabel"])
def test_the_new_tasks_are_canonical_in_autograd_too(task: str, rng: np.random.Generator) -> None:
    net = refbp.MLP.init((3, 4, 3), hidden="tanh", task=task, seed=1)
    x, d = rng.normal(size=(5, 3)), rng.integers(0, 2, size=(5, 3)).astype(float)
    report = check(net, x, d)
    assert report.passed
    assert "delta = y - d (autograd)" in [row.quantity for row in report.rows]
    assert reference(net, x, d).canonical


def test_poisson_is_stable_at_large_logits() -> None:
    net = refbp.MLP([np.array([[1.0]])], [np.array([0.0])], task="poisson")
    x, d = np.array([[300.0], [-300.0]]), np.array([[2.0], [0.0]])
    assert_matches(net, x, d)


def test_a_noncanonical_pair_given_y_minus_d_fails_at_layer_L(monkeypatch, rng) -> None:
    monkeypatch.setattr(refbp.Pair, "canonical_for", lambda self, d: True)  # the classic bug
    net = refbp.MLP.init((3, 4, 2), hidden="tanh", output="sigmoid", loss="squared_error", seed=2)
    report = check(net, rng.normal(size=(5, 3)), rng.normal(size=(5, 2)))
    # the twin asks refbp's rule too, so the bug shows first as "autograd's delta is not y - d"
    assert report.first_failure is not None
    assert report.first_failure.where == "layer 2 delta = y - d (autograd)"
    assert not next(r for r in report.rows if r.where == "layer 2 delta").passed


def test_the_leaky_slope_refbp_states_is_torch_s_own_default() -> None:
    # the twin takes the slope from refbp (one definition); torch's default is the witness
    assert torch.nn.LeakyReLU().negative_slope == refbp.activations.LEAKY_SLOPE
