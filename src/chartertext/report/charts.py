"""The report's charts: one function per chart, tables in, a matplotlib Figure out.

Each chart function takes plain tables (the frames of the metrics results), so it can be drawn
and tested without running the pipeline; :mod:`chartertext.report.figures` feeds them from an
analysis and renders them, in the report's style (:mod:`chartertext.report.style`: French
texts, decimal comma, one colour per group across every chart).
Nothing is hidden: thin (flagged) periods and cells are drawn hatched, not dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm
from matplotlib.dates import DateFormatter
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter

from .style import (
    COMPONENT_COLOURS,
    COMPONENT_LABELS,
    FLAG_COLOUR,
    INDEX_COLOUR,
    ONSET_COLOUR,
    OUTLIER_COLOUR,
    TOPIC_PALETTE,
    figure_style,
    fr_number,
    fr_percent,
    stepped_colormap,
)


def convergence_figure(
    series: pd.DataFrame,
    *,
    onset: str | None = None,
    components: Sequence[str] = (),
    ci_level: float = 0.95,
    calibration: str = "none",
) -> Figure:
    """The convergence index per period with its interval band, components, flagged periods and onset.

    Parameters
    ----------
    series : pandas.DataFrame
        ``ConvergenceResult.series``: ``period``, ``index``, ``ci_low``, ``ci_high``, ``flagged``
        and one column per name in ``components``; chronological.
    onset : str, optional
        Period label where convergence starts (a dotted vertical line).
    components : sequence of str
        Component columns drawn as thin dashed lines.
    ci_level : float, default 0.95
    calibration : {"none", "chance"}, default "none"
        How the index is scaled (``ConvergenceConfig.calibration``): with "chance", 1 means "as
        alike as random halves of one talk" and the index can pass 1 by chance, so the y axis
        is not capped at 1 and a dotted line marks the chance level.
    """
    # Periods sit at their calendar midpoints (the trend's time axis): a quarter is three times as
    # wide as a month, and a gap of six months looks like one.
    x, left, right = _calendar_positions(series)
    index = series["index"].to_numpy(dtype=float)
    low, high = series["ci_low"].to_numpy(dtype=float), series["ci_high"].to_numpy(dtype=float)
    flagged = series["flagged"].to_numpy(dtype=bool)
    with figure_style():
        fig = Figure(figsize=(max(6.0, 0.6 * len(series) + 2.5), 3.6))
        ax = fig.add_subplot()
        band = np.isfinite(low) & np.isfinite(high)
        ax.fill_between(x, low, high, where=band, color=INDEX_COLOUR, alpha=0.18, lw=0,
                        label=f"Intervalle de confiance à {fr_percent(ci_level)}")
        for name in components:
            if name in series:
                ax.plot(x, series[name].to_numpy(dtype=float), lw=1, ls="--", color=COMPONENT_COLOURS.get(name),
                        label=f"Composante {COMPONENT_LABELS.get(name, name)}")
        ax.plot(x, index, "-", color=INDEX_COLOUR, lw=2, label="Indice de convergence")
        ax.plot(x[~flagged], index[~flagged], "o", color=INDEX_COLOUR, ms=5)
        _flag_periods(ax, x, flagged, index, left, right)
        if onset is not None and onset in set(series["period"]):
            where = int(np.flatnonzero(series["period"].to_numpy(dtype=object) == onset)[0])
            ax.axvline(left[where], color=ONSET_COLOUR, ls=":", lw=1.8, label=f"Début de la convergence ({onset})")
        _period_axis(ax, list(series["period"]), x, left, right)
        values = np.concatenate([index, low, high, *[series[c].to_numpy(dtype=float) for c in components if c in series]])
        chance = calibration == "chance"
        if chance:
            ax.axhline(1.0, color="#666666", lw=0.8, ls=":", label="Niveau du hasard")
        _fit_ylim(ax, values, cap=None if chance else 1.0)
        ax.set_ylabel("Indice (1 = aussi proches que le hasard)" if chance else "Indice (1 = groupes indiscernables)")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fr_number(v)))
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=3)
    return fig


def value_talk_heatmap(
    value_talk: pd.DataFrame, *, groups: Sequence[str], periods: Sequence[str], min_segments: int
) -> Figure:
    """Share of each group's segments that name a value, per period: the diffusion of the values.

    Parameters
    ----------
    value_talk : pandas.DataFrame
        ``ValueAdoption.value_talk``: ``period``, ``group``, ``n_segments``, ``share``.
    groups, periods : sequence of str
        Rows and columns, in order. A group without segments in a period is a grey cell "—".
    min_segments : int
        Cells with fewer segments are hatched (too thin to compare).
    """
    share = np.full((len(groups), len(periods)), np.nan)
    count = np.zeros((len(groups), len(periods)), dtype=int)
    row, col = {g: i for i, g in enumerate(groups)}, {p: j for j, p in enumerate(periods)}
    for rec in value_talk.itertuples(index=False):
        if rec.group in row and rec.period in col:
            share[row[rec.group], col[rec.period]] = rec.share
            count[row[rec.group], col[rec.period]] = rec.n_segments
    with figure_style():
        fig = Figure(figsize=(max(5.0, 0.8 * len(periods) + 3.0), max(2.2, 0.55 * len(groups) + 1.4)))
        ax = fig.add_subplot()
        # Ten 10 % steps: easier to read than a continuous scale, and few enough colours for
        # matplotlib to draw the colour bar as vectors instead of an embedded bitmap.
        cmap = stepped_colormap("YlGnBu", 10)
        image = ax.pcolormesh(np.arange(len(periods) + 1) - 0.5, np.arange(len(groups) + 1) - 0.5,
                              np.ma.masked_invalid(share), cmap=cmap, norm=BoundaryNorm(np.linspace(0, 1, 11), 10),
                              edgecolors="white", linewidth=0.8)
        ax.set_ylim(max(len(groups), 1) - 0.5, -0.5)
        for i, j in np.ndindex(share.shape):
            if np.isnan(share[i, j]):
                ax.text(j, i, "—", ha="center", va="center", color="#777777")
                continue
            thin = count[i, j] < min_segments
            if thin:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="///", ec=FLAG_COLOUR, lw=0))
            colour = "white" if share[i, j] > 0.55 else "#222222"
            ax.text(j, i, f"{fr_percent(share[i, j])}\nn={count[i, j]}", ha="center", va="center",
                    fontsize=7, color=colour)
        ax.set_xticks(range(len(periods)), list(periods), rotation=45 if len(periods) > 6 else 0, ha="right"
                      if len(periods) > 6 else "center")
        ax.set_yticks(range(len(groups)), list(groups))
        ax.set_xlabel("Période")
        ax.spines[:].set_visible(False)
        bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02, ticks=np.linspace(0, 1, 6))
        bar.set_label("Part des segments qui nomment une valeur")
        bar.formatter = FuncFormatter(lambda v, _: fr_percent(v))
        bar.update_ticks()
        keys = [Patch(color=cmap.get_bad(), label="pas de réunion")]
        if (count[~np.isnan(share)] < min_segments).any():
            keys.append(Patch(fill=False, hatch="///", ec=FLAG_COLOUR, label=f"moins de {min_segments} segments"))
        ax.legend(handles=keys, loc="upper center", bbox_to_anchor=(0.5, -0.22 if len(periods) > 6 else -0.14), ncol=2)
    return fig


def topics_over_time_figure(shares: pd.DataFrame, *, periods: Sequence[str]) -> Figure:
    """Stacked share of each topic in the minutes of each period.

    ``shares`` has columns ``period``, ``topic``, ``label``, ``share`` (:func:`chartertext.topics.topic_shares`).
    """
    return _stacked_topics(shares, "period", list(periods), horizontal=False, axis_label="Période")


def topics_per_group_figure(shares: pd.DataFrame, *, groups: Sequence[str]) -> Figure:
    """Stacked share of each topic in each group's segments (the charter as its own row)."""
    return _stacked_topics(shares, "group", list(groups), horizontal=True, axis_label="")


