"""Planted corpora of meetings, as vectors: the known truth the convergence estimators are tested on.

Real minutes are clustered: every meeting has its own agenda, so its paragraphs share a focus;
groups meet more often as a process intensifies, stop meeting, produce unequal volumes of text;
and an item can enter every group's meetings at once (a charter draft read in each commission).
:func:`planted_meetings` draws segment vectors with each of these features, around group centres
that move toward each other by a schedule the caller sets — or do not move at all, the null.

The model, for segment i of meeting M of group g in period t::

    x_i = (1 - convergence[t]) * c_g + a_M + e_i   (a shock segment: z + 0.3 e_i)

with group centres :math:`c_g` orthogonal and of equal norm (every pair of groups at distance
``separation`` = :math:`\\lVert c_g - c_h \\rVert^2 / 2`), meeting effects
:math:`a_M \\sim N(0, \\text{icc}/\\text{dim}\\, I)` and segment noise
:math:`e_i \\sim N(0, (1-\\text{icc})/\\text{dim}\\, I)`: the mean distance between two segments
of different meetings of one group is 1, and ``icc`` is the share of it due to the meetings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..errors import ConfigError


@dataclass(frozen=True)
class PlantedMeetings:
    """A planted corpus of meetings.

    Attributes
    ----------
    segments : pandas.DataFrame
        One row per segment: ``group``, ``period`` ("2024-01", ...), ``meeting`` (a meeting id,
        unique in the corpus), ``date``, ``shock`` (bool: the segment speaks of the common item).
    vectors : ndarray of shape (n, dim)
    convergence : tuple of float
        The schedule the group centres followed (0 = apart as at the start, 1 = merged).
    shock_vector : ndarray of shape (dim,)
        Centre of the common item (what a charter draft would be).
    """

    segments: pd.DataFrame
    vectors: NDArray[np.float64]
    convergence: tuple[float, ...]
    shock_vector: NDArray[np.float64]


def planted_meetings(
    seed: int,
    *,
    n_groups: int = 3,
    n_periods: int = 8,
    meetings: Sequence[int] | NDArray[np.int64] = (2,),
    segments_per_cell: int | Sequence[int] = 24,
    icc: float = 0.2,
    separation: float = 0.5,
    distinct: Sequence[float] | None = None,
    convergence: Sequence[float] | None = None,
    dropout: Mapping[int, int] | None = None,
    shock: tuple[int, float] | None = None,
    dim: int = 16,
    start: dt.date = dt.date(2024, 1, 1),
) -> PlantedMeetings:
    """Draw a planted corpus of meetings (see the module docstring).

    Parameters
    ----------
    seed : int
    n_groups, n_periods : int
    meetings : sequence of int, or array of shape (n_groups, n_periods)
        Meetings each group holds in each period: one value for every cell, one per period
        (every group alike, e.g. 1,1,1,2,2,3,3,3 for a process that intensifies), or a full
        table. 0 = the group does not meet.
    segments_per_cell : int or sequence of int (one per group), default 24
        Segments a group produces in a period, split evenly over its meetings: the volume does
        not grow with the number of meetings. One value per group gives unequal volumes.
    icc : float, default 0.2
        Share of the distance between two segments of different meetings of one group that is
        due to the meetings (the intraclass correlation of meetings).
    separation : float, default 0.5
        Distance between group centres at convergence 0, in units of that segment distance.
    distinct : sequence of float, optional
        Per group, a factor on the norm of its centre (2.0: a group much further from the
        others, whose departure would raise a mean over the pairs present). Default 1 each.
    convergence : sequence of float, optional
        Per period, how far the centres have moved toward each other (0..1). Default: 0 in every
        period, the null of no convergence.
    dropout : mapping of int to int, optional
        ``{group: period}``: the group holds no meeting from that period on.
    shock : (int, float), optional
        ``(period, share)``: from that period on, that share of every meeting's segments speaks
        of one common item (drawn around ``shock_vector`` instead of their group's centre).
    dim : int, default 16
        At least ``n_groups + 1``.
    start : datetime.date
        Periods are the calendar months from ``start``; meetings fall on distinct days.

    Returns
    -------
    PlantedMeetings
    """
    if not 0 <= icc < 1 or dim <= n_groups or n_groups < 1 or n_periods < 1:
        raise ConfigError(
            f"planted_meetings: need 0 <= icc < 1, dim > n_groups >= 1 and n_periods >= 1 "
            f"(got icc={icc}, dim={dim}, n_groups={n_groups}, n_periods={n_periods}). Fix: adjust them."
        )
    rng = np.random.default_rng(seed)
    table = _meeting_table(meetings, n_groups, n_periods)
    for group, period in (dropout or {}).items():
        table[group, period:] = 0
    volume = np.broadcast_to(np.asarray(segments_per_cell, dtype=np.int64), (n_groups,))
    schedule = tuple(float(v) for v in (convergence if convergence is not None else (0.0,) * n_periods))
    if len(schedule) != n_periods:
        raise ConfigError(f"convergence has {len(schedule)} values for {n_periods} periods. Fix: give one per period.")
    # Orthonormal directions: every pair of centres at the same distance, and one more for the shock.
    basis = np.linalg.qr(rng.normal(size=(dim, n_groups + 1)))[0].T
    factors = np.ones(n_groups) if distinct is None else np.asarray(distinct, dtype=np.float64)
    centres = basis[:n_groups] * np.sqrt(separation) * factors[:, None]
    shock_vector = basis[n_groups] * np.sqrt(separation)
    sd_meeting, sd_segment = np.sqrt(icc / dim), np.sqrt((1 - icc) / dim)
    rows, vectors = [], []
    for t in range(n_periods):
        month = _add_months(start, t)
        for g in range(n_groups):
            n_meet = int(table[g, t])
            if not n_meet:
                continue
            sizes = _split(int(volume[g]), n_meet)
            for j, size in enumerate(sizes):
                meeting_id = f"g{g}-p{t:02d}-m{j}"
                effect = rng.normal(scale=sd_meeting, size=dim)
                centre = (1 - schedule[t]) * centres[g]
                is_shock = np.zeros(size, dtype=bool)
                if shock is not None and t >= shock[0]:
                    is_shock = rng.random(size) < shock[1]
                noise = rng.normal(scale=sd_segment, size=(size, dim))
                # A shock segment quotes one common text (a draft read aloud): little noise, no
                # meeting focus, which is what lets its closeness to the draft identify it.
                regular = centre + effect + noise
                vectors.append(np.where(is_shock[:, None], shock_vector + 0.3 * noise, regular))
                day = month + dt.timedelta(days=min(27, 3 * j + g))
                rows += [(f"groupe-{g}", month.strftime("%Y-%m"), meeting_id, day, bool(s)) for s in is_shock]
    segments = pd.DataFrame(rows, columns=["group", "period", "meeting", "date", "shock"])
    x = np.vstack(vectors) if vectors else np.zeros((0, dim))
    return PlantedMeetings(segments, x, schedule, shock_vector)


#: Planted corpora where nothing converges, each with one feature of real minutes (keyword
#: arguments of :func:`planted_meetings`). The trend and onset tests must reject in 5% of them.
NULL_SCENARIOS: dict[str, dict[str, object]] = {
    "clustered meetings (ICC 0.2, 2 per period)": {"meetings": (2,)},
    "meetings 1,1,1,2,2,3,3,3, same volume": {"meetings": (1, 1, 1, 2, 2, 3, 3, 3)},
    "most distinct group drops out": {"distinct": (2.0, 1.0, 1.0), "dropout": {0: 4}, "meetings": (2,)},
    "unequal volume (5:1:1)": {"segments_per_cell": (60, 12, 12), "meetings": (2,)},
    "strong clustering (ICC 0.5)": {"icc": 0.5, "meetings": (2, 2, 2, 3, 3, 3, 4, 4)},
    "common shock, left out": {"shock": (5, 0.25), "meetings": (2,)},
}


def _meeting_table(meetings: Sequence[int] | NDArray[np.int64], n_groups: int, n_periods: int) -> NDArray[np.int64]:
    values = np.asarray(meetings, dtype=np.int64)
    if values.ndim == 1 and len(values) == 1:
        return np.full((n_groups, n_periods), int(values[0]))
    if values.ndim == 1 and len(values) == n_periods:
        return np.tile(values, (n_groups, 1))
    if values.shape == (n_groups, n_periods):
        return values.copy()
    raise ConfigError(
        f"meetings has shape {values.shape}; expected one value, one per period ({n_periods}) or "
        f"(n_groups, n_periods) = ({n_groups}, {n_periods}). Fix: reshape it."
    )


def _split(volume: int, parts: int) -> list[int]:
    base, extra = divmod(max(volume, parts), parts)
    return [base + (1 if j < extra else 0) for j in range(parts)]


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    return dt.date(day.year + year, month + 1, 1)
