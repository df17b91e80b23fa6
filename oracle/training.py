"""``compare_training``: k steps of gradient descent with refbp and with torch.optim.SGD.

Contract: both runs start from ``net``'s arrays and take ``steps`` plain steps
theta <- theta - lr * dE/dtheta on the same (x, d): refbp with its own backprop (or with
``fn``, an implementation under the protocol of ``oracle.backprop_check``), torch with
autograd and ``torch.optim.SGD(lr=lr)`` (no momentum, no weight decay). At every step
t = 0..steps, before the update, the loss E and all parameters of the two runs are
compared: the verdict is a ``Training`` whose ``report`` holds two rows per step,
the parameters, then the loss they give.

The tolerance, derived. Both runs are float64 and the one table's entry applies:
an element passes when |theta_i - phi_i| <= atol + rtol |phi_i|, atol = 1e-12, rtol = 1e-9.
Why a trajectory stays inside it: let Delta_t = theta_t - phi_t (refbp minus torch),
Delta_0 = 0. One step is Delta_{t+1} = (I - lr H_t) Delta_t + lr (e_t - e'_t) + r_t, with
H_t the Hessian of E between the two points, e_t, e'_t the rounding errors of the two
gradients and r_t that of the update (|r_t| <= u |theta|, u = 2^-53 = 1.1e-16). Summing,
|Delta_t|_inf <= |Delta_t|_2 <= t rho^t (lr |g| eps + u |theta|), rho = max_s |I - lr H_s|_2,
eps = |e - e'| / |g|. eps is measured by the one-step oracle: over refbp-verify's 93 cases
the norm-wise relative difference of refbp's and autograd's gradients is at most 1.3e-15.
For the shipped runs (``RUNS``: lr = 0.1, E the mean, standardized data) |theta| ~ 2 and
lr |g| <= 0.08, so one step adds at most 0.08 * 1.3e-15 + 1.1e-16 * 2 ~ 3.3e-16, and the
absolute floor atol = 1e-12 holds for every element (even one near 0) while
t rho^t <= 3000: for 50 steps, while rho <= 1.08. In the stable regime of gradient
descent (lr < 2 / lambda_max) rho exceeds 1 only through negative curvature,
rho <= 1 + lr |lambda_min|; the measured differences (largest 3.3e-16 absolute after 50
steps, the size of one step's bound) show rho^t ~ 1 on these runs, three orders of
magnitude inside. A bug shows at step 1 (a dropped f', a gradient off by a factor
1 + 1e-7: the tests plant both). A run with a large lr or many steps (rho^t large) voids
the bound: there, two correct runs may part by chaos, not by a bug.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import torch

import refbp
from oracle.backprop_check import Backprop, unpack
from oracle.compare import compare
from oracle.datasets import TASKS, load
from oracle.report import Report
from oracle.tolerance import Tolerance, tolerance_for
from oracle.twin import forward_error
from refbp._checks import check_reduction
from refbp._types import Array, Reduction

__all__ = ["RUNS", "Training", "compare_training", "default_trainings"]

RUNS: tuple[tuple[str, tuple[int, ...], str], ...] = (
    ("iris", (4, 8, 3), "tanh"),
    ("breast_cancer", (30, 8, 1), "relu"),
    ("diabetes", (10, 8, 1), "sigmoid"),
)
"""The shipped training runs: (data set of ``oracle.datasets``, sizes, hidden activation)."""


@dataclass(frozen=True)
class Training:
    """Two loss curves (one value per step 0..k) and the report comparing the two runs."""

    loss_refbp: list[float]
    loss_torch: list[float]
    report: Report
    lr: float
    reduction: Reduction

    @property
    def passed(self) -> bool:
        """True when every step's loss and parameters agree within the tolerance."""
        return self.report.passed

    @property
    def case(self) -> str:
        """The name of the run."""
        return self.report.case

    def __str__(self) -> str:
        return str(self.report)


def _check_schedule(steps: object, lr: object) -> None:
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)):
        raise TypeError(f"steps must be an integer, got {steps!r}")
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"lr must be a finite number > 0, got {lr!r}")


