"""Fuzz tests: a count of the inputs judged, by kind (one torch thread: tests/conftest.py)."""

from __future__ import annotations

import pytest
from fuzz.harness import COUNTS
from torch_threads import one_torch_thread

__all__ = ["one_torch_thread", "pytest_terminal_summary"]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """How many inputs the fuzz tests judged, by kind (each call with one bad value is one)."""
    if COUNTS:
        total = sum(COUNTS.values())
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(COUNTS.items()))
        terminalreporter.write_line(f"fuzz inputs judged: {total} ({kinds})")
