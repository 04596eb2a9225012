"""The topic folder ``chartertext topics`` writes: the topic tables (CSV) and the saved model.

Layout::

    topic_info.csv               topic, size, share, label, words, representative texts
    assignments.csv              one row per segment: its ids, group, date, period, topic, probability
    topics_over_time.csv         topic shares per period
    topics_per_group.csv         topic shares per group
    topics_per_group_period.csv  topic shares per group × period (each cell sums to 1)
    model/                       reload with :func:`chartertext.topics.load_topic_model`

The folder is written staged and renamed into place (:func:`chartertext.report.folder.staged_folder`),
so it appears whole or not at all, and carries the output marker a later ``--force`` looks for.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..atomic import write_table
from ..report.folder import staged_folder
from .model import TopicModel
from .over_time import topics_over_time, topics_per_group, topics_per_group_period
from .persist import save_topic_model

__all__ = ["ASSIGNMENT_COLUMNS", "write_topic_folder"]

#: The segment columns that lead each row of assignments.csv.
ASSIGNMENT_COLUMNS = ("segment_id", "doc_id", "kind", "group", "date", "period")


def write_topic_folder(model: TopicModel, segments: pd.DataFrame, out: str | Path, *, force: bool = False) -> Path:
    """Write the topic tables and the model of ``model`` fitted on ``segments``; return the folder.

    Parameters
    ----------
    model : TopicModel
        Fitted on ``segments["text"]``, in that order.
    segments : DataFrame
        The segments the model was fitted on, with :data:`ASSIGNMENT_COLUMNS` and ``text``
        (``period`` from :func:`chartertext.pipeline.label_periods`).
    out : str or Path
        The folder to create.
    force : bool, default False
        Replace an existing folder that chartertext wrote.
    """
    out = Path(out)
    texts = segments["text"].tolist()
    groups, periods = segments["group"].tolist(), segments["period"].tolist()
    with staged_folder(out, force=force) as stage:
        meta = segments[list(ASSIGNMENT_COLUMNS)].reset_index(drop=True)
        write_table(model.topic_info(), stage / "topic_info.csv")
        write_table(meta.join(model.assignments().drop(columns=["index"])), stage / "assignments.csv")
        write_table(topics_over_time(model, periods=periods, texts=texts), stage / "topics_over_time.csv")
        write_table(topics_per_group(model, groups, texts=texts), stage / "topics_per_group.csv")
        write_table(topics_per_group_period(model, groups, periods=periods), stage / "topics_per_group_period.csv")
        save_topic_model(model, stage / "model")
    return out
