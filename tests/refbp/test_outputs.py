"""refbp.outputs: each output's y, its chain rule against the explicit Jacobian, its range and logs."""

from __future__ import annotations

import numpy as np
import pytest

from refbp.outputs import OUTPUTS, _elementwise, get_output, interval, log_softmax, softmax

NAMES = sorted(OUTPUTS)


def jacobian(name: str, z: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """dy_k/dz_j of one row z by central differences: (n, n), row k, column j."""
    f = OUTPUTS[name].f
    cols = []
    for j in range(z.size):
        e = np.zeros_like(z)
        e[j] = h
        cols.append((f((z + e)[None])[0] - f((z - e)[None])[0]) / (2 * h))
    return np.stack(cols, axis=1)


@pytest.mark.parametrize("name", NAMES)
def test_chain_is_the_jacobian_transpose_times_dE_dy(name: str, rng: np.random.Generator) -> None:
    z = rng.normal(size=(4, 3))
    y = OUTPUTS[name].f(z)
    g = rng.normal(size=(4, 3))
    got = OUTPUTS[name].chain(z, y, g)
    want = np.stack([jacobian(name, z[n]).T @ g[n] for n in range(4)])
    np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-9)  # finite-difference Jacobian


def test_softmax_chain_is_diag_y_minus_y_yT(rng: np.random.Generator) -> None:
    z, g = rng.normal(size=(1, 4)), rng.normal(size=(1, 4))
    y = softmax(z)
    J = np.diag(y[0]) - np.outer(y[0], y[0])
    np.testing.assert_allclose(OUTPUTS["softmax"].chain(z, y, g)[0], J.T @ g[0], rtol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_y_stays_in_its_interval_and_nothing_is_written(name: str, rng: np.random.Generator) -> None:
    out = OUTPUTS[name]
    z = rng.normal(scale=3, size=(6, 3))
    before = z.copy()
    y = out.f(z)
    out.chain(z, y, y)
    assert ((y > out.low) & (y < out.high)).all()
    np.testing.assert_array_equal(z, before)


@pytest.mark.parametrize("name", ["sigmoid", "softmax", "exp"])
def test_logs_match_the_definition_at_moderate_z(name: str, rng: np.random.Generator) -> None:
    out = OUTPUTS[name]
    z = rng.normal(size=(5, 3))
    y = out.f(z)
    np.testing.assert_allclose(out.log_y(z), np.log(y), rtol=1e-12)
    if out.computes("log_1my"):
        np.testing.assert_allclose(out.log_1my(z), np.log1p(-y), rtol=1e-12)


def test_logs_stay_finite_where_y_rounds_to_0_or_1() -> None:
    z = np.array([[-800.0, 0.0, 800.0]])
    sig = OUTPUTS["sigmoid"]
    assert np.isfinite(sig.log_y(z)).all()
    assert np.isfinite(sig.log_1my(z)).all()
    assert sig.log_y(z)[0, 0] == -800.0
    assert sig.log_1my(z)[0, 2] == -800.0
    np.testing.assert_allclose(log_softmax(z), [[-1600.0, -800.0, 0.0]])


@pytest.mark.parametrize("name", ["identity", "tanh"])
def test_outputs_that_can_leave_the_logs_domain_refuse_a_log(name: str) -> None:
    message = r"^this output does not compute this log from z; no error function may take it$"
    z = np.zeros((1, 1))
    with pytest.raises(ValueError, match=message):
        OUTPUTS[name].log_y(z)
    with pytest.raises(ValueError, match=message):
        OUTPUTS[name].log_1my(z)
    with pytest.raises(ValueError, match=message):
        OUTPUTS[name].through("log_y")(z, z, z)
    with pytest.raises(ValueError, match=message):
        OUTPUTS[name].through("log_1my")(z, z, z)


def log_jacobian(log: object, z: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """d log_k / dz_j of one row z by central differences: (n, n), row k, column j."""
    cols = []
    for j in range(z.size):
        e = np.zeros_like(z)
        e[j] = h
        cols.append((log((z + e)[None])[0] - log((z - e)[None])[0]) / (2 * h))  # type: ignore[operator]
    return np.stack(cols, axis=1)


@pytest.mark.parametrize(
    ("name", "log"), [("sigmoid", "log_y"), ("sigmoid", "log_1my"), ("softmax", "log_y"), ("exp", "log_y")]
)
def test_the_chain_rule_through_a_log_is_its_jacobian_transpose(
    name: str, log: str, rng: np.random.Generator
) -> None:
    out = OUTPUTS[name]
    z, s = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    got = out.through(log)(z, out.f(z), s)
    want = np.stack([log_jacobian(getattr(out, log), z[n]).T @ s[n] for n in range(4)])
    np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-9)  # finite-difference Jacobian


def test_the_chain_rule_through_y_is_chain(rng: np.random.Generator) -> None:
    assert OUTPUTS["softmax"].through("y") is OUTPUTS["softmax"].chain


def test_interval_formats_infinities() -> None:
    assert interval(0.0, np.inf) == "(0, inf)"
    assert OUTPUTS["identity"].interval == "(-inf, inf)"


def test_get_output_names_the_valid_ones() -> None:
    assert get_output("exp") is OUTPUTS["exp"]
    with pytest.raises(
        ValueError,
        match=r"^output='relu' is not a known output activation; "
        r"valid names: identity, sigmoid, tanh, softmax, exp$",
    ):
        get_output("relu")
    with pytest.raises(TypeError, match=r"^output must be an output activation name \(a str\), got int$"):
        get_output(3)


def test_the_elementwise_chain_rule_is_dE_dy_times_fprime_of_z_and_y(rng: np.random.Generator) -> None:
    # _elementwise builds each chain rule once, at import; built here, inside a test, so that
    # a change to it shows (mutation testing swaps functions only when they are called).
    z, y, g = rng.normal(size=(3, 4, 2))
    chain = _elementwise(lambda z, y: z + 2 * y)
    np.testing.assert_array_equal(chain(z, y, g), g * (z + 2 * y))


def test_computes_names_the_logs_each_output_gives_from_z() -> None:
    assert {n for n, o in OUTPUTS.items() if o.computes("log_y")} == {"sigmoid", "softmax", "exp"}
    assert {n for n, o in OUTPUTS.items() if o.computes("log_1my")} == {"sigmoid"}


def test_softmax_rows_sum_to_one_and_log_softmax_is_its_log(rng: np.random.Generator) -> None:
    z = rng.normal(scale=5, size=(4, 6))
    np.testing.assert_allclose(softmax(z).sum(axis=1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(np.exp(log_softmax(z)), softmax(z), rtol=1e-14)
