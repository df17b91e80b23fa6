"""The torch side: what a user of torch.autograd runs for one forward + backward.

zero_grad (set_to_none, torch's default), forward with ``F.linear`` and the hidden
activation, the task's fused torch loss (mse / binary_cross_entropy_with_logits /
cross_entropy, reduction "sum", as refbp's default), and ``backward()``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812 (torch convention)

import refbp
from benchmarks.sides import Spec

__all__ = ["torch_step"]

TORCH_HIDDEN = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid}


def _torch_loss(task: str, z: torch.Tensor, d: torch.Tensor) -> torch.Tensor:
    if task == "regression":
        return 0.5 * F.mse_loss(z, d, reduction="sum")
    if task == "binary":
        return F.binary_cross_entropy_with_logits(z, d, reduction="sum")
    return F.cross_entropy(z, d, reduction="sum")


def torch_step(spec: Spec, net: refbp.MLP, x: np.ndarray, d: np.ndarray) -> Callable[[], list[torch.Tensor]]:
    """One step on copies of ``net``'s weights and the batch; returns dW1, db1, dW2, ..."""
    params = [
        (torch.from_numpy(W.copy()).requires_grad_(), torch.from_numpy(b.copy()).requires_grad_())
        for W, b in zip(net.weights, net.biases, strict=True)
    ]
    x_t, d_t = torch.from_numpy(x.copy()), torch.from_numpy(d.copy())
    f = TORCH_HIDDEN[spec.hidden]

    def step() -> list[torch.Tensor]:
        for W, b in params:  # zero_grad(set_to_none=True), torch's default
            W.grad = b.grad = None
        a = x_t
        for k, (W, b) in enumerate(params):
            z = F.linear(a, W, b)
            a = z if k == len(params) - 1 else f(z)
        _torch_loss(spec.task, a, d_t).backward()
        return [p.grad for pair in params for p in pair]  # type: ignore[misc]

    return step
