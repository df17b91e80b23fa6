"""Render a table written by ``python -m benchmarks.bench --json PATH`` as Markdown.

python -m benchmarks.markdown PATH
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from benchmarks.table import misses

__all__ = ["main", "markdown"]

HEAD = (
    "| row | refbp ms | torch ms | GEMM ms | refbp/torch | refbp/GEMM | GEMM/torch "
    "| refbp MiB | torch MiB | target |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
)


def markdown(doc: dict[str, Any]) -> str:
    """The machine as a list, then one table line per row, then the worst ratio per target."""
    lines = [f"- {k}: {v}" for k, v in doc["machine"].items()]
    lines += [f"- repetitions per side: {doc['reps']} (medians)", "", HEAD]
    for r in doc["rows"]:
        lines.append(
            f"| {r['name']} | {r['refbp_ms']:.4g} | {r['torch_ms']:.4g} | {r['gemm_ms']:.4g} "
            f"| {r['refbp_torch']:.2f} | {r['refbp_gemm']:.2f} | {r['gemm_torch']:.2f} "
            f"| {r['refbp_peak_mib']:.3g} | {r['torch_peak_mib']:.3g} | {'; '.join(misses(r)) or 'ok'} |"
        )
    lines += ["", f"`oracle.check` (4-8-3, N=32): {doc['oracle_check_ms']:.3f} ms", ""]
    lines += [f"- {k}: {'-' if v is None else f'{v:.3f}'}" for k, v in doc["worst"].items()]
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