def adoption_figure(
    first_mentions: pd.DataFrame,
    *,
    values: Sequence[str],
    colours: dict[str, str],
    charter_date: dt.date | None = None,
) -> Figure:
    """When each group adopted each value: one dot per (value, group) at its adoption date.

    Parameters
    ----------
    first_mentions : pandas.DataFrame
        ``ValueAdoption.first_mentions``: ``value``, ``group``, ``adopted_date`` (None when never adopted).
    values : sequence of str
        Rows, top to bottom (lexicon order); values nobody adopted are left out by the caller.
    colours : dict of str to str
        Colour of each group.
    charter_date : datetime.date, optional
        Drawn as a vertical line "charte".
    """
    adopted = first_mentions[first_mentions["adopted_date"].map(lambda d: d is not None and d == d).astype(bool)]
    groups = [g for g in colours if g in set(adopted["group"])]
    row = {v: i for i, v in enumerate(values)}
    with figure_style():
        fig = Figure(figsize=(7.0, max(2.0, 0.3 * len(values) + 1.3)))
        ax = fig.add_subplot()
        for k, group in enumerate(groups):
            mine = adopted[(adopted["group"] == group) & adopted["value"].isin(row)]
            offset = (k - (len(groups) - 1) / 2) * min(0.12, 0.7 / max(len(groups), 1))
            ax.plot([_as_datetime(d) for d in mine["adopted_date"]], [row[v] + offset for v in mine["value"]],
                    "o", ms=5, color=colours[group], label=group, ls="none")
        if charter_date is not None:
            ax.axvline(_as_datetime(charter_date), color="#444444", ls="--", lw=1, label="charte")
        ax.set_yticks(range(len(values)), list(values))
        ax.set_ylim(max(len(values), 1) - 0.5, -0.5)
        if not values:
            ax.text(0.5, 0.5, "Aucune valeur adoptée", transform=ax.transAxes, ha="center", color="#555555")
        ax.grid(axis="y", color="#EEEEEE", lw=0.8)
        ax.set_axisbelow(True)
        # Numeric months: "%b" would print English month names.
        ax.xaxis.set_major_formatter(DateFormatter("%Y-%m"))
        ax.set_xlabel("Date d'adoption de la valeur par le groupe")
        _side_legend(ax)
    return fig


