"""The rounding radius of a chain-rule output delta, delta^(L) = dE/dz^(L) (E11).

Contract: ``chain_radius(output, loss, z, y, d, R_z, R_y, u)`` bounds how far a correct
implementation's delta^(L) of a non-canonical pair may lie from the truth, elementwise,
whichever way it is written: through y (dE/dy * f'(z), from a rounded y), or through z
(as refbp takes it, through log y where the error takes logs, so that no y that rounds to
0 or 1 is divided by). Each way's radius is first-order in its input's radius (R_y or
R_z) plus the spread of D over that interval where the output is elementwise (where D is
flat to first order, as D = -(1 - y)^2 at y = 1, only the interval sees it), plus the
rounding of D's few operations; the radius is the larger of the two. Through y it is NaN
where dE/dy is infinite (a y that rounds to 0): there only the way through z is correct.
"""

from __future__ import annotations

import numpy as np
import torch

from oracle.twin.autograd import ERROR, LOG, OUTPUT, as_tensor

__all__ = ["chain_radius"]


FPRIME_OF_Y: dict[str, object] = {
    # f'(z) of each elementwise output written in y (the chain rule E11 takes it so)
    "identity": lambda y: torch.ones_like(y),
    "sigmoid": lambda y: y * (1 - y),
    "tanh": lambda y: 1 - y * y,
    "exp": lambda y: y,
}


def _chain(output: str, loss: str, yt: torch.Tensor, dt: torch.Tensor) -> torch.Tensor:
    """D = dE/dz^(L) (E11) as a function of y and d, from the definitions (a graph, for autograd)."""
    E = ERROR[loss](yt, yt, dt, LOG["identity"])  # E as a function of y: the definitions' logs
    (g,) = torch.autograd.grad(E, yt, create_graph=True)
    if output == "softmax":  # the softmax Jacobian applied to g
        return yt * (g - (g * yt).sum(dim=1, keepdim=True))
    return g * FPRIME_OF_Y[output](yt)  # type: ignore[operator,no-any-return]


def _through_y(output: str, loss: str, y: np.ndarray, d: np.ndarray, R_y: np.ndarray, u: float) -> np.ndarray:
    """How far D = dE/dz^(L) (E11) may move: |dD/dy| R_y, or for an elementwise output the
    spread max |D(y +- R_y) - D(y)| where larger (D = -(1 - y)^2 is flat to first order at
    y = 1, not over the interval), plus gamma_{n_L+6} (|dD/dy| |y| + |dD/dd| |d| + |D|)."""
    yt, dt = as_tensor(y, grad=True), as_tensor(d, grad=True)
    D = _chain(output, loss, yt, dt)
    moved, cond = np.zeros_like(y), np.zeros_like(y)
    for k in range(y.shape[1]):  # row n of each Jacobian: dD_nk / dy_n, dD_nk / dd_n
        J_y, J_d = (
            np.abs(J.numpy()) for J in torch.autograd.grad(D[:, k].sum(), (yt, dt), retain_graph=True)
        )
        moved[:, k] = (J_y * R_y).sum(axis=1)
        cond[:, k] = (J_y * np.abs(y)).sum(axis=1) + (J_d * np.abs(d)).sum(axis=1)
    D_abs = np.abs(D.detach().numpy())
    if output != "softmax":
        for shifted in (y + R_y, y - R_y):  # fmax: a shift out of the logs' domain (NaN) counts not
            at = _chain(output, loss, as_tensor(shifted, grad=True), as_tensor(d)).detach().numpy()
            moved = np.fmax(moved, np.abs(at - D.detach().numpy()))
    return np.asarray(moved + (y.shape[1] + 6) * u * (cond + D_abs))


def _through_z(output: str, loss: str, z: np.ndarray, d: np.ndarray, R_z: np.ndarray, u: float) -> np.ndarray:
    """|dD/dz| r + spread + gamma_{n_L+6} (|dD/dz| |z| + |D|), D = dE/dz from the twin's
    E(z) (its logs taken from z), r = R_z + u(|z| + max |z|) as for y (bound.py)."""
    zt, dt = as_tensor(z, grad=True), as_tensor(d)
    E = ERROR[loss](zt, OUTPUT[output](zt), dt, LOG[output])
    (D,) = torch.autograd.grad(E, zt, create_graph=True)
    r = R_z + u * (np.abs(z) + np.abs(z).max(axis=1, keepdims=True))
    moved, cond = np.zeros_like(z), np.zeros_like(z)
    for k in range(z.shape[1] if D.requires_grad else 0):  # D may not depend on z (exp + CE: -d)
        (J,) = torch.autograd.grad(D[:, k].sum(), zt, retain_graph=True)
        moved[:, k] = (np.abs(J.numpy()) * r).sum(axis=1)
        cond[:, k] = (np.abs(J.numpy()) * np.abs(z)).sum(axis=1)
    D_now = D.detach().numpy()
    if output != "softmax":
        for shifted in (z + r, z - r):
            at_t = as_tensor(shifted, grad=True)
            E_at = ERROR[loss](at_t, OUTPUT[output](at_t), dt, LOG[output])
            (D_at,) = torch.autograd.grad(E_at, at_t)
            moved = np.fmax(moved, np.abs(D_at.numpy() - D_now))
    return np.asarray(moved + (z.shape[1] + 6) * u * (cond + np.abs(D_now)))


def chain_radius(
    output: str,
    loss: str,
    z: np.ndarray,
    y: np.ndarray,
    d: np.ndarray,
    R_z: np.ndarray,
    R_y: np.ndarray,
    u: float,
) -> np.ndarray:
    """The larger of the radii through y and through z (NaN through y counts not)."""
    return np.asarray(np.fmax(_through_y(output, loss, y, d, R_y, u), _through_z(output, loss, z, d, R_z, u)))
