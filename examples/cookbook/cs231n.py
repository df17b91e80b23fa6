"""A two-layer net as CS231n's ``TwoLayerNet.loss`` writes it, written here from scratch.

Its conventions: a dict ``params`` of W1 (D, H), b1 (H,), W2 (H, C), b2 (C,), applied as
``X @ W + b`` (the x @ W layout); ReLU in the hidden layer; softmax with cross-entropy
averaged over the N examples, on integer labels ``y`` (N,); an L2 term ``reg`` (0 here by
default, to compare with an unregularised network); ``loss(X, y)`` returns
``(loss, grads)``, grads a dict with the keys of ``params``.
"""

from __future__ import annotations

import numpy as np


class TwoLayerNet:
    def __init__(self, input_size: int, hidden_size: int, output_size: int, std: float = 1e-4, seed: int = 0):
        rng = np.random.default_rng(seed)
        self.params = {
            "W1": std * rng.standard_normal((input_size, hidden_size)),
            "b1": np.zeros(hidden_size),
            "W2": std * rng.standard_normal((hidden_size, output_size)),
            "b2": np.zeros(output_size),
        }

    def loss(self, X: np.ndarray, y: np.ndarray | None = None, reg: float = 0.0):
        """The class scores when ``y`` is None, else (loss, grads) of the mean loss."""
        W1, b1, W2, b2 = (self.params[k] for k in ("W1", "b1", "W2", "b2"))
        N = X.shape[0]
        hidden = np.maximum(0, X @ W1 + b1)
        scores = hidden @ W2 + b2
        if y is None:
            return scores
        shifted = scores - scores.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        loss = -log_probs[np.arange(N), y].mean() + reg * ((W1 * W1).sum() + (W2 * W2).sum())
        dscores = np.exp(log_probs)
        dscores[np.arange(N), y] -= 1
        dscores /= N
        dhidden = (dscores @ W2.T) * (hidden > 0)
        grads = {
            "W1": X.T @ dhidden + 2 * reg * W1,
            "b1": dhidden.sum(axis=0),
            "W2": hidden.T @ dscores + 2 * reg * W2,
            "b2": dscores.sum(axis=0),
        }
        return loss, grads
