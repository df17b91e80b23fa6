"""refbp.tasks: every task names a canonical pair, and multilabel is binary by another name."""

from __future__ import annotations

import numpy as np
import pytest

import refbp
from refbp.tasks import TASKS, get_task


@pytest.mark.parametrize("name", sorted(TASKS))
def test_every_task_is_a_canonical_pair(name: str) -> None:
    task = TASKS[name]
    assert (task.output, task.loss) in refbp.CANONICAL
    assert refbp.MLP.init((2, 3), task=name).pair.canonical


def test_multilabel_is_binary_with_several_units(rng: np.random.Generator) -> None:
    multi = refbp.MLP.init((4, 5, 3), task="multilabel", seed=1)
    binary = refbp.MLP(multi.weights, multi.biases, hidden=multi.hidden, task="binary")
    x, d = rng.normal(size=(6, 4)), rng.integers(0, 2, size=(6, 3)).astype(float)
    for got, want in zip(refbp.backprop(multi, x, d).W, refbp.backprop(binary, x, d).W, strict=True):
        np.testing.assert_array_equal(got, want)
    with pytest.raises(ValueError, match=r"in \[0, 1\]"):
        multi.backward(multi.forward(x), d + 1)


def test_poisson_takes_counts_and_refuses_negative_ones(rng: np.random.Generator) -> None:
    net = refbp.MLP.init((3, 2), task="poisson")
    x = rng.normal(size=(4, 3))
    fwd = net.forward(x)
    d = rng.poisson(2.0, size=(4, 2)).astype(float)
    np.testing.assert_allclose(net.backward(fwd, d).delta[-1], fwd.y - d, rtol=1e-15)
    with pytest.raises(ValueError, match="non-negative"):
        net.loss(fwd, -d - 1)


def test_get_task_names_the_valid_ones() -> None:
    assert get_task("poisson").output == "exp"
    with pytest.raises(ValueError, match="regression, binary, multilabel, multiclass, poisson"):
        get_task("ranking")
    with pytest.raises(TypeError, match="task must be"):
        get_task(1)
