"""Charter alignment: how close each group's talk comes to the final charter, period by period.

:func:`charter_alignment` scores every minutes segment by its closeness to the charter and
averages the scores per group × period, with a bootstrap interval per cell and a permutation
test of each group's trend.

The score
---------
A segment's score is its highest cosine to any charter article, after the anisotropy correction
(:class:`~chartertext.metrics.semantic.AnisotropyCorrection`) fitted on minutes and charter
together; a cell's alignment is the mean score of its segments. Why this and not the cosine
between the cell's centroid and the charter's centroid:

- *unbiased in the cell size.* The expected mean of per-segment scores does not depend on how
  many segments a cell has, whereas a centroid of few noisy segments points in a noisier
  direction and has a lower cosine to anything. Cells of 8 and of 40 segments — common between
  the months of one process — would otherwise differ for no reason but their size;
- *a charter is a list of distinct articles.* A group speaking only of dignité is close to the
  charter's article on dignité, and far from its centroid, which averages twenty values away;
  the max over articles rewards speaking of *some* article, the mean over segments how much of
  the group's talk does;
- *decomposable.* Each segment keeps its score, so a report can show the segments that drive a
  cell, and bootstrap and permutations only resample a vector of numbers.

Uncertainty: basic bootstrap intervals (:func:`~.stats.basic_interval`) resampling segments
within each cell; a cell with fewer than ``min_segments`` segments is flagged and left out of
its group's trend. Trend: OLS slope of a group's cell means against the position of the period
in the corpus's period order (so a group that skips a month is not compressed in time), tested
by permuting period labels among the group's segments (:func:`~.stats.permutation_p_value`).
Seeds come from ``numpy.random.SeedSequence(seed)``.

Given a placebo charter (``placebo_embeddings``), the same call adds the net alignment (charter
minus placebo, recitations left out), its spread across groups per period and the trends of both,
resampled by meetings (:mod:`.net_alignment`); the raw alignment above is unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from ..errors import ConfigError, CorpusError
from ..execution import LocalExecutor
from ..jsonsafe import is_missing, json_records, json_value
from ..periods import DEFAULT_MIN_SEGMENTS, PeriodTable
from .config import JOINT_GROUPS
from .inputs import period_labels, period_order
from .net_alignment import NET_SCORE, with_net
from .resampling import AlignmentPlan, alignment_cells
from .semantic import AnisotropyCorrection
from .stats import ALTERNATIVES

if TYPE_CHECKING:
    from ..execution import Executor


#: Name of the score, recorded in the summary so a reader knows what ``alignment`` means.
SCORE = "mean over segments of the max corrected cosine to a charter article"


@dataclass(frozen=True)
class CharterAlignment:
    """Alignment of each group with the charter per period, and each group's trend.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per (group, period) with segments, groups sorted, periods chronological:
        ``group``, ``period``, ``alignment`` (mean corrected max-cosine, in [-1, 1]),
        ``ci_low``, ``ci_high`` (basic bootstrap interval; NaN without bootstrap),
        ``n_segments``, ``flagged`` (fewer than ``min_segments`` segments).
    trends : pandas.DataFrame
        One row per group: ``group``, ``slope`` (alignment per period step), ``p_value``
        (permutation, +1 correction), ``n_periods`` (unflagged periods used), ``total_change``
        (slope × span of those periods in steps), ``first``, ``last`` (alignment of the first and
        last period used). NaN with fewer than 3 periods.
    scores : numpy.ndarray of shape (n,)
        The score of each input segment (NaN for rows left out).
    seed : int
    n_bootstrap, n_permutations, min_segments : int
    ci_level : float
    alternative : str
    n_removed_directions : int
        Directions removed by the anisotropy correction.
    warnings : tuple of str
    spread : pandas.DataFrame or None
        With a placebo: one row per period, ``period``, ``spread`` (SD across groups of their net
        alignment, thin cells left out), ``ci_low``, ``ci_high`` (meeting bootstrap), ``n_groups``.
        ``table`` then also has ``net_alignment``, ``net_ci_low``, ``net_ci_high``,
        ``placebo_alignment``, ``n_net_segments``, ``n_meetings``, ``net_flagged``, and
        ``trends`` has ``net_slope``, ``net_p_value``, ``net_p_bh`` (Benjamini–Hochberg across
        groups), ``net_total_change``.
    spread_trend : dict or None
        ``slope``, ``p_value`` (one-sided, spread shrinking; meetings permuted between periods
        within groups), ``total_change``, ``n_periods``, ``first``, ``last``,
        ``null_mean_slope``, ``alternative``.
    n_placebo_articles, n_recited : int
        Placebo articles used; segments left out of the net alignment as recitations.
    """

    table: pd.DataFrame
    trends: pd.DataFrame
    scores: NDArray[np.float64]
    seed: int
    n_bootstrap: int
    n_permutations: int
    min_segments: int
    ci_level: float
    alternative: str
    n_removed_directions: int
    warnings: tuple[str, ...] = ()
    spread: pd.DataFrame | None = None
    spread_trend: dict[str, Any] | None = None
    n_placebo_articles: int = 0
    n_recited: int = 0

    def to_summary(self) -> dict[str, Any]:
        """The ``charter_alignment`` section of ``summary.json`` (NaN written as null).

        Keys
        ----
        ``series``: list of {group, period, alignment, ci_low, ci_high, n_segments, flagged};
        ``trends``: list of {group, slope, p_value, n_periods, total_change};
        ``score`` (what ``alignment`` is), ``seed``, ``parameters`` ({n_bootstrap,
        n_permutations, min_segments, ci_level, alternative, n_removed_directions}),
        ``warnings``. Added by issue 18 (null / empty without a placebo): each ``series`` record
        also has ``net_alignment``, ``net_ci_low``, ``net_ci_high``, ``placebo_alignment``,
        ``n_net_segments``, ``n_meetings``, ``net_flagged``; each ``trends`` record
        ``net_slope``, ``net_p_value``, ``net_p_bh``, ``net_total_change``; ``net_score`` (what
        ``net_alignment`` is); ``spread``: list of {period, spread, ci_low, ci_high, n_groups};
        ``spread_trend``: {slope, p_value, total_change, n_periods, first, last,
        null_mean_slope, alternative}; ``placebo``: {n_articles, n_recited}.
        """
        columns = ["group", "slope", "p_value", "n_periods", "total_change"]
        columns += [c for c in ("net_slope", "net_p_value", "net_p_bh", "net_total_change") if c in self.trends]
        trends = self.trends[columns]
        placebo = self.spread is not None
        return {
            "series": json_records(self.table),
            "trends": json_records(trends),
            "score": SCORE,
            "seed": self.seed,
            "parameters": {
                "n_bootstrap": self.n_bootstrap,
                "n_permutations": self.n_permutations,
                "min_segments": self.min_segments,
                "ci_level": self.ci_level,
                "alternative": self.alternative,
                "n_removed_directions": self.n_removed_directions,
            },
            "warnings": list(self.warnings),
            "net_score": NET_SCORE if placebo else None,
            "spread": json_records(self.spread) if placebo else [],
            "spread_trend": {k: json_value(v) for k, v in self.spread_trend.items()} if self.spread_trend else None,
            "placebo": {"n_articles": self.n_placebo_articles, "n_recited": self.n_recited} if placebo else None,
        }


def charter_alignment(
    segments: pd.DataFrame,
    segment_embeddings: ArrayLike,
    charter_embeddings: ArrayLike,
    *,
    seed: int = 0,
    n_bootstrap: int = 200,
    n_permutations: int = 999,
    correction: AnisotropyCorrection | None = None,
    min_segments: int = DEFAULT_MIN_SEGMENTS,
    periods: PeriodTable | Sequence[str] | None = None,
    ci_level: float = 0.95,
    alternative: str = "two-sided",
    executor: Executor | None = None,
    placebo_embeddings: ArrayLike | None = None,
    recited: ArrayLike | None = None,
    joint_groups: Sequence[str] = JOINT_GROUPS,
) -> CharterAlignment:
    """Similarity of each group's discourse to the final charter, per period, with uncertainty.

    Parameters
    ----------
    segments : pandas.DataFrame
        Minutes segments (leave the charter out) with columns ``group`` and ``period``; without
        a ``period`` column, ``periods.labels`` is used. Rows without a group or period are left
        out (counted in ``warnings``).
    segment_embeddings : array-like of shape (n, dim)
        Embeddings of the minutes segments, row-aligned with ``segments``.
    charter_embeddings : array-like of shape (m, dim)
        Embeddings of the charter's articles (or of its segments: an article split in several
        segments then counts through its closest segment, which the max makes harmless).
    seed : int, default 0
    n_bootstrap : int, default 200
        Resamples per cell; 0 gives NaN intervals.
    n_permutations : int, default 999
        Permutations per group trend; 0 gives NaN p-values.
    correction : AnisotropyCorrection, optional
        Fitted correction to apply to both sets of embeddings. Default: fitted here on the
        minutes and the charter stacked, with the minutes' groups (and the charter as a group of
        its own) protecting the directions that separate them — the contrast between theme talk
        and charter talk is what this measure reads, so it must not be removed as "common".
    min_segments : int, default 10
        Cells with fewer segments are flagged and left out of the trends.
    periods : PeriodTable or sequence of str, optional
        Chronological period order. Default: labels sorted as strings (chronological for
        :mod:`chartertext.periods` labels).
    ci_level : float, default 0.95
    alternative : {"two-sided", "greater", "less"}, default "two-sided"
        Alternative of the trend tests ("greater": alignment rising).
    executor : Executor, optional
        Where each group's cells and trend test run (:mod:`chartertext.execution`); default
        :class:`~chartertext.execution.LocalExecutor`, this process. The random numbers are
        drawn here, so the result is the same on any executor.
    placebo_embeddings : array-like of shape (k, dim), optional
        Embeddings of a placebo charter's articles (:func:`.placebo.placebo_articles`),
        same model. Adds the net alignment, the spread and their trends (see
        :class:`CharterAlignment`); the meeting is the column ``meeting``, else ``doc_id``.
    recited : array-like of bool, shape (n,), optional
        Segments that recite the charter (:func:`.recitation.recited_rows`): left out of the
        net alignment and the spread, kept in the raw alignment.
    joint_groups : sequence of str, default :data:`~.config.JOINT_GROUPS`
        Case-insensitive substrings of group names that mark joint sessions (a plenary): they
        keep their own net alignment and trend but are left out of the spread across groups.

    Returns
    -------
    CharterAlignment

    Raises
    ------
    CorpusError
        Missing columns; embeddings not aligned with the rows or of different dimensions.
    ConfigError
        A negative count, ``min_segments < 1`` or an unknown ``alternative``.
    """
    if min(n_bootstrap, n_permutations) < 0 or min_segments < 1:
        raise ConfigError(
            f"n_bootstrap ({n_bootstrap}) and n_permutations ({n_permutations}) must be ≥ 0 and min_segments "
            f"({min_segments}) ≥ 1. Fix: e.g. n_bootstrap=200, n_permutations=999, min_segments=10."
        )
    if alternative not in ALTERNATIVES:
        raise ConfigError(f"alternative {alternative!r} is not one of {', '.join(ALTERNATIVES)}. Fix: use one of them.")
    x, c = _check_embeddings(segment_embeddings, charter_embeddings, len(segments))
    groups, labels, order, warnings = _labels(segments, periods)
    usable = np.array([g is not None and p is not None for g, p in zip(groups, labels)], dtype=bool)
    minutes = x if usable.all() else x[usable]
    if correction is None:
        stacked_groups = np.r_[groups[usable].astype(str), np.full(len(c), "\x00charter")]
        correction = AnisotropyCorrection.fit(np.vstack([minutes, c]), groups=stacked_groups)
    scores = np.full(len(x), np.nan)
    scores[usable] = (correction.apply(minutes) @ correction.apply(c).T).max(axis=1)
    del minutes

    seeds = np.random.SeedSequence(seed).spawn(2)
    rng_boot, rng_perm = np.random.default_rng(seeds[0]), np.random.default_rng(seeds[1])
    position = {p: i for i, p in enumerate(order)}
    rows = np.flatnonzero(usable)
    cells = pd.DataFrame({"group": groups[rows].astype(str), "period": labels[rows].astype(str), "row": rows})
    ordered = sorted(cells.groupby(["group", "period"]), key=lambda item: (item[0][0], position[item[0][1]]))
    plan = AlignmentPlan(n_bootstrap, n_permutations, min_segments, ci_level, alternative)
    records, trend_records = alignment_cells(
        scores,
        [(key, cell["row"].to_numpy()) for key, cell in ordered],
        position,
        plan,
        rng_boot,
        rng_perm,
        executor or LocalExecutor(),
    )
    table = pd.DataFrame.from_records(
        records, columns=["group", "period", "alignment", "ci_low", "ci_high", "n_segments", "flagged"]
    )
    trend_columns = ["group", "slope", "p_value", "n_periods", "total_change", "first", "last"]
    trends = pd.DataFrame.from_records(trend_records, columns=trend_columns)
    if table["flagged"].any():
        warnings.append(
            f"{int(table['flagged'].sum())} group × period cell(s) have fewer than {min_segments} segments: "
            f"flagged and left out of the trends."
        )
    extra: dict[str, Any] = {}
    if placebo_embeddings is not None:
        p = _check_embeddings(placebo_embeddings, placebo_embeddings, len(np.asarray(placebo_embeddings)))[1]
        if p.shape[1] != x.shape[1]:
            raise CorpusError(
                f"placebo_embeddings has {p.shape[1]} dimensions, the minutes {x.shape[1]}. "
                f"Fix: embed the placebo articles with the same model as the minutes."
            )
        placebo = np.full(len(x), np.nan)
        placebo[usable] = (correction.apply(x[usable]) @ correction.apply(p).T).max(axis=1)
        table, trends, extra = with_net(
            segments, scores, placebo, groups, labels, order, usable, recited, plan_args=(
                n_bootstrap, n_permutations, min_segments, ci_level, alternative,
                tuple(str(g).casefold() for g in joint_groups)), seed=seed, table=table,
            trends=trends, warnings=warnings,
        )  # fmt: skip
        extra["n_placebo_articles"] = len(p)
    return CharterAlignment(
        table=table,
        trends=trends,
        scores=scores,
        seed=seed,
        n_bootstrap=n_bootstrap,
        n_permutations=n_permutations,
        min_segments=min_segments,
        ci_level=ci_level,
        alternative=alternative,
        n_removed_directions=len(correction.components),
        warnings=tuple(warnings),
        **extra,
    )


def _check_embeddings(
    segment_embeddings: ArrayLike, charter_embeddings: ArrayLike, n_rows: int
) -> tuple[NDArray[np.floating[Any]], NDArray[np.float64]]:
    # The minutes' embeddings stay in their own dtype (often float32): the correction makes the
    # one float64 copy it needs.
    x = np.asarray(segment_embeddings)
    x = x if np.issubdtype(x.dtype, np.floating) else x.astype(np.float64)
    c = np.asarray(charter_embeddings, dtype=np.float64)
    if x.ndim != 2 or len(x) != n_rows:
        raise CorpusError(
            f"segment_embeddings has shape {x.shape} but the segments table has {n_rows} rows. "
            f"Fix: pass one embedding per segment, in the table's order."
        )
    if c.ndim != 2 or len(c) == 0 or c.shape[1] != x.shape[1]:
        raise CorpusError(
            f"charter_embeddings has shape {c.shape}; expected (n_articles ≥ 1, {x.shape[1]}). "
            f"Fix: embed the charter's articles with the same model as the minutes."
        )
    return x, c


def _labels(
    segments: pd.DataFrame, periods: PeriodTable | Sequence[str] | None
) -> tuple[NDArray[Any], NDArray[Any], list[str], list[str]]:
    """Group and period of each row (None when missing), the period order, warnings."""
    if "group" not in segments.columns:
        raise CorpusError(
            f"the segments table has no 'group' column (columns: {', '.join(map(str, segments.columns))}). "
            f"Fix: pass the minutes segments with each segment's group."
        )
    raw_periods = period_labels(segments, periods)
    groups = np.array([None if is_missing(g) else str(g) for g in segments["group"]], dtype=object)
    labels = np.array([None if is_missing(p) else str(p) for p in raw_periods], dtype=object)
    order = period_order([p for p in labels if p is not None], periods)
    dropped = sum(g is None or p is None for g, p in zip(groups, labels))
    warnings = [f"{dropped} segment(s) without a group or a period left out."] if dropped else []
    return groups, labels, order, warnings
