"""Oracle tests: torch on one thread (tests/torch_threads.py)."""

from torch_threads import one_torch_thread

__all__ = ["one_torch_thread"]
