"""A chart drawn from the same numbers as before is read back from the result store, byte for byte."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from matplotlib.figure import Figure

from chartertext.embed import EmbeddingCache
from chartertext.embed.results import ResultStore
from chartertext.memo import remembering
from chartertext.report.figures import _svg

calls: list[str] = []


def bars(table: pd.DataFrame, *, when: dt.date) -> Figure:
    calls.append(when.isoformat())
    fig = Figure(figsize=(3, 2))
    fig.add_subplot().bar(table["group"], table["share"])
    return fig


def test_figure_same_inputs_are_drawn_once_and_come_back_identical(tmp_path):
    calls.clear()
    table = pd.DataFrame({"group": ["logement", "santé"], "share": [0.4, 0.6]})
    unstored = _svg("parts", bars, table, when=dt.date(2025, 1, 1))
    with EmbeddingCache(tmp_path / "cache.sqlite") as cache, remembering(ResultStore(cache)):
        first = _svg("parts", bars, table, when=dt.date(2025, 1, 1))
        again = _svg("parts", bars, table.copy(), when=dt.date(2025, 1, 1))
        changed = _svg("parts", bars, table.assign(share=[0.5, 0.5]), when=dt.date(2025, 1, 1))
        later = _svg("parts", bars, table, when=dt.date(2025, 2, 1))
    assert calls == ["2025-01-01", "2025-01-01", "2025-01-01", "2025-02-01"]  # the second call was read back
    assert again == first == unstored and first.startswith("<?xml")
    assert changed != first and later == first  # the date only changes what is drawn when a chart shows it
