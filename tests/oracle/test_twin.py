"""oracle.twin: autograd confirms refbp on every pair, and the non-canonical deltas are not y - d."""

from __future__ import annotations

import numpy as np
import pytest

import refbp
from oracle import assert_matches, check, reference
from oracle.twin import ERROR, LOG, OUTPUT

PAIRS = [
    (o, loss) for o, out in refbp.OUTPUTS.items() for loss, err in refbp.LOSSES.items() if err.accepts(out)
]


def test_the_tables_cover_refbps_outputs_and_losses() -> None:
    assert set(OUTPUT) == set(LOG) == set(refbp.OUTPUTS)
    assert set(ERROR) == set(refbp.LOSSES)


@pytest.mark.parametrize(("output", "loss"), PAIRS)
def test_every_pair_agrees_with_autograd(output: str, loss: str, rng: np.random.Generator) -> None:
    net = refbp.MLP.init((3, 5, 3), hidden="softplus", output=output, loss=loss, seed=4)
    x, d = rng.normal(size=(6, 3)), rng.uniform(0.1, 0.9, size=(6, 3))
    assert_matches(net, x, d, "mean")


@pytest.mark.parametrize(
    ("output", "loss"),
    [
        ("sigmoid", "squared_error"),
        ("softmax", "squared_error"),
        ("tanh", "squared_error"),
        ("softmax", "cross_entropy"),
    ],
)
def test_noncanonical_deltas_agree_with_autograd_and_are_not_y_minus_d(output, loss, rng) -> None:
    net = refbp.MLP.init((4, 6, 3), hidden="tanh", output=output, loss=loss, seed=9)
    x, d = rng.normal(size=(8, 4)), rng.uniform(0.1, 0.9, size=(8, 3))  # rows do not sum to 1
    report = check(net, x, d)
    assert report.passed
    assert "delta = y - d (autograd)" not in [row.quantity for row in report.rows]
    ref = reference(net, x, d)
    assert not ref.canonical
    gap = np.abs(ref.delta[-1] - (ref.a[-1] - ref.d))
    assert gap.max() > 0.1 * np.abs(ref.a[-1] - ref.d).max()  # autograd itself: not y - d


@pytest.mark.parametrize("task", ["poisson", "multilabel"])
def test_the_new_tasks_are_canonical_in_autograd_too(task: str, rng: np.random.Generator) -> None:
    net = refbp.MLP.init((3, 4, 3), hidden="tanh", task=task, seed=1)
    x, d = rng.normal(size=(5, 3)), rng.integers(0, 2, size=(5, 3)).astype(float)
    report = check(net, x, d)
    assert report.passed
    assert "delta = y - d (autograd)" in [row.quantity for row in report.rows]
    assert reference(net, x, d).canonical


def test_poisson_is_stable_at_large_logits() -> None:
    net = refbp.MLP([np.array([[1.0]])], [np.array([0.0])], task="poisson")
    x, d = np.array([[300.0], [-300.0]]), np.array([[2.0], [0.0]])
    assert_matches(net, x, d)


def test_a_noncanonical_pair_given_y_minus_d_fails_at_layer_L(monkeypatch, rng) -> None:
    monkeypatch.setattr(refbp.Pair, "uses_identity", lambda self, d: True)  # the classic bug
    net = refbp.MLP.init((3, 4, 2), hidden="tanh", output="sigmoid", loss="squared_error", seed=2)
    report = check(net, rng.normal(size=(5, 3)), rng.normal(size=(5, 2)))
    assert report.first_failure is not None
    assert report.first_failure.where == "layer 2 delta"
