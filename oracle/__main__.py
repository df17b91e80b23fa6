"""``python -m oracle``: the verification report."""

import sys

from oracle.cli import main

sys.exit(main())
