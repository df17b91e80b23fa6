"""Back-propagation as scikit-learn's ``MLPClassifier._backprop`` does it, written here from scratch.

Its conventions: ``coefs_[i]`` of shape (n_in, n_out) and ``intercepts_[i]`` (n_out,),
applied as ``X @ W + b`` (the x @ W layout); a hidden activation by name; softmax with the
log loss averaged over the N examples, on one-hot rows ``y``; an L2 term ``alpha``.
``_backprop(X, y, activations, deltas, coef_grads, intercept_grads)`` fills the lists it is
given (``activations`` holds X first, then one slot per layer) and returns
``(loss, coef_grads, intercept_grads)``. Its mix: the deltas belong to the summed loss
(the output delta is y - d, not (y - d) / N), the gradients to the mean (divided by N).
"""

from __future__ import annotations

import itertools

import numpy as np

ACTIVATIONS = {
    "identity": lambda z: z,
    "logistic": lambda z: 1.0 / (1.0 + np.exp(-z)),
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0),
}
# each derivative from the activation's output, as the forward pass keeps only that
DERIVATIVES = {
    "identity": lambda a: np.ones_like(a),
    "logistic": lambda a: a * (1 - a),
    "tanh": lambda a: 1 - a**2,
    "relu": lambda a: (a > 0).astype(a.dtype),
}


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


class MLPClassifier:
    def __init__(
        self, hidden_layer_sizes: tuple[int, ...] = (100,), activation: str = "relu", alpha: float = 1e-4
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.alpha = alpha

    def _initialize(self, n_features: int, n_classes: int, seed: int = 0) -> None:
        rng = np.random.default_rng(seed)
        units = [n_features, *self.hidden_layer_sizes, n_classes]
        self.n_layers_ = len(units)
        self.coefs_, self.intercepts_ = [], []
        for n_in, n_out in itertools.pairwise(units):
            bound = np.sqrt(6 / (n_in + n_out))  # Glorot's uniform bound
            self.coefs_.append(rng.uniform(-bound, bound, (n_in, n_out)))
            self.intercepts_.append(rng.uniform(-bound, bound, n_out))

    def _forward_pass(self, activations: list) -> list:
        hidden = ACTIVATIONS[self.activation]
        for i, (W, b) in enumerate(zip(self.coefs_, self.intercepts_, strict=True)):
            z = activations[i] @ W + b
            activations[i + 1] = softmax(z) if i == self.n_layers_ - 2 else hidden(z)
        return activations

    def _backprop(self, X, y, activations, deltas, coef_grads, intercept_grads):
        n_samples = X.shape[0]
        activations = self._forward_pass(activations)
        y_prob = np.clip(activations[-1], 1e-300, 1)  # the log loss takes log y
        loss = -(y * np.log(y_prob)).sum() / n_samples
        loss += 0.5 * self.alpha * sum((W * W).sum() for W in self.coefs_) / n_samples
        last = self.n_layers_ - 2
        deltas[last] = activations[-1] - y  # the summed loss's delta: no 1/N here
        for i in range(last, -1, -1):
            coef_grads[i] = (activations[i].T @ deltas[i] + self.alpha * self.coefs_[i]) / n_samples
            intercept_grads[i] = deltas[i].mean(axis=0)
            if i > 0:
                deltas[i - 1] = (deltas[i] @ self.coefs_[i].T) * DERIVATIVES[self.activation](activations[i])
        return loss, coef_grads, intercept_grads
