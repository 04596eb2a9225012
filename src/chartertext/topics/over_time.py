"""How much each topic weighs over time, per group, and per group × period.

BERTopic has ``topics_over_time`` and ``topics_per_class`` but nothing for a class crossed
with time, and its tables only list the topics present in a cell. Every table here is
computed the same way, by :func:`topic_shares`: for each cell (a period, a group, or a
(group, period) pair) that holds at least one segment, one row per topic of the model with
the number of the cell's segments in that topic (``count``), the cell's number of segments
(``total``) and ``share = count / total``, so the shares of a cell sum to 1 and absent
topics show as 0 rather than missing rows. Segments whose key is missing (no date, no
group) form their own cell with a missing key; they are counted, not dropped.

With ``texts`` (the fitted texts, in the fitted order), a ``words`` column gives the
topic's words within the cell, from BERTopic's ``topics_per_class`` (c-TF-IDF of the cell's
segments, averaged with the topic's global c-TF-IDF), through the same French vocabulary.

Periods are labels: pass your own (``chartertext.periods`` builds them) or dates with a
frequency (``"Y"``, ``"Q"``, ``"M"``, ``"D"``) to bin them into pandas periods.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ChartertextError
from ..jsonsafe import is_missing
from .model import OUTLIER_LABEL, TopicModel

#: Frequencies accepted by :func:`period_labels`, and what they mean.
FREQUENCIES: dict[str, str] = {"Y": "year", "Q": "quarter", "M": "month", "D": "day"}
#: Columns every share table ends with (after its key columns).
SHARE_COLUMNS: tuple[str, ...] = ("topic", "label", "count", "total", "share")


def topic_shares(
    topics: Sequence[int] | np.ndarray,
    keys: Mapping[str, Sequence[Any]],
    *,
    topic_ids: Sequence[int] | None = None,
    labels: Mapping[int, str] | None = None,
) -> pd.DataFrame:
    """Count and share of each topic in each cell defined by ``keys``.

    Parameters
    ----------
    topics : sequence of int, length n
        Topic of each segment.
    keys : mapping of str to sequence, each of length n
        Cell keys, e.g. ``{"group": groups, "period": periods}``; missing values allowed.
    topic_ids : sequence of int or None, default None
        Topics to list in every cell; ``None`` means the topics present in ``topics``.
    labels : mapping of int to str or None, default None
        Topic labels for the ``label`` column (missing ones are "").

    Returns
    -------
    pandas.DataFrame
        The key columns, then ``SHARE_COLUMNS``; one row per (cell, topic), sorted by keys
        (missing last) then topic.

    Examples
    --------
    >>> t = topic_shares([0, 0, 1, 1], {"period": ["2020", "2020", "2020", "2021"]})
    >>> t[["period", "topic", "count", "share"]].values.tolist()
    [['2020', 0, 2, 0.6666666666666666], ['2020', 1, 1, 0.3333333333333333], ['2021', 0, 0, 0.0], ['2021', 1, 1, 1.0]]
    """
    topic_arr = np.asarray(topics, dtype=int)
    if not keys:
        raise ChartertextError("topic_shares needs at least one key (e.g. periods or groups)")
    for name, values in keys.items():
        if len(values) != len(topic_arr):
            raise ChartertextError(
                f"{name} has {len(values)} values but there are {len(topic_arr)} segments. "
                f"Pass one {name} per fitted segment, in the fitted order"
            )
    names = list(keys)
    codes: dict[str, np.ndarray] = {}
    uniques: dict[str, pd.Index] = {}
    for name in names:
        # Codes rather than values: merging on missing keys is then unambiguous.
        codes[name], uniques[name] = _factorize(keys[name])
    frame = pd.DataFrame({**{n: codes[n] for n in names}, "topic": topic_arr})
    counts = frame.groupby(names + ["topic"]).size().rename("count").reset_index()
    totals = frame.groupby(names).size().rename("total").reset_index()
    ids = sorted(set(topic_arr.tolist())) if topic_ids is None else sorted(int(t) for t in topic_ids)
    grid = totals.merge(pd.DataFrame({"topic": ids}), how="cross")
    table = grid.merge(counts, on=names + ["topic"], how="left")
    table["count"] = table["count"].fillna(0).astype(int)
    table["share"] = table["count"] / table["total"]
    table = table.sort_values(names + ["topic"], kind="stable").reset_index(drop=True)
    for name in names:
        table[name] = uniques[name].take(table[name].to_numpy()).array
    label_of = dict(labels or {})
    table["label"] = [label_of.get(int(t), OUTLIER_LABEL if t == -1 else "") for t in table["topic"]]
    return table[names + list(SHARE_COLUMNS)]


def period_labels(dates: Sequence[Any], freq: str = "Y") -> list[str | None]:
    """Bin dates into period labels ("2021", "2021Q3", "2021-07", "2021-07-14").

    Parameters
    ----------
    dates : sequence of date, datetime, str or None
        Missing values (None, NaT, "") give None.
    freq : {"Y", "Q", "M", "D"}, default "Y"

    Raises
    ------
    chartertext.errors.ChartertextError
        Unknown ``freq``, or a value that is not a date (the message quotes it).
    """
    if freq not in FREQUENCIES:
        raise ChartertextError(f"freq must be one of {sorted(FREQUENCIES)}, got {freq!r}")
    labels: list[str | None] = []
    for value in dates:
        if value is None or (isinstance(value, str) and not value.strip()) or value is pd.NaT:
            labels.append(None)
            continue
        try:
            stamp = pd.Timestamp(value)
        except (ValueError, TypeError) as exc:
            raise ChartertextError(
                f"{value!r} is not a date ({exc}). Give dates as YYYY-MM-DD or datetime.date"
            ) from exc
        labels.append(None if pd.isna(stamp) else str(stamp.to_period(freq)))
    return labels


def topics_over_time(
    model: TopicModel,
    dates: Sequence[Any] | None = None,
    *,
    periods: Sequence[Any] | None = None,
    freq: str = "Y",
    texts: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Share of each topic per period, for the segments the model was fitted on.

    Parameters
    ----------
    model : TopicModel
    dates : sequence or None
        One date per fitted segment, binned with ``freq``; or give ``periods``.
    periods : sequence or None
        One period label per fitted segment (used as is).
    freq : {"Y", "Q", "M", "D"}, default "Y"
    texts : sequence of str or None
        The fitted texts; adds a ``words`` column (topic words within each period).

    Returns
    -------
    pandas.DataFrame
        ``period`` then ``SHARE_COLUMNS`` (then ``words``).
    """
    return _table(model, {"period": _periods(dates, periods, freq)}, texts)


