"""One torch thread for a test session: torch's pool makes these small problems far slower on 2 cores.

The conftests of tests/oracle and tests/fuzz import the fixture; without torch (the notorch
environment runs the finite-difference tests of tests/oracle) it does nothing.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True, scope="session")
def one_torch_thread() -> Iterator[None]:
    """torch.set_num_threads(1) for the session, restored afterwards (nothing without torch)."""
    if importlib.util.find_spec("torch") is None:
        yield
        return
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
