"""Cut a corpus into time periods and flag the periods with too little text to compare groups.

A convergence index compares groups *within* a period, so a period needs at least two groups
with enough segments. ``assign_periods`` labels every row with its period and returns a table
of periods that says, for each, how many segments each group has and whether (and why) the
period is flagged. Flagged periods stay in every output; nothing is silently dropped.

Period labels sort chronologically as plain strings:

========== ========================= =========================================
freq       label                     start / end
========== ========================= =========================================
"session"  ``"2020-03-15"``          the meeting date itself
"month"    ``"2020-03"``             first / last day of the month
"quarter"  ``"2020-Q1"``             first / last day of the quarter
"year"     ``"2020"``                1 January / 31 December
"adaptive" ``"2019-01-15/2019-06-25"`` first / last meeting date in the bin (ISO 8601 interval)
========== ========================= =========================================

``"auto"`` resolves to the finest of month, quarter and year in which *every* period has at
least two groups with ``min_segments`` segments; when even years fail, it builds adaptive bins
(see :func:`adaptive_bins`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .errors import ConfigError, CorpusError
from .jsonsafe import is_missing

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


def flag_periods(
    counts: pd.DataFrame,
    min_segments: int,
    meetings: pd.DataFrame | None = None,
    min_meetings: int = 1,
) -> pd.DataFrame:
    """Flag the periods of a period × group count table.

    A group *takes part* in a period when it has at least ``min_segments`` segments and
    ``min_meetings`` meetings there. A period is *computable* when at least two groups take part;
    it is *flagged* when it is not computable, when a group meets there but too little to take
    part (thin: left out of that period's comparison), or when a group that meets in other
    periods does not meet in it (absent). Absent and thin groups do not stop a period from
    entering the trend: the trend is estimated on a fixed panel of pairs of groups
    (:mod:`chartertext.metrics.panel`), so a group joining or leaving cannot create it; the
    flag says the period's index compares fewer groups than the others.

    Parameters
    ----------
    counts : pandas.DataFrame
        Segments per period (index, chronological) and group (columns).
    min_segments : int
    meetings : pandas.DataFrame, optional
        Meetings per period and group, same shape as ``counts``. Default: every segment counts
        as a meeting (no meeting structure known).
    min_meetings : int, default 1

    Returns
    -------
    pandas.DataFrame
        Columns ``period``, ``n_segments``, ``n_meetings``, ``n_groups_enough``, ``computable``,
        ``flagged``, ``reason``; one row per period, same order.
    """
    values = counts.to_numpy(dtype=np.int64) if counts.shape[1] else np.zeros((len(counts), 0), np.int64)
    held = values if meetings is None else meetings.reindex_like(counts).fillna(0).to_numpy(dtype=np.int64)
    enough = (values >= min_segments) & (held >= min_meetings)
    thin = (values > 0) & ~enough
    absent = (values == 0) & (values.sum(axis=0) > 0)[None, :]
    n_enough = enough.sum(axis=1)
    computable = n_enough >= 2
    reasons = []
    for row in range(len(counts.index)):
        parts = []
        if not computable[row]:
            parts.append(f"fewer than two groups with ≥ {min_segments} segments (index not computed)")
        thin_groups = [
            f"{g} ({values[row, j]} segments, {held[row, j]} meetings)" if meetings is not None else f"{g} ({values[row, j]})"
            for j, g in enumerate(counts.columns)
            if thin[row, j]
        ]
        if thin_groups:
            need = f"< {min_segments} segments" + (f" or < {min_meetings} meetings" if meetings is not None else "")
            parts.append(f"thin group(s) left out: {', '.join(thin_groups)} {need}")
        missing = [str(g) for j, g in enumerate(counts.columns) if absent[row, j]]
        if missing:
            parts.append(f"absent group(s): {', '.join(missing)}")
        reasons.append("; ".join(parts))
    return pd.DataFrame(
        {
            "period": [str(p) for p in counts.index],
            "n_segments": values.sum(axis=1),
            "n_meetings": held.sum(axis=1),
            "n_groups_enough": n_enough,
            "computable": computable,
            "flagged": ~computable | thin.any(axis=1) | absent.any(axis=1),
            "reason": reasons,
        }
    )


def calendar_label(day: dt.date, freq: str) -> str:
    """Label of the calendar period holding ``day`` ("2020-03", "2020-Q1", "2020" or "2020-03-15")."""
    if freq == "session":
        return day.isoformat()
    if freq == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if freq == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if freq == "year":
        return f"{day.year:04d}"
    raise ConfigError(f"{freq!r} is not a calendar frequency. Fix: use session, month, quarter or year.")


def calendar_bounds(label: str, freq: str) -> tuple[dt.date, dt.date]:
    """First and last day of a calendar period given its label."""
    if freq == "session":
        day = dt.date.fromisoformat(label)
        return day, day
    if freq == "year":
        year = int(label)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if freq == "quarter":
        year, quarter = int(label[:4]), int(label[-1])
        first_month = 3 * (quarter - 1) + 1
        return dt.date(year, first_month, 1), _month_end(year, first_month + 2)
    year, month = int(label[:4]), int(label[5:7])
    return dt.date(year, month, 1), _month_end(year, month)


def adaptive_bins(
    days: Sequence[dt.date | None],
    groups: Sequence[str | None],
    min_segments: int,
    meetings: Sequence[str | None] | None = None,
    min_meetings: int = 1,
) -> dict[dt.date, tuple[str, dt.date, dt.date]]:
    """Group consecutive meeting dates into the most bins in which two groups have enough text.

    Walks the distinct dates in order and closes a bin as soon as at least two groups have
    ``min_segments`` segments (and, with ``meetings``, ``min_meetings`` meetings) in it.
    Because that condition only becomes truer as a bin grows,
    closing as early as possible yields the largest number of bins. Dates left over at the end
    (not enough text for a bin of their own) join the last bin; if no bin ever closes, the whole
    corpus is one bin (flagged downstream).

    Returns
    -------
    dict of datetime.date to (label, start, end)
        For each distinct date, its bin's label ``"start/end"`` and bounds.
    """
    per_date: dict[dt.date, dict[str, int]] = {}
    held: dict[dt.date, dict[str, set[str]]] = {}
    for row, (day, group) in enumerate(zip(days, groups)):
        if day is None:
            continue
        cell = per_date.setdefault(day, {})
        if group is not None:
            cell[group] = cell.get(group, 0) + 1
            meeting = f"row {row}" if meetings is None else str(meetings[row])
            held.setdefault(day, {}).setdefault(group, set()).add(meeting)
    bins: list[list[dt.date]] = []
    current: list[dt.date] = []
    tally: dict[str, int] = {}
    seen: dict[str, set[str]] = {}
    for day in sorted(per_date):
        current.append(day)
        for group, n in per_date[day].items():
            tally[group] = tally.get(group, 0) + n
            seen.setdefault(group, set()).update(held[day][group])
        ready = [g for g, n in tally.items() if n >= min_segments and len(seen[g]) >= min_meetings]
        if len(ready) >= 2:
            bins.append(current)
            current, tally, seen = [], {}, {}
    if current:
        if bins:
            bins[-1].extend(current)
        else:
            bins.append(current)
    out: dict[dt.date, tuple[str, dt.date, dt.date]] = {}
    for members in bins:
        start, end = members[0], members[-1]
        label = f"{start.isoformat()}/{end.isoformat()}"
        for day in members:
            out[day] = (label, start, end)
    return out


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



def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)
