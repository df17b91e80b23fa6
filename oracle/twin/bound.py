"""The rounding-error bound: how far refbp may lie from the float64 truth, element by element.

Contract: ``rounding_radii(net, ref, scale)`` takes a network and autograd's float64
``Reference`` for it (``scale``: N for reduction="mean", else 1) and returns, for every
quantity the oracle compares, an array R of the same shape with |refbp - truth| <= R
elementwise, to first order in the unit roundoff u of the network's dtype (2^-24 in
float32, 2^-53 in float64). ``oracle.check`` allows ``Tolerance.bound`` x R on top of
rtol and atol. Only the magnitudes of the true quantities enter; refbp's output never
does, so the bound cannot bend towards a wrong answer.

The derivation (docs/robustness.md states it in full): a dot product of k terms is
off by at most gamma_k = k u times the sum of the terms' magnitudes (Higham, Accuracy
and Stability of Numerical Algorithms, 2002, eq. 3.5), so each quantity gets

    z^(l):      R = gamma_{n_{l-1}+2} (|a^(l-1)| |W|^T + |b|) + R_a^(l-1) |W|^T
    a^(l):      R = max |f(z +- R_z) - f(z)| + 4u |a|             (kinks included)
    y = a^(L):  R = |J| (R_z + u(|z| + max_k |z_k|)) + (n_L + 4) u |y|   (J = dy/dz)
    E:          R = sum |delta^(L)| R_z + gamma_{n_L+4} M_E
    delta^(L):  R = R_y + gamma_3 (|y| + |d|) + |y| |sum_k d_k - 1|    (y - d, E13)
                R = |dD/dy| R_y + gamma_{n_L+6} (|dD/dy| |y| + |dD/dd| |d| + |D|)  (E11)
    delta^(l):  R = R_P f' + P R_f' + R_P R_f' + u P f',  P = |delta^(l+1)| |W^(l+1)|,
                R_P = gamma_{n_{l+1}+1} P + R_delta^(l+1) |W^(l+1)|,
                R_f' = max |f'(z +- R_z) - f'(z)| + 8u
    dE/dW^(l):  R = gamma_{N+1} |delta|^T |a| + R_delta^T (|a| + R_a) + |delta|^T R_a
    dE/db^(l):  R = gamma_{N+1} sum_n |delta| + sum_n R_delta

(all divided by N for reduction="mean"). The first delta^(L) is E13's y - d, whose last
term is the gap of float32 target rows that sum to 1 only within rounding (softmax); the
second is the chain rule's D(y, d) = dE/dy * f'(z^(L)) (or the softmax Jacobian applied to
dE/dy), whose Jacobians dD/dy and dD/dd autograd takes from the definitions: R_y carried
through D, and the rounding of D's own few operations as if on y, d and D. M_E is the sum
of the magnitudes of the loss's terms. Errors of earlier layers are carried forward (R_a into z) and backward
(R_delta into the next delta), so the bound grows with depth and width as the
rounding does, and stays relative to each element's own magnitude: an element near 0
because its terms cancel gets the terms' scale, not 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

import refbp
from oracle.twin.autograd import HIDDEN, OUTPUT, Reference, as_tensor
from oracle.twin.output_radius import chain_radius

__all__ = ["U32", "U64", "Radii", "rounding_radii", "unit_roundoff"]

U32 = 2.0**-24
"""Unit roundoff of float32 (half its machine epsilon)."""

U64 = 2.0**-53
"""Unit roundoff of float64."""


def unit_roundoff(dtype: object) -> float:
    """u of a float dtype: U32 or U64."""
    return float(np.finfo(np.dtype(dtype)).eps) / 2  # type: ignore[call-overload]


@dataclass(frozen=True, eq=False)
class Radii:
    """Error radii laid out like ``Reference``: z, a (a[0] = 0 for x), loss, delta, W, b."""

    z: list[np.ndarray]
    a: list[np.ndarray]
    loss: float
    delta: list[np.ndarray]
    W: list[np.ndarray]
    b: list[np.ndarray]
    canonical_delta: np.ndarray
    """|y| |sum_k d_k - 1|: how far E13's y - d may lie from the true softmax delta, because
    float32 target rows sum to 1 only within 8 K eps (0 for the other tasks)."""


def _spread(f: object, z: np.ndarray, r: np.ndarray) -> np.ndarray:
    """max |f(z +- r) - f(z)| elementwise: how far f moves over the interval (kinks included)."""
    zt, rt = as_tensor(z), as_tensor(r)
    mid = f(zt)  # type: ignore[operator]
    up = (f(zt + rt) - mid).abs()  # type: ignore[operator]
    down = (f(zt - rt) - mid).abs()  # type: ignore[operator]
    return np.asarray(torch.maximum(up, down).numpy())


def _derivative(f: object) -> object:
    """f' of an elementwise torch function, by autograd (no refbp math involved)."""

    def fprime(z: torch.Tensor) -> torch.Tensor:
        t = z.detach().requires_grad_(True)
        (g,) = torch.autograd.grad(f(t).sum(), t)  # type: ignore[operator]
        return g

    return fprime


