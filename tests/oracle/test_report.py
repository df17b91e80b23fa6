"""Report: verdicts, the first failure in walking order, the table and the JSON form."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from oracle.verdict.compare import compare
from oracle.verdict.report import Report, format_rows
from oracle.verdict.tolerance import Tolerance

TOL = Tolerance(rtol=1e-9, atol=1e-12)
GOOD = compare(1, "z", np.ones(2), np.ones(2), TOL)
BAD_DELTA = compare(2, "delta", np.ones(2), np.zeros(2), TOL)
BAD_W = compare(1, "W", np.ones(2), np.zeros(2), TOL)


def test_all_good() -> None:
    report = Report([GOOD, GOOD], case="c")
    assert report.passed
    assert report.first_failure is None
    assert str(report).endswith("all agree")
    assert report.to_dict()["first_failure"] is None


def test_the_first_failure_is_the_first_failing_row() -> None:
    report = Report([GOOD, BAD_DELTA, BAD_W], case="binary 3-2")
    assert not report.passed
    assert report.first_failure is BAD_DELTA
    assert str(report).endswith("FIRST MISMATCH: layer 2 delta")
    doc = json.loads(json.dumps(report.to_dict(), allow_nan=False))
    assert doc["first_failure"] == "layer 2 delta"
    assert [row["passed"] for row in doc["rows"]] == [True, False, False]


def test_table_columns_are_aligned() -> None:
    lines = format_rows([("case A", GOOD), ("a longer case", BAD_W)]).splitlines()
    assert lines[0].split() == [
        "case",
        "layer",
        "quantity",
        "max",
        "abs",
        "err",
        "max",
        "rel",
        "err",
        "tolerance",
        "ok",
    ]
    assert lines[1].index("ok") == lines[2].index("FAIL")
    assert lines[0].index("layer") == lines[1].index("1")


@pytest.mark.parametrize("case", [3, None, b"c", np.str_("c")], ids=repr)
def test_a_case_that_is_not_a_str_is_refused(case: object) -> None:
    if isinstance(case, str):  # np.str_ is a str
        assert Report([GOOD], case).case == "c"  # type: ignore[arg-type]
        return
    message = f"case must be a str (a label for the report), got {type(case).__name__}"
    with pytest.raises(TypeError, match=f"^{re.escape(message)}$"):
        Report([GOOD], case)  # type: ignore[arg-type]


LOSS = compare(None, "loss", 2.0, 2.0, TOL)


def test_the_table_in_full() -> None:
    # widths: the longest cell of each column; two spaces apart; no trailing blanks
    assert format_rows([("c", LOSS), ("c", BAD_W)]).split("\n") == [
        "case  layer  quantity  max abs err  max rel err  tolerance               ok",
        "c     -      loss      0.00e+00     0.00e+00     rtol=1e-09, atol=1e-12  ok",
        "c     1      W         1.00e+00     inf          rtol=1e-09, atol=1e-12  FAIL",
    ]


def test_the_report_as_json_in_full() -> None:
    report = Report([LOSS, BAD_W], case="binary 3-2", tolerance=TOL)
    assert json.loads(json.dumps(report.to_dict(), allow_nan=False)) == {
        "case": "binary 3-2",
        "passed": False,
        "first_failure": "layer 1 W",
        "tolerance": {"rtol": 1e-9, "atol": 1e-12, "bound": 0.0},
        "rows": [LOSS.to_dict(), BAD_W.to_dict()],
    }
    assert Report([LOSS]).to_dict() == {
        "case": "",
        "passed": True,
        "first_failure": None,
        "tolerance": None,
        "rows": [LOSS.to_dict()],
    }
