"""Render a table written by ``python -m benchmarks.bench --json PATH`` as Markdown.

python -m benchmarks.markdown PATH
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from benchmarks.table import COLUMNS, cell, control_lines, notes

__all__ = ["main", "markdown"]

HEAD = (
    "| " + " | ".join(h for h, _, _ in COLUMNS) + " | target |\n|---|" + "---:|" * (len(COLUMNS) - 1) + "---|"
)


def markdown(doc: dict[str, Any]) -> str:
    """The machine as a list, then one table line per row, then the worst ratio per target."""
    lines = [f"- {k}: {v}" for k, v in doc["machine"].items()]
    lines.append(f"- repetitions per side: {doc['reps']} (medians)")
    if "settle_ms" in doc:
        lines.append(f"- settle before a worker follows the other: {doc['settle_ms']:g} ms")
    lines += ["", HEAD]
    for r in doc["rows"]:
        cells = [cell(r, key, fmt) for _, key, fmt in COLUMNS]
        lines.append(f"| {' | '.join(cells)} | {'; '.join(notes(r)) or 'ok'} |")
    lines += ["", f"`oracle.check` (4-8-3, N=32): {doc['oracle_check_ms']:.3f} ms", ""]
    lines += [f"- {k}: {'-' if v is None else f'{v:.3f}'}" for k, v in doc["worst"].items()]
    lines += [f"- {line.strip()}" for line in control_lines(doc["rows"])]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the Markdown of the JSON file named by the one argument."""
    args = sys.argv[1:] if argv is None else list(argv)
    if len(args) != 1:
        print("usage: python -m benchmarks.markdown PATH", file=sys.stderr)
        return 2
    with open(args[0]) as fh:
        print(markdown(json.load(fh)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
