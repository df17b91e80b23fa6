"""A correct back-propagation, written from scratch the way a student would.

Sigmoid hidden layers, softmax output with cross-entropy, E summed over the batch.
It follows the protocol of ``oracle.check_backprop``: backprop(weights, biases, x, d)
returns (delta, dW, db), three lists indexed like ``weights``.
Run it: ``python examples/correct.py``.
"""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def backprop(weights: list[np.ndarray], biases: list[np.ndarray], x: np.ndarray, d: np.ndarray):
    L = len(weights)
    a, z = [x], []
    for l in range(L):
        z.append(a[l] @ weights[l].T + biases[l])
        a.append(softmax(z[l]) if l == L - 1 else sigmoid(z[l]))
    delta = [np.empty(0)] * L
    delta[L - 1] = a[L] - d  # softmax + cross-entropy: the f' cancels
    for l in range(L - 2, -1, -1):
        delta[l] = (delta[l + 1] @ weights[l + 1]) * a[l + 1] * (1 - a[l + 1])  # sigmoid' = a(1 - a)
    dW = [delta[l].T @ a[l] for l in range(L)]
    db = [delta[l].sum(axis=0) for l in range(L)]
    return delta, dW, db


if __name__ == "__main__":
    import oracle
    import refbp

    x, d = oracle.datasets.load("iris")
    net = refbp.MLP.init((4, 5, 5, 3), hidden="sigmoid", task="multiclass", seed=0)
    print(oracle.check_backprop(backprop, net, x, d))
