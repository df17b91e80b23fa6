"""``python -m oracle``: the verification report."""

import sys

from oracle.suite.cli import main

sys.exit(main())
