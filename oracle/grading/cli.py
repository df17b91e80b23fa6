"""``refbp-verify --backprop FILE.py:FUNC ...``: grade many submissions, one line each.

Contract: ``add_arguments(parser)`` adds the group "grading submissions" to refbp-verify's
parser; ``check(parser, args)`` turns every bad combination or value into ``parser.error``
(exit 2) before any work; ``run(args)`` grades the submissions (``oracle.grading.pool``),
prints one line per submission in the order given (not the order they finish), then the
summary, and returns (the exit status, the JSON document). The parent only imports: every
search runs in a child.
"""

from __future__ import annotations

import argparse
import math
import time
from typing import Any, get_args

import refbp
from oracle.backprop.conventions import LAYOUTS, conventions
from oracle.grading.pool import all_cores, graded
from oracle.grading.submissions import Submission, expand
from refbp.types import Reduction

__all__ = ["EPILOG", "add_arguments", "check", "grading", "run"]

TIMEOUT = 60.0
MAX_EXAMPLES = 200

EPILOG = (
    "Grading runs each submission in its own process under --timeout: the time limit isolates "
    "faults (a hang, a crash, sys.exit, a flood of prints); it is not a security sandbox, the "
    "code runs with your rights."
)

# the grading options and the value each has when not given: any other value asks for grading
_DEFAULTS: dict[str, Any] = {
    "hidden": None,
    "task": None,
    "output": None,
    "loss": None,
    "layout": None,
    "reduction": None,
    "per_example": False,
    "labels": False,
    "max_examples": None,
    "jobs": None,
    "timeout": None,
}


