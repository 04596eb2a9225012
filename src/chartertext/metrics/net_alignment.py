"""Net charter alignment: closeness to the final charter beyond a placebo charter, and its spread across groups.

Raw alignment (:mod:`.alignment`) rises for every group together when late meetings speak the
charter's register (articles, engagements) or read the charter aloud. Three corrections:

- *placebo.* A segment's net score is its corrected max-cosine to the final charter minus its
  corrected max-cosine to a placebo charter: articles of the same genre about unrelated subjects
  (``chartertext/data/placebo_articles_fr.toml``). Whatever makes talk resemble *any* charter
  cancels; only resemblance to *this* charter's subjects remains.
- *recitations.* Segments that recite the charter (:func:`recited_rows`: most of their word
  5-grams occur in it) are left out: reading a text aloud is not coming to think like it, and a
  recitation scores the same for every group, which pulls their cell means together.
- *spread.* Convergence toward the charter means the groups' net alignments come closer, not
  that they all rise: the spread of a period is the standard deviation (ddof = 1) of the net
  alignment of the groups whose cell is not thin.

The meeting is the unit of resampling, as for the convergence index (:mod:`.meeting_resampling`):
intervals draw meetings with replacement within each group × period cell, and trends are tested
by moving meetings between periods within their group (the cells that take part stay the
observed ones, as in :func:`.meeting_resampling.null_pairs`). Each group's trend of net alignment
is tested (``alternative``) and the p-values adjusted across groups by Benjamini–Hochberg
(:func:`.stats.fdr_bh`); the spread's trend is tested one-sided, ``"less"`` (shrinking).

A cell's interval is the estimate ± Student's t (m - 1 degrees of freedom) times the standard
deviation of its meeting-bootstrap replicates widened by sqrt(m / (m - 1)), for its m meetings
(NaN for a cell of one meeting).
The spread of a few noisy means is biased upward (sampling noise adds to it), more so in cells of
few meetings; the permutation null keeps each group's number of meetings per period, so the test
carries the same bias under the null and stays valid; the interval is the basic bootstrap
interval (:func:`.stats.basic_interval`), which corrects for the bias of the resampled spread.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from ..errors import CorpusError
from ..memo import remembered
from .design import MEETING_COLUMNS
from .stats import basic_interval, bootstrap_weights, fdr_bh, permutation_p_value, shuffle_within

#: What the net score is, recorded in the summary.
NET_SCORE = (
    "mean over non-recited segments of (max corrected cosine to the charter - max corrected cosine to the placebo)"
)
#: Word n-grams compared with the charter to find recitations, and the share of them that makes one.
RECITATION_NGRAM = 5
RECITATION_SHARE = 0.5
_WORD = re.compile(r"\w+", re.UNICODE)


def placebo_articles() -> list[dict[str, str]]:
    """The placebo charter shipped with chartertext: ``[{title, text}, ...]`` (French, unrelated subjects)."""
    data = resources.files("chartertext").joinpath("data/placebo_articles_fr.toml").read_text(encoding="utf-8")
    return [{"title": a["title"], "text": a["text"]} for a in tomllib.loads(data)["articles"]]


def recited_rows(
    texts: Sequence[str], charter_texts: Sequence[str], *, n: int = RECITATION_NGRAM, share: float = RECITATION_SHARE
) -> NDArray[np.bool_]:
    """Segments that recite the charter: at least ``share`` of their word ``n``-grams occur in it.

    Words are lower-cased, accents kept. A segment shorter than ``n`` words is never a recitation.

    Examples
    --------
    >>> charter = ["Article 2. Chaque membre respecte la dignité de toute personne accueillie."]
    >>> recited_rows(["Lecture : chaque membre respecte la dignité de toute personne accueillie.",
    ...               "On parle du budget des bus."], charter).tolist()
    [True, False]
    """

    def grams(text: str) -> set[tuple[str, ...]]:
        words = _WORD.findall(text.lower())
        return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}

    known: set[tuple[str, ...]] = set().union(*(grams(t) for t in charter_texts)) if charter_texts else set()
    out = np.zeros(len(texts), dtype=bool)
    for i, text in enumerate(texts):
        own = grams(text)
        out[i] = bool(own) and len(own & known) >= share * len(own)
    return out


@dataclass(frozen=True)
class NetPlan:
    """Settings of :func:`net_alignment_records` (see :func:`~.alignment.charter_alignment`)."""

    n_bootstrap: int
    n_permutations: int
    min_segments: int
    ci_level: float
    alternative: str


def with_net(
    segments: pd.DataFrame,
    scores: NDArray[np.float64],
    placebo: NDArray[np.float64],
    groups: NDArray[Any],
    labels: NDArray[Any],
    order: list[str],
    usable: NDArray[np.bool_],
    recited: ArrayLike | None,
    *,
    plan_args: tuple[int, int, int, float, str],
    seed: int,
    table: pd.DataFrame,
    trends: pd.DataFrame,
    warnings: list[str],
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """The raw table and trends with the net columns joined, and the spread (see :mod:`.net_alignment`)."""
    left_out = np.zeros(len(scores), dtype=bool) if recited is None else np.asarray(recited, dtype=bool).ravel()
    if len(left_out) != len(scores):
        raise CorpusError(f"recited has {len(left_out)} values for {len(scores)} segments. Fix: one per segment.")
    kept = usable & ~left_out
    net = np.where(kept, scores - placebo, np.nan)
    column = next((c for c in MEETING_COLUMNS if c in segments.columns), None)
    if column is None:
        meetings = np.arange(len(scores))
        warnings.append("no 'meeting' or 'doc_id' column: each segment is its own meeting in the net alignment.")
    else:
        meetings = pd.factorize(segments[column].astype(str), sort=True)[0].astype(np.int64)
    names = tuple(sorted({str(g) for g in groups[usable]}))
    gcode = np.array([names.index(g) if g is not None else -1 for g in groups], dtype=np.int64)
    position = {p: i for i, p in enumerate(order)}
    tcode = np.array([position.get(p, -1) if p is not None else -1 for p in labels], dtype=np.int64)
    rng_boot, rng_perm = (np.random.default_rng(s) for s in np.random.SeedSequence([seed, 18]).spawn(2))
    out = net_alignment_records(
        net, placebo, gcode, tcode, meetings, names, tuple(order), NetPlan(*plan_args), rng_boot, rng_perm
    )
    cells = pd.DataFrame.from_records(out["cells"], columns=[
        "group", "period", "net_alignment", "net_ci_low", "net_ci_high", "placebo_alignment", "n_net_segments",
        "n_meetings", "net_flagged"])  # fmt: skip
    table = table.merge(cells, on=["group", "period"], how="left")
    table["n_net_segments"] = table["n_net_segments"].fillna(0).astype(int)
    table["n_meetings"] = table["n_meetings"].fillna(0).astype(int)
    table["net_flagged"] = table["net_flagged"].astype("boolean").fillna(True).astype(bool)
    net_trends = pd.DataFrame.from_records(
        out["trends"], columns=["group", "net_slope", "net_p_value", "net_p_bh", "net_total_change"]
    )
    trends = trends.merge(net_trends, on="group", how="left")
    spread = pd.DataFrame.from_records(out["spread"], columns=["period", "spread", "ci_low", "ci_high", "n_groups"])
    return (
        table,
        trends,
        {"spread": spread, "spread_trend": out["spread_trend"], "n_recited": int((usable & left_out).sum())},
    )


def net_alignment_records(
    net: NDArray[np.float64],
    placebo: NDArray[np.float64],
    group_codes: NDArray[np.int64],
    period_codes: NDArray[np.int64],
    meeting_codes: NDArray[np.int64],
    groups: tuple[str, ...],
    periods: tuple[str, ...],
    plan: NetPlan,
    rng_boot: np.random.Generator,
    rng_perm: np.random.Generator,
) -> dict[str, Any]:
    """Net alignment per cell, each group's trend, and the spread across groups per period with its trend.

    Parameters
    ----------
    net, placebo : ndarray of shape (n,)
        Net score and placebo score of each segment; NaN for rows left out.
    group_codes, period_codes : ndarray of int, shape (n,)
        Position in ``groups`` and in ``periods`` (chronological) of each row.
    meeting_codes : ndarray of int, shape (n,)
        Meeting of each row (any integer code; a meeting is split by group and period).
    groups, periods : tuple of str
    plan : NetPlan
    rng_boot, rng_perm : numpy.random.Generator

    Returns
    -------
    dict
        ``cells`` (records: group, period, net_alignment, net_ci_low, net_ci_high,
        placebo_alignment, n_net_segments, n_meetings, net_flagged), ``trends`` (records: group,
        net_slope, net_p_value, net_p_bh, net_total_change), ``spread`` (records: period, spread,
        ci_low, ci_high, n_groups), ``spread_trend`` (slope, p_value, total_change, n_periods,
        first, last, null_mean_slope, alternative).
    """
    key = (net, placebo, group_codes, period_codes, meeting_codes, groups, periods, plan)
    return remembered(
        "alignment.net",
        key,
        lambda: _records(
            net, placebo, group_codes, period_codes, meeting_codes, groups, periods, plan, rng_boot, rng_perm
        ),
        rngs=(rng_boot, rng_perm),
    )


def _records(
    net: NDArray[np.float64],
    placebo: NDArray[np.float64],
    group_codes: NDArray[np.int64],
    period_codes: NDArray[np.int64],
    meeting_codes: NDArray[np.int64],
    groups: tuple[str, ...],
    periods: tuple[str, ...],
    plan: NetPlan,
    rng_boot: np.random.Generator,
    rng_perm: np.random.Generator,
) -> dict[str, Any]:
    from scipy.stats import t as student_t  # here: scipy.stats costs import time the pipeline avoids

    n_g, n_t = len(groups), len(periods)
    keep = np.isfinite(net)
    # One code per (group, period, meeting): a meeting whose rows disagree is split.
    triples = np.stack([group_codes[keep], period_codes[keep], meeting_codes[keep]], axis=1)
    uniq, row_meeting = np.unique(triples, axis=0, return_inverse=True)
    row_meeting = row_meeting.ravel()
    m_group, m_period = uniq[:, 0].astype(np.int64), uniq[:, 1].astype(np.int64)
    m_sum = np.bincount(row_meeting, weights=net[keep], minlength=len(uniq))
    m_placebo = np.bincount(row_meeting, weights=placebo[keep], minlength=len(uniq))
    m_count = np.bincount(row_meeting, minlength=len(uniq)).astype(np.float64)
    m_cell = m_group * n_t + m_period

    def cell_means(weights: NDArray[np.float64], labels: NDArray[np.int64] | None = None) -> NDArray[np.float64]:
        """(B, G, T) mean net score per cell under meeting ``weights`` (B, M) and periods ``labels`` (B, M)."""
        b = len(weights)
        cell = np.broadcast_to(m_cell, weights.shape) if labels is None else m_group * n_t + labels
        flat = (cell + n_g * n_t * np.arange(b)[:, None]).ravel()
        sums = np.bincount(flat, weights=(weights * m_sum).ravel(), minlength=b * n_g * n_t)
        counts = np.bincount(flat, weights=(weights * m_count).ravel(), minlength=b * n_g * n_t)
        with np.errstate(invalid="ignore", divide="ignore"):
            return (sums / counts).reshape(b, n_g, n_t)

    ones = np.ones((1, len(uniq)))
    point = cell_means(ones)[0]
    n_seg = np.bincount(m_cell, weights=m_count, minlength=n_g * n_t).reshape(n_g, n_t)
    n_meet = np.bincount(m_cell, minlength=n_g * n_t).reshape(n_g, n_t)
    placebo_mean = np.bincount(m_cell, weights=m_placebo, minlength=n_g * n_t).reshape(n_g, n_t)
    eligible = n_seg >= plan.min_segments
    boot = cell_means(bootstrap_weights(m_cell, plan.n_bootstrap, rng_boot)) if plan.n_bootstrap else None

    cells = []
    for g in range(n_g):
        for t in range(n_t):
            if not n_seg[g, t]:
                continue
            low = high = np.nan
            m = int(n_meet[g, t])
            if boot is not None and m >= 2:
                # Few meetings per cell: percentile intervals of the meeting bootstrap covered the truth
                # in 58% (2 meetings) to 88% (10) of planted cells, even widened by sqrt(m / (m - 1)).
                # The bootstrap standard error, widened so, with Student's t on m - 1 degrees of freedom
                # (the few-cluster rule of Cameron & Miller 2015) is what is used. A cell of one meeting
                # has no between-meeting spread to resample: NaN rather than a zero-width interval.
                se = float(boot[:, g, t].std(ddof=1)) * np.sqrt(m / (m - 1))
                half = float(student_t.ppf((1 + plan.ci_level) / 2, m - 1)) * se
                low, high = max(point[g, t] - half, -2.0), min(point[g, t] + half, 2.0)
            cells.append(
                {
                    "group": groups[g],
                    "period": periods[t],
                    "net_alignment": float(point[g, t]),
                    "net_ci_low": float(low),
                    "net_ci_high": float(high),
                    "placebo_alignment": float(placebo_mean[g, t] / n_seg[g, t]),
                    "n_net_segments": int(n_seg[g, t]),
                    "n_meetings": int(n_meet[g, t]),
                    "net_flagged": bool(not eligible[g, t]),
                }
            )

    # Permutations: meetings of cells that take part move between periods within their group.
    null = None
    if plan.n_permutations:
        taking_part = eligible[m_group, m_period]
        blocks = np.where(taking_part, m_group, -1 - np.arange(len(uniq)))
        labels = shuffle_within(m_period, blocks, plan.n_permutations, rng_perm)
        null = cell_means(np.ones(labels.shape), labels)
    steps = np.arange(n_t, dtype=np.float64)
    trends = _group_trends(point, null, eligible, steps, groups, plan.alternative)
    spread, spread_trend = _spread(point, boot, null, eligible, steps, periods, plan)
    return {"cells": cells, "trends": trends, "spread": spread, "spread_trend": spread_trend}


def _slope(x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
    """OLS slope of each row of ``y`` (B, k) against ``x`` (k,)."""
    centred = x - x.mean()
    return (y - y.mean(axis=-1, keepdims=True)) @ centred / float((centred**2).sum())


def _group_trends(
    point: NDArray[np.float64],
    null: NDArray[np.float64] | None,
    eligible: NDArray[np.bool_],
    steps: NDArray[np.float64],
    groups: tuple[str, ...],
    alternative: str,
) -> list[dict[str, Any]]:
    out = []
    for g, name in enumerate(groups):
        used = np.flatnonzero(eligible[g])
        record = {"group": name, "net_slope": np.nan, "net_p_value": np.nan, "net_total_change": np.nan}
        if len(used) >= 3:
            slope = float(_slope(steps[used], point[g, used][None])[0])
            record.update(net_slope=slope, net_total_change=slope * float(steps[used][-1] - steps[used][0]))
            if null is not None:
                record["net_p_value"] = permutation_p_value(slope, _slope(steps[used], null[:, g, used]), alternative)
        out.append(record)
    adjusted = fdr_bh([r["net_p_value"] for r in out])
    for record, p in zip(out, adjusted):
        record["net_p_bh"] = float(p)
    return out


def _spreads(means: NDArray[np.float64], eligible: NDArray[np.bool_]) -> NDArray[np.float64]:
    """(B, T) standard deviation across the eligible groups of each period (NaN with fewer than two)."""
    values = np.where(eligible[None], means, 0.0)
    k = eligible.sum(axis=0).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = values.sum(axis=1) / k
        squares = (np.where(eligible[None], values - centre[:, None, :], 0.0) ** 2).sum(axis=1)
        return np.where(k >= 2, np.sqrt(squares / (k - 1)), np.nan)


def _spread(
    point: NDArray[np.float64],
    boot: NDArray[np.float64] | None,
    null: NDArray[np.float64] | None,
    eligible: NDArray[np.bool_],
    steps: NDArray[np.float64],
    periods: tuple[str, ...],
    plan: NetPlan,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    observed = _spreads(point[None], eligible)[0]
    replicates = _spreads(boot, eligible) if boot is not None else None
    records = []
    for t, period in enumerate(periods):
        low = high = np.nan
        if replicates is not None and np.isfinite(observed[t]):
            low, high = basic_interval(float(observed[t]), replicates[:, t], plan.ci_level, (0.0, 4.0))
        records.append(
            {"period": period, "spread": float(observed[t]), "ci_low": float(low), "ci_high": float(high),
             "n_groups": int(eligible[:, t].sum())}
        )  # fmt: skip
    used = np.flatnonzero(np.isfinite(observed))
    trend: dict[str, Any] = {"slope": np.nan, "p_value": np.nan, "total_change": np.nan, "n_periods": int(len(used))}
    trend.update(first=np.nan, last=np.nan, null_mean_slope=np.nan, alternative="less")
    if len(used) >= 3:
        slope = float(_slope(steps[used], observed[used][None])[0])
        trend.update(
            slope=slope,
            total_change=slope * float(steps[used][-1] - steps[used][0]),
            first=float(observed[used][0]),
            last=float(observed[used][-1]),
        )
        if null is not None:
            null_slopes = _slope(steps[used], _spreads(null, eligible)[:, used])
            trend["p_value"] = permutation_p_value(slope, null_slopes, "less")
            trend["null_mean_slope"] = float(np.nanmean(null_slopes))
    return records, trend
