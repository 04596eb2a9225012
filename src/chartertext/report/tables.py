"""The CSV tables of a report folder, one per result (UTF-8, for spreadsheets and R)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..atomic import write_table
from ..corpus import documents_frame
from ..csvsafe import flatten_lists
from ..ingest.accounting import files_frame
from ..overview import documents_overview
from ..pipeline import Analysis
from ..topics import topics_per_group, topics_per_group_period


def write_tables(analysis: Analysis, folder: Path) -> list[str]:
    """Write every table of ``analysis`` under ``folder/tables``; return the file names written."""
    tables: dict[str, pd.DataFrame] = {
        "documents.csv": documents_frame(analysis.corpus.documents),
        "overview.csv": documents_overview(analysis.corpus),
        "errors.csv": pd.DataFrame([e.as_dict() for e in analysis.corpus.errors], columns=["path", "reason", "fix"]),
        "files.csv": files_frame(analysis.corpus.files),
        "periods.csv": analysis.periods.periods,
        "convergence.csv": analysis.convergence.series,
        "convergence_pairs.csv": analysis.convergence.pair_series,
        "topics.csv": analysis.topics.topic_info(),
        "segment_topics.csv": _segment_topics(analysis),
        "topics_per_group.csv": topics_per_group(analysis.topics, analysis.segments["group"].tolist()),
        "topics_per_group_period.csv": topics_per_group_period(
            analysis.topics, analysis.segments["group"].tolist(), periods=analysis.segments["period"].tolist()
        ),
        "value_first_mentions.csv": analysis.adoption.first_mentions,
        "value_spread.csv": analysis.adoption.spread,
        "value_share_by_period.csv": analysis.adoption.share_by_period,
    }
    if analysis.adoption.rates is not None:
        tables["value_rates.csv"] = analysis.adoption.rates.rates
        tables["value_rate_adoption.csv"] = analysis.adoption.rates.adoption
    if analysis.alignment is not None:
        tables["charter_alignment.csv"] = analysis.alignment.table
        if analysis.alignment.spread is not None:
            tables["charter_alignment_spread.csv"] = analysis.alignment.spread
    if analysis.provenance is not None:
        tables["provenance_articles.csv"] = analysis.provenance.articles
        tables["provenance_shares.csv"] = analysis.provenance.shares
        tables["provenance_matches.csv"] = analysis.provenance.matches
    if analysis.direction is not None:
        tables["direction_meetings.csv"] = analysis.direction.meetings
        tables["direction_groups.csv"] = analysis.direction.groups
        tables["direction_periods.csv"] = analysis.direction.periods
    out = folder / "tables"
    for name, frame in tables.items():
        write_table(flatten_lists(frame), out / name)
    return sorted(tables)


def _segment_topics(analysis: Analysis) -> pd.DataFrame:
    meta = analysis.segments[["segment_id", "doc_id", "kind", "group", "date", "period"]].reset_index(drop=True)
    return meta.join(analysis.topics.assignments().drop(columns=["index"]))
