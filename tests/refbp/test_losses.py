"""refbp.losses: each error against its formula, dE/dy against differences, pairing, targets."""

from __future__ import annotations

import numpy as np
import pytest

from refbp.losses import LOSSES, get_loss
from refbp.outputs import OUTPUTS
from refbp.targets import nonnegative_target

NAIVE = {  # E of one example, written from the table, from y
    "squared_error": lambda y, d: 0.5 * ((y - d) ** 2).sum(axis=1),
    "binary_cross_entropy": lambda y, d: -(d * np.log(y) + (1 - d) * np.log(1 - y)).sum(axis=1),
    "cross_entropy": lambda y, d: -(d * np.log(y)).sum(axis=1),
    "poisson": lambda y, d: (y - d * np.log(y)).sum(axis=1),
}


@pytest.mark.parametrize("name", sorted(LOSSES))
@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_error_is_the_formula(name: str, output: str, rng: np.random.Generator) -> None:
    out = OUTPUTS[output]
    if not LOSSES[name].accepts(out):
        pytest.skip(f"{name} refuses {output}")
    z, d = rng.normal(size=(5, 3)), rng.uniform(size=(5, 3))
    y = out.f(z)
    np.testing.assert_allclose(LOSSES[name].error(z, y, d, out), NAIVE[name](y, d), rtol=1e-12)


IN_ITS_VARIABLES = {  # E of one example written in the variables v of ``Loss.wrt`` (the table)
    "squared_error": lambda v, d: 0.5 * ((v[0] - d) ** 2).sum(axis=1),
    "binary_cross_entropy": lambda v, d: -(d * v[0] + (1 - d) * v[1]).sum(axis=1),
    "cross_entropy": lambda v, d: -(d * v[0]).sum(axis=1),
    "poisson": lambda v, d: (np.exp(v[0]) - d * v[0]).sum(axis=1),
}
VARIABLE = {"y": lambda y: y, "log_y": np.log, "log_1my": lambda y: np.log1p(-y)}


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_E_written_in_its_variables_is_the_formula(name: str, rng: np.random.Generator) -> None:
    y, d = rng.uniform(0.05, 0.95, size=(4, 3)), rng.uniform(size=(4, 3))
    v = [VARIABLE[w](y) for w in LOSSES[name].wrt]
    np.testing.assert_allclose(IN_ITS_VARIABLES[name](v, d), NAIVE[name](y, d), rtol=1e-12)


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_grad_is_the_derivative_in_each_variable(name: str, rng: np.random.Generator) -> None:
    y, d, h = rng.uniform(0.2, 0.8, size=(4, 3)), rng.uniform(size=(4, 3)), 1e-6
    v = [VARIABLE[w](y) for w in LOSSES[name].wrt]
    grads = LOSSES[name].grad(y, d)
    assert len(grads) == len(v)
    for i, g in enumerate(grads):
        numeric = np.zeros_like(y)
        for index in np.ndindex(y.shape):
            up, down = [u.copy() for u in v], [u.copy() for u in v]
            up[i][index] += h
            down[i][index] -= h
            diff = IN_ITS_VARIABLES[name](up, d) - IN_ITS_VARIABLES[name](down, d)
            numeric[index] = diff[index[0]] / (2 * h)
        np.testing.assert_allclose(g, numeric, rtol=1e-7)


def test_the_losses_that_take_logs_are_written_in_them() -> None:
    assert {name: loss.wrt for name, loss in LOSSES.items()} == {
        "squared_error": ("y",),
        "binary_cross_entropy": ("log_y", "log_1my"),
        "cross_entropy": ("log_y",),
        "poisson": ("log_y",),
    }
    assert LOSSES["squared_error"].logs == ()
    assert LOSSES["binary_cross_entropy"].logs == ("log_y", "log_1my")


def test_poisson_is_stable_from_z_where_e_to_the_z_is_representable() -> None:
    z, d = np.array([[-700.0, 0.0, 700.0]]), np.array([[3.0, 1.0, 2.0]])
    out = OUTPUTS["exp"]
    E = LOSSES["poisson"].error(z, out.f(z), d, out)
    np.testing.assert_allclose(E, np.exp(-700.0) + 2100.0 + 1.0 + np.exp(700.0) - 1400.0)


@pytest.mark.parametrize(
    ("loss", "fits"),
    [
        ("squared_error", {"identity", "sigmoid", "tanh", "softmax", "exp"}),
        ("binary_cross_entropy", {"sigmoid"}),  # softmax fits (0, 1) but gives no log(1 - y) from z
        ("cross_entropy", {"sigmoid", "softmax", "exp"}),
        ("poisson", {"sigmoid", "softmax", "exp"}),
    ],
)
def test_accepts_only_outputs_inside_its_domain(loss: str, fits: set[str]) -> None:
    assert {name for name, out in OUTPUTS.items() if LOSSES[loss].accepts(out)} == fits


def test_nonnegative_target_refuses_negative_values() -> None:
    d = nonnegative_target([[0.0, 2.5]], (1, 2), np.dtype(np.float64))
    np.testing.assert_array_equal(d, [[0.0, 2.5]])
    with pytest.raises(
        ValueError,
        match=r"^d must be non-negative for loss='poisson' \(counts or rates\) and "
        r"loss='cross_entropy' \(weights of the classes\), got min -1\.0$",
    ):
        nonnegative_target(np.array([[-1.0, 2.0]]), (1, 2), np.dtype(np.float64))


def test_get_loss_names_the_valid_ones() -> None:
    assert get_loss("poisson") is LOSSES["poisson"]
    assert LOSSES["binary_cross_entropy"].interval == "(0, 1)"
    with pytest.raises(ValueError, match="valid names: squared_error, binary_cross_entropy"):
        get_loss("hinge")
    with pytest.raises(TypeError, match=r"^loss must be an error function name \(a str\), got int$"):
        get_loss(3)
