"""A buggy back-propagation: the weight gradient transposed.

Code written for the x @ W layout computes a^(l-1)^T delta^(l), of shape (n_{l-1}, n_l);
W^(l) here has torch's layout (n_l, n_{l-1}) (E10: dE/dW = delta^T a_prev). The oracle
names layer 3 W and asks whether it is transposed.
Run it: ``python examples/bug_transposed_dW.py``.
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
    dW = [a[l].T @ delta[l] for l in range(L)]  # BUG: transposed
    db = [delta[l].sum(axis=0) for l in range(L)]
    return delta, dW, db


if __name__ == "__main__":
    import oracle
    import refbp

    x, d = oracle.datasets.load("iris")
    net = refbp.MLP.init((4, 5, 5, 3), hidden="sigmoid", task="multiclass", seed=0)
    report = oracle.check_backprop(backprop, net, x, d)
    print(report)
    print(report.first_failure.explain())
