"""Participation and the networkx graphs built from it."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from chartertext.network.graphs import (
    PARTICIPATION_COLUMNS,
    copresence_graph,
    graphs_by_period,
    group_graph,
    meeting_graph,
    participation,
)

MEETINGS = pd.DataFrame(
    {
        "doc_id": ["m1", "m2", "m3"],
        "group": ["logement", "santé", "logement"],
        "date": [dt.date(2024, 1, 10), dt.date(2024, 2, 14), dt.date(2024, 4, 2)],
        "period": ["2024-Q1", "2024-Q1", "2024-Q2"],
    }
)


def _resolved(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Resolved mentions from (doc_id, actor, status)."""
    return pd.DataFrame(
        [(d, "attendance", s, a, "person") for d, a, s in rows],
        columns=["doc_id", "source", "status", "actor", "actor_kind"],
    )


PRESENCE = participation(
    _resolved(
        [
            ("m1", "Dupont", "present"), ("m1", "Martin", "present"), ("m1", "Leroux", "excused"),
            ("m2", "Dupont", "present"), ("m2", "Moreau", "present"), ("m2", "Moreau", "spoke"),
            ("m3", "Dupont", "present"), ("m3", "Martin", "present"), ("m3", "Leroux", "present"),
        ]  # fmt: skip
    ),
    MEETINGS,
)


def test_graphs_participation_keeps_the_strongest_status_and_who_took_part():
    assert list(PRESENCE.columns) == list(PARTICIPATION_COLUMNS)
    cell = PRESENCE.set_index(["doc_id", "actor"])
    assert cell.at[("m2", "Moreau"), "status"] == "present"
    assert not cell.at[("m1", "Leroux"), "present"]
    assert cell.at[("m3", "Leroux"), "present"]
    assert cell.at[("m2", "Moreau"), "group"] == "santé"


def test_graphs_copresence_weights_count_meetings_together_and_skip_the_excused():
    graph = copresence_graph(PRESENCE)
    assert graph["Dupont"]["Martin"]["weight"] == 2
    assert graph["Dupont"]["Moreau"]["weight"] == 1
    assert graph["Leroux"]["Martin"]["weight"] == 1  # together only in m3: Leroux was excused from m1
    assert not graph.has_edge("Martin", "Moreau")


def test_graphs_bipartite_graphs_link_actors_to_meetings_and_groups():
    meetings = meeting_graph(PRESENCE)
    assert meetings.nodes["meeting:m2"]["bipartite"] == 1 and meetings.nodes["actor:Dupont"]["bipartite"] == 0
    assert meetings.degree("actor:Dupont") == 3
    assert not meetings.has_edge("actor:Leroux", "meeting:m1")
    groups = group_graph(PRESENCE)
    assert groups["actor:Dupont"]["group:logement"]["weight"] == 2
    assert groups["actor:Dupont"]["group:santé"]["weight"] == 1


def test_graphs_cumulative_graphs_grow_with_the_periods():
    alone = graphs_by_period(PRESENCE, ["2024-Q1", "2024-Q2"])
    cumulative = graphs_by_period(PRESENCE, ["2024-Q1", "2024-Q2"], cumulative=True)
    assert set(alone["2024-Q2"].copresence.nodes) == {"Dupont", "Martin", "Leroux"}
    assert set(cumulative["2024-Q2"].copresence.nodes) == {"Dupont", "Martin", "Leroux", "Moreau"}
    assert cumulative["2024-Q2"].copresence["Dupont"]["Martin"]["weight"] == 2
