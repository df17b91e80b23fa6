"""A witness that needs no torch: dE/dW and dE/db by central differences of E, in float64.

Contract: ``finite_difference(net, x, d)`` nudges every weight and bias by +-h, one at a
time, evaluates E with refbp's forward pass and error function only (never its backward
pass), and returns (E(theta + h) - E(theta - h)) / 2h laid out like refbp's gradients
(lists ``W`` and ``b``, position k is layer k + 1). ``check_finite_differences`` compares
refbp's backward pass with it, layer by layer, under ``FINITE_DIFFERENCE``.

How h (``eps``) and the tolerance were chosen. The central difference has a truncation
error of h^2 |E'''| / 6 and a rounding error of about u |E| / h, with u = 2^-52 the
float64 unit roundoff (E itself is only known to a few u relative). The sum is least
at h ~ u^(1/3) ~ 6e-6 (times |theta| for a large parameter, so that theta + h keeps
enough bits of h), where both terms are ~u^(2/3) ~ 4e-11 of the scale of E. Measured
on the built-in suite (``refbp-verify``, seed 0): at most 6.2e-11 * max(1, |E|). The
comparison (``FINITE_DIFFERENCE``) allows 1e-8 * max(1, |E|) absolute plus 1e-7
relative: over a hundredfold headroom over rounding, and still far below any bug the
suite plants (a dropped f', a transposed W), which moves gradients by O(1). It is
looser than autograd's 1e-9 because differencing loses a third of the digits to
rounding; autograd stays the tight witness, this one the independent one.

A derivative is only a limit where E is smooth: a ReLU hidden unit whose z changes sign
between theta - h and theta + h makes the quotient meaningless. Such parameters are
marked in ``W_kink`` and ``b_kink``, and the check leaves them out (and says so).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

import refbp
from oracle.verdict.compare import Row, compare
from oracle.verdict.report import Report, check_case
from oracle.verdict.tolerance import finite_difference_tolerance
from refbp.types import Reduction

__all__ = ["EPS", "FiniteDifferences", "check_finite_differences", "finite_difference"]

U64 = float(np.finfo(np.float64).eps)
"""The least relative step: float64's machine epsilon (theta +- h must differ from theta)."""

EPS = float(np.finfo(np.float64).eps ** (1 / 3))
"""The default relative step h / max(1, |theta|): u^(1/3), about 6.1e-6 (see above)."""

KINKED = ("relu", "leaky_relu")
"""Hidden activations whose derivative jumps at z = 0."""


@dataclass(frozen=True, eq=False)
class FiniteDifferences:
    """Central-difference dE/dW and dE/db (float64, refbp's layout), the step and E itself."""

    W: list[np.ndarray]
    b: list[np.ndarray]
    eps: float
    loss: float
    W_kink: list[np.ndarray]
    b_kink: list[np.ndarray]
    """True where theta +- h moved some hidden ReLU z across 0: a meaningless quotient there."""

    @property
    def kinks(self) -> int:
        """How many parameters' quotients straddle a ReLU kink."""
        return int(sum(m.sum() for m in (*self.W_kink, *self.b_kink)))


def float64_copy(net: refbp.MLP, x: np.ndarray, d: np.ndarray) -> tuple[refbp.MLP, np.ndarray, np.ndarray]:
    """``net``, x and d in float64, x and d checked by ``net``'s own rules first.

    A float32 network's copy names its output and loss apart from its task: its d was
    checked in float32 (multiclass rows summing to 1 within float32's rounding), and the
    task's float64 check would refuse such rows.
    """
    # contiguous copies: E's sums then round alike whatever the caller's memory layout
    x = np.ascontiguousarray(net.prepare_input(x))  # the same checks as refbp's forward and backward
    d = np.ascontiguousarray(net.prepare_target(d, len(x)))
    if net.dtype == np.float64:
        return net, x, d
    W = [w.astype(np.float64) for w in net.weights]
    b = [v.astype(np.float64) for v in net.biases]
    return net.with_layers(W, b, keep_task=False), x.astype(np.float64), d.astype(np.float64)


def _loss_from(
    net: refbp.MLP,
    k: int,
    W: np.ndarray,
    b: np.ndarray,
    a: list[np.ndarray],
    d: np.ndarray,
    reduction: Reduction,
) -> tuple[float, list[np.ndarray]]:
    """E when layer k + 1 has weights W and biases b: refbp's forward (E1-E2) from a^(k) on.

    Returns E and the hidden z of the layers it recomputed (for the kink check).
    """
    a_l, z = a[k], a[k]
    hidden: list[np.ndarray] = []
    for l in range(k, len(net.weights)):
        z = refbp.pre_activation(W if l == k else net.weights[l], b if l == k else net.biases[l], a_l)
        if l < len(net.weights) - 1:
            hidden.append(z)
            a_l = net.activation.f(z)
    E = float(net.pair.error(z, net.pair.output.f(z), d).sum())
    return (E / len(d) if reduction == "mean" else E), hidden


