"""A hand-written backprop with one classic bug planted by name, under check_backprop's protocol."""

from __future__ import annotations

import numpy as np

import refbp
from refbp.equations import chain_delta, hidden_delta, output_delta


def planted(net: refbp.MLP, bug: str = "", reduction: str = "sum"):
    """The delta rule for ``net``'s architecture, written out, with ``bug`` planted ('' for none)."""

    def fn(weights, biases, x, d):
        mine = net.with_layers(weights, biases, keep_task=False)
        fwd, act, pair = mine.forward(x), mine.activation, mine.pair
        z, a, y = fwd.z, fwd.a, fwd.y
        if bug == "y - d" or (pair.canonical_for(d) and bug != "extra f'"):
            top = output_delta(y, d)
        elif bug == "extra f'":
            top = pair.output.chain(z[-1], y, output_delta(y, d))
        else:
            top = chain_delta(z[-1], y, d, pair.output, pair.loss)
        delta = [top / (len(x) if reduction == "mean" else 1)]
        for l in range(len(weights) - 1, 0, -1):
            fz = {
                "no f'": np.ones_like(z[l - 1]),
                "f'(a)": act.fprime(a[l], act.f(a[l])),
                "f'(0) = 1": np.where(z[l - 1] == 0, 1.0, act.fprime(z[l - 1], a[l])),
            }.get(bug, act.fprime(z[l - 1], a[l]))
            delta.insert(0, hidden_delta(delta[0], weights[l], fz))
        prev = {"dW from z": [a[0], *z[:-1]], "dW from own a": a[1:]}.get(bug, a[:-1])
        W = [delta[k].T @ prev[k] for k in range(len(weights))]
        return delta, W, [dk.sum(axis=0) for dk in delta]

    return fn
