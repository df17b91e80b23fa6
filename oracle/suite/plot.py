"""The picture of a verification: how far inside the tolerance every layer is, and the loss curves.

Contract: ``write_plot(path, reports, trainings)`` writes one PNG. Left: for every case
(x axis, layers spread within it) the relative error of each compared quantity on a log
scale, against the tolerance line; an exact agreement (error 0) sits on the floor and a
shape mismatch (error inf) on the ceiling. Right: per training run, refbp's and torch's
loss curves over the steps (top) and their relative differences per step against the
tolerance (bottom). matplotlib (the ``plot`` extra) is imported only here, on use.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from oracle.training.trajectories import Training
from oracle.verdict.report import Report

__all__ = ["FLOOR", "write_plot"]

FLOOR, CEILING = 1e-18, 1e3
"""Where errors of exactly 0 and of inf are drawn on the log axis."""

COLOURS = {"z": "C0", "a": "C1", "loss": "C2", "delta": "C3", "W": "C4", "b": "C5"}


def _figure() -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ImportError("writing a plot needs matplotlib: pip install 'refbp[plot]'") from None
    return Figure


def _clip(value: float) -> float:
    return CEILING if not math.isfinite(value) else min(max(value, FLOOR), CEILING)


def _errors(ax: Any, reports: Sequence[Report]) -> None:
    points: dict[str, tuple[list[float], list[float]]] = {}
    for i, report in enumerate(reports):
        depth = max((row.layer or 0) for row in report.rows) or 1
        for row in report.rows:
            key = row.quantity if row.quantity in COLOURS else "other"
            xs, ys = points.setdefault(key, ([], []))
            xs.append(i + 0.8 * ((row.layer or 0) / depth))
            ys.append(_clip(row.max_rel))
    for key, (xs, ys) in points.items():
        ax.scatter(xs, ys, s=6, color=COLOURS.get(key, "k"), label=key)
    for rtol in sorted({row.tolerance.rtol for report in reports for row in report.rows}):
        ax.axhline(rtol, color="r", linestyle="--", label=f"tolerance rtol={rtol:.0e}")
    ax.set(yscale="log", ylim=(FLOOR / 3, CEILING * 3), xlabel="case (layers 1..L within it)")
    ax.set_ylabel("max relative error against torch.autograd")
    ax.set_title(f"{len(reports)} cases: every layer's error, log scale")
    ax.legend(fontsize="small", loc="upper right", ncol=2)


def _training(top: Any, bottom: Any, run: Training) -> None:
    steps = range(len(run.loss_refbp))  # refbp's run may stop early (Training.horizon)
    top.plot(steps, run.loss_refbp, label="refbp", linewidth=3, alpha=0.5)
    top.plot(range(len(run.loss_torch)), run.loss_torch, label="torch.optim.SGD", linestyle="--", color="k")
    top.set(title=run.case, ylabel=f"E ({run.reduction})")
    top.legend(fontsize="small")
    for kind, style in (("parameters", "-"), ("loss", ":")):
        rows = [row for row in run.report.rows if row.quantity.endswith(kind)]
        bottom.plot(steps, [_clip(row.max_rel) for row in rows], style, label=kind)
    bottom.axhline(run.report.rows[0].tolerance.rtol, color="r", linestyle="--", label="tolerance")
    bottom.set(yscale="log", ylim=(FLOOR / 3, 1), xlabel="step", ylabel="relative difference")
    bottom.legend(fontsize="small")


def write_plot(path: str | Path, reports: Sequence[Report], trainings: Sequence[Training] = ()) -> None:
    """Write the PNG of ``reports`` (and of ``trainings``, if any) to ``path``."""
    fig = _figure()(figsize=(6 + 4 * len(trainings), 7), layout="constrained")
    grid = fig.add_gridspec(2, 1 + len(trainings), width_ratios=[1.5] + [1] * len(trainings))
    _errors(fig.add_subplot(grid[:, 0]), reports)
    for k, run in enumerate(trainings, start=1):
        _training(fig.add_subplot(grid[0, k]), fig.add_subplot(grid[1, k]), run)
    fig.savefig(path, format="png", dpi=100)
