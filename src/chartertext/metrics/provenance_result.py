"""The result of :func:`chartertext.metrics.provenance.charter_provenance` and its ``summary.json`` section."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..jsonsafe import json_records, json_safe, json_value
from .placebo import UNATTRIBUTED


@dataclass(frozen=True)
class ProvenanceResult:
    """Where each charter article comes from, and each group's share of the charter.

    Attributes
    ----------
    articles : pandas.DataFrame
        One row per article, charter order: ``article`` (1, 2, ...), ``heading`` (str or None),
        ``text``, ``segment_ids`` (list of str), ``top_group`` (group with the best raw score),
        ``score`` (top group's best score), ``second_group``, ``margin`` (score minus the second
        group's best; NaN with one group), ``weights`` (dict group → attribution weight, summing
        to 1; calibrated, it includes ``"unattributed"``), ``evidence`` (list of the top-k
        matches as dicts: group, date, doc_id, segment_id, quote, score). Calibrated on placebo
        articles (``n_placebo > 0``) also: ``attributed_group`` (the group of largest weight, or
        ``"unattributed"``), ``calibrated`` (dict group → {z, percentile, level, above}: see
        :mod:`.placebo`), ``first_said`` (list, earliest first, of {group, date, doc_id,
        segment_id, score}: each group's first segment above its placebo level) and
        ``first_group`` (the group of the earliest of them, or None).
    shares : pandas.DataFrame
        By decreasing share: ``group``, ``share`` (mean attribution weight over articles; shares
        sum to 1), ``ci_low``, ``ci_high``, ``n_top`` (articles where the group has the best raw
        score). Uncalibrated: basic bootstrap interval over articles. Calibrated: one more row,
        ``"unattributed"``, a column ``n_attributed`` (articles whose largest weight is the row's)
        and the interval is a percentile bootstrap over meetings, which need not hold the share
        (:mod:`.placebo` says why).
    matches : pandas.DataFrame
        The top-k minutes segments of each article: ``article``, ``rank`` (1 = closest),
        ``group``, ``date``, ``doc_id``, ``segment_id``, ``quote`` (≤ 300 characters), ``score``,
        ``semantic``, ``lexical``.
    charter_date : datetime.date or None
        Minutes from this date on were left out.
    lexical_weight, temperature : float
    top_k, seed, n_bootstrap : int
    n_candidates : int
        Minutes segments compared with the charter.
    warnings : tuple of str
    n_placebo : int
        Placebo articles the groups were calibrated on; 0 for the uncalibrated softmax.
    placebo_quantile, calibrated_temperature : float or None
        Settings of the calibration (None uncalibrated).
    levels : pandas.DataFrame or None
        Per group: ``group``, ``level`` (placebo quantile), ``placebo_mean``, ``placebo_sd``.
    """

    articles: pd.DataFrame
    shares: pd.DataFrame
    matches: pd.DataFrame
    charter_date: dt.date | None
    lexical_weight: float
    temperature: float
    top_k: int
    seed: int
    n_bootstrap: int
    n_candidates: int
    warnings: tuple[str, ...] = ()
    n_placebo: int = 0
    placebo_quantile: float | None = None
    calibrated_temperature: float | None = None
    levels: pd.DataFrame | None = None

    def to_summary(self) -> dict[str, Any]:
        """The ``provenance`` section of ``summary.json`` (ISO dates, NaN written as null).

        Keys
        ----
        ``articles``: list of {article, heading, top_group, score, margin, weights, evidence:
        [{group, date, doc_id, segment_id, quote, score}]}, calibrated also with
        attributed_group, calibrated ({group: {z, percentile, level, above}}), first_said
        ([{group, date, doc_id, segment_id, score}]) and first_group;
        ``shares``: list of {group, share, ci_low, ci_high, n_top} (calibrated: with the row
        ``"unattributed"`` and n_attributed);
        ``charter_date``, ``seed``, ``parameters`` ({lexical_weight, temperature, top_k,
        n_bootstrap, n_candidates}, calibrated also n_placebo, placebo_quantile,
        calibrated_temperature, resampling "meetings"), ``warnings``;
        ``unattributed_share``: {share, ci_low, ci_high, n_attributed} or null uncalibrated;
        ``levels``: [{group, level, placebo_mean, placebo_sd}] or null.
        """
        calibrated = self.n_placebo > 0
        articles = []
        for row in self.articles.to_dict("records"):
            article = {
                "article": int(row["article"]),
                "heading": json_value(row["heading"]),
                "top_group": row["top_group"],
                "score": json_value(row["score"]),
                "margin": json_value(row["margin"]),
                "weights": {g: json_value(w) for g, w in row["weights"].items()},
                "evidence": [{k: json_value(v) for k, v in e.items()} for e in row["evidence"]],
            }
            if calibrated:
                article["attributed_group"] = row["attributed_group"]
                article["calibrated"] = json_safe(row["calibrated"])
                article["first_said"] = [{k: json_value(v) for k, v in s.items()} for s in row["first_said"]]
                article["first_group"] = json_value(row["first_group"])
            articles.append(article)
        parameters: dict[str, Any] = {
            "lexical_weight": self.lexical_weight,
            "temperature": self.temperature,
            "top_k": self.top_k,
            "n_bootstrap": self.n_bootstrap,
            "n_candidates": self.n_candidates,
        }
        unattributed = None
        if calibrated:
            parameters.update(
                n_placebo=self.n_placebo,
                placebo_quantile=self.placebo_quantile,
                calibrated_temperature=self.calibrated_temperature,
                resampling="meetings",
            )
            row = self.shares.set_index("group").loc[UNATTRIBUTED]
            unattributed = {k: json_value(row[k]) for k in ("share", "ci_low", "ci_high")}
            unattributed["n_attributed"] = int(row["n_attributed"])
        return {
            "articles": articles,
            "shares": json_records(self.shares),
            "charter_date": json_value(self.charter_date),
            "seed": self.seed,
            "parameters": parameters,
            "warnings": list(self.warnings),
            "unattributed_share": unattributed,
            "levels": json_records(self.levels) if self.levels is not None else None,
        }
