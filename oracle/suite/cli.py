"""``refbp-verify`` / ``python -m oracle``: run the built-in suite and print the verdict.

Sections: refbp against torch.autograd (every case), against finite differences (every
case, no torch), the non-canonical pairs' delta^(L) against y - d (it must differ), and
the symbolic proofs of delta^(L) (``oracle.suite.sections``).

``--quiet`` prints only the summary lines. ``--backprop FILE.py:FUNC ...`` grades other
people's back-propagations instead (``oracle.grading.cli``): one line per submission, then
a summary; exit 0 when all pass.

Exit status: 0 when every witness agrees everywhere, 1 on any mismatch, 2 on a
usage error (argparse's convention), among them an output file (``--json PATH``,
``--plot PATH``) that could not be written: that is checked before the suite runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from oracle.grading import cli as grading
from oracle.suite.cases import default_cases
from oracle.suite.plot import write_plot
from oracle.suite.sections import (
    Gap,
    finite_difference_reports,
    format_gaps,
    format_proofs,
    noncanonical_gaps,
    proofs,
    proofs_hold,
)
from oracle.training.trajectories import default_trainings
from oracle.twin.check import check
from oracle.verdict.report import Report, format_rows
from oracle.witnesses.proofs import Proof

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


def _output_file(text: str) -> str:
    """A file the run can write when it is done, else argparse's usage error: checked before any work.

    An existing file is opened for appending, which writes nothing; a new one is created
    and removed again. Either way the file system is left as it was.
    """
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is a directory; give the path of a file")
    try:
        if path.exists():
            with path.open("ab"):
                pass
        else:
            with path.open("xb"):
                pass
            path.unlink()
    except FileNotFoundError:
        raise argparse.ArgumentTypeError(
            f"cannot write {text!r}: the folder {str(path.parent)!r} does not exist"
        ) from None
    except OSError as err:
        raise argparse.ArgumentTypeError(f"cannot write {text!r}: {err.strerror}") from None
    return text


def _json_target(text: str) -> str:
    """'-' (stdout) or a file that ``_output_file`` accepts."""
    return text if text == "-" else _output_file(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="refbp-verify",
        description="Check refbp's delta rule against torch.autograd, layer by layer, on a built-in "
        "suite; or, with --backprop, grade back-propagation code written by others.",
        epilog=grading.EPILOG,
    )
    parser.add_argument(
        "--seed", type=_seed, default=0, help="seed of the suite's draws, or of the search (default 0)"
    )
    parser.add_argument(
        "--json",
        nargs="?",
        const="-",
        type=_json_target,
        metavar="PATH",
        help="write the results as JSON to PATH (the text report still goes to stdout), "
        "or to stdout instead of the text report when PATH is - or left out",
    )
    parser.add_argument(
        "--plot",
        metavar="PATH",
        type=_output_file,
        help="also compare training with torch.optim.SGD on the shipped data and write a PNG "
        "of every layer's error and the loss curves to PATH (needs the 'plot' extra: matplotlib)",
    )
    parser.add_argument("--quiet", action="store_true", help="print only the summary lines")
    grading.add_arguments(parser)
    return parser


def summary(reports: list[Report]) -> str:
    """One line: how many cases and comparisons, and the verdict."""
    rows = [row for r in reports for row in r.rows]
    failed = [r for r in reports if not r.passed]
    head = f"refbp-verify: {len(reports)} cases, {len(rows)} comparisons"
    if not failed:
        worst = max(row.max_rel for row in rows)
        allowed = ", ".join(sorted({f"{row.tolerance.rtol:.0e}" for row in rows}))
        return f"{head}: all agree with torch.autograd (worst relative error {worst:.1e}, allowed {allowed})"
    first = failed[0]
    return f"{head}: {len(failed)} case(s) FAIL; first: {first.case}: {first.first_failure.where}"  # type: ignore[union-attr]


def witness_summary(fd_reports: list[Report], gaps: list[Gap], derived: list[tuple[Proof, bool]]) -> str:
    """One line: the verdicts of finite differences, the non-canonical gaps and the proofs."""
    rows = [row for r in fd_reports for row in r.rows]
    fd_failed = [r for r in fd_reports if not r.passed]
    fd = f"finite differences: {len(fd_reports)} cases, {len(rows)} comparisons, "
    fd += "all agree" if not fd_failed else f"{len(fd_failed)} case(s) FAIL; first: {fd_failed[0].case}"
    gap = sum(not g.material for g in gaps)
    ncp = f"{len(gaps)} non-canonical cases " + (
        "all differ from y - d" if not gap else f"{gap} equal y - d (FAIL)"
    )
    seconds = sum(p.seconds for p, _ in derived)
    pr = f"{len(derived)} proofs " + ("as expected" if proofs_hold(derived) else "FAIL")
    return f"refbp-verify: {fd}; {ncp}; {pr} ({seconds:.1f} s of sympy)"


def _write_json(doc: dict[str, Any], target: str) -> None:
    text = json.dumps(doc, indent=1, allow_nan=False) + "\n"  # strict JSON, or ValueError before writing
    if target == "-":
        sys.stdout.write(text)
        return
    Path(target).write_text(text, encoding="utf-8")
    print(f"refbp-verify: wrote {target}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the suite; print the table (or JSON) and the summary line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)  # checks --json and --plot can be written: before any work
    if args.json not in (None, "-") and args.plot and Path(args.json).resolve() == Path(args.plot).resolve():
        parser.error(f"--json and --plot name the same file, {args.json!r}; give two paths")
    if grading.grading(args):
        grading.check(parser, args)
        status, doc = grading.run(args)
        if args.json:
            _write_json(doc, args.json)
        return status
    cases = default_cases(args.seed)
    reports = [check(c.net, c.x, c.d, c.reduction, case=c.name) for c in cases]
    fd_reports = finite_difference_reports(cases)
    gaps = noncanonical_gaps(cases)
    derived = proofs()
    fd_line = witness_summary(fd_reports, gaps, derived)
    passed = all(r.passed for r in reports + fd_reports) and all(g.material for g in gaps)
    passed = passed and proofs_hold(derived)
    trainings = default_trainings(args.seed) if args.plot else []
    passed = passed and all(t.passed for t in trainings)
    if args.json != "-" and not args.quiet:
        print(format_rows([(r.case, row) for r in reports for row in r.rows]))
        print("\nfinite differences (no torch): refbp's dE/dW, dE/db against central differences of E")
        print(format_rows([(r.case, row) for r in fd_reports for row in r.rows]))
        print("\nnon-canonical pairs: delta^(L) = dE/dy * f'(z^(L)), which must differ from y - d")
        print(format_gaps(gaps))
        print("\nproofs (sympy): dE/dz_1^(L) derived symbolically, in y and d")
        print(format_proofs(derived))
    if args.json != "-":
        print(fd_line)
        print(summary(reports))
    if args.json:
        doc = {
            "passed": passed,
            "summary": summary(reports),
            "seed": args.seed,
            "cases": [r.to_dict() for r in reports],
            "witnesses": fd_line,
            "finite_differences": [r.to_dict() for r in fd_reports],
            "noncanonical": [g.to_dict() for g in gaps],
            "proofs": [dict(p.to_dict(), expected=want) for p, want in derived],
        }
        _write_json(doc, args.json)
    if args.plot:
        for run in trainings:
            verdict = "agrees with" if run.passed else "DIFFERS from"
            print(f"training {run.case}: {verdict} torch.optim.SGD at every step", file=sys.stderr)
        write_plot(args.plot, reports, trainings)
        print(f"refbp-verify: wrote {args.plot}", file=sys.stderr)
    return 0 if passed else 1