def _submissions(text: str) -> list[Submission]:
    try:
        return expand(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _positive(kind: type[int] | type[float]) -> Any:
    def positive(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a positive {kind.__name__}, got {text!r}") from None
        if not 0 < value < math.inf:  # NaN and infinity too: a limit must be a number
            raise argparse.ArgumentTypeError(f"must be a positive {kind.__name__}, got {text}")
        return value

    return positive


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The grading options, in their own group of ``parser``'s help."""
    group = parser.add_argument_group(
        "grading submissions",
        "search each FILE.py:FUNC (a glob such as hw/*.py:backprop names many) for the smallest "
        "network on which it differs from torch.autograd; --hidden and --task (or --output and "
        "--loss) say what it computes; --seed seeds the search",
    )
    group.add_argument(
        "--backprop", nargs="+", type=_submissions, metavar="FILE.py:FUNC", help="the code to grade"
    )
    group.add_argument(
        "--hidden", metavar="NAME", help="the hidden activation the code implements, e.g. tanh"
    )
    group.add_argument("--task", metavar="NAME", help="its output and error function, e.g. multiclass")
    group.add_argument(
        "--output", metavar="NAME", help="its output activation, with --loss, instead of --task"
    )
    group.add_argument("--loss", metavar="NAME", help="its error function, with --output, instead of --task")
    group.add_argument("--layout", choices=LAYOUTS, help="the weights' layout (default out_in)")
    group.add_argument("--reduction", choices=get_args(Reduction), help="E over the batch (default sum)")
    group.add_argument("--per-example", action="store_true", help="the code takes one example at a time")
    group.add_argument("--labels", action="store_true", help="the code takes class labels (multiclass)")
    group.add_argument(
        "--max-examples", type=_positive(int), metavar="N", help=f"networks to try (default {MAX_EXAMPLES})"
    )
    group.add_argument(
        "--jobs", type=_positive(int), metavar="N", help="processes at once (default: all cores)"
    )
    group.add_argument(
        "--timeout",
        type=_positive(float),
        metavar="S",
        help=f"seconds per submission before it is killed (default {TIMEOUT:g})",
    )


def grading(args: argparse.Namespace) -> bool:
    """Whether the command line asks for grading: --backprop or any grading option."""
    return args.backprop is not None or any(getattr(args, k) != v for k, v in _DEFAULTS.items())


def check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Every usage error of the grading options, as ``parser.error``: before any work."""
    if args.backprop is None:
        given = [f"--{k.replace('_', '-')}" for k, v in _DEFAULTS.items() if getattr(args, k) != v]
        parser.error(
            f"{', '.join(given)}: options of grading; name the submissions with --backprop FILE.py:FUNC"
        )
    if args.plot:
        parser.error("--plot draws the built-in suite's training; leave it out with --backprop")
    if args.hidden is None:
        parser.error("--backprop needs --hidden: the hidden activation the code implements")
    if args.task is not None and (args.output is not None or args.loss is not None):
        parser.error("give either --task or --output and --loss, not both")
    if args.task is None and (args.output is None or args.loss is None):
        parser.error("--backprop needs --task, or --output and --loss: what the output layer computes")
    try:  # refbp's own rules name the valid choices
        net = refbp.MLP.init((1, 2), hidden=args.hidden, task=args.task, output=args.output, loss=args.loss)
        conventions(args.layout or "out_in", args.per_example, args.labels, net)
    except ValueError as err:
        parser.error(str(err))


def options(args: argparse.Namespace) -> dict[str, Any]:
    """The keywords of ``search_backprop``, the defaults filled in."""
    return {
        "hidden": args.hidden,
        "task": args.task,
        "output": args.output,
        "loss": args.loss,
        "reduction": args.reduction or "sum",
        "layout": args.layout or "out_in",
        "per_example": args.per_example,
        "labels": args.labels,
        "max_examples": args.max_examples or MAX_EXAMPLES,
        "seed": args.seed,
    }


def line(submission: Submission, result: dict[str, Any]) -> str:
    """PASS/FAIL/ERROR, the submission, what happened."""
    tried = f"({result['examples']} networks, {result['seconds']:.1f} s)"
    if result["status"] == "pass":
        return f"PASS  {submission}  {tried}"
    if result["status"] == "fail":
        return f"FAIL  {submission}  {result['failure']} {tried}"
    return f"ERROR {submission}  {result['error']}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def summary(results: list[dict[str, Any]], seconds: float, jobs: int) -> str:
    """refbp-verify: N submissions: P pass, F fail, E errors (T s, J jobs)."""
    count = {s: sum(r["status"] == s for r in results) for s in ("pass", "fail", "error")}
    return (
        f"refbp-verify: {_count(len(results), 'submission')}: {count['pass']} pass, {count['fail']} fail, "
        f"{_count(count['error'], 'error')} ({seconds:.1f} s, {_count(jobs, 'job')})"
    )


def run(args: argparse.Namespace) -> tuple[int, dict[str, Any]]:
    """Grade the submissions; print the lines (unless JSON goes to stdout) and the summary."""
    submissions = [sub for subs in args.backprop for sub in subs]
    search, timeout = options(args), args.timeout or TIMEOUT
    jobs = args.jobs or all_cores()
    shown = args.json != "-" and not args.quiet
    start = time.monotonic()
    results: dict[int, dict[str, Any]] = {}
    printed = 0
    for index, result in graded(submissions, search, jobs, timeout):
        results[index] = result
        while printed in results:  # in the order given: each line once those before it are out
            if shown:
                print(line(submissions[printed], results[printed]), flush=True)
            printed += 1
    ordered = [results[i] for i in range(len(submissions))]
    head = summary(ordered, time.monotonic() - start, jobs)
    doc = {
        "passed": all(r["status"] == "pass" for r in ordered),
        "summary": head,
        "options": dict(search, timeout=timeout),
        "submissions": [
            {
                "submission": str(sub),
                "status": r["status"],
                "error": r["error"],
                "seconds": r["seconds"],
                "search": r["search"],
                "replay": r["replay"],
            }
            for sub, r in zip(submissions, ordered, strict=True)
        ],
    }
    if args.json != "-":
        print(head)
    return (0 if doc["passed"] else 1), doc
