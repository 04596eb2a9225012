"""Value adoption as rates: mentions per 1,000 words, dated against each group's own baseline.

The first mention (:mod:`.adoption`) comes earlier for a group that meets more or writes longer
minutes: with a background of one mention in 2,000 words, a commission writing 2,000 words a
week "adopts" every value in its first month, one writing 200 words a month a year later,
although neither changed its talk. :func:`rate_adoption` measures exposure and change instead:

rates
    For each value × group × period, mentions per 1,000 words over the group's meetings of the
    period (total mentions over total words: a meeting counts in proportion to its words), with
    a quasi-Poisson interval whose width the spread between the group's meetings sets
    (:mod:`.rate_intervals`: a bootstrap within cells of two to five meetings covered the true
    rate 47–80% of the time, this 94–98%). No interval when the group has fewer than two
    meetings more than cells: nothing then measures how meetings differ.
adoption
    A group adopts a value when its rate rises above its own baseline: the best split of its
    meetings into a baseline (at least ``baseline_meetings``) and a later run (at least
    ``after_meetings``) where mentions exceed what the words bring at the group's overall rate
    (:mod:`.rise`), tested by permuting the order of the group's meetings, the p-values
    adjusted by Benjamini–Hochberg across every value × group tested
    (:func:`~chartertext.metrics.stats.fdr_bh`). Adopted when the adjusted p is at most ``fdr``;
    dated at the first meeting after the split. The baseline is estimated, not fixed at the
    first k meetings, so a late adoption is compared with everything before it; a value a group
    speaks of at a steady rate from its first meeting has no rise and is not dated (its
    ``rate_before`` shows it).
censored
    A value × group not adopted is kept, with ``censored_at`` the date of the group's last
    meeting (observed up to then without a rise): ``status`` says why — ``"censored"`` (tested,
    no rise after adjustment), ``"not_mentioned"`` (no mention, nothing to test; left out of
    the adjustment, which is legitimate because the permutation test is conditional on the
    total count), ``"too_few_meetings"`` (fewer than ``baseline_meetings + after_meetings``).
diffusion
    Which group adopts each value first, with uncertainty: each group's meetings are resampled
    with replacement (keeping their dates), the split is searched again, and the group counts
    as adopting in the replicate when the replicate's statistic would pass the observed
    Benjamini–Hochberg threshold against the same permutation null. ``p_first`` is the share of
    replicates in which each group is the first (ties shared), ``p_none`` the share with no
    adopter.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ConfigError
from ..jsonsafe import json_records, json_value
from ..values import count_words
from .rate_intervals import dispersion, rate_interval
from .rise import exceedance_p_values, permuted_orders, resampled_orders, rise_scan, split_range
from .stats import fdr_bh


@dataclass(frozen=True)
class RateSettings:
    """How adoption as rates is tested (see the module docstring).

    Attributes
    ----------
    baseline_meetings : int, default 3
        Fewest meetings before a rise: the baseline the rise is measured against.
    after_meetings : int, default 2
        Fewest meetings from the rise on: one meeting on a topic is not an adoption.
    fdr : float, default 0.05
        False-discovery rate across values × groups.
    n_permutations : int, default 999
    n_bootstrap : int, default 200
        Resamples of meetings for the diffusion order; 0 for none.
    level : float, default 0.95
    seed : int, default 0
    """

    baseline_meetings: int = 3
    after_meetings: int = 2
    fdr: float = 0.05
    n_permutations: int = 999
    n_bootstrap: int = 200
    level: float = 0.95
    seed: int = 0

    def __post_init__(self) -> None:
        if self.baseline_meetings < 1 or self.after_meetings < 1:
            raise ConfigError(
                f"baseline_meetings and after_meetings must be at least 1, got {self.baseline_meetings} and "
                f"{self.after_meetings}. Fix: use 3 and 2."
            )
        if not 0 < self.fdr < 1 or not 0 < self.level < 1:
            raise ConfigError(f"fdr and level must lie in (0, 1), got {self.fdr} and {self.level}.")
        if self.n_permutations < 1 or self.n_bootstrap < 0:
            raise ConfigError(
                f"n_permutations must be at least 1 and n_bootstrap non-negative, got {self.n_permutations} "
                f"and {self.n_bootstrap}."
            )


@dataclass(frozen=True)
class RateAdoption:
    """Adoption as rates (see the module docstring).

    Attributes
    ----------
    rates : pandas.DataFrame
        One row per value × group × period where the group met: ``value``, ``group``,
        ``period``, ``rate`` (mentions per 1,000 words), ``ci_low``, ``ci_high`` (quasi-Poisson;
        NaN when the group's meetings cannot measure their spread), ``mentions``, ``words``,
        ``n_meetings``.
    adoption : pandas.DataFrame
        One row per value × group, values in lexicon order: ``value``, ``group``, ``status``
        ("adopted", "censored", "not_mentioned", "too_few_meetings"), ``censored`` (bool),
        ``adopted_date``, ``adopted_period``, ``adopted_meeting`` (None unless adopted),
        ``censored_at`` (last meeting's date unless adopted), ``n_meetings``, ``words``,
        ``mentions``, ``rate_before``, ``before_low``, ``before_high``, ``rate_after``,
        ``after_low``, ``after_high`` (rates per 1,000 words on either side of the best split,
        with quasi-Poisson intervals; NaN when untested),
        ``candidate_date`` (first meeting after the best split, adopted or not), ``statistic``,
        ``p_value``, ``p_fdr`` (Benjamini–Hochberg adjusted).
    diffusion : pandas.DataFrame
        One row per value: ``value``, ``n_adopted``, ``order`` (list of (group, date) of the
        adopters by date), ``first_group`` (None without adopter), ``p_first`` (dict group →
        share of bootstrap replicates where it adopts first), ``p_none``.
    settings : RateSettings
    """

    rates: pd.DataFrame
    adoption: pd.DataFrame
    diffusion: pd.DataFrame
    settings: RateSettings

    def to_summary(self) -> dict[str, Any]:
        """Keys added to ``summary.json``'s ``values``: ``rates``, ``rate_adoption``, ``diffusion``, ``rate_method``."""
        diffusion = [
            {
                "value": row["value"],
                "n_adopted": int(row["n_adopted"]),
                "order": [{"group": g, "date": json_value(d)} for g, d in row["order"]],
                "first_group": json_value(row["first_group"]),
                "p_first": [{"group": g, "p": json_value(p)} for g, p in row["p_first"].items()],
                "p_none": json_value(row["p_none"]),
            }
            for row in self.diffusion.to_dict("records")
        ]
        return {
            "rates": json_records(self.rates),
            "rate_adoption": json_records(self.adoption),
            "diffusion": diffusion,
            "rate_method": {"unit": "mentions per 1,000 words", "test": "permutation of meetings, BH-FDR"}
            | asdict(self.settings),
        }


def rate_adoption(
    table: pd.DataFrame, hits: pd.DataFrame, names: tuple[str, ...], order: list[str], settings: RateSettings
) -> RateAdoption:
    """Rates, adoption against the baseline, censoring and diffusion order (see the module docstring).

    Parameters
    ----------
    table : pandas.DataFrame
        Minutes rows: ``group``, ``date``, ``period``, ``meeting``, ``text``.
    hits : pandas.DataFrame
        One row per mention: ``row`` (position in ``table``), ``value``.
    names : tuple of str
        Value names, lexicon order.
    order : list of str
        Period labels, chronological.
    settings : RateSettings

    Returns
    -------
    RateAdoption
    """
    meetings, counts = _meetings(table, hits, names)
    rates = _rates(meetings, counts, names, order, settings)
    tests = [_test_group(meetings, counts, group, code, settings) for code, group in enumerate(sorted(set(meetings["group"])))]
    adoption = _adoption(tests, names, settings)
    return RateAdoption(rates, adoption, _diffusion(tests, adoption, names, settings), settings)


def _meetings(table: pd.DataFrame, hits: pd.DataFrame, names: tuple[str, ...]) -> tuple[pd.DataFrame, np.ndarray]:
    """One row per meeting (group, meeting, date, period, words), date-ordered within group; mentions (m, V)."""
    words = np.array([count_words(t) if isinstance(t, str) else 0 for t in table["text"]], dtype=np.float64)
    keys = table[["group", "meeting"]].astype(str)
    code = keys.groupby(["group", "meeting"], sort=False).ngroup().to_numpy()
    first = pd.DataFrame({"code": code, "date": table["date"], "period": table["period"], "words": words})
    frame = first.groupby("code").agg(date=("date", "min"), period=("period", "first"), words=("words", "sum"))
    frame = frame.join(keys.assign(code=code).drop_duplicates("code").set_index("code"))
    value_code = {name: i for i, name in enumerate(names)}
    counts = np.zeros((len(frame), len(names)))
    np.add.at(counts, (code[hits["row"].to_numpy()], hits["value"].map(value_code).to_numpy()), 1)
    frame = frame.reset_index()
    ordered = frame.sort_values(["group", "date", "meeting"], kind="stable")
    return ordered.reset_index(drop=True), counts[ordered["code"].to_numpy()]


def _rates(
    meetings: pd.DataFrame, counts: np.ndarray, names: tuple[str, ...], order: list[str], settings: RateSettings
) -> pd.DataFrame:
    position = {p: i for i, p in enumerate(order)}
    period_code = meetings["period"].map(lambda p: position.get(p, len(order))).to_numpy()
    groups = meetings["group"].to_numpy()
    words = meetings["words"].to_numpy()
    phi = {g: dispersion(counts[groups == g], words[groups == g], period_code[groups == g]) for g in set(groups)}
    records = []
    cells = meetings.groupby(["group", "period"], sort=False).indices
    for group, period in sorted(cells, key=lambda c: (position.get(c[1], len(order)), c[0])):
        rows = cells[(group, period)]
        total, mentions = words[rows].sum(), counts[rows].sum(axis=0)
        rate = _per_thousand(mentions, total)
        low, high = rate_interval(mentions, total, phi[group], settings.level)
        for v, name in enumerate(names):
            records.append(
                {"value": name, "group": group, "period": period, "rate": rate[v], "ci_low": low[v],
                 "ci_high": high[v], "mentions": int(mentions[v]), "words": int(total), "n_meetings": len(rows)}  # fmt: skip
            )
    frame = pd.DataFrame.from_records(records)
    if not len(frame):
        return pd.DataFrame(columns=["value", "group", "period", "rate", "ci_low", "ci_high", "mentions", "words", "n_meetings"])
    frame["_v"] = frame["value"].map({n: i for i, n in enumerate(names)})
    return frame.sort_values(["_v", "group"], kind="stable").drop(columns="_v").reset_index(drop=True)


def _per_thousand(mentions: np.ndarray, words: np.ndarray | float) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(np.asarray(words) > 0, 1000.0 * mentions / words, np.nan)


def _test_group(
    meetings: pd.DataFrame, counts: np.ndarray, group: str, code: int, settings: RateSettings
) -> dict[str, Any]:
    """The scan, its permutation null and its bootstrap replicates for one group, every value at once."""
    rows = np.flatnonzero(meetings["group"].to_numpy() == group)
    words, mentions = meetings["words"].to_numpy()[rows], counts[rows]
    n, n_values = len(rows), counts.shape[1]
    out: dict[str, Any] = {"group": group, "meetings": meetings.iloc[rows].reset_index(drop=True), "words": words,
                           "mentions": mentions, "tested": False}  # fmt: skip
    splits = split_range(n, settings.baseline_meetings, settings.after_meetings)
    if not len(splits):
        return out
    # One stream per group and purpose: results do not depend on the other groups or settings.
    perm = permuted_orders(n, settings.n_permutations, np.random.default_rng([settings.seed, 1, code]))
    statistic, split = rise_scan(words[None], mentions[None], splits)
    null, _ = rise_scan(words[perm], mentions[perm], splits)
    out.update(tested=True, statistic=statistic[0], split=split[0], null=null,
               p_value=exceedance_p_values(statistic[0], null))  # fmt: skip
    if settings.n_bootstrap:
        boot = resampled_orders(n, settings.n_bootstrap, np.random.default_rng([settings.seed, 2, code]))
        boot_stat, boot_split = rise_scan(words[boot], mentions[boot], splits)
        out.update(boot_p=exceedance_p_values(boot_stat, null), boot_first=np.take_along_axis(boot, boot_split, axis=1))
    out["sides"] = [_sides(words, mentions[:, v], int(split[0, v]), settings) for v in range(n_values)]
    return out


def _sides(words: np.ndarray, mentions: np.ndarray, split: int, settings: RateSettings) -> dict[str, float]:
    """Rates before and after the split, with quasi-Poisson intervals (dispersion from both sides' meetings)."""
    side = (np.arange(len(words)) >= split).astype(np.int64)
    phi = dispersion(mentions[:, None], words, side)
    out: dict[str, float] = {}
    for name, rows in (("before", side == 0), ("after", side == 1)):
        count, total = mentions[rows].sum(), words[rows].sum()
        low, high = rate_interval(count, total, phi[0], settings.level)
        out[f"rate_{name}"] = float(_per_thousand(count, total))
        out[f"{name}_low"], out[f"{name}_high"] = float(low), float(high)
    return out


def _adoption(tests: list[dict[str, Any]], names: tuple[str, ...], settings: RateSettings) -> pd.DataFrame:
    records = []
    for test in tests:
        meetings = test["meetings"]
        for v, name in enumerate(names):
            mentions = int(test["mentions"][:, v].sum())
            record: dict[str, Any] = {
                "value": name, "group": test["group"], "n_meetings": len(meetings),
                "words": int(test["words"].sum()), "mentions": mentions,
                "status": "too_few_meetings" if not test["tested"] else "not_mentioned" if not mentions else "censored",
            }  # fmt: skip
            nan = float("nan")
            record.update(dict.fromkeys(["rate_before", "before_low", "before_high", "rate_after", "after_low",
                                         "after_high", "statistic", "p_value"], nan), candidate_date=None)  # fmt: skip
            if test["tested"] and mentions:
                record.update(test["sides"][v], statistic=float(test["statistic"][v]), p_value=float(test["p_value"][v]),
                              candidate_date=meetings["date"].iat[int(test["split"][v])])  # fmt: skip
            record["_candidate"] = int(test["split"][v]) if test["tested"] else -1
            record["_last"] = meetings["date"].iat[-1]
            records.append(record)
    columns = ["value", "group", "status", "censored", "adopted_date", "adopted_period", "adopted_meeting",
               "censored_at", "n_meetings", "words", "mentions", "rate_before", "before_low", "before_high",
               "rate_after", "after_low", "after_high", "candidate_date", "statistic", "p_value", "p_fdr"]  # fmt: skip
    if not records:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame.from_records(records)
    frame["p_fdr"] = fdr_bh(frame["p_value"].to_numpy(dtype=np.float64))
    adopted = (frame["p_fdr"] <= settings.fdr).to_numpy()
    frame.loc[adopted, "status"] = "adopted"
    frame["censored"] = ~adopted
    lookup = {t["group"]: t["meetings"] for t in tests}
    at = [lookup[g].iloc[k] if ok else None for g, k, ok in zip(frame["group"], frame["_candidate"], adopted)]
    frame["adopted_date"] = [None if m is None else m["date"] for m in at]
    frame["adopted_period"] = [None if m is None else m["period"] for m in at]
    frame["adopted_meeting"] = [None if m is None else m["meeting"] for m in at]
    frame["censored_at"] = [None if ok else last for ok, last in zip(adopted, frame["_last"])]
    frame["_v"] = frame["value"].map({n: i for i, n in enumerate(names)})
    frame = frame.sort_values(["_v", "group"], kind="stable").reset_index(drop=True)
    return frame[columns]


def _diffusion(
    tests: list[dict[str, Any]], adoption: pd.DataFrame, names: tuple[str, ...], settings: RateSettings
) -> pd.DataFrame:
    # Benjamini–Hochberg rejects every p at most the largest rejected p: the same threshold
    # decides, in each bootstrap replicate, whether a group would have been found to adopt.
    rejected = adoption.loc[adoption["status"] == "adopted", "p_value"]
    threshold = float(rejected.max()) if len(rejected) else -1.0
    records = []
    for v, name in enumerate(names):
        rows = adoption[(adoption["value"] == name) & (adoption["status"] == "adopted")]
        order = sorted(zip(rows["adopted_date"], rows["group"]))
        first = {t["group"]: 0.0 for t in tests}
        p_none = float("nan")
        boots = [t for t in tests if t["tested"] and "boot_p" in t]
        if settings.n_bootstrap and boots:
            days = np.full((len(boots), settings.n_bootstrap), np.inf)
            for i, t in enumerate(boots):
                dates = t["meetings"]["date"].to_numpy()
                when = np.array([d.toordinal() for d in dates[t["boot_first"][:, v]]], dtype=np.float64)
                days[i] = np.where(t["boot_p"][:, v] <= threshold, when, np.inf)
            earliest = days.min(axis=0)
            winners = (days == earliest) & np.isfinite(earliest)
            shares = winners / np.maximum(winners.sum(axis=0), 1)
            for i, t in enumerate(boots):
                first[t["group"]] = float(shares[i].mean())
            p_none = float((~np.isfinite(earliest)).mean())
        records.append(
            {"value": name, "n_adopted": len(order), "order": [(g, d) for d, g in order],
             "first_group": order[0][1] if order else None, "p_first": first, "p_none": p_none}  # fmt: skip
        )
    return pd.DataFrame.from_records(records, columns=["value", "n_adopted", "order", "first_group", "p_first", "p_none"])
