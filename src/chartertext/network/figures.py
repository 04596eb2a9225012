"""One network figure per period (SVG), every actor at the same place in every figure.

Positions come from one spring layout of the whole-corpus co-presence graph with a fixed seed,
so the figures of successive periods can be laid side by side and compared: an actor never
moves, only appears, grows or fades. Node colour = the group where the actor attended most
meetings in the period; node size = meetings attended; edge width = meetings together. The
pivots and the period's most between actors are labelled. The SVG is deterministic (no date,
fixed element ids, text kept as text), so the same network gives the same files.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import matplotlib
import networkx as nx
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from .analysis import ActorNetwork
from .graphs import copresence_graph
from .summary import renamer

#: Seed of the spring layout.
LAYOUT_SEED = 7
#: Labelled actors per figure besides the pivots.
LABELLED = 3


def layout(network: ActorNetwork, seed: int = LAYOUT_SEED) -> dict[str, tuple[float, float]]:
    """Fixed positions of every actor (spring layout of the whole-corpus co-presence graph)."""
    graph = network.graphs().copresence
    if graph.number_of_nodes() == 0:
        return {}
    # Sorted nodes: the layout must not depend on the order names were read in.
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes))
    ordered.add_edges_from(sorted((min(a, b), max(a, b), d) for a, b, d in graph.edges(data=True)))
    positions = nx.spring_layout(ordered, seed=seed, weight="weight", k=1.5 / max(1, graph.number_of_nodes()) ** 0.5)
    return {node: (float(x), float(y)) for node, (x, y) in positions.items()}


def draw_period(
    network: ActorNetwork,
    period: str | None,
    positions: dict[str, tuple[float, float]],
    rename: Callable[[str], str] | None = None,
) -> Figure:
    """The co-presence figure of one period (``None``: the whole corpus)."""
    presence = network.presence if period is None else network.presence[network.presence["period"] == period]
    graph = copresence_graph(presence)
    show = renamer(network, rename)
    groups = sorted(set(network.presence["group"]))
    colours = {g: matplotlib.colormaps["tab10"](i % 10) for i, g in enumerate(groups)}
    present = presence[presence["present"]]
    counts = present.groupby(["actor", "group"])["doc_id"].nunique()
    # Most meetings, ties to the first group in alphabetical order.
    main_group = {
        a: min(part.items(), key=lambda kv: (-kv[1], kv[0][1]))[0][1] for a, part in counts.groupby(level=0)
    }
    meetings = present.groupby("actor")["doc_id"].nunique()

    fig = Figure(figsize=(9, 7))
    FigureCanvasSVG(fig)
    ax = fig.add_subplot()
    ax.set_axis_off()
    nodes = sorted(graph.nodes)
    edges = sorted(graph.edges(data="weight"))
    if edges:
        nx.draw_networkx_edges(
            graph, positions, ax=ax, edgelist=[(a, b) for a, b, _ in edges],
            width=[0.3 + 0.4 * w for _, _, w in edges], alpha=0.25, edge_color="#555555",
        )  # fmt: skip
    if nodes:
        nx.draw_networkx_nodes(
            graph, positions, ax=ax, nodelist=nodes,
            node_color=[colours[main_group[n]] for n in nodes],
            node_size=[40 + 35 * int(meetings.get(n, 1)) for n in nodes], linewidths=0.5, edgecolors="white",
        )  # fmt: skip
        labelled = _labelled(network, graph, period)
        nx.draw_networkx_labels(
            graph, positions, ax=ax, labels={n: show(n) for n in nodes if n in labelled}, font_size=8,
        )  # fmt: skip
    shown = [g for g in groups if any(main_group.get(n) == g for n in nodes)]
    for g in shown:
        ax.scatter([], [], color=colours[g], label=g)
    if shown:
        ax.legend(loc="lower left", fontsize=7, frameon=False)
    title = "Whole corpus" if period is None else f"Period {period}"
    ax.set_title(f"{title}: {present['doc_id'].nunique()} meetings, {len(nodes)} actors (co-presence)", fontsize=10)
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    ax.set_xlim(min(xs) - 0.15, max(xs) + 0.15)
    ax.set_ylim(min(ys) - 0.15, max(ys) + 0.15)
    return fig


def write_figures(network: ActorNetwork, folder: str | Path, rename: Callable[[str], str] | None = None) -> list[str]:
    """Write ``network_all.svg`` and one ``network_<period>.svg`` per period into ``folder``; return the names."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    positions = layout(network)
    written = []
    for period in (None, *network.order):
        name = "network_all.svg" if period is None else f"network_{_safe(period)}.svg"
        fig = draw_period(network, period, positions, rename)
        with matplotlib.rc_context({"svg.hashsalt": "chartertext", "svg.fonttype": "none"}):
            fig.savefig(folder / name, format="svg", metadata={"Date": None})
        written.append(name)
    return written


def _labelled(network: ActorNetwork, graph: nx.Graph, period: str | None) -> set[str]:
    labelled = set(network.pivots["actor"])
    if period is not None and graph.number_of_nodes():
        between = nx.betweenness_centrality(graph)
        labelled |= {n for n, _ in sorted(between.items(), key=lambda kv: (-kv[1], kv[0]))[:LABELLED]}
    return labelled


def _safe(period: str) -> str:
    return re.sub(r"[^0-9A-Za-z_-]+", "_", period)

