"""The report's charts, drawn from small hand-made tables (no pipeline, no model)."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from chartertext.report.charts import (
    adoption_figure,
    alignment_figure,
    convergence_figure,
    provenance_figure,
    value_talk_heatmap,
)
from chartertext.report.figures import ReportFigure, write_figures
from chartertext.report.style import group_colours
from chartertext.report.svg import inline_svg, render_svg

SCRIPT = "<script>alert(1)</script>"


def _series(flagged_nan: bool = True) -> pd.DataFrame:
    """Four monthly periods; 2021-02 is flagged and, when ``flagged_nan``, not computable."""
    index = [0.61, np.nan if flagged_nan else 0.66, 0.72, 0.80]
    return pd.DataFrame(
        {
            "period": ["2021-01", "2021-02", "2021-03", "2021-04"],
            "index": index,
            "ci_low": [i - 0.05 for i in index],
            "ci_high": [i + 0.05 for i in index],
            "flagged": [False, True, False, False],
            "semantic": [0.6, np.nan, 0.7, 0.82],
        }
    )


def _texts(svg: str) -> list[str]:
    """The text content of every <text> element of an SVG."""
    root = ET.fromstring(svg.encode("utf-8"))
    return ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_figures_same_data_give_the_same_svg_bytes():
    first = render_svg(convergence_figure(_series(), onset="2021-03", components=["semantic"]), salt="convergence")
    second = render_svg(convergence_figure(_series(), onset="2021-03", components=["semantic"]), salt="convergence")
    assert first == second
    assert "<dc:date>" not in first


def test_figures_accents_stay_characters_in_the_svg():
    table = pd.DataFrame({"group": ["santé et bien-être", "accès aux droits"], "share": [0.6, 0.4],
                          "ci_low": [0.5, 0.3], "ci_high": [0.7, 0.5], "n_top": [3, 2]})
    svg = render_svg(provenance_figure(table, colours=group_colours(["accès aux droits", "santé et bien-être"])), "p")
    texts = _texts(svg)
    assert "santé et bien-être" in texts
    assert any("attribuée" in t for t in texts)


def test_figures_group_names_with_markup_stay_text():
    table = pd.DataFrame({"group": [SCRIPT, "logement"], "share": [0.5, 0.5], "ci_low": [0.4, 0.4],
                          "ci_high": [0.6, 0.6], "n_top": [1, 1]})
    svg = render_svg(provenance_figure(table, colours=group_colours([SCRIPT, "logement"])), "p")
    assert "<script" not in svg.lower()
    assert SCRIPT in _texts(svg)


def test_figures_convergence_keeps_flagged_periods_visible():
    fig = convergence_figure(_series(flagged_nan=True))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2021-01", "2021-02", "2021-03", "2021-04"]
    texts = _texts(render_svg(fig, "c"))
    assert "non calculable" in texts
    assert any(t.startswith("Période signalée") for t in texts)


def test_figures_convergence_marks_the_onset_only_when_there_is_one():
    with_onset = _texts(render_svg(convergence_figure(_series(), onset="2021-03"), "c"))
    without = _texts(render_svg(convergence_figure(_series(), onset=None), "c"))
    assert "Début de la convergence (2021-03)" in with_onset
    assert not any(t.startswith("Début de la convergence") for t in without)


def test_figures_heatmap_marks_empty_and_thin_cells():
    talk = pd.DataFrame({"period": ["2021-01", "2021-01", "2021-02"], "group": ["a", "b", "a"],
                         "n_segments": [12, 4, 15], "share": [0.25, 0.5, 0.6]})
    fig = value_talk_heatmap(talk, groups=["a", "b"], periods=["2021-01", "2021-02"], min_segments=10)
    ax = fig.axes[0]
    cell_texts = [t.get_text() for t in ax.texts]
    assert cell_texts.count("—") == 1  # b never met in 2021-02
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == 1  # only (b, 2021-01) has fewer than 10 segments
    assert "50\u202f%\nn=4" in cell_texts


def test_figures_adoption_draws_one_point_per_adoption():
    first = pd.DataFrame(
        {
            "value": ["dignité", "dignité", "écoute", "écoute"],
            "group": ["a", "b", "a", "b"],
            "adopted_date": [dt.date(2021, 1, 5), dt.date(2021, 3, 2), dt.date(2021, 2, 1), None],
        }
    )
    fig = adoption_figure(first, values=["dignité", "écoute"], colours=group_colours(["a", "b"]),
                          charter_date=dt.date(2021, 6, 1))
    ax = fig.axes[0]
    points = sum(len(line.get_xdata()) for line in ax.lines if line.get_label() in ("a", "b"))
    assert points == 3
    assert [t.get_text() for t in ax.get_yticklabels()] == ["dignité", "écoute"]


def test_figures_alignment_draws_thin_cells_hollow():
    table = pd.DataFrame({"group": ["a", "a", "b"], "period": ["2021-01", "2021-02", "2021-02"],
                          "alignment": [0.2, 0.25, 0.3], "ci_low": [0.1, 0.2, 0.2], "ci_high": [0.3, 0.3, 0.4],
                          "flagged": [False, True, False]})
    fig = alignment_figure(table, periods=["2021-01", "2021-02"], colours=group_colours(["a", "b"]))
    hollow = [line for line in fig.axes[0].lines if line.get_markerfacecolor() == "white" and len(line.get_xdata())]
    assert [(list(line.get_xdata()), list(line.get_ydata())) for line in hollow] == [([1], [0.25])]


def test_figures_inline_svgs_of_one_page_share_no_id():
    svg = render_svg(convergence_figure(_series(), onset="2021-03"), "c")
    first, second = inline_svg(svg, "fig-a", "un"), inline_svg(svg, "fig-b", "deux")
    ids = [set(re.findall(r'\bid="([^"]+)"', str(s))) for s in (first, second)]
    assert ids[0] and not ids[0] & ids[1]
    for page in (first, second):
        own = set(re.findall(r'\bid="([^"]+)"', str(page)))
        refs = set(re.findall(r'url\(#([^)]+)\)', str(page))) | set(re.findall(r'href="#([^"]+)"', str(page)))
        assert refs <= own
    assert "<?xml" not in str(first)


def test_figures_inline_svg_escapes_its_label():
    svg = render_svg(convergence_figure(_series()), "c")
    assert 'aria-label="&lt;script&gt;' in str(inline_svg(svg, "fig-x", SCRIPT))


def test_figures_inline_svg_rejects_an_unsafe_prefix():
    with pytest.raises(ValueError, match="prefix"):
        inline_svg("<svg></svg>", 'a" onload="x', "label")


def test_figures_written_as_standalone_svg_files(tmp_path):
    svg = render_svg(convergence_figure(_series()), "c")
    names = write_figures([ReportFigure("convergence", "Indice", svg)], tmp_path / "figures")
    assert names == ["convergence.svg"]
    root = ET.parse(tmp_path / "figures" / "convergence.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_figures_convergence_on_the_chance_scale_is_not_capped_at_one():
    series = _series(flagged_nan=False).assign(index=[0.7, 0.9, 1.08, 1.1], ci_high=[0.8, 1.0, 1.2, 1.25])
    chance = convergence_figure(series, calibration="chance")
    raw = convergence_figure(series.assign(index=[0.7, 0.9, 0.95, 0.97], ci_high=[0.8, 1.0, 1.0, 1.0]))
    assert chance.axes[0].get_ylim()[1] > 1.2
    assert raw.axes[0].get_ylim()[1] <= 1.0 + 0.05
    assert "Niveau du hasard" in _texts(render_svg(chance, "c"))
    assert "Niveau du hasard" not in _texts(render_svg(raw, "c"))


def test_figures_numbers_are_written_the_french_way():
    from chartertext.report.style import fr_number, fr_percent

    assert fr_number(0.25) == "0,25"
    assert fr_number(-0.0481, 4) == "\u22120,0481"
    assert fr_percent(0.4) == "40\u202f%"
    assert fr_percent(0.293, 1) == "29,3\u202f%"


def test_figures_draw_empty_tables_without_error():
    """A corpus where nobody adopts a value, or no group precedes the charter, still gets its charts."""
    colours = group_colours(["a"])
    empty = {
        "adoption": adoption_figure(pd.DataFrame({"value": [], "group": [], "adopted_date": []}), values=[],
                                    colours=colours),
        "heatmap": value_talk_heatmap(pd.DataFrame({"period": [], "group": [], "n_segments": [], "share": []}),
                                      groups=[], periods=[], min_segments=10),
        "provenance": provenance_figure(pd.DataFrame({"group": [], "share": [], "ci_low": [], "ci_high": [],
                                                      "n_top": []}), colours=colours),
        "alignment": alignment_figure(pd.DataFrame({"group": [], "period": [], "alignment": [], "ci_low": [],
                                                    "ci_high": [], "flagged": []}), periods=[], colours=colours),
    }
    for name, fig in empty.items():
        assert render_svg(fig, name).lstrip().startswith("<?xml"), name
    assert "Aucune valeur adoptée" in _texts(render_svg(empty["adoption"], "a"))


def test_figures_convergence_periods_sit_at_their_calendar_midpoints():
    # A month, the next month, then a quarter six months later: the trend is per calendar month,
    # and so is the axis (ranks would draw the six-month gap as one step).
    import datetime as dt

    series = _series(flagged_nan=False).iloc[:3].assign(
        period=["2021-01", "2021-02", "2021-Q3"],
        start=[dt.date(2021, 1, 1), dt.date(2021, 2, 1), dt.date(2021, 7, 1)],
        end=[dt.date(2021, 1, 31), dt.date(2021, 2, 28), dt.date(2021, 9, 30)],
    )
    ticks = convergence_figure(series).axes[0].get_xticks()
    assert ticks[0] == pytest.approx(0.0) and ticks[1] == pytest.approx(0.97, abs=0.05)
    assert ticks[2] == pytest.approx(7.0, abs=0.1)
    ranks = convergence_figure(series.drop(columns=["start", "end"])).axes[0].get_xticks()
    assert list(ranks) == [0.0, 1.0, 2.0]
