"""The verdict of one check: its rows in walking order, and a readable table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from oracle.verdict.compare import Row
from oracle.verdict.tolerance import Tolerance

__all__ = ["Report", "check_case", "format_columns", "format_rows"]

HEADER = ("case", "layer", "quantity", "max abs err", "max rel err", "tolerance", "ok")


def _cell(row: Row, case: str) -> tuple[str, ...]:
    return (
        case,
        "-" if row.layer is None else str(row.layer),
        row.quantity,
        f"{row.max_abs:.2e}",
        f"{row.max_rel:.2e}",
        str(row.tolerance),
        "ok" if row.passed else "FAIL",
    )


def _aligned(header: tuple[str, ...], lines: Sequence[tuple[str, ...]]) -> list[str]:
    cells = [header, *lines]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    return ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in cells]


def format_columns(header: tuple[str, ...], lines: Sequence[tuple[str, ...]]) -> str:
    """A plain-text table: the header, then the lines, columns aligned (every table of the report)."""
    return "\n".join(_aligned(header, lines))


DIAGNOSIS = "    diagnosis: "
"""How a row's diagnosis shows in the table: a line of its own under the row, indented."""


def format_rows(rows: list[tuple[str, Row]]) -> str:
    """A plain-text table of (case, row) pairs, columns aligned; each diagnosis on a line under its row."""
    header, *lines = _aligned(HEADER, [_cell(row, case) for case, row in rows])
    out = [header]
    for line, (_, row) in zip(lines, rows, strict=True):
        out.append(line)
        out.extend(DIAGNOSIS + text for text in row.diagnosis.splitlines())
    return "\n".join(out)


def check_case(case: object) -> None:
    """TypeError unless ``case`` is a str: the one rule for the case= of every check (and of Report)."""
    if not isinstance(case, str):
        raise TypeError(f"case must be a str (a label for the report), got {type(case).__name__}")


@dataclass(frozen=True)
class Report:
    """Rows in the order forward (z, a per layer), loss, backward (delta, W, b, layer L to 1)."""

    rows: list[Row]
    case: str = ""
    tolerance: Tolerance | None = None
    """The tolerance the check applied (the table's, or the ``tol=`` given); None: per row."""
    recognised: str = ""
    """What the return value of a function under test was read as (``check_backprop``): shown
    above the table; empty for refbp's own checks."""

    def __post_init__(self) -> None:
        check_case(self.case)

    @property
    def passed(self) -> bool:
        """True when every row passed."""
        return all(row.passed for row in self.rows)

    @property
    def first_failure(self) -> Row | None:
        """The first row that failed in walking order: where the bug is. None if all passed."""
        return next((row for row in self.rows if not row.passed), None)

    def __str__(self) -> str:
        verdict = "all agree" if self.passed else f"FIRST MISMATCH: {self.first_failure.where}"  # type: ignore[union-attr]
        table = f"{format_rows([(self.case, row) for row in self.rows])}\n{verdict}"
        return f"fn returned {self.recognised}\n{table}" if self.recognised else table

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready values."""
        first = self.first_failure
        return {
            "case": self.case,
            "passed": self.passed,
            "first_failure": None if first is None else first.where,
            "tolerance": None if self.tolerance is None else asdict(self.tolerance),
            "rows": [row.to_dict() for row in self.rows],
            **({"recognised": self.recognised} if self.recognised else {}),
        }
