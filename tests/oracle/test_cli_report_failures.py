"""refbp-verify on a stand-in suite: a witness that fails exits 1, and the report names the first failure.

The stand-in is tests/stand_in_suite.py; the lines of a passing run: test_cli_report.py.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from stand_in_suite import (
    AUTOGRAD,
    FINITE,
    GAPS,
    PROOFS,
    WITNESSES,
    fd_row,
    json_report,
    row,
    stand_in,
    text_report,
)

import oracle.suite.cli
from oracle.suite.sections import Gap
from oracle.verdict.report import Report

suite = pytest.fixture(stand_in, name="suite")


def test_an_autograd_mismatch_exits_1_and_names_the_first_failing_case(suite, capsys) -> None:
    suite.reports = [
        AUTOGRAD[0],
        Report([row(1, "W", 1.0e-12), row(1, "b", 5.0, passed=False)], "net B"),
        Report([row(3, "delta", 7.0, passed=False)], "net E"),
    ]
    summary = "refbp-verify: 3 cases, 5 comparisons: 2 case(s) FAIL; first: net B: layer 1 b"
    assert oracle.suite.cli.main([]) == 1
    assert capsys.readouterr().out == text_report(suite, summary=summary)
    assert oracle.suite.cli.main(["--json"]) == 1
    assert capsys.readouterr().out == json_report(suite, False, 0, summary=summary)


def test_a_finite_difference_mismatch_exits_1_and_names_the_first_failing_case(suite, capsys) -> None:
    suite.finite = [
        FINITE[0],
        Report([fd_row(1, "W", 1.0e-9), fd_row(1, "b", 3.0, passed=False)], "net B"),
        Report([fd_row(2, "b", 3.0, passed=False)], "net E"),
    ]
    witnesses = WITNESSES.replace(
        "2 cases, 3 comparisons, all agree", "3 cases, 4 comparisons, 2 case(s) FAIL; first: net B"
    )
    assert oracle.suite.cli.main([]) == 1
    assert capsys.readouterr().out == text_report(suite, witnesses=witnesses)
    assert oracle.suite.cli.main(["--json"]) == 1
    assert capsys.readouterr().out == json_report(suite, False, 0, witnesses=witnesses)


def test_non_canonical_cases_equal_to_y_minus_d_exit_1_and_are_counted(suite, capsys) -> None:
    suite.gaps = [GAPS[0], Gap("net E", 1e-18, 1e-17), Gap("net F", 0.0, 0.0)]
    witnesses = WITNESSES.replace(
        "2 non-canonical cases all differ from y - d", "3 non-canonical cases 2 equal y - d (FAIL)"
    )
    assert oracle.suite.cli.main([]) == 1
    assert capsys.readouterr().out == text_report(suite, witnesses=witnesses)


def test_a_proof_that_reaches_the_wrong_verdict_exits_1(suite, capsys) -> None:
    suite.proofs = [PROOFS[0], (PROOFS[1][0], True)]  # tanh+squared_error expected to reduce to y - d
    witnesses = WITNESSES.replace("2 proofs as expected", "2 proofs FAIL")
    assert oracle.suite.cli.main([]) == 1
    assert capsys.readouterr().out == text_report(suite, witnesses=witnesses)


def test_plot_with_a_training_run_that_differs_exits_1(suite, tmp_path, capsys) -> None:
    suite.trainings = [
        SimpleNamespace(case="run 1", passed=True),
        SimpleNamespace(case="run 2", passed=False),
    ]
    png, doc = str(tmp_path / "verify.png"), tmp_path / "verify.json"
    assert oracle.suite.cli.main(["--plot", png, "--json", str(doc)]) == 1
    assert capsys.readouterr() == (
        text_report(suite),
        f"refbp-verify: wrote {doc}\n"
        "training run 1: agrees with torch.optim.SGD at every step\n"
        "training run 2: DIFFERS from torch.optim.SGD at every step\n"
        f"refbp-verify: wrote {png}\n",
    )
    assert doc.read_text(encoding="utf-8") == json_report(suite, False, 0)
    assert suite.plots == [(png, suite.reports, suite.trainings)]
