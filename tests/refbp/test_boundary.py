"""The dependency boundary: ``import refbp`` needs NumPy only."""

from __future__ import annotations

import subprocess
import sys

BLOCK_TORCH = """
import sys
sys.modules["torch"] = None  # any 'import torch' now raises ImportError
import refbp
net = refbp.MLP.init((3, 4, 2), hidden="tanh", task="multiclass")
g = refbp.backprop(net, [[0.0, 1.0, 2.0]], [1])
assert "oracle" not in sys.modules
print(g.W[0].shape)
"""


def test_refbp_imports_and_runs_without_torch() -> None:
    done = subprocess.run([sys.executable, "-c", BLOCK_TORCH], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(4, 3)"


def test_refbp_source_never_imports_torch_or_oracle() -> None:
    import pathlib

    import refbp

    root = pathlib.Path(refbp.__file__).parent
    for path in root.glob("*.py"):
        for line in path.read_text().splitlines():
            stripped = line.strip()
            assert not stripped.startswith(("import torch", "from torch", "import oracle", "from oracle")), (
                path
            )
