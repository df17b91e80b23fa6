"""examples/: the correct implementation passes; each planted bug is named by layer and quantity."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

VERDICTS = {
    "correct": ("all agree", None),
    "bug_output_fprime": ("FIRST MISMATCH: layer 3 delta", "layer 3 delta differs from autograd: 450 / 450"),
    "bug_hidden_fprime": ("FIRST MISMATCH: layer 1 delta", "layer 1 delta differs from autograd: 750 / 750"),
    "bug_transposed_dW": (
        "FIRST MISMATCH: layer 3 W",
        "layer 3 W: has shape (5, 3), expected (3, 5) (is it transposed?)",
    ),
    "bug_dW_from_z": ("FIRST MISMATCH: layer 3 W", "layer 3 W differs from autograd: 15 / 15"),
}


def test_every_example_has_a_verdict():
    assert {p.stem for p in EXAMPLES.glob("*.py")} == set(VERDICTS)


@pytest.mark.parametrize("name", sorted(VERDICTS))
def test_running_the_example_prints_the_oracles_verdict(name, capsys):
    runpy.run_path(str(EXAMPLES / f"{name}.py"), run_name="__main__")
    out = capsys.readouterr().out
    verdict, explanation = VERDICTS[name]
    assert verdict in out.splitlines()
    if explanation is None:
        assert "FAIL" not in out
    else:
        assert explanation in out


def test_the_readme_quick_start_runs(capsys):
    readme = (EXAMPLES.parent / "README.md").read_text()
    section = readme.split("## Check your own backprop in three lines")[1]
    # the three lines, after the README's own my_backprop: here they run the correct example
    code = next(
        block for block in re.findall(r"```python\n(.*?)```", section, re.DOTALL) if "check_backprop" in block
    )
    assert len([line for line in code.splitlines() if line.strip()]) == 3
    backprop = runpy.run_path(str(EXAMPLES / "correct.py"))["backprop"]
    exec(code, {"my_backprop": backprop})
    assert capsys.readouterr().out.splitlines()[-1] == "all agree"
