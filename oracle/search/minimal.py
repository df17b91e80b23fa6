"""What a search found: ``SearchResult``, and for a failure its ``Minimal`` case.

Contract: ``SearchResult.passed`` and ``.examples`` (networks tried, shrinking included);
``.minimal`` (None when passed) holds the smallest failing network, x, d, and either the
full report of ``check_backprop`` on it (diagnosis included) or the message of what fn
raised there; ``.replay`` is a snippet that rebuilds that case and checks fn on it again
(``oracle.search.replay``). ``summary()`` is one line, ``str()`` the whole story,
``to_dict()`` the same as JSON-ready values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import refbp
from oracle.search.replay import run_path_loader, snippet
from oracle.verdict.report import Report
from refbp.types import Array

__all__ = ["DEFAULTS", "Minimal", "SearchResult"]

DEFAULTS: dict[str, Any] = {"layout": "out_in", "per_example": False, "labels": False, "tol": None}
"""check_backprop's conventions and tol= at their defaults: the replay passes only the others."""


@dataclass(frozen=True, eq=False)
class Minimal:
    """The smallest failing case: the network, the batch, and the verdict on it."""

    net: refbp.MLP
    x: Array
    d: Array
    report: Report | None
    """``check_backprop``'s report on this case; None when fn raised (``error``)."""
    error: str | None = None
    """The message of the exception fn raised on this case (with the shapes it was given)."""

    def describe(self) -> str:
        """'2 layers 1-1-1 tanh, N=1': the network and the batch, in the words of the report."""
        L = len(self.net.weights)
        hidden = f" {self.net.hidden}" if L > 1 else ""
        return f"{L} layer{'s' * (L > 1)} {'-'.join(map(str, self.net.sizes))}{hidden}, N={len(self.x)}"

    def failure(self) -> str:
        """What went wrong on this case, first line only: the failing row, or fn's exception."""
        if self.error is not None:
            return self.error.splitlines()[0]
        row = None if self.report is None else self.report.first_failure
        if row is None:  # fn failed on this case during the search, then passed on it again
            return "fn failed on this case once and passed on it again: its result is not deterministic"
        return f"{row.where}: {row.diagnosis.splitlines()[0]}" if row.diagnosis else row.where

    def to_dict(self) -> dict[str, Any]:
        net = self.net
        return {
            "sizes": list(net.sizes),
            "hidden": net.hidden,
            "task": net.task,
            "output": net.pair.output.name,
            "loss": net.pair.loss.name,
            "dtype": net.dtype.name,
            "weights": [W.tolist() for W in net.weights],
            "biases": [b.tolist() for b in net.biases],
            "x": self.x.tolist(),
            "d": self.d.tolist(),
            "report": None if self.report is None else self.report.to_dict(),
            "error": self.error,
        }


@dataclass(frozen=True, eq=False)
class SearchResult:
    """The outcome of ``search_backprop``."""

    passed: bool
    examples: int
    minimal: Minimal | None
    options: dict[str, Any]
    """The keywords the replay passes to check_backprop: the reduction, and those not at their
    default (``DEFAULTS``); ``tol`` as the resolved tolerance's fields."""
    call: tuple[str, str]
    """(the name the replay calls fn by, the line that binds it): ``oracle.search.replay.loader``."""

    @property
    def replay(self) -> str | None:
        """A snippet that rebuilds the minimal case and prints fn's report on it; None when passed."""
        return self._replay(self.call)

    def replay_loading(self, path: str, name: str) -> str | None:
        """The replay, loading fn as ``runpy.run_path(path)[name]`` (a submission file)."""
        return self._replay(run_path_loader(path, name))

    def _replay(self, call: tuple[str, str]) -> str | None:
        m = self.minimal
        return None if m is None else snippet(m.net, m.x, m.d, call, self.options)

    def summary(self) -> str:
        """One line: passed on how many networks, or the first failure on the minimal case."""
        if self.minimal is None:
            return f"passed on {self.examples} networks"
        m = self.minimal
        return f"FAIL: {m.failure()}; minimal: {m.describe()} ({self.examples} networks tried)"

    def __str__(self) -> str:
        if self.minimal is None:
            return f"search_backprop: {self.summary()}"
        m = self.minimal
        row = None if m.report is None else m.report.first_failure
        detail = m.error if m.error is not None else (row.explain() if row is not None else m.failure())
        return f"search_backprop: {self.summary()}\n\n{detail}\n\nreplay:\n{self.replay}"

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready values: verdict, minimal case (arrays as lists), its report, replay."""
        m = self.minimal
        row = None if m is None or m.report is None else m.report.first_failure
        return {
            "passed": self.passed,
            "examples": self.examples,
            "summary": self.summary(),
            "first_failure": None if row is None else row.where,
            "diagnosis": None if row is None or not row.diagnosis else row.diagnosis,
            "minimal": None if m is None else {**m.to_dict(), **DEFAULTS, **self.options},
            "replay": self.replay,
        }
