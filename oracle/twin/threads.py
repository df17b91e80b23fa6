"""torch's thread count for one twin: a speed choice, never a verdict.

Contract: ``one_thread_if_small(net, n)`` is a context manager that runs a twin of ``net``
on a batch of ``n`` examples on one torch thread when none of its tensors reaches
torch's grain size, and restores the caller's thread count after (also on an error).
Its result cannot change a number: torch splits no tensor below the grain size anyway.

Not mutated (``[tool.mutmut]``): its tests start torch's OpenMP pool at two threads, and
a process forked from one whose pool has run cannot use OpenMP (the child waits forever).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import torch

import refbp

__all__ = ["GRAIN_SIZE", "one_thread_if_small"]

GRAIN_SIZE = 32768
"""torch's ``at::internal::GRAIN_SIZE``: below this many elements an op runs on one thread."""


@contextmanager
def one_thread_if_small(net: refbp.MLP, n: int) -> Iterator[None]:
    """One torch thread for the block when the largest tensor of the twin is below GRAIN_SIZE."""
    # Idle OpenMP workers of a multi-threaded torch cost milliseconds per call on a busy
    # machine (oracle.check 4-8-3 N=32 on 2 busy cores: ~10 ms on 2 threads, ~1 ms on 1;
    # python -m benchmarks.bench), and more threads cannot help tensors this small.
    largest = max(n * max(net.sizes), *(w.size for w in net.weights))
    before = torch.get_num_threads()
    if largest < GRAIN_SIZE:
        torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)
