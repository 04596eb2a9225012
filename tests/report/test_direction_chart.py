"""The direction chart, drawn from the tables of a planted leader–follower corpus."""

from __future__ import annotations

import pandas as pd

from chartertext.metrics.direction import meeting_direction
from chartertext.report.direction_chart import direction_figure
from chartertext.report.style import group_colours
from chartertext.report.svg import render_svg
from chartertext.synthetic.lead import planted_lead


def _result():
    planted = planted_lead(1, lags=(0, 30))
    return meeting_direction(planted.segments, planted.vectors, n_bootstrap=20, n_permutations=99, seed=1)


def test_direction_chart_names_the_leader_in_its_legend_with_a_calendar_axis():
    result = _result()
    fig = direction_figure(result.meetings, result.periods, result.groups, colours=group_colours(["groupe-0", "groupe-1"]))
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0].startswith("groupe-0 : ") and labels[0].endswith("— mène")
    assert not labels[1].endswith("— mène")
    # One mean line per group and period, drawn over the period's calendar span.
    drawn = [line for line in ax.get_lines() if line.get_linewidth() == 2 and len(line.get_xdata()) == 2]
    assert len(drawn) == int(result.periods["resonance"].notna().sum())
    assert all(label.get_text()[:4].isdigit() for label in ax.get_xticklabels() if label.get_text())


def test_direction_chart_draws_a_corpus_with_no_scored_meeting():
    result = _result()
    meetings = result.meetings.assign(resonance=float("nan"))
    periods = result.periods.assign(resonance=float("nan"))
    svg = render_svg(direction_figure(meetings, periods, result.groups.iloc[0:0], colours={"groupe-0": "#000000"}),
                     salt="t")
    assert "Aucune réunion" in svg


def test_direction_chart_same_tables_same_svg():
    result = _result()
    colours = group_colours(["groupe-0", "groupe-1"])
    one = render_svg(direction_figure(result.meetings, result.periods, result.groups, colours=colours), salt="d")
    two = render_svg(direction_figure(result.meetings, result.periods.copy(), pd.DataFrame(result.groups), colours=colours),
                     salt="d")
    assert one == two
