"""Checking and reading what a measure is given: columns, dates, periods, embedding matrices.

Each measure states its own inputs; these helpers make the errors say the same thing the same
way (what was expected, what was found, the fix) whichever measure raises them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from ..errors import CorpusError
from ..jsonsafe import is_missing
from ..periods import PeriodTable

__all__ = ["as_date", "check_rows", "embedding_matrix", "period_labels", "period_order", "require_columns"]


def as_date(value: Any, where: str) -> dt.date | None:
    """A date read from a table cell; None for a missing one.

    Parameters
    ----------
    value : date, datetime, pandas.Timestamp, str or None
        The cell ("2024-03-05", a ``datetime.date``, a timestamp…).
    where : str
        Where the cell is, for the error message ("row 3", "charter_date").

    Returns
    -------
    datetime.date or None

    Raises
    ------
    CorpusError
        If ``value`` cannot be read as a date.

    Examples
    --------
    >>> as_date("2024-03-05", "row 0"), as_date(None, "row 1")
    (datetime.date(2024, 3, 5), None)
    """
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return pd.Timestamp(value).date()
    except (ValueError, TypeError) as exc:
        raise CorpusError(f"{where}: date {value!r} cannot be read ({exc}). Fix: write dates as YYYY-MM-DD.") from exc


def require_columns(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    """Refuse the ``name`` table when it lacks one of ``columns``, naming them and the fix."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CorpusError(
            f"the {name} table lacks column(s) {', '.join(missing)} (has {', '.join(map(str, frame.columns))}). "
            f"Fix: pass the segments table of chartertext.corpus.ingest_corpus."
        )


def embedding_matrix(values: ArrayLike, n_rows: int, name: str, dim: int | None = None) -> NDArray[np.float64]:
    """``values`` as a float matrix of ``n_rows`` rows (and ``dim`` columns); else an error on ``{name}_embeddings``."""
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 2 or len(x) != n_rows or (dim is not None and x.shape[1] != dim):
        expected = f"({n_rows}, {dim if dim is not None else 'dim'})"
        raise CorpusError(
            f"{name}_embeddings has shape {x.shape}, expected {expected}. "
            f"Fix: embed every {name} segment, in the table's order, with the same model."
        )
    return x


def check_rows(name: str, found: int, expected: int) -> None:
    """Refuse an array given with the segments table unless it has one row per segment."""
    if found != expected:
        raise CorpusError(
            f"{name} has {found} rows but the segments table has {expected}. "
            f"Fix: pass {name} row-aligned with the segments table (same order, same length)."
        )


def period_labels(segments: pd.DataFrame, periods: PeriodTable | Sequence[str] | None) -> list[Any]:
    """Each row's period: the ``period`` column, else the labels of the PeriodTable built from these rows.

    Raises
    ------
    CorpusError
        If there is neither a ``period`` column nor a PeriodTable with one label per row.
    """
    if "period" in segments.columns:
        return list(segments["period"])
    if isinstance(periods, PeriodTable) and len(periods.labels) == len(segments):
        return list(periods.labels)
    raise CorpusError(
        "the segments table has no 'period' column. "
        "Fix: add one with chartertext.periods.assign_periods(...).labels, or pass that PeriodTable as periods=."
    )


def period_order(present: Sequence[str], periods: PeriodTable | Sequence[str] | None) -> list[str]:
    """The chronological order of the periods: the given one, else the labels sorted as text.

    Labels of :mod:`chartertext.periods` ("2024-03", "2024-T1") sort chronologically as text.

    Raises
    ------
    CorpusError
        If a label in ``present`` is not in the given order.

    Examples
    --------
    >>> period_order(["2024-02", "2024-01"], None)
    ['2024-01', '2024-02']
    """
    if periods is None:
        return sorted(set(present))
    order = list(periods.order if isinstance(periods, PeriodTable) else periods)
    unknown = sorted(set(present) - set(order))
    if unknown:
        raise CorpusError(
            f"period label(s) {', '.join(unknown[:5])} are not in the given period order. "
            f"Fix: pass the PeriodTable that produced the labels."
        )
    return order
