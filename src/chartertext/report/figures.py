"""The report's charts for one analysis: each chart drawn from its tables and rendered to SVG.

:func:`report_figures` feeds the chart functions of :mod:`chartertext.report.charts` (plain
tables in, a matplotlib Figure out) from an :class:`~chartertext.pipeline.Analysis` and renders
each to deterministic SVG (:mod:`chartertext.report.svg`); :func:`write_figures` writes them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..atomic import atomic_path
from ..memo import remembered
from .charts import (
    adoption_figure,
    alignment_figure,
    convergence_figure,
    provenance_figure,
    topics_over_time_figure,
    topics_per_group_figure,
    value_talk_heatmap,
)
from .direction_chart import direction_figure
from .style import group_colours
from .svg import render_svg

if TYPE_CHECKING:  # the pipeline pulls in torch and BERTopic; the chart functions need neither
    from ..pipeline import Analysis


#: Label of the rows of charter documents in the topics-per-group chart.
CHARTER_ROW = "charte"


@dataclass(frozen=True)
class ReportFigure:
    """One chart of the report.

    Attributes
    ----------
    name : str
        File stem under ``figures/`` and id prefix in ``index.html`` (e.g. ``"convergence"``).
    label : str
        What the chart shows, in one French sentence (screen readers, alt text).
    svg : str
        Standalone SVG document.
    """

    name: str
    label: str
    svg: str


def report_figures(analysis: Analysis) -> list[ReportFigure]:
    """Every chart of the report for ``analysis``, rendered to SVG, in the order of the page.

    A chart whose inputs are those of a chart already drawn (a re-run with nothing changed) is
    read back from the result store when one is active (:func:`chartertext.memo.remembering`).
    """
    groups = sorted({g for g in analysis.segments["group"].dropna().astype(str)})
    colours = group_colours(groups)
    periods = list(analysis.periods.order)
    conv = analysis.convergence
    made: list[tuple[str, str, str]] = [
        ("convergence", "Indice de convergence entre commissions par période, avec son intervalle de confiance",
         _svg("convergence", convergence_figure, conv.series, onset=conv.onset, components=conv.index_components,
              ci_level=conv.config.ci_level, calibration=getattr(conv.config, "calibration", "none"))),
        ("valeurs_groupe_periode", "Part des segments de chaque groupe qui nomment une valeur, par période",
         _svg("valeurs_groupe_periode", value_talk_heatmap, analysis.adoption.value_talk,
              groups=list(analysis.adoption.groups), periods=list(analysis.adoption.periods),
              min_segments=analysis.periods.min_segments)),
    ]
    over_time, per_group, row_names = _topic_tables(analysis)
    made += [
        ("themes_periode", "Part de chaque thème dans les comptes rendus de chaque période",
         _svg("themes_periode", topics_over_time_figure, over_time, periods=periods)),
        ("themes_groupe", "Part de chaque thème dans les segments de chaque groupe",
         _svg("themes_groupe", topics_per_group_figure, per_group, groups=row_names)),
    ]
    adoption = analysis.adoption
    adopted = set(adoption.first_mentions.loc[adoption.first_mentions["adopted_date"].notna(), "value"])
    values = [v for v in analysis.lexicon.names if v in adopted]
    charter_date = analysis.corpus.document(analysis.charter_id).date if analysis.charter_id else None
    made.append(("adoption_valeurs", "Date à laquelle chaque groupe adopte chaque valeur",
                 _svg("adoption_valeurs", adoption_figure, adoption.first_mentions, values=values, colours=colours,
                      charter_date=charter_date)))
    if analysis.alignment is not None:
        made.append(("alignement_charte", "Alignement de chaque groupe sur la charte, par période",
                     _svg("alignement_charte", alignment_figure, analysis.alignment.table, periods=periods,
                          colours=colours)))
        if analysis.alignment.spread is not None:
            from .alignment_charts import net_alignment_figure

            made.append(("alignement_net", "Alignement net d'une charte placebo, et écart entre groupes",
                         _svg("alignement_net", net_alignment_figure, analysis.alignment.table,
                              analysis.alignment.spread, periods=periods, colours=colours)))
    if analysis.provenance is not None:
        made.append(("provenance_charte", "Part de la charte attribuée à chaque groupe",
                     _svg("provenance_charte", provenance_figure, analysis.provenance.shares, colours=colours)))
    direction = analysis.direction
    if direction is not None and direction.status == "ok":
        made.append(("direction_groupes", "Résonance des réunions de chaque groupe sur les autres groupes, au fil du temps",
                     _svg("direction_groupes", direction_figure, direction.meetings, direction.periods,
                          direction.groups, colours=colours)))
    return [ReportFigure(name, label, svg) for name, label, svg in made]


def _svg(name: str, chart: Callable[..., Figure], *args: Any, **kwargs: Any) -> str:
    """``chart(*args, **kwargs)`` rendered to SVG, or the SVG drawn before from equal arguments."""
    return remembered(
        "report.figure",
        (name, chart.__name__, matplotlib.__version__, args, kwargs),
        lambda: render_svg(chart(*args, **kwargs), salt=f"chartertext-{name}"),
    )


def write_figures(figures: Sequence[ReportFigure], folder: Path) -> list[str]:
    """Write each figure as ``folder/<name>.svg`` (atomically); return the file names."""
    for figure in figures:
        with atomic_path(folder / f"{figure.name}.svg") as tmp:
            tmp.write_text(figure.svg, encoding="utf-8")
    return [f"{f.name}.svg" for f in figures]


def _topic_tables(analysis: Analysis) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Topic shares per period (minutes only) and per group (charters as one row "charte")."""
    from ..shared_vision import CHARTER_DOC_KINDS
    from ..topics import topic_shares

    model = analysis.topics
    topics = np.asarray(model.topics_)
    ids, labels = model.topic_ids_.tolist(), model.labels_
    period = analysis.segments["period"].to_numpy(dtype=object)
    dated = np.array([p is not None and p == p for p in period], dtype=bool)
    over_time = topic_shares(topics[dated], {"period": list(period[dated])}, topic_ids=ids, labels=labels)
    charter = analysis.segments["doc_kind"].isin(CHARTER_DOC_KINDS).to_numpy()
    group = analysis.segments["group"].astype(object).where(analysis.segments["group"].notna(), "(sans groupe)")
    rows = np.where(charter, CHARTER_ROW, group.to_numpy(dtype=object))
    per_group = topic_shares(topics, {"group": list(rows)}, topic_ids=ids, labels=labels)
    names = sorted(set(rows) - {CHARTER_ROW}) + ([CHARTER_ROW] if charter.any() else [])
    return over_time, per_group, names
