"""The evidence a diagnosis rests on, and the one test of a hypothesis: ``Evidence.fits``.

Contract: an ``Evidence`` holds what the function returned (``Given``), what autograd says
(``Reference``), the network, the reduction and the derived rounding radii. A hypothesis
about a failing row is an array the row's value would be if the bug were the one named;
it *fits* only when ``compare``, at the row's own tolerance, passes the returned value
against it: a diagnosis is as strict as a verdict. Where a hypothesis is a known
transformation of the truth (a factor, a transpose), the value is transformed back and
compared with autograd's own array and radius, exactly as the verdict compared it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import refbp
from oracle.diagnosis.given import Given
from oracle.twin.autograd import Reference
from oracle.twin.bound import Radii
from oracle.twin.check import mean_scale
from oracle.verdict.compare import Row, as_compared, compare
from refbp.types import Reduction

__all__ = ["LISTS", "Evidence", "at_layer", "entry"]

LISTS = ("delta", "W", "b", "z", "a")
"""The row quantities whose values ``Given`` holds as lists, one entry per layer (the same name)."""


def entry(value: object) -> np.ndarray | None:
    """One returned array as float64, or None where it is not real and finite."""
    arr, _ = as_compared(value)
    return arr


@dataclass(frozen=True, eq=False)
class Evidence:
    """Everything a diagnosis may look at, for one call of ``diagnose``."""

    given: Given
    ref: Reference
    net: refbp.MLP
    reduction: Reduction
    R: Radii | None

    @property
    def N(self) -> int:
        """The batch size."""
        return len(self.ref.d)

    @property
    def scale(self) -> int:
        """N for reduction='mean' (every delta and gradient carries 1/N), else 1."""
        return mean_scale(self.N, self.reduction)

    @property
    def L(self) -> int:
        return len(self.ref.W)

    def returned(self, quantity: str) -> list[object] | None:
        """The list the function returned for ``quantity`` (None: not given, or not a list)."""
        arrays = getattr(self.given, quantity) if quantity in LISTS else None
        return None if arrays is None else list(arrays)

    def value(self, row: Row) -> np.ndarray | None:
        """The row's returned array as float64 (None: not given, not finite, or no layer): a
        layer's entry, or the loss E for the loss row."""
        if row.quantity == "loss":
            return None if self.given.E is None else entry(self.given.E)
        arrays = self.returned(row.quantity)
        if arrays is None or row.layer is None or len(arrays) != self.L:
            return None
        return entry(arrays[row.layer - 1])

    def truth(self, quantity: str, layer: int) -> np.ndarray:
        """Autograd's array of ``quantity`` at ``layer`` (a: a^(layer), a[0] being x; loss: E)."""
        return np.asarray(at_layer(self.ref, quantity, layer))

    def radius(self, row: Row, quantity: str = "", layer: int = 0) -> np.ndarray | None:
        """The verdict's radius R of a row (or of ``quantity`` at ``layer``); None where it took none."""
        if self.R is None or row.tolerance.bound == 0:
            return None
        quantity, layer = quantity or row.quantity, layer or row.layer or 0
        return np.asarray(at_layer(self.R, quantity, layer))

    def matches(self, row: Row, actual: object, quantity: str = "", layer: int = 0) -> bool:
        """True when ``actual`` passes against autograd's ``quantity`` of ``layer`` (default: the
        row's own) at the row's tolerance and radius: the verdict's own test."""
        quantity, at = quantity or row.quantity, layer or row.layer
        expected = self.truth(quantity, at or 0)
        R = self.radius(row, quantity, at or 0)
        return compare(at, row.quantity, actual, expected, row.tolerance, R).passed

    def fits(self, row: Row, actual: object, hypothesis: np.ndarray) -> bool:
        """True when ``actual`` passes against ``hypothesis``, an array of the truth's shape computed
        from autograd's float64 quantities, at the row's tolerance; its radius is the row's, grown
        where the hypothesis is larger than the truth (the rounding of a larger result is larger)."""
        hypothesis = np.asarray(hypothesis, dtype=np.float64)
        if not np.isfinite(hypothesis).all():
            return False
        layer = row.layer or 1
        truth = self.truth(row.quantity, layer)
        R = self.radius(row)
        R = None if R is None else grown(R, truth, hypothesis)
        return compare(layer, row.quantity, actual, hypothesis, row.tolerance, R).passed


def at_layer(quantities: Reference | Radii, quantity: str, layer: int) -> object:
    """``quantity`` of ``layer`` in autograd's quantities or their radii (position k of a is
    a^(k), a^(0) being x; of the others, layer k + 1); the loss E has no layer."""
    if quantity == "loss":
        return quantities.loss
    return getattr(quantities, quantity)[layer if quantity == "a" else layer - 1]


def grown(R: np.ndarray, truth: np.ndarray, hypothesis: np.ndarray) -> np.ndarray:
    """R scaled by |hypothesis| / |truth| where that is above 1; where the truth is 0, R plus
    the row's median relative radius times |hypothesis|."""
    R = np.broadcast_to(R, truth.shape)
    nonzero = truth != 0
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(nonzero, np.abs(hypothesis) / np.abs(truth), 1.0)
        rho = float(np.median(R[nonzero] / np.abs(truth[nonzero]))) if nonzero.any() else 0.0
    return np.where(nonzero, R * np.maximum(ratio, 1.0), R + rho * np.abs(hypothesis))
