"""The fixture from a checkout that is not installed: both ways docs/own-backprop.md gives work.

Each test runs pytest in a fresh folder, in a subprocess with pytest's plugin autoloading off
(so the installed entry point, if any, is not loaded: as in a checkout that was never
installed) and the checkout on PYTHONPATH.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

USER_TEST = f"""
import runpy

import oracle
import refbp

my_backprop = runpy.run_path({str(ROOT / "examples" / "correct.py")!r})["backprop"]


def test_my_backprop(backprop_oracle):
    import _refbp_pytestplugin

    assert _refbp_pytestplugin.__file__ == {str(ROOT / "_refbp_pytestplugin.py")!r}  # the checkout's
    net = refbp.MLP.init((4, 5, 5, 3), hidden="sigmoid", task="multiclass", seed=0)
    backprop_oracle.check(my_backprop, net, *oracle.datasets.load("iris"))
"""


def run_pytest(folder: Path, *args: str) -> str:
    (folder / "test_mine.py").write_text(USER_TEST)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.stdout + done.stderr


def test_dash_p_loads_the_fixture(tmp_path: Path) -> None:
    assert "1 passed" in run_pytest(tmp_path, "-p", "_refbp_pytestplugin")


def test_pytest_plugins_in_conftest_loads_the_fixture(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["_refbp_pytestplugin"]\n')
    assert "1 passed" in run_pytest(tmp_path)


def test_without_either_there_is_no_fixture(tmp_path: Path) -> None:
    """The control: with autoloading off, nothing else provides the fixture."""
    out = run_pytest(tmp_path)
    assert "fixture 'backprop_oracle' not found" in out
    assert "1 error" in out
