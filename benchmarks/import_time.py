"""Seconds to import a module in a fresh interpreter, and which heavy libraries it loaded."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
#: Libraries that take seconds to import (issue 16: none of them before a stage runs).
HEAVY: tuple[str, ...] = (
    "torch",
    "bertopic",
    "umap",
    "hdbscan",
    "spacy",
    "sentence_transformers",
    "sklearn",
    "matplotlib",
)


def import_seconds(module: str, repeats: int = 3) -> tuple[float, list[str]]:
    """Best wall time of ``python -c "import MODULE"`` over ``repeats`` fresh processes, and the heavy libraries loaded."""
    probe = f"import {module}, sys; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    best, loaded = float("inf"), []
    for _ in range(repeats):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
        best = min(best, time.perf_counter() - start)
        loaded = [m for m in done.stdout.strip().split(",") if m]
    return best, loaded
