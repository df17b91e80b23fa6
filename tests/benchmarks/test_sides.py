"""benchmarks.sides: the torch and scikit-learn sides compute the very gradients refbp does, on
the same arrays, so the benchmark times equal work; the GEMM side counts the multiplies refbp
does; every side names a runtime the benchmark has a worker for."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from benchmarks.sides import RUNTIMES, SIDES, Side, Spec, data, gemm_flops, gemm_step
from benchmarks.torch_side import torch_step

TASKS = ["regression", "binary", "multiclass"]


def _rtol(dtype: str) -> float:
    return 1e-9 if dtype == "float64" else 1e-4  # the oracle's table: float32 rounds differently


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize("hidden", ["tanh", "relu"])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_torch_side_gives_refbp_gradients(task: str, hidden: str, dtype: str) -> None:
    spec = Spec((5, 7, 6, 3), 9, dtype, hidden, task)
    net, x, d = data(spec)
    grads = net.backward(net.forward(x), d)
    torch_grads = torch_step(spec, net, x, d)()
    ours = [g for pair in zip(grads.W, grads.b, strict=True) for g in pair]
    rtol = _rtol(dtype)
    for mine, theirs in zip(ours, torch_grads, strict=True):
        assert theirs.dtype == getattr(torch, dtype)
        np.testing.assert_allclose(mine, theirs.numpy(), rtol=rtol, atol=rtol * 1e-3)


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize("hidden", ["tanh", "relu"])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_sklearn_side_gives_refbp_mean_gradients_and_loss(task: str, hidden: str, dtype: str) -> None:
    pytest.importorskip("sklearn")
    from benchmarks.sklearn_side import sklearn_step

    spec = Spec((5, 7, 6, 3), 9, dtype, hidden, task)
    net, x, d = data(spec)
    fwd = net.forward(x)
    grads = net.backward(fwd, d, reduction="mean")
    loss, coef_grads, intercept_grads = sklearn_step(spec, net, x, d)()
    rtol = _rtol(dtype)
    for mine, theirs in zip(grads.W, coef_grads, strict=True):
        assert theirs.dtype == np.dtype(dtype)
        np.testing.assert_allclose(mine, theirs.T, rtol=rtol, atol=rtol * 1e-3)  # coefs_ are W.T
    for mine, theirs in zip(grads.b, intercept_grads, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=rtol, atol=rtol * 1e-3)
    # sklearn's squared error is also averaged over the outputs; its log losses are not
    per_output = spec.sizes[-1] if task == "regression" else 1
    assert loss == pytest.approx(net.loss(fwd, d, reduction="mean") / per_output, rel=rtol)


def test_gemm_side_counts_every_multiply() -> None:
    spec = Spec((5, 7, 3), 4, "float64", "tanh", "regression")
    gemm_step(spec)()
    # z of both layers, dW of both layers, and the delta below layer 2 only
    assert gemm_flops(spec) == 2 * 4 * (5 * 7 + 7 * 3) * 2 + 2 * 4 * 7 * 3


def test_every_side_runs_on_a_runtime_and_builds_a_step() -> None:
    pytest.importorskip("sklearn")
    spec = Spec((4, 8, 3), 2, "float64", "tanh", "multiclass")
    assert set(SIDES) == {"refbp", "grads", "grads_fresh", "torch", "sklearn", "gemm"}
    assert {side.runtime for side in SIDES.values()} == set(RUNTIMES)
    for side in SIDES.values():
        side.make(spec)()


def test_a_side_on_an_unknown_runtime_is_refused() -> None:
    with pytest.raises(ValueError, match=r"runtime must be one of \('numpy', 'torch'\), got 'jax'"):
        Side("jax", gemm_step)
