"""Direction: which group's talk the others later take up (novelty and resonance, Barron et al. 2018).

:func:`meeting_direction` scores every meeting by how far it is from the preceding meetings of
the other groups (novelty), from their following meetings (transience), and their difference
(resonance: the others moved toward it; :mod:`.resonance`). Per group it reports

* ``on_others`` — mean resonance of its meetings on the other groups;
* ``from_others`` — mean resonance of the other groups' meetings on it;
* ``lead`` = on_others − from_others: positive when the others come to say what this group said
  before more than it comes to say what they said.

The **meeting is the unit**: intervals resample meetings with replacement within each group ×
period cell (a meeting keeps its segments; :func:`chartertext.metrics.stats.bootstrap_weights`);
the test of a lead permutes meetings' group labels within each period, which keeps every
period's composition (how many meetings each group held) and breaks only who said what when.
The test is one-sided (a lead > 0) per group, Holm-adjusted over the groups; a group whose
adjusted p is below ``alpha`` is named a leader.

Windows are in days, not in numbers of meetings: meetings come irregularly, and "the next five
meetings" can be a week in a busy month and a year in a quiet one. Unless given, the window is
the shortest of :data:`.resonance.WINDOW_CANDIDATES` in which the median meeting sees at least
three meetings of other groups before and after it (:func:`.resonance.auto_window`). A lag
longer than the window cannot be seen.

Every random draw comes from ``numpy.random.SeedSequence(seed)``; same inputs, same output.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from threadpoolctl import threadpool_limits

from ..errors import CorpusError
from ..jsonsafe import json_safe
from ..periods import PeriodTable
from .config import ConvergenceConfig
from .design import MEETING_COLUMNS
from .inputs import check_rows
from .panel import holm
from .resonance import (
    auto_window,
    cell_means,
    lead_statistics,
    meeting_centroids,
    time_windows,
    toward_others,
    window_sums,
)
from .stats import bootstrap_weights, percentile_interval, permutation_p_value, shuffle_within

#: Bounds of a resonance or a lead between cosine distances (each in [0, 2]).
_BOUNDS = (-2.0, 2.0)


@dataclass(frozen=True)
class DirectionResult:
    """What :func:`meeting_direction` returns (see the module docstring).

    Attributes
    ----------
    meetings : pandas.DataFrame
        One row per meeting: ``meeting``, ``group``, ``date``, ``period``, ``n_segments``,
        ``novelty``, ``transience``, ``resonance`` (toward the other groups; NaN when a window
        holds no meeting of another group).
    groups : pandas.DataFrame
        One row per group: ``group``, ``n_meetings``, ``n_scored`` (meetings with both windows
        filled), ``on_others``, ``from_others``, ``lead`` each with ``_ci_low`` / ``_ci_high``,
        ``p_value`` (one-sided, lead > 0), ``p_holm``, ``leads`` (bool).
    periods : pandas.DataFrame
        One row per group × period: ``group``, ``period``, ``start``, ``end``, ``n_meetings``,
        ``resonance`` (mean over the group's scored meetings of the period), ``ci_low``, ``ci_high``.
    leaders : tuple of str
        Groups whose lead is significant after Holm's adjustment.
    window_days : int
    window_rule : str
        "auto" or "given".
    status : str
        "ok", "one_group" or "no_group" (nothing to compare), as for convergence.
    """

    meetings: pd.DataFrame
    groups: pd.DataFrame
    periods: pd.DataFrame
    leaders: tuple[str, ...]
    window_days: int
    window_rule: str
    seed: int
    n_bootstrap: int
    n_permutations: int
    ci_level: float
    alpha: float
    status: str = "ok"
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_summary(self) -> dict[str, Any]:
        """The ``direction`` key of summary.json (documented in :mod:`chartertext.summary`)."""
        return json_safe(
            {
                "status": self.status,
                "unit": "meeting",
                "representation": "embedding meeting centroids, centred, cosine distance",
                "window_days": self.window_days,
                "window_rule": self.window_rule,
                "leaders": list(self.leaders),
                "groups": self.groups.to_dict("records"),
                "periods": self.periods.drop(columns=["start", "end"]).to_dict("records"),
                "n_meetings": len(self.meetings),
                "n_scored": int(self.meetings["resonance"].notna().sum()),
                "seed": self.seed,
                "n_bootstrap": self.n_bootstrap,
                "n_permutations": self.n_permutations,
                "ci_level": self.ci_level,
                "alpha": self.alpha,
                "test": "permutation of meetings' group labels within periods; one-sided (lead > 0); Holm over groups",
                "warnings": list(self.warnings),
            }
        )


def meeting_direction(
    segments: pd.DataFrame,
    embeddings: ArrayLike,
    *,
    periods: PeriodTable | Sequence[str] | None = None,
    window_days: int | None = None,
    config: ConvergenceConfig | None = None,
    n_bootstrap: int | None = None,
    n_permutations: int | None = None,
    alpha: float = 0.05,
    seed: int = 0,
) -> DirectionResult:
    """Novelty, transience and resonance of each meeting toward the other groups, and who leads.

    Parameters
    ----------
    segments : pandas.DataFrame
        One row per segment (minutes only) with ``group``, ``date`` and the meeting (``meeting``
        or ``doc_id``); ``period`` if present (else ``periods.labels``; else one period). Rows
        without a group or a date, and joint sessions (``config.joint_groups``), are left out
        and counted in a warning.
    embeddings : array-like of shape (n, dim)
        Segment vectors, row-aligned with ``segments``.
    periods : PeriodTable or sequence of str, optional
        Period labels of the rows when ``segments`` has no ``period`` column; a PeriodTable also
        gives each period's start and end.
    window_days : int, optional
        Length of the windows before and after a meeting; chosen from the data when None.
    config : ConvergenceConfig, optional
        Gives ``n_bootstrap``, ``n_permutations``, ``ci_level`` and ``joint_groups`` (the
        resampling settings of every measure of a run).
    n_bootstrap, n_permutations : int, optional
        Override the config's.
    alpha : float, default 0.05
        Level of the Holm-adjusted lead test that names a leader.
    seed : int, default 0

    Returns
    -------
    DirectionResult

    Examples
    --------
    >>> from chartertext.synthetic.lead import planted_lead
    >>> planted = planted_lead(0, lags=(0, 30))
    >>> meeting_direction(planted.segments, planted.vectors, n_permutations=99, seed=0).leaders
    ('groupe-0',)
    """
    cfg = config or ConvergenceConfig()
    settings = (
        cfg.n_bootstrap if n_bootstrap is None else n_bootstrap,
        cfg.n_permutations if n_permutations is None else n_permutations,
        cfg.ci_level,
    )
    with threadpool_limits(limits=1, user_api="blas"):
        return _direction(segments, embeddings, periods, window_days, cfg, *settings, alpha, seed)


def _direction(
    segments: pd.DataFrame,
    embeddings: ArrayLike,
    periods: PeriodTable | Sequence[str] | None,
    window_days: int | None,
    cfg: ConvergenceConfig,
    n_bootstrap: int,
    n_permutations: int,
    ci_level: float,
    alpha: float,
    seed: int,
) -> DirectionResult:
    x = np.asarray(embeddings, dtype=np.float64)
    check_rows("embeddings", x.shape[0] if x.ndim == 2 else -1, len(segments))
    meetings, codes, warnings = _meetings(segments, periods, cfg)
    groups = tuple(sorted(set(meetings["group"])))
    labels = np.array([groups.index(g) for g in meetings["group"]], dtype=np.int64)
    days = np.array([d.toordinal() for d in meetings["date"]], dtype=np.int64)
    rule = "given" if window_days else "auto"
    window = int(window_days) if window_days else auto_window(days, labels)
    common = dict(window_days=window, window_rule=rule, seed=seed, n_bootstrap=n_bootstrap,
                  n_permutations=n_permutations, ci_level=ci_level, alpha=alpha)
    if len(groups) < 2:
        warnings.append(f"{len(groups)} group(s) in the minutes: who leads whom needs two groups.")
        empty = meetings.assign(novelty=math.nan, transience=math.nan, resonance=math.nan)
        return DirectionResult(empty, _group_frame(groups, labels, empty, {}, {}), _period_frame(empty, {}, periods),
                               (), status="one_group" if groups else "no_group", warnings=tuple(warnings), **common)
    windows = time_windows(meeting_centroids(x[codes >= 0], codes[codes >= 0], len(meetings)), days, window)
    ones = np.ones(len(meetings))
    sums = window_sums(windows, labels, len(groups), ones)
    novelty, transience, resonance = toward_others(sums, labels)
    meetings = meetings.assign(novelty=novelty, transience=transience, resonance=resonance)
    on, frm, lead, _ = lead_statistics(windows, labels, len(groups), ones)
    period_codes, period_names = pd.factorize(meetings["period"].astype(str), sort=True)
    n_periods = len(period_names)
    cells = labels * n_periods + period_codes
    n_cells = len(groups) * n_periods
    rng_boot, rng_perm = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))

    boot = {k: [] for k in ("on_others", "from_others", "lead", "cells")}
    for w in bootstrap_weights(cells, n_bootstrap, rng_boot) if n_bootstrap else []:
        b_on, b_from, b_lead, pooled = lead_statistics(windows, labels, len(groups), w)
        boot["on_others"].append(b_on)
        boot["from_others"].append(b_from)
        boot["lead"].append(b_lead)
        boot["cells"].append(cell_means(pooled, cells, n_cells, w))
    # Labels move between meetings of one period only: each period keeps how many meetings each
    # group held, so a group that meets more, or only late, is no lead by itself.
    nulls = [lead_statistics(windows, perm, len(groups), ones)[2]
             for perm in (shuffle_within(labels, period_codes, n_permutations, rng_perm) if n_permutations else [])]
    null = np.array(nulls).reshape(-1, len(groups))
    p_values = {g: permutation_p_value(float(lead[k]), null[:, k], "greater") for k, g in enumerate(groups)}
    adjusted = holm(p_values)
    estimates = {"on_others": on, "from_others": frm, "lead": lead}
    intervals = {
        name: [percentile_interval(np.array(boot[name])[:, k], ci_level, _BOUNDS) if boot[name] else (math.nan,) * 2
               for k in range(len(groups))]
        for name in estimates
    }
    table = _group_frame(groups, labels, meetings, estimates, intervals)
    table["p_value"] = [p_values[g] for g in groups]
    table["p_holm"] = [adjusted[g] for g in groups]
    table["leads"] = (table["p_holm"] < alpha) & (table["lead"] > 0)
    point_cells = cell_means(resonance, cells, n_cells, ones)
    boot_cells = np.array(boot["cells"]) if boot["cells"] else np.zeros((0, n_cells))
    by_period = {
        (groups[c // n_periods], str(period_names[c % n_periods])):
            (float(point_cells[c]), *percentile_interval(boot_cells[:, c], ci_level, _BOUNDS))
        for c in range(n_cells)
    }
    leaders = tuple(table.loc[table["leads"], "group"])
    return DirectionResult(meetings, table, _period_frame(meetings, by_period, periods), leaders,
                           warnings=tuple(warnings), **common)


def _meetings(
    segments: pd.DataFrame, periods: PeriodTable | Sequence[str] | None, cfg: ConvergenceConfig
) -> tuple[pd.DataFrame, np.ndarray, list[str]]:
    """One row per meeting (meeting, group, date, period, n_segments) and each segment's meeting code (-1: left out)."""
    missing = [c for c in ("group", "date") if c not in segments.columns]
    if missing:
        raise CorpusError(
            f"the segments table has no {' or '.join(repr(c) for c in missing)} column "
            f"(columns: {', '.join(map(str, segments.columns))}). Fix: pass the minutes' segments with their group and date."
        )
    column = next((c for c in MEETING_COLUMNS if c in segments.columns), None)
    if column is None:
        raise CorpusError("the segments table has no 'meeting' or 'doc_id' column. Fix: pass each segment's meeting.")
    if "period" in segments.columns:
        period = list(segments["period"])
    elif isinstance(periods, PeriodTable) and len(periods.labels) == len(segments):
        period = list(periods.labels)
    else:
        period = ["all"] * len(segments)
    table = pd.DataFrame({
        "meeting": segments[column].astype(str).to_numpy(dtype=object),
        "group": [None if _missing(g) else str(g) for g in segments["group"]],
        "date": [None if _missing(d) else _day(d) for d in segments["date"]],
        "period": ["all" if _missing(p) else str(p) for p in period],
    })
    usable = (table["group"].notna() & table["date"].notna()).to_numpy()
    warnings = []
    if (~usable).any():
        warnings.append(f"{int((~usable).sum())} segment(s) without a group or a date are left out of the direction measures.")
    # A joint session is a meeting of several groups, not one more group whose talk others take up.
    joint = np.array([g is not None and cfg.is_joint(g) for g in table["group"]], dtype=bool)
    if joint.any():
        warnings.append(f"{int(joint.sum())} segment(s) of joint sessions are left out of the direction measures.")
    usable = usable & ~joint
    codes = np.full(len(table), -1, dtype=np.int64)
    kept = table[usable]
    codes[usable] = kept.groupby(["meeting", "group"], sort=False).ngroup().to_numpy()
    meetings = (
        kept.assign(code=codes[usable])
        .groupby("code", sort=True)
        .agg(meeting=("meeting", "first"), group=("group", "first"), date=("date", "min"), period=("period", "first"),
             n_segments=("meeting", "size"))
        .reset_index(drop=True)
    )
    return meetings, codes, warnings


def _group_frame(
    groups: tuple[str, ...], labels: np.ndarray, meetings: pd.DataFrame,
    estimates: dict[str, np.ndarray], intervals: dict[str, list[tuple[float, float]]],
) -> pd.DataFrame:
    scored = meetings["resonance"].notna().to_numpy()
    rows = []
    for k, g in enumerate(groups):
        mine = labels == k
        row: dict[str, Any] = {"group": g, "n_meetings": int(mine.sum()), "n_scored": int((mine & scored).sum())}
        for name in ("on_others", "from_others", "lead"):
            row[name] = float(estimates[name][k]) if name in estimates else math.nan
            low, high = intervals[name][k] if name in intervals else (math.nan, math.nan)
            row[f"{name}_ci_low"], row[f"{name}_ci_high"] = low, high
        row.update(p_value=math.nan, p_holm=math.nan, leads=False)
        rows.append(row)
    return pd.DataFrame(rows, columns=[
        "group", "n_meetings", "n_scored", "on_others", "on_others_ci_low", "on_others_ci_high", "from_others",
        "from_others_ci_low", "from_others_ci_high", "lead", "lead_ci_low", "lead_ci_high", "p_value", "p_holm", "leads",
    ])


def _period_frame(
    meetings: pd.DataFrame, values: dict[tuple[str, str], tuple[float, float, float]],
    periods: PeriodTable | Sequence[str] | None,
) -> pd.DataFrame:
    bounds = periods.periods.set_index("period")[["start", "end"]] if isinstance(periods, PeriodTable) else None
    rows = []
    for (group, period), part in meetings.groupby(["group", "period"], sort=True):
        value, low, high = values.get((group, period), (math.nan, math.nan, math.nan))
        start = bounds["start"].get(period) if bounds is not None else min(part["date"])
        end = bounds["end"].get(period) if bounds is not None else max(part["date"])
        rows.append({"group": group, "period": period, "start": start, "end": end, "n_meetings": len(part),
                     "resonance": value, "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows, columns=["group", "period", "start", "end", "n_meetings", "resonance", "ci_low", "ci_high"])


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else pd.Timestamp(value).date()
