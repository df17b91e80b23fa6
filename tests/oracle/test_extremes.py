"""Extreme values: huge logits, saturated hidden units, subnormal inputs, all-zero weights.

Logits up to |z| = 1e4 (1e30 in float64) for every task in both dtypes: loss and every
gradient finite, no RuntimeWarning (warnings are errors), and equal to torch's own
stable losses on the same z (within the tolerance table: rtol 1e-9 in float64, the
derived bound in float32), and the whole network equal to autograd (``oracle.check``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import pytest
import torch
import torch.nn.functional as F  # noqa: N812

import oracle
import refbp
from oracle.twin.autograd import reference
from oracle.twin.bound import rounding_radii
from oracle.verdict.tolerance import tolerance_for

STABLE: dict[str, Callable[[torch.Tensor, torch.Tensor], torch.Tensor]] = {
    "regression": lambda z, d: 0.5 * F.mse_loss(z, d, reduction="sum"),
    "binary": lambda z, d: F.binary_cross_entropy_with_logits(z, d, reduction="sum"),
    "multilabel": lambda z, d: F.binary_cross_entropy_with_logits(z, d, reduction="sum"),
    "multiclass": lambda z, d: F.cross_entropy(z, d, reduction="sum"),
}
"""torch's numerically stable losses, summed over the batch.

Every task but poisson: its y = exp(z) overflows at z = 1e4 in any float, so no
implementation can stay finite there (poisson is checked where e^z is representable).
"""
TASKS = sorted(STABLE)


def huge_logits(
    task: str, hidden: str, dtype: type, scale: float
) -> tuple[refbp.MLP, np.ndarray, np.ndarray]:
    """A 3-4-5-3 net whose hidden units saturate (biases +-scale) and logits reach +-scale."""
    rng = np.random.default_rng(5)
    sign = np.where(rng.uniform(size=5) < 0.5, -1.0, 1.0)
    weights = [rng.uniform(-1, 1, (4, 3)), rng.uniform(-1, 1, (5, 4)), rng.uniform(-1, 1, (3, 5))]
    biases = [rng.uniform(-1, 1, 4), scale * sign, scale * np.array([1.0, -1.0, 0.5])]
    net = refbp.MLP([w.astype(dtype) for w in weights], [b.astype(dtype) for b in biases], hidden, task)
    x = rng.normal(size=(6, 3)).astype(dtype)
    d = {
        "regression": rng.normal(size=(6, 3)),
        "binary": rng.uniform(size=(6, 3)),
        "multilabel": rng.uniform(size=(6, 3)),
        "multiclass": np.full((6, 3), 1 / 3),
    }[task].astype(dtype)
    return net, x, d


CASES = [
    (task, hidden, dtype, scale)
    for task in TASKS
    for hidden in ("sigmoid", "tanh", "softplus", "relu")
    for dtype, scale in ((np.float64, 1e4), (np.float64, 1e30), (np.float32, 1e4))
]


@pytest.mark.parametrize(("task", "hidden", "dtype", "scale"), CASES)
def test_huge_logits_stay_finite_and_match_torch(task: str, hidden: str, dtype: type, scale: float) -> None:
    net, x, d = huge_logits(task, hidden, dtype, scale)
    fwd = net.forward(x)
    grads = net.backward(fwd, d)
    loss = net.loss(fwd, d)
    assert np.abs(fwd.z[-1]).max() >= 0.5 * scale  # the logits really are huge
    arrays = [*fwd.z, *fwd.a, *grads.delta, *grads.W, *grads.b]
    assert all(np.isfinite(arr).all() for arr in arrays)
    assert np.isfinite(loss)
    assert all(arr.dtype == net.dtype for arr in arrays)  # nothing silently upcast
    # torch's own stable loss and its gradient on the very same z, in float64
    z = torch.from_numpy(fwd.z[-1].astype(np.float64)).requires_grad_(True)
    E = STABLE[task](z, torch.from_numpy(d.astype(np.float64)))
    E.backward()  # type: ignore[no-untyped-call]
    tol = tolerance_for(dtype)
    R = rounding_radii(net, reference(net, x, d), 1) if tol.bound else None
    row = oracle.compare(None, "loss", loss, E.item(), tol, R and R.loss)
    assert row.passed, row.explain()
    row = oracle.compare(2, "delta", grads.delta[-1], z.grad.numpy(), tol, R and R.delta[-1])  # type: ignore[union-attr]
    assert row.passed, row.explain()
    report = oracle.check(net, x, d)
    assert report.passed, report.first_failure.explain()  # type: ignore[union-attr]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("task", TASKS)
def test_saturated_hidden_units_pass_no_gradient(task: str, dtype: type) -> None:
    net, x, d = huge_logits(task, "sigmoid", dtype, 1e4)
    grads = refbp.backprop(net, x, d)
    assert not grads.delta[1].any()  # every unit of layer 2 is saturated: f' = 0
    assert not grads.W[0].any()


@pytest.mark.parametrize(("dtype", "tiny"), [(np.float64, 1e-310), (np.float32, 1e-40)])
@pytest.mark.parametrize("hidden", sorted(refbp.ACTIVATIONS))
@pytest.mark.parametrize("task", TASKS)
def test_subnormal_inputs(task: str, hidden: str, dtype: type, tiny: float) -> None:
    net = refbp.MLP.init((3, 4, 2), hidden=hidden, task=task, seed=2, dtype=dtype)
    x = np.full((2, 3), tiny, dtype=dtype)
    assert 0 < x[0, 0] < np.finfo(dtype).tiny  # really subnormal
    d = np.array([[0.25, 0.75], [1.0, 0.0]], dtype=dtype)
    report = oracle.check(net, x, d)
    assert report.passed, report.first_failure.explain()  # type: ignore[union-attr]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("hidden", sorted(refbp.ACTIVATIONS))
@pytest.mark.parametrize("task", TASKS)
def test_all_zero_weights(task: str, hidden: str, dtype: type) -> None:
    sizes = (3, 4, 4, 2)
    net = refbp.MLP(
        [np.zeros((m, n), dtype) for n, m in itertools.pairwise(sizes)],
        [np.zeros(m, dtype) for m in sizes[1:]],
        hidden=hidden,
        task=task,
    )
    x = np.random.default_rng(0).normal(size=(5, 3)).astype(dtype)
    d = np.tile(np.array([0.5, 0.5], dtype), (5, 1))
    grads = refbp.backprop(net, x, d)
    assert all(np.isfinite(g).all() for g in grads.W)
    report = oracle.check(net, x, d, "mean")
    assert report.passed, report.first_failure.explain()  # type: ignore[union-attr]
