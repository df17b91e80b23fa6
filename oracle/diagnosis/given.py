"""What a function under test gave, recognised and brought to refbp's conventions.

Contract: a ``Given`` holds the lists that ``check_backprop`` compares with autograd, one
per quantity, list position k being layer k + 1, in refbp's conventions whatever the
caller's were: dE/dW in the layout of ``torch.nn.Linear.weight`` (n_{k+1}, n_k), every
quantity of the whole batch (per-example results summed, or averaged for
``reduction="mean"``), ``a`` without the input a^(0). A quantity the function did not
give is None. The entries are as the function returned them (any dtype, any shape): the
comparison judges them. ``layout`` and ``per_example`` say how the caller wrote them, so
that a message can speak the caller's convention.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["WEIGHT_SHAPE", "Given", "Layout"]

Layout = Literal["out_in", "in_out"]
"""out_in: z = a W^T + b (torch); in_out: z = a W + b (x @ W code); W^(l)'s shapes: WEIGHT_SHAPE."""

WEIGHT_SHAPE: dict[str, str] = {"out_in": "(n_l, n_{l-1})", "in_out": "(n_{l-1}, n_l)"}
"""W^(l)'s shape in each layout, as every message writes it."""


@dataclass(frozen=True)
class Given:
    """The lists a function under test returned (None: not given), in refbp's conventions."""

    W: Sequence[object]
    b: Sequence[object]
    delta: Sequence[object] | None = None
    z: Sequence[object] | None = None
    a: Sequence[object] | None = None
    E: object | None = None
    recognised: str = ""
    """What was recognised in the return value, for the report: "a tuple (delta, W, b)"."""
    layout: Layout = "out_in"
    per_example: bool = False
