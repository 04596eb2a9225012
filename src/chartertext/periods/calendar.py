"""Calendar periods (session, month, quarter, year) and adaptive bins of meeting dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..errors import ConfigError


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


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


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
