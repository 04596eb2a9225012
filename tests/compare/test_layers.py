"""compare/ depends on the stages it compares with, never on the analysis pipeline."""

from __future__ import annotations

import subprocess
import sys


def test_compare_report_imports_neither_the_pipeline_nor_the_metrics_of_minutes():
    code = (
        "import sys, chartertext.compare, chartertext.compare.report\n"
        "print(sorted(m for m in ('chartertext.pipeline', 'chartertext.summary', 'chartertext.metrics.provenance')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
