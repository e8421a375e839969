"""``python -m okrlab.datasets --regenerate [--out DIR]``."""

import sys

from . import main

sys.exit(main())
