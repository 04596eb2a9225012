"""The comparison's figures: a similarity heatmap and a dendrogram of the charters.

Drawn with matplotlib's Agg backend in the convergence report's style
(:mod:`chartertext.report.style`: French labels, decimal comma) and written as deterministic SVG
by :mod:`chartertext.report.svg` (same inputs, same bytes; accents kept as text).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # before pyplot: reports are written on servers without a display

import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402
from scipy.cluster.hierarchy import dendrogram  # noqa: E402

from ..report.style import figure_style, fr_number  # noqa: E402
from ..report.svg import render_svg  # noqa: E402
from .similarity import DocumentSimilarity  # noqa: E402

#: Names of the figures, as written under ``figures/`` (without ``.svg``).
FIGURES: tuple[str, ...] = ("similarity_heatmap", "dendrogram")


def similarity_heatmap(similarity: DocumentSimilarity) -> Figure:
    """Heatmap of ``similarity`` (left) and its two components (right), charters in dendrogram order.

    Parameters
    ----------
    similarity : DocumentSimilarity

    Returns
    -------
    matplotlib.figure.Figure
    """
    order = [similarity.doc_ids.index(d) for d in similarity.order]
    labels = list(similarity.order)
    n = len(labels)
    panels = (
        ("Similarité (moyenne)", similarity.similarity),
        ("Plongements (cosinus)", similarity.embedding),
        ("TF-IDF des lemmes (cosinus)", similarity.tfidf),
    )
    with figure_style():
        side = 1.6 + 0.55 * n
        fig = Figure(figsize=(3 * side + 2.5, side + 2.4))
        axes = fig.subplots(1, 3)
        for k, (ax, (title, matrix)) in enumerate(zip(axes, panels)):
            m = np.asarray(matrix)[np.ix_(order, order)]
            off = m[~np.eye(n, dtype=bool)]
            # Each panel has its own colour scale: embedding cosines sit in 0.9–1, TF-IDF in 0–0.5.
            low, high = (float(off.min()), float(off.max())) if off.size else (0.0, 1.0)
            # The diagonal (a charter with itself) says nothing: grey it out.
            shown = np.ma.masked_array(m, mask=np.eye(n, dtype=bool))
            cmap = matplotlib.colormaps["viridis"].with_extremes(bad="#e6e6e6")
            image = ax.imshow(shown, cmap=cmap, vmin=low, vmax=high if high > low else low + 1e-6)
            for i in range(n):
                for j in range(n):
                    if i != j:
                        bright = (m[i, j] - low) / ((high - low) or 1.0) > 0.6
                        colour = "black" if bright else "white"
                        ax.text(j, i, fr_number(m[i, j]), ha="center", va="center", fontsize=8, color=colour)
            ax.set_title(title)
            ax.set_xticks(range(n), labels, rotation=60, ha="right", fontsize=8)
            ax.set_yticks(range(n), labels if k == 0 else [""] * n, fontsize=8)
            bar = fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
            bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fr_number(v)))
        fig.tight_layout()
    return fig


def similarity_dendrogram(similarity: DocumentSimilarity) -> Figure:
    """Dendrogram of the average-linkage clustering on ``1 - similarity``.

    Parameters
    ----------
    similarity : DocumentSimilarity

    Returns
    -------
    matplotlib.figure.Figure
    """
    n = len(similarity.doc_ids)
    with figure_style():
        fig = Figure(figsize=(7.5, 1.2 + 0.35 * n))
        ax = fig.subplots()
        dendrogram(
            similarity.linkage,
            labels=list(similarity.doc_ids),
            orientation="right",
            ax=ax,
            color_threshold=0,
            above_threshold_color="#33658a",
        )
        ax.set_xlabel("Distance (1 − similarité)")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fr_number(v, 1)))
        ax.set_title("Regroupement des chartes")
        fig.tight_layout()
    return fig


def comparison_figures(similarity: DocumentSimilarity) -> dict[str, str]:
    """Both figures as standalone SVG documents, keyed by ``FIGURES`` names."""
    return {
        "similarity_heatmap": render_svg(similarity_heatmap(similarity), salt="compare-heatmap"),
        "dendrogram": render_svg(similarity_dendrogram(similarity), salt="compare-dendrogram"),
    }
