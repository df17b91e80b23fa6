"""compare_training: refbp's gradient descent follows torch.optim.SGD on real data; bugs are caught."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import numpy as np
import pytest
from nets import make

import oracle
import refbp
from oracle import datasets
from oracle.training.trajectories import default_trainings

RUNS = [
    ("iris", (4, 8, 3), "tanh"),
    ("breast_cancer", (30, 8, 1), "relu"),
    ("diabetes", (10, 8, 1), "sigmoid"),
]
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example(name: str):
    return runpy.run_path(str(EXAMPLES / f"{name}.py"))["backprop"]


def test_refbp_follows_torch_sgd_on_real_data():
    # default_trainings() is what docs/training.md's table is measured with: its defaults are
    # seed 0, 50 steps, lr 0.1, on the three shipped runs
    runs = default_trainings()
    assert [run.case for run in runs] == [
        "iris 4-8-3 tanh lr=0.1",
        "breast_cancer 30-8-1 relu lr=0.1",
        "diabetes 10-8-1 sigmoid lr=0.1",
    ]
    for run, (name, sizes, hidden) in zip(runs, RUNS, strict=True):
        x, d = datasets.load(name)
        net = refbp.MLP.init(sizes, hidden=hidden, task=datasets.DATA_SETS[name], seed=0)
        assert run.passed, run
        assert (run.lr, run.reduction, run.horizon) == (0.1, "mean", 50)
        assert run.loss_refbp[0] == net.loss(net.forward(x), d, "mean")  # MLP.init(seed=0), untrained
        assert len(run.loss_refbp) == len(run.loss_torch) == 51
        assert len(run.report.rows) == 2 * 51
        assert run.loss_refbp[-1] < 0.8 * run.loss_refbp[0]  # it trains: the curves are worth comparing
        assert str(run).endswith("all agree")


def test_default_trainings_takes_the_seed_steps_and_lr_it_is_given():
    runs = default_trainings(seed=3, steps=2, lr=0.05)
    assert [run.case for run in runs] == [
        "iris 4-8-3 tanh lr=0.05",
        "breast_cancer 30-8-1 relu lr=0.05",
        "diabetes 10-8-1 sigmoid lr=0.05",
    ]
    for run, (name, sizes, hidden) in zip(runs, RUNS, strict=True):
        x, d = datasets.load(name)
        net = refbp.MLP.init(sizes, hidden=hidden, task=datasets.DATA_SETS[name], seed=3)
        assert run.passed, run
        assert run.loss_refbp[0] == net.loss(net.forward(x), d, "mean")  # MLP.init(seed=3), untrained
        assert (run.lr, len(run.loss_torch), len(run.report.rows)) == (0.05, 3, 6)
        assert run.loss_refbp[0] == net.loss(net.forward(x), d, "mean")
        # one step of plain gradient descent, by hand
        g = refbp.backprop(net, x, d, "mean")
        step = net.with_layers(
            [w - 0.05 * gw for w, gw in zip(net.weights, g.W, strict=True)],
            [v - 0.05 * gv for v, gv in zip(net.biases, g.b, strict=True)],
        )
        assert run.loss_refbp[1] == step.loss(step.forward(x), d, "mean")


def test_the_defaults_are_50_steps_at_lr_0_1_and_no_case_name():
    net, x, d = make((2, 2, 1), "tanh", "regression", 4)
    run = oracle.compare_training(net, x, d)
    assert run.passed, run
    assert (run.lr, run.reduction, run.case) == (0.1, "mean", "")
    assert len(run.loss_refbp) == len(run.loss_torch) == 51


@pytest.mark.parametrize("task", sorted(refbp.TASKS))
@pytest.mark.parametrize("hidden", sorted(refbp.ACTIVATIONS))
def test_every_task_and_activation_on_a_small_net(task, hidden):
    net, x, d = make((3, 4, 2), hidden, task, 6)
    run = oracle.compare_training(net, x, d, steps=3, lr=0.5)
    assert run.passed, run


def test_sum_reduction_and_a_deeper_net():
    net, x, d = make((3, 6, 5, 2), "leaky_relu", "multiclass", 20)
    run = oracle.compare_training(net, x, d, steps=10, lr=0.01, reduction="sum")
    assert run.passed, run
    assert (run.lr, run.reduction) == (0.01, "sum")


def test_a_correct_user_implementation_follows_torch():
    x, d = datasets.load("iris")
    net = refbp.MLP.init((4, 5, 5, 3), hidden="sigmoid", task="multiclass", seed=0)
    assert oracle.compare_training(
        net, x, d, steps=10, reduction="sum", lr=0.01, fn=example("correct")
    ).passed


@pytest.mark.parametrize("bug", ["bug_hidden_fprime", "bug_output_fprime", "bug_dW_from_z"])
def test_a_buggy_implementation_leaves_the_trajectory_at_step_one(bug):
    x, d = datasets.load("iris")
    net = refbp.MLP.init((4, 5, 5, 3), hidden="sigmoid", task="multiclass", seed=0)
    run = oracle.compare_training(net, x, d, steps=5, reduction="sum", lr=0.01, fn=example(bug))
    assert run.report.first_failure.quantity == "step 1 parameters"


def test_a_gradient_off_by_one_part_in_ten_million_is_caught():
    net, x, d = make((3, 4, 2), "tanh", "regression", 8)

    def slightly_off(weights, biases, x_in, d_in):
        g = refbp.backprop(refbp.MLP(weights, biases, hidden="tanh", task="regression"), x_in, d_in, "mean")
        return g.delta, [w * (1 + 1e-7) for w in g.W], g.b

    run = oracle.compare_training(net, x, d, steps=3, fn=slightly_off)
    assert run.report.first_failure.quantity == "step 1 parameters"


def test_the_network_is_not_changed():
    net, x, d = make((3, 4, 2), "tanh", "regression", 8)
    W0 = [w.copy() for w in net.weights]
    oracle.compare_training(net, x, d, steps=2)
    for w, w0 in zip(net.weights, W0, strict=True):
        np.testing.assert_array_equal(w, w0)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"steps": 0}, ValueError, "steps must be at least 1, got 0"),
        ({"lr": -0.1}, ValueError, "lr must be a finite number > 0, got -0.1"),
        ({"steps": 2.0}, TypeError, "steps must be an integer, got 2.0"),
        ({"steps": True}, TypeError, "steps must be an integer, got True"),
        ({"lr": 0}, ValueError, "lr must be a finite number > 0, got 0"),
        ({"lr": float("nan")}, ValueError, "lr must be a finite number > 0, got nan"),
        ({"lr": float("inf")}, ValueError, "lr must be a finite number > 0, got inf"),
        ({"lr": 10**400}, ValueError, f"lr must be a finite number > 0, got {10**400}"),  # no float holds it
        ({"lr": "0.1"}, TypeError, r"lr must be a real number \(a Python or NumPy float or int\), got str"),
        ({"lr": True}, TypeError, r"lr must be a real number \(a Python or NumPy float or int\), got bool"),
        ({"reduction": "max"}, ValueError, "reduction must be 'sum' or 'mean', got 'max'"),
    ],
)
def test_bad_schedules_are_refused(kwargs, error, message):
    net, x, d = make((2, 1), "identity", "regression", 2)
    with pytest.raises(error, match=f"^{message}$"):
        oracle.compare_training(net, x, d, **kwargs)


@pytest.mark.parametrize("net", ["net", refbp.MLP.init((2, 1), dtype=np.float32)])
def test_net_must_be_a_float64_mlp(net):
    message = "net must be a float64 refbp.MLP (the trajectories are compared in float64)"
    with pytest.raises(TypeError, match=f"^{re.escape(message)}$"):
        oracle.compare_training(net, np.zeros((1, 2)), np.zeros((1, 1)))
