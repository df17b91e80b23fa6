"""Valid baselines for the fuzz tests: a context (network, x, d), networks rebuilt, a correct fn.

Contract: ``context(dtype, task)`` is the same small network and batch every time;
``rebuild`` and ``cast_net`` make a network like another (activation, output, loss) on
other arrays; ``refbp_fn(net, reduction)`` is refbp's own backprop under the protocol of
``oracle.check_backprop``, fn(weights, biases, x, d) -> (delta, W, b): correct code.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from fuzz.harness import Context
from nets import target

import refbp


def context(dtype: Any, task: str) -> Context:
    """A (3, 4, K) tanh network of ``task`` in ``dtype``, a batch of 4 and a valid target."""
    k = 3 if task == "multiclass" else 2
    net = refbp.MLP.init((3, 4, k), hidden="tanh", task=task, seed=0, dtype=dtype)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 3)).astype(dtype)
    return Context(net, x, target(task, rng, 4, k).astype(dtype))


def rebuild(net: refbp.MLP, weights: list[np.ndarray], biases: list[np.ndarray]) -> refbp.MLP:
    """A network like ``net`` (activation, output, loss) on other arrays."""
    if net.task is not None:
        return refbp.MLP(weights, biases, hidden=net.hidden, task=net.task)
    return refbp.MLP(weights, biases, hidden=net.hidden, output=net.pair.output.name, loss=net.pair.loss.name)


def cast_net(net: refbp.MLP, dtype: Any) -> refbp.MLP:
    """``net`` with its arrays in ``dtype``."""
    return rebuild(net, [w.astype(dtype) for w in net.weights], [b.astype(dtype) for b in net.biases])


def refbp_fn(net: refbp.MLP, reduction: str = "sum") -> Any:
    """refbp's backprop as fn(weights, biases, x, d) -> (delta, W, b), for ``net``'s kind of network."""

    def fn(weights: list[np.ndarray], biases: list[np.ndarray], x: np.ndarray, d: np.ndarray) -> Any:
        grads = refbp.backprop(rebuild(net, weights, biases), x, d, reduction)  # type: ignore[arg-type]
        return grads.delta, grads.W, grads.b

    return fn
