"""oracle.cases: the suite covers every task, hidden activation and non-canonical pair."""

from __future__ import annotations

import numpy as np

import refbp
from oracle.cases import NONCANONICAL, default_cases


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
