"""The benchmark's table and its verdicts against the speed and memory targets.

Targets (medians of one run). The readable path (``backward(forward(x), d)``): refbp/torch
<= 0.9 on every row where the bare multiplies leave room for it (gemm/torch <= 0.8), else
refbp/gemm <= 1.1; refbp/gemm <= 1.15 on every row of width >= 1024; its peak memory <=
torch's. The gradients-only path (``net.gradients``, "grads"): with a workspace <= 0.9 x torch
on every row, <= 1.05 x the bare multiplies at width >= 1024, faster than scikit-learn's
``_backprop`` everywhere and <= 0.8 x it where sklearn/gemm > 1.25, and no allocation per call
beyond Python objects (1 KiB); without one, a peak <= torch's. oracle.check <= 2 ms.

The control of the method (not a target of refbp): torch's median in the table over torch's
median alone; above 1 + ``CONTROL_GAP`` the table's torch column is inflated and is flagged.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CONTROL_GAP", "cell", "control", "control_lines", "format_table", "notes", "verdicts"]

CONTROL_GAP = 0.05

COLUMNS = (
    ("row", "name", "{}"),
    ("refbp ms", "refbp_ms", "{:.4g}"),
    ("torch ms", "torch_ms", "{:.4g}"),
    ("sklearn ms", "sklearn_ms", "{:.4g}"),
    ("gemm ms", "gemm_ms", "{:.4g}"),
    ("refbp/torch", "refbp_torch", "{:.2f}"),
    ("refbp/sklearn", "refbp_sklearn", "{:.2f}"),
    ("refbp/gemm", "refbp_gemm", "{:.2f}"),
    ("gemm/torch", "gemm_torch", "{:.2f}"),
    ("GFLOP/s", "gemm_gflops", "{:.1f}"),
    ("refbp MiB", "refbp_peak_mib", "{:.3g}"),
    ("torch MiB", "torch_peak_mib", "{:.3g}"),
    ("grads ms", "grads_ms", "{:.4g}"),
    ("grads/torch", "grads_torch", "{:.2f}"),
    ("grads/gemm", "grads_gemm", "{:.2f}"),
    ("grads/sklearn", "grads_sklearn", "{:.2f}"),
    ("grads MiB", "grads_peak_mib", "{:.3g}"),
    ("ws KiB", "grads_ws_kib", "{:.3g}"),
    ("torch/alone", "torch_table_alone", "{:.2f}"),
)
WIDTHS = (44, 9, 9, 10, 9, 11, 13, 10, 10, 7, 9, 9, 9, 11, 10, 13, 9, 7, 11)

WORKSPACE_KIB = 1.0
"""What a call with a used workspace may allocate: its Python objects (the Gradients, two lists)."""


def cell(row: dict[str, Any], key: str, fmt: str) -> str:
    """One formatted value; '-' where the row has none (a table written before the column)."""
    return fmt.format(row[key]) if key in row else "-"


def control(row: dict[str, Any]) -> str:
    """'' when torch in the table is within CONTROL_GAP of torch alone, else what the gap is."""
    ratio = row.get("torch_table_alone")
    if ratio is None or ratio <= 1 + CONTROL_GAP:
        return ""
    return f"control: torch in the table {100 * (ratio - 1):+.0f}% over torch alone"


def misses(row: dict[str, Any]) -> list[str]:
    """The targets this row misses, each as 'measured > target' text (empty: all met)."""
    out = []
    if row["gemm_torch"] <= 0.8 and row["refbp_torch"] > 0.9:
        out.append(f"refbp/torch {row['refbp_torch']:.2f} > 0.9")
    if row["gemm_torch"] > 0.8 and row["refbp_gemm"] > 1.1:
        out.append(f"refbp/gemm {row['refbp_gemm']:.2f} > 1.1 (no room: gemm/torch {row['gemm_torch']:.2f})")
    if row["width"] >= 1024 and row["refbp_gemm"] > 1.15:
        out.append(f"refbp/gemm {row['refbp_gemm']:.2f} > 1.15 (width >= 1024)")
    if row["refbp_peak_mib"] > row["torch_peak_mib"]:
        out.append(f"peak {row['refbp_peak_mib']:.3g} MiB > torch {row['torch_peak_mib']:.3g} MiB")
    return out + _grads_misses(row) if "grads_ms" in row else out  # tables before the path: no such column


def _grads_misses(row: dict[str, Any]) -> list[str]:
    out = []
    if row["grads_torch"] > 0.9:
        out.append(f"grads/torch {row['grads_torch']:.2f} > 0.9")
    if row["width"] >= 1024 and row["grads_gemm"] > 1.05:
        out.append(f"grads/gemm {row['grads_gemm']:.2f} > 1.05 (width >= 1024)")
    if row["grads_sklearn"] >= 1:
        out.append(f"grads/sklearn {row['grads_sklearn']:.2f} >= 1")
    elif row["sklearn_gemm"] > 1.25 and row["grads_sklearn"] > 0.8:
        out.append(f"grads/sklearn {row['grads_sklearn']:.2f} > 0.8 (sklearn/gemm {row['sklearn_gemm']:.2f})")
    if row["grads_peak_mib"] > row["torch_peak_mib"]:
        out.append(f"grads peak {row['grads_peak_mib']:.3g} MiB > torch {row['torch_peak_mib']:.3g} MiB")
    if row["grads_ws_kib"] > WORKSPACE_KIB:
        out.append(f"with a workspace {row['grads_ws_kib']:.3g} KiB per call > {WORKSPACE_KIB:g}")
    return out


def notes(row: dict[str, Any]) -> list[str]:
    """The row's missed targets, then the control's flag if it has one."""
    return misses(row) + [text for text in [control(row)] if text]


def format_table(rows: list[dict[str, Any]], header: bool = True) -> str:
    """Fixed-width text lines, one per row, with a 'target' column ('ok' or what it misses)."""
    lines = []
    if header:
        lines.append(
            " ".join(
                h.rjust(w) if i else h.ljust(w)
                for i, ((h, _, _), w) in enumerate(zip(COLUMNS, WIDTHS, strict=True))
            )
        )
    for row in rows:
        cells = [cell(row, key, fmt) for _, key, fmt in COLUMNS]
        text = " ".join(
            c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, WIDTHS, strict=True))
        )
        lines.append(f"{text}  {'; '.join(notes(row)) or 'ok'}")
    return "\n".join(lines)


def verdicts(rows: list[dict[str, Any]], check_ms: float) -> dict[str, Any]:
    """The worst ratio against each target, over all rows; JSON-ready, with printable lines."""
    room = [r for r in rows if r["gemm_torch"] <= 0.8]
    tight = [r for r in rows if r["gemm_torch"] > 0.8]
    wide = [r for r in rows if r["width"] >= 1024]
    worst: dict[str, Any] = {
        "refbp/torch, gemm/torch <= 0.8 (target <= 0.9)": max((r["refbp_torch"] for r in room), default=None),
        "refbp/gemm, gemm/torch > 0.8 (target <= 1.1)": max((r["refbp_gemm"] for r in tight), default=None),
        "refbp/gemm, width >= 1024 (target <= 1.15)": max((r["refbp_gemm"] for r in wide), default=None),
        "refbp peak / torch peak (target <= 1)": max(r["refbp_peak_mib"] / r["torch_peak_mib"] for r in rows),
        **_grads_worst([r for r in rows if "grads_ms" in r]),
        "oracle.check ms (target <= 2)": check_ms,
    }
    missed = [f"{r['name']}: {m}" for r in rows for m in misses(r)]
    lines = ["worst over the table:"] + [
        f"  {k}: {'-' if v is None else f'{v:.3f}'}" for k, v in worst.items()
    ]
    lines.append(f"rows missing a target: {sum(1 for r in rows if misses(r))} of {len(rows)}")
    lines += [f"  {m}" for m in missed]
    return {"worst": worst, "missed": missed, "lines": lines}


def _grads_worst(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The gradients path's worst ratio against each of its targets (empty: no such column)."""
    if not rows:
        return {}
    wide = [r for r in rows if r["width"] >= 1024]
    costly = [r for r in rows if r["sklearn_gemm"] > 1.25]
    return {
        "grads/torch (target <= 0.9)": max(r["grads_torch"] for r in rows),
        "grads/gemm, width >= 1024 (target <= 1.05)": max((r["grads_gemm"] for r in wide), default=None),
        "grads/sklearn (target < 1)": max(r["grads_sklearn"] for r in rows),
        "grads/sklearn, sklearn/gemm > 1.25 (target <= 0.8)": max(
            (r["grads_sklearn"] for r in costly), default=None
        ),
        "grads peak / torch peak (target <= 1)": max(r["grads_peak_mib"] / r["torch_peak_mib"] for r in rows),
        f"KiB per call with a workspace (target <= {WORKSPACE_KIB:g})": max(r["grads_ws_kib"] for r in rows),
    }


def control_lines(rows: list[dict[str, Any]]) -> list[str]:
    """The method's control over the table: the largest gap and every row flagged."""
    ratios = [r["torch_table_alone"] for r in rows if "torch_table_alone" in r]
    if not ratios:
        return []
    flagged = [f"  {r['name']}: {control(r)}" for r in rows if control(r)]
    return [
        f"control, torch in the table / torch alone: {min(ratios):.3f} to {max(ratios):.3f}"
        f" (flagged above {1 + CONTROL_GAP:.2f}: {len(flagged)} of {len(ratios)} rows)",
        *flagged,
    ]
