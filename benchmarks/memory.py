"""Peak memory of one forward + backward, each side measured by its own allocator's record.

- numpy (refbp): ``tracemalloc``. NumPy reports every array data buffer it allocates to
  tracemalloc (domain 389047), so the traced peak minus the traced size before the call
  is the most array (and Python object) memory alive at once during the call.
- torch: the profiler's record of the CPU allocator (``profile_memory=True``): every
  tensor storage created during the call, less those of them destroyed, in time order;
  the peak of that running sum. (Frees of older storages, such as the gradients of the
  previous call that zero_grad drops, are not subtracted: tracemalloc ignores them too.)

Both count what the call allocates and keeps (the results, gradients included) or frees;
neither counts the inputs and weights, which exist before the call, nor BLAS's own
internal work buffers. Python objects are a few KiB and only show on the tiny nets.
"""

from __future__ import annotations

import tracemalloc
import warnings
from collections.abc import Callable
from typing import Any

__all__ = ["numpy_peak", "torch_peak"]


def numpy_peak(step: Callable[[], Any]) -> int:
    """Bytes: the peak traced by tracemalloc during ``step()``, above the level before it."""
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        result = step()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    del result
    return peak - base


def torch_peak(step: Callable[[], Any]) -> int:
    """Bytes: the peak of live tensor storage created during ``step()`` (torch profiler)."""
    from torch.profiler import ProfilerActivity, profile
    from torch.profiler._memory_profiler import Action  # the profiler's own timeline

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with profile(
            activities=[ProfilerActivity.CPU], profile_memory=True, record_shapes=True, with_stack=True
        ) as prof:
            result = step()
        timeline = prof._memory_profile().timeline
    del result
    live = peak = 0
    created = set()  # storages made during the call: frees of older ones (the last grads) don't count
    for _, action, key, size in sorted(timeline, key=lambda e: e[0]):
        if action == Action.CREATE:
            created.add(key)
            live += size
            peak = max(peak, live)
        elif action == Action.DESTROY and key in created:
            live -= size
    return peak
