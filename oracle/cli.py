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
from oracle.plot import write_plot
from oracle.report import Report, format_rows
from oracle.training import default_trainings

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="refbp-verify",
        description="Check refbp's delta rule against torch.autograd, layer by layer, on a built-in suite.",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the suite's draws (default 0)")
    parser.add_argument("--json", action="store_true", help="write the results as JSON to stdout")
    parser.add_argument(
        "--plot",
        metavar="PATH",
        help="also compare training with torch.optim.SGD on the shipped data and write a PNG "
        "of every layer's error and the loss curves to PATH (needs the 'plot' extra: matplotlib)",
    )
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
    trainings = default_trainings(args.seed) if args.plot else []
    passed = all(r.passed for r in reports) and all(t.passed for t in trainings)
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
    if args.plot:
        for run in trainings:
            verdict = "agrees with" if run.passed else "DIFFERS from"
            print(f"training {run.case}: {verdict} torch.optim.SGD at every step", file=sys.stderr)
        write_plot(args.plot, reports, trainings)
        print(f"refbp-verify: wrote {args.plot}", file=sys.stderr)
    return 0 if passed else 1
