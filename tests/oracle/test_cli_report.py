"""refbp-verify on a stand-in suite: every printed line, the whole JSON, and where each is written.

The stand-in is tests/stand_in_suite.py. The runs here pass (exit 0) or are refused before
writing; runs in which a witness fails (exit 1): test_cli_report_failures.py.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from stand_in_suite import SUMMARY, WITNESSES, json_report, stand_in, text_report

import oracle.suite.cli
from oracle.suite.sections import Gap

suite = pytest.fixture(stand_in, name="suite")


def test_the_text_report_line_by_line(suite, capsys) -> None:
    assert oracle.suite.cli.main([]) == 0
    assert capsys.readouterr() == (text_report(suite), "")
    assert suite.seeds == [0]  # the default seed
    assert suite.training_seeds == suite.plots == []  # no training without --plot


def test_quiet_prints_only_the_summary_lines(suite, capsys) -> None:
    assert oracle.suite.cli.main(["--quiet"]) == 0
    assert capsys.readouterr() == (f"{WITNESSES}\n{SUMMARY}\n", "")


def test_quiet_with_json_to_a_file_keeps_the_document_whole(suite, tmp_path, capsys) -> None:
    path = tmp_path / "verify.json"
    assert oracle.suite.cli.main(["--quiet", "--json", str(path)]) == 0
    assert capsys.readouterr() == (f"{WITNESSES}\n{SUMMARY}\n", f"refbp-verify: wrote {path}\n")
    assert path.read_text(encoding="utf-8") == json_report(suite, True, 0)


def test_quiet_with_json_on_stdout_is_the_document_alone(suite, capsys) -> None:
    assert oracle.suite.cli.main(["--quiet", "--json", "-"]) == 0
    assert capsys.readouterr() == (json_report(suite, True, 0), "")


@pytest.mark.parametrize("argv", [["--json"], ["--json", "-"]])
def test_json_on_stdout_is_the_whole_document_and_nothing_else(argv, suite, capsys) -> None:
    assert oracle.suite.cli.main([*argv, "--seed", "0"]) == 0
    assert capsys.readouterr() == (json_report(suite, True, 0), "")
    assert suite.seeds == [0]


def test_json_to_a_file_keeps_the_text_report_on_stdout(suite, tmp_path, capsys) -> None:
    path = tmp_path / "verify.json"
    assert oracle.suite.cli.main(["--seed", "7", "--json", str(path)]) == 0
    assert capsys.readouterr() == (text_report(suite), f"refbp-verify: wrote {path}\n")
    assert path.read_text(encoding="utf-8") == json_report(suite, True, 7)
    assert suite.seeds == [7]


def test_plot_trains_with_the_seed_reports_each_run_and_writes_the_png(suite, tmp_path, capsys) -> None:
    suite.trainings = [SimpleNamespace(case="run 1", passed=True), SimpleNamespace(case="run 2", passed=True)]
    path = str(tmp_path / "verify.png")
    assert oracle.suite.cli.main(["--seed", "5", "--plot", path]) == 0
    assert capsys.readouterr() == (
        text_report(suite),
        "training run 1: agrees with torch.optim.SGD at every step\n"
        "training run 2: agrees with torch.optim.SGD at every step\n"
        f"refbp-verify: wrote {path}\n",
    )
    assert suite.training_seeds == [5]
    assert suite.plots == [(path, suite.reports, suite.trainings)]


def test_json_dash_is_stdout_whatever_a_file_named_dash_would_be(suite, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-").mkdir()  # no file '-' could be written here: '-' is never taken for one
    assert oracle.suite.cli.main(["--json", "-"]) == 0
    assert capsys.readouterr() == (json_report(suite, True, 0), "")
    (tmp_path / "-").rmdir()
    assert oracle.suite.cli.main(["--json", "-", "--plot", "-"]) == 0  # stdout, and a PNG named '-': no clash
    assert capsys.readouterr() == (json_report(suite, True, 0), "refbp-verify: wrote -\n")
    assert suite.plots == [("-", suite.reports, [])]


@pytest.mark.parametrize("to_file", [False, True])
def test_a_value_json_cannot_hold_is_refused_before_anything_is_written(to_file, suite, tmp_path, capsys):
    suite.gaps = [Gap("net C", float("inf"), float("inf"))]
    path = tmp_path / "verify.json"
    path.write_text("the last run's")
    with pytest.raises(ValueError, match=r"^Out of range float values are not JSON compliant"):
        oracle.suite.cli.main(["--json", str(path) if to_file else "-"])
    witnesses = WITNESSES.replace("2 non-canonical cases", "1 non-canonical cases")
    assert capsys.readouterr().out == (text_report(suite, witnesses=witnesses) if to_file else "")
    assert path.read_text() == "the last run's"
