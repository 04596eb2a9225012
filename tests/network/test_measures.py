"""Measures per actor and per period, pivots and the continuity of the core, on planted presence."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from chartertext.network.measures import (
    actor_measures,
    bridging_actors,
    core_continuity,
    participation_coefficient,
    period_measures,
    pivots,
)


def _presence(rows: list[tuple[str, str, str, str, str]]) -> pd.DataFrame:
    """Presence from (doc_id, group, iso date, period, space-separated actors who took part)."""
    out = []
    for doc, group, date, period, actors in rows:
        for actor in actors.split():
            out.append((doc, actor, "person", "present", True, "attendance", group, dt.date.fromisoformat(date), period))
    return pd.DataFrame(out, columns=["doc_id", "actor", "kind", "status", "present", "sources", "group", "date", "period"])


# Two commissions; "Pivot" sits in both; "Early" leaves after the first period; "Late" arrives in the last.
PRESENCE = _presence(
    [
        ("a1", "A", "2024-01-10", "P1", "Pivot Early A1 A2"),
        ("b1", "B", "2024-01-20", "P1", "Pivot B1 B2"),
        ("a2", "A", "2024-04-10", "P2", "Pivot A1 A2"),
        ("b2", "B", "2024-04-20", "P2", "B1 B2"),
        ("a3", "A", "2024-07-10", "P3", "Pivot A1 Late"),
        ("b3", "B", "2024-07-20", "P3", "Pivot B1 Late"),
    ]
)


def test_measures_participation_coefficient_is_zero_for_one_group_and_grows_with_spread():
    assert participation_coefficient([4]) == 0.0
    assert participation_coefficient([2, 2]) == pytest.approx(0.5)
    assert participation_coefficient([1, 1, 1]) == pytest.approx(2 / 3)
    assert participation_coefficient([]) == 0.0


def test_measures_the_actor_in_both_groups_is_the_top_bridge():
    actors = actor_measures(PRESENCE).set_index("actor")
    assert actors.at["Pivot", "groups"] == 2 and actors.at["Pivot", "meetings"] == 5
    assert actors["betweenness"].idxmax() == "Pivot"
    assert actors.at["A2", "participation"] == 0.0
    # Late attends both commissions once each: a bridge too, with the higher participation.
    assert actors.at["Late", "participation"] == pytest.approx(0.5)
    assert actors.at["Pivot", "participation"] == pytest.approx(1 - (3**2 + 2**2) / 5**2)
    assert bridging_actors(actor_measures(PRESENCE))["actor"].tolist() == ["Pivot", "Late"]


def test_measures_pivots_carry_their_evidence():
    table = pivots(actor_measures(PRESENCE), PRESENCE, top=1)
    (row,) = table.to_dict("records")
    assert (row["rank"], row["actor"], row["group_list"]) == (1, "Pivot", ["A", "B"])
    assert row["meeting_list"][0] == "2024-01-10 A a1" and len(row["meeting_list"]) == 5


def test_measures_newcomers_leavers_and_horizontal_ties_per_period():
    table = period_measures(PRESENCE, ["P1", "P2", "P3"]).set_index("period")
    assert table["participants"].tolist() == [6, 5, 4]
    assert table["newcomers"].tolist() == [6, 0, 1]  # Late arrives in P3
    assert table.at["P1", "leavers"] == 1  # Early is never seen again
    assert table.at["P3", "leavers"] is None  # nothing comes after the last period
    assert table.at["P1", "multi_group_share"] == pytest.approx(1 / 6)
    assert table.at["P2", "multi_group_share"] == 0.0
    assert table.at["P3", "multi_group_share"] == pytest.approx(2 / 4)  # Pivot and Late
    assert table["cumulative_participants"].tolist() == [6, 6, 7]


def test_measures_density_of_two_separate_cliques():
    table = period_measures(PRESENCE, ["P2"]).set_index("period")
    # P2: a clique of 3 (Pivot A1 A2) and a pair (B1 B2): 3 + 1 edges of 10 possible.
    assert table.at["P2", "density"] == pytest.approx(4 / 10)


def test_measures_continuity_compares_the_cores_of_the_first_and_last_thirds():
    presence = _presence(
        [
            ("m1", "A", "2024-01-01", "P1", "Anne Bruno Chloé"),
            ("m2", "A", "2024-01-15", "P1", "Anne Bruno Chloé"),
            ("m3", "A", "2024-06-01", "P2", "Anne"),
            ("m4", "A", "2024-12-01", "P3", "Anne Bruno Denis"),
            ("m5", "A", "2024-12-20", "P3", "Anne Bruno Denis"),
        ]
    )
    result = core_continuity(presence)
    assert (result.first_core, result.last_core) == (("Anne", "Bruno", "Chloé"), ("Anne", "Bruno", "Denis"))
    assert result.jaccard == pytest.approx(2 / 4)
    assert result.retained == pytest.approx(2 / 3)
    after = core_continuity(presence, process_end=dt.date(2024, 6, 30))
    assert after.method == "process_end" and after.last_core == ("Anne", "Bruno", "Denis")


def test_measures_continuity_without_dates_is_empty_not_an_error():
    presence = PRESENCE.assign(date=None)
    assert core_continuity(presence).jaccard is None
