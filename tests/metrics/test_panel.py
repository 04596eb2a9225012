"""The fixed panel of pairs: a group leaving cannot create a trend; Holm; calendar months."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from chartertext.metrics.panel import adjusted_series, holm, panel_slope, period_months


def test_panel_a_distinct_pair_leaving_creates_no_slope():
    # Pair 0 (with the most distinct group) sits at 0.2, pairs 1-2 at 0.8; pair 0 stops at t = 3.
    # The mean over the pairs present rises from 0.6 to 0.8; no pair moves.
    y = np.array([[0.2, 0.2, 0.2, np.nan, np.nan], [0.8] * 5, [0.8] * 5])
    present_mean = np.nanmean(y, axis=0)
    assert present_mean[-1] - present_mean[0] == pytest.approx(0.2)
    assert panel_slope(y[None], np.arange(5.0))[0] == pytest.approx(0.0)
    assert np.allclose(adjusted_series(y[None])[0], 0.0)


def test_panel_holm_adjusts_and_keeps_nan():
    out = holm({"index": 0.01, "onset": 0.04, "component:semantic": float("nan")})
    assert out["index"] == pytest.approx(0.02) and out["onset"] == pytest.approx(0.04)
    assert np.isnan(out["component:semantic"])


def test_panel_months_are_calendar_midpoints():
    starts = [dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 7, 1)]
    ends = [dt.date(2024, 1, 31), dt.date(2024, 2, 29), dt.date(2024, 9, 30)]
    months = period_months(starts, ends, 3)
    assert months[0] == 0 and months[1] == pytest.approx(1.0, abs=0.05) and months[2] == pytest.approx(7.0, abs=0.1)
    assert list(period_months(None, None, 3)) == [0.0, 1.0, 2.0]
