"""`python -m grading_tools`: the course's nbgrader pipeline (see grading_tools.cli)."""

import sys

from .cli import main

sys.exit(main())
