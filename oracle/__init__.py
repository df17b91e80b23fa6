"""oracle: proves refbp right, layer by layer, against torch.autograd in float64.

``check`` returns a ``Report`` whose rows walk forward (z, a), the loss, then
backward (delta, dW, db); ``assert_matches`` raises on the first row that differs.
``check_backprop`` does the same for anyone's back-propagation (its module states the
protocol); ``compare_training`` compares k steps of gradient descent with torch.optim.SGD.
"""

from oracle import datasets
from oracle.backprop_check import assert_backprop, check_backprop
from oracle.check import assert_matches, check
from oracle.compare import Row, compare
from oracle.report import Report
from oracle.tolerance import TOLERANCES, Tolerance, tolerance_for
from oracle.training import Training, compare_training
from oracle.twin import Reference, reference

__all__ = [
    "TOLERANCES",
    "Reference",
    "Report",
    "Row",
    "Tolerance",
    "Training",
    "assert_backprop",
    "assert_matches",
    "check",
    "check_backprop",
    "compare",
    "compare_training",
    "datasets",
    "reference",
    "tolerance_for",
]
