"""``search_backprop``: the smallest network on which someone's back-propagation is wrong.

Contract: ``search_backprop(fn, hidden=..., task=... | output=, loss=, ...)`` draws up to
``max_examples`` networks and batches (``oracle.search.strategies``: square layers and
single examples included) and runs ``check_backprop`` on each, with fn's conventions. On
the first failure, hypothesis shrinks the case: fewest layers, then narrowest widths, then
fewest examples, then simple values, each step kept only while fn still fails. An
exception raised inside fn is a failure like a wrong number, shrunk the same way. The
result says whether fn passed, how many networks were tried, and for a failure the minimal
case with its full report (diagnosis included) and a replay snippet. The same ``seed``
draws the same networks. Arguments are checked before any search, as ``check_backprop``
checks them.
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from hypothesis import HealthCheck, Phase, Verbosity, find, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from hypothesis.errors import Flaky, NoSuchExample

import refbp
from oracle.backprop.conventions import Backprop, check_callable, conventions
from oracle.backprop.protocol import check_backprop
from oracle.search.minimal import DEFAULTS, Minimal, SearchResult
from oracle.search.replay import loader
from oracle.search.strategies import batches, bounds, head_network, networks
from oracle.verdict.tolerance import Tol, resolve
from refbp.checks import check_reduction
from refbp.types import Array, Reduction

__all__ = ["search_backprop"]


@st.composite
def _cases(
    draw: st.DrawFn, nets: st.SearchStrategy[refbp.MLP], size: tuple[int, int], labels: bool
) -> tuple[refbp.MLP, Array, Array]:
    net = draw(nets)
    x, d = draw(batches(net, size, labels=labels))
    return net, x, d


def _count(name: str, value: object, least: int) -> int:
    if type(value) is not int:
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < least:
        raise ValueError(f"{name} must be >= {least}, got {value}")
    return value


@dataclass
class _Trial:
    """Runs fn on one case: True when it fails; an exception fn raised counts as a failure."""

    fn: Backprop
    options: dict[str, Any]
    tried: int = 0
    raised: list[BaseException] = field(default_factory=list)
    failed: list[tuple[refbp.MLP, Array, Array]] = field(default_factory=list)
    """The last case fn failed on: the answer when hypothesis cannot replay its own (a flaky fn)."""

    def guarded(self, *args: Any) -> Any:
        try:
            return self.fn(*args)
        except Exception as err:
            self.raised.append(err)
            raise

    def check(self, case: tuple[refbp.MLP, Array, Array]) -> tuple[Any, str | None]:
        """(the report, None), or (None, the message) when fn raised on this case."""
        net, x, d = case
        self.raised.clear()
        opts = {k: v for k, v in self.options.items() if k != "reduction"}
        try:
            report = check_backprop(self.guarded, net, x, d, self.options["reduction"], **opts)
        except Exception as err:
            if not self.raised:  # the oracle's own error, not fn's: never hidden as a verdict
                raise
            return None, str(err)
        return report, None

    def fails(self, case: tuple[refbp.MLP, Array, Array]) -> bool:
        self.tried += 1
        report, error = self.check(case)
        if error is None and report.passed:
            return False
        self.failed[:] = [case]
        return True


def search_backprop(
    fn: Backprop,
    *,
    hidden: str,
    task: str | None = None,
    output: str | None = None,
    loss: str | None = None,
    reduction: Reduction = "sum",
    layout: str = "out_in",
    per_example: bool = False,
    labels: bool = False,
    depth: tuple[int, int] = (1, 4),
    width: tuple[int, int] = (1, 8),
    size: tuple[int, int] = (1, 8),
    dtype: Any = np.float64,
    max_examples: int = 200,
    seed: int = 0,
    tol: Tol = None,
) -> SearchResult:
    """Search networks for one on which ``fn`` disagrees with torch.autograd; shrink it.

    ``hidden``, ``task`` (or ``output`` and ``loss``): what fn implements, as refbp.MLP
    takes them. ``depth``, ``width``, ``size``: (lo, hi) bounds of L, every n_l and N.
    ``layout``, ``per_example``, ``labels``, ``tol``, ``reduction``: as ``check_backprop``.
    """
    if currently_in_test_context():  # hypothesis cannot nest its searches
        raise RuntimeError(
            "search_backprop runs a hypothesis search of its own, which cannot run inside a @given "
            "test; there, draw the network with oracle.strategies (networks, batches) and call "
            "oracle.assert_backprop, or call search_backprop from a plain test"
        )
    check_callable(fn)
    nets = networks(hidden=hidden, task=task, output=output, loss=loss, depth=depth, width=width, dtype=dtype)
    probe = head_network(hidden, task, output, loss, dtype)
    conv = conventions(layout, per_example, labels, probe)
    check_reduction(reduction)
    tolerance = resolve(probe.dtype, tol)
    cases = _cases(nets, bounds("size", size, 1), conv.labels)
    _count("max_examples", max_examples, 1)
    _count("seed", seed, 0)
    given: dict[str, Any] = {"layout": conv.layout, "per_example": conv.per_example, "labels": conv.labels}
    given["tol"] = None if tol is None else dataclasses.asdict(tolerance)  # a literal for the replay
    options: dict[str, Any] = {"reduction": reduction}
    options.update({key: value for key, value in given.items() if value != DEFAULTS[key]})
    trial = _Trial(fn, options)
    config = settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        derandomize=False,
        phases=(Phase.generate, Phase.shrink),
        verbosity=Verbosity.quiet,
        suppress_health_check=list(HealthCheck),
    )
    try:
        net, x, d = find(cases, trial.fails, settings=config, random=random.Random(seed))
    except NoSuchExample:
        return SearchResult(passed=True, examples=trial.tried, minimal=None, options=options, call=loader(fn))
    except Flaky:  # fn failed on a case, then passed on it: its last failure is the answer
        net, x, d = trial.failed[0]
    report, error = trial.check((net, x, d))
    minimal = Minimal(net, x, d, report, error)
    return SearchResult(passed=False, examples=trial.tried, minimal=minimal, options=options, call=loader(fn))