def alignment_figure(table: pd.DataFrame, *, periods: Sequence[str], colours: dict[str, str]) -> Figure:
    """Each group's alignment with the charter per period, with its interval; thin cells hollow.

    ``table`` is ``CharterAlignment.table``: ``group``, ``period``, ``alignment``, ``ci_low``,
    ``ci_high``, ``flagged``.
    """
    position = {p: i for i, p in enumerate(periods)}
    with figure_style():
        fig = Figure(figsize=(max(6.0, 0.6 * len(periods) + 2.5), 3.6))
        ax = fig.add_subplot()
        for group in [g for g in colours if g in set(table["group"])]:
            mine = table[(table["group"] == group) & table["period"].isin(position)]
            x = np.array([position[p] for p in mine["period"]])
            y = mine["alignment"].to_numpy(dtype=float)
            thin = mine["flagged"].to_numpy(dtype=bool)
            colour = colours[group]
            ax.fill_between(x, mine["ci_low"].to_numpy(dtype=float), mine["ci_high"].to_numpy(dtype=float),
                            color=colour, alpha=0.12, lw=0)
            ax.plot(x, y, "-", color=colour, lw=1.6, label=group)
            ax.plot(x[~thin], y[~thin], "o", color=colour, ms=4.5)
            ax.plot(x[thin], y[thin], "o", mfc="white", mec=colour, ms=5)
        if table["flagged"].astype(bool).any():
            ax.plot([], [], "o", mfc="white", mec="#444444", ls="none", label="cellule trop mince (signalée)")
        _period_axis(ax, list(periods))
        ax.set_ylabel("Alignement sur la charte")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fr_number(v)))
        _side_legend(ax)
    return fig


