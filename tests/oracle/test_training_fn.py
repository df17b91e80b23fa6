"""compare_training checks its fn and lr as check_backprop does, and compares only what can be."""

from __future__ import annotations

import numpy as np
import pytest
from rows import unmeasured_json

import oracle
import refbp


@pytest.fixture
def problem():
    net = refbp.MLP.init((3, 4, 2), hidden="tanh")
    rng = np.random.default_rng(0)
    return net, rng.normal(size=(5, 3)), rng.normal(size=(5, 2))


def _returning(change):
    def fn(weights, biases, x, d):
        g = refbp.backprop(refbp.MLP(weights, biases, hidden="tanh"), x, d, "mean")
        return change(g.delta, g.W, g.b)

    return fn


@pytest.mark.parametrize(
    ("change", "note"),
    [
        (
            lambda dl, W, b: (dl, W[:1], b),
            "W: fn returned 1 arrays, expected 2: one per layer, position k is layer k + 1",
        ),
        (
            lambda dl, W, b: (dl, [W[0].T, W[1]], b),
            "layer 1 W: has shape (3, 4), expected (4, 3) (is it transposed?)",
        ),
        (
            lambda dl, W, b: (dl, W, [b[0] * np.nan, b[1]]),
            "layer 1 b: has 4 element(s) NaN or +-Inf, the first at index (0,)",
        ),
        (
            lambda dl, W, b: (dl, W, [b[0] + 0j, b[1]]),
            "layer 1 b: has dtype complex128, not real numbers; return a float array",
        ),
        (
            lambda dl, W, b: (dl, [np.full_like(W[0], -1.7e308), W[1]], b),
            "the update with them left parameters non-finite (gradients too large)",
        ),
    ],
)
def test_unusable_gradients_end_the_run_with_a_failing_row(problem, change, note):
    net, x, d = problem
    run = oracle.compare_training(net, x, d, steps=3, lr=2.0, fn=_returning(change))
    assert not run.passed
    last = run.report.rows[-1]
    assert last.where == "step 0 gradients"
    assert last.note == note
    assert last.to_dict() == unmeasured_json("step 0 gradients", note)  # what --json prints of it
    assert str(run).splitlines()[-2].split() == [
        "-",
        "step",
        "0",
        "gradients",
        "inf",
        "inf",
        "rtol=1e-09,",
        "atol=1e-12",
        "FAIL",
    ]
    assert len(run.loss_refbp) == 1
    assert len(run.loss_torch) == 4


def test_a_correct_fn_passes_and_a_non_callable_is_refused(problem):
    net, x, d = problem
    assert oracle.compare_training(net, x, d, steps=3, fn=_returning(lambda *g: g)).passed
    with pytest.raises(TypeError, match=r"^fn must be a callable fn\(weights, biases, x, d\), got int$"):
        oracle.compare_training(net, x, d, fn=3)


def test_numpy_scalars_are_taken_as_lr_and_steps(problem):
    net, x, d = problem
    run = oracle.compare_training(net, x, d, steps=np.int64(2), lr=np.float32(0.1))
    assert run.passed
    assert run.lr == pytest.approx(0.1)
    assert len(run.loss_torch) == 3


def test_an_lr_that_makes_torch_diverge_is_refused(problem):
    net, x, d = problem
    with pytest.raises(ValueError, match=r"^lr=1\.8\d+e\+19 makes gradient descent diverge"):
        oracle.compare_training(net, x, d, lr=2**64)


def test_steps_past_the_predictable_horizon_are_not_compared():
    # tanh + sigmoid at lr = 30 is chaotic: correct runs part after a few steps
    net = refbp.MLP.init((3, 4, 2), hidden="tanh", task="binary")
    rng = np.random.default_rng(0)
    x, d = rng.normal(size=(5, 3)), np.abs(np.tanh(np.random.default_rng(1).normal(size=(5, 2))))
    run = oracle.compare_training(net, x, d, steps=50, lr=30.0)
    assert run.passed
    assert run.horizon < 50
    assert len(run.report.rows) == 2 * (run.horizon + 1)
    assert str(run) == (
        f"{run.report}\nsteps {run.horizon + 1}..50 not compared: at lr=30 a difference of rounding size "
        "grows past the tolerance by then, so correct runs may part"
    )
    calm = oracle.compare_training(net, x, d, steps=5, lr=0.1)
    assert calm.horizon == 5
    assert "not compared" not in str(calm)
