"""benchmarks/ is not an installed package: make it importable from the repository root.

The root is appended, not prepended, so that an installed refbp (tox) still comes first.
"""

import sys
from pathlib import Path

import pytest

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.append(ROOT)

pytest.importorskip("torch")
