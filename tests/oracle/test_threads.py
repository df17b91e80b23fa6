"""The twin's torch thread count (oracle.twin.threads): one thread below torch's grain size.

Left out of the mutation run (pyproject's [tool.mutmut]): these tests start torch's
OpenMP pool at two threads, and a process forked after that cannot use OpenMP.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import torch
from nets import make

import oracle.twin.autograd as twin
from oracle.twin.threads import GRAIN_SIZE


@pytest.fixture
def two_threads() -> Iterator[None]:
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    yield
    torch.set_num_threads(before)


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The torch thread count in force each time the twin applies its hidden tanh."""
    counts: list[int] = []

    def tanh(z: torch.Tensor) -> torch.Tensor:
        counts.append(torch.get_num_threads())
        return torch.tanh(z)

    monkeypatch.setitem(twin.HIDDEN, "tanh", tanh)
    return counts


@pytest.mark.usefixtures("two_threads")
@pytest.mark.parametrize(
    ("sizes", "n", "threads"),
    [
        ((4, 8, 3), 32, 1),  # every tensor far below the grain size
        ((4, 8, 3), GRAIN_SIZE // 8, 2),  # z^(1) is N x 8 = exactly the grain size
        ((200, 200, 1), 1, 2),  # a weight of 40,000 elements
    ],
)
def test_threads_follow_the_largest_tensor(
    seen: list[int], sizes: tuple[int, ...], n: int, threads: int
) -> None:
    net, x, d = make(sizes, "tanh", "regression", n)
    twin.reference(net, x, d)
    assert seen == [threads]
    assert torch.get_num_threads() == 2


@pytest.mark.usefixtures("two_threads")
def test_thread_count_is_restored_when_the_twin_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(z: torch.Tensor) -> torch.Tensor:
        raise RuntimeError("planted")

    monkeypatch.setitem(twin.HIDDEN, "tanh", broken)
    net, x, d = make((4, 8, 3), "tanh", "regression", 5)
    with pytest.raises(RuntimeError, match="planted"):
        twin.reference(net, x, d)
    assert torch.get_num_threads() == 2
