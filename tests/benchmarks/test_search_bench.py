"""benchmarks.search: its student backprop is right without a bug and wrong with each one."""

from __future__ import annotations

import pytest

from benchmarks.search import BUGS, small_cases, student
from oracle import check_backprop


def test_the_drawn_cases_are_small_and_the_right_student_passes_on_them():
    cases = small_cases(12)
    assert len(cases) == 12
    for net, x, d in cases:
        assert len(net.weights) <= 3
        assert max(net.sizes) <= 8
        assert len(x) <= 8
        assert check_backprop(student(), net, x, d).passed


@pytest.mark.parametrize("bug", BUGS)
def test_each_bug_of_the_benchmark_is_found_by_the_search(bug):
    from oracle import search_backprop

    hidden = "relu" if bug == "relu'(0) = 1" else "tanh"
    assert not search_backprop(student(bug, hidden), hidden=hidden, max_examples=100).passed
    assert search_backprop(student("", hidden), hidden=hidden, max_examples=30).passed
