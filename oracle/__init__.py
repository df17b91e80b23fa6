"""oracle: proves refbp right, layer by layer, against torch.autograd in float64.

``check`` returns a ``Report`` whose rows walk forward (z, a), the loss, then
backward (delta, dW, db); ``assert_matches`` raises on the first row that differs.
``check_backprop`` does the same for anyone's back-propagation (see its module for the
protocol), ``compare_training`` for k steps of gradient descent against torch.optim.SGD.

``import oracle`` does not import torch: the modules that need it (``twin``,
``training``) load on first use, so that the pytest plugin stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from oracle.backprop_check import assert_backprop, check_backprop
from oracle.check import assert_matches, check
from oracle.compare import Row, compare
from oracle.report import Report
from oracle.tolerance import TOLERANCES, Tolerance, tolerance_for

if TYPE_CHECKING:
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
    "reference",
    "tolerance_for",
]

_LAZY = {
    "Reference": "oracle.twin",
    "reference": "oracle.twin",
    "Training": "oracle.training",
    "compare_training": "oracle.training",
}
"""The public names whose modules import torch, and those modules."""


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'oracle' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)
