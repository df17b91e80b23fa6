"""oracle.twin: a small twin runs on one torch thread, a large one on the caller's count,
and the caller's count is restored afterwards, also when the twin raises."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import torch
from nets import make

import oracle.twin as twin


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
        ((4, 8, 3), twin.GRAIN_SIZE // 8, 2),  # z^(1) is N x 8 = exactly the grain size
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
