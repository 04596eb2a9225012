"""Label each segment with its period: ``assign_periods`` and the ``PeriodTable`` it returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ConfigError, CorpusError
from ..jsonsafe import is_missing
from .calendar import adaptive_bins, calendar_bounds, calendar_label
from .flags import flag_periods

#: Values accepted by ``assign_periods(freq=...)``; each one is tested.
FREQS: tuple[str, ...] = ("session", "month", "quarter", "year", "adaptive", "auto")
#: The calendar frequencies ``"auto"`` tries, finest first.
AUTO_CALENDAR: tuple[str, ...] = ("month", "quarter", "year")
#: Default number of segments a group needs in a period to be compared.
DEFAULT_MIN_SEGMENTS = 10


@dataclass(frozen=True)
class PeriodTable:
    """Period of every row and a table of the periods, with their flags.

    Attributes
    ----------
    labels : tuple of (str or None)
        One label per input row, in input order; None for rows without a date.
    periods : pandas.DataFrame
        One row per period, in chronological order, with columns ``period`` (str), ``start``,
        ``end`` (datetime.date), ``n_segments`` (int, rows with a group), ``n_groups_enough``
        (int, groups with at least ``min_segments`` segments), ``computable`` (bool, at least
        two such groups), ``flagged`` (bool) and ``reason`` (str, empty when not flagged).
    counts : pandas.DataFrame
        Segments per period (index, same order as ``periods``) and group (columns).
    freq : str
        The frequency used; for ``"auto"``, the one it resolved to.
    requested_freq : str
    min_segments : int
    n_undated : int
        Rows without a date (label None).
    warnings : tuple of str
    """

    labels: tuple[str | None, ...]
    periods: pd.DataFrame
    counts: pd.DataFrame
    freq: str
    requested_freq: str
    min_segments: int
    n_undated: int
    warnings: tuple[str, ...] = ()

    @property
    def order(self) -> tuple[str, ...]:
        """Period labels in chronological order."""
        return tuple(self.periods["period"])


def assign_periods(
    dates: Sequence[Any] | pd.Series,
    groups: Sequence[Any] | pd.Series,
    freq: str = "month",
    *,
    min_segments: int = DEFAULT_MIN_SEGMENTS,
    meetings: Sequence[Any] | pd.Series | None = None,
    min_meetings: int = 1,
) -> PeriodTable:
    """Label each row with its period and flag periods too thin to compare groups.

    Parameters
    ----------
    dates : sequence of datetime.date, str (ISO), pandas.Timestamp or None, length n
        Date of the meeting each segment comes from. Missing dates give the label None and are
        counted in a warning.
    groups : sequence of str or None, length n
        Group (commission) of each segment. Rows without a group get a period label but are
        not counted for any group (a warning says how many).
    freq : {"month", "quarter", "year", "session", "adaptive", "auto"}, default "month"
        See the module docstring.
    min_segments : int, default 10
        Segments a group needs in a period to be compared there.
    meetings : sequence, length n, optional
        Meeting (document) of each row. With it, a group also needs ``min_meetings`` distinct
        meetings in a period to be compared there, and ``"auto"`` counts meetings.
    min_meetings : int, default 1

    Returns
    -------
    PeriodTable

    Notes
    -----
    See :func:`flag_periods` for when a period is computable and when it is flagged.

    Examples
    --------
    >>> table = assign_periods(["2021-01-05", "2021-01-20", None], ["a", "b", "a"], "month",
    ...                        min_segments=1)
    >>> table.labels
    ('2021-01', '2021-01', None)
    """
    if freq not in FREQS:
        raise ConfigError(f"period frequency {freq!r} is not one of {', '.join(FREQS)}. Fix: use one of them.")
    if min_segments < 1:
        raise ConfigError(f"min_segments must be at least 1, got {min_segments}. Fix: use e.g. {DEFAULT_MIN_SEGMENTS}.")
    days = _as_dates(dates)
    group_list = [None if is_missing(g) else str(g) for g in groups]
    meeting_list = None if meetings is None else [None if is_missing(m) else str(m) for m in meetings]
    if min_meetings < 1:
        raise ConfigError(f"min_meetings must be at least 1, got {min_meetings}. Fix: use e.g. 2.")
    if len(group_list) != len(days):
        raise CorpusError(
            f"dates has {len(days)} rows but groups has {len(group_list)}. "
            f"Fix: pass one date and one group per segment."
        )
    warnings: list[str] = []
    n_undated = sum(d is None for d in days)
    if n_undated:
        warnings.append(
            f"{n_undated} of {len(days)} segments have no date: they belong to no period "
            f"(label None) and are left out of the convergence series. Fix: give their documents "
            f"a date in the manifest."
        )
    n_groupless = sum(g is None for g, d in zip(group_list, days) if d is not None)
    if n_groupless:
        warnings.append(
            f"{n_groupless} dated segments have no group: they are not compared. "
            f"Fix: give their documents a group in the manifest."
        )

    resolved = freq
    if freq == "auto":
        resolved = _resolve_auto(days, group_list, meeting_list, min_segments, min_meetings)
    if resolved == "adaptive":
        bins = adaptive_bins(days, group_list, min_segments, meeting_list, min_meetings)
        labels = [None if d is None else bins[d][0] for d in days]
        bounds = {label: (start, end) for label, start, end in bins.values()}
    else:
        labels = [None if d is None else calendar_label(d, resolved) for d in days]
        bounds = {label: calendar_bounds(label, resolved) for label in set(labels) if label is not None}
    if freq == "auto":
        warnings.append(
            f"freq='auto' resolved to {resolved!r} (min_segments={min_segments}, min_meetings={min_meetings})."
        )

    counts = _counts(labels, group_list)
    held = None if meeting_list is None else _counts(labels, group_list, meeting_list)
    periods = flag_periods(counts, min_segments, held, min_meetings)
    periods.insert(1, "start", [bounds[p][0] for p in periods["period"]])
    periods.insert(2, "end", [bounds[p][1] for p in periods["period"]])
    return PeriodTable(
        labels=tuple(labels),
        periods=periods,
        counts=counts,
        freq=resolved,
        requested_freq=freq,
        min_segments=min_segments,
        n_undated=n_undated,
        warnings=tuple(warnings),
    )


def _resolve_auto(
    days: Sequence[dt.date | None],
    groups: Sequence[str | None],
    meetings: Sequence[str | None] | None,
    min_segments: int,
    min_meetings: int,
) -> str:
    """The frequency that gives the most computable periods; ties go to the finer calendar one.

    Every period computable is not required: with the meeting as the unit, a month rarely holds
    two meetings of a commission, and asking it of every period would fall back to years (two
    points, no trend). The panel trend uses whichever pairs of groups each period compares.
    """
    best, best_count = "adaptive", -1
    for freq in (*AUTO_CALENDAR, "adaptive"):
        if freq == "adaptive":
            bins = adaptive_bins(days, groups, min_segments, meetings, min_meetings)
            labels = [None if d is None else bins[d][0] for d in days]
        else:
            labels = [None if d is None else calendar_label(d, freq) for d in days]
        held = None if meetings is None else _counts(labels, groups, meetings)
        computable = int(flag_periods(_counts(labels, groups), min_segments, held, min_meetings)["computable"].sum())
        if computable > best_count:
            best, best_count = freq, computable
    return best


def _counts(
    labels: Sequence[str | None], groups: Sequence[str | None], meetings: Sequence[str | None] | None = None
) -> pd.DataFrame:
    """Segments (or, with ``meetings``, distinct meetings) per period and group."""
    frame = pd.DataFrame({"period": list(labels), "group": list(groups)})
    frame["meeting"] = list(meetings) if meetings is not None else range(len(frame))
    frame = frame.dropna(subset=["period"])
    periods = sorted(frame["period"].unique())
    group_names = sorted(frame["group"].dropna().unique())
    kept = frame.dropna(subset=["group"])
    cells = kept.groupby(["period", "group"])["meeting"]
    values = cells.nunique() if meetings is not None else cells.size()
    table = values.unstack("group").reindex(index=periods, columns=group_names).fillna(0).astype(np.int64)
    table.index = pd.Index(periods, name="period", dtype=object)
    table.columns = pd.Index(group_names, dtype=object)
    return table


def _as_dates(dates: Sequence[Any] | pd.Series) -> list[dt.date | None]:
    out: list[dt.date | None] = []
    for row, value in enumerate(dates):
        if is_missing(value):
            out.append(None)
        elif isinstance(value, pd.Timestamp | dt.datetime):
            out.append(value.date())
        elif isinstance(value, dt.date):
            out.append(value)
        elif isinstance(value, str | np.datetime64):
            try:
                out.append(pd.Timestamp(value).date())
            except ValueError as exc:
                raise CorpusError(
                    f"row {row}: date {value!r} cannot be read ({exc}). Fix: write dates as YYYY-MM-DD."
                ) from exc
        else:
            raise CorpusError(
                f"row {row}: date {value!r} has type {type(value).__name__}, expected a date. "
                f"Fix: pass datetime.date values or YYYY-MM-DD strings."
            )
    return out
