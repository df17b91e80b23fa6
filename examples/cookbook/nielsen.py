"""Back-propagation as Michael Nielsen's ``network.py`` writes it, written here from scratch.

Its conventions: one example at a time, as column vectors; ``weights[l]`` of shape
(n_{l+1}, n_l) and ``biases[l]`` columns (n_{l+1}, 1); the sigmoid in every layer, the
output included; the quadratic cost C = 1/2 ||a^(L) - y||^2; and ``backprop(x, y)``
returning ``(nabla_b, nabla_w)``, the gradients of that one example's cost.
"""

from __future__ import annotations

import itertools

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


class Network:
    def __init__(self, sizes: list[int], seed: int = 0) -> None:
        rng = np.random.default_rng(seed)
        self.sizes = list(sizes)
        self.num_layers = len(sizes)
        self.biases = [rng.standard_normal((n, 1)) for n in sizes[1:]]
        self.weights = [rng.standard_normal((n, m)) for m, n in itertools.pairwise(sizes)]

    def feedforward(self, a: np.ndarray) -> np.ndarray:
        for w, b in zip(self.weights, self.biases, strict=True):
            a = sigmoid(w @ a + b)
        return a

    def backprop(self, x: np.ndarray, y: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """The gradient of the quadratic cost of one example (x, y), both columns."""
        activations, zs = [x], []
        for w, b in zip(self.weights, self.biases, strict=True):
            zs.append(w @ activations[-1] + b)
            activations.append(sigmoid(zs[-1]))
        nabla_b: list[np.ndarray] = []
        nabla_w: list[np.ndarray] = []
        s = activations[-1]
        delta = (s - y) * s * (1 - s)  # the cost's derivative times sigma'(z^(L))
        for layer in range(self.num_layers - 1, 0, -1):  # the last layer first
            nabla_b.insert(0, delta)
            nabla_w.insert(0, delta @ activations[layer - 1].T)
            if layer > 1:
                s = activations[layer - 1]
                delta = (self.weights[layer - 1].T @ delta) * s * (1 - s)
        return nabla_b, nabla_w
