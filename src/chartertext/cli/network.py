"""``chartertext network``: who took part in which meeting, who bridged the groups, who stayed."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from .terminal import plain

#: Pivots printed on the terminal (all of them are in pivots.csv).
SHOWN_PIVOTS = 5


def network(
    corpus: Path = typer.Argument(..., help="Corpus folder (with or without manifest.csv)."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder to create for the tables, network.json and figures."),
    aliases: Path | None = typer.Option(
        None, "--aliases", help="Corrected alias table (the aliases.csv of a previous run): its rows win."
    ),
    freq: str = typer.Option("quarter", "--freq", help="Periods: session, month, quarter or year."),
    top: int = typer.Option(10, "--top", help="Pivots to name."),
    force: bool = typer.Option(False, "--force", help="Replace an existing output folder that chartertext wrote."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first document that cannot be ingested."),
) -> None:
    """Build the actor network from attendance lists and speakers: tables, aliases.csv, network.json, figures.

    Names written differently ("Mme Lambert", "Madame LAMBERT", "H. Lambert") are resolved
    into one actor; check the result in OUT/aliases.csv, correct the actor or kind column
    (kind "ignore" drops a name), and run again with --aliases to apply your corrections.

    Example:

        chartertext network corpora/demo --out reports/demo-network

        chartertext network corpora/demo --out reports/demo-network --aliases reports/demo-network/aliases.csv --force
    """
    from ..workflow import network_corpus

    console = Console(stderr=True)
    net = network_corpus(corpus, out, aliases=aliases, freq=freq, top=top, force=force, strict=strict)
    _print_findings(console, net)
    console.print(plain(f"Wrote {out} (check the names in {out / 'aliases.csv'}, then pass it back with --aliases)"))


def _print_findings(console: Console, net) -> None:  # type: ignore[no-untyped-def]
    meetings, actors = net.meetings, net.actors
    took = actors[actors["meetings"] > 0]
    kinds = took["kind"].value_counts()
    through = int(((actors["meetings"] == 0) & (actors["represented"] > 0)).sum())
    console.print(
        plain(
            f"{len(meetings)} meetings ({int(meetings['has_attendance'].sum())} with an attendance list), "
            f"{len(took)} participants ({kinds.get('person', 0)} people, {kinds.get('role', 0)} unnamed roles, "
            f"{kinds.get('organisation', 0)} organisations); {through} more organisations through their members"
        ),
    )
    for row in net.pivots.head(SHOWN_PIVOTS).itertuples(index=False):
        console.print(
            plain(
                f"pivot {row.rank}: {row.actor}: {row.meetings} meetings in {row.groups} groups "
                f"(betweenness {row.betweenness:.3f})"
            ),
        )
    cont = net.continuity
    if cont.jaccard is not None:
        console.print(
            plain(
                f"core continuity ({cont.method}, ≥ {cont.min_meetings} meetings): Jaccard {cont.jaccard:.2f}, "
                f"{len(set(cont.first_core) & set(cont.last_core))} of {len(cont.first_core)} early core actors still active"
            ),
        )
    for note in net.notes:
        console.print(plain(f"note: {note}"))


def register(app: typer.Typer) -> None:
    app.command("network")(network)
