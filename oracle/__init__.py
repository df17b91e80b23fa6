"""oracle: proves refbp right, layer by layer, with three witnesses.

``check`` compares refbp with torch.autograd in float64 and returns a ``Report`` whose
rows walk forward (z, a), the loss, then backward (delta, dW, db); ``assert_matches``
raises on the first row that differs. ``check_backprop`` does the same for anyone's
back-propagation (its module states the protocol); ``compare_training`` compares k steps
of gradient descent with torch.optim.SGD. ``finite_difference`` and
``check_finite_differences`` need no torch: central differences of E. ``prove_output_delta``
derives delta^(L) symbolically with sympy. Without torch and sympy installed (refbp's
own test environment) only the torch-free names are importable.
"""

from oracle import datasets
from oracle.compare import Row, compare
from oracle.finite_difference import FiniteDifferences, check_finite_differences, finite_difference
from oracle.report import Report
from oracle.tolerance import FINITE_DIFFERENCE, TOLERANCES, Tolerance, tolerance_for

try:
    from oracle.backprop_check import assert_backprop, check_backprop
    from oracle.check import assert_matches, check
    from oracle.proofs import Proof, prove_output_delta
    from oracle.training import Training, compare_training
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
    "Training",
    "assert_backprop",
    "assert_matches",
    "check",
    "check_backprop",
    "check_finite_differences",
    "compare",
    "compare_training",
    "datasets",
    "finite_difference",
    "prove_output_delta",
    "reference",
    "tolerance_for",
]
