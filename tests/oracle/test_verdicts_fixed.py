"""Wrong verdicts found by fuzzing the public API, each pinned by the case that found it.

Every test here failed before its fix: a FAIL on correct code (or a PASS on wrong code)
is the worst defect the oracle can have.
"""

from __future__ import annotations

import numpy as np
import pytest

import oracle
import refbp
from oracle.twin.autograd import reference


def _batch(sizes: tuple[int, ...], n: int, seed: int = 0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, sizes[0])).astype(dtype), rng


def test_compare_training_keeps_an_output_and_loss_named_apart():
    net = refbp.MLP.init((3, 4, 2), hidden="tanh", output="sigmoid", loss="squared_error")
    x, rng = _batch(net.sizes, 6)
    run = oracle.compare_training(net, x, rng.normal(size=(6, 2)), steps=3)
    assert run.passed, run


def test_with_layers_is_the_one_way_to_rebuild_a_network():
    apart = refbp.MLP.init((3, 4, 2), output="sigmoid", loss="squared_error")
    task = refbp.MLP.init((3, 4, 2), task="multiclass")
    for net in (apart, task):
        copy = net.with_layers(net.weights, net.biases)
        assert (copy.task, copy.pair, copy.hidden) == (net.task, net.pair, net.hidden)
    loose = task.with_layers(task.weights, task.biases, keep_task=False)
    assert loose.task is None
    assert (loose.pair.output, loose.pair.loss) == (task.pair.output, task.pair.loss)


@pytest.mark.parametrize("gap", [1e-7, 1e-12, 0.0, -1e-7])
def test_the_twin_decides_canonical_by_refbps_rows_sum_rule(gap):
    net = refbp.MLP.init((3, 4, 3), hidden="tanh", output="softmax", loss="cross_entropy")
    x, rng = _batch(net.sizes, 5)
    d = rng.uniform(size=(5, 3))
    d = d / d.sum(axis=1, keepdims=True)
    d[:, 0] += gap
    target = net.prepare_target(d, 5)
    assert reference(net, x, d).canonical == net.pair.canonical_for(target)
    assert oracle.check(net, x, d).passed


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_float32_check_of_a_chain_rule_output_delta_holds_correct_code(reduction):
    # exp + squared_error: the radius of y - d missed the f'(z^(L)) factor (bound exceeded 2.2-fold)
    net = refbp.MLP.init(
        (4, 6, 5, 3), hidden="tanh", output="exp", loss="squared_error", seed=4, dtype=np.float32
    )
    x, rng = _batch(net.sizes, 8, seed=4)
    x = (x * 7).astype(np.float32)
    d = rng.normal(size=(8, 3)).astype(np.float32)
    assert oracle.check(net, x, d, reduction).passed


def test_float32_chain_rule_radius_still_fails_a_dropped_fprime():
    net = refbp.MLP.init((4, 6, 3), hidden="tanh", output="exp", loss="squared_error", dtype=np.float32)
    x, rng = _batch(net.sizes, 8, dtype=np.float32)
    d = rng.normal(size=(8, 3)).astype(np.float32)

    def dropped(weights, biases, x, d):  # y - d for a pair whose delta keeps f'(z^(L))
        g = refbp.backprop(net, x, d)
        fwd = net.forward(x)
        delta_L = fwd.y - d
        return [*g.delta[:-1], delta_L], [*g.W[:-1], delta_L.T @ fwd.a[-2]], [*g.b[:-1], delta_L.sum(0)]

    report = oracle.check_backprop(dropped, net, x, d)
    assert report.first_failure is not None
    assert report.first_failure.where == "layer 2 delta"


def test_float32_finite_differences_hold_correct_code_and_float32_rows():
    net = refbp.MLP.init((3, 5, 3), hidden="tanh", task="multiclass", dtype=np.float32)
    x, rng = _batch(net.sizes, 6, dtype=np.float32)
    d = rng.uniform(size=(6, 3))
    d = (d / d.sum(axis=1, keepdims=True)).astype(np.float32)
    d[:, 0] += np.float32(1e-7)  # a float32 row: 1 within float32's rounding, not float64's
    report = oracle.check_finite_differences(net, x, d)
    assert report.passed, report
    assert report.rows[0].witness == "finite differences (float64 copy of the float32 net)"
    assert np.isfinite(oracle.finite_difference(net, x, d).loss)


def test_softmax_with_binary_cross_entropy_is_refused():
    with pytest.raises(
        ValueError, match=r"^loss='binary_cross_entropy' takes log\(1 - y\), which output='softmax'"
    ):
        refbp.MLP.init((3, 1), output="softmax", loss="binary_cross_entropy")


