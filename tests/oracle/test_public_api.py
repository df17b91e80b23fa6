"""The public API is ``oracle.X``: the same names whatever the layout, and ``from oracle import *``
works with torch and without it. This file imports neither torch nor sympy: tox's notorch env runs it.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import oracle

TORCH_FREE = {
    "FINITE_DIFFERENCE",
    "TOLERANCES",
    "FiniteDifferences",
    "Report",
    "Row",
    "Tolerance",
    "check_finite_differences",
    "compare",
    "datasets",
    "finite_difference",
    "tolerance_for",
}
WITH_SYMPY = {"Proof", "prove_output_delta"}
WITH_TORCH = {
    "Reference",
    "Training",
    "assert_backprop",
    "assert_matches",
    "check",
    "check_backprop",
    "compare_training",
    "reference",
}


WITH_SEARCH = {"Minimal", "SearchResult", "search_backprop"}
"""Those that need torch and hypothesis."""


def installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def test_all_lists_exactly_the_names_this_environment_can_import() -> None:
    expected = set(TORCH_FREE)
    expected |= WITH_SYMPY if installed("sympy") else set()
    expected |= WITH_TORCH if installed("torch") else set()
    expected |= WITH_SEARCH if installed("torch") and installed("hypothesis") else set()
    assert sorted(oracle.__all__) == sorted(expected)


def test_without_hypothesis_only_the_search_is_missing() -> None:
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"  # as if it were not installed
        "import oracle\n"
        "print(sorted(set(oracle.__all__)), hasattr(oracle, 'search_backprop'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    expected = TORCH_FREE | (WITH_SYMPY if installed("sympy") else set())
    expected |= WITH_TORCH if installed("torch") else set()
    assert out.strip() == f"{sorted(expected)} False"


def test_star_import_binds_every_name_of_all() -> None:
    namespace: dict[str, object] = {}
    exec("from oracle import *", namespace)
    assert all(namespace[name] is getattr(oracle, name) for name in oracle.__all__)


def test_no_public_name_is_also_a_subpackage() -> None:
    # importing oracle.<name> binds the attribute oracle.<name> to that module, over a public name
    here = Path(oracle.__file__).parent
    subpackages = {p.name for p in here.iterdir() if (p / "__init__.py").is_file()}
    assert subpackages == {
        "verdict",
        "twin",
        "witnesses",
        "diagnosis",
        "backprop",
        "training",
        "search",
        "grading",
        "suite",
    }
    assert not subpackages & set(oracle.__all__)
    assert callable(oracle.compare)
    assert callable(oracle.finite_difference)
