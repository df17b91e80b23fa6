"""benchmarks.memory: each side's peak sees an allocation of known size, freed or kept."""

from __future__ import annotations

import numpy as np
import torch

from benchmarks.memory import numpy_peak, torch_peak

MIB = 2**20


def test_numpy_peak_sees_a_temporary() -> None:
    def step() -> np.ndarray:
        temporary = np.ones(MIB // 8)  # 1 MiB
        kept = np.ones(MIB // 16)  # 0.5 MiB, alive with the temporary
        del temporary
        return kept

    assert 1.5 * MIB <= numpy_peak(step) < 1.55 * MIB


def test_torch_peak_sees_a_temporary() -> None:
    def step() -> torch.Tensor:
        temporary = torch.ones(MIB // 8, dtype=torch.float64)
        kept = torch.ones(MIB // 16, dtype=torch.float64)
        del temporary
        return kept

    assert 1.5 * MIB <= torch_peak(step) < 1.55 * MIB


def test_torch_peak_ignores_frees_of_older_tensors() -> None:
    older = [torch.ones(MIB // 8, dtype=torch.float64)]  # like the last call's gradients

    def step() -> torch.Tensor:
        older.clear()  # zero_grad(set_to_none=True) frees them inside the call
        return torch.ones(MIB // 16, dtype=torch.float64)

    assert 0.5 * MIB <= torch_peak(step) < 0.55 * MIB
