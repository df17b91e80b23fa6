"""The bad-input catalogue's one assertion, shared by the test files that list rows of it."""

from __future__ import annotations

from collections.abc import Callable

import pytest


def assert_refused(
    kind: str, call: Callable[[], object], exc: type[Exception], fragments: tuple[str, ...]
) -> None:
    """``call()`` raises ``exc`` whose message starts with fragments[0] and holds every fragment."""
    with pytest.raises(exc) as info:
        call()
    message = str(info.value)
    assert message.startswith(fragments[0]), f"{kind}: {message!r} does not start with {fragments[0]!r}"
    for fragment in fragments:
        assert fragment in message, f"{kind}: {fragment!r} not in {message!r}"
