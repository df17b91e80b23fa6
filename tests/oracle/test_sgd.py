"""oracle.training.sgd: torch's SGD trajectory in float64, and the predictable horizon, on nets worked
by hand."""

from __future__ import annotations

import re

import numpy as np
import pytest

import oracle
import refbp
from oracle.training.sgd import torch_run


def pairs_net(pairs: int, value: float) -> tuple[refbp.MLP, np.ndarray, np.ndarray]:
    """A linear net y = w . x + b at a minimum of E, with a Hessian known in closed form.

    Every w_i is ``value``, b = 0, d = 0; x holds the rows +-2 (e_2i - e_2i+1), so y = 0 and
    every gradient is exactly 0: torch's run stays put. E = 1/2 mean (y - d)^2 has the
    Hessian 2 (e_2i - e_2i+1)(e_2i - e_2i+1)^T per pair (and 1 for b): a step at lr = 1.5
    multiplies a difference w_2i - w_2i+1 by 1 - 1.5 * 4 / 2 = -2, keeps a sum w_2i + w_2i+1,
    and multiplies b by -0.5. A move (s, -s) of a pair doubles every step; (s, s) stays.
    All of it is exact in float64 (powers of two).
    """
    rows = []
    for i in range(pairs):
        row = np.zeros(2 * pairs)
        row[2 * i], row[2 * i + 1] = 2.0, -2.0
        rows += [row, -row]
    net = refbp.MLP([np.full((1, 2 * pairs), value)], [np.zeros(1)], hidden="tanh", task="regression")
    return net, np.array(rows), np.zeros((len(rows), 1))


SUFFIX = " a difference of rounding size grows past the tolerance by then, so correct runs may part"


@pytest.mark.parametrize(
    ("value", "horizon"),
    [
        # the probe moves each parameter by 2^-44 (1 + |theta|) with random signs; of 4 pairs,
        # one at least (all but 1 in 16 sign patterns) moves (s, -s) and doubles each step.
        # w = 0: the allowance is atol / 10 = 1e-13 (rtol * 0 = 0); 2^-44 = 5.7e-14 passes at
        # step 0, 2^-43 = 1.1e-13 fails at step 1: horizon 0
        (0.0, 0),
        # w = 1: s = 2^-43, the allowance (1e-12 + 1e-9 * 1) / 10 = 1.001e-10; 2^-34 = 5.8e-11
        # passes at step 9, 2^-33 = 1.16e-10 fails at step 10: horizon 9
        (1.0, 9),
    ],
)
def test_the_horizon_is_the_last_step_before_the_probe_leaves_a_tenth_of_the_tolerance(value, horizon):
    net, x, d = pairs_net(4, value)
    run = oracle.compare_training(net, x, d, steps=12, lr=1.5)
    assert run.horizon == horizon
    assert run.passed, run
    assert len(run.report.rows) == 2 * (horizon + 1)
    assert str(run).endswith(f"\nsteps {horizon + 1}..12 not compared: at lr=1.5" + SUFFIX)


def test_the_horizon_is_reproducible():
    # one pair: the probe's signs for it are (s, s), which stays, or (s, -s), which doubles
    # each step: a horizon of 4 or of 0. Whichever it is, the same call gives the same one.
    net, x, d = pairs_net(1, 0.0)
    horizons = {oracle.compare_training(net, x, d, steps=4, lr=1.5).horizon for _ in range(10)}
    assert len(horizons) == 1


def test_the_divergence_is_named_at_the_first_step_whose_loss_overflows():
    # y = w x, x = 1, d = 0, w = 1: step 1 sets w = 1 - 1e160 * 1, finite, whose loss
    # w^2 / 2 = 5e319 is not: torch's run is refused there (not at step 2, where w overflows)
    net = refbp.MLP([np.ones((1, 1))], [np.zeros(1)], task="regression")
    message = (
        "lr=1e+160 makes gradient descent diverge: torch.optim.SGD's loss or parameters are no longer "
        "finite at step 1; use a smaller lr or fewer steps"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        oracle.compare_training(net, [[1.0]], [[0.0]], steps=3, lr=1e160)


def test_torch_runs_in_float64_whatever_the_dtypes_it_is_given():
    # a float32 net, integer inputs, a target whose 1 - d rounds in float32 (0.3f): the
    # run is the float64 run of the same numbers
    net32 = refbp.MLP.init((2, 3, 1), hidden="tanh", task="binary", seed=0, dtype=np.float32)
    x = np.array([[1, -2], [3, 0], [0, 1]])
    d = np.array([[0.3], [0.7], [0.1]], dtype=np.float32)
    net64 = refbp.MLP(
        [w.astype(np.float64) for w in net32.weights],
        [v.astype(np.float64) for v in net32.biases],
        hidden="tanh",
        task="binary",
    )
    losses, params = torch_run(net32, x, d, 2, 0.5, "mean")
    want_losses, want_params = torch_run(net64, x.astype(np.float64), d.astype(np.float64), 2, 0.5, "mean")
    assert losses == want_losses
    for p, q in zip(params, want_params, strict=True):
        assert p.dtype == np.float64
        np.testing.assert_array_equal(p, q)
