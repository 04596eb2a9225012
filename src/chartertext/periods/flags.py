"""Which periods can compare groups, and why not: absent groups, thin groups, fewer than two groups."""

from __future__ import annotations

import numpy as np
import pandas as pd


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