def provenance_figure(shares: pd.DataFrame, *, colours: dict[str, str]) -> Figure:
    """Each group's share of the charter with its bootstrap interval and the articles it leads.

    ``shares`` is ``ProvenanceResult.shares``: ``group``, ``share``, ``ci_low``, ``ci_high``, ``n_top``
    (calibrated for volume also ``n_attributed`` and a row ``"unattributed"``).
    """
    ordered = shares.sort_values(["share", "group"], ascending=[False, True], kind="stable").reset_index(drop=True)
    share = ordered["share"].to_numpy(dtype=float)
    # A basic interval can leave its estimate; a bar's error whiskers cannot be negative.
    below = np.clip(share - ordered["ci_low"].to_numpy(dtype=float), 0, None)
    above = np.clip(ordered["ci_high"].to_numpy(dtype=float) - share, 0, None)
    with figure_style():
        fig = Figure(figsize=(6.5, max(2.0, 0.45 * len(ordered) + 1.0)))
        ax = fig.add_subplot()
        y = np.arange(len(ordered))
        ax.barh(y, share, xerr=np.nan_to_num(np.vstack([below, above])), capsize=3,
                color=[colours.get(g, "#777777") for g in ordered["group"]], error_kw={"lw": 1, "ecolor": "#333333"})
        # Calibrated for volume (a row "unattributed"): count the articles each row receives, not raw leads.
        calibrated = "n_attributed" in ordered.columns
        counts, what = (ordered["n_attributed"], "attribué") if calibrated else (ordered["n_top"], "en tête")
        for i, n in enumerate(counts):
            plural = "s" if n > 1 else ""
            ax.text(share[i] + above[i] + 0.01 if np.isfinite(above[i]) else share[i] + 0.01, i,
                    f"{int(n)} article{plural} {what}{plural if calibrated else ''}", va="center", fontsize=7)
        names = ["non attribué" if calibrated and g == "unattributed" else g for g in ordered["group"]]
        ax.set_yticks(y, names)
        ax.set_ylim(max(len(ordered), 1) - 0.5, -0.5)
        right = float(np.nanmax(share + np.nan_to_num(above))) if len(ordered) else 0.0
        ax.set_xlim(0, min(1.0, max(0.3, right + 0.2)))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fr_percent(v)))
        ax.set_xlabel("Part de la charte attribuée au groupe")
    return fig


def _stacked_topics(shares: pd.DataFrame, key: str, cells: list[str], *, horizontal: bool, axis_label: str) -> Figure:
    table = shares.pivot_table(index=key, columns="topic", values="share", aggfunc="sum", fill_value=0.0)
    table = table.reindex([c for c in cells if c in table.index])
    labels = shares.drop_duplicates("topic").set_index("topic")["label"].to_dict()
    with figure_style():
        n = len(table)
        size = (7.0, max(2.0, 0.45 * n + 1.6)) if horizontal else (max(6.0, 0.6 * n + 3.0), 3.8)
        fig = Figure(figsize=size)
        ax = fig.add_subplot()
        base = np.zeros(n)
        position = np.arange(n)
        for k, topic in enumerate(table.columns):
            colour = OUTLIER_COLOUR if topic == -1 else TOPIC_PALETTE[k % len(TOPIC_PALETTE)]
            height = table[topic].to_numpy(dtype=float)
            name = "-1 · non classés" if topic == -1 else _short(f"{topic} · {labels.get(topic, '')}")
            if horizontal:
                ax.barh(position, height, left=base, color=colour, label=name, height=0.7)
            else:
                ax.bar(position, height, bottom=base, color=colour, label=name, width=0.75)
            base += height
        formatter = FuncFormatter(lambda v, _: fr_percent(v))
        if horizontal:
            ax.set_yticks(position, list(table.index))
            ax.set_ylim(n - 0.5, -0.5)
            ax.xaxis.set_major_formatter(formatter)
            ax.set_xlabel("Part des segments")
        else:
            _period_axis(ax, list(table.index))
            ax.yaxis.set_major_formatter(formatter)
            ax.set_ylabel("Part des segments")
            ax.set_xlabel(axis_label)
        _side_legend(ax, title="Thème")
    return fig


