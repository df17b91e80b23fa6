"""refbp's gradients-only path (``MLP.gradients``) agrees with torch.autograd: W, b and E."""

from __future__ import annotations

import numpy as np
import pytest
from nets import make

import refbp
import refbp.gradients
from oracle import check_backprop


def _gradients_of(net: refbp.MLP, reduction: str, workspace: bool):  # type: ignore[no-untyped-def]
    """``fn`` of check_backprop: the network rebuilt from the given arrays, then its gradients."""
    ws = refbp.Workspace(net, 6) if workspace else None

    def fn(weights, biases, x, d):  # type: ignore[no-untyped-def]
        return net.with_layers(weights, biases, keep_task=False).gradients(x, d, reduction, workspace=ws)

    return fn


@pytest.mark.parametrize("task", sorted(refbp.TASKS))
@pytest.mark.parametrize("hidden", ["sigmoid", "relu", "softplus"])
@pytest.mark.parametrize("reduction", ["sum", "mean"])
@pytest.mark.parametrize("workspace", [False, True], ids=["new arrays", "workspace"])
def test_gradients_agree_with_autograd(task: str, hidden: str, reduction: str, workspace: bool) -> None:
    net, x, d = make((4, 7, 5, 3), hidden, task, n=6)
    report = check_backprop(_gradients_of(net, reduction, workspace), net, x, d, reduction)  # type: ignore[arg-type]
    assert report.passed, str(report)
    compared = {row.quantity for row in report.rows if row.layer is not None}
    assert {"W", "b"} <= compared
    assert any(row.quantity == "loss" and "not given" not in str(row) for row in report.rows)


def test_a_planted_bug_in_the_gradients_path_is_found_at_its_layer(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fprime(delta_next, W_next, fprime_z, out=None):  # type: ignore[no-untyped-def]
        return np.matmul(delta_next, W_next, out=out)  # E9 without its f'(z^(l))

    monkeypatch.setattr(refbp.gradients, "hidden_delta", no_fprime)
    net, x, d = make((4, 7, 5, 3), "tanh", "regression", n=6)
    report = check_backprop(_gradients_of(net, "sum", True), net, x, d)
    assert not report.passed
    first = next(row for row in report.rows if not row.passed)
    assert (first.layer, first.quantity) == (2, "W"), str(report)
