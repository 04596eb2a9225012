"""Who took part in which meeting, and the networkx graphs built from it.

The participation table (one row per meeting and actor) is the single source of every graph
and measure. Only actors who took part count (``present`` True: present, invited, secretary or
spoke; see :mod:`.actors`); excused and absent people stay in the table, out of the graphs.

Graphs
------
actor × meeting : bipartite ``networkx.Graph``; nodes ``"actor:<name>"`` (``bipartite=0``)
    and ``"meeting:<doc_id>"`` (``bipartite=1``, with ``group`` and ``date``).
actor × actor : co-presence ``networkx.Graph`` on actor names; edge ``weight`` = meetings
    attended together. Every participant is a node, alone or not.
actor × group : bipartite ``networkx.Graph``; nodes ``"actor:<name>"`` and ``"group:<group>"``;
    edge ``weight`` = the actor's meetings in that group.

Every node carries ``label`` (the name as shown) and actors carry ``kind``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
import pandas as pd

from .actors import PRESENT_STATUSES, STATUSES

#: Columns of the participation table, in order.
PARTICIPATION_COLUMNS: tuple[str, ...] = (
    "doc_id", "actor", "kind", "status", "present", "sources", "group", "date", "period",
)  # fmt: skip
#: Label of the group of meetings that have none.
NO_GROUP = "(no group)"


@dataclass(frozen=True)
class Networks:
    """The three graphs of one set of meetings (a period, all periods up to one, or the whole corpus)."""

    meetings: nx.Graph
    copresence: nx.Graph
    groups: nx.Graph


def participation(mentions: pd.DataFrame, meetings: pd.DataFrame, *, represented: bool = False) -> pd.DataFrame:
    """One row per meeting and actor: how the actor appears, and whether they took part.

    Parameters
    ----------
    mentions : pandas.DataFrame
        Mentions with their ``actor`` and ``actor_kind`` (:func:`.aliases.apply_aliases`).
    meetings : pandas.DataFrame
        :func:`.actors.meetings_table`, optionally with a ``period`` column.
    represented : bool, default False
        Count an organisation as taking part when one of its members did ("M. Martin (CCAS)"
        puts the CCAS in the room). Off by default: it would double every person with their
        organisation in the co-presence graph.

    Returns
    -------
    pandas.DataFrame
        Columns ``PARTICIPATION_COLUMNS``; ``status`` is the strongest (``actors.STATUSES``
        order), ``sources`` the sources joined by "|", ``present`` a bool. Meetings in date
        order, actors by name.
    """
    group_of = {d: (g if isinstance(g, str) else NO_GROUP) for d, g in zip(meetings["doc_id"], meetings["group"])}
    date_of = dict(zip(meetings["doc_id"], meetings["date"]))
    period_of = dict(zip(meetings["doc_id"], meetings["period"])) if "period" in meetings.columns else {}
    took_part = set(PRESENT_STATUSES) | ({"represented"} if represented else set())
    kinds: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    statuses: dict[tuple[str, str], set[str]] = defaultdict(set)
    sources: dict[tuple[str, str], set[str]] = defaultdict(set)
    for doc_id, actor, kind, status, source in zip(
        mentions["doc_id"], mentions["actor"], mentions["actor_kind"], mentions["status"], mentions["source"]
    ):
        kinds[(doc_id, actor)][kind] += 1
        statuses[(doc_id, actor)].add(status)
        sources[(doc_id, actor)].add(source)
    order = {d: i for i, d in enumerate(meetings["doc_id"])}
    rows = []
    for doc_id, actor in sorted(kinds, key=lambda key: (order.get(key[0], len(order)), *key)):
        cell = (doc_id, actor)
        rows.append(
            (
                doc_id,
                actor,
                min(kinds[cell].items(), key=lambda kv: (-kv[1], kv[0]))[0],
                min(statuses[cell], key=STATUSES.index),
                bool(statuses[cell] & took_part),
                "|".join(sorted(sources[cell])),
                group_of.get(doc_id, NO_GROUP),
                date_of.get(doc_id),
                period_of.get(doc_id),
            )
        )
    table = pd.DataFrame(rows, columns=list(PARTICIPATION_COLUMNS), dtype=object)
    table["present"] = table["present"].astype(bool)
    return table


def meeting_graph(presence: pd.DataFrame) -> nx.Graph:
    """The actor × meeting bipartite graph of those who took part."""
    graph = nx.Graph()
    for row in presence[presence["present"]].itertuples(index=False):
        graph.add_node(f"actor:{row.actor}", bipartite=0, label=row.actor, kind=row.kind)
        graph.add_node(f"meeting:{row.doc_id}", bipartite=1, label=row.doc_id, group=row.group, date=str(row.date))
        graph.add_edge(f"actor:{row.actor}", f"meeting:{row.doc_id}", status=row.status)
    return graph


def copresence_graph(presence: pd.DataFrame) -> nx.Graph:
    """Actors linked by the meetings they attended together (edge ``weight`` = how many)."""
    graph = nx.Graph()
    present = presence[presence["present"]]
    for row in present.drop_duplicates("actor").itertuples(index=False):
        graph.add_node(row.actor, label=row.actor, kind=row.kind)
    for _, part in present.groupby("doc_id", sort=False):
        for a, b in combinations(sorted(set(part["actor"])), 2):
            weight = graph[a][b]["weight"] + 1 if graph.has_edge(a, b) else 1
            graph.add_edge(a, b, weight=weight)
    return graph


def group_graph(presence: pd.DataFrame) -> nx.Graph:
    """The actor × group bipartite graph (edge ``weight`` = the actor's meetings in the group)."""
    graph = nx.Graph()
    present = presence[presence["present"]]
    counts = present.groupby(["actor", "group"], sort=True)["doc_id"].nunique()
    kinds = dict(zip(present["actor"], present["kind"]))
    for (actor, group), n in counts.items():
        graph.add_node(f"actor:{actor}", bipartite=0, label=actor, kind=kinds[actor])
        graph.add_node(f"group:{group}", bipartite=1, label=group)
        graph.add_edge(f"actor:{actor}", f"group:{group}", weight=int(n))
    return graph


def build_graphs(presence: pd.DataFrame) -> Networks:
    """The three graphs of the meetings in ``presence``."""
    return Networks(meeting_graph(presence), copresence_graph(presence), group_graph(presence))


def graphs_by_period(presence: pd.DataFrame, order: Sequence[str], *, cumulative: bool = False) -> dict[str, Networks]:
    """The graphs of each period, or (``cumulative=True``) of all meetings up to and including it.

    Parameters
    ----------
    presence : pandas.DataFrame
        :func:`participation`, with its ``period`` column filled.
    order : sequence of str
        Period labels in chronological order (``PeriodTable.order``).
    cumulative : bool, default False
    """
    out: dict[str, Networks] = {}
    for i, period in enumerate(order):
        chosen = set(order[: i + 1]) if cumulative else {period}
        out[period] = build_graphs(presence[presence["period"].isin(chosen)])
    return out
