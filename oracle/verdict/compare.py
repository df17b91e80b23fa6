"""One comparison: an array of refbp's against autograd's, summed up as a ``Row``.

Contract: ``compare(layer, quantity, actual, expected, tol)`` never raises on a
mismatch; it returns a Row whose ``passed`` says whether every element satisfies
|actual - expected| <= atol + rtol * |expected|, with the numbers that explain why.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np

from oracle.verdict.tolerance import Tolerance

__all__ = ["NOT_GIVEN", "Row", "as_compared", "compare", "not_given", "shape_note", "unmeasured"]


@dataclass(frozen=True)
class Row:
    """The comparison of one quantity of one layer (layer None: the whole network)."""

    layer: int | None
    quantity: str
    max_abs: float
    max_rel: float
    tolerance: Tolerance
    passed: bool
    mismatched: int = 0
    size: int = 0
    index_abs: tuple[int, ...] = ()
    index_rel: tuple[int, ...] = ()
    note: str = ""
    bound_ratio: float = 0.0
    """max |actual - expected| / allowance over the elements (above 1: failed); 0 without R."""
    witness: str = "autograd"
    diagnosis: str = ""
    """What the evidence says the bug is, and its fix (``oracle.diagnosis``); "" where it says nothing."""

    @property
    def where(self) -> str:
        """'layer 2 delta', or just the quantity for a whole-network row."""
        return self.quantity if self.layer is None else f"layer {self.layer} {self.quantity}"

    def explain(self) -> str:
        """A message in the style of ``torch.testing.assert_close``, then the diagnosis if any."""
        return self._numbers() + (f"\nDiagnosis: {self.diagnosis}" if self.diagnosis else "")

    def _numbers(self) -> str:
        if self.note:
            return f"{self.where}: {self.note}"
        return (
            f"{self.where} differs from {self.witness}: {self.mismatched} / {self.size} elements "
            f"mismatched.\nGreatest absolute difference: {self.max_abs:.3e} at index "
            f"{self.index_abs} (up to {self.tolerance.atol:.0e} allowed)\n"
            f"Greatest relative difference: {self.max_rel:.3e} at index {self.index_rel} "
            f"(up to {self.tolerance.rtol:.0e} allowed)"
            + (f"\nDerived rounding bound exceeded {self.bound_ratio:.3g}-fold" if self.bound_ratio else "")
        )

    def to_dict(self) -> dict[str, Any]:
        """The row as plain JSON-ready Python values (an infinite max_rel becomes None)."""
        out = asdict(self)
        out["tolerance"] = asdict(self.tolerance)
        out["index_abs"], out["index_rel"] = list(self.index_abs), list(self.index_rel)
        for key in ("max_abs", "max_rel", "bound_ratio"):
            out[key] = out[key] if math.isfinite(out[key]) else None
        return out


def as_compared(value: Any) -> tuple[np.ndarray | None, str]:
    """``value`` as a float64 array to compare, or (None, what keeps it from being one).

    Only real numbers convert: a complex, boolean, string or object array would otherwise
    pass after numpy dropped its imaginary part or read True as 1. A NaN or +-Inf, or a
    value beyond float64's range (a longdouble, a Python int of 400 digits), is named too.
    """
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as err:  # ragged nested lists, say
        return None, f"is not an array of numbers ({err})"
    if arr.dtype.kind == "O":
        for index, v in np.ndenumerate(arr):
            if isinstance(v, bool) or not isinstance(v, numbers.Real):
                return None, f"holds a {type(v).__name__} at index {index}, not a number"
        try:
            with np.errstate(over="ignore"):  # a longdouble beyond range: named below
                arr.astype(np.float64)
        except OverflowError:  # a Python int beyond float64's range
            return None, "holds a number too large for float64 (it overflows to inf)"
        return None, "is an array of Python objects (dtype object), not of numbers; return a float array"
    if arr.dtype.kind not in "fiu":
        return None, f"has dtype {arr.dtype}, not real numbers; return a float array"
    with np.errstate(over="ignore"):
        out = arr.astype(np.float64)
    bad = ~np.isfinite(out)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        what = (
            "beyond float64's range (overflows to inf)"
            if np.isfinite(np.asarray(arr[first]))
            else "NaN or +-Inf"
        )
        return None, f"has {int(bad.sum())} element(s) {what}, the first at index {first}"
    return out, ""


def shape_note(shape: tuple[int, ...], expected: tuple[int, ...]) -> str:
    """'has shape (3, 4), expected (4, 3) (is it transposed?)': the one wording of a wrong shape."""
    note = f"has shape {shape}, expected {expected}"
    return note + (" (is it transposed?)" if shape == expected[::-1] else "")


def _ratio(diff: np.ndarray, allowed: np.ndarray) -> float:
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):  # inf / tiny is inf: a fail
        return float(np.max(np.where(diff == 0, 0.0, diff / allowed)))


def _witness_side(
    layer: object, quantity: object, expected: Any, tol: object, radius: Any, witness: object
) -> tuple[np.ndarray, np.ndarray | None]:
    """The witness's side checked: expected (finite reals) and radius as float64 arrays.

    A non-finite expected value would pass anything (inf <= inf): no verdict can rest on it.
    """
    if layer is not None and (isinstance(layer, bool) or not isinstance(layer, (int, np.integer))):
        raise TypeError(f"layer must be an int or None, got {type(layer).__name__}")
    if layer is not None and layer < 1:
        raise ValueError(f"layer must be >= 1 (layers count from 1) or None (the whole network), got {layer}")
    for name, text in (("quantity", quantity), ("witness", witness)):
        if not isinstance(text, str):
            raise TypeError(f"{name} must be a str, got {type(text).__name__}")
    if not isinstance(tol, Tolerance):
        raise TypeError(f"tol must be an oracle.Tolerance, got {type(tol).__name__}")
    want = _finite("expected", expected)
    if radius is None:
        return want, None
    R = _finite("radius", radius)
    if (R < 0).any():
        raise ValueError("radius must be >= 0 (an error bound)")
    if R.ndim > want.ndim or any(
        r not in (1, w) for r, w in zip(R.shape[::-1], want.shape[::-1], strict=False)
    ):
        raise ValueError(f"radius has shape {R.shape}, which does not broadcast to expected's {want.shape}")
    return want, R


def _finite(name: str, value: Any) -> np.ndarray:
    arr, problem = as_compared(value)
    if arr is None:
        raise ValueError(f"{name} {problem}: the witness's side must be finite real numbers")
    return arr


def _stated(tol: Tolerance, radius: Any) -> Tolerance:
    """The tolerance a row states it applied: without R, no bound term."""
    return tol if radius is not None else replace(tol, bound=0.0)


def unmeasured(layer: int | None, quantity: str, note: str, tol: Tolerance, witness: str = "autograd") -> Row:
    """A failing row for a value that could not be compared at all; ``note`` says why.

    Its errors are infinite (nothing was measured) and its tolerance is the one a comparison
    without R applies.
    """
    return Row(layer, quantity, math.inf, math.inf, _stated(tol, None), False, note=note, witness=witness)


NOT_GIVEN = "not given"
"""The note of a quantity the code under test does not compute (deltas, say): nothing to judge."""


def not_given(layer: int | None, quantity: str, tol: Tolerance, witness: str = "autograd") -> Row:
    """A passing row for a quantity that was not given: it can hold no bug, and says so.

    Nothing was measured: its errors are NaN (null in JSON), not a difference of 0.
    """
    return Row(layer, quantity, math.nan, math.nan, _stated(tol, None), True, note=NOT_GIVEN, witness=witness)


def compare(
    layer: int | None,
    quantity: str,
    actual: Any,
    expected: Any,
    tol: Tolerance,
    radius: Any = None,
    *,
    witness: str = "autograd",
) -> Row:
    """Compare ``actual`` (refbp, or E13's y - d under test) with ``expected`` (from ``witness``).

    ``radius``: the derived error bound R of every element (float32), of which
    ``tol.bound`` times is allowed on top of atol + rtol |expected|.
    """
    expected, radius = _witness_side(layer, quantity, expected, tol, radius, witness)
    layer = None if layer is None else int(layer)
    actual, problem = as_compared(actual)
    if actual is None:
        return unmeasured(layer, quantity, problem, tol, witness)
    if actual.shape != expected.shape:
        note = shape_note(actual.shape, expected.shape)
        return unmeasured(layer, quantity, note, tol, witness)
    tol = _stated(tol, radius)
    # Both sides are finite here (as_compared named any NaN or inf), so no difference is NaN
    with np.errstate(over="ignore"):  # 1e308 - (-1e308) is inf: the worst mismatch, as it should be
        diff = np.abs(actual - expected)
    scale = np.abs(expected)
    allowed = tol.atol + tol.rtol * scale
    if radius is not None:
        with np.errstate(over="ignore"):  # a radius near float64's max allows everything: so be it
            allowed = allowed + tol.bound * radius
    bad = ~(diff <= allowed)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        rel = np.where(diff == 0, 0.0, diff / scale)
    i_abs = np.unravel_index(int(np.argmax(diff)), diff.shape)
    i_rel = np.unravel_index(int(np.argmax(rel)), rel.shape)
    return Row(
        layer=layer,
        quantity=quantity,
        max_abs=float(diff[i_abs]),
        max_rel=float(rel[i_rel]),
        tolerance=tol,
        passed=not bad.any(),
        mismatched=int(bad.sum()),
        size=int(diff.size),
        index_abs=tuple(int(i) for i in i_abs),
        index_rel=tuple(int(i) for i in i_rel),
        bound_ratio=0.0 if radius is None else _ratio(diff, allowed),
        witness=witness,
    )
