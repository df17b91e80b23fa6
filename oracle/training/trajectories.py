"""``compare_training``: k steps of gradient descent with refbp and with torch.optim.SGD.

Contract: both runs start from ``net``'s arrays and take ``steps`` plain steps
theta <- theta - lr * dE/dtheta on the same (x, d): refbp with its own gradients
(``MLP.gradients``, ``backprop``'s bit for bit; or with ``fn``, an implementation under the
protocol of ``oracle.backprop.protocol``), torch with
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
eps = |e - e'| / |g|. eps is measured by the one-step oracle: over refbp-verify's suite (seed 0)
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

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np

import refbp
from oracle.backprop.conventions import Backprop, Conventions, check_callable, conventions
from oracle.backprop.read import given_by
from oracle.diagnosis import Given
from oracle.diagnosis.given import Layout
from oracle.training.datasets import DATA_SETS, load
from oracle.training.sgd import predictable_steps, torch_run
from oracle.verdict.compare import as_compared, compare, shape_note, unmeasured
from oracle.verdict.report import Report, check_case
from oracle.verdict.tolerance import Tol, resolve, tolerance_for
from refbp.checks import check_reduction, is_integer
from refbp.types import Array, Reduction

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
    horizon: int
    """The last step compared: beyond it, a difference of rounding size has grown past the
    tolerance at this lr (``predictable_steps``), so two correct runs may part."""

    @property
    def passed(self) -> bool:
        """True when every step's loss and parameters agree within the tolerance."""
        return self.report.passed

    @property
    def case(self) -> str:
        """The name of the run."""
        return self.report.case

    def __str__(self) -> str:
        steps = len(self.loss_torch) - 1
        if self.horizon == steps:
            return str(self.report)
        return (
            f"{self.report}\nsteps {self.horizon + 1}..{steps} not compared: at lr={self.lr:g} a "
            "difference of rounding size grows past the tolerance by then, so correct runs may part"
        )


def _check_schedule(steps: object, lr: object) -> None:
    if not is_integer(steps):
        raise TypeError(f"steps must be an integer, got {steps!r}")
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
        raise TypeError(f"lr must be a real number (a Python or NumPy float or int), got {type(lr).__name__}")
    try:
        finite = math.isfinite(lr) and float(lr) > 0
    except OverflowError:  # an int beyond float64's range
        finite = False
    if not finite:
        raise ValueError(f"lr must be a finite number > 0, got {lr!r}")


def _gradients(
    net: refbp.MLP,
    x: Array,
    d: Array,
    reduction: Reduction,
    fn: Backprop | None,
    conv: Conventions,
    workspace: refbp.Workspace,
) -> tuple[list[Array], list[Array]] | str:
    """dE/dW and dE/db of every layer, from refbp (its gradients-only path, in ``workspace``) or
    from ``fn`` (called on copies, in its conventions); or what makes ``fn``'s unusable for a step
    (checked as ``check_backprop`` checks it)."""
    if fn is None:
        grads = net.gradients(x, d, reduction, workspace=workspace)
        return grads.W, grads.b
    given = given_by(fn, net, x, d, reduction, conv, tolerance_for(net.dtype))
    if not isinstance(given, Given):
        return given.rows[0].explain()
    out: tuple[list[Array], list[Array]] = ([], [])
    for name, arrays, params, kept in (
        ("W", given.W, net.weights, out[0]),
        ("b", given.b, net.biases, out[1]),
    ):
        for k, (g, p) in enumerate(zip(cast(Sequence[Array], arrays), params, strict=True)):
            arr, problem = as_compared(g)
            if arr is None:
                return f"layer {k + 1} {name}: {problem}"
            if arr.shape != p.shape:
                return f"layer {k + 1} {name}: {shape_note(arr.shape, p.shape)}"
            kept.append(arr)
    return out


