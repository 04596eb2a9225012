"""The benchmark helpers live in ``benchmarks/`` at the repository root, outside the installed package."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# `python -m pytest` from the repository puts it on sys.path, the `pytest` script does not.
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
