"""The ``network`` block of ``summary.json``: who took part, who bridged, who stayed.

The block is plain JSON (no NaN: null; dates as ISO strings; floats rounded to 6 decimals) and
the same network gives the same block, byte for byte. Keys are published: add, never rename.

Keys
----
freq : str
    Period frequency of ``periods``.
meetings : object
    ``n``, ``with_attendance`` (minutes with an attendance list), ``without_attendance``
    (doc_ids of the others, whose only known participants are their speakers).
actors : object
    ``n`` (actors who took part in a meeting) and how many of each kind: ``person``, ``role``,
    ``organisation`` (named as attending); ``represented_organisations``: organisations
    present only through a member ("M. Martin (CCAS)").
density : float
    Of the whole-corpus co-presence graph.
multi_group_share : float
    Share of the actors active in two or more groups over the whole corpus.
periods : list of object
    One per period: ``period``, ``meetings``, ``groups``, ``participants``, ``newcomers``,
    ``leavers`` (null for the last period), ``density``, ``multi_group_share``,
    ``cumulative_participants``, ``cumulative_density``, and ``bridging`` (up to three actors
    of the period in two or more groups, by betweenness).
pivots : list of object
    ``rank``, ``actor``, ``kind``, ``role``, ``organisation``, ``meetings``, ``groups``
    (list), ``betweenness``, ``participation`` and ``evidence`` (list of "date group doc_id").
continuity : object
    ``method`` ("thirds" or "process_end"), ``first_window`` and ``last_window`` ([start,
    end] or null), ``min_meetings``, ``first_core`` and ``last_core`` (sizes), ``jaccard``,
    ``retained`` (share of the early core still active), ``retained_actors`` (names).
aliases : object
    ``n`` (distinct names read), ``user`` (rows from the user's table), ``ambiguous``,
    ``first_name_only``.
notes : list of str
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx

from ..jsonsafe import json_safe
from .analysis import ActorNetwork

#: Kinds of actor whose names identify a person (``rename`` applies to them).
PERSONAL_KINDS: tuple[str, ...] = ("person", "role")


def renamer(network: ActorNetwork, rename: Callable[[str], str] | None) -> Callable[[str], str]:
    """A function giving each actor's name as output: ``rename`` for people and roles, unchanged for organisations."""
    if rename is None:
        return lambda name: name
    kinds = dict(zip(network.actors["actor"], network.actors["kind"]))
    kinds.update({a: k for a, k in zip(network.presence["actor"], network.presence["kind"]) if a not in kinds})
    return lambda name: rename(name) if kinds.get(name, "person") in PERSONAL_KINDS else name


def to_summary(network: ActorNetwork, rename: Callable[[str], str] | None = None) -> dict[str, Any]:
    """The ``network`` block of summary.json (see the module docstring).

    Parameters
    ----------
    network : ActorNetwork
    rename : callable or None, default None
        Applied to every person's (and role's) name, e.g. a pseudonymiser.
    """
    show = renamer(network, rename)
    actors = network.actors
    meetings = network.meetings
    graph = network.graphs().copresence
    per_group = network.presence[network.presence["present"]].groupby("actor")["group"].nunique()
    periods = []
    for row in network.periods.to_dict("records"):
        part = network.actor_periods[network.actor_periods["period"] == row["period"]]
        # astype(bool): with no actor the column is empty object, and part[...] would select columns.
        bridging = part[part["bridging"].astype(bool)].sort_values(["betweenness", "actor"], ascending=[False, True]).head(3)
        periods.append({**row, "bridging": [show(a) for a in bridging["actor"]]})
    cont = network.continuity
    kept = sorted(set(cont.first_core) & set(cont.last_core))
    auto = network.aliases[network.aliases["source"] == "auto"]
    block = {
        "freq": network.freq,
        "meetings": {
            "n": len(meetings),
            "with_attendance": int(meetings["has_attendance"].sum()),
            "without_attendance": meetings.loc[~meetings["has_attendance"], "doc_id"].tolist(),
        },
        "actors": {
            "n": int((actors["meetings"] > 0).sum()),
            **{k: int(((actors["kind"] == k) & (actors["meetings"] > 0)).sum()) for k in ("person", "role", "organisation")},
            "represented_organisations": int(((actors["meetings"] == 0) & (actors["represented"] > 0)).sum()),
        },
        "density": nx.density(graph) if graph.number_of_nodes() > 1 else 0.0,
        "multi_group_share": float((per_group >= 2).mean()) if len(per_group) else 0.0,
        "periods": periods,
        "pivots": [
            {
                "rank": row["rank"],
                "actor": show(row["actor"]),
                "kind": row["kind"],
                "role": _profile(actors, row["actor"], "role"),
                "organisation": _profile(actors, row["actor"], "organisation"),
                "meetings": row["meetings"],
                "groups": list(row["group_list"]),
                "betweenness": row["betweenness"],
                "participation": row["participation"],
                "evidence": list(row["meeting_list"]),
            }
            for row in network.pivots.to_dict("records")
        ],
        "continuity": {
            "method": cont.method,
            "first_window": list(cont.first_window) if cont.first_window else None,
            "last_window": list(cont.last_window) if cont.last_window else None,
            "min_meetings": cont.min_meetings,
            "first_core": len(cont.first_core),
            "last_core": len(cont.last_core),
            "jaccard": cont.jaccard,
            "retained": cont.retained,
            "retained_actors": sorted(show(a) for a in kept),
        },
        "aliases": {
            "n": int(network.aliases["in_corpus"].sum()),
            "user": int((network.aliases["source"] == "user").sum()),
            "ambiguous": int(auto["note"].str.startswith("ambiguous").sum()),
            "first_name_only": int(auto["note"].str.startswith("first name only").sum()),
        },
        "notes": list(network.notes),
    }
    return json_safe(block, ndigits=6)


def _profile(actors: Any, actor: str, column: str) -> str | None:
    value = actors.loc[actors["actor"] == actor, column]
    return value.iat[0] if len(value) and isinstance(value.iat[0], str) else None


