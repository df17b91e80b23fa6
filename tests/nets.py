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
