"""benchmarks.table: each target is judged on the rows it applies to."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.table import format_table, misses, verdicts


def _row(**kw: Any) -> dict[str, Any]:
    row = {
        "name": "net",
        "refbp_ms": 1.0,
        "torch_ms": 2.0,
        "gemm_ms": 0.9,
        "refbp_torch": 0.5,
        "refbp_gemm": 1.05,
        "gemm_torch": 0.45,
        "gemm_gflops": 30.0,
        "refbp_peak_mib": 1.0,
        "torch_peak_mib": 2.0,
        "width": 8,
    }
    row.update(kw)
    return row


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
