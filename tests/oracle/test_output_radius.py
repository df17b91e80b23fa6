"""``chain_radius`` equals the formula its docstring states, written out here in closed form.

For D = dE/dz^(L) of a pair, with g = dE/dy, g' = dg/dy and h = dg/dd elementwise:
an elementwise output D = g phi(y) (phi = f'(z) written in y), dD/dy = g' phi + g phi',
dD/dd = h phi, dD/dz = (dD/dy) phi; softmax D_j = y_j (g_j - sum_k g_k y_k), whose Jacobians
follow by the product rule, and dD/dz = dD/dy times the softmax Jacobian diag(y) - y y^T.
Through y: |dD/dy| R_y (or the spread of D over y +- R_y where larger, elementwise outputs
only) + (n_L + 6) u (|dD/dy| |y| + |dD/dd| |d| + |D|); through z the same in z with
r = R_z + u(|z| + max_k |z_k|) and no d term; the radius is the larger of the two. Each
case puts the radius on one side (R_z = 0 or R_y = 0) so that side decides every element
it reaches, and on a single unit of a row, so that a spread shows its second-order part.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from oracle.twin.output_radius import chain_radius

U = 2.0**-24
Fn = Callable[[np.ndarray, np.ndarray], np.ndarray]

LOSS: dict[str, tuple[Fn, Fn, Fn]] = {  # g, g' = dg/dy, h = dg/dd, each of (y, d)
    "squared_error": (lambda y, d: y - d, lambda y, d: np.ones_like(y), lambda y, d: -np.ones_like(y)),
    "cross_entropy": (lambda y, d: -d / y, lambda y, d: d / y**2, lambda y, d: -1 / y),
    "poisson": (lambda y, d: 1 - d / y, lambda y, d: d / y**2, lambda y, d: -1 / y),
}


def sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1 / (1 + np.exp(-z)))


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def chain(output: str, loss: str, y: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """D and, per row, |dD_j/dy_i| and |dD_j/dd_i| (shape N x j x i)."""
    g, gp, h = (fn(y, d) for fn in LOSS[loss])
    eye = np.eye(y.shape[1])
    if output == "sigmoid":
        phi, phip = y * (1 - y), 1 - 2 * y
        J_y = (gp * phi + g * phip)[:, :, None] * eye
        return g * phi, J_y, (h * phi)[:, :, None] * eye
    assert output == "softmax"
    S = (g * y).sum(axis=1, keepdims=True)
    D = y * (g - S)
    # dD_j/dy_i = delta_ij (g_j - S) + y_j (delta_ij g'_j - g_i - y_i g'_i)
    J_y = (g - S)[:, :, None] * eye + y[:, :, None] * (gp[:, :, None] * eye - (g + y * gp)[:, None, :])
    J_d = y[:, :, None] * (h[:, :, None] * eye - (y * h)[:, None, :])  # y_j (delta_ij h_j - y_i h_i)
    return D, J_y, J_d


def output_of(output: str, z: np.ndarray) -> np.ndarray:
    return sigmoid(z) if output == "sigmoid" else softmax(z)


def documented(
    output: str, loss: str, z: np.ndarray, d: np.ndarray, R_z: np.ndarray, R_y: np.ndarray
) -> np.ndarray:
    y = output_of(output, z)
    n = z.shape[1]
    D, J_y, J_d = chain(output, loss, y, d)
    moved = np.abs(J_y) @ R_y[:, :, None]
    cond = np.abs(J_y) @ np.abs(y)[:, :, None] + np.abs(J_d) @ np.abs(d)[:, :, None]
    via_y = moved[:, :, 0]
    if output == "sigmoid":
        for shifted in (y + R_y, y - R_y):
            via_y = np.fmax(via_y, np.abs(chain(output, loss, shifted, d)[0] - D))
    via_y = via_y + (n + 6) * U * (cond[:, :, 0] + np.abs(D))
    r = R_z + U * (np.abs(z) + np.abs(z).max(axis=1, keepdims=True))
    if output == "sigmoid":
        J_z = J_y * (y * (1 - y))[:, None, :]
    else:  # dD/dz = dD/dy (diag(y) - y y^T)
        J_z = J_y @ (y[:, :, None] * np.eye(n) - y[:, :, None] * y[:, None, :])
    via_z = (np.abs(J_z) @ r[:, :, None])[:, :, 0]
    if output == "sigmoid":
        for shifted in (z + r, z - r):
            via_z = np.fmax(via_z, np.abs(chain(output, loss, output_of(output, shifted), d)[0] - D))
    via_z = via_z + (n + 6) * U * ((np.abs(J_z) @ np.abs(z)[:, :, None])[:, :, 0] + np.abs(D))
    return np.asarray(np.fmax(via_y, via_z))


Z = np.array([[0.5, -1.0, 2.0], [-0.25, 1.5, 0.75]])
TARGETS = {  # softmax rows that do not sum to 1: the chain rule (E11), not y - d
    "squared_error": np.array([[0.25, 1.0, 0.0], [0.75, 0.5, 0.125]]),
    "cross_entropy": np.array([[0.5, 1.0, 0.25], [0.0, 2.0, 0.5]]),
    "poisson": np.array([[0.0, 2.0, 1.0], [1.0, 3.0, 0.5]]),
}
WIDE = np.array([[0.25, 0.0, 0.0], [0.0, 0.0, 0.125]])  # a radius on one unit of each row
PAIRS = [
    ("sigmoid", "squared_error"),
    ("sigmoid", "poisson"),
    ("softmax", "cross_entropy"),
    ("softmax", "squared_error"),
    ("softmax", "poisson"),
]


@pytest.mark.parametrize(("output", "loss"), PAIRS)
@pytest.mark.parametrize("side", ["y", "z"])
def test_the_chain_radius_is_the_documented_formula(output: str, loss: str, side: str) -> None:
    d = TARGETS[loss]
    R_y, R_z = (WIDE, np.zeros_like(Z)) if side == "y" else (np.zeros_like(Z), WIDE)
    y = output_of(output, Z)
    got = chain_radius(output, loss, Z, y, d, R_z, R_y, U)
    want = documented(output, loss, Z, d, R_z, R_y)
    assert got.shape == want.shape
    # 1e-9: autograd's dD_j/dy_i of cross_entropy is -y_j (g_i + y_i g'_i), 0 up to rounding
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=0)


@pytest.mark.parametrize(("output", "loss"), [("sigmoid", "poisson"), ("softmax", "squared_error")])
def test_a_wide_radius_on_one_unit_reaches_past_the_first_order_term(output: str, loss: str) -> None:
    """Not vacuous: over y + R_y at one element and over y - R_y at another, D moves further
    than |dD/dy| R_y and than the other way (elementwise outputs take that spread, softmax's
    radius stays first-order, so that a spread there would show)."""
    y, d = output_of(output, Z), TARGETS[loss]
    D, J_y, _ = chain(output, loss, y, d)
    first = (np.abs(J_y) @ WIDE[:, :, None])[:, :, 0]
    up, down = (np.abs(chain(output, loss, y + s * WIDE, d)[0] - D) for s in (1, -1))
    assert (up > np.maximum(first, down) * (1 + 1e-6)).any()
    assert (down > np.maximum(first, up) * (1 + 1e-6)).any()
