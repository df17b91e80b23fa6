"""The torch twin: its E agrees with torch's own losses, and its layout is refbp's."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F  # noqa: N812
from nets import make

import refbp
from oracle import reference

TORCH_LOSS = {
    # torch's built-in losses, independent of the twin's formulas
    "regression": lambda z, d: 0.5 * F.mse_loss(z, d, reduction="sum"),
    "binary": lambda z, d: F.binary_cross_entropy_with_logits(z, d, reduction="sum"),
    "multiclass": lambda z, d: F.cross_entropy(z, d, reduction="sum"),
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
