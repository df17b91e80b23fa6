"""Networks too large to allocate are refused before allocating (refbp.network.check_memory).

numpy's own errors for them differ by size and version (OverflowError, MemoryError,
ValueError "array is too big" or "Maximum allowed dimension exceeded"); refbp says
what was asked for instead: the number of parameters and the bytes they take.
"""

from __future__ import annotations

import os
import re

import numpy as np
import pytest

from refbp import MLP, network

GIB = 2**30
INTP = np.iinfo(np.intp).max
HUGE = [(3, 10**30), (3, 2**62), (2**63, 2), (2**32, 2**32), (3, 10**400)]
"""(2**32, 2**32): n_1 n_0 overflows intp; (3, 10**400): its bytes overflow a float."""


@pytest.fixture
def memory(monkeypatch: pytest.MonkeyPatch) -> int:
    """The machine's memory, pinned to 16 GiB so that the messages are the same everywhere."""
    monkeypatch.setattr(network, "physical_memory", lambda: 16 * GIB)
    return 16 * GIB


def test_a_width_of_1e30_is_refused_with_the_whole_message(memory: int) -> None:
    message = (
        "sizes: a network of sizes (3, 1000000000000000000000000000000) has "
        "4,000,000,000,000,000,000,000,000,000,000 parameters (every W and b), 2.91e+19 TiB in float64: "
        "more than this machine's memory (16 GiB); choose smaller widths"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        MLP.init((3, 10**30))


def test_a_width_of_10_to_the_400_is_refused_in_decimal(memory: int) -> None:
    # its byte count divided by 1024 as a float raised OverflowError: "integer division result
    # too large for a float"
    message = (
        f"sizes: a network of sizes {(3, 10**400)} has {4 * 10**400:,} parameters (every W and b), "
        "2.91e+389 TiB in float64: more than this machine's memory (16 GiB); choose smaller widths"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        MLP.init([3, 10**400])


@pytest.mark.parametrize("sizes", HUGE, ids=lambda s: str(s)[:40])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sizes_beyond_the_machine_are_refused(memory: int, sizes: tuple[int, ...], dtype: type) -> None:
    params = sizes[1] * (sizes[0] + 1)  # one layer: W (n_1, n_0) and b (n_1,)
    head = f"sizes: a network of sizes {sizes} has {params:,} parameters (every W and b), "
    with pytest.raises(
        ValueError, match=f"^{re.escape(head)}.* in {np.dtype(dtype)}: more than this machine's"
    ):
        MLP.init(sizes, dtype=dtype)


def test_numpy_integer_widths_are_counted_without_overflow(memory: int) -> None:
    # (2**32 + 1) 2**32 parameters overflow int64 arithmetic: the count is made in Python ints
    message = (
        f"sizes: a network of sizes (4294967296, 4294967296) has {(2**32 + 1) * 2**32:,} parameters "
        "(every W and b), 1.34e+08 TiB in float64"  # 8 (2**32 + 1) 2**32 bytes = 2**27 TiB
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}"):
        MLP.init((np.int64(2**32), np.int64(2**32)))


@pytest.mark.parametrize("sizes", HUGE, ids=lambda s: str(s)[:40])
def test_sizes_beyond_the_real_machine_are_refused(sizes: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match=r"^sizes: a network of sizes .* choose smaller widths$"):
        MLP.init(sizes)


@pytest.mark.parametrize("sizes", HUGE, ids=lambda s: str(s)[:40])
def test_without_the_machines_memory_numpys_limit_still_refuses(
    monkeypatch: pytest.MonkeyPatch, sizes: tuple[int, ...]
) -> None:
    monkeypatch.setattr(network, "physical_memory", lambda: None)
    limit = re.escape(
        f"more than what a NumPy array can hold ({INTP / 2**40:.3g} TiB); choose smaller widths"
    )
    with pytest.raises(ValueError, match=f"^sizes: .*{limit}$"):
        MLP.init(sizes)


def test_the_limit_is_the_memory_a_network_takes_in_its_dtype(monkeypatch: pytest.MonkeyPatch) -> None:
    # 3 -> 50: 200 parameters, 1600 bytes in float64, 800 in float32
    monkeypatch.setattr(network, "physical_memory", lambda: 1000)
    with pytest.raises(ValueError, match=r"has 200 parameters \(every W and b\), 1\.56 KiB in float64"):
        MLP.init((3, 50))
    assert MLP.init((3, 50), dtype=np.float32).sizes == (3, 50)


def test_weights_given_as_views_larger_than_the_machine_are_refused_before_copying(memory: int) -> None:
    # a broadcast view costs nothing, but the network would copy it (and scan it for NaN)
    W = np.broadcast_to(np.float64(0.5), (10**6, 10**6))
    b = np.broadcast_to(np.float64(0.0), (10**6,))
    with pytest.raises(
        ValueError, match=r"^weights: a network of sizes \(1000000, 1000000\) has 1,000,001,000,000"
    ):
        MLP([W], [b])


@pytest.mark.parametrize("error", [AttributeError, ValueError, OSError])
def test_physical_memory_is_none_where_sysconf_cannot_say(
    monkeypatch: pytest.MonkeyPatch, error: type[Exception]
) -> None:
    def sysconf(name: str) -> int:
        raise error(name)

    monkeypatch.setattr(os, "sysconf", sysconf)
    assert network.physical_memory() is None


def test_physical_memory_is_none_when_indeterminate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sysconf", lambda name: -1 if name == "SC_PHYS_PAGES" else 4096)
    assert network.physical_memory() is None


@pytest.mark.parametrize(
    ("pages", "page_size", "memory"), [(3, 4096, 12288), (1, 1, 1), (0, 4096, None), (-1, 4096, None)]
)
def test_physical_memory_is_pages_times_their_size_when_positive(
    monkeypatch: pytest.MonkeyPatch, pages: int, page_size: int, memory: int | None
) -> None:
    names = {"SC_PHYS_PAGES": pages, "SC_PAGE_SIZE": page_size}

    def sysconf(name: str) -> int:
        if name not in names:
            raise ValueError(f"unrecognized configuration name {name!r}")  # as os.sysconf does
        return names[name]

    monkeypatch.setattr(os, "sysconf", sysconf)
    assert network.physical_memory() == memory


@pytest.mark.parametrize("memory", [71, 72])
def test_given_weights_may_take_all_of_the_memory_and_no_more(
    monkeypatch: pytest.MonkeyPatch, memory: int
) -> None:
    # W (3, 2) and b (3,): a 2 -> 3 network, 9 parameters, 72 bytes in float64
    monkeypatch.setattr(network, "physical_memory", lambda: memory)
    W, b = np.ones((3, 2)), np.ones(3)
    if memory == 72:
        assert MLP([W], [b]).sizes == (2, 3)
        return
    message = (
        "weights: a network of sizes (2, 3) has 9 parameters (every W and b), 72 bytes in float64: "
        "more than this machine's memory (71 bytes); choose smaller widths"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        MLP([W], [b])


def test_physical_memory_is_the_machines() -> None:
    memory = network.physical_memory()
    assert memory is None or memory >= 2**26  # where known, at least 64 MiB


@pytest.mark.parametrize(
    ("nbytes", "text"),
    [
        (800, "800 bytes"),
        (999, "999 bytes"),
        (1000, "0.977 KiB"),  # 1000 / 1024: a unit up from 1000 of the one below
        (1600, "1.56 KiB"),
        (1000 * 1024, "0.977 MiB"),
        (5 * 1024**2, "5 MiB"),
        (16 * GIB, "16 GiB"),
        (3 * 1024**4, "3 TiB"),
        (2**60, "1.05e+06 TiB"),  # TiB is the largest unit: 2**20 of them
    ],
)
def test_byte_counts_are_printed_in_binary_units_to_three_digits(nbytes: int, text: str) -> None:
    assert network._size(nbytes) == text
