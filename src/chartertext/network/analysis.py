"""The actor network of a corpus, from its segments to its measures, in one call.

>>> from chartertext.corpus import ingest_corpus  # doctest: +SKIP
>>> network = analyse_network(ingest_corpus("corpora/demo"), freq="quarter")  # doctest: +SKIP
>>> network.pivots[["actor", "groups", "meetings"]]  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import ConfigError, CorpusError
from ..periods import assign_periods
from .actors import extract_mentions, meetings_table
from .aliases import apply_aliases, norm_alias, read_aliases, resolve_aliases
from .graphs import Networks, build_graphs, participation
from .measures import (
    Continuity,
    actor_measures,
    actor_period_measures,
    core_continuity,
    period_measures,
    pivots,
)

if TYPE_CHECKING:
    from ..corpus import Corpus

#: Period frequencies the network accepts (``periods.FREQS`` without "adaptive" and "auto",
#: which balance segments per group, a notion that has no meaning for attendance).
NETWORK_FREQS: tuple[str, ...] = ("session", "month", "quarter", "year")


@dataclass(frozen=True)
class ActorNetwork:
    """Everything known about who took part in which meeting.

    Attributes
    ----------
    meetings : pandas.DataFrame
        One row per meeting (:data:`.actors.MEETING_COLUMNS` + ``period``), in date order.
    mentions : pandas.DataFrame
        Every name read (:data:`.actors.MENTION_COLUMNS` + ``actor``, ``actor_kind``).
    aliases : pandas.DataFrame
        The alias table (:data:`.aliases.ALIAS_COLUMNS` + ``source``).
    presence : pandas.DataFrame
        One row per meeting and actor (:data:`.graphs.PARTICIPATION_COLUMNS`).
    actors : pandas.DataFrame
        One row per actor, whole corpus (:data:`.measures.ACTOR_COLUMNS` with ``role`` and
        ``organisation`` after ``kind``: the most frequent in the lists' qualifiers), pivots first.
    periods : pandas.DataFrame
        One row per period (:data:`.measures.PERIOD_COLUMNS`).
    actor_periods : pandas.DataFrame
        The actor measures of each period alone.
    pivots : pandas.DataFrame
        The top bridging actors with their evidence (:func:`.measures.pivots`).
    continuity : Continuity
    freq : str
    order : tuple of str
        Period labels in chronological order.
    notes : tuple of str
        What the user should know about the evidence (meetings without an attendance list, ...).
    """

    meetings: pd.DataFrame
    mentions: pd.DataFrame
    aliases: pd.DataFrame
    presence: pd.DataFrame
    actors: pd.DataFrame
    periods: pd.DataFrame
    actor_periods: pd.DataFrame
    pivots: pd.DataFrame
    continuity: Continuity
    freq: str
    order: tuple[str, ...]
    notes: tuple[str, ...] = ()

    def graphs(self, period: str | None = None, *, cumulative: bool = False) -> Networks:
        """The graphs of one period (or of all periods up to it, or of the whole corpus when None)."""
        if period is None:
            return build_graphs(self.presence)
        if period not in self.order:
            raise ConfigError(f"period {period!r} is not one of {', '.join(self.order)}. Fix: use one of them.")
        chosen = set(self.order[: self.order.index(period) + 1]) if cumulative else {period}
        return build_graphs(self.presence[self.presence["period"].isin(chosen)])


def analyse_network(
    corpus: Corpus | pd.DataFrame,
    *,
    aliases: pd.DataFrame | str | Path | None = None,
    freq: str = "quarter",
    represented: bool = False,
    top: int = 10,
    min_meetings: int = 2,
    process_end: dt.date | None = None,
) -> ActorNetwork:
    """Extract the actors of every meeting, resolve their names, and measure the network.

    Parameters
    ----------
    corpus : Corpus or pandas.DataFrame
        An ingested corpus, or its segments table (``records.SEGMENT_COLUMNS``).
    aliases : pandas.DataFrame, str, Path or None, default None
        A corrected alias table (a path to ``aliases.csv`` or :func:`.aliases.read_aliases`'s
        result); its rows win over the automatic resolution.
    freq : {"session", "month", "quarter", "year"}, default "quarter"
        Periods of the per-period measures and figures.
    represented : bool, default False
        Count organisations as taking part through their members (see :func:`.graphs.participation`).
    top : int, default 10
        Pivots to name.
    min_meetings : int, default 2
        Meetings an actor needs in a window to belong to its core (continuity).
    process_end : datetime.date or None, default None
        End of the collaborative process: continuity then compares before and after it.

    Returns
    -------
    ActorNetwork

    Raises
    ------
    ConfigError
        Unknown ``freq``, ``top`` or ``min_meetings`` below 1, or an unreadable alias table.
    CorpusError
        The corpus holds no minutes.
    """
    if freq not in NETWORK_FREQS:
        raise ConfigError(
            f"network period frequency {freq!r} is not one of {', '.join(NETWORK_FREQS)}. Fix: use one of them."
        )
    if top < 1 or min_meetings < 1:
        raise ConfigError(f"top ({top}) and min_meetings ({min_meetings}) must be at least 1. Fix: use e.g. 10 and 2.")
    segments = corpus if isinstance(corpus, pd.DataFrame) else corpus.segments
    user = read_aliases(aliases) if isinstance(aliases, str | Path) else aliases
    mentions = extract_mentions(segments)
    meetings = meetings_table(segments, mentions)
    if not len(meetings):
        raise CorpusError(
            "the corpus holds no minutes, so no meeting and no attendee. Fix: add minutes (kind 'minutes') to it."
        )
    table = assign_periods(meetings["date"].tolist(), meetings["group"].tolist(), freq, min_segments=1)
    meetings = meetings.assign(period=list(table.labels))
    alias_table = resolve_aliases(mentions, user)
    resolved = apply_aliases(mentions, alias_table)
    presence = participation(resolved, meetings, represented=represented)
    order = tuple(table.order)
    actors = _with_profiles(actor_measures(presence), resolved, alias_table)
    return ActorNetwork(
        meetings=meetings,
        mentions=resolved,
        aliases=alias_table,
        presence=presence,
        actors=actors,
        periods=period_measures(presence, order, meetings),
        actor_periods=actor_period_measures(presence, order),
        pivots=pivots(actors, presence, top),
        continuity=core_continuity(presence, min_meetings=min_meetings, process_end=process_end),
        freq=table.freq,
        order=order,
        notes=_notes(meetings, alias_table),
    )


def _with_profiles(actors: pd.DataFrame, mentions: pd.DataFrame, aliases: pd.DataFrame) -> pd.DataFrame:
    """Add each actor's usual ``role`` and ``organisation`` (as named in the lists' qualifiers)."""
    org_of = {
        alias: actor
        for alias, actor, kind in zip(aliases["alias"], aliases["actor"], aliases["kind"])
        if kind == "organisation"
    }
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    orgs: dict[str, Counter[str]] = defaultdict(Counter)
    for actor, role, affiliation in zip(mentions["actor"], mentions["role"], mentions["affiliation"]):
        if isinstance(role, str):
            roles[actor][role] += 1
        if isinstance(affiliation, str):
            orgs[actor][org_of.get(norm_alias(affiliation), affiliation)] += 1
    out = actors.copy()
    out.insert(2, "role", [_top(roles.get(a)) for a in out["actor"]])
    out.insert(3, "organisation", [_top(orgs.get(a)) for a in out["actor"]])
    return out


def _top(tally: Counter[str] | None) -> str | None:
    # Most frequent, then alphabetical, so that ties do not depend on reading order.
    return min(tally.items(), key=lambda kv: (-kv[1], kv[0]))[0] if tally else None


def _notes(meetings: pd.DataFrame, aliases: pd.DataFrame) -> tuple[str, ...]:
    notes = []
    without = meetings.loc[~meetings["has_attendance"], "doc_id"].tolist()
    if without:
        notes.append(
            f"{len(without)} of {len(meetings)} meetings have no attendance list; only their speakers are known: "
            + ", ".join(without[:10])
            + (" …" if len(without) > 10 else "")
        )
    undated = int(meetings["date"].isna().sum())
    if undated:
        notes.append(f"{undated} meetings have no date: they count in the whole-corpus measures, in no period.")
    auto = aliases[aliases["source"] == "auto"]
    ambiguous = auto.loc[auto["note"].str.startswith("ambiguous"), "alias"].tolist()
    if ambiguous:
        notes.append(f"{len(ambiguous)} names could be several people and were kept apart; check them in aliases.csv.")
    lone = int(auto["note"].str.startswith("first name only").sum())
    if lone:
        notes.append(f"{lone} actors are known by a first name only; aliases.csv suggests who they may be.")
    return tuple(notes)
