"""The types of refbp's public signatures, for callers that annotate theirs (the oracle does)."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

__all__ = ["Array", "Reduction"]

Array = NDArray[np.floating[Any]]
"""A float32 or float64 NumPy array."""

Reduction = Literal["sum", "mean"]
"""How E is taken over a batch: the sum of the examples' errors, or their mean."""
