"""The report's direction chart: which commission introduced the talk that the others later took up.

Tables in (the frames of :class:`chartertext.metrics.DirectionResult`), a matplotlib Figure out,
in the report's style, on a calendar x axis like the other charts over time.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from matplotlib.dates import DateFormatter
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .style import figure_style, fr_number


def direction_figure(
    meetings: pd.DataFrame, periods: pd.DataFrame, groups: pd.DataFrame, *, colours: dict[str, str]
) -> Figure:
    """Each meeting's resonance on the other groups over time, and each group's mean per period.

    Parameters
    ----------
    meetings : pandas.DataFrame
        ``DirectionResult.meetings``: ``group``, ``date``, ``resonance`` (NaN rows are not drawn).
    periods : pandas.DataFrame
        ``DirectionResult.periods``: ``group``, ``start``, ``end``, ``resonance``, ``ci_low``, ``ci_high``.
    groups : pandas.DataFrame
        ``DirectionResult.groups``: ``group``, ``lead``, ``lead_ci_low``, ``lead_ci_high``, ``p_holm``, ``leads``.
    colours : dict of str to str
        Colour of each group.
    """
    summary = groups.set_index("group") if len(groups) else pd.DataFrame()
    with figure_style():
        fig = Figure(figsize=(7.5, 3.8))
        ax = fig.add_subplot()
        ax.axhline(0.0, color="#666666", lw=0.8, ls=":")
        for group in [g for g in colours if g in set(meetings["group"])]:
            colour = colours[group]
            mine = meetings[(meetings["group"] == group) & meetings["resonance"].notna()]
            ax.plot([_day(d) for d in mine["date"]], mine["resonance"].to_numpy(dtype=float), "o", ms=3,
                    color=colour, alpha=0.35, ls="none")
            for row in periods[(periods["group"] == group) & periods["resonance"].notna()].itertuples(index=False):
                start, end = _day(row.start), _day(row.end) + dt.timedelta(days=1)
                if np.isfinite(row.ci_low) and np.isfinite(row.ci_high):
                    ax.fill_between([start, end], row.ci_low, row.ci_high, color=colour, alpha=0.1, lw=0)
                ax.plot([start, end], [row.resonance] * 2, "-", color=colour, lw=2)
            ax.plot([], [], "-o", color=colour, ms=3, lw=2, label=_legend(group, summary))
        if not meetings["resonance"].notna().any():
            ax.text(0.5, 0.5, "Aucune réunion n'a d'autres groupes avant et après elle", transform=ax.transAxes,
                    ha="center", color="#555555")
        ax.xaxis.set_major_formatter(DateFormatter("%Y-%m"))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fr_number(v)))
        ax.set_ylabel("Résonance sur les autres groupes")
        ax.set_xlabel("Date de la réunion (trait : moyenne du groupe sur la période, bande : intervalle)")
        ax.text(0.0, 1.02, "au-dessus de 0 : les autres groupes reprennent ensuite ce que la réunion a dit",
                transform=ax.transAxes, fontsize=7, color="#555555")
        if ax.get_legend_handles_labels()[0]:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="Avance sur les autres (p Holm)")
    return fig


def _legend(group: str, summary: pd.DataFrame) -> str:
    if group not in summary.index:
        return group
    row = summary.loc[group]
    if not np.isfinite(row["lead"]):
        return group
    text = f"{group} : {fr_number(row['lead'])}"
    if np.isfinite(row["lead_ci_low"]) and np.isfinite(row["lead_ci_high"]):
        text += f" [{fr_number(row['lead_ci_low'])} ; {fr_number(row['lead_ci_high'])}]"
    if np.isfinite(row["p_holm"]):
        text += f" (p = {fr_number(row['p_holm'], 3)})"
    return text + (" — mène" if bool(row["leads"]) else "")


def _day(value: object) -> dt.datetime:
    day = value if isinstance(value, dt.date) else pd.Timestamp(value).date()
    return dt.datetime(day.year, day.month, day.day)
