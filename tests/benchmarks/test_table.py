"""benchmarks.table and benchmarks.markdown: each target is judged on the rows it applies to, the
method's control flags a torch column slower than torch alone, and a table written before a
column was added still renders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks.markdown import markdown
from benchmarks.table import COLUMNS, control, control_lines, format_table, misses, verdicts

RESULTS = Path(__file__).resolve().parents[2] / "benchmarks" / "results"


def _row(**kw: Any) -> dict[str, Any]:
    row = {
        "name": "net",
        "refbp_ms": 1.0,
        "torch_ms": 2.0,
        "sklearn_ms": 1.5,
        "gemm_ms": 0.9,
        "refbp_torch": 0.5,
        "refbp_gemm": 1.05,
        "gemm_torch": 0.45,
        "refbp_sklearn": 0.67,
        "gemm_gflops": 30.0,
        "refbp_peak_mib": 1.0,
        "torch_peak_mib": 2.0,
        "width": 8,
        "torch_alone_ms": 2.0,
        "torch_table_alone": 1.0,
        "grads_ms": 0.8,
        "grads_torch": 0.4,
        "grads_gemm": 0.9,
        "grads_sklearn": 0.5,
        "sklearn_gemm": 1.6,
        "grads_peak_mib": 1.5,
        "grads_ws_kib": 0.5,
    }
    row.update(kw)
    return row


def _old(**kw: Any) -> dict[str, Any]:
    """A row of a table written before the gradients path had columns."""
    return {k: v for k, v in _row(**kw).items() if not k.startswith("grads") and k != "sklearn_gemm"}


@pytest.mark.parametrize(
    ("row", "missed"),
    [
        (_row(), []),
        (_row(refbp_torch=0.95), ["refbp/torch 0.95 > 0.9"]),
        (_row(gemm_torch=0.9, refbp_torch=0.95), []),  # no room: judged on refbp/gemm instead
        (_row(gemm_torch=0.9, refbp_gemm=1.12), ["refbp/gemm 1.12 > 1.1 (no room: gemm/torch 0.90)"]),
        (_row(width=1024, refbp_gemm=1.12), []),
        (_row(width=1024, refbp_gemm=1.2), ["refbp/gemm 1.20 > 1.15 (width >= 1024)"]),
        (_row(refbp_peak_mib=3.0), ["peak 3 MiB > torch 2 MiB"]),
        (_old(refbp_peak_mib=3.0), ["peak 3 MiB > torch 2 MiB"]),
        (_row(grads_torch=0.95), ["grads/torch 0.95 > 0.9"]),
        (_row(width=1024, grads_gemm=1.04), []),
        (_row(width=1024, grads_gemm=1.06), ["grads/gemm 1.06 > 1.05 (width >= 1024)"]),
        (_row(width=8, grads_gemm=1.5), []),
        (_row(grads_sklearn=1.0), ["grads/sklearn 1.00 >= 1"]),
        (_row(grads_sklearn=0.85), ["grads/sklearn 0.85 > 0.8 (sklearn/gemm 1.60)"]),
        (_row(grads_sklearn=0.85, sklearn_gemm=1.2), []),
        (_row(grads_peak_mib=2.5), ["grads peak 2.5 MiB > torch 2 MiB"]),
        (_row(grads_ws_kib=1.0), []),
        (_row(grads_ws_kib=1.5), ["with a workspace 1.5 KiB per call > 1"]),
    ],
)
def test_misses(row: dict[str, Any], missed: list[str]) -> None:
    assert misses(row) == missed


def test_verdicts_report_the_worst_row_and_every_miss() -> None:
    rows = [_row(name="a", refbp_torch=0.7), _row(name="b", refbp_torch=0.95), _row(name="c", gemm_torch=0.9)]
    out = verdicts(rows, check_ms=1.5)
    assert out["worst"]["refbp/torch, gemm/torch <= 0.8 (target <= 0.9)"] == 0.95
    assert out["worst"]["refbp/gemm, width >= 1024 (target <= 1.15)"] is None
    assert out["missed"] == ["b: refbp/torch 0.95 > 0.9"]
    lines = format_table(rows).splitlines()
    assert len(lines) == 4
    assert lines[2].endswith("refbp/torch 0.95 > 0.9")
    assert lines[1].endswith("ok")


@pytest.mark.parametrize(
    ("ratio", "flag"),
    [
        (0.9, ""),  # faster in the table than alone: noise, not the method's fault
        (1.05, ""),
        (1.06, "control: torch in the table +6% over torch alone"),
        (2.2, "control: torch in the table +120% over torch alone"),
    ],
)
def test_control_flags_torch_slower_in_the_table_than_alone(ratio: float, flag: str) -> None:
    assert control(_row(torch_table_alone=ratio)) == flag


def test_control_lines_give_the_range_and_every_flagged_row() -> None:
    rows = [_row(name="a", torch_table_alone=0.98), _row(name="b", torch_table_alone=1.08)]
    assert control_lines(rows) == [
        "control, torch in the table / torch alone: 0.980 to 1.080 (flagged above 1.05: 1 of 2 rows)",
        "  b: control: torch in the table +8% over torch alone",
    ]
    assert format_table(rows).splitlines()[2].endswith("control: torch in the table +8% over torch alone")
    assert format_table([_row(refbp_torch=0.95, torch_table_alone=1.08)]).endswith(
        "refbp/torch 0.95 > 0.9; control: torch in the table +8% over torch alone"
    )


def test_markdown_renders_every_column_and_a_table_from_before_the_new_ones() -> None:
    doc = {"machine": {"cpu": "x"}, "reps": 5, "settle_ms": 200, "rows": [_row()], "oracle_check_ms": 1.0}
    doc["worst"] = verdicts(doc["rows"], 1.0)["worst"]
    text = markdown(doc)
    assert "| row | refbp ms | torch ms | sklearn ms |" in text
    assert (
        "| net | 1 | 2 | 1.5 | 0.9 | 0.50 | 0.67 | 1.05 | 0.45 | 30.0 | 1 | 2 "
        "| 0.8 | 0.40 | 0.90 | 0.50 | 1.5 | 0.5 | 1.00 | ok |" in text
    )
    assert "- settle before a worker follows the other: 200 ms" in text
    old = json.loads((RESULTS / "2core-2threads.json").read_text())  # no sklearn, no control
    lines = markdown(old).splitlines()
    row = next(line for line in lines if line.startswith("| 4-8-3 N=1 float64 tanh regression"))
    assert row.count("|") == len(COLUMNS) + 2
    assert row.split(" | ")[3] == "-"  # sklearn ms
    assert not any("control" in line for line in lines)
