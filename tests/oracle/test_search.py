"""search_backprop: a correct backprop passes on every output layer, dtype and reduction; every
planted bug is found and shrunk to a small network; the replay reproduces the failure."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import snippet_names
from convention_fns import written
from fuzz.heads import HEADS
from fuzz.heads import pair_of as pair
from planted import planted

import oracle
import refbp
from oracle.search import search as search_module
from oracle.search.replay import loader
from oracle.search.search import search_backprop


def probe(hidden: str, head: str, dtype=np.float64) -> refbp.MLP:
    """A network of the head, whose with_layers the planted backprops build on (any widths)."""
    return refbp.MLP.init((1, 2), hidden=hidden, dtype=dtype, **pair(head))


@pytest.mark.parametrize("reduction", ["sum", "mean"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("head", HEADS)
def test_a_correct_backprop_passes_and_a_dropped_fprime_fails_on_every_pair(head, dtype, reduction):
    options = {"hidden": "tanh", "reduction": reduction, "dtype": dtype, "max_examples": 30, **pair(head)}
    right = search_backprop(planted(probe("tanh", head, dtype), "", reduction), **options)
    assert right.passed
    assert right.examples == 30
    assert right.minimal is None
    assert right.replay is None
    assert right.summary() == "passed on 30 networks"
    wrong = search_backprop(planted(probe("tanh", head, dtype), "no f'", reduction), **options)
    assert not wrong.passed
    assert wrong.minimal is not None
    assert wrong.minimal.report.first_failure.where == "layer 1 delta"
    assert [len(wrong.minimal.net.weights), len(wrong.minimal.x)] == [2, 1]


def test_a_hidden_delta_without_fprime_shrinks_to_two_layers_of_width_at_most_two_and_one_example():
    result = search_backprop(planted(probe("tanh", "task=regression"), "no f'"), hidden="tanh")
    m = result.minimal
    assert len(m.net.weights) == 2
    assert max(m.net.sizes) <= 2
    assert len(m.x) == 1
    assert m.describe() == f"2 layers {'-'.join(map(str, m.net.sizes))} tanh, N=1"
    assert "without the f'(z^(1)) of E9" in m.report.first_failure.diagnosis
    assert result.summary().startswith("FAIL: layer 1 delta: delta^(1) equals delta^(2) W^(2) without")


def reshaped(weights, biases, x, d):
    """dE/dW computed as a_prev.T @ delta, then reshaped (not transposed) to W's shape."""
    g = refbp.backprop(refbp.MLP(weights, biases, hidden="tanh", task="regression"), x, d)
    return g.delta, [W.T.reshape(W.shape) for W in g.W], g.b


def test_a_reshaped_dW_shrinks_to_one_square_layer():
    # reshape equals transpose for a single row or column: only a square layer of 2 shows it
    m = search_backprop(reshaped, hidden="tanh").minimal
    assert m.net.sizes == (2, 2)
    assert len(m.x) == 1
    assert m.report.first_failure.where == "layer 1 W"
    assert "equals autograd's transposed" in m.report.first_failure.diagnosis


def test_a_mean_for_sum_slip_shrinks_to_two_examples():
    # the mean of one example is its sum: only N = 2 tells them apart
    result = search_backprop(planted(probe("tanh", "task=binary"), "", "mean"), hidden="tanh", task="binary")
    m = result.minimal
    assert len(m.x) == 2
    assert m.net.sizes == (1, 1)
    assert (
        "it looks like the mean of E while the oracle was asked for the sum"
        in m.report.first_failure.diagnosis
    )


def test_a_relu_derivative_of_one_at_zero_is_found_at_a_unit_exactly_at_zero():
    result = search_backprop(planted(probe("relu", "task=regression"), "f'(0) = 1"), hidden="relu")
    m = result.minimal
    assert not result.passed
    assert len(m.net.weights) == 2
    assert len(m.x) == 1
    assert (m.net.forward(m.x).z[0] == 0).any()  # simple values put z^(1) on the kink


@pytest.mark.parametrize("bug", ["f'(a)", "dW from z", "dW from own a", "extra f'"])
def test_every_planted_bug_is_found_on_a_small_network(bug):
    head = "task=binary" if bug == "extra f'" else "task=multiclass"
    result = search_backprop(planted(probe("sigmoid", head), bug), hidden="sigmoid", **pair(head))
    assert not result.passed
    assert len(result.minimal.net.weights) <= 2
    assert max(result.minimal.net.sizes) <= 2


def test_the_replay_rebuilds_the_case_and_reproduces_the_failure(capsys):
    result = search_backprop(reshaped, hidden="tanh", layout="out_in", per_example=False, max_examples=50)
    load = result.replay.splitlines()[5]
    assert load == f"from {reshaped.__module__} import reshaped"
    assert load.endswith("test_search import reshaped")
    space: dict[str, object] = {}
    exec(result.replay, space)
    again = space["report"]
    assert again.rows == result.minimal.report.rows
    assert str(again) in capsys.readouterr().out


