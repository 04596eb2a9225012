"""The planted-corpus generator: contract of the segments table, the planted shares, the truth."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from chartertext.errors import ConfigError
from chartertext.periods import assign_periods
from chartertext.records import DOC_KINDS, SEGMENT_COLUMNS, SEGMENT_KINDS
from chartertext.synthetic.minutes import generate_planted_corpus, planted_onset, planted_truth
from chartertext.synthetic.templates import SHARED_POOLS, THEMES


def test_planted_table_follows_the_segments_contract():
    df = generate_planted_corpus([0.2, 0.6], segments_per_cell=5, seed=1)
    assert tuple(df.columns) == SEGMENT_COLUMNS
    assert set(df["kind"]) <= set(SEGMENT_KINDS) and set(df["doc_kind"]) <= set(DOC_KINDS)
    assert df["segment_id"].is_unique
    documents = planted_truth(df).documents
    assert set(df["doc_id"]) == set(documents)
    for row in df.itertuples():
        assert documents[row.doc_id][row.start : row.end] == row.text
        assert row.segment_id.startswith(f"{row.doc_id}:")


def test_planted_one_meeting_per_group_and_period_with_month_labels():
    df = generate_planted_corpus([0.1, 0.5, 0.9], groups=("logement", "emploi"), segments_per_cell=4,
                                 start=dt.date(2022, 11, 1))  # fmt: skip
    truth = planted_truth(df)
    assert truth.periods == ("2022-11", "2022-12", "2023-01")
    assert df.groupby("group")["doc_id"].nunique().to_dict() == {"emploi": 3, "logement": 3}
    labels = assign_periods(df["date"], df["group"], "month", min_segments=4).labels
    assert sorted(set(labels)) == list(truth.periods)


def test_planted_share_of_shared_paragraphs_follows_the_schedule():
    schedule = [0.0, 0.4, 1.0]
    df = generate_planted_corpus(schedule, segments_per_cell=10, seed=2)
    shared = planted_truth(df).shared
    df = df.assign(shared=shared, period=assign_periods(df["date"], df["group"], "month", min_segments=1).labels)
    observed = df.groupby(["period", "group"])["shared"].mean().unstack()
    for t, share in enumerate(schedule):
        assert (observed.iloc[t] == share).all()


def test_planted_shared_paragraphs_use_no_theme_words_and_theme_paragraphs_no_value_words():
    df = generate_planted_corpus([0.5], groups=("logement", "santé"), segments_per_cell=20, seed=3)
    shared = planted_truth(df).shared
    theme_phrases = {p for theme in THEMES.values() for pool in theme.values() for p in pool}
    value_phrases = set(SHARED_POOLS["valeur"])
    for text, is_shared in zip(df["text"], shared):
        if is_shared:
            assert not any(p in text for p in theme_phrases), text
        else:
            assert not any(p in text for p in value_phrases), text


def test_planted_same_seed_same_corpus_other_seed_other_text():
    a = generate_planted_corpus([0.3, 0.7], segments_per_cell=6, seed=5)
    b = generate_planted_corpus([0.3, 0.7], segments_per_cell=6, seed=5)
    c = generate_planted_corpus([0.3, 0.7], segments_per_cell=6, seed=6)
    assert a.equals(b)
    assert list(a["text"]) != list(c["text"])


def test_planted_text_is_varied_french_with_accents():
    df = generate_planted_corpus([0.5] * 4, segments_per_cell=25, seed=0)
    assert df["text"].nunique() == len(df)  # no repeated paragraph among 300
    assert df["text"].str.contains("[éèàç]").mean() > 0.9
    assert not df["text"].str.contains(r"\bà les\b|\bde les\b|\bque un\b").any()


@pytest.mark.parametrize(
    ("schedule", "onset"),
    [([0.1, 0.1, 0.1, 0.1, 0.8, 0.8], 4), ([0.3] * 6, None), ([0.8, 0.8, 0.1, 0.1], None), ([0.1, 0.5], 1)],
)
def test_planted_truth_onset_is_the_upward_step(schedule, onset):
    assert planted_onset(schedule) == onset
    assert planted_truth(generate_planted_corpus(schedule, segments_per_cell=1)).onset == onset


def test_planted_rejects_bad_schedule_and_unknown_group():
    with pytest.raises(ConfigError, match="1.5"):
        generate_planted_corpus([0.2, 1.5])
    with pytest.raises(ConfigError, match="culture"):
        generate_planted_corpus([0.2], groups=("logement", "culture"))


def test_planted_truth_missing_is_a_clear_error():
    df = generate_planted_corpus([0.5], segments_per_cell=2)
    rebuilt = pd.DataFrame(df.to_dict("list"))  # a table rebuilt from its columns loses attrs
    with pytest.raises(ConfigError, match="planted truth"):
        planted_truth(rebuilt)
