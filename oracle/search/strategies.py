"""Hypothesis strategies of networks and batches, for property tests of back-propagation code.

Contract: ``networks(hidden=..., task=... | output=..., loss=..., depth=, width=, dtype=)``
is a strategy of ``refbp.MLP``: ``depth`` layers L in [lo, hi], every width n_0..n_L in
[lo, hi] (square layers and single units included; a softmax output gets at least 2 units
where ``width`` allows, as one unit is constant). ``batches(net, size=, labels=)`` is a
strategy of (x, d): a batch of N in [lo, hi] examples (N = 1 included) and a target valid
for the network's error function, as integer class labels (N,) with ``labels=True``.
Arguments are checked when the strategy is made, so a typo fails at once, not inside a test.

Numbers are drawn from a seed, either as reals or as multiples of 1/2 ("simple values":
exact in binary, easy to follow by hand; ReLU kinks at exactly 0 included). Hypothesis
shrinks towards fewer layers, then narrower ones, then fewer examples, then simple values
and seed 0, so a failing case shrinks to a small one that still fails.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from hypothesis import strategies as st

import refbp
from refbp.types import Array

__all__ = ["VALUES", "batches", "bounds", "head_network", "networks", "target"]

VALUES = ("simple", "real")
"""How a network's or a batch's numbers are drawn, the simpler first (shrinking moves there)."""

SEEDS = st.integers(0, 2**32 - 1)


def bounds(name: str, value: object, least: int) -> tuple[int, int]:
    """(lo, hi) checked: integers with least <= lo <= hi, else TypeError/ValueError naming ``name``."""
    if not (isinstance(value, tuple) and len(value) == 2 and all(type(v) is int for v in value)):
        raise TypeError(f"{name} must be a pair of integers (lo, hi), got {value!r}")
    lo, hi = value
    if not least <= lo <= hi:
        raise ValueError(f"{name} must be (lo, hi) with {least} <= lo <= hi, got {value!r}")
    return lo, hi


def _simple(values: Array) -> Array:
    """``values`` rounded to multiples of 1/2 (a -0.0 written as 0.0)."""
    return np.round(values * 2) / 2 + 0.0


def head_network(hidden: object, task: object, output: object, loss: object, dtype: object) -> refbp.MLP:
    """A 1-2 network with these hidden layers, output layer and dtype: refbp's checks of each
    (ValueError/TypeError naming it), and the pair and dtype resolved."""
    return refbp.MLP.init((1, 2), hidden=hidden, task=task, output=output, loss=loss, dtype=dtype)  # type: ignore[arg-type]


def networks(
    *,
    hidden: str,
    task: str | None = None,
    output: str | None = None,
    loss: str | None = None,
    depth: tuple[int, int] = (1, 4),
    width: tuple[int, int] = (1, 8),
    dtype: Any = np.float64,
) -> st.SearchStrategy[refbp.MLP]:
    """Networks with ``hidden`` layers and the output layer ``task`` (or ``output`` with ``loss``),
    as ``refbp.MLP`` takes them; ``depth`` and ``width`` bound L and every n_l."""
    depths, widths = bounds("depth", depth, 1), bounds("width", width, 1)
    probe = head_network(hidden, task, output, loss, dtype)
    pair = (
        {"task": probe.task}
        if probe.task
        else {"output": probe.pair.output.name, "loss": probe.pair.loss.name}
    )
    least_out = min(2, widths[1]) if probe.pair.output.name == "softmax" else widths[0]
    return _networks(hidden, pair, depths, widths, least_out, probe.dtype)


@st.composite
def _networks(
    draw: st.DrawFn,
    hidden: str,
    pair: dict[str, Any],
    depths: tuple[int, int],
    widths: tuple[int, int],
    least_out: int,
    dtype: np.dtype[Any],
) -> refbp.MLP:
    L = draw(st.integers(*depths))
    sizes = [draw(st.integers(*widths)) for _ in range(L)] + [
        draw(st.integers(max(widths[0], least_out), widths[1]))
    ]
    simple = draw(st.sampled_from(VALUES)) == "simple"
    rng = np.random.default_rng(draw(SEEDS))
    # variance 1/n_in keeps z of order 1 at any depth: no saturation hides a bug, no e^z overflows
    weights: list[Array] = [rng.normal(size=(m, n)) / np.sqrt(n) for n, m in itertools.pairwise(sizes)]
    biases: list[Array] = [rng.normal(size=m) / 2 for m in sizes[1:]]
    if simple:
        weights, biases = [_simple(W) for W in weights], [_simple(b) for b in biases]
    return refbp.MLP(
        [W.astype(dtype) for W in weights], [b.astype(dtype) for b in biases], hidden=hidden, **pair
    )


def target(
    net: refbp.MLP, rng: np.random.Generator, n: int, simple: bool, labels: bool = False
) -> np.ndarray[Any, Any]:
    """A target d of ``n`` rows that ``net``'s error function is defined for (``refbp.Loss.target``).

    ``simple``: hard labels and counts, halves for real targets; else probabilities, rates and
    reals. ``labels`` (task multiclass): integer class labels (N,).
    """
    k, loss = net.sizes[-1], net.pair.loss.name
    if labels:
        return rng.integers(0, k, size=n)
    if loss == "squared_error":
        d = rng.normal(size=(n, k))
        return _simple(d) if simple else d
    if loss == "binary_cross_entropy":
        return rng.integers(0, 2, size=(n, k)).astype(np.float64) if simple else rng.uniform(size=(n, k))
    if loss == "poisson":
        return rng.poisson(2.0, size=(n, k)).astype(np.float64) if simple else rng.gamma(2.0, size=(n, k))
    # cross-entropy: probability rows (the multiclass task needs sums of 1; the bare loss takes any)
    if simple:
        return np.eye(k)[rng.integers(0, k, size=n)]
    p = rng.uniform(0.1, 1.0, size=(n, k))
    return p / p.sum(axis=1, keepdims=True) if net.task == "multiclass" else p


def batches(
    net: refbp.MLP, size: tuple[int, int] = (1, 8), *, labels: bool = False
) -> st.SearchStrategy[tuple[Array, Array]]:
    """(x, d) for ``net``: x of shape (N, n_0), N in ``size``, and a valid target d (``target``)."""
    if not isinstance(net, refbp.MLP):
        raise TypeError(f"net must be a refbp.MLP, got {type(net).__name__}")
    sizes = bounds("size", size, 1)
    if not isinstance(labels, (bool, np.bool_)):
        raise TypeError(f"labels must be True or False, got {type(labels).__name__}")
    labels = bool(labels)
    if labels and net.task != "multiclass":
        raise ValueError(
            f"labels=True draws integer class labels, which only task='multiclass' takes; got {net.task=}"
        )
    return _batches(net, sizes, labels)


@st.composite
def _batches(draw: st.DrawFn, net: refbp.MLP, sizes: tuple[int, int], labels: bool) -> tuple[Array, Array]:
    n = draw(st.integers(*sizes))
    simple = draw(st.sampled_from(VALUES)) == "simple"
    rng = np.random.default_rng(draw(SEEDS))
    x: np.ndarray[Any, Any] = rng.normal(size=(n, net.sizes[0]))
    d = target(net, rng, n, simple, labels)
    x = _simple(x) if simple else x
    return x.astype(net.dtype), d if labels else d.astype(net.dtype)
