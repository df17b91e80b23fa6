"""Extreme logits for every pair whose error takes log y: refbp against autograd, no warnings.

Where an output's y rounds to 0 (sigmoid or exp below z ~ -745 in float64 and ~ -104 in
float32; a softmax unit far below its row's maximum), dE/dy = -d / y is infinite and the
chain rule through y, dE/dy * f'(z), is inf * 0: NaN with a RuntimeWarning. refbp takes
the chain rule through log y instead (``refbp.chain_delta``). Each network here
plants logits of +-120 (float32) or +-800 (float64) in its output layer.
"""

from __future__ import annotations

import numpy as np
import pytest

import oracle
import refbp

LOG_PAIRS = [(o, loss) for o in ("sigmoid", "softmax", "exp") for loss in ("cross_entropy", "poisson")] + [
    ("sigmoid", "binary_cross_entropy")
]


def planted(output: str, loss: str, dtype: type, scale: float) -> tuple[refbp.MLP, np.ndarray, np.ndarray]:
    """A 3-4-3 tanh net whose output biases are +-scale (exp: -scale only, e^scale overflows)."""
    rng = np.random.default_rng(1)
    weights = [rng.uniform(-1, 1, (4, 3)), rng.uniform(-1, 1, (3, 4))]
    top = -scale if output == "exp" else scale
    biases = [rng.uniform(-1, 1, 4), np.array([top, -scale, 0.5])]
    net = refbp.MLP(
        [w.astype(dtype) for w in weights],
        [b.astype(dtype) for b in biases],
        "tanh",
        output=output,
        loss=loss,
    )
    x = rng.normal(size=(5, 3)).astype(dtype)
    # rows not summing to 1: softmax + cross_entropy takes the chain rule (E11) too
    d = rng.uniform(size=(5, 3)) if loss == "binary_cross_entropy" else rng.uniform(0.1, 2.0, size=(5, 3))
    return net, x, d.astype(dtype)


@pytest.mark.parametrize(("output", "loss"), LOG_PAIRS)
def test_float32_logits_where_y_rounds_to_0_pass_the_check(output: str, loss: str) -> None:
    net, x, d = planted(output, loss, np.float32, 120.0)
    assert (net.forward(x).y == 0).any()  # y really rounds to 0 in float32
    report = oracle.check(net, x, d)
    assert report.passed, report.first_failure.explain()  # type: ignore[union-attr]


@pytest.mark.parametrize(("output", "loss"), LOG_PAIRS)
def test_float64_logits_where_y_rounds_to_0_pass_the_check(output: str, loss: str) -> None:
    net, x, d = planted(output, loss, np.float64, 800.0)
    assert (net.forward(x).y == 0).any()  # y really rounds to 0 in float64, autograd's y too
    # the radius through y is NaN here (dE/dy is infinite): the one through z decides
    report = oracle.check(net, x, d)
    assert report.passed, report.first_failure.explain()  # type: ignore[union-attr]
