"""Planted corpora of meetings where one group's talk is taken up by the others after a lag.

The known truth the direction measures (:mod:`chartertext.metrics.direction`) are tested on.
An agenda drifts over the calendar, a random walk :math:`a(d)` in the embedding space; a group
with lag :math:`\\ell_g` speaks, at a meeting on day d, of what the agenda was on day
:math:`d - \\ell_g`. The group with lag 0 leads; a group with lag 30 says a month later what the
leader said. With every lag equal (the symmetric control) all groups move together and none
leads. For segment i of meeting M of group g on day d::

    x_i = c_g(d) + a(d - lag_g) + o_g(d) + u_M + e_i

with group centres :math:`c_g` (norm ``sqrt(separation)``, orthogonal; a lagging group's centre
may move toward the leader's over the year, ``adopt``), an optional walk of the
group's own :math:`o_g` (talk nobody takes up), meeting effects
:math:`u_M \\sim N(0, \\text{icc}/\\text{dim}\\,I)` and segment noise
:math:`e_i \\sim N(0, (1-\\text{icc})/\\text{dim}\\,I)`. Meetings fall on irregular days (drawn
uniformly, distinct within a group), and groups may hold unequal numbers of meetings and write
unequal numbers of segments per meeting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..errors import ConfigError


@dataclass(frozen=True)
class PlantedLead:
    """A planted leader–follower corpus.

    Attributes
    ----------
    segments : pandas.DataFrame
        One row per segment: ``group`` ("groupe-0", ...), ``meeting`` (unique id), ``date``,
        ``period`` (calendar quarter, "2024-T1").
    vectors : ndarray of shape (n, dim)
    lags : tuple of int
        Each group's lag in days; the leaders are the groups with the smallest lag when the
        lags differ, none when they are all equal.
    """

    segments: pd.DataFrame
    vectors: NDArray[np.float64]
    lags: tuple[int, ...]

    @property
    def leaders(self) -> tuple[str, ...]:
        """The planted leaders: groups with the smallest lag, unless every group has it."""
        first = min(self.lags)
        if all(lag == first for lag in self.lags):
            return ()
        return tuple(f"groupe-{g}" for g, lag in enumerate(self.lags) if lag == first)


def planted_lead(
    seed: int,
    *,
    lags: Sequence[int] = (0, 30),
    meetings: Sequence[int] = (24, 24),
    segments_per_meeting: Sequence[int] = (8, 8),
    n_days: int = 365,
    drift: float = 1.0,
    own: float = 0.0,
    adopt: float = 0.0,
    icc: float = 0.2,
    separation: float = 0.5,
    dim: int = 32,
    start: dt.date = dt.date(2024, 1, 1),
) -> PlantedLead:
    """Draw a planted leader–follower corpus (see the module docstring).

    Parameters
    ----------
    seed : int
    lags : sequence of int, default (0, 30)
        Days each group lags behind the agenda; one per group. Equal lags: the symmetric control.
    meetings : sequence of int, default (24, 24)
        Meetings each group holds over ``n_days``.
    segments_per_meeting : sequence of int, default (8, 8)
        Segments per meeting of each group (unequal volume).
    n_days : int, default 365
    drift : float, default 1.0
        Squared distance the agenda travels in 30 days, in units of the distance between two
        segments of different meetings of one group (1).
    own : float, default 0.0
        The same for each group's own walk, which nobody takes up.
    adopt : float, default 0.0
        Share of the way from its own centre to the leaders' centre that a lagging group has
        gone by the last day, moving linearly from 0 on day 0: the others take up a
        vocabulary the leader always had (no agenda needed).
    icc : float, default 0.2
    separation : float, default 0.5
        Distance between group centres (squared norm of their difference / 2).
    dim : int, default 32
    start : datetime.date

    Returns
    -------
    PlantedLead
    """
    n_groups = len(lags)
    if not (len(meetings) == len(segments_per_meeting) == n_groups) or dim <= n_groups or not 0 <= icc < 1:
        raise ConfigError(
            f"planted_lead: need one lag, meeting count and volume per group, dim > groups and 0 <= icc < 1 "
            f"(got {len(lags)} lags, {len(meetings)} meeting counts, {len(segments_per_meeting)} volumes, dim={dim}, "
            f"icc={icc}). Fix: adjust them."
        )
    if max(meetings) > n_days:
        raise ConfigError(f"planted_lead: {max(meetings)} meetings on distinct days need n_days >= that (got {n_days}).")
    rng = np.random.default_rng(seed)
    longest = max(lags)
    # Daily steps whose squared length adds up to `drift` over 30 days.
    step = np.sqrt(drift / 30 / dim)
    agenda = np.cumsum(rng.normal(scale=step, size=(n_days + longest, dim)), axis=0)
    walks = np.cumsum(rng.normal(scale=np.sqrt(own / 30 / dim), size=(n_groups, n_days, dim)), axis=1)
    basis = np.linalg.qr(rng.normal(size=(dim, n_groups)))[0].T
    centres = basis * np.sqrt(separation)
    sd_meeting, sd_segment = np.sqrt(icc / dim), np.sqrt((1 - icc) / dim)
    leader = centres[[g for g in range(n_groups) if lags[g] == min(lags)]].mean(axis=0)
    rows, vectors = [], []
    for g in range(n_groups):
        days = np.sort(rng.choice(n_days, size=meetings[g], replace=False))
        for k, day in enumerate(days):
            said = agenda[day + longest - lags[g]]
            # Equal lags: nobody is behind, nobody adopts.
            taken = adopt * day / max(n_days - 1, 1) if lags[g] > min(lags) else 0.0
            home = centres[g] + taken * (leader - centres[g])
            centre = home + said + walks[g, day] + rng.normal(scale=sd_meeting, size=dim)
            size = int(segments_per_meeting[g])
            vectors.append(centre + rng.normal(scale=sd_segment, size=(size, dim)))
            date = start + dt.timedelta(days=int(day))
            quarter = f"{date.year}-T{(date.month - 1) // 3 + 1}"
            rows += [(f"groupe-{g}", f"g{g}-m{k:03d}", date, quarter)] * size
    segments = pd.DataFrame(rows, columns=["group", "meeting", "date", "period"])
    return PlantedLead(segments, np.vstack(vectors), tuple(int(v) for v in lags))


#: Planted corpora of the symmetric control (nobody leads) and of a leader copied with a lag
#: (keyword arguments of :func:`planted_lead`); volume 1×, 5×, 10× is meetings × segments.
LEAD_SCENARIOS: dict[str, dict[str, object]] = {
    "symmetric, equal volume": {"lags": (0, 0)},
    "symmetric, volume 1:5:10": {"lags": (0, 0, 0), "meetings": (10, 25, 50), "segments_per_meeting": (6, 12, 12)},
    "symmetric, weak drift and own talk": {"lags": (0, 0), "drift": 0.3, "own": 0.3},
    "independent groups, no common agenda": {"lags": (0, 0), "drift": 0.0, "own": 1.0},
    "leader, equal volume, lag 30 days": {"lags": (0, 30)},
    "small leader (1x) copied by 5x and 10x": {
        "lags": (0, 30, 30), "meetings": (10, 25, 50), "segments_per_meeting": (6, 12, 12)},
    "big leader (10x) copied by 1x and 5x": {
        "lags": (0, 30, 30), "meetings": (50, 10, 25), "segments_per_meeting": (12, 6, 12)},
    "leader, weak drift, lag 30 days": {"lags": (0, 30), "drift": 0.3},
    "others take up the leader's standing vocabulary, no agenda": {"lags": (0, 30), "drift": 0.0, "adopt": 1.0},
    "leader, weak drift and own talk, lag 30 days": {"lags": (0, 30), "drift": 0.3, "own": 0.3},
}


def naming_rates(scenario: str, seeds: Sequence[int], *, n_permutations: int = 99, alpha: float = 0.05) -> dict[str, float]:
    """How often :func:`~chartertext.metrics.direction.meeting_direction` names the planted leaders.

    Returns
    -------
    dict
        ``n`` corpora; ``exact`` (the named leaders are exactly the planted ones), ``any`` (some
        group is named: the false-positive rate of a symmetric control), ``wrong`` (a group
        named that is not a planted leader).
    """
    from ..metrics.direction import meeting_direction

    exact = named = wrong = 0
    for seed in seeds:
        planted = planted_lead(seed, **LEAD_SCENARIOS[scenario])  # type: ignore[arg-type]
        result = meeting_direction(planted.segments, planted.vectors, n_bootstrap=0, n_permutations=n_permutations,
                                   alpha=alpha, seed=seed)
        exact += set(result.leaders) == set(planted.leaders)
        named += bool(result.leaders)
        wrong += bool(set(result.leaders) - set(planted.leaders))
    n = len(seeds)
    return {"n": n, "exact": exact / n, "any": named / n, "wrong": wrong / n}
