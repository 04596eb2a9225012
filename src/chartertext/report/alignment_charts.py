"""The chart of net charter alignment: each group's net alignment, and their spread, per period.

Kept apart from :mod:`.charts` (one chart, one concept: alignment beyond a placebo charter,
issue 18). Tables in, a matplotlib Figure out, in the report's style.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .charts import _period_axis, _side_legend
from .style import INDEX_COLOUR, figure_style, fr_number


def net_alignment_figure(
    table: pd.DataFrame, spread: pd.DataFrame, *, periods: Sequence[str], colours: dict[str, str]
) -> Figure:
    """Left: each group's net alignment (charter minus placebo) with its meeting-bootstrap band; right: the spread.

    ``table`` is ``CharterAlignment.table`` (``group``, ``period``, ``net_alignment``,
    ``net_ci_low``, ``net_ci_high``, ``net_flagged``), ``spread`` ``CharterAlignment.spread``
    (``period``, ``spread``, ``ci_low``, ``ci_high``). Thin cells are hollow, not dropped.
    """
    position = {p: i for i, p in enumerate(periods)}
    with figure_style():
        fig = Figure(figsize=(max(10.0, 1.2 * len(periods) + 4.0), 3.6))
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
        for group in [g for g in colours if g in set(table["group"])]:
            mine = table[(table["group"] == group) & table["period"].isin(position) & table["net_alignment"].notna()]
            x = np.array([position[p] for p in mine["period"]])
            y = mine["net_alignment"].to_numpy(dtype=float)
            thin = mine["net_flagged"].to_numpy(dtype=bool)
            colour = colours[group]
            left.fill_between(x, mine["net_ci_low"].to_numpy(dtype=float), mine["net_ci_high"].to_numpy(dtype=float),
                              color=colour, alpha=0.12, lw=0)  # fmt: skip
            left.plot(x, y, "-", color=colour, lw=1.6, label=group)
            left.plot(x[~thin], y[~thin], "o", color=colour, ms=4.5)
            left.plot(x[thin], y[thin], "o", mfc="white", mec=colour, ms=5)
        left.axhline(0.0, color="#888888", lw=0.8, ls=":")
        _period_axis(left, list(periods))
        left.set_ylabel("Alignement net (charte − placebo)")
        shown = spread[spread["period"].isin(position) & spread["spread"].notna()]
        x = np.array([position[p] for p in shown["period"]])
        right.fill_between(x, shown["ci_low"].to_numpy(dtype=float), shown["ci_high"].to_numpy(dtype=float),
                           color=INDEX_COLOUR, alpha=0.15, lw=0)  # fmt: skip
        right.plot(x, shown["spread"].to_numpy(dtype=float), "o-", color=INDEX_COLOUR, lw=1.6, ms=4.5)
        _period_axis(right, list(periods))
        right.set_ylabel("Écart entre groupes")
        right.set_ylim(bottom=0)
        for ax in (left, right):
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fr_number(v)))
        _side_legend(left)
        fig.tight_layout()
    return fig
