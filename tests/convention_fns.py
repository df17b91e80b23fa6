"""Correct back-propagations in every convention check_backprop takes, written with refbp.

Contract: ``problem(head, dtype)`` is a (3, 4, k) network of an output layer of
``fuzz.heads.HEADS`` with a batch of 5 (integer labels for multiclass). ``written(net,
reduction, ...)`` is refbp's own answer in the caller's conventions (layout, per example
with columns, labels), with every quantity it knows (delta, W, b, z, a, E) handed as a
dict ``q`` to ``plant`` (a bug, changing it in place) and then to ``form`` (the return value).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import refbp

Q = dict[str, Any]


def problem(head: str, dtype: type, seed: int = 0) -> tuple[refbp.MLP, np.ndarray, np.ndarray]:
    """A network of ``head`` in ``dtype``, an input batch of 5 and a target of its kind."""
    kind, _, name = head.partition("=")
    pair = {"task": name} if kind == "task" else dict(zip(("output", "loss"), head.split("+"), strict=True))
    k = 3 if pair.get("output") == "softmax" or name in ("multiclass", "multilabel") else 2
    net = refbp.MLP.init((3, 4, k), hidden="tanh", seed=seed, dtype=dtype, **pair)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(5, 3)).astype(dtype)
    loss = net.pair.loss.name
    if loss == "squared_error":
        d = rng.normal(size=(5, k))
    elif name == "multiclass":
        d = rng.integers(0, k, 5)
    else:
        d = rng.uniform(0.1, 0.9, size=(5, k))
    return net, x, d if d.dtype.kind in "iu" else d.astype(dtype)


def triple(q: Q) -> object:
    return q["delta"], q["W"], q["b"]


def written(
    net: refbp.MLP,
    reduction: str = "sum",
    *,
    layout: str = "out_in",
    per_example: bool = False,
    labels: bool = False,
    form: Callable[[Q], object] = triple,
    plant: Callable[[Q], None] | None = None,
    forward_bias: bool = True,
) -> Callable[..., object]:
    """fn(weights, biases, x, d) in those conventions, right unless ``plant`` changes its answer
    (or ``forward_bias=False`` drops b^(1) from z^(1), a forward bug)."""

    def fn(weights: list[np.ndarray], biases: list[np.ndarray], x: np.ndarray, d: Any) -> object:
        W = [w.T for w in weights] if layout == "in_out" else list(weights)
        b = [v[:, 0] for v in biases] if per_example else list(biases)
        if not forward_bias:
            b[0] = np.zeros_like(b[0])
        xs = x.T if per_example else x
        ds = (np.array([d]) if labels else d.T) if per_example else d
        mine = net.with_layers(W, b)
        fwd = mine.forward(xs)
        own = "sum" if per_example else reduction  # one example's own error; the oracle averages
        g = mine.backward(fwd, ds, own)
        q = {"delta": g.delta, "W": g.W, "b": g.b, "z": fwd.z, "a": fwd.a, "E": mine.loss(fwd, ds, own)}
        if layout == "in_out":
            q["W"] = [w.T for w in q["W"]]
        if per_example:
            q.update({name: [v.T for v in q[name]] for name in ("delta", "z", "a")})
            q["b"] = [v[:, None] for v in q["b"]]
        if plant is not None:
            plant(q)
        return form(q)

    return fn


def off(name: str, k: int, factor: float = 1.01) -> Callable[[Q], None]:
    """A planted bug: ``q[name][k]`` off by ``factor``."""

    def plant(q: Q) -> None:
        q[name] = list(q[name])
        q[name][k] = q[name][k] * q[name][k].dtype.type(factor)

    return plant
