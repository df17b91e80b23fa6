"""torch.optim.SGD's trajectory, and how many of its steps a comparison can rest on.

Contract: ``torch_run`` takes ``steps`` plain steps of ``torch.optim.SGD`` (no momentum,
no weight decay) from ``net``'s arrays, E written by the twin (``oracle.twin.autograd``), and
returns the loss and all parameters at every step 0..steps; it raises a ValueError naming
``lr`` when the run diverges. ``predictable_steps`` measures how long two correct runs stay
together (``oracle.training.trajectories``'s module doc derives why that bounds a correct refbp run).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import torch

import refbp
from oracle.twin.autograd import as_tensor, forward_error
from oracle.verdict.compare import compare
from oracle.verdict.tolerance import PROBE_HEADROOM, Tolerance
from refbp.types import Array, Reduction

__all__ = ["SHIFT", "predictable_steps", "torch_run"]


def torch_run(
    net: refbp.MLP, x: Array, d: Array, steps: int, lr: float, reduction: Reduction
) -> tuple[list[float], list[Array]]:
    W = [as_tensor(w, grad=True) for w in net.weights]
    b = [as_tensor(v, grad=True) for v in net.biases]
    x_t, d_t = as_tensor(x), as_tensor(net.prepare_target(d, len(x)))
    opt = torch.optim.SGD([*W, *b], lr=lr)
    losses, params = [], []
    for t in range(steps + 1):
        E = forward_error(net, W, b, x_t, d_t, reduction)[2]
        losses.append(float(E.item()))
        params.append(np.concatenate([p.detach().numpy().ravel() for p in (*W, *b)]))
        if not (math.isfinite(losses[-1]) and np.isfinite(params[-1]).all()):
            raise ValueError(
                f"lr={lr!r} makes gradient descent diverge: torch.optim.SGD's loss or parameters are "
                f"no longer finite at step {t}; use a smaller lr or fewer steps"
            )
        if t < steps:
            opt.zero_grad()
            E.backward()  # type: ignore[no-untyped-call]
            opt.step()
    return losses, params


SHIFT = 2.0**-44
"""The probe's start: every parameter moved by SHIFT (1 + |theta|), ~5.7e-14 relative, with
random signs: some forty times the rounding of one gradient (at most 1.3e-15 relative,
module doc), so that it grows as fast as rounding can, in every direction."""


def predictable_steps(
    net: refbp.MLP,
    x: Array,
    d: Array,
    lr: float,
    reduction: Reduction,
    tolerance: Tolerance,
    reference: list[Array],
) -> int:
    """The last step t at which a second correct torch run (moved by ``SHIFT`` at the start,
    the batch summed in reverse order) still agrees with ``reference`` (torch's parameters
    at steps 0..) within ``tolerance`` / ``PROBE_HEADROOM``: where rho^t (module doc) is
    measured small. Up to there a correct run stays inside the tolerance; past it, two
    correct runs may part by chaos, not by a bug.
    """
    signs = np.random.default_rng(0)
    moved = net.with_layers(
        *(
            [p + SHIFT * (1 + np.abs(p)) * signs.choice((-1.0, 1.0), p.shape) for p in ps]
            for ps in (net.weights, net.biases)
        )
    )
    steps = len(reference) - 1
    _, shifted = torch_run(moved, x[::-1], np.asarray(d)[::-1], steps, lr, reduction)
    strict = replace(tolerance, rtol=tolerance.rtol / PROBE_HEADROOM, atol=tolerance.atol / PROBE_HEADROOM)
    for t, (p, q) in enumerate(zip(shifted, reference, strict=True)):
        if not compare(None, "probe", p, q, strict).passed:
            return t - 1
    return steps