def test_the_replay_keeps_the_conventions_and_dtype():
    fn = written(probe("tanh", "task=multiclass", np.float32), layout="in_out", per_example=True, labels=True)
    fn_bad = lambda *args: (lambda q: (q[0], [w * 1.5 for w in q[1]], q[2]))(fn(*args))  # noqa: E731
    result = search_backprop(
        fn_bad, hidden="tanh", task="multiclass", dtype=np.float32, layout="in_out", per_example=True,
        labels=True, tol={"rtol": 1e-5}, reduction="mean",
    )  # fmt: skip
    replay = result.replay
    assert "# fn = ...  # the function you searched" in replay
    assert (
        "'mean', layout='in_out', per_example=True, labels=True, "
        "tol={'rtol': 1e-05, 'atol': 1e-40, 'bound': 2.0})" in replay
    )
    assert "dtype=np.float32" in replay
    assert "d = np.array([" in replay
    space: dict[str, object] = {"fn": fn_bad}
    exec(replay.replace("# fn = ...", "pass  #"), space)
    assert space["report"].rows == result.minimal.report.rows
    loaded = result.replay_loading("subs/alice.py", "backprop")
    assert loaded.startswith("import runpy\n")
    assert "backprop = runpy.run_path('subs/alice.py')['backprop']" in loaded
    assert "check_backprop(backprop, net, x, d, 'mean'" in loaded


def test_an_exception_inside_fn_is_a_failure_shrunk_like_any_other():
    def squeezes(weights, biases, x, d):  # np.squeeze loses the batch axis of a single example
        g = refbp.backprop(refbp.MLP(weights, biases, hidden="tanh"), x, d)
        return (
            g.delta,
            g.W,
            [np.squeeze(d).reshape(-1, 1)[:, 0].sum() * 0 + b for b in g.b] if len(x) > 1 else 1 / 0,
        )

    result = search_backprop(squeezes, hidden="tanh")
    m = result.minimal
    assert m.report is None
    assert m.error.startswith("fn raised ZeroDivisionError: division by zero")
    assert len(m.x) == 1
    assert len(m.net.weights) == 1
    assert m.net.sizes == (1, 1)
    assert result.summary().startswith("FAIL: fn raised ZeroDivisionError")
    assert m.error in str(result)
    assert result.to_dict()["minimal"]["error"] == m.error


def test_a_fn_that_fails_once_then_passes_is_called_not_deterministic():
    calls = itertools.count()
    right = planted(probe("tanh", "task=regression"), "")

    def sometimes(*args):
        delta, W, b = right(*args)
        return delta, W if next(calls) != 3 else [w + 1 for w in W], b

    result = search_backprop(sometimes, hidden="tanh")
    assert not result.passed
    assert result.minimal.report.passed
    assert "its result is not deterministic" in result.summary()
    assert "its result is not deterministic" in str(result)


def test_the_same_seed_draws_the_same_networks():
    bug = planted(probe("tanh", "task=regression"), "dW from z")
    one, two = (search_backprop(bug, hidden="tanh", seed=7) for _ in range(2))
    assert one.examples == two.examples
    assert one.replay == two.replay


def test_the_result_as_json_ready_values():
    result = search_backprop(reshaped, hidden="tanh")
    doc = result.to_dict()
    assert doc["passed"] is False
    assert doc["examples"] == result.examples
    assert doc["first_failure"] == "layer 1 W"
    assert "transposed" in doc["diagnosis"]
    assert doc["minimal"]["sizes"] == [2, 2]
    assert doc["minimal"]["reduction"] == "sum"
    assert doc["minimal"]["weights"] == [result.minimal.net.weights[0].tolist()]
    assert doc["minimal"]["report"]["first_failure"] == "layer 1 W"
    assert doc["replay"] == result.replay
    right = planted(probe("tanh", "task=regression"), "")
    assert search_backprop(right, hidden="tanh", max_examples=5).to_dict() == {
        "passed": True, "examples": 5, "summary": "passed on 5 networks", "first_failure": None,
        "diagnosis": None, "minimal": None, "replay": None,
    }  # fmt: skip
    assert str(
        search_backprop(planted(probe("tanh", "task=regression"), ""), hidden="tanh", max_examples=5)
    ) == ("search_backprop: passed on 5 networks")


