from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from chartertext.errors import ChartertextError
from chartertext.topics.over_time import (
    FREQUENCIES,
    SHARE_COLUMNS,
    period_labels,
    topic_shares,
    topics_over_time,
    topics_per_group,
    topics_per_group_period,
)


def test_over_time_shares_count_every_topic_in_every_cell():
    topics = [0, 0, 1, 2, 2, 2]
    groups = ["A", "A", "A", "B", "B", "A"]
    periods = ["2020", "2021", "2021", "2020", "2020", "2021"]
    table = topic_shares(topics, {"group": groups, "period": periods}, labels={0: "logement", 1: "santé"})
    assert list(table.columns) == ["group", "period", *SHARE_COLUMNS]
    # 3 observed cells × 3 topics, absent topics as 0
    assert len(table) == 9
    cell = table[(table.group == "A") & (table.period == "2021")].set_index("topic")
    assert cell["count"].to_dict() == {0: 1, 1: 1, 2: 1}
    assert cell["total"].unique().tolist() == [3]
    b2020 = table[(table.group == "B") & (table.period == "2020")].set_index("topic")
    assert b2020["share"].to_dict() == {0: 0.0, 1: 0.0, 2: 1.0}
    assert table.groupby(["group", "period"])["share"].sum().tolist() == pytest.approx([1.0, 1.0, 1.0])
    assert table.set_index("topic")["label"].to_dict() == {0: "logement", 1: "santé", 2: ""}


def test_over_time_missing_keys_form_their_own_cell():
    table = topic_shares([0, 1, 1], {"group": ["A", None, np.nan]}, topic_ids=[0, 1, 2])
    missing = table[table["group"].isna()]
    assert missing["count"].tolist() == [0, 2, 0] and missing["total"].tolist() == [2, 2, 2]
    assert table["group"].tolist()[-1] is None or pd.isna(table["group"].tolist()[-1])


def test_over_time_rejects_keys_of_the_wrong_length():
    with pytest.raises(ChartertextError, match="period has 2 values but there are 3 segments"):
        topic_shares([0, 1, 1], {"period": ["2020", "2021"]})


@pytest.mark.parametrize(("freq", "label"), [("Y", "2021"), ("Q", "2021Q3"), ("M", "2021-07"), ("D", "2021-07-14")])
def test_over_time_period_labels_for_each_documented_frequency(freq, label):
    assert freq in FREQUENCIES
    assert period_labels([dt.date(2021, 7, 14), "2021-07-14", None, ""], freq) == [label, label, None, None]


def test_over_time_period_labels_reject_non_dates():
    with pytest.raises(ChartertextError, match="'14 juillet'"):
        period_labels(["14 juillet"], "Y")
    with pytest.raises(ChartertextError, match="freq"):
        period_labels(["2021-01-01"], "W")


@pytest.mark.slow
def test_over_time_group_by_period_sums_to_one_with_words(planted, planted_model):
    texts, themes, _ = planted
    groups = ["commission A" if i % 2 else "commission B" for i in range(len(texts))]
    dates = [dt.date(2019 + i % 3, 1 + i % 12, 10) for i in range(len(texts))]
    table = topics_per_group_period(planted_model, groups, dates, texts=texts)
    assert list(table.columns) == ["group", "period", *SHARE_COLUMNS, "words"]
    sums = table.groupby(["group", "period"])["share"].sum()
    assert len(sums) == 6 and np.allclose(sums, 1.0)
    cells = table.groupby(["group", "period"])
    assert (cells["count"].sum() == cells["total"].first()).all()
    # words appear exactly where the topic has segments in the cell, in the French vocabulary
    assert ((table["count"] > 0) == (table["words"].map(len) > 0)).all()
    assert not any("'" in w for ws in table["words"] for w in ws)


@pytest.mark.slow
def test_over_time_per_period_and_group_match_the_assignments(planted, planted_model):
    texts, _, _ = planted
    periods = ["avant" if i < 60 else "après" for i in range(len(texts))]
    over_time = topics_over_time(planted_model, periods=periods)
    expected = pd.Series(planted_model.topics_[:60]).value_counts()
    avant = over_time[over_time.period == "avant"].set_index("topic")["count"]
    assert avant[avant > 0].to_dict() == expected.to_dict()
    per_group = topics_per_group(planted_model, ["A"] * len(texts))
    assert per_group["count"].sum() == len(texts) and per_group["share"].sum() == pytest.approx(1.0)
    with pytest.raises(ChartertextError, match="either dates"):
        topics_over_time(planted_model)
