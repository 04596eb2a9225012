"""Value adoption: when each group first speaks of each value, and how values spread between groups.

:func:`value_adoption` reads the minutes' segments with a :class:`~chartertext.values.ValueLexicon`
and answers three questions a researcher asks of a collaborative process:

- *first mentions* — for each value and group, the first time the group speaks of it, with the
  quote that proves it;
- *spread* — in which order the groups adopted each value, and how long the value took to go
  from the first group to the last;
- *share by period* — in each period, the share of the groups present that mention each value,
  and the share of each group's segments that mention any value.

Definitions
-----------
mention
    One occurrence of one of a value's terms (:meth:`ValueLexicon.find`: whole words, accents
    significant, longest term wins). A segment naming "dignité" twice holds two mentions.
adoption
    A group *adopts* a value in the first period in which it mentions the value at least
    ``min_mentions`` times (default 1: the first mention). The adoption date is the date of the
    group's first mention *in that period*. With ``min_mentions=2``, a single technical use early
    on ("dans le respect du RGPD", "le fonds de solidarité pour le logement") no longer counts as
    adoption, while a value the group really takes up, named again and again, still does.
present
    A group is present in a period when it has at least one segment there.

The first mention moves earlier for a group that meets more or writes more; ``rates``
(:mod:`.adoption_rates`) measures mentions per 1,000 words and dates adoption against each
group's own baseline, with censoring, Benjamini–Hochberg control and a bootstrapped diffusion order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ConfigError, CorpusError
from ..jsonsafe import is_missing, json_records, json_value
from ..periods import PeriodTable
from ..values import ValueLexicon
from .adoption_rates import RateAdoption, RateSettings, rate_adoption
from .design import MEETING_COLUMNS
from .inputs import as_date, period_order
from .quotes import quote_around

#: Columns :func:`value_adoption` reads.
ADOPTION_COLUMNS: tuple[str, ...] = ("group", "date", "text", "segment_id", "doc_id")

@dataclass(frozen=True)
class ValueAdoption:
    """When each group first speaks of each value, and how the values spread.

    Attributes
    ----------
    first_mentions : pandas.DataFrame
        One row per (value, group) with at least one mention, sorted by value (lexicon order)
        then date: ``value``, ``group``, ``date`` (datetime.date of the first mention),
        ``period``, ``doc_id``, ``segment_id``, ``quote`` (the sentence around that mention,
        ≤ 300 characters, whitespace collapsed), ``mentions`` (int, all mentions by the group),
        ``segments`` (int, segments of the group mentioning the value), ``adopted_period`` and
        ``adopted_date`` (see the module's definition of adoption; None when the group never
        reaches ``min_mentions`` mentions in one period).
    spread : pandas.DataFrame
        One row per value of the lexicon, lexicon order: ``value``, ``n_groups`` (groups that
        adopted it), ``order`` (list of (group, datetime.date) in order of adoption; ties by
        group name), ``first_group``, ``first_date``, ``last_date``, ``lag_days`` (days from the
        first adoption to the last; 0 with one group; None with none).
    share_by_period : pandas.DataFrame
        One row per (period, value), periods chronological: ``period``, ``value``,
        ``n_present`` (groups present in the period), ``n_mentioning`` (present groups
        mentioning the value at least once in the period), ``share`` (their ratio; NaN when no
        group is present), ``n_adopted`` (groups that adopted the value in this period or
        before), ``adopted_share`` (``n_adopted`` over all groups of the corpus), ``flagged``
        (the period is flagged in the PeriodTable given, else False).
    value_talk : pandas.DataFrame
        One row per (period, group) present: ``period``, ``group``, ``n_segments``,
        ``n_with_value`` (segments mentioning any value), ``share``.
    groups : tuple of str
        Every group of the segments table, sorted.
    periods : tuple of str
        Period labels, chronological.
    min_mentions : int
    lexicon_source : str
    warnings : tuple of str
    rates : RateAdoption or None
        Adoption as rates (:mod:`.adoption_rates`); its summary keys are added to this one's.
    """

    first_mentions: pd.DataFrame
    spread: pd.DataFrame
    share_by_period: pd.DataFrame
    value_talk: pd.DataFrame
    groups: tuple[str, ...]
    periods: tuple[str, ...]
    min_mentions: int
    lexicon_source: str
    warnings: tuple[str, ...] = ()
    rates: RateAdoption | None = None

    def to_summary(self) -> dict[str, Any]:
        """The ``values`` section of ``summary.json``: plain records, ISO dates, NaN as null.

        Keys
        ----
        ``first_mentions``: list of {value, group, date, period, doc_id, segment_id, quote,
        mentions, adopted_period, adopted_date};
        ``spread``: list of {value, n_groups, order: [{group, date}], first_group, lag_days};
        ``share_by_period``: list of {period, value, share, n_mentioning, n_present,
        adopted_share, flagged};
        ``value_talk``: list of {period, group, share, n_with_value, n_segments};
        ``groups``, ``periods``, ``min_mentions``, ``lexicon``, ``warnings``; and
        :meth:`RateAdoption.to_summary`'s ``rates``, ``rate_adoption``, ``diffusion``, ``rate_method``.
        """
        first = self.first_mentions[
            ["value", "group", "date", "period", "doc_id", "segment_id", "quote", "mentions"]
            + ["adopted_period", "adopted_date"]
        ]
        spread = [
            {
                "value": row["value"],
                "n_groups": int(row["n_groups"]),
                "order": [{"group": g, "date": json_value(d)} for g, d in row["order"]],
                "first_group": json_value(row["first_group"]),
                "lag_days": json_value(row["lag_days"]),
            }
            for row in self.spread.to_dict("records")
        ]
        shares = self.share_by_period[
            ["period", "value", "share", "n_mentioning", "n_present", "adopted_share", "flagged"]
        ]
        talk = self.value_talk[["period", "group", "share", "n_with_value", "n_segments"]]
        return {
            "first_mentions": json_records(first),
            "spread": spread,
            "share_by_period": json_records(shares),
            "value_talk": json_records(talk),
            "groups": list(self.groups),
            "periods": list(self.periods),
            "min_mentions": self.min_mentions,
            "lexicon": self.lexicon_source,
            "warnings": list(self.warnings),
        } | (self.rates.to_summary() if self.rates is not None else {})


def value_adoption(
    segments: pd.DataFrame,
    lexicon: ValueLexicon,
    *,
    periods: PeriodTable | None = None,
    min_mentions: int = 1,
    rate_settings: RateSettings | None = None,
) -> ValueAdoption:
    """Find when each group first speaks of each value and how the values spread.

    Parameters
    ----------
    segments : pandas.DataFrame
        Minutes segments with columns ``group``, ``date`` (datetime.date, ISO string or
        Timestamp), ``text``, ``segment_id``, ``doc_id``, and optionally ``period`` (labels from
        :func:`chartertext.periods.assign_periods`). Rows of ``doc_kind == "charter"`` (when the
        column exists) are left out: a charter is what the groups converge *to*, not a group's
        talk. Rows without a group or a date are left out. Both are counted in ``warnings``.
    lexicon : ValueLexicon
        The values and their word forms (:func:`chartertext.values.load_lexicon`).
    periods : PeriodTable, optional
        Gives the period of each row when ``segments`` has no ``period`` column, the
        chronological order of the periods and their flags. Without either, each meeting date is
        its own period (ISO date label, as ``freq="session"``).
    min_mentions : int, default 1
        Mentions of a value a group needs within one period to count as adopting it (see the
        module docstring). 1 makes adoption the first mention.
    rate_settings : RateSettings, optional
        Settings of adoption as rates; default ``RateSettings()``. The meeting is the column
        ``meeting`` if present, else ``doc_id``.

    Returns
    -------
    ValueAdoption

    Raises
    ------
    CorpusError
        A required column is missing, or ``periods`` does not match the rows.
    ConfigError
        ``min_mentions`` is below 1.

    Examples
    --------
    >>> from chartertext.values import load_lexicon
    >>> rows = pd.DataFrame({"group": ["a", "b"], "date": ["2024-01-10", "2024-03-02"],
    ...     "text": ["La dignité d'abord.", "Une question de dignité."],
    ...     "segment_id": ["a:0000", "b:0000"], "doc_id": ["a", "b"]})
    >>> spread = value_adoption(rows, load_lexicon()).spread.set_index("value")
    >>> int(spread.loc["dignité", "lag_days"])
    52
    """
    if min_mentions < 1:
        raise ConfigError(f"min_mentions must be at least 1, got {min_mentions}. Fix: use 1 (first mention) or 2.")
    table, order, flags, warnings = _prepare(segments, periods)
    hits = _find_mentions(table, lexicon)
    first = _first_mentions(table, hits, lexicon, min_mentions)
    groups = tuple(sorted(table["group"].unique()))
    return ValueAdoption(
        first_mentions=first,
        spread=_spread(first, lexicon),
        share_by_period=_share_by_period(table, hits, first, lexicon, order, flags, len(groups)),
        value_talk=_value_talk(table, hits, order),
        groups=groups,
        periods=tuple(order),
        min_mentions=min_mentions,
        lexicon_source=lexicon.source,
        warnings=tuple(warnings),
        rates=rate_adoption(table, hits, lexicon.names, order, rate_settings or RateSettings()),
    )


def _prepare(
    segments: pd.DataFrame, periods: PeriodTable | None
) -> tuple[pd.DataFrame, list[str], dict[str, bool], list[str]]:
    """Rows with a group and a date, their period labels, the period order and flags."""
    missing = [c for c in ADOPTION_COLUMNS if c not in segments.columns]
    if missing:
        raise CorpusError(
            f"the segments table lacks column(s) {', '.join(missing)} (has {', '.join(map(str, segments.columns))}). "
            f"Fix: pass the segments table of chartertext.corpus.ingest_corpus (minutes rows)."
        )
    warnings: list[str] = []
    table = pd.DataFrame(
        {
            "group": segments["group"].astype(object).to_numpy(),
            "date": [as_date(v, f"row {i}") for i, v in enumerate(segments["date"])],
            "text": segments["text"].astype(object).to_numpy(),
            "segment_id": segments["segment_id"].astype(object).to_numpy(),
            "doc_id": segments["doc_id"].astype(object).to_numpy(),
        }
    )
    meeting = next(c for c in MEETING_COLUMNS if c in segments.columns)
    table["meeting"] = segments[meeting].astype(object).to_numpy()
    if "period" in segments.columns:
        table["period"] = segments["period"].astype(object).to_numpy()
    elif periods is not None:
        if len(periods.labels) != len(segments):
            raise CorpusError(
                f"the PeriodTable has {len(periods.labels)} labels but the segments table {len(segments)} rows. "
                f"Fix: pass the PeriodTable assign_periods built from these same rows."
            )
        table["period"] = list(periods.labels)
    else:
        table["period"] = [None if d is None else d.isoformat() for d in table["date"]]
    keep = np.ones(len(table), dtype=bool)
    if "doc_kind" in segments.columns:
        charter = (segments["doc_kind"].astype(object) == "charter").fillna(False).to_numpy(dtype=bool)
        if charter.any():
            warnings.append(f"{int(charter.sum())} charter segment(s) left out: adoption is measured on minutes.")
        keep &= ~charter
    known = ~table[["group", "date", "period"]].map(is_missing).to_numpy(dtype=bool).any(axis=1)
    if (keep & ~known).any():
        warnings.append(
            f"{int((keep & ~known).sum())} segment(s) without a group, a date or a period left out. "
            f"Fix: give their documents a group and a date in the manifest."
        )
    table = table[keep & known].reset_index(drop=True)
    table["group"] = table["group"].astype(str)
    table["period"] = table["period"].astype(str)
    present = set(table["period"])
    order = [p for p in period_order(sorted(present), periods) if p in present]
    flags = {} if periods is None else dict(zip(periods.periods["period"], periods.periods["flagged"].astype(bool)))
    return table, order, {p: bool(flags.get(p, False)) for p in order}, warnings


def _find_mentions(table: pd.DataFrame, lexicon: ValueLexicon) -> pd.DataFrame:
    """One row per mention: row index, value, offsets."""
    rows = [
        (i, name, start, end)
        for i, text in enumerate(table["text"])
        if isinstance(text, str)
        for name, start, end in lexicon.find(text)
    ]
    hits = pd.DataFrame(rows, columns=["row", "value", "start", "end"])
    hits = hits.astype({"row": np.int64, "start": np.int64, "end": np.int64, "value": object})
    for column in ("group", "date", "period", "segment_id", "doc_id"):
        hits[column] = table[column].to_numpy(dtype=object)[hits["row"].to_numpy()]
    return hits


def _first_mentions(table: pd.DataFrame, hits: pd.DataFrame, lexicon: ValueLexicon, min_mentions: int) -> pd.DataFrame:
    rank = {name: i for i, name in enumerate(lexicon.names)}
    columns = ["value", "group", "date", "period", "doc_id", "segment_id", "quote", "mentions", "segments"]
    columns += ["adopted_period", "adopted_date"]
    records = []
    # Reading order within a date: row index follows the segments table, which is in reading order.
    ordered = hits.sort_values(["date", "row", "start"], kind="stable")
    for (value, group), mentions in ordered.groupby(["value", "group"], sort=False):
        first = mentions.iloc[0]
        per_period = mentions.groupby("period", sort=False).size()
        adopted = next((p for p, n in per_period.items() if n >= min_mentions), None)
        records.append(
            {
                "value": value,
                "group": group,
                "date": first["date"],
                "period": first["period"],
                "doc_id": first["doc_id"],
                "segment_id": first["segment_id"],
                "quote": quote_around(table["text"].iat[first["row"]], int(first["start"]), int(first["end"])),
                "mentions": len(mentions),
                "segments": mentions["row"].nunique(),
                "adopted_period": adopted,
                "adopted_date": None if adopted is None else mentions["date"][mentions["period"] == adopted].iloc[0],
            }
        )
    frame = pd.DataFrame.from_records(records, columns=columns)
    frame["_rank"] = frame["value"].map(rank)
    frame = frame.sort_values(["_rank", "date", "group"], kind="stable").reset_index(drop=True)
    return frame.drop(columns=["_rank"])


def _spread(first: pd.DataFrame, lexicon: ValueLexicon) -> pd.DataFrame:
    records = []
    for value in lexicon.names:
        adopted = first[(first["value"] == value) & ~first["adopted_date"].map(is_missing).astype(bool)]
        order = sorted(zip(adopted["adopted_date"], adopted["group"]))
        records.append(
            {
                "value": value,
                "n_groups": len(order),
                "order": [(group, day) for day, group in order],
                "first_group": order[0][1] if order else None,
                "first_date": order[0][0] if order else None,
                "last_date": order[-1][0] if order else None,
                "lag_days": (order[-1][0] - order[0][0]).days if order else None,
            }
        )
    frame = pd.DataFrame.from_records(records)
    frame["lag_days"] = frame["lag_days"].astype("Int64")
    return frame


def _share_by_period(
    table: pd.DataFrame,
    hits: pd.DataFrame,
    first: pd.DataFrame,
    lexicon: ValueLexicon,
    order: Sequence[str],
    flags: dict[str, bool],
    n_groups: int,
) -> pd.DataFrame:
    present = table.groupby("period")["group"].nunique()
    mentioning = hits.groupby(["period", "value"])["group"].nunique()
    position = {p: i for i, p in enumerate(order)}
    adopted_at = {
        (v, g): position[p]
        for v, g, p in zip(first["value"], first["group"], first["adopted_period"])
        if not is_missing(p)
    }
    records = []
    for period in order:
        n_present = int(present.get(period, 0))
        for value in lexicon.names:
            n_mentioning = int(mentioning.get((period, value), 0))
            n_adopted = sum(1 for (v, _), at in adopted_at.items() if v == value and at <= position[period])
            records.append(
                {
                    "period": period,
                    "value": value,
                    "n_present": n_present,
                    "n_mentioning": n_mentioning,
                    "share": n_mentioning / n_present if n_present else float("nan"),
                    "n_adopted": n_adopted,
                    "adopted_share": n_adopted / n_groups if n_groups else float("nan"),
                    "flagged": flags[period],
                }
            )
    return pd.DataFrame.from_records(
        records,
        columns=["period", "value", "n_present", "n_mentioning", "share", "n_adopted", "adopted_share", "flagged"],
    )


def _value_talk(table: pd.DataFrame, hits: pd.DataFrame, order: Sequence[str]) -> pd.DataFrame:
    with_value = np.zeros(len(table), dtype=bool)
    with_value[hits["row"].to_numpy()] = True
    frame = table[["period", "group"]].assign(with_value=with_value)
    out = frame.groupby(["period", "group"], sort=False).agg(
        n_segments=("with_value", "size"), n_with_value=("with_value", "sum")
    )
    out = out.reset_index()
    out["n_with_value"] = out["n_with_value"].astype(np.int64)
    out["share"] = out["n_with_value"] / out["n_segments"]
    out["_order"] = out["period"].map({p: i for i, p in enumerate(order)})
    return out.sort_values(["_order", "group"]).drop(columns="_order").reset_index(drop=True)