def finite_difference(
    net: refbp.MLP, x: np.ndarray, d: np.ndarray, reduction: Reduction = "sum", eps: float = EPS
) -> FiniteDifferences:
    """dE/dtheta ~ (E(theta + h) - E(theta - h)) / 2h for every weight and bias, h = eps * max(1, |theta|).

    x, d, reduction: as ``MLP.backward`` takes them; E is evaluated in float64 whatever
    the network's dtype. Layers below the nudged one are not recomputed.
    """
    if not isinstance(net, refbp.MLP):
        raise TypeError(f"net must be a refbp.MLP, got {type(net).__name__}")
    if isinstance(eps, bool) or not isinstance(eps, numbers.Real):
        raise TypeError(f"eps must be a real number, the relative step; got {type(eps).__name__}")
    try:
        eps = float(eps)  # a NumPy float32 eps would make every step float32
    except OverflowError:  # an int beyond float64's range
        eps = math.inf
    if not (U64 <= eps < 1):  # below u, theta + h rounds back to theta: a zero step
        raise ValueError(
            f"eps must lie in [{U64:.3g}, 1) (float64's eps to 1), the relative step; got {eps!r}"
        )
    base, x, d = float64_copy(net, x, d)
    fwd = base.forward(x)
    kinked = base.hidden in KINKED
    signs = [np.signbit(z) for z in fwd.z[:-1]]
    grads: list[list[np.ndarray]] = [[], []]
    kinks: list[list[np.ndarray]] = [[], []]
    for k, (W, b) in enumerate(zip(base.weights, base.biases, strict=True)):
        for group, p in enumerate((W, b)):
            grad, kink = np.zeros_like(p), np.zeros(p.shape, dtype=bool)
            for index in np.ndindex(p.shape):
                theta = float(p[index])
                h = eps * max(1.0, abs(theta))
                E = []
                for value in (theta + h, theta - h):
                    q = p.copy()
                    q[index] = value
                    E_q, hidden = _loss_from(
                        base, k, *((q, b) if group == 0 else (W, q)), fwd.a, d, reduction
                    )
                    E.append(E_q)
                    if kinked:
                        kink[index] |= any(
                            (np.signbit(z) != s).any() for z, s in zip(hidden, signs[k:], strict=True)
                        )
                grad[index] = (E[0] - E[1]) / ((theta + h) - (theta - h))  # the step as represented
            grads[group].append(grad)
            kinks[group].append(kink)
    loss = base.loss(fwd, d, reduction)
    return FiniteDifferences(grads[0], grads[1], float(eps), loss, kinks[0], kinks[1])


def check_finite_differences(
    net: refbp.MLP, x: np.ndarray, d: np.ndarray, reduction: Reduction = "sum", *, case: str = ""
) -> Report:
    """refbp's dE/dW and dE/db against central differences, layers L..1 (no torch involved).

    Entries whose quotient straddles a ReLU kink are left out of the comparison, and the
    row's quantity says how many ("W, 2 at a kink left out"). A float32 network is
    checked through its float64 copy: the differences are float64, and a float32
    gradient's own rounding is ``oracle.check``'s to bound (it derives it per element).
    """
    check_case(case)
    fd = finite_difference(net, x, d, reduction)
    tol = finite_difference_tolerance(fd.loss)
    base, x, d = float64_copy(net, x, d)
    grads = refbp.backprop(base, x, d, reduction)
    witness = "finite differences" + ("" if net.dtype == np.float64 else " (float64 copy of the float32 net)")
    rows: list[Row] = []
    for l in range(len(net.weights), 0, -1):
        for name, ours, theirs, kink in (
            ("W", grads.W[l - 1], fd.W[l - 1], fd.W_kink[l - 1]),
            ("b", grads.b[l - 1], fd.b[l - 1], fd.b_kink[l - 1]),
        ):
            if kink.any():
                name = f"{name}, {int(kink.sum())} at a kink left out"
                ours, theirs = ours[~kink], theirs[~kink]
            if ours.size == 0:  # every entry straddles a kink: nothing left to compare
                rows.append(Row(l, name, 0.0, 0.0, tol, True, witness=witness))
                continue
            rows.append(compare(l, name, ours, theirs, tol, witness=witness))
    return Report(rows, case)
