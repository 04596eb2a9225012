"""Adoption as rates against planted truth: unequal volume and frequency, known adoption meetings, a null."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from chartertext.errors import ConfigError
from chartertext.metrics.adoption import value_adoption
from chartertext.metrics.adoption_rates import RateSettings
from chartertext.metrics.rise import exceedance_p_values, rise_scan, split_range
from chartertext.metrics.stats import permutation_p_value
from chartertext.synthetic.adoption import PlantedGroup, planted_adoption
from chartertext.synthetic.adoption_calibration import adoption_study
from chartertext.values import ValueLexicon, load_lexicon

FAST = RateSettings(n_permutations=199, n_bootstrap=50)
GROUPS = {"petit": PlantedGroup(200, 28), "grand": PlantedGroup(2000, 7), "muet": PlantedGroup(1000, 14)}
PLAN = {("dignité", "grand"): 0.3, ("dignité", "petit"): 0.6, ("écoute", "grand"): 0.55}


@pytest.fixture(scope="module")
def lexicon() -> ValueLexicon:
    return load_lexicon()


@pytest.fixture(scope="module")
def planted(lexicon):
    corpus = planted_adoption(GROUPS, PLAN, ("dignité", "écoute"), seed=5, lexicon=lexicon)
    return corpus, value_adoption(corpus.segments, lexicon, rate_settings=FAST)


def test_rise_scan_finds_the_split_whatever_the_volume():
    counts = np.array([0, 1, 0, 0, 4, 3, 5, 4], dtype=float)[None, :, None]
    words = np.full((1, 8), 100.0)
    splits = split_range(8, 3, 2)
    stat, split = rise_scan(words, counts, splits)
    big_stat, big_split = rise_scan(words * 10, counts * 10, splits)
    assert split[0, 0] == big_split[0, 0] == 4  # the first meeting of the higher rate
    # Ten times the words and mentions at the same rates: the same ranks, the same statistic.
    assert big_stat[0, 0] == pytest.approx(stat[0, 0])
    assert np.isnan(rise_scan(words, np.zeros((1, 8, 1)), splits)[0][0, 0])  # no mention, nothing rises


def test_exceedance_p_values_match_the_scalar_permutation_p_value():
    rng = np.random.default_rng(0)
    null = rng.normal(size=(99, 3))
    null[5, 1] = np.nan
    observed = np.array([0.5, 2.5, np.nan])
    p = exceedance_p_values(observed, null)
    assert p[0] == pytest.approx(permutation_p_value(0.5, null[:, 0]))
    assert p[1] == pytest.approx(permutation_p_value(2.5, null[:, 1]))
    assert np.isnan(p[2])


def test_adoption_rates_date_planted_adoptions_near_the_truth(planted):
    corpus, result = planted
    truth = corpus.truth.set_index(["value", "group"])
    found = result.rates.adoption.set_index(["value", "group"])
    for key in [("dignité", "grand"), ("écoute", "grand")]:
        assert found.loc[key, "status"] == "adopted"
        error = (found.loc[key, "adopted_date"] - truth.loc[key, "date"]).days
        assert abs(error) <= 14, (key, error)  # two weekly meetings
        assert found.loc[key, "before_high"] < found.loc[key, "after_low"]
        assert found.loc[key, "p_fdr"] >= found.loc[key, "p_value"]
    # The first mention dates the same adoption months early: the background speaks of it.
    old = result.first_mentions.set_index(["value", "group"]).loc[("dignité", "grand"), "adopted_date"]
    assert (old - truth.loc[("dignité", "grand"), "date"]).days < -60


def test_adoption_rates_keep_never_adopters_as_censored(planted):
    corpus, result = planted
    rows = result.rates.adoption.set_index(["value", "group"])
    last = corpus.segments.groupby("group")["date"].max()
    for key in [("dignité", "muet"), ("écoute", "muet"), ("écoute", "petit")]:
        row = rows.loc[key]
        assert row["censored"] and row["status"] in ("censored", "not_mentioned")
        assert row["adopted_date"] is None and row["censored_at"] == last[key[1]]
    # The old first mention dates the never-adopting group anyway.
    assert result.first_mentions.set_index(["value", "group"]).loc[("dignité", "muet"), "adopted_date"] is not None
    # Values nobody mentions are kept too, as not mentioned, outside the FDR family.
    unmentioned = result.rates.adoption[result.rates.adoption["value"] == "laïcité"]
    assert len(unmentioned) == 3 and set(unmentioned["status"]) == {"not_mentioned"}
    assert unmentioned["p_fdr"].isna().all()


def test_adoption_rates_diffusion_names_the_first_adopter_with_its_probability(planted):
    _, result = planted
    diffusion = result.rates.diffusion.set_index("value")
    dignity = diffusion.loc["dignité"]
    assert dignity["first_group"] == "grand" and dignity["order"][0][0] == "grand"
    assert dignity["p_first"]["grand"] > 0.8
    for row in diffusion.itertuples():
        assert sum(row.p_first.values()) + row.p_none == pytest.approx(1.0)


def test_adoption_rates_on_the_null_do_not_adopt_where_first_mention_does(lexicon):
    # No adoption anywhere, volumes 1×, 5×, 10×: 3 corpora × 4 values × 4 groups = 48 value × groups.
    scores = adoption_study(3, adoption={}, settings=FAST, seed=10_001, lexicon=lexicon)
    head = scores.summary()
    assert head["n_never"] == 48
    assert head["old_false"] > 0.8
    assert head["new_false"] == 0.0 and head["never_reported_censored"] == 1.0


def test_adoption_rates_per_thousand_words_with_no_interval_when_meetings_cannot_show_their_spread(lexicon):
    rows = pd.DataFrame(
        {
            "group": ["a", "a", "a"],
            "date": [dt.date(2024, 1, 1), dt.date(2024, 1, 1), dt.date(2024, 2, 1)],
            "doc_id": ["a1", "a1", "a2"],
            "segment_id": ["a1:0", "a1:1", "a2:0"],
            "text": ["La dignité avant tout.", "Un point budget.", "Ordre du jour."],
            "period": ["2024-01", "2024-01", "2024-02"],
        }
    )
    result = value_adoption(rows, lexicon, rate_settings=FAST).rates
    assert result is not None
    jan = result.rates.set_index(["value", "period"]).loc[("dignité", "2024-01")]
    assert jan["words"] == 7 and jan["mentions"] == 1 and jan["rate"] == pytest.approx(1000 / 7)
    assert np.isnan(jan["ci_low"]) and jan["n_meetings"] == 1  # two meetings, two periods: no spread measured
    status = result.adoption.set_index("value").loc["dignité", "status"]
    assert status == "too_few_meetings"  # two meetings cannot show a rise over a baseline


def test_adoption_rates_summary_is_plain_json_and_reproducible(planted, lexicon):
    corpus, result = planted
    summary = result.to_summary()
    text = json.dumps(summary, allow_nan=False, ensure_ascii=False)
    assert {"rates", "rate_adoption", "diffusion", "rate_method"} <= set(summary)
    assert {"first_mentions", "spread", "share_by_period", "value_talk"} <= set(summary)
    assert summary["rate_method"]["fdr"] == 0.05 and "p_fdr" in summary["rate_adoption"][0]
    again = value_adoption(corpus.segments, lexicon, rate_settings=FAST).to_summary()
    assert json.dumps(again, allow_nan=False, ensure_ascii=False) == text


def test_rate_settings_reject_what_cannot_be_tested():
    with pytest.raises(ConfigError, match="baseline_meetings"):
        RateSettings(baseline_meetings=0)
    with pytest.raises(ConfigError, match="fdr"):
        RateSettings(fdr=1.5)
    with pytest.raises(ConfigError, match="n_permutations"):
        RateSettings(n_permutations=0)


def test_rate_intervals_cover_the_planted_rate_where_a_bootstrap_of_few_meetings_does_not(lexicon):
    # Monthly cells of 2 (moyen, fortnightly) to 5 (grand, weekly) meetings; the truth is the
    # mean planted rate of the cell's meetings. 2 corpora × 4 values × 13 months of "moyen" = 104 cells.
    from chartertext.synthetic.adoption_calibration import ADOPTION, GROUPS, VALUES

    hits = []
    for seed in (100, 101):
        corpus = planted_adoption(GROUPS, ADOPTION, VALUES, seed=seed, lexicon=lexicon)
        segments = corpus.segments.assign(period=[d.strftime("%Y-%m") for d in corpus.segments["date"]])
        rates = value_adoption(segments, lexicon, rate_settings=FAST).rates.rates
        truth = corpus.truth.set_index(["value", "group"])["date"]
        meetings = segments.drop_duplicates("meeting")
        for row in rates[rates["value"].isin(VALUES) & (rates["group"] == "moyen")].itertuples():
            start = truth[(row.value, row.group)]
            dates = meetings.loc[(meetings["group"] == row.group) & (meetings["period"] == row.period), "date"]
            true = np.mean([5.0 if start is not None and d >= start else 0.5 for d in dates])
            hits.append(row.ci_low <= true <= row.ci_high)
    assert len(hits) == 104
    assert np.mean(hits) >= 0.88, np.mean(hits)  # the bootstrap within these cells: 47-71% (rate_intervals)


def _one_group(counts: list[int]) -> pd.DataFrame:
    """One group, one 200-word meeting a week, ``counts[i]`` mentions of dignité in meeting i."""
    start = dt.date(2024, 1, 1)
    texts = [" ".join(["dignité"] * c + ["réunion"] * (200 - c)) for c in counts]
    dates = [start + dt.timedelta(days=7 * i) for i in range(len(counts))]
    ids = [f"g-{d.isoformat()}" for d in dates]
    return pd.DataFrame({"group": "g", "date": dates, "doc_id": ids, "segment_id": [f"{i}:0" for i in ids], "text": texts})


def test_adoption_rates_cannot_date_a_rise_from_six_meetings_but_can_from_twelve(lexicon):
    # The same clean rise (no mention, then 3 a meeting): six meetings have 20 ways to choose
    # three "after" meetings, so no p-value can fall much below 1/20; twelve have 924.
    six = value_adoption(_one_group([0, 0, 0, 3, 3, 3]), lexicon, rate_settings=FAST).rates.adoption
    twelve = value_adoption(_one_group([0] * 6 + [3] * 6), lexicon, rate_settings=FAST).rates.adoption
    six, twelve = six.set_index("value").loc["dignité"], twelve.set_index("value").loc["dignité"]
    assert six["p_value"] >= 0.04 and six["status"] == "censored" and six["candidate_date"] == dt.date(2024, 1, 22)
    assert twelve["p_value"] <= 0.01 and twelve["status"] == "adopted"
    assert twelve["adopted_date"] == dt.date(2024, 2, 12) and twelve["rate_before"] == 0.0


def test_adoption_rates_of_no_usable_row_are_empty_tables(lexicon):
    rows = pd.DataFrame({"group": [None], "date": ["2024-01-01"], "text": ["dignité"], "segment_id": ["a"], "doc_id": ["a"]})
    summary = value_adoption(rows, lexicon, rate_settings=FAST).to_summary()
    assert summary["rates"] == [] and summary["rate_adoption"] == []
    assert summary["diffusion"][0] == {"value": "dignité", "n_adopted": 0, "order": [], "first_group": None,
                                       "p_first": [], "p_none": None}  # fmt: skip
    json.dumps(summary, allow_nan=False)
