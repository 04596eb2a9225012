"""The net alignment chart, drawn from plain tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from chartertext.report.alignment_charts import net_alignment_figure


def test_alignment_charts_net_alignment_draws_each_group_and_the_spread_with_thin_cells_hollow():
    periods = ["2021-01", "2021-02", "2021-03"]
    table = pd.DataFrame(
        {
            "group": ["logement"] * 3 + ["santé"] * 3,
            "period": periods * 2,
            "net_alignment": [0.1, 0.2, 0.25, 0.4, 0.3, np.nan],
            "net_ci_low": [0.0, 0.1, 0.2, 0.3, 0.2, np.nan],
            "net_ci_high": [0.2, 0.3, 0.3, 0.5, 0.4, np.nan],
            "net_flagged": [False, True, False, False, False, True],
        }
    )
    spread = pd.DataFrame(
        {"period": periods, "spread": [0.21, 0.07, np.nan], "ci_low": [0.1, 0.0, np.nan], "ci_high": [0.3, 0.2, np.nan]}
    )
    fig = net_alignment_figure(table, spread, periods=periods, colours={"logement": "#E69F00", "santé": "#56B4E9"})
    left, right = fig.axes[:2]
    labels = [line.get_label() for line in left.get_lines() if not line.get_label().startswith("_")]
    assert labels == ["logement", "santé"]
    hollow = [line for line in left.get_lines() if line.get_markerfacecolor() == "white" and len(line.get_xdata())]
    assert [(list(line.get_xdata()), list(line.get_ydata())) for line in hollow] == [([1], [0.2])]
    spread_line = [line for line in right.get_lines() if len(line.get_xdata())][0]
    assert list(spread_line.get_ydata()) == [0.21, 0.07]
    assert [t.get_text() for t in left.get_xticklabels()] == periods
