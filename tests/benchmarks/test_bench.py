"""benchmarks.bench and benchmarks.timing: the table holds the issue's rows, one command writes
it as JSON (every side, ratio and the control), and paired ratios pair samples."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("threadpoolctl")

from benchmarks.bench import main, specs
from benchmarks.timing import interleaved, paired_ratio, rotated


def test_full_table_has_the_required_rows() -> None:
    rows = specs(quick=False)
    nets = {(s.sizes, s.n) for s in rows}
    assert nets == {
        ((4, 8, 3), 1),
        ((4, 8, 3), 32),
        ((784, 256, 256, 10), 128),
        ((1024, 1024, 1024, 10), 512),
        ((4096, 4096, 10), 1024),
    }
    for sizes, n in nets:
        mine = [s for s in rows if (s.sizes, s.n) == (sizes, n)]
        assert {s.dtype for s in mine} == {"float64", "float32"}
        assert {s.hidden for s in mine} == {"tanh", "relu"}
    assert {s.task for s in rows} == {"regression", "binary", "multiclass"}
    assert len({s.name for s in rows}) == len(rows)


def test_interleaved_gives_one_sample_per_repetition() -> None:
    calls: list[str] = []
    out = interleaved({"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, reps=3, sample_s=0)
    assert set(out) == {"a", "b"}
    assert all(len(s) == 3 and min(s) >= 0 for s in out.values())
    # a warm-up call of each (no calibration call: sample_s = 0), then three rounds of
    # one call each whose order rotates
    assert calls == ["a", "b", "a", "b", "b", "a", "a", "b"]


@pytest.fixture
def restore_threads() -> Iterator[None]:
    """main() sets numpy's BLAS and torch threads for the process: put them back after."""
    import torch

    from benchmarks import machine

    before = torch.get_num_threads()
    yield
    while machine._LIMITS:
        machine._LIMITS.pop().restore_original_limits()  # type: ignore[attr-defined]
    torch.set_num_threads(before)


@pytest.mark.usefixtures("restore_threads")
def test_one_command_writes_the_table_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("sklearn")
    out = tmp_path / "bench.json"
    argv = ["--quick", "--reps", "1", "--sample-ms", "1", "--settle-ms", "1", "--threads", "1"]
    argv += ["--json", str(out)]
    assert main([*argv, "--only", "4-8-3 N=1 float64"]) == 0
    doc = json.loads(out.read_text())
    assert [r["name"] for r in doc["rows"]] == [
        "4-8-3 N=1 float64 tanh regression",
        "4-8-3 N=1 float64 relu multiclass",
    ]
    assert doc["machine"]["threads"] == "1"
    assert doc["settle_ms"] == 1
    for row in doc["rows"]:
        for key in ("refbp_ms", "grads_ms", "torch_ms", "sklearn_ms", "gemm_ms", "torch_alone_ms"):
            assert row[key] > 0
        for key in ("refbp_torch", "refbp_gemm", "gemm_torch", "refbp_sklearn", "torch_table_alone"):
            assert row[key] > 0
        for key in ("grads_torch", "grads_gemm", "grads_sklearn", "sklearn_gemm", "grads_peak_mib"):
            assert row[key] > 0
        assert row["grads_ws_kib"] >= 0
    assert doc["oracle_check_ms"] > 0
    printed = capsys.readouterr().out
    assert "refbp/torch" in printed
    assert "oracle.check" in printed
    assert "refbp/sklearn" in printed
    assert "control, torch in the table / torch alone: " in printed


def test_rotated_starts_each_repetition_one_further() -> None:
    assert [rotated(["a", "b", "c"], r) for r in range(4)] == [
        ["a", "b", "c"],
        ["b", "c", "a"],
        ["c", "a", "b"],
        ["a", "b", "c"],
    ]


def test_paired_ratio_pairs_samples_of_one_repetition() -> None:
    # a slow spell (repetition 2) slows both sides: paired, the ratio stays 2
    assert paired_ratio([2.0, 20.0, 2.2], [1.0, 10.0, 1.1]) == pytest.approx(2.0)
    # ratios 1, 2, 3 have median 2; the ratio of the medians would be 3 / 1 = 3
    assert paired_ratio([1.0, 10.0, 3.0], [1.0, 5.0, 1.0]) == 2.0
