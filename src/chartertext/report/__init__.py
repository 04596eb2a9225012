"""The report folder: index.html, summary.json, CSV tables, SVG figures and run.json.

:func:`write_report` is what ``chartertext report`` calls; it writes the whole folder in a
staging folder and renames it into place, so a report is never left half-written.

Layout::

    index.html      the page a researcher reads (French, self-contained, offline)
    summary.json    the citable results (byte-identical for the same inputs and configuration)
    tables/*.csv    every result table
    figures/*.svg   the page's charts, for papers
    network/        the actor network: tables, aliases.csv, network.json, a figure per period
    run.json        versions, configuration, input hashes, seeds, timings
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .folder import staged_folder

if TYPE_CHECKING:
    from ..pipeline import Analysis

__all__ = ["write_report"]


def write_report(analysis: Analysis, out: str | Path, *, force: bool = False, argv: list[str] | None = None) -> Path:
    """Write the report folder of ``analysis`` at ``out``; return its path."""
    # Imported here: the pipeline behind these modules loads torch and BERTopic (tens of seconds
    # on a busy machine), and drawing a chart or rendering a page from tables needs neither.
    from ..summary import build_summary, write_summary
    from .figures import report_figures, write_figures
    from .html import report_context, write_html
    from .runinfo import run_info, write_run_info
    from .tables import write_tables

    out = Path(out)
    with staged_folder(out, force=force) as folder:
        summary = build_summary(analysis)
        write_summary(summary, folder / "summary.json")
        write_tables(analysis, folder)
        figures = report_figures(analysis)
        write_figures(figures, folder / "figures")
        context = report_context(analysis, summary, figures)
        if analysis.network is not None:
            from ..network import write_network_files
            from .svg import inline_svg

            (folder / "network").mkdir()
            write_network_files(analysis.network, folder / "network")
            context["network_figures"] = [
                {"name": svg.stem, "svg": inline_svg(svg.read_text(encoding="utf-8"), f"net-{i}", svg.stem)}
                for i, svg in enumerate(sorted((folder / "network" / "figures").glob("*.svg")))
            ]
        write_html(context, folder / "index.html")
        write_run_info(run_info(analysis, argv=argv), folder / "run.json")
    return out
