"""Measures of the actor network: per actor, per period, the pivots and the continuity of the core.

Definitions (all on actors who took part; see :mod:`.graphs`):

* **participants**: distinct actors in the period's meetings.
* **newcomers**: participants never seen in an earlier period (the first period: everyone).
* **leavers**: participants of the period never seen in a later one (None for the last
  period, which has no later one to tell).
* **density**: of the period's co-presence graph (``networkx.density``; 0 with < 2 actors).
* **multi_group_share**: share of the period's participants active in two or more groups in
  that period (horizontal ties between commissions).
* **betweenness**: unweighted, normalised betweenness centrality on the co-presence graph
  (a tie exists or not; how often two people meet says nothing about who bridges them).
* **participation**: participation coefficient across groups, ``1 − Σ_g (m_g / m)²`` with
  ``m_g`` the actor's meetings in group ``g`` (Guimerà & Amaral's coefficient with groups as
  modules and meetings as links): 0 for an actor of one group, towards 1 for one spread
  evenly over many.
* **outside**: meetings an actor attended outside their main group (the group where they
  attended most): how often they crossed over.
* **bridging actors**: actors in two or more groups, ranked by ``outside``, then groups
  spanned, then betweenness, then meetings. Crossing over regularly is what makes a pivot;
  betweenness alone would crown anyone named once in a large plenary list (everyone in it is
  then a shortcut between groups). The **pivots** are the first ``top`` bridging actors, with
  their evidence (the meetings attended and the groups spanned).
* **continuity of the core**: the *core* of a window is the actors who took part in at least
  ``min_meetings`` of its meetings. The first and last thirds of the dated span are compared
  (Jaccard index and share of the first core still there), or, given ``process_end``, the
  meetings up to that date and those after it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from .graphs import NO_GROUP, copresence_graph

#: Columns of the per-actor table, in order.
ACTOR_COLUMNS: tuple[str, ...] = (
    "actor", "kind", "meetings", "groups", "group_list", "outside", "first", "last", "excused", "represented",
    "degree", "strength", "betweenness", "participation", "bridging",
)  # fmt: skip
#: Columns of the per-period table, in order.
PERIOD_COLUMNS: tuple[str, ...] = (
    "period", "meetings", "groups", "participants", "newcomers", "leavers", "density",
    "multi_group_share", "cumulative_participants", "cumulative_density",
)  # fmt: skip


@dataclass(frozen=True)
class Continuity:
    """Whether the core of the early meetings is still there at the end (or after the process).

    Attributes
    ----------
    method : {"thirds", "process_end"}
    first_window, last_window : tuple of (datetime.date, datetime.date) or None
        First and last meeting dates of each window.
    first_core, last_core : tuple of str
        Actors with at least ``min_meetings`` meetings in each window, sorted.
    jaccard : float or None
        |first ∩ last| / |first ∪ last|; None when both cores are empty.
    retained : float or None
        |first ∩ last| / |first|: share of the early core still active; None without an early core.
    min_meetings : int
    """

    method: str
    first_window: tuple[dt.date, dt.date] | None
    last_window: tuple[dt.date, dt.date] | None
    first_core: tuple[str, ...]
    last_core: tuple[str, ...]
    jaccard: float | None
    retained: float | None
    min_meetings: int


def actor_measures(presence: pd.DataFrame) -> pd.DataFrame:
    """One row per actor of ``presence``: meetings, groups, centrality and participation.

    Returns
    -------
    pandas.DataFrame
        Columns ``ACTOR_COLUMNS``; ``group_list`` is a list of groups (sorted), ``first`` and
        ``last`` meeting dates, ``excused`` meetings excused, absent or given by proxy,
        ``represented`` meetings where only a member of the organisation took part,
        ``degree`` co-present actors, ``strength`` the sum of co-presence weights,
        ``bridging`` (in ≥ 2 groups), ``outside`` (meetings outside the main group). Sorted like
        the pivots: outside, groups, betweenness, meetings (descending), then name.
    """
    graph = copresence_graph(presence)
    between = nx.betweenness_centrality(graph, normalized=True) if graph.number_of_nodes() else {}
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    took: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # actor → group → meetings
    dates: dict[str, list[dt.date]] = defaultdict(list)
    absent: dict[str, set[str]] = defaultdict(set)
    represented: dict[str, set[str]] = defaultdict(set)
    for actor, kind, doc_id, group, date, present, status in zip(
        presence["actor"], presence["kind"], presence["doc_id"], presence["group"],
        presence["date"], presence["present"], presence["status"],
    ):  # fmt: skip
        kinds[actor][kind] += 1
        if present:
            took[actor][group].add(doc_id)
            if isinstance(date, dt.date):
                dates[actor].append(date)
        elif status == "represented":
            represented[actor].add(doc_id)
        elif status in ("excused", "absent", "proxy"):
            absent[actor].add(doc_id)
    rows = []
    for actor in sorted(kinds):
        per_group = {g: len(docs) for g, docs in took[actor].items()}
        rows.append(
            (
                actor,
                min(kinds[actor].items(), key=lambda kv: (-kv[1], kv[0]))[0],
                len(set().union(*took[actor].values())) if took[actor] else 0,
                len(per_group),
                sorted(per_group),
                sum(per_group.values()) - max(per_group.values(), default=0),
                min(dates[actor]) if dates[actor] else None,
                max(dates[actor]) if dates[actor] else None,
                len(absent[actor]),
                len(represented[actor] - set().union(*took[actor].values())) if took[actor] else len(represented[actor]),
                graph.degree(actor) if actor in graph else 0,
                int(graph.degree(actor, weight="weight")) if actor in graph else 0,
                float(between.get(actor, 0.0)),
                participation_coefficient(list(per_group.values())),
                len(per_group) >= 2,
            )
        )
    table = pd.DataFrame(rows, columns=list(ACTOR_COLUMNS), dtype=object)
    for col in ("meetings", "groups", "outside", "excused", "represented", "degree", "strength"):
        table[col] = table[col].astype("int64")
    for col in ("betweenness", "participation"):
        table[col] = table[col].astype("float64")
    table["bridging"] = table["bridging"].astype(bool)
    return _rank(table)


def participation_coefficient(meetings_per_group: Sequence[int]) -> float:
    """``1 − Σ (m_g / m)²`` over the groups (0.0 for no meeting or a single group).

    >>> participation_coefficient([3]), participation_coefficient([2, 2])
    (0.0, 0.5)
    """
    total = sum(meetings_per_group)
    if total == 0:
        return 0.0
    return 1.0 - sum((m / total) ** 2 for m in meetings_per_group)


def bridging_actors(actors: pd.DataFrame) -> pd.DataFrame:
    """The actors active in two or more groups, ranked (outside, groups, betweenness, meetings)."""
    return actors[actors["bridging"]].reset_index(drop=True)


def pivots(actors: pd.DataFrame, presence: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """The ``top`` bridging actors with their evidence.

    Returns
    -------
    pandas.DataFrame
        Columns ``rank``, ``actor``, ``kind``, ``meetings``, ``groups``, ``group_list``,
        ``outside``, ``betweenness``, ``participation``, ``meeting_list`` (list of "date group doc_id"
        strings in date order).
    """
    chosen = bridging_actors(actors).head(top)
    present = presence[presence["present"]]
    evidence = []
    for actor in chosen["actor"]:
        rows = present[present["actor"] == actor]
        evidence.append([f"{_iso(r.date)} {r.group} {r.doc_id}" for r in rows.itertuples(index=False)])
    out = chosen[["actor", "kind", "meetings", "groups", "group_list", "outside", "betweenness", "participation"]].copy()
    out.insert(0, "rank", range(1, len(out) + 1))
    out["meeting_list"] = evidence
    return out.reset_index(drop=True)


def period_measures(presence: pd.DataFrame, order: Sequence[str], meetings: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per period (``order``): participants, newcomers, leavers, density, horizontal ties.

    Parameters
    ----------
    presence : pandas.DataFrame
        :func:`.graphs.participation`, with its ``period`` column.
    order : sequence of str
        Period labels in chronological order.
    meetings : pandas.DataFrame or None, default None
        The meetings table with its ``period`` column; when given, ``meetings`` and ``groups``
        count every meeting held, even one whose minutes name nobody.

    Returns
    -------
    pandas.DataFrame
        Columns ``PERIOD_COLUMNS`` (see the module docstring); ``leavers`` is None for the last period.
    """
    present = presence[presence["present"] & presence["period"].notna()]
    held = meetings if meetings is not None else present
    by_period = {p: present[present["period"] == p] for p in order}
    seen_before: set[str] = set()
    rows = []
    for i, period in enumerate(order):
        part = by_period[period]
        actors = set(part["actor"])
        later = set().union(*(set(by_period[p]["actor"]) for p in order[i + 1 :])) if i + 1 < len(order) else None
        multi = part.groupby("actor")["group"].nunique()
        upto = present[present["period"].isin(order[: i + 1])]
        rows.append(
            (
                period,
                int(held.loc[held["period"] == period, "doc_id"].nunique()),
                int(held.loc[held["period"] == period, "group"].fillna(NO_GROUP).nunique()),
                len(actors),
                len(actors - seen_before),
                None if later is None else len(actors - later),
                _density(part),
                float((multi >= 2).mean()) if len(multi) else 0.0,
                int(upto["actor"].nunique()),
                _density(upto),
            )
        )
        seen_before |= actors
    return pd.DataFrame(rows, columns=list(PERIOD_COLUMNS), dtype=object).astype(
        {"meetings": "int64", "groups": "int64", "participants": "int64", "newcomers": "int64",
         "density": "float64", "multi_group_share": "float64", "cumulative_participants": "int64",
         "cumulative_density": "float64"}  # fmt: skip
    )


