"""Every radius of ``oracle.twin.bound`` equals the formula its docstring states, on hand-sized nets.

The formula is written out again here in plain NumPy, with the derivatives in closed form
(tanh' = 1 - tanh^2, the output Jacobians diag(y(1 - y)), diag(y), diag(y) - y y^T), and
compared with ``rounding_radii`` element by element at float64 precision. The nets are
chosen so that every term shows: widths 2-3-4-2 (every gamma_k names its own width), two
examples whose rows differ (row maxima, sums over examples), reduction "mean" as well as
"sum", a softmax target whose float32 rows miss 1 by rounding (the gap), and one hidden unit
whose terms cancel to z = +-1/2 (a radius of about 1/4, so that f moves unequally up and
down the interval).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

import refbp
from oracle.twin.autograd import Reference, reference
from oracle.twin.bound import U32, U64, rounding_radii, unit_roundoff
from oracle.twin.output_radius import chain_radius

U = 2.0**-24
REL = 1e-12

Fn = Callable[[np.ndarray], np.ndarray]

TANH: tuple[Fn, Fn] = (np.tanh, lambda z: 1 - np.tanh(z) ** 2)


def jacobian(output: str, y: np.ndarray) -> np.ndarray:
    """dy_k / dz_j of one row, in closed form."""
    if output == "identity":
        return np.eye(len(y))
    if output == "sigmoid":
        return np.diag(y * (1 - y))
    if output == "exp":
        return np.diag(y)
    assert output == "softmax"
    return np.diag(y) - np.outer(y, y)


def spread(f: Fn, z: np.ndarray, r: np.ndarray) -> np.ndarray:
    """max |f(z +- r) - f(z)|."""
    return np.asarray(np.maximum(np.abs(f(z + r) - f(z)), np.abs(f(z - r) - f(z))))


def documented(net: refbp.MLP, ref: Reference, scale: int) -> dict[str, object]:
    """The radii of oracle.twin.bound's docstring, term by term (tanh hidden layers only)."""
    f, fprime = TANH
    W = [np.abs(w.astype(np.float64)) for w in net.weights]
    b = [np.abs(v.astype(np.float64)) for v in net.biases]
    z, a, delta, d = ref.z, ref.a, ref.delta, ref.d
    L, N, n_L = len(W), len(d), W[-1].shape[0]
    output = net.pair.output.name
    R_a = [np.zeros_like(a[0])]
    R_z = []
    for k in range(L):
        n_in = W[k].shape[1]
        R_z.append((n_in + 2) * U * (np.abs(a[k]) @ W[k].T + b[k]) + R_a[k] @ W[k].T)
        if k < L - 1:
            R_a.append(spread(f, z[k], R_z[k]) + 4 * U * np.abs(a[k + 1]))
    zL, y = z[-1], a[-1]
    R_y = np.zeros_like(y)
    for row in range(N):
        r_in = R_z[-1][row] + U * (np.abs(zL[row]) + np.abs(zL[row]).max())
        R_y[row] = np.abs(jacobian(output, y[row])) @ r_in + (n_L + 4) * U * np.abs(y[row])
    R_a.append(R_y)
    M_E = float(((1 + np.abs(d)) * (np.abs(zL) + np.abs(zL).max(axis=1, keepdims=True))).sum())
    M_E += abs(ref.loss) * scale + (0 if output == "identity" else N)
    R_E = float((np.abs(delta[-1]) * R_z[-1]).sum()) + (n_L + 4) * U * M_E / scale
    gap = np.abs(y) * np.abs(d.sum(axis=1, keepdims=True) - 1) if output == "softmax" else np.zeros_like(y)
    if ref.canonical:
        R_L = R_y + 3 * U * (np.abs(y) + np.abs(d)) + gap
    else:
        R_L = chain_radius(output, net.pair.loss.name, zL, y, d, R_z[-1], R_y, U)
    R_delta = [R_L / scale]
    for k in range(L - 2, -1, -1):
        P = np.abs(delta[k + 1]) @ W[k + 1]
        R_P = (W[k + 1].shape[0] + 1) * U * P + R_delta[0] @ W[k + 1]
        fp = np.abs(fprime(z[k]))
        R_fp = spread(fprime, z[k], R_z[k]) + 8 * U
        R_delta.insert(0, R_P * fp + P * R_fp + R_P * R_fp + U * P * fp)
    R_W = [
        (N + 1) * U * np.abs(delta[k]).T @ np.abs(a[k])
        + R_delta[k].T @ (np.abs(a[k]) + R_a[k])
        + np.abs(delta[k]).T @ R_a[k]
        for k in range(L)
    ]
    R_b = [(N + 1) * U * np.abs(delta[k]).sum(axis=0) + R_delta[k].sum(axis=0) for k in range(L)]
    return {
        "z": R_z,
        "a": R_a,
        "loss": R_E,
        "delta": R_delta,
        "W": R_W,
        "b": R_b,
        "canonical_delta": gap / scale,
    }


