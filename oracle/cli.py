"""``refbp-verify`` / ``python -m oracle``: run the built-in suite and print the verdict.

Exit status: 0 when refbp and autograd agree everywhere, 1 on any mismatch, 2 on a
usage error (argparse's convention).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from oracle.cases import default_cases
from oracle.check import check
from oracle.report import Report, format_rows

__all__ = ["main"]


def _seed(text: str) -> int:
    """A non-negative integer seed (np.random.default_rng's rule), else argparse's usage error."""
    try:
        seed = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a non-negative integer, got {text!r}") from None
    if seed < 0:
        raise argparse.ArgumentTypeError(f"must be a non-negative integer, got {seed}")
    return seed


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="refbp-verify",
        description="Check refbp's delta rule against torch.autograd, layer by layer, on a built-in suite.",
    )
    parser.add_argument("--seed", type=_seed, default=0, help="seed of the suite's draws (default 0)")
    parser.add_argument("--json", action="store_true", help="write the results as JSON to stdout")
    return parser


def summary(reports: list[Report]) -> str:
    """One line: how many cases and comparisons, and the verdict."""
    rows = [row for r in reports for row in r.rows]
    failed = [r for r in reports if not r.passed]
    head = f"refbp-verify: {len(reports)} cases, {len(rows)} comparisons"
    if not failed:
        worst = max(row.max_rel for row in rows)
        return f"{head}: all agree with torch.autograd (worst relative error {worst:.1e}, allowed 1e-09)"
    first = failed[0]
    return f"{head}: {len(failed)} case(s) FAIL; first: {first.case}: {first.first_failure.where}"  # type: ignore[union-attr]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the suite; print the table (or JSON) and the summary line; return the exit status."""
    args = _parser().parse_args(argv)
    reports = [check(c.net, c.x, c.d, c.reduction, case=c.name) for c in default_cases(args.seed)]
    passed = all(r.passed for r in reports)
    if args.json:
        doc = {
            "passed": passed,
            "summary": summary(reports),
            "seed": args.seed,
            "cases": [r.to_dict() for r in reports],
        }
        json.dump(doc, sys.stdout, indent=1, allow_nan=False)
        sys.stdout.write("\n")
    else:
        print(format_rows([(r.case, row) for r in reports for row in r.rows]))
        print(summary(reports))
    return 0 if passed else 1
