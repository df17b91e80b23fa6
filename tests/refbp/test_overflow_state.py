"""refbp._overflow.raise_on_overflow: the floating-point state the network computes in.

An overflow raises, so that the network can name it; the 'invalid' flag is ignored even
where the caller raises on it, because some OpenBLAS kernels set it on finite input.
"""

from __future__ import annotations

import numpy as np
import pytest

from refbp._overflow import raise_on_overflow


def test_overflow_raises_and_invalid_is_ignored_whatever_the_callers_state() -> None:
    with np.errstate(invalid="raise"), raise_on_overflow():
        # inf - inf sets the 'invalid' flag, as those kernels do: no warning, no error
        assert np.isnan(np.subtract(np.float64(np.inf), np.float64(np.inf)))
        with pytest.raises(FloatingPointError, match="overflow"):
            np.multiply(np.float64(1e308), np.float64(10.0))
