"""Fuzz tests: one torch thread (as tests/oracle), and a count of the inputs judged, by kind."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator

import pytest
from fuzz.harness import COUNTS


@pytest.fixture(autouse=True, scope="session")
def one_torch_thread() -> Iterator[None]:
    """torch.set_num_threads(1): its pool makes these tiny problems far slower on 2 busy cores."""
    if importlib.util.find_spec("torch") is None:
        yield
        return
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """How many inputs the fuzz tests judged, by kind (each call with one bad value is one)."""
    if COUNTS:
        total = sum(COUNTS.values())
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(COUNTS.items()))
        terminalreporter.write_line(f"fuzz inputs judged: {total} ({kinds})")
