"""The built-in suite covers what the issue asks for, and is a function of its seed."""

from __future__ import annotations

import numpy as np

import refbp
from oracle.suite.cases import NONCANONICAL, default_cases


def test_every_task_and_activation_and_the_edges_are_covered() -> None:
    cases = default_cases()
    combos = {(c.net.task, c.net.hidden) for c in cases if len(c.net.weights) > 1 and c.net.task}
    assert combos == {(t, h) for t in refbp.TASKS for h in refbp.ACTIVATIONS}
    depths = {len(c.net.weights) for c in cases}
    assert min(depths) == 1
    assert max(depths) >= 4
    batches = {len(c.x) for c in cases}
    assert 1 in batches
    assert max(batches) >= 16
    assert any(c.net.sizes[-1] == 1 for c in cases)
    assert {c.reduction for c in cases} == {"sum", "mean"}
    assert any(np.asarray(c.d).ndim == 1 for c in cases)  # integer labels
    assert all(c.net.sizes[-1] >= 2 for c in cases if c.net.task == "multiclass")


def test_same_seed_same_cases_other_seed_other_draws() -> None:
    a, b, c = default_cases(0), default_cases(0), default_cases(1)
    assert [x.name for x in a] == [x.name for x in c]
    for p, q in zip(a, b, strict=True):
        np.testing.assert_array_equal(p.x, q.x)
        np.testing.assert_array_equal(p.net.weights[0], q.net.weights[0])
    assert not np.array_equal(a[3].x, c[3].x)


def test_the_suite_covers_every_task_activation_and_pair() -> None:
    cases = default_cases()
    heads = {c.name.split()[0] for c in cases}
    assert heads == set(refbp.TASKS) | {f"{o}+{loss}" for o, loss in NONCANONICAL}
    assert {c.net.hidden for c in cases if c.canonical} == set(refbp.ACTIVATIONS)
    assert [c.canonical for c in cases] == sorted((c.canonical for c in cases), reverse=True)
    for c in cases:
        c.net.backward(c.net.forward(c.x), c.d, c.reduction)  # every target is valid


def test_same_seed_same_cases_and_widths_fit_the_head() -> None:
    a, b = default_cases(3), default_cases(3)
    assert all(np.array_equal(p.x, q.x) and np.array_equal(p.d, q.d) for p, q in zip(a, b, strict=True))
    for c in a:
        if c.name.startswith(("multilabel", "multiclass", "softmax")):
            assert c.net.sizes[-1] >= (3 if c.name.startswith("multilabel") else 2)


def test_softmax_cross_entropy_cases_have_rows_not_summing_to_one() -> None:
    for c in default_cases():
        if c.name.startswith("softmax+cross_entropy"):
            assert not np.allclose(c.d.sum(axis=1), 1)
        if c.name.startswith("poisson"):
            assert (c.d >= 0).all()
