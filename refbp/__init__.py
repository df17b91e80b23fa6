"""refbp: back-propagation by the delta rule, by hand, in NumPy.

Every function cites its equation (E1-E13) in ``docs/equations.md``. The
layer convention: list position k of weights, biases, z, delta and the gradients is
layer l = k + 1 of the sheet; ``Forward.a[0]`` is the input x and ``a[l]`` is a^(l).
The equation functions exported here check their arguments (``refbp.checked_equations``);
``refbp.equations`` holds the same equations unchecked, as the network calls them.
``refbp.types`` and ``refbp.checks`` hold the types and the argument checks that callers
share with refbp.
"""

from refbp.activations import ACTIVATIONS, Activation
from refbp.checked_equations import (
    bias_grad,
    chain_delta,
    hidden_delta,
    output_delta,
    pre_activation,
    weight_grad,
)
from refbp.gradients import Workspace
from refbp.losses import LOSSES, Loss
from refbp.mlp import MLP, Forward, Gradients, backprop
from refbp.output_layer import CANONICAL, TASKS, Pair, Task
from refbp.outputs import OUTPUTS, Output

__all__ = [
    "ACTIVATIONS",
    "CANONICAL",
    "LOSSES",
    "MLP",
    "OUTPUTS",
    "TASKS",
    "Activation",
    "Forward",
    "Gradients",
    "Loss",
    "Output",
    "Pair",
    "Task",
    "Workspace",
    "backprop",
    "bias_grad",
    "chain_delta",
    "hidden_delta",
    "output_delta",
    "pre_activation",
    "weight_grad",
]
__version__ = "0.1.0"
