"""The files of a network folder: CSV tables, the alias table, network.json and the figures.

=================== ==========================================================================
file                content
=================== ==========================================================================
actors.csv          one row per actor: kind, role, organisation, meetings, groups, centrality
meetings.csv        one row per meeting: group, date, period, attendance list or not
presence.csv        one row per meeting and actor: status, took part or not (actor × meeting)
edges.csv           co-presence edges of the whole corpus: source, target, weight
measures.csv        one row per period: participants, newcomers, leavers, density, ...
actor_periods.csv   the actor measures of each period alone
pivots.csv          the pivots with their evidence (meetings attended, groups spanned)
aliases.csv         every written name and its actor: correct it, pass it back with --aliases
network.json        the ``network`` block of summary.json (:mod:`.summary`)
figures/            network_all.svg and network_<period>.svg (:mod:`.figures`)
=================== ==========================================================================

With ``rename`` (pseudonymisation), every person's name in every file goes through it, and
``aliases.csv`` is not written: it would either reveal the names or, renamed, match nothing
when passed back.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..atomic import atomic_path, write_table
from .aliases import write_aliases
from .analysis import ActorNetwork
from .figures import write_figures
from .summary import renamer, to_summary


def network_tables(network: ActorNetwork, rename: Callable[[str], str] | None = None) -> dict[str, pd.DataFrame]:
    """The CSV tables of the folder, names already renamed, lists joined with " | "."""
    show = renamer(network, rename)
    graph = network.graphs().copresence
    edges = pd.DataFrame(
        sorted((min(a, b), max(a, b), int(w)) for a, b, w in graph.edges(data="weight")),
        columns=["source", "target", "weight"],
    )
    tables = {
        "actors.csv": network.actors,
        "meetings.csv": network.meetings,
        "presence.csv": network.presence,
        "edges.csv": edges,
        "measures.csv": network.periods,
        "actor_periods.csv": network.actor_periods,
        "pivots.csv": network.pivots,
    }
    out = {}
    for name, frame in tables.items():
        frame = frame.copy()
        for col in ("actor", "source", "target"):
            if col in frame.columns:
                frame[col] = frame[col].map(show)
        out[name] = _flat(frame)
    return out


def write_network_files(
    network: ActorNetwork, folder: str | Path, rename: Callable[[str], str] | None = None
) -> list[str]:
    """Write every file of a network folder into ``folder`` (which must exist); return their names."""
    folder = Path(folder)
    written = []
    for name, frame in network_tables(network, rename).items():
        write_table(frame, folder / name)
        written.append(name)
    if rename is None:
        write_aliases(network.aliases, folder / "aliases.csv")
        written.append("aliases.csv")
    with atomic_path(folder / "network.json") as tmp:
        tmp.write_text(json.dumps(to_summary(network, rename), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    written.append("network.json")
    written += [f"figures/{n}" for n in write_figures(network, folder / "figures", rename)]
    return written


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    for col in frame.columns:
        if frame[col].map(lambda v: isinstance(v, list | tuple)).any():
            frame[col] = frame[col].map(lambda v: " | ".join(map(str, v)) if isinstance(v, list | tuple) else v)
    return frame
