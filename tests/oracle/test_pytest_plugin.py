"""The pytest plugin: the backprop_oracle fixture, run in pytest sessions of its own (pytester)."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import tomllib
from nets import make

import refbp
from oracle.backprop.pytest_plugin import BackpropOracle

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]

USER_TESTS = """
import refbp
import numpy as np

def my_backprop(weights, biases, x, d, drop_fprime=False):
    a, z = [x], []
    for W, b in zip(weights, biases):
        z.append(a[-1] @ W.T + b)
        a.append(np.tanh(z[-1]) if len(z) < len(weights) else z[-1])
    delta = [a[-1] - d]
    for l in range(len(weights) - 1, 0, -1):
        back = delta[0] @ weights[l]
        delta.insert(0, back if drop_fprime else back * (1 - a[l] ** 2))
    return delta, [dl.T @ al for dl, al in zip(delta, a)], [dl.sum(axis=0) for dl in delta]

def test_loading_the_plugin_imported_no_torch(request):  # runs first: before any fixture use
    import sys

    assert request.config.pluginmanager.has_plugin("refbp") or request.config.pluginmanager.has_plugin(
        "_refbp_pytestplugin"
    )
    assert "torch" not in sys.modules and "oracle" not in sys.modules

NET = refbp.MLP.init((3, 4, 2), hidden="tanh", task="regression", seed=1)
X = np.random.default_rng(0).normal(size=(5, 3))
D = np.random.default_rng(1).normal(size=(5, 2))

def test_correct(backprop_oracle):
    backprop_oracle.check(my_backprop, NET, X, D)

def test_buggy(backprop_oracle):
    backprop_oracle.check(lambda *args: my_backprop(*args, drop_fprime=True), NET, X, D)
"""


def plugin_args() -> list[str]:
    """Nothing where the package is installed (the entry point is live), else ``-p`` the module."""
    live = any(ep.value == "_refbp_pytestplugin" for ep in entry_points(group="pytest11"))
    return [] if live else ["-p", "_refbp_pytestplugin"]


@pytest.fixture
def user_session(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    return pytester


def test_the_fixture_passes_right_code_and_names_the_bug_in_wrong_code(user_session):
    user_session.makepyfile(test_user=USER_TESTS)
    result = user_session.runpytest_subprocess(*plugin_args(), "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*AssertionError: layer 1 delta differs from autograd*", "*FIRST MISMATCH*"])
    result.stdout.no_fnmatch_line("*pytest_plugin.py*")  # the traceback stops at the user's line


def test_importing_the_plugin_imports_neither_torch_nor_oracle():
    code = "import sys, _refbp_pytestplugin; print(sorted({'torch', 'oracle', 'refbp'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_entry_point_is_declared():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert meta["project"]["entry-points"]["pytest11"] == {"refbp": "_refbp_pytestplugin"}


def right_backprop(weights, biases, x_in, d_in, reduction="sum"):
    """refbp's own back-propagation under the protocol: the network rebuilt from the arrays."""
    g = refbp.backprop(refbp.MLP(weights, biases, hidden="sigmoid", task="binary"), x_in, d_in, reduction)
    return g.delta, g.W, g.b


def doubled_delta(*args):
    """A bug planted in the output layer: delta^(2) twice what it should be."""
    delta, W, b = right_backprop(*args)
    return [delta[0], 2 * delta[1]], W, b


def test_check_and_report_in_process():
    net, x, d = make((3, 4, 2), "sigmoid", "binary", 4)
    oracle = BackpropOracle()
    assert oracle.report(right_backprop, net, x, d).passed
    assert oracle.check(right_backprop, net, x, d) is None
    report = oracle.report(doubled_delta, net, x, d)
    assert not report.passed
    assert report.first_failure is not None
    assert report.first_failure.where == "layer 2 delta"
    with pytest.raises(AssertionError) as raised:
        oracle.check(doubled_delta, net, x, d)
    assert str(raised.value) == f"{report.first_failure.explain()}\n\n{report}"
    assert str(raised.value).startswith("layer 2 delta differs from autograd")


def test_check_and_report_take_the_mean_when_asked():
    net, x, d = make((3, 4, 2), "sigmoid", "binary", 4)

    def mean(*args):
        return right_backprop(*args, reduction="mean")

    oracle = BackpropOracle()
    assert oracle.report(mean, net, x, d, "mean").passed
    assert oracle.check(mean, net, x, d, "mean") is None
    assert not oracle.report(mean, net, x, d).passed  # the default is the sum
    with pytest.raises(AssertionError, match=r"^layer 2 delta differs from autograd"):
        oracle.check(mean, net, x, d)


IN_PROCESS_USER_TESTS = """
import numpy as np
import refbp

NET = refbp.MLP.init((3, 2), hidden="tanh", task="regression", seed=1)
X = np.random.default_rng(0).normal(size=(2, 3))
D = np.random.default_rng(1).normal(size=(2, 2))

def halved(weights, biases, x, d):
    g = refbp.backprop(NET, x, d)
    return [v / 2 for v in g.delta], g.W, g.b

def test_buggy(backprop_oracle):
    backprop_oracle.check(halved, NET, X, D)
"""


def test_a_failing_check_shows_the_users_line_not_the_plugins(user_session):
    """In this process (so that mutation testing sees it), unlike the subprocess test above."""
    user_session.makepyfile(test_user=IN_PROCESS_USER_TESTS)
    result = user_session.runpytest_inprocess(*plugin_args(), "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*backprop_oracle.check(halved, NET, X, D)",
            "E *AssertionError: layer 1 delta differs from autograd*",
        ]
    )
    result.stdout.no_fnmatch_line("*pytest_plugin.py*")
