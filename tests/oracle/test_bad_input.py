"""Bad input at the oracle's boundary: reference, check, assert_matches and the CLI.

The oracle checks its inputs exactly as refbp does (it calls the network's own
``prepare_input``/``prepare_target``), so a bad x or d gets refbp's message, never a
torch traceback; a usage error of the CLI exits with status 2 and says why.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pytest

import oracle
import refbp
from oracle.suite.cli import main

NET = refbp.MLP.init((3, 2), task="binary", seed=0)
X, D = np.ones((2, 3)), np.full((2, 2), 0.5)
CALLS: dict[str, Callable[..., object]] = {
    "reference": oracle.reference,
    "check": oracle.check,
    "assert_matches": oracle.assert_matches,
}

BAD = [
    ("net not an MLP", ("net", X, D), {}, TypeError, "net must be a refbp.MLP, got str"),
    ("x 1-D", (NET, np.ones(3), D), {}, ValueError, "x[None, :]"),
    ("x float32", (NET, X.astype(np.float32), D), {}, TypeError, "x has dtype float32"),
    ("x NaN", (NET, np.full((2, 3), np.nan), D), {}, ValueError, "x has 6 non-finite"),
    ("d out of [0, 1]", (NET, X, D + 1), {}, ValueError, "d must lie in [0, 1]"),
    ("d wrong shape", (NET, X, D[:1]), {}, ValueError, "d must have the output's shape"),
    ("unknown reduction", (NET, X, D, "median"), {}, ValueError, "reduction must be 'sum' or 'mean'"),
]


@pytest.mark.parametrize("call", sorted(CALLS))
@pytest.mark.parametrize(("kind", "args", "kwargs", "exc", "fragment"), BAD, ids=[b[0] for b in BAD])
def test_bad_oracle_input(
    call: str,
    kind: str,
    args: tuple[object, ...],
    kwargs: dict[str, object],
    exc: type[Exception],
    fragment: str,
) -> None:
    with pytest.raises(exc) as info:
        CALLS[call](*args, **kwargs)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--seed", "-1"], "argument --seed: must be a non-negative integer, got -1"),
        (["--seed", "one"], "argument --seed: must be a non-negative integer, got 'one'"),
        (["--seed"], "argument --seed: expected one argument"),
        (["--verbose"], "unrecognized arguments: --verbose"),
    ],
)
def test_cli_usage_errors_exit_2(argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert fragment in capsys.readouterr().err


def _backprop(weights: list[np.ndarray], biases: list[np.ndarray], x: np.ndarray, d: np.ndarray) -> object:
    g = refbp.backprop(refbp.MLP(weights, biases, task="binary"), x, d)
    return g.delta, g.W, g.b


CASED: dict[str, Callable[[object], object]] = {
    "check": lambda case: oracle.check(NET, X, D, case=case),  # type: ignore[arg-type]
    "check_backprop": lambda case: oracle.check_backprop(_backprop, NET, X, D, case=case),  # type: ignore[arg-type]
    "check_finite_differences": lambda case: oracle.check_finite_differences(NET, X, D, case=case),  # type: ignore[arg-type]
    "compare_training": lambda case: oracle.compare_training(NET, X, D, steps=1, case=case),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("case", [3, None, b"label", ["a"]], ids=repr)
@pytest.mark.parametrize("call", sorted(CASED))
def test_a_case_that_is_not_a_str_is_refused(call: str, case: object) -> None:
    message = f"case must be a str (a label for the report), got {type(case).__name__}"
    with pytest.raises(TypeError, match=f"^{re.escape(message)}$"):
        CASED[call](case)


@pytest.mark.parametrize("call", sorted(CASED))
def test_a_bad_case_is_refused_before_any_work(call: str, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[object] = []
    prepare_input = refbp.MLP.prepare_input

    def spy(self: refbp.MLP, x: np.ndarray) -> np.ndarray:
        read.append(x)
        return prepare_input(self, x)

    monkeypatch.setattr(refbp.MLP, "prepare_input", spy)
    with pytest.raises(TypeError, match=r"^case must be a str"):
        CASED[call](3)
    assert read == []  # every witness reads x first: no x read, no work done