def _output_radius(out: object, z: np.ndarray, r: np.ndarray, y: np.ndarray, u: float) -> np.ndarray:
    """|J| r' + (n_L + 4) u |y| with J = dy/dz per example and r' = r + u(|z| + max |z|).

    The output acts on each row alone, so column k of every row's J is one backward pass.
    """
    zt = as_tensor(z, grad=True)
    yt = out(zt)  # type: ignore[operator]
    r_in = r + u * (np.abs(z) + np.abs(z).max(axis=1, keepdims=True))
    moved = np.zeros_like(z)
    for k in range(z.shape[1]):
        (J_k,) = torch.autograd.grad(yt[:, k].sum(), zt, retain_graph=True)  # row n: dy_nk/dz_n
        moved[:, k] = (J_k.abs().numpy() * r_in).sum(axis=1)
    return np.asarray(moved + (z.shape[1] + 4) * u * np.abs(y))


def _loss_magnitude(z: np.ndarray, y: np.ndarray, d: np.ndarray, loss: float, n: int) -> float:
    """Sum of the magnitudes of the loss's terms, on the scale of the summed loss.

    (1 + |d|)(|z| + max_k |z_k|) covers every product d z and every shift by the row
    maximum; |E| covers softplus and log-sum-exp terms (each is at most E); one per
    example more where the output is not the identity covers log(sum exp) near log 1.
    """
    spread = (1 + np.abs(d)) * (np.abs(z) + np.abs(z).max(axis=1, keepdims=True))
    logs = 0.0 if np.array_equal(y, z) else float(len(z))
    return float(spread.sum() + abs(loss) * n + logs)


def rounding_radii(net: refbp.MLP, ref: Reference, scale: int) -> Radii:
    """The radius R of every compared quantity, at the unit roundoff u of ``net.dtype``;
    ``scale`` is N for reduction='mean', else 1."""
    u = unit_roundoff(net.dtype)
    f, out = HIDDEN[net.hidden], OUTPUT[net.pair.output.name]
    fprime = _derivative(f)
    W = [np.abs(np.asarray(w, dtype=np.float64)) for w in net.weights]
    b = [np.abs(np.asarray(v, dtype=np.float64)) for v in net.biases]
    L, n = len(W), len(ref.d)
    a_abs = [np.abs(a) for a in ref.a]
    R_z: list[np.ndarray] = []
    R_a: list[np.ndarray] = [np.zeros_like(ref.a[0])]
    for k in range(L):
        terms = a_abs[k] @ W[k].T + b[k]
        R_z.append((W[k].shape[1] + 2) * u * terms + R_a[k] @ W[k].T)
        if k < L - 1:
            R_a.append(_spread(f, ref.z[k], R_z[k]) + 4 * u * a_abs[k + 1])
        else:
            R_a.append(_output_radius(out, ref.z[k], R_z[k], ref.a[-1], u))
    y, d, zL = ref.a[-1], ref.d, ref.z[-1]
    delta_abs = [np.abs(dl) for dl in ref.delta]
    M_E = _loss_magnitude(zL, y, d, ref.loss, scale)
    R_E = float((delta_abs[-1] * R_z[-1]).sum()) + (zL.shape[1] + 4) * u * M_E / scale
    gap = np.abs(y) * np.abs(d.sum(axis=1, keepdims=True) - 1) if net.pair.output.name == "softmax" else 0 * y
    if ref.canonical:  # refbp takes y - d (E13)
        R_L = R_a[-1] + 3 * u * (np.abs(y) + np.abs(d)) + gap
    else:  # the chain rule (E11)
        R_L = chain_radius(net.pair.output.name, net.pair.loss.name, zL, y, d, R_z[-1], R_a[-1], u)
    R_delta = [R_L / scale]
    for k in range(L - 2, -1, -1):  # list position k is layer k + 1
        P = delta_abs[k + 1] @ W[k + 1]
        R_P = (W[k + 1].shape[0] + 1) * u * P + R_delta[0] @ W[k + 1]
        fp = np.abs(fprime(as_tensor(ref.z[k])).numpy())  # type: ignore[operator]
        R_fp = _spread(fprime, ref.z[k], R_z[k]) + 8 * u
        R_delta.insert(0, R_P * fp + P * R_fp + R_P * R_fp + u * P * fp)
    R_W = [
        (n + 1) * u * delta_abs[k].T @ a_abs[k] + R_delta[k].T @ (a_abs[k] + R_a[k]) + delta_abs[k].T @ R_a[k]
        for k in range(L)
    ]
    R_b = [(n + 1) * u * delta_abs[k].sum(axis=0) + R_delta[k].sum(axis=0) for k in range(L)]
    return Radii(z=R_z, a=R_a, loss=R_E, delta=R_delta, W=R_W, b=R_b, canonical_delta=gap / scale)
