"""refbp.checked_equations: the equations as a user calls them; bad arguments, clear errors."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable

import numpy as np
import pytest
from catalogue import assert_refused

import refbp
from refbp import bias_grad, equations, hidden_delta, output_delta, pre_activation, weight_grad

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
        ("pre_activation: b must be 1-D of shape (n_l,)",),
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
    assert_refused(kind, call, exc, fragments)


def test_checked_functions_accept_keywords_and_lists() -> None:
    z = pre_activation(W=np.eye(2), b=np.zeros(2), a_prev=[[1.0, 2.0]])  # type: ignore[arg-type]
    np.testing.assert_array_equal(z, [[1.0, 2.0]])
    assert pre_activation.__name__ == "pre_activation"
    assert "(E1)" in (pre_activation.__doc__ or "")


EQUATIONS = ["pre_activation", "hidden_delta", "weight_grad", "bias_grad", "chain_delta", "output_delta"]


@pytest.mark.parametrize("name", EQUATIONS)
def test_each_checked_function_takes_its_equations_arguments_and_cites_it(name: str) -> None:
    checked, equation = getattr(refbp, name), getattr(equations, name)
    # out= is the buffer of the network's workspace path (refbp.gradients), not an argument of the math
    arguments = [p for p in inspect.signature(equation).parameters if p != "out"]
    assert list(inspect.signature(checked).parameters) == arguments
    label = re.match(r"\(E\d+\)", equation.__doc__ or "")
    assert label is not None
    assert (checked.__doc__ or "").startswith(label.group())


# pre_activation, z = a_prev W^T + b, called every other way a user may call it
W, B, X = np.arange(12.0).reshape(4, 3), np.arange(4.0), np.arange(6.0).reshape(2, 3)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_plain_float_arrays_give_the_equations_result_in_their_dtype(dtype: type) -> None:
    args = (W.astype(dtype), B.astype(dtype), X.astype(dtype))
    z = pre_activation(*args)
    assert z.dtype == dtype
    np.testing.assert_array_equal(z, equations.pre_activation(*args), strict=True)


CONVERTED: list[tuple[str, tuple[object, ...], dict[str, object]]] = [
    ("W a list", (W.tolist(), B, X), {}),
    ("b a list", (W, B.tolist(), X), {}),
    ("a_prev a list", (W, B, X.tolist()), {}),
    ("keywords", (), {"W": W, "b": B, "a_prev": X}),
    ("a_prev by keyword", (W, B), {"a_prev": X}),
    ("a subclass", (W.view(np.recarray), B, X), {}),
    ("big-endian", (W.astype(">f8"), B, X), {}),
]


@pytest.mark.parametrize(("kind", "args", "kwargs"), CONVERTED, ids=[c[0] for c in CONVERTED])
def test_other_calls_give_the_same_result(
    kind: str, args: tuple[object, ...], kwargs: dict[str, object]
) -> None:
    np.testing.assert_array_equal(
        pre_activation(*args, **kwargs), equations.pre_activation(W, B, X), strict=True
    )


REFUSED: list[tuple[str, tuple[object, ...], type[Exception], str]] = [
    (
        "b of another width",
        (W, np.zeros(3), X),
        ValueError,
        "pre_activation: b has shape (3,), so n_l = 3, but W has shape (4, 3), so n_l = 4; "
        "b must have shape (n_l,)",
    ),
    (
        "a_prev of another width",
        (W, B, np.ones((2, 5))),
        ValueError,
        "pre_activation: a_prev has shape (2, 5), so n_{l-1} = 5, but W has shape (4, 3), so n_{l-1} = 3; "
        "a_prev must have shape (N, n_{l-1})",
    ),
    (
        "b 2-D",
        (W, np.zeros((4, 1)), X),
        ValueError,
        "pre_activation: b must be 1-D of shape (n_l,), got shape (4, 1)",
    ),
    (
        "W 1-D",
        (np.ones(3), B, X),
        ValueError,
        "pre_activation: W must be 2-D of shape (n_l, n_{l-1}), got shape (3,)",
    ),
    (
        "mixed dtypes",
        (W.astype(np.float32), B, X),
        TypeError,
        "pre_activation: the arrays must share one dtype, got W is float32, b is float64, a_prev is float64",
    ),
    (
        "integers",
        (W.astype(int), B.astype(int), X.astype(int)),
        TypeError,
        "pre_activation: W must be a float32 or float64 array, got dtype int64",
    ),
    (
        "float16",
        (W.astype(np.float16), B.astype(np.float16), X.astype(np.float16)),
        TypeError,
        "pre_activation: W must be a float32 or float64 array, got dtype float16",
    ),
]


@pytest.mark.parametrize(("kind", "args", "exc", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_bad_arrays_are_refused_with_the_whole_message(
    kind: str, args: tuple[object, ...], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=f"^{re.escape(message)}$"):
        pre_activation(*args)  # type: ignore[arg-type]


CALLS: list[tuple[str, tuple[object, ...], dict[str, object], str]] = [
    ("a_prev missing", (W, B), {}, "pre_activation() missing 1 required positional argument: 'a_prev'"),
    (
        "nothing given",
        (),
        {},
        "pre_activation() missing 3 required positional arguments: 'W', 'b', and 'a_prev'",
    ),
    (
        "an extra positional argument",
        (W, B, X, X),
        {},
        "pre_activation() takes 3 positional arguments but 4 were given",
    ),
    ("W twice", (W, B, X), {"W": W}, "pre_activation() got multiple values for argument 'W'"),
    ("an unknown keyword", (W, B, X), {"x": X}, "pre_activation() got an unexpected keyword argument 'x'"),
]


@pytest.mark.parametrize(("kind", "args", "kwargs", "message"), CALLS, ids=[c[0] for c in CALLS])
def test_a_call_that_does_not_bind_is_pythons_type_error_naming_the_function(
    kind: str, args: tuple[object, ...], kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(TypeError, match=f"^{re.escape(message)}$"):
        pre_activation(*args, **kwargs)  # type: ignore[arg-type]
