"""What the pytest fixture ``backprop_oracle`` gives a test: the oracle as an assertion.

Contract: ``backprop_oracle.check(fn, net, x, d, reduction, *, layout, per_example, labels)``
returns None when ``fn`` (under the protocol of ``oracle.backprop.protocol``, in the
conventions the keyword arguments name, as ``check_backprop`` takes them) agrees with torch.autograd on every
delta, dW and db, and otherwise fails the test with the oracle's message, which names the
first wrong layer and quantity, followed by the whole table. ``report(...)`` returns the
``Report`` itself. The fixture is registered by the pytest11 entry point
``_refbp_pytestplugin``, a module outside this package so that loading it in every pytest
session imports neither torch nor oracle (oracle loads when a test asks for the fixture).
"""

from __future__ import annotations

from oracle.backprop.conventions import Backprop
from oracle.backprop.protocol import check_backprop
from oracle.diagnosis.given import Layout
from oracle.verdict.report import Report
from refbp import MLP
from refbp.types import Array, Reduction

__all__ = ["BackpropOracle"]


class BackpropOracle:
    """The fixture's value: ``check`` asserts, ``report`` returns the verdict."""

    def report(
        self,
        fn: Backprop,
        net: MLP,
        x: Array,
        d: Array,
        reduction: Reduction = "sum",
        *,
        layout: Layout = "out_in",
        per_example: bool = False,
        labels: bool = False,
    ) -> Report:
        """The oracle's Report for ``fn`` on (net, x, d), as ``oracle.check_backprop`` gives it."""
        return check_backprop(fn, net, x, d, reduction, layout=layout, per_example=per_example, labels=labels)

    def check(
        self,
        fn: Backprop,
        net: MLP,
        x: Array,
        d: Array,
        reduction: Reduction = "sum",
        *,
        layout: Layout = "out_in",
        per_example: bool = False,
        labels: bool = False,
    ) -> None:
        """Fail the test, naming the first wrong layer and quantity, unless ``fn`` is right."""
        __tracebackhide__ = True  # pytest shows the test's line, not this one
        report = self.report(fn, net, x, d, reduction, layout=layout, per_example=per_example, labels=labels)
        first = report.first_failure
        if first is not None:
            raise AssertionError(f"{first.explain()}\n\n{report}")