def _refbp_run(
    net: refbp.MLP,
    x: Array,
    d: Array,
    steps: int,
    lr: float,
    reduction: Reduction,
    fn: Backprop | None,
    conv: Conventions,
) -> tuple[list[float], list[Array], str]:
    """Losses and parameters of steps 0..steps; the run stops early, saying why, at a step
    whose gradients are unusable or whose update leaves the parameters non-finite."""
    losses: list[float] = []
    params: list[Array] = []

    def measure(net: refbp.MLP) -> None:
        losses.append(net.loss(net.forward(x), d, reduction))
        params.append(np.concatenate([p.ravel() for p in (*net.weights, *net.biases)]))

    workspace = refbp.Workspace(net, len(x))  # every step's network has net's sizes: one fits all
    for _ in range(steps):
        measure(net)
        grads = _gradients(net, x, d, reduction, fn, conv, workspace)
        if isinstance(grads, str):
            return losses, params, grads
        with np.errstate(over="ignore"):  # finite w and g: only lr g can overflow, named below
            W = [w - lr * g for w, g in zip(net.weights, grads[0], strict=True)]
            b = [v - lr * g for v, g in zip(net.biases, grads[1], strict=True)]
        if not all(np.isfinite(p).all() for p in (*W, *b)):
            return losses, params, "the update with them left parameters non-finite (gradients too large)"
        net = net.with_layers(W, b)
    measure(net)  # the last step is only measured
    return losses, params, ""


def compare_training(
    net: refbp.MLP,
    x: Array,
    d: Array,
    *,
    steps: int = 50,
    lr: float = 0.1,
    reduction: Reduction = "mean",
    fn: Backprop | None = None,
    tol: Tol = None,
    case: str = "",
    layout: Layout = "out_in",
    per_example: bool = False,
    labels: bool = False,
) -> Training:
    """Train ``net`` with refbp (or ``fn``) and with torch.optim.SGD; compare the two at every step.

    ``fn`` is called in the conventions ``layout``, ``per_example`` and ``labels`` name (as
    ``check_backprop`` takes them; its dE/dW and dE/db are used) and is checked as
    ``check_backprop`` checks it: a value of none of its forms, a returned list of the wrong length,
    an array of the wrong shape, or one that is not real and finite ends the refbp run at
    that step with a failing row that says why. ``tol`` overrides the float64 tolerance
    (``oracle.verdict.tolerance.resolve``). A ValueError names an ``lr`` that makes torch's own run
    diverge: no verdict can be had there.
    """
    if not isinstance(net, refbp.MLP) or net.dtype != np.float64:
        raise TypeError("net must be a float64 refbp.MLP (the trajectories are compared in float64)")
    if fn is not None:
        check_callable(fn)
    conv = conventions(layout, per_example, labels, net)
    _check_schedule(steps, lr)
    check_reduction(reduction)
    check_case(case)
    tolerance = resolve(np.float64, tol)
    x = net.prepare_input(x)
    lr = float(lr)
    theirs, their_params = torch_run(net, x, d, steps, lr, reduction)
    horizon = predictable_steps(net, x, d, lr, reduction, tolerance, their_params)
    ours, our_params, stopped = _refbp_run(net, x, d, horizon, lr, reduction, fn, conv)
    rows = []
    for t in range(len(ours)):
        rows.append(compare(None, f"step {t} parameters", our_params[t], their_params[t], tolerance))
        rows.append(compare(None, f"step {t} loss", ours[t], theirs[t], tolerance))  # E of those parameters
    if stopped:
        rows.append(unmeasured(None, f"step {len(ours) - 1} gradients", stopped, tolerance))
    report = Report(rows=rows, case=case, tolerance=tolerance)
    return Training(ours, theirs, report, lr, reduction, horizon)


def default_trainings(seed: int = 0, steps: int = 50, lr: float = 0.1) -> list[Training]:
    """``compare_training`` for every run of ``RUNS``, on the shipped data, from ``MLP.init(seed=seed)``."""
    out = []
    for name, sizes, hidden in RUNS:
        x, d = load(name)
        net = refbp.MLP.init(sizes, hidden=hidden, task=DATA_SETS[name], seed=seed)
        case = f"{name} {'-'.join(map(str, sizes))} {hidden} lr={lr}"
        out.append(compare_training(net, x, d, steps=steps, lr=lr, case=case))
    return out
