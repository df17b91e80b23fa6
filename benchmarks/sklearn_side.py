"""The scikit-learn side: ``_backprop`` of its multilayer perceptron, as its ``fit`` calls it.

Same weights and batch as refbp's (``coefs_`` are refbp's W transposed: sklearn multiplies
``a @ coefs_``), alpha = 0. sklearn's loss is the mean over the batch (``sw_sum`` = N), so its
gradients are refbp's with ``reduction="mean"``; its output layers are the canonical pairs
(identity + squared error, logistic + binary log loss, softmax + log loss), whose output delta
is a - y as in refbp. Targets are what ``fit`` hands ``_backprop``: the label binarizer's
boolean one-hot (or 0/1) matrix for a classifier, the float targets for a regressor; the
activation, delta and gradient lists are preallocated once, as in ``fit``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from sklearn.neural_network import MLPClassifier, MLPRegressor

import refbp
from benchmarks.sides import Spec

__all__ = ["sklearn_step"]

ACTIVATION = {"tanh": "tanh", "relu": "relu", "sigmoid": "logistic"}  # refbp's name: sklearn's
OUTPUT = {"regression": "identity", "binary": "logistic", "multiclass": "softmax"}


def _estimator(spec: Spec, net: refbp.MLP) -> MLPClassifier | MLPRegressor:
    cls = MLPRegressor if spec.task == "regression" else MLPClassifier
    mlp = cls(hidden_layer_sizes=spec.sizes[1:-1], activation=ACTIVATION[spec.hidden], alpha=0.0)
    # the attributes fit's _initialize sets, with refbp's weights in place of its random ones
    mlp.n_layers_ = len(spec.sizes)
    mlp.n_outputs_ = spec.sizes[-1]
    mlp.out_activation_ = OUTPUT[spec.task]
    mlp.coefs_ = [np.ascontiguousarray(W.T) for W in net.weights]
    mlp.intercepts_ = [b.copy() for b in net.biases]
    return mlp


def _target(spec: Spec, d: np.ndarray) -> np.ndarray:
    if spec.task == "multiclass":
        onehot: np.ndarray = np.eye(spec.sizes[-1], dtype=bool)[d]  # LabelBinarizer(...).astype(bool), as fit
        return onehot
    if spec.task == "binary":
        return d.astype(bool)
    return d.copy()


def sklearn_step(
    spec: Spec, net: refbp.MLP, x: np.ndarray, d: np.ndarray
) -> Callable[[], tuple[Any, list[np.ndarray], list[np.ndarray]]]:
    """One ``_backprop`` on copies of the row's arrays; returns (loss, coef_grads, intercept_grads)."""
    mlp, X, y = _estimator(spec, net), x.copy(), _target(spec, d)
    layers = len(spec.sizes)
    activations: list[Any] = [X] + [None] * (layers - 1)
    deltas: list[Any] = [None] * (layers - 1)
    coef_grads = [
        np.empty((i, o), dtype=X.dtype) for i, o in zip(spec.sizes[:-1], spec.sizes[1:], strict=True)
    ]
    intercept_grads = [np.empty(o, dtype=X.dtype) for o in spec.sizes[1:]]

    def step() -> tuple[Any, list[np.ndarray], list[np.ndarray]]:
        return mlp._backprop(X, y, None, activations, deltas, coef_grads, intercept_grads)  # type: ignore[no-any-return]

    return step