def hand_net(task: str, output: str = "", loss: str = "") -> tuple[refbp.MLP, np.ndarray, np.ndarray]:
    """A float32 tanh net 2-3-4-2 on two examples; hidden units 1 and 2 cancel +-2^20 terms."""
    rng = np.random.default_rng(5)
    weights = [rng.uniform(-1, 1, (3, 2)), rng.uniform(-1, 1, (4, 3)), rng.uniform(-1, 1, (2, 4))]
    biases = [rng.uniform(-1, 1, 3), rng.uniform(-1, 1, 4), rng.uniform(-1, 1, 2)]
    weights[0][0] = [2.0**20, -(2.0**20)]
    biases[0][0] = 0.5
    weights[0][1] = [2.0**20, -(2.0**20) + 1]  # unit 2: z = x_2 - 5/4
    biases[0][1] = -1.25
    x = np.array([[1.0, 1.0], [0.75, 0.75]])
    kwargs = {"task": task} if task else {"output": output, "loss": loss}
    net = refbp.MLP(
        [w.astype(np.float32) for w in weights], [v.astype(np.float32) for v in biases], "tanh", **kwargs
    )
    d = {
        "regression": np.array([[0.5, -2.0], [1.5, 0.25]]),
        "binary": np.array([[0.25, 1.0], [0.0, 0.75]]),
        "multiclass": np.array([[1 / 3, 2 / 3], [0.1, 0.9]]),  # rows that miss 1 in float32
        "poisson": np.array([[2.0, 0.0], [1.0, 3.0]]),
        "": np.array([[0.25, 1.0], [0.0, 0.75]]),
    }[task]
    return net, x.astype(np.float32), d.astype(np.float32)


def assert_same(got: object, want: object, what: str) -> None:
    got_a, want_a = np.asarray(got), np.asarray(want)
    assert got_a.shape == want_a.shape, what
    np.testing.assert_allclose(got_a, want_a, rtol=REL, atol=0, err_msg=what)


CASES = [("regression", "", ""), ("binary", "", ""), ("multiclass", "", ""), ("poisson", "", "")]
CASES += [("", "sigmoid", "squared_error")]  # the chain rule E11: R_L from chain_radius


@pytest.mark.parametrize(("task", "output", "loss"), CASES)
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_every_radius_is_the_documented_formula(task: str, output: str, loss: str, reduction: str) -> None:
    net, x, d = hand_net(task, output, loss)
    ref = reference(net, x, d, reduction)  # type: ignore[arg-type]
    scale = len(d) if reduction == "mean" else 1
    want = documented(net, ref, scale)
    got = rounding_radii(net, ref, scale)
    for name in ("z", "a", "delta", "W", "b"):
        for k, (g, w) in enumerate(zip(getattr(got, name), want[name], strict=True)):  # type: ignore[call-overload]
            assert_same(g, w, f"{name}[{k}]")
    assert_same(got.loss, want["loss"], "loss")
    assert_same(got.canonical_delta, want["canonical_delta"], "canonical_delta")


def test_the_hand_net_reaches_every_term() -> None:
    """The cases above are not vacuous: the cancelling units' radii are wide, the gap is not 0."""
    net, x, d = hand_net("multiclass")
    ref = reference(net, x, d)
    np.testing.assert_array_equal(ref.z[0][:, 0], [0.5, 0.5])
    np.testing.assert_array_equal(ref.z[0][:, 1], [-0.25, -0.5])
    R = rounding_radii(net, ref, 1)
    assert (R.z[0][:, :2] > 0.1).all()
    assert ref.canonical
    assert (R.canonical_delta > 0).all()


def test_unit_roundoff_is_half_the_machine_epsilon() -> None:
    assert unit_roundoff(np.float32) == U32 == 2.0**-24
    assert unit_roundoff(np.float64) == U64 == 2.0**-53
