"""``check`` and ``assert_matches``: refbp against its torch twin, layer by layer.

Walking order (so the first failing row is where a bug starts): for layers 1..L,
z then a; then the loss E; then, for a canonical pair, autograd's own delta^(L) against
y - d (E13, independent of refbp); then for layers L..1, delta, dE/dW and dE/db.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

import refbp
from oracle.twin.autograd import Reference, reference
from oracle.twin.bound import Radii, rounding_radii
from oracle.verdict.compare import Row, compare, not_given
from oracle.verdict.report import Report, check_case
from oracle.verdict.tolerance import CANONICAL_DELTA, Tol, Tolerance, resolve
from refbp.types import Array, Reduction

__all__ = ["assert_matches", "backward_rows", "check", "forward_rows", "mean_scale", "radii"]


def mean_scale(N: int, reduction: Reduction) -> int:
    """N for reduction='mean' (E and every delta and gradient carry 1/N), else 1."""
    return N if reduction == "mean" else 1


def radii(net: refbp.MLP, ref: Reference, reduction: Reduction) -> Radii:
    """The derived rounding-error radius of every quantity (``oracle.twin.bound``)."""
    return rounding_radii(net, ref, mean_scale(len(ref.d), reduction))


def forward_rows(
    z: Sequence[Array] | None,
    a: Sequence[Array] | None,
    loss: object | None,
    ref: Reference,
    tol: Tolerance,
    R: Radii | None = None,
) -> list[Row]:
    """For layers 1..L: z then a (position k is layer k + 1: no a^(0)); then the loss E.

    A quantity given as None is left out (code under test may keep no z, a or E).
    """
    rows: list[Row] = []
    for l in range(1, len(ref.W) + 1):
        if z is not None:
            rows.append(compare(l, "z", z[l - 1], ref.z[l - 1], tol, R and R.z[l - 1]))
        if a is not None:
            rows.append(compare(l, "a", a[l - 1], ref.a[l], tol, R and R.a[l]))
    if loss is not None:
        rows.append(compare(None, "loss", loss, ref.loss, tol, R and R.loss))
    return rows


def backward_rows(
    delta: Sequence[Array] | None,
    W: Sequence[Array],
    b: Sequence[Array],
    ref: Reference,
    tol: Tolerance,
    R: Radii | None = None,
) -> list[Row]:
    """For layers L..1: delta, dE/dW and dE/db (position k is layer k + 1) against autograd's.

    ``R``: the derived float32 error radii (``oracle.twin.bound``), None in float64.
    ``delta`` None: code that keeps no deltas; its delta rows pass, saying "not given".
    """
    rows: list[Row] = []
    for l in range(len(ref.W), 0, -1):
        if delta is None:
            rows.append(not_given(l, "delta", tol))
        else:
            rows.append(compare(l, "delta", delta[l - 1], ref.delta[l - 1], tol, R and R.delta[l - 1]))
        rows.append(compare(l, "W", W[l - 1], ref.W[l - 1], tol, R and R.W[l - 1]))
        rows.append(compare(l, "b", b[l - 1], ref.b[l - 1], tol, R and R.b[l - 1]))
    return rows


def check(
    net: refbp.MLP,
    x: np.ndarray,
    d: np.ndarray,
    reduction: Reduction = "sum",
    *,
    tol: Tol = None,
    case: str = "",
) -> Report:
    """Compare every z, a, delta, dW, db and E of ``net`` on (x, d) with torch.autograd.

    ``tol``: None for the table's tolerance of ``net.dtype``, or an override merged with
    it (``oracle.verdict.tolerance.resolve``); the report says which it used.
    """
    if not isinstance(net, refbp.MLP):
        raise TypeError(f"net must be a refbp.MLP, got {type(net).__name__}")
    check_case(case)
    tolerance = resolve(net.dtype, tol)
    ref = reference(net, x, d, reduction)
    fwd = net.forward(x)
    grads = net.backward(fwd, d, reduction)
    loss = net.loss(fwd, d, reduction)
    L = len(net.weights)
    R = radii(net, ref, reduction)
    rows = forward_rows(fwd.z, fwd.a[1:], loss, ref, tolerance, R)
    if ref.canonical:  # a non-canonical pair keeps its f'(z^(L)): y - d is not its delta
        rows.append(
            compare(
                L,
                "delta = y - d (autograd)",
                ref.delta[-1],
                (ref.a[-1] - ref.d) / mean_scale(len(ref.d), reduction),
                CANONICAL_DELTA,
                R and R.canonical_delta,
            )
        )
    rows.extend(backward_rows(grads.delta, grads.W, grads.b, ref, tolerance, R))
    return Report(rows=rows, case=case, tolerance=tolerance)


def assert_matches(
    net: refbp.MLP, x: np.ndarray, d: np.ndarray, reduction: Reduction = "sum", *, tol: Tol = None
) -> None:
    """Raise AssertionError naming the first layer and quantity where refbp and autograd differ."""
    report = check(net, x, d, reduction, tol=tol)
    first = report.first_failure
    if first is not None:
        raise AssertionError(first.explain())
