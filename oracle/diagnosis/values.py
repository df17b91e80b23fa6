"""What the returned numbers themselves say: their dtype, a NaN or +-Inf, ReLU's kink.

Contract: ``values(row, ev)`` returns the diagnoses of a failing row whose returned array
is float32 (or float16) for a float64 network, holds a NaN or +-Inf (the first index
named), or, for relu and leaky_relu, differs from autograd only through the elements
where z^(l) = 0 exactly and fits f'(0) = 1 there. That row still fails: f'(0) = 1 and
autograd's f'(0) are both subgradients at the kink, but the oracle's witness is autograd;
the diagnosis says so and how to match it.
"""

from __future__ import annotations

import numpy as np

from oracle.diagnosis.backward import chained
from oracle.diagnosis.evidence import Evidence, at_layer
from oracle.twin.check import radii
from oracle.verdict.compare import Row, compare
from oracle.verdict.tolerance import tolerance_for

__all__ = ["values"]

KINKED = ("relu", "leaky_relu")


def _raw(row: Row, ev: Evidence) -> np.ndarray | None:
    arrays = ev.returned(row.quantity)
    if arrays is None or row.layer is None or len(arrays) != ev.L:
        return None
    try:
        return np.asarray(arrays[row.layer - 1])
    except (TypeError, ValueError):  # ragged: the verdict's note says so
        return None


def _non_finite(row: Row, ev: Evidence, raw: np.ndarray) -> list[str]:
    bad = ~np.isfinite(raw)
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    value = float(raw[index])
    kind = "NaN" if np.isnan(value) else ("+Inf" if value > 0 else "-Inf")
    truth = ev.truth(row.quantity, row.layer or 1)
    there = f" where autograd has {truth[index]:.6g}" if truth.shape == raw.shape else ""
    cause = (
        "0/0, inf - inf, 0 * inf or the log of a negative number"
        if kind == "NaN"
        else "exp overflowing, log(0) or a division by 0"
    )
    return [
        f"{row.where} holds {kind} at index {index}{there} (the first of {int(bad.sum())}): a NaN "
        f"or +-Inf comes from {cause}; take log y from z (log-sigmoid, log-softmax) and exp of z "
        "shifted by its maximum, or find where the first one appears"
    ]


def _dtype(row: Row, ev: Evidence, raw: np.ndarray) -> list[str]:
    truth = ev.truth(row.quantity, row.layer or 1)
    net32 = ev.net.with_layers([w.astype(np.float32) for w in ev.net.weights],
                               [b.astype(np.float32) for b in ev.net.biases])  # fmt: skip
    R = radii(net32, ev.ref, ev.reduction)
    radius = at_layer(R, row.quantity, row.layer or 1)
    close = compare(row.layer, row.quantity, raw, truth, tolerance_for(np.float32), radius).passed
    what = (
        "and agrees with autograd to float32's precision: it lost precision, not correctness"
        if close
        else "and differs from autograd by more than float32's rounding too"
    )
    return [
        f"{row.where} is {raw.dtype} for a float64 network, {what}; compute in float64 "
        "(look for float32 arrays, dtype=np.float32 or .astype(np.float32))"
    ]


def _kink(row: Row, ev: Evidence, value: np.ndarray) -> list[str]:
    l, act = row.layer or 0, ev.net.activation
    if ev.net.hidden not in KINKED or l >= ev.L:
        return []
    z, a = ev.ref.z[l - 1], ev.ref.a[l]
    zero = z == 0
    if not zero.any():
        return []
    taken = float(act.fprime(np.zeros(1), act.f(np.zeros(1)))[0])
    delta = chained(ev, l) * np.where(zero, 1.0, act.fprime(z, a))
    hypothesis = {"delta": delta, "W": delta.T @ ev.ref.a[l - 1], "b": delta.sum(axis=0)}[row.quantity]
    if not ev.fits(row, value, hypothesis):
        return []
    return [
        f"{row.where} differs from autograd only through the {int(zero.sum())} element(s) where "
        f"z^({l}) = 0 exactly: it takes {ev.net.hidden}'(0) = 1 there, autograd {taken:g}. Both "
        "are valid subgradients at the kink, but the oracle compares with autograd, so the row "
        "fails; take f'(z) = 1 only where z > 0 to match it"
    ]


def values(row: Row, ev: Evidence) -> list[str]:
    """The diagnoses that the returned array's dtype and values support."""
    raw = _raw(row, ev)
    if raw is None or raw.dtype.kind != "f":
        return []
    if not np.isfinite(raw).all():
        return _non_finite(row, ev, raw)
    texts = _dtype(row, ev, raw) if ev.net.dtype == np.float64 and raw.dtype.itemsize < 8 else []
    if row.quantity in ("delta", "W", "b"):
        texts += _kink(row, ev, raw.astype(np.float64))
    return texts