def topics_per_group(model: TopicModel, groups: Sequence[Any], *, texts: Sequence[str] | None = None) -> pd.DataFrame:
    """Share of each topic per group (commission, council, document kind, ...).

    Returns
    -------
    pandas.DataFrame
        ``group`` then ``SHARE_COLUMNS`` (then ``words`` with ``texts``).
    """
    return _table(model, {"group": list(groups)}, texts)


def topics_per_group_period(
    model: TopicModel,
    groups: Sequence[Any],
    dates: Sequence[Any] | None = None,
    *,
    periods: Sequence[Any] | None = None,
    freq: str = "Y",
    texts: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Share of each topic per (group, period) cell, which BERTopic does not offer.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``period``, then ``SHARE_COLUMNS`` (then ``words`` with ``texts``);
        the shares of each (group, period) sum to 1.
    """
    return _table(model, {"group": list(groups), "period": _periods(dates, periods, freq)}, texts)


def _periods(dates: Sequence[Any] | None, periods: Sequence[Any] | None, freq: str) -> list[Any]:
    if (dates is None) == (periods is None):
        raise ChartertextError("give either dates (binned with freq) or periods (labels), not both or neither")
    return period_labels(dates, freq) if dates is not None else list(periods)  # type: ignore[arg-type]


def _table(model: TopicModel, keys: dict[str, list[Any]], texts: Sequence[str] | None) -> pd.DataFrame:
    table = topic_shares(model.topics_, keys, topic_ids=model.topic_ids_.tolist(), labels=model.labels_)
    if texts is not None:
        table["words"] = _words_per_cell(model, keys, list(texts), table)
    return table


def _words_per_cell(
    model: TopicModel, keys: dict[str, list[Any]], texts: list[str], table: pd.DataFrame
) -> list[list[str]]:
    """Topic words inside each cell, via BERTopic's topics_per_class on integer cell ids."""
    if len(texts) != len(model.topics_):
        raise ChartertextError(
            f"texts has {len(texts)} values but the model was fitted on {len(model.topics_)} segments. "
            "Pass the fitted texts, in the fitted order"
        )
    names = list(keys)
    cell_of_segment = pd.MultiIndex.from_arrays([_factorize(keys[n])[0] for n in names]) if len(names) > 1 else None
    if cell_of_segment is None:
        cell_codes, _ = _factorize(keys[names[0]])
    else:
        cell_codes = pd.factorize(cell_of_segment)[0]
    per_class = model.bertopic.topics_per_class(texts, classes=cell_codes.tolist())
    words = {(int(r.Class), int(r.Topic)): [w for w in str(r.Words).split(", ") if w] for r in per_class.itertuples()}
    # Map each table row back to its cell code through the first segment of that cell.
    first_segment = pd.Series(range(len(cell_codes))).groupby(cell_codes).first()
    key_of_cell = {
        tuple(_key(keys[n][i]) for n in names): int(code) for code, i in first_segment.items()
    }
    out: list[list[str]] = []
    for row in table.itertuples(index=False):
        code = key_of_cell[tuple(_key(getattr(row, n)) for n in names)]
        out.append(words.get((code, int(row.topic)), []))
    return out


def _factorize(values: Sequence[Any]) -> tuple[np.ndarray, pd.Index]:
    cleaned = [None if is_missing(v) else v for v in values]
    codes, uniques = pd.factorize(pd.Series(cleaned, dtype=object), sort=True, use_na_sentinel=False)
    return np.asarray(codes), pd.Index(uniques, dtype=object)



def _key(value: Any) -> Any:
    return None if is_missing(value) else value
