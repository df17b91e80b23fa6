"""The picture: write_plot and ``refbp-verify --plot`` write a valid PNG of sensible size."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import numpy as np
import pytest
from nets import make

import oracle
from oracle.suite.cases import default_cases
from oracle.suite.cli import main
from oracle.suite.plot import write_plot
from oracle.training.trajectories import default_trainings

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from the IHDR chunk, after checking the signature."""
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    assert data[-8:-4] == b"IEND"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def reports() -> list[oracle.Report]:
    good = [oracle.check(*make((3, 4, 2), h, "regression", 3)) for h in ("tanh", "relu")]
    net, x, d = make((3, 4, 2), "tanh", "regression", 3)
    bad = oracle.check_backprop(lambda W, b, x, d: ([x, x, x], W, b), net, x, d)  # a failing row: inf
    return [*good, bad]


def test_write_plot_writes_a_png_with_the_training_panels(tmp_path):
    net, x, d = make((3, 4, 1), "tanh", "regression", 10)
    run = oracle.compare_training(net, x, d, steps=5)
    write_plot(tmp_path / "a.png", reports(), [run])
    write_plot(tmp_path / "b.png", reports(), [run, run])
    w1, h1 = png_size(tmp_path / "a.png")
    w2, h2 = png_size(tmp_path / "b.png")
    assert (h1, h2) == (700, 700)  # 7 inches at 100 dpi
    assert 800 <= w1 < w2 <= 3000  # one more panel per training run
    assert (tmp_path / "a.png").stat().st_size > 20_000  # not an empty canvas


def test_write_plot_without_training(tmp_path):
    write_plot(str(tmp_path / "c.png"), reports())
    assert png_size(tmp_path / "c.png") == (600, 700)


def test_without_matplotlib_the_error_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ImportError, match=r"pip install 'refbp\[plot\]'"):
        write_plot(tmp_path / "d.png", reports())


def test_the_cli_writes_the_plot_and_reports_the_training(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("oracle.suite.cli.default_cases", lambda seed: default_cases(seed)[::10])  # fast
    monkeypatch.setattr("oracle.suite.cli.default_trainings", lambda seed: default_trainings(seed, steps=3))
    path = tmp_path / "verify.png"
    assert main(["--plot", str(path)]) == 0
    err = capsys.readouterr().err
    assert err.count("agrees with torch.optim.SGD at every step") == 3
    assert f"wrote {path}" in err
    width, height = png_size(path)
    assert (width, height) == (1800, 700)


def test_the_cli_fails_when_a_training_run_differs(tmp_path, capsys, monkeypatch):
    def broken(seed):
        net, x, d = make((3, 4, 1), "tanh", "regression", 10)
        fn = lambda W, b, x, d: ([], [2 * w for w in W], b)  # noqa: E731
        return [oracle.compare_training(net, x, d, steps=2, fn=fn, case="broken")]

    monkeypatch.setattr("oracle.suite.cli.default_trainings", broken)
    monkeypatch.setattr("oracle.suite.cli.default_cases", lambda seed: default_cases(seed)[:2])
    assert main(["--json", "--plot", str(tmp_path / "e.png")]) == 1
    captured = capsys.readouterr()
    assert "training broken: DIFFERS from torch.optim.SGD" in captured.err
    assert np.isfinite(png_size(tmp_path / "e.png")).all()


def test_without_plot_no_training_runs(monkeypatch, capsys):
    def refuse(seed):
        raise AssertionError("trained without --plot")

    monkeypatch.setattr("oracle.suite.cli.default_trainings", refuse)
    monkeypatch.setattr("oracle.suite.cli.default_cases", lambda seed: default_cases(seed)[:2])
    assert main([]) == 0
    assert "wrote" not in capsys.readouterr().err
