"""The report folder: summary.json, CSV tables, run.json (and, from the report stage, index.html).

:func:`write_report` is what ``chartertext report`` calls; it writes the whole folder in a
staging folder and renames it into place, so a report is never left half-written.
"""

from __future__ import annotations

from pathlib import Path

from ..pipeline import Analysis
from ..summary import build_summary, write_summary
from .folder import staged_folder
from .runinfo import run_info, write_run_info
from .tables import write_tables

__all__ = ["write_report"]


def write_report(analysis: Analysis, out: str | Path, *, force: bool = False, argv: list[str] | None = None) -> Path:
    """Write the report folder of ``analysis`` at ``out``; return its path."""
    out = Path(out)
    with staged_folder(out, force=force) as folder:
        summary = build_summary(analysis)
        write_summary(summary, folder / "summary.json")
        write_tables(analysis, folder)
        write_run_info(run_info(analysis, argv=argv), folder / "run.json")
    return out
