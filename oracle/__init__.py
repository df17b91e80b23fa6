"""oracle: proves refbp right, layer by layer, against torch.autograd in float64.

``check`` returns a ``Report`` whose rows walk forward (z, a), the loss, then
backward (delta, dW, db); ``assert_matches`` raises on the first row that differs.
"""

from oracle.check import assert_matches, check
from oracle.compare import Row, compare
from oracle.report import Report
from oracle.tolerance import TOLERANCES, Tolerance, tolerance_for
from oracle.twin import Reference, reference

__all__ = [
    "TOLERANCES",
    "Reference",
    "Report",
    "Row",
    "Tolerance",
    "assert_matches",
    "check",
    "compare",
    "reference",
    "tolerance_for",
]
