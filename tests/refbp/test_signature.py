"""The shape signatures of the public equation functions: bad arguments, clear errors."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from refbp import bias_grad, hidden_delta, output_delta, pre_activation, weight_grad

A = np.ones((2, 3))
BAD: list[tuple[str, Callable[[], object], type[Exception], tuple[str, ...]]] = [
    (
        "W does not take a_prev",
        lambda: pre_activation(np.ones((4, 5)), np.ones(4), A),
        ValueError,
        ("pre_activation: a_prev has shape (2, 3)", "n_{l-1} = 5"),
    ),
    (
        "b not the layer's width",
        lambda: pre_activation(np.ones((4, 3)), np.ones(3), A),
        ValueError,
        ("pre_activation: b has shape (3,)", "(n_l,)"),
    ),
    (
        "b 2-D",
        lambda: pre_activation(np.ones((4, 3)), np.ones((4, 1)), A),
        ValueError,
        ("b must be 1-D of shape (n_l,)",),
    ),
    (
        "y and d differ",
        lambda: output_delta(A, np.ones((3, 2))),
        ValueError,
        ("output_delta: d has shape (3, 2)", "N = 2"),
    ),
    (
        "delta_next does not chain",
        lambda: hidden_delta(A, np.ones((4, 2)), np.ones((2, 2))),
        ValueError,
        ("hidden_delta: W_next", "n_{l+1} = 3"),
    ),
    (
        "f'(z) of the wrong width",
        lambda: hidden_delta(A, np.ones((3, 2)), np.ones((2, 5))),
        ValueError,
        ("hidden_delta: fprime_z", "(N, n_l)"),
    ),
    (
        "batches differ",
        lambda: weight_grad(A, np.ones((5, 2))),
        ValueError,
        ("weight_grad: a_prev has shape (5, 2)", "N = 2"),
    ),
    (
        "integer delta",
        lambda: bias_grad(np.ones((2, 3), int)),
        TypeError,
        ("bias_grad: delta must be a float32 or float64", "int64"),
    ),
    (
        "mixed dtypes",
        lambda: weight_grad(A.astype(np.float32), A),
        TypeError,
        ("weight_grad: the arrays must share one dtype", "delta is float32, a_prev is float64"),
    ),
    ("not an array", lambda: bias_grad(3.0), TypeError, ("bias_grad: delta must be a NumPy array",)),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("kind", "call", "exc", "fragments"), BAD, ids=[b[0] for b in BAD])
def test_bad_equation_arguments(
    kind: str, call: Callable[[], object], exc: type[Exception], fragments: tuple[str, ...]
) -> None:
    with pytest.raises(exc) as info:
        call()
    for fragment in fragments:
        assert fragment in str(info.value), f"{kind}: {fragment!r} not in {info.value}"


def test_checked_functions_accept_keywords_and_lists() -> None:
    z = pre_activation(W=np.eye(2), b=np.zeros(2), a_prev=[[1.0, 2.0]])  # type: ignore[arg-type]
    np.testing.assert_array_equal(z, [[1.0, 2.0]])
    assert pre_activation.__name__ == "pre_activation"
    assert "(E1)" in (pre_activation.__doc__ or "")
