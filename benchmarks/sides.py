"""What the benchmark times, built for one row on the very same arrays.

Contract: a ``Side`` names the thread pool its calls wake (``runtime``: "numpy" for numpy's
BLAS, "torch" for torch's OpenMP pool) and a module-level ``make(spec)`` that returns a
zero-argument callable doing one forward + backward of the row's network on the row's batch.
``SIDES`` is the table's columns; the benchmark times every side of a runtime in a process of
its own (``benchmarks/workers.py``), so ``make`` may import its library inside.

- ``refbp``: ``net.backward(net.forward(x), d)`` (every public check included).
- ``grads``: refbp's gradients-only path as a training loop runs it, ``net.gradients(x, d,
  workspace=ws)`` with one ``refbp.Workspace`` reused across calls; ``grads_fresh``: the same
  path without a workspace (its peak memory is the one compared with torch's).
- ``torch``: zero_grad, ``F.linear``, the fused torch loss, ``backward()`` (``torch_side.py``).
- ``sklearn``: ``MLPClassifier._backprop`` / ``MLPRegressor._backprop``, alpha = 0, its mean
  loss (``sklearn_side.py``).
- ``gemm``: only the matrix multiplies refbp needs, in numpy into preallocated outputs:
  per layer one for z, one for dE/dW, and one for the delta of the layer below (none
  for the first layer). This is the floor for refbp.

A new column is a ``make`` function and one line in ``SIDES``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

import refbp

__all__ = ["RUNTIMES", "SIDES", "Side", "Spec", "data", "gemm_flops"]

RUNTIMES = ("numpy", "torch")  # the thread pools a side can wake


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
class Side:
    """One column: the thread pool its calls wake, and how to build its step for a row."""

    runtime: str
    make: Callable[[Spec], Callable[[], Any]]

    def __post_init__(self) -> None:
        if self.runtime not in RUNTIMES:
            raise ValueError(f"runtime must be one of {RUNTIMES}, got {self.runtime!r}")


def data(spec: Spec) -> tuple[refbp.MLP, np.ndarray, np.ndarray]:
    """The row's network, batch and target: the same arrays on every side (seeded)."""
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


def gemm_flops(spec: Spec) -> float:
    """Multiply-adds x 2 of the GEMM side: z and dE/dW of every layer, delta below all but the first."""
    return sum(
        2.0 * spec.n * n_in * n_out * (3 if k > 0 else 2)
        for k, (n_in, n_out) in enumerate(zip(spec.sizes[:-1], spec.sizes[1:], strict=True))
    )


def refbp_step(spec: Spec) -> Callable[[], Any]:
    net, x, d = data(spec)
    return lambda: net.backward(net.forward(x), d)


def grads_step(spec: Spec) -> Callable[[], Any]:
    net, x, d = data(spec)
    workspace = refbp.Workspace(net, len(x))
    return lambda: net.gradients(x, d, workspace=workspace)


def grads_fresh_step(spec: Spec) -> Callable[[], Any]:
    net, x, d = data(spec)
    return lambda: net.gradients(x, d)


def gemm_step(spec: Spec) -> Callable[[], Any]:
    net, x, _ = data(spec)
    dt, n = net.dtype, x.shape[0]
    a = [x] + [np.ones((n, W.shape[0]), dtype=dt) for W in net.weights]
    dW = [np.empty_like(W) for W in net.weights]
    below = [np.empty((n, W.shape[1]), dtype=dt) for W in net.weights]

    def step() -> None:
        for k, W in enumerate(net.weights):
            np.matmul(a[k], W.T, out=a[k + 1])  # z^(l) = a^(l-1) W^T
        for k in range(len(net.weights) - 1, -1, -1):
            np.matmul(a[k + 1].T, a[k], out=dW[k])  # dE/dW = delta^T a^(l-1)
            if k > 0:
                np.matmul(a[k + 1], net.weights[k], out=below[k])  # delta W

    return step


def torch_step(spec: Spec) -> Callable[[], Any]:
    from benchmarks.torch_side import torch_step as make  # torch only in the torch worker

    return make(spec, *data(spec))


def sklearn_step(spec: Spec) -> Callable[[], Any]:
    from benchmarks.sklearn_side import sklearn_step as make

    return make(spec, *data(spec))


SIDES: dict[str, Side] = {
    "refbp": Side("numpy", refbp_step),
    "grads": Side("numpy", grads_step),
    "grads_fresh": Side("numpy", grads_fresh_step),
    "torch": Side("torch", torch_step),
    "sklearn": Side("numpy", sklearn_step),
    "gemm": Side("numpy", gemm_step),
}
