"""Periods: labels per frequency, flags on thin periods, undated rows, the `auto` rule."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from chartertext.errors import ConfigError, CorpusError
from chartertext.periods import FREQS, assign_periods

D = dt.date


def _rows(spec: dict[tuple[dt.date, str], int]) -> tuple[list[dt.date], list[str]]:
    """Dates and groups with ``n`` segments for each (date, group)."""
    dates, groups = [], []
    for (day, group), n in spec.items():
        dates += [day] * n
        groups += [group] * n
    return dates, groups


@pytest.mark.parametrize(
    ("freq", "label", "start", "end"),
    [
        ("session", "2020-02-29", D(2020, 2, 29), D(2020, 2, 29)),
        ("month", "2020-02", D(2020, 2, 1), D(2020, 2, 29)),
        ("quarter", "2020-Q1", D(2020, 1, 1), D(2020, 3, 31)),
        ("year", "2020", D(2020, 1, 1), D(2020, 12, 31)),
        ("adaptive", "2020-02-29/2020-02-29", D(2020, 2, 29), D(2020, 2, 29)),
    ],
)
def test_periods_label_and_bounds_for_each_documented_freq(freq, label, start, end):
    table = assign_periods([D(2020, 2, 29)] * 2, ["logement", "santé"], freq, min_segments=1)
    assert table.labels == (label, label)
    row = table.periods.iloc[0]
    assert (row["period"], row["start"], row["end"]) == (label, start, end)


def test_periods_every_documented_freq_is_accepted():
    dates, groups = _rows({(D(2021, 1, 5), "a"): 2, (D(2021, 1, 9), "b"): 2})
    for freq in FREQS:
        assert len(assign_periods(dates, groups, freq, min_segments=1).labels) == 4


def test_periods_unknown_freq_names_the_allowed_values():
    with pytest.raises(ConfigError, match="fortnight.*month"):
        assign_periods([D(2021, 1, 1)], ["a"], "fortnight")


def test_periods_undated_rows_get_none_and_a_warning():
    table = assign_periods(["2021-01-04", None, pd.NaT, "2021-01-20"], ["a", "a", "b", "b"], "month", min_segments=1)
    assert table.labels == ("2021-01", None, None, "2021-01")
    assert table.n_undated == 2
    assert any("2 of 4 segments have no date" in w for w in table.warnings)
    # Undated rows are counted nowhere else.
    assert int(table.periods["n_segments"].sum()) == 2


def test_periods_unreadable_date_is_an_error_naming_it():
    with pytest.raises(CorpusError, match="31/02/2021"):
        assign_periods(["31/02/2021"], ["a"], "month")


def test_periods_period_with_one_group_is_flagged_not_computable():
    dates, groups = _rows({(D(2021, 1, 5), "logement"): 12, (D(2021, 2, 5), "logement"): 12, (D(2021, 2, 8), "santé"): 12})
    periods = assign_periods(dates, groups, "month", min_segments=10).periods.set_index("period")
    assert periods.loc["2021-01", "flagged"] and not periods.loc["2021-01", "computable"]
    assert "fewer than two groups" in periods.loc["2021-01", "reason"]
    assert not periods.loc["2021-02", "flagged"] and periods.loc["2021-02", "reason"] == ""


def test_periods_thin_group_flags_the_period_and_is_named():
    dates, groups = _rows({(D(2021, 3, 1), "logement"): 10, (D(2021, 3, 2), "santé"): 10, (D(2021, 3, 3), "mobilité"): 3})
    row = assign_periods(dates, groups, "month", min_segments=10).periods.iloc[0]
    assert row["computable"] and row["flagged"]
    assert "mobilité (3)" in row["reason"]


def test_periods_counts_segments_per_group():
    dates, groups = _rows({(D(2021, 3, 1), "logement"): 4, (D(2021, 3, 2), "santé"): 7})
    counts = assign_periods(dates, groups, "quarter", min_segments=1).counts
    assert counts.loc["2021-Q1"].to_dict() == {"logement": 4, "santé": 7}


def test_periods_auto_picks_the_finest_calendar_freq_where_every_period_is_computable():
    # Monthly: February has only one group; quarterly, both groups have 10+ in each quarter.
    dates, groups = _rows(
        {
            (D(2021, 1, 10), "a"): 10,
            (D(2021, 1, 12), "b"): 10,
            (D(2021, 2, 10), "a"): 10,
            (D(2021, 4, 10), "a"): 10,
            (D(2021, 5, 10), "b"): 10,
        }
    )
    table = assign_periods(dates, groups, "auto", min_segments=10)
    assert table.freq == "quarter" and table.requested_freq == "auto"
    assert table.order == ("2021-Q1", "2021-Q2")


def test_periods_auto_falls_back_to_adaptive_bins_with_two_groups_each():
    # Groups alternate meetings; 2020 has only group a, so even years fail.
    spec = {(D(2020, 6, 1), "a"): 6}
    for k, month in enumerate(range(1, 13)):
        spec[(D(2021, month, 3), "a" if k % 2 else "b")] = 6
    dates, groups = _rows(spec)
    table = assign_periods(dates, groups, "auto", min_segments=10)
    assert table.freq == "adaptive"
    assert bool(table.periods["computable"].all())
    assert len(table.periods) >= 3  # finer than one bin for the whole corpus
    assert table.order == tuple(sorted(table.order))  # ISO intervals sort chronologically


def test_periods_adaptive_leftover_dates_join_the_last_bin():
    dates, groups = _rows({(D(2021, 1, 1), "a"): 10, (D(2021, 1, 2), "b"): 10, (D(2021, 5, 1), "a"): 2})
    table = assign_periods(dates, groups, "adaptive", min_segments=10)
    assert table.order == ("2021-01-01/2021-05-01",)