@pytest.mark.parametrize(
    ("returned", "note"),
    [
        (lambda W: W + 0j, "has dtype complex128, not real numbers"),
        (lambda W: np.full(W.shape, 10**400, dtype=object), "holds a number too large for float64"),
        (
            lambda W: np.full(W.shape, np.longdouble("1e4000")),
            "beyond float64's range (overflows to inf), the first at index (0, 0)",
        ),
        (lambda W: np.full(W.shape, np.nan), "NaN or +-Inf, the first at index (0, 0)"),
        (lambda W: np.full(W.shape, None), "holds a NoneType at index (0, 0), not a number"),
        (lambda W: W > 0, "has dtype bool, not real numbers"),
    ],
)
def test_a_returned_array_that_is_not_real_and_finite_fails_its_row(returned, note):
    net = refbp.MLP.init((3, 4, 2), hidden="tanh", task="regression")
    x, rng = _batch(net.sizes, 5)
    d = rng.normal(size=(5, 2))

    def fn(weights, biases, x, d):
        g = refbp.backprop(net, x, d)
        return g.delta, [g.W[0], returned(g.W[1])], g.b

    report = oracle.check_backprop(fn, net, x, d)
    assert not report.passed
    assert report.first_failure.where == "layer 2 W"
    assert note in report.first_failure.note


def test_a_difference_that_overflows_fails_instead_of_warning():
    net = refbp.MLP.init((3, 2), task="regression")
    x, rng = _batch(net.sizes, 4)
    d = rng.normal(size=(4, 2))
    sign = np.sign(refbp.backprop(net, x, d).W[0])
    fn = lambda weights, biases, x, d: (  # noqa: E731
        refbp.backprop(net, x, d).delta,
        [-1e308 * sign],
        refbp.backprop(net, x, d).b,
    )
    assert oracle.check_backprop(fn, net, x, d).first_failure.where == "layer 1 W"


def _pixels(hidden: str, seed: int):
    """A network on raw-pixel-scale inputs (0-255): hidden units saturate, as they do in practice."""
    net = refbp.MLP.init((4, 16, 8, 3), hidden=hidden, task="multiclass", seed=seed)
    rng = np.random.default_rng(seed)
    return net, rng.uniform(0, 255, size=(16, 4)), rng.integers(0, 3, 16)


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "softplus"])
def test_float64_check_holds_correct_code_on_raw_pixel_inputs(hidden):
    # 36 of 120 softplus checks failed correct code: the twin's F.softplus is z itself past 20
    results = [oracle.check(*_pixels(hidden, seed)) for seed in range(6)]
    assert all(r.passed for r in results), [str(r.first_failure) for r in results if not r.passed]


def test_float64_check_holds_correct_code_through_saturated_tanh_units():
    # 1 - tanh(z)^2 from a rounded tanh(z) is ill-conditioned where it rounds near 1, and
    # refbp's and torch's tanh may differ by an ulp: the derived radius (u = 2^-53) allows it
    verdicts = []
    for seed in range(10):
        base = refbp.MLP.init((3, 8, 8, 2), hidden="tanh", seed=seed)
        net = base.with_layers([100 * w for w in base.weights], list(base.biases))
        rng = np.random.default_rng(seed)
        x, d = rng.normal(size=(8, 3)), rng.normal(size=(8, 2))
        verdicts.append((oracle.check(net, x, d).passed, oracle.check(net, x, d, tol={"bound": 0.0}).passed))
    assert all(with_radius for with_radius, _ in verdicts)
    assert not all(without for _, without in verdicts)  # rtol and atol alone fail correct code here


def test_float64_radius_still_fails_a_dropped_fprime_through_saturated_units():
    net, x, d = _pixels("sigmoid", 0)

    def dropped(weights, biases, x, d):  # the hidden delta without f'(z^(l)) (E9)
        g = refbp.backprop(net, x, d)
        delta1 = g.delta[1] @ net.weights[1]
        return [delta1, *g.delta[1:]], [delta1.T @ x, *g.W[1:]], [delta1.sum(0), *g.b[1:]]

    row = oracle.check_backprop(dropped, net, x, d).first_failure
    assert row is not None
    assert row.where == "layer 1 delta"


def test_the_twins_softplus_is_exact_past_torchs_threshold():
    net = refbp.MLP(
        [np.array([[1.0]]), np.array([[1.0]])], [np.array([0.0]), np.array([0.0])], hidden="softplus"
    )
    ref = reference(net, np.array([[25.0]]), np.array([[0.0]]))
    assert ref.a[1][0, 0] == 25.0 + np.log1p(np.exp(-25.0))  # F.softplus would give 25.0
    assert oracle.check(net, np.array([[25.0]]), np.array([[0.0]])).passed


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_float32_chain_radius_holds_where_the_first_order_term_vanishes(reduction):
    # sigmoid + poisson: D = (y - d)(1 - y) is -(1 - y)^2 at d = 1, flat to first order at y = 1;
    # the float64 twin rounds y to 1 there and is off by 1e-24 while refbp is exact: 184 of 400
    # such checks failed before the radius took D's spread over y +- R_y
    failed = []
    for seed in range(40):
        rng = np.random.default_rng(seed)
        base = refbp.MLP.init((1, 4, 3), hidden="softplus", output="sigmoid", loss="poisson", seed=seed)
        scaled = base.with_layers(
            [base.weights[0], 64 * base.weights[1]], [base.biases[0], 64 * base.biases[1]]
        )
        net = scaled.with_layers(
            [w.astype(np.float32) for w in scaled.weights], [b.astype(np.float32) for b in scaled.biases]
        )
        x = rng.normal(size=(3, 1)).astype(np.float32)
        d = rng.poisson(1.0, size=(3, 3)).astype(np.float32)
        if not oracle.check(net, x, d, reduction).passed:
            failed.append(seed)
    assert failed == []
