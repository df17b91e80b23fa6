"""benchmarks.sides: the torch side computes the very gradients refbp does, on the same
arrays, so the benchmark times equal work; the GEMM side counts the multiplies refbp does."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from benchmarks.sides import Spec, _data, _gemm_step, _torch_step


@pytest.mark.parametrize("task", ["regression", "binary", "multiclass"])
@pytest.mark.parametrize("hidden", ["tanh", "relu"])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_torch_side_gives_refbp_gradients(task: str, hidden: str, dtype: str) -> None:
    spec = Spec((5, 7, 6, 3), 9, dtype, hidden, task)
    net, x, d = _data(spec)
    grads = net.backward(net.forward(x), d)
    torch_grads = _torch_step(spec, net, x, d)()
    ours = [g for pair in zip(grads.W, grads.b, strict=True) for g in pair]
    rtol = 1e-9 if dtype == "float64" else 1e-4  # the oracle's table: float32 rounds differently
    for mine, theirs in zip(ours, torch_grads, strict=True):
        assert theirs.dtype == getattr(torch, dtype)
        np.testing.assert_allclose(mine, theirs.numpy(), rtol=rtol, atol=rtol * 1e-3)


def test_gemm_side_counts_every_multiply() -> None:
    spec = Spec((5, 7, 3), 4, "float64", "tanh", "regression")
    net, x, _ = _data(spec)
    step, flops = _gemm_step(net, x)
    step()
    # z of both layers, dW of both layers, and the delta below layer 2 only
    assert flops == 2 * 4 * (5 * 7 + 7 * 3) * 2 + 2 * 4 * 7 * 3
