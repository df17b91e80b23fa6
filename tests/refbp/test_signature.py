"""The shape signatures of the public equation functions: bad arguments, clear errors."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pytest
from catalogue import assert_refused

from refbp import _signature, bias_grad, hidden_delta, output_delta, pre_activation, weight_grad
from refbp._signature import shapes

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


# The decorator itself, applied inside the tests (not at import, as in refbp.equations), to a
# function of pre_activation's shape: z = a_prev W^T + b.
SPEC = "W: n_l n_prev, b: n_l, a_prev: N n_prev"
W, B, X = np.arange(12.0).reshape(4, 3), np.arange(4.0), np.arange(6.0).reshape(2, 3)


def affine(W: np.ndarray, b: np.ndarray, a_prev: np.ndarray) -> np.ndarray:
    """The function that the tests decorate."""
    out: np.ndarray = a_prev @ W.T + b
    return out


@pytest.fixture
def full_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the functions whose call went through the full check (not the fast path)."""
    seen: list[str] = []
    full = _signature._checked_arrays

    def spy(func: str, *args: object) -> object:
        seen.append(func)
        return full(func, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(_signature, "_checked_arrays", spy)
    return seen


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_plain_float_arrays_take_the_fast_path(full_checks: list[str], dtype: type) -> None:
    checked = shapes(SPEC)(affine)
    args = (W.astype(dtype), B.astype(dtype), X.astype(dtype))
    np.testing.assert_array_equal(checked(*args), affine(*args))
    assert full_checks == []


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
def test_other_calls_take_the_full_check_and_give_the_same_result(
    full_checks: list[str], kind: str, args: tuple[object, ...], kwargs: dict[str, object]
) -> None:
    checked = shapes(SPEC)(affine)
    np.testing.assert_array_equal(checked(*args, **kwargs), affine(W, B, X))
    assert full_checks == ["affine"]


REFUSED: list[tuple[str, tuple[object, ...], type[Exception], str]] = [
    (
        "b of another width",
        (W, np.zeros(3), X),
        ValueError,
        "affine: b has shape (3,), so n_l = 3, but W has shape (4, 3), so n_l = 4; b must have shape (n_l,)",
    ),
    (
        "a_prev of another width",
        (W, B, np.ones((2, 5))),
        ValueError,
        "affine: a_prev has shape (2, 5), so n_prev = 5, but W has shape (4, 3), so n_prev = 3; "
        "a_prev must have shape (N, n_prev)",
    ),
    (
        "b 2-D",
        (W, np.zeros((4, 1)), X),
        ValueError,
        "affine: b must be 1-D of shape (n_l,), got shape (4, 1)",
    ),
    ("W 1-D", (np.ones(3), B, X), ValueError, "affine: W must be 2-D of shape (n_l, n_prev), got shape (3,)"),
    (
        "mixed dtypes",
        (W.astype(np.float32), B, X),
        TypeError,
        "affine: the arrays must share one dtype, got W is float32, b is float64, a_prev is float64",
    ),
    (
        "integers",
        (W.astype(int), B.astype(int), X.astype(int)),
        TypeError,
        "affine: W must be a float32 or float64 array, got dtype int64",
    ),
    (
        "float16",
        (W.astype(np.float16), B.astype(np.float16), X.astype(np.float16)),
        TypeError,
        "affine: W must be a float32 or float64 array, got dtype float16",
    ),
]


@pytest.mark.parametrize(("kind", "args", "exc", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_the_decorator_refuses_with_the_whole_message(
    kind: str, args: tuple[object, ...], exc: type[Exception], message: str
) -> None:
    checked = shapes(SPEC)(affine)
    with pytest.raises(exc, match=f"^{re.escape(message)}$"):
        checked(*args)


CALLS: list[tuple[str, tuple[object, ...], dict[str, object], str]] = [
    ("a_prev missing", (W, B), {}, "affine() missing a required argument: 'a_prev'"),
    ("nothing given", (), {}, "affine() missing a required argument: 'W'"),
    ("an extra positional argument", (W, B, X, X), {}, "affine() too many positional arguments"),
    ("W twice", (W, B, X), {"W": W}, "affine() multiple values for argument 'W'"),
    ("an unknown keyword", (W, B, X), {"x": X}, "affine() got an unexpected keyword argument 'x'"),
]


@pytest.mark.parametrize(("kind", "args", "kwargs", "message"), CALLS, ids=[c[0] for c in CALLS])
def test_a_call_that_does_not_bind_is_a_type_error_naming_the_function(
    kind: str, args: tuple[object, ...], kwargs: dict[str, object], message: str
) -> None:
    checked = shapes(SPEC)(affine)
    with pytest.raises(TypeError, match=f"^{re.escape(message)}; call affine\\(W, b, a_prev\\)$"):
        checked(*args, **kwargs)


def test_a_decorated_function_is_bound_with_its_own_name() -> None:
    with pytest.raises(TypeError, match=r"^pre_activation\(\) missing a required argument: 'a_prev'; "):
        pre_activation(W, B)  # type: ignore[call-arg]


def test_the_decorated_function_keeps_its_name_and_signature() -> None:
    checked = shapes(SPEC)(affine)
    assert checked.__name__ == "affine"
    assert checked.__doc__ == affine.__doc__
