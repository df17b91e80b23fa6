"""refbp.checked_equations: each equation's axes, as docs/equations.md writes them, bound
across its arrays and named in its messages.

A size such as N or n_L is bound by the first array that has it and must repeat in every
other; an array of the wrong number of axes is refused with the shape it must have. Each
message is matched whole: its axis names are the sheet's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pytest

from refbp import LOSSES, OUTPUTS, bias_grad, chain_delta, hidden_delta, output_delta, weight_grad

SIGMOID, SQUARED = OUTPUTS["sigmoid"], LOSSES["squared_error"]


def _chain(z: np.ndarray, y: np.ndarray, d: np.ndarray) -> object:
    return chain_delta(z, y, d, SIGMOID, SQUARED)


REFUSED: list[tuple[str, Callable[[], object], str]] = [
    (
        "hidden_delta: f'(z) of another batch",  # (N, n_{l+1}) @ (n_{l+1}, n_l) * (N, n_l): one N
        lambda: hidden_delta(np.ones((2, 3)), np.ones((3, 4)), np.ones((1, 4))),
        "hidden_delta: fprime_z has shape (1, 4), so N = 1, but delta_next has shape (2, 3), so N = 2; "
        "fprime_z must have shape (N, n_l)",
    ),
    (
        "weight_grad: delta 1-D",
        lambda: weight_grad(np.ones(3), np.ones((2, 3))),
        "weight_grad: delta must be 2-D of shape (N, n_l), got shape (3,)",
    ),
    (
        "weight_grad: a_prev 1-D",
        lambda: weight_grad(np.ones((2, 3)), np.ones(3)),
        "weight_grad: a_prev must be 2-D of shape (N, n_{l-1}), got shape (3,)",
    ),
    (
        "bias_grad: delta 1-D",
        lambda: bias_grad(np.ones(3)),
        "bias_grad: delta must be 2-D of shape (N, n_l), got shape (3,)",
    ),
    (
        "chain_delta: y of another width than z",
        lambda: _chain(np.ones((2, 4)), np.ones((2, 3)), np.ones((2, 3))),
        "chain_delta: y has shape (2, 3), so n_L = 3, but z has shape (2, 4), so n_L = 4; "
        "y must have shape (N, n_L)",
    ),
    (
        "chain_delta: d of another width than z",
        lambda: _chain(np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 4))),
        "chain_delta: d has shape (2, 4), so n_L = 4, but z has shape (2, 3), so n_L = 3; "
        "d must have shape (N, n_L)",
    ),
    (
        "output_delta: d of another width than y",
        lambda: output_delta(np.ones((2, 3)), np.ones((2, 4))),
        "output_delta: d has shape (2, 4), so n_L = 4, but y has shape (2, 3), so n_L = 3; "
        "d must have shape (N, n_L)",
    ),
]


@pytest.mark.parametrize(("kind", "call", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_axes_are_bound_across_arrays_and_named_as_on_the_sheet(
    kind: str, call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        call()
