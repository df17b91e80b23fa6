"""The three things the benchmark times, built for one row on the very same arrays.

Contract: ``build(spec)`` returns a ``Sides``: three zero-argument callables that each do
one forward + backward of the row's network on the row's batch, and the FLOPs of the
matrix multiplies in it.

- ``refbp``: ``net.backward(net.forward(x), d)`` (every public check included).
- ``torch``: zero_grad (set_to_none), forward with ``F.linear``, the task's fused torch
  loss (mse / binary_cross_entropy_with_logits / cross_entropy, reduction "sum"), and
  ``backward()``: what a user of torch.autograd runs.
- ``gemm``: only the matrix multiplies refbp needs, in numpy into preallocated outputs:
  per layer one for z, one for dE/dW, and one for the delta of the layer below (none
  for the first layer). This is the floor for refbp.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812 (torch convention)

import refbp

__all__ = ["Sides", "Spec", "build"]


@dataclass(frozen=True)
class Spec:
    """One row of the table: a network, a batch size, a dtype, a hidden activation, a task."""

    sizes: tuple[int, ...]
    n: int
    dtype: str
    hidden: str
    task: str

    @property
    def name(self) -> str:
        return f"{'-'.join(map(str, self.sizes))} N={self.n} {self.dtype} {self.hidden} {self.task}"

    @property
    def width(self) -> int:
        """The widest layer (inputs included)."""
        return max(self.sizes)


@dataclass(frozen=True)
class Sides:
    """One forward + backward of each side, and the multiply-adds x 2 of the GEMM side."""

    refbp: Callable[[], Any]
    torch: Callable[[], Any]
    gemm: Callable[[], Any]
    flops: float


def _data(spec: Spec) -> tuple[refbp.MLP, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    dt = np.dtype(spec.dtype)
    net = refbp.MLP.init(spec.sizes, hidden=spec.hidden, task=spec.task, seed=0, dtype=dt)
    x = rng.normal(size=(spec.n, spec.sizes[0])).astype(dt)
    k = spec.sizes[-1]
    if spec.task == "multiclass":
        d: np.ndarray = rng.integers(0, k, size=spec.n)  # integer labels, as users give them
    elif spec.task == "binary":
        d = rng.integers(0, 2, size=(spec.n, k)).astype(dt)
    else:
        d = rng.normal(size=(spec.n, k)).astype(dt)
    return net, x, d


TORCH_HIDDEN = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid}


def _torch_loss(task: str, z: torch.Tensor, d: torch.Tensor) -> torch.Tensor:
    if task == "regression":
        return 0.5 * F.mse_loss(z, d, reduction="sum")
    if task == "binary":
        return F.binary_cross_entropy_with_logits(z, d, reduction="sum")
    return F.cross_entropy(z, d, reduction="sum")


def _torch_step(spec: Spec, net: refbp.MLP, x: np.ndarray, d: np.ndarray) -> Callable[[], Any]:
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


def _gemm_step(net: refbp.MLP, x: np.ndarray) -> tuple[Callable[[], Any], float]:
    dt, n = net.dtype, x.shape[0]
    a = [x] + [np.ones((n, W.shape[0]), dtype=dt) for W in net.weights]
    dW = [np.empty_like(W) for W in net.weights]
    below = [np.empty((n, W.shape[1]), dtype=dt) for W in net.weights]
    flops = 0.0
    for k, W in enumerate(net.weights):
        flops += 2.0 * n * W.size * (3 if k > 0 else 2)

    def step() -> None:
        for k, W in enumerate(net.weights):
            np.matmul(a[k], W.T, out=a[k + 1])  # z^(l) = a^(l-1) W^T
        for k in range(len(net.weights) - 1, -1, -1):
            np.matmul(a[k + 1].T, a[k], out=dW[k])  # dE/dW = delta^T a^(l-1)
            if k > 0:
                np.matmul(a[k + 1], net.weights[k], out=below[k])  # delta W

    return step, flops


def build(spec: Spec) -> Sides:
    """The three sides of ``spec``, on the same weights and the same batch."""
    net, x, d = _data(spec)
    gemm, flops = _gemm_step(net, x)
    return Sides(
        refbp=lambda: net.backward(net.forward(x), d),
        torch=_torch_step(spec, net, x, d),
        gemm=gemm,
        flops=flops,
    )
