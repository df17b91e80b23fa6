"""benchmarks.grading: its 100 files are the mix it says, each a submission refbp-verify accepts,
and each kind of bug is a bug (the right one passes, the others fail, each as its kind)."""

from __future__ import annotations

import collections
import runpy
from pathlib import Path

import pytest

from benchmarks.grading import KINDS, RIGHT, write_submissions
from oracle.grading.submissions import parse
from oracle.search.search import search_backprop


def test_the_files_are_the_mix_and_each_is_a_submission(tmp_path: Path) -> None:
    submissions = write_submissions(tmp_path)
    assert len(submissions) == len(set(submissions)) == 100
    kinds = [Path(s.rpartition(":")[0]).stem[:-3] for s in submissions]
    assert collections.Counter(kinds) == {kind: count for kind, (count, _) in KINDS.items()}
    assert len(set(kinds[:8])) == 8  # interleaved: the hangs do not all start together
    assert all(parse(s).func == "backprop" for s in submissions)


@pytest.mark.parametrize(
    "kind", ["right", "no_hidden_fprime", "reshaped_dW", "mean_for_sum", "output_fprime"]
)
def test_each_bug_is_a_bug_and_the_right_one_passes(kind: str, tmp_path: Path) -> None:
    source = KINDS[kind][1]
    assert (source == RIGHT) == (kind == "right")  # each replace took effect
    path = tmp_path / "hw.py"
    path.write_text(source)
    fn = runpy.run_path(str(path))["backprop"]
    result = search_backprop(fn, hidden="sigmoid", task="multiclass", max_examples=50)
    assert result.passed == (kind == "right")