def test_the_oracles_own_error_is_raised_never_taken_for_fns(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the twin broke")

    monkeypatch.setattr(search_module, "check_backprop", broken)
    with pytest.raises(RuntimeError, match="the twin broke"):
        search_backprop(reshaped, hidden="tanh")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"fn": 3}, TypeError, "fn must be a callable"),
        ({"hidden": "sigmoidal"}, ValueError, "hidden"),
        ({"task": "binary", "labels": True}, ValueError, "labels=True"),
        ({"layout": "in-out"}, ValueError, "layout must be 'out_in'"),
        ({"reduction": "avg"}, ValueError, "reduction must be 'sum' or 'mean'"),
        ({"tol": 1e-3}, TypeError, "tol must be a Tolerance"),
        ({"size": (2, 1)}, ValueError, r"size must be \(lo, hi\)"),
        ({"max_examples": 0}, ValueError, "max_examples must be >= 1, got 0"),
        ({"max_examples": 2.0}, TypeError, "max_examples must be an int, got float"),
        ({"seed": -1}, ValueError, "seed must be >= 0, got -1"),
    ],
)
def test_bad_arguments_are_refused_before_any_search(kwargs, error, match):
    options = {"fn": reshaped, "hidden": "tanh", **kwargs}
    with pytest.raises(error, match=match):
        search_backprop(options.pop("fn"), **options)


def test_the_public_names():
    assert oracle.search_backprop is search_backprop
    assert oracle.SearchResult.__name__ == "SearchResult"
    assert oracle.Minimal.__name__ == "Minimal"


def replayed(result, fn) -> object:
    """The report that ``result.replay`` prints, run with ``fn`` bound where it asks for it."""
    space: dict[str, object] = {"fn": fn}
    exec(result.replay.replace("# fn = ...", "pass  #"), space)
    return space["report"]


def test_the_replay_names_an_output_and_loss_chosen_apart():
    head = "sigmoid+squared_error"
    fn = planted(probe("tanh", head), "no f'")
    result = search_backprop(fn, hidden="tanh", **pair(head))
    assert "hidden='tanh', output='sigmoid', loss='squared_error')" in result.replay
    assert replayed(result, fn).rows == result.minimal.report.rows


@pytest.mark.parametrize(
    "tol",
    [
        oracle.Tolerance(rtol=1e-7, atol=1e-10, bound=2.0),
        {np.float64: {"rtol": 1e-7}},
        {np.dtype("float64"): {"rtol": 1e-7}, "float32": {"rtol": 1e-3}},
        {"rtol": 1e-7},
    ],
)
def test_the_replay_writes_any_tol_as_the_fields_it_resolved_to(tol):
    fn = planted(probe("tanh", "task=regression"), "no f'")
    result = search_backprop(fn, hidden="tanh", tol=tol, max_examples=50)
    assert "tol={'rtol': 1e-07, 'atol': 1e-" in result.replay
    again = replayed(result, fn)
    assert again.rows == result.minimal.report.rows
    assert again.tolerance.rtol == 1e-7
    assert result.to_dict()["minimal"]["tol"]["rtol"] == 1e-7


def test_a_function_named_as_a_name_of_the_snippet_is_called_fn_there():
    assert loader(snippet_names.net) == ("fn", f"from {snippet_names.__name__} import net as fn")
    result = search_backprop(snippet_names.net, hidden="tanh", max_examples=50)
    space: dict[str, object] = {}
    exec(result.replay, space)
    assert space["report"].rows == result.minimal.report.rows
    assert "fn = runpy.run_path('a.py')['x']" in result.replay_loading("a.py", "x")


def test_different_seeds_draw_different_networks():
    seen: dict[int, list[tuple[int, ...]]] = {0: [], 1: []}
    for seed, shapes in seen.items():
        right = planted(probe("tanh", "task=regression"), "")

        def recording(weights, biases, x, d, right=right, shapes=shapes):
            shapes.append((*(w.shape for w in weights), x.shape))
            return right(weights, biases, x, d)

        search_backprop(recording, hidden="tanh", seed=seed, max_examples=20)
    assert seen[0] != seen[1]


def test_inside_a_given_test_it_says_what_to_do_instead():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=1, database=None)
    @given(st.integers())
    def nested(i):
        search_backprop(reshaped, hidden="tanh")

    with pytest.raises(RuntimeError, match="cannot run inside a @given test; there, draw the network with"):
        nested()


def test_labels_may_be_a_numpy_bool_as_check_backprop_takes_it():
    fn = planted(probe("tanh", "task=multiclass"), "")
    labelled = lambda w, b, x, d: fn(w, b, x, np.eye(w[-1].shape[0])[d])  # noqa: E731
    result = search_backprop(labelled, hidden="tanh", task="multiclass", labels=np.True_, max_examples=20)
    assert result.passed


def test_the_replay_imports_fn_only_where_the_import_gives_it_back():
    space: dict[str, object] = {"__name__": "oracle"}  # a module name whose module has no such function
    exec("def shadow(w, b, x, d):\n    return None", space)
    assert loader(space["shadow"]) == (
        "shadow",
        "# shadow = ...  # the function you searched: define or import it here",
    )
    assert loader(reshaped) == ("reshaped", f"from {reshaped.__module__} import reshaped")
    assert loader(lambda *args: None)[0] == "fn"