def _gradients(
    net: refbp.MLP, x: Array, d: Array, reduction: Reduction, fn: Backprop | None
) -> tuple[Sequence[Array], Sequence[Array]]:
    """dE/dW and dE/db of every layer, from refbp or from ``fn`` (called on copies)."""
    if fn is None:
        grads = refbp.backprop(net, x, d, reduction)
        return grads.W, grads.b
    weights, biases = [w.copy() for w in net.weights], [v.copy() for v in net.biases]
    _, gW, gb = unpack(fn(weights, biases, x.copy(), net.prepare_target(d, len(x)).copy()))
    return cast(Sequence[Array], gW), cast(Sequence[Array], gb)


def _refbp_run(
    net: refbp.MLP, x: Array, d: Array, steps: int, lr: float, reduction: Reduction, fn: Backprop | None
) -> tuple[list[float], list[Array]]:
    losses, params = [], []
    for t in range(steps + 1):
        losses.append(net.loss(net.forward(x), d, reduction))
        params.append(np.concatenate([p.ravel() for p in (*net.weights, *net.biases)]))
        if t < steps:  # the last step is only measured
            gW, gb = _gradients(net, x, d, reduction, fn)
            W = [w - lr * np.asarray(g) for w, g in zip(net.weights, gW, strict=True)]
            b = [v - lr * np.asarray(g) for v, g in zip(net.biases, gb, strict=True)]
            net = refbp.MLP(W, b, hidden=net.hidden, task=net.task)
    return losses, params


def _torch_run(
    net: refbp.MLP, x: Array, d: Array, steps: int, lr: float, reduction: Reduction
) -> tuple[list[float], list[Array]]:
    W = [torch.tensor(w, dtype=torch.float64, requires_grad=True) for w in net.weights]
    b = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in net.biases]
    x_t = torch.from_numpy(np.array(x, dtype=np.float64))
    d_t = torch.from_numpy(np.array(net.prepare_target(d, len(x)), dtype=np.float64))
    opt = torch.optim.SGD([*W, *b], lr=lr)
    losses, params = [], []
    for t in range(steps + 1):
        E = forward_error(net, W, b, x_t, d_t, reduction)[2]
        losses.append(float(E.item()))
        params.append(np.concatenate([p.detach().numpy().ravel() for p in (*W, *b)]))
        if t < steps:
            opt.zero_grad()
            E.backward()  # type: ignore[no-untyped-call]
            opt.step()
    return losses, params


def compare_training(
    net: refbp.MLP,
    x: Array,
    d: Array,
    *,
    steps: int = 50,
    lr: float = 0.1,
    reduction: Reduction = "mean",
    fn: Backprop | None = None,
    case: str = "",
) -> Training:
    """Train ``net`` with refbp (or ``fn``) and with torch.optim.SGD; compare the two at every step."""
    if not isinstance(net, refbp.MLP) or net.dtype != np.float64:
        raise TypeError("net must be a float64 refbp.MLP (the trajectories are compared in float64)")
    _check_schedule(steps, lr)
    check_reduction(reduction)
    x = net.prepare_input(x)
    ours, our_params = _refbp_run(net, x, d, steps, lr, reduction, fn)
    theirs, their_params = _torch_run(net, x, d, steps, lr, reduction)
    tol: Tolerance = tolerance_for(np.float64)
    rows = []
    for t in range(steps + 1):
        rows.append(compare(None, f"step {t} parameters", our_params[t], their_params[t], tol))
        rows.append(compare(None, f"step {t} loss", ours[t], theirs[t], tol))  # E of those parameters
    return Training(ours, theirs, Report(rows=rows, case=case), float(lr), reduction)


def default_trainings(seed: int = 0, steps: int = 50, lr: float = 0.1) -> list[Training]:
    """``compare_training`` for every run of ``RUNS``, on the shipped data, from ``MLP.init(seed=seed)``."""
    out = []
    for name, sizes, hidden in RUNS:
        x, d = load(name)
        net = refbp.MLP.init(sizes, hidden=hidden, task=TASKS[name], seed=seed)
        case = f"{name} {'-'.join(map(str, sizes))} {hidden} lr={lr}"
        out.append(compare_training(net, x, d, steps=steps, lr=lr, case=case))
    return out
