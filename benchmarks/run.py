"""Run every benchmark of the suite and print their tables (see README, Benchmarks)."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in ("bench_ingest.py", "bench_embed.py"):
    print(f"\n## {script}\n", flush=True)
    sys.argv = [script]
    runpy.run_path(str(HERE / script), run_name="__main__")
