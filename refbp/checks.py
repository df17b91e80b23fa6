"""Argument checks that refbp shares with its callers: each error names the argument.

Contract: every function here reads its argument and answers (``is_integer``), passes
(``check_reduction``) or returns what it names (``lookup``), or raises TypeError/ValueError
whose message names the argument and lists what is valid.
None of them writes to anything. The oracle checks its own arguments with them, so that
refbp and the oracle refuse the same values with the same words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeGuard, TypeVar

import numpy as np

__all__ = ["check_reduction", "is_integer", "lookup"]

T = TypeVar("T")


def is_integer(value: object) -> TypeGuard[int | np.integer[Any]]:
    """True for a Python or NumPy integer; False for a bool (an int to Python, a mistake here)."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def check_reduction(reduction: object) -> None:
    """ValueError unless ``reduction`` is "sum" or "mean" (``refbp.types.Reduction``)."""
    if not isinstance(reduction, str) or reduction not in ("sum", "mean"):
        raise ValueError(f"reduction must be 'sum' or 'mean', got {reduction!r}")


def lookup(
    table: Mapping[str, T], name: object, argument: str, noun: str, *, list_on_type_error: bool = False
) -> T:
    """``table[name]``: the entry that the caller's ``argument`` names.

    ``noun`` says what the table holds ("activation", "task"). TypeError if ``name`` is not
    a str (listing the valid names too if ``list_on_type_error``), ValueError listing the
    valid names if ``table`` has no such entry.
    """
    valid = ", ".join(table)
    if not isinstance(name, str):
        article = "an" if noun[0] in "aeiou" else "a"
        hint = f"; valid names: {valid}" if list_on_type_error else ""
        raise TypeError(f"{argument} must be {article} {noun} name (a str), got {type(name).__name__}{hint}")
    try:
        return table[name]
    except KeyError:
        raise ValueError(f"{argument}={name!r} is not a known {noun}; valid names: {valid}") from None
