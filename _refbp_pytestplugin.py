"""pytest plugin of refbp (entry point pytest11 ``refbp``): the ``backprop_oracle`` fixture.

This module sits outside the ``oracle`` package on purpose: pytest imports every pytest11
plugin at start-up, before pytest-cov starts measuring, in every session of the
environment. So it imports pytest only; torch and oracle load when a test first asks for
the fixture. The fixture's value is an ``oracle.backprop.pytest_plugin.BackpropOracle``:

    def test_my_backprop(backprop_oracle):
        backprop_oracle.check(my_backprop, net, x, d)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from oracle.backprop.pytest_plugin import BackpropOracle

__all__ = ["backprop_oracle"]


@pytest.fixture
def backprop_oracle() -> BackpropOracle:
    """The refbp oracle: ``backprop_oracle.check(fn, net, x, d)`` fails the test on a wrong gradient."""
    from oracle.backprop.pytest_plugin import BackpropOracle

    return BackpropOracle()