def _calendar_positions(series: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each period's midpoint and bounds in months from the first midpoint; ranks ± 0.5 without dates."""
    n = len(series)
    ranks = np.arange(n, dtype=float)
    if n and {"start", "end"} <= set(series.columns):
        from ..metrics.panel import MONTH_DAYS, period_months

        months = period_months(list(series["start"]), list(series["end"]), n)
        if not np.array_equal(months, ranks) or n == 1:
            first = np.datetime64(series["start"].iloc[0], "D").astype(np.int64)
            last = np.datetime64(series["end"].iloc[0], "D").astype(np.int64)
            origin = (first + last) / 2.0
            days = lambda column: np.asarray(list(series[column]), dtype="datetime64[D]").astype(np.int64)  # noqa: E731
            return months, (days("start") - origin) / MONTH_DAYS, (days("end") + 1 - origin) / MONTH_DAYS
    return ranks, ranks - 0.5, ranks + 0.5


def _flag_periods(
    ax: Axes, x: np.ndarray, flagged: np.ndarray, index: np.ndarray, left: np.ndarray, right: np.ndarray
) -> None:
    """Hatch flagged periods over their calendar span; hollow markers where their index exists, a note where not."""
    for i in np.flatnonzero(flagged):
        ax.axvspan(left[i], right[i], facecolor="none", edgecolor=FLAG_COLOUR, hatch="///", lw=0)
        if np.isfinite(index[i]):
            ax.plot(x[i], index[i], "o", mfc="white", mec=INDEX_COLOUR, ms=6)
        else:
            ax.text(x[i], 0.04, "non calculable", rotation=90, ha="center", va="bottom", fontsize=7,
                    color="#555555", transform=ax.get_xaxis_transform())
    if flagged.any():
        ax.add_patch(Rectangle((0, 0), 0, 0, fill=False, hatch="///", ec=FLAG_COLOUR, lw=0,
                               label="Période signalée (groupe absent ou trop peu de réunions)"))


def _side_legend(ax: Axes, title: str | None = None) -> None:
    """A legend right of the axes, when there is something to list."""
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title=title)


def _period_axis(
    ax: Axes, periods: list[str], x: np.ndarray | None = None, left: np.ndarray | None = None,
    right: np.ndarray | None = None,
) -> None:
    """Period labels under their positions (ranks, or calendar midpoints with ``x``)."""
    x = np.arange(len(periods), dtype=float) if x is None else x
    # An adaptive bin "start/end" is written on two lines: rotated, its long label runs into the legend.
    labels = [p.replace("/", "\n") for p in periods]
    tilt = len(periods) > 6
    ax.set_xticks(x, labels, rotation=45 if tilt else 0, ha="right" if tilt else "center")
    ax.set_xlim(float(left.min()) if left is not None and len(left) else -0.5,
                float(right.max()) if right is not None and len(right) else max(len(periods), 1) - 0.5)
    ax.set_xlabel("Période")


def _fit_ylim(ax: Axes, values: np.ndarray, cap: float | None) -> None:
    """A y range that shows the differences between periods, from 0 up, at most ``cap`` (plus a margin)."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        ax.set_ylim(0, 1.02)
        return
    low, high = float(finite.min()), float(finite.max())
    pad = max(0.02, 0.1 * (high - low))
    ax.set_ylim(max(0.0, low - pad), (high if cap is None else min(cap, high)) + pad)


def _as_datetime(value: object) -> dt.datetime:
    day = value if isinstance(value, dt.date) else pd.Timestamp(value).date()
    return dt.datetime(day.year, day.month, day.day)


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