def actor_period_measures(presence: pd.DataFrame, order: Sequence[str]) -> pd.DataFrame:
    """``actor_measures`` of each period's meetings alone, with a ``period`` column first."""
    frames = []
    for period in order:
        part = presence[presence["period"] == period]
        if len(part):
            table = actor_measures(part)
            table.insert(0, "period", period)
            frames.append(table)
    if not frames:
        return pd.DataFrame(columns=["period", *ACTOR_COLUMNS])
    return pd.concat(frames, ignore_index=True)


def core_continuity(
    presence: pd.DataFrame, *, min_meetings: int = 2, process_end: dt.date | None = None
) -> Continuity:
    """Compare the core of the first and last thirds of the meetings (or before/after ``process_end``).

    Parameters
    ----------
    presence : pandas.DataFrame
        :func:`.graphs.participation`.
    min_meetings : int, default 2
        Meetings an actor needs in a window to belong to its core.
    process_end : datetime.date or None, default None
        When given, compare the meetings up to this date with those after it.
    """
    present = presence[presence["present"] & presence["date"].notna()]
    dates = sorted({d for d in present["date"]})
    if not dates:
        return Continuity("thirds" if process_end is None else "process_end", None, None, (), (), None, None, min_meetings)
    if process_end is None:
        span = (dates[-1] - dates[0]) / 3
        first = present[present["date"] <= dates[0] + span]
        last = present[present["date"] >= dates[-1] - span]
        method = "thirds"
    else:
        first = present[present["date"] <= process_end]
        last = present[present["date"] > process_end]
        method = "process_end"
    first_core, last_core = _core(first, min_meetings), _core(last, min_meetings)
    union, both = first_core | last_core, first_core & last_core
    return Continuity(
        method=method,
        first_window=_window(first),
        last_window=_window(last),
        first_core=tuple(sorted(first_core)),
        last_core=tuple(sorted(last_core)),
        jaccard=len(both) / len(union) if union else None,
        retained=len(both) / len(first_core) if first_core else None,
        min_meetings=min_meetings,
    )


def _core(part: pd.DataFrame, min_meetings: int) -> set[str]:
    counts = part.groupby("actor")["doc_id"].nunique()
    return set(counts[counts >= min_meetings].index)


def _window(part: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    return (min(part["date"]), max(part["date"])) if len(part) else None


def _density(part: pd.DataFrame) -> float:
    graph = copresence_graph(part)
    return float(nx.density(graph)) if graph.number_of_nodes() > 1 else 0.0


def _rank(table: pd.DataFrame) -> pd.DataFrame:
    order = sorted(
        range(len(table)),
        key=lambda i: (
            -table["outside"][i], -table["groups"][i], -table["betweenness"][i], -table["meetings"][i], table["actor"][i]
        ),
    )
    return table.iloc[order].reset_index(drop=True)


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else "undated"
