"""oracle: proves refbp right, layer by layer, with three witnesses.

``check`` compares refbp with torch.autograd in float64 and returns a ``Report`` whose
rows walk forward (z, a), the loss, then backward (delta, dW, db); ``assert_matches``
raises on the first row that differs. ``finite_difference`` and
``check_finite_differences`` need no torch: central differences of E. ``prove_output_delta``
derives delta^(L) symbolically with sympy. Without torch and sympy installed (refbp's
own test environment) only the torch-free names are importable.
"""

from oracle.compare import Row, compare
from oracle.finite_difference import FiniteDifferences, check_finite_differences, finite_difference
from oracle.report import Report
from oracle.tolerance import FINITE_DIFFERENCE, TOLERANCES, Tolerance, tolerance_for

try:
    from oracle.check import assert_matches, check
    from oracle.proofs import Proof, prove_output_delta
    from oracle.twin import Reference, reference
except ModuleNotFoundError as err:  # pragma: no cover (only without torch: tox notorch measures none)
    if err.name not in ("torch", "sympy"):
        raise

__all__ = [
    "FINITE_DIFFERENCE",
    "TOLERANCES",
    "FiniteDifferences",
    "Proof",
    "Reference",
    "Report",
    "Row",
    "Tolerance",
    "assert_matches",
    "check",
    "check_finite_differences",
    "compare",
    "finite_difference",
    "prove_output_delta",
    "reference",
    "tolerance_for",
]
