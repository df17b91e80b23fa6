"""What a failing row's evidence says the bug is: ``diagnose``.

Imports from the twin and verdict layers; the backprop layer calls it.
"""

from oracle.diagnosis.diagnose import diagnose
from oracle.diagnosis.given import Given

__all__ = ["Given", "diagnose"]
