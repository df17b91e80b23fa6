"""oracle: proves refbp right, layer by layer, with three witnesses.

``check`` compares refbp with torch.autograd in float64 and returns a ``Report`` whose
rows walk forward (z, a), the loss, then backward (delta, dW, db); ``assert_matches``
raises on the first row that differs. ``check_backprop`` does the same for anyone's
back-propagation (its module states the protocol); ``compare_training`` compares k steps
of gradient descent with torch.optim.SGD. ``finite_difference`` and
``check_finite_differences`` need no torch: central differences of E. ``prove_output_delta``
derives delta^(L) symbolically with sympy. ``search_backprop`` searches networks for the
smallest one on which someone's backprop is wrong, drawing them from the hypothesis
strategies of ``oracle.strategies`` (a module of its own: import it by name).

The names below are the public API; the subpackages that define them (one per layer,
docs/architecture.md) are the implementation. Without torch (refbp's own test environment)
only the torch-free names are importable, and ``__all__`` lists only those, so that
``from oracle import *`` works there too; without sympy, ``Proof`` and
``prove_output_delta`` are left out alike.
"""

from oracle.training import datasets
from oracle.verdict.compare import Row, compare
from oracle.verdict.report import Report
from oracle.verdict.tolerance import FINITE_DIFFERENCE, TOLERANCES, Tolerance, tolerance_for
from oracle.witnesses.finite_difference import FiniteDifferences, check_finite_differences, finite_difference

__all__ = [
    "FINITE_DIFFERENCE",
    "TOLERANCES",
    "FiniteDifferences",
    "Report",
    "Row",
    "Tolerance",
    "check_finite_differences",
    "compare",
    "datasets",
    "finite_difference",
    "tolerance_for",
]

try:
    from oracle.witnesses.proofs import Proof, prove_output_delta
except ModuleNotFoundError as err:  # pragma: no cover (only without sympy: tox notorch measures none)
    if err.name != "sympy":
        raise
else:
    __all__ += ["Proof", "prove_output_delta"]

try:
    from oracle.backprop.protocol import assert_backprop, check_backprop
    from oracle.training.trajectories import Training, compare_training
    from oracle.twin.autograd import Reference, reference
    from oracle.twin.check import assert_matches, check
except ModuleNotFoundError as err:  # pragma: no cover (only without torch: tox notorch measures none)
    if err.name not in ("torch", "sympy"):  # torch needs sympy too
        raise
else:
    __all__ += [
        "Reference",
        "Training",
        "assert_backprop",
        "assert_matches",
        "check",
        "check_backprop",
        "compare_training",
        "reference",
    ]

try:  # the search needs torch and hypothesis (the oracle extra has both)
    from oracle.search.minimal import Minimal, SearchResult
    from oracle.search.search import search_backprop
except (
    ModuleNotFoundError
) as err:  # pragma: no cover (only without torch or hypothesis: notorch measures none)
    if err.name not in ("torch", "sympy", "hypothesis"):
        raise
else:
    __all__ += ["Minimal", "SearchResult", "search_backprop"]
