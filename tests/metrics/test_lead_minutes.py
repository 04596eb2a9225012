"""The French leader–follower minutes say, with the planted lag, what the leader said."""

from __future__ import annotations

import datetime as dt

from chartertext.synthetic.lead_minutes import planted_lead_minutes


def test_lead_minutes_follower_takes_up_the_leaders_agenda_after_the_lag():
    segments = planted_lead_minutes(0, lags=(0, 30), meetings=(120, 120), paragraphs=2, n_days=120)
    item = segments[segments["agenda"] != segments["group"]]
    leader = dict(zip(item.loc[item["group"] == "logement", "date"], item.loc[item["group"] == "logement", "agenda"]))
    follower = dict(zip(item.loc[item["group"] == "santé", "date"], item.loc[item["group"] == "santé", "agenda"]))
    checked = 0
    for day, said in follower.items():
        earlier = day - dt.timedelta(days=30)
        if earlier in leader:
            assert said == leader[earlier]
            checked += 1
    # Every group meets every day: each follower meeting from day 30 on is checked.
    assert checked == 90
    assert set(item["agenda"]) <= {"mobilité", "éducation", "emploi"}
    assert segments["text"].str.len().min() > 20
