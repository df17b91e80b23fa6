"""Test helpers: random networks and batches, for parametrized grids and hypothesis."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

import refbp


def target(task: str, rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    """A valid target d for ``task``: real rows, [0, 1] rows, or probability rows."""
    if task == "regression":
        return rng.normal(size=(n, k))
    if task == "binary":
        return rng.uniform(size=(n, k))
    p = rng.uniform(size=(n, k))
    return p / p.sum(axis=1, keepdims=True)


def make(
    sizes: tuple[int, ...], hidden: str, task: str, n: int, seed: int = 0
) -> tuple[refbp.MLP, np.ndarray, np.ndarray]:
    """A network of ``sizes`` with an input batch of ``n`` rows and a target for ``task``."""
    rng = np.random.default_rng(seed)
    net = refbp.MLP.init(sizes, hidden=hidden, task=task, seed=seed)
    x = rng.normal(size=(n, sizes[0]))
    return net, x, target(task, rng, n, sizes[-1])


@st.composite
def cases(draw: st.DrawFn, max_depth: int = 5, max_width: int = 16, max_batch: int = 32):
    """(net, x, d): random depth 1-5, widths 1-16, batch 1-32, every task and activation."""
    task = draw(st.sampled_from(sorted(refbp.TASKS)))
    hidden = draw(st.sampled_from(sorted(refbp.ACTIVATIONS)))
    depth = draw(st.integers(1, max_depth))
    sizes = draw(st.lists(st.integers(1, max_width), min_size=depth + 1, max_size=depth + 1))
    if task == "multiclass":
        sizes[-1] = max(sizes[-1], 2)
    n = draw(st.integers(1, max_batch))
    seed = draw(st.integers(0, 2**32 - 1))
    return make(tuple(sizes), hidden, task, n, seed)


@st.composite
def problems(draw: st.DrawFn, max_width: int, max_batch: int, labels: bool = False):
    """(net, x, d, reduction): any accepted output layer (``fuzz.heads.HEADS``), float32 or
    float64, 1-3 layers of widths 1..max_width, a batch of 1..max_batch, a valid d (integer
    labels for the multiclass task where ``labels``), sum or mean."""
    from fuzz.heads import HEADS  # the fuzz suite's list of heads: one list of them

    head = draw(st.sampled_from(HEADS))
    kind, _, name = head.partition("=")
    pair = {"task": name} if kind == "task" else dict(zip(("output", "loss"), head.split("+"), strict=True))
    dtype = draw(st.sampled_from([np.float64, np.float32]))
    sizes = draw(st.lists(st.integers(1, max_width), min_size=2, max_size=4))
    if pair.get("output") == "softmax" or name == "multiclass":
        sizes[-1] = max(sizes[-1], 2)
    seed, n = draw(st.integers(0, 2**16)), draw(st.integers(1, max_batch))
    hidden = draw(st.sampled_from(sorted(refbp.ACTIVATIONS)))
    net = refbp.MLP.init(sizes, hidden=hidden, seed=seed, dtype=dtype, **pair)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, sizes[0])).astype(dtype)
    k = sizes[-1]
    if labels and name == "multiclass":
        d = rng.integers(0, k, n)
    elif net.pair.loss.name == "squared_error":
        d = rng.normal(size=(n, k)).astype(dtype)
    elif net.pair.output.name == "softmax":
        d = rng.dirichlet(np.ones(k), size=n).astype(dtype)
    else:
        d = rng.uniform(0.1, 0.9, size=(n, k)).astype(dtype)
    return net, x, d, draw(st.sampled_from(["sum", "mean"]))
