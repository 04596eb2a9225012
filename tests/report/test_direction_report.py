"""The demo report carries the direction measures: summary key, tables, figure and section."""

from __future__ import annotations

import csv
import json

import pytest


@pytest.mark.slow
def test_direction_report_has_summary_key_tables_figure_and_section(demo_report):
    folder = demo_report.folder
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    direction = summary["direction"]
    assert direction["status"] == "ok"
    assert direction["unit"] == "meeting"
    groups = {g["group"] for g in direction["groups"]}
    # The groups convergence compares: minutes' groups, joint sessions (the plenary) left out.
    assert len(groups) >= 2 and groups <= {g["group"] for g in summary["corpus"]["groups"]}
    assert "plénière" not in groups
    for name in ("direction_meetings.csv", "direction_groups.csv", "direction_periods.csv"):
        with open(folder / "tables" / name, encoding="utf-8") as handle:
            assert next(csv.reader(handle))
    assert (folder / "figures" / "direction_groupes.svg").is_file()
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert 'id="direction"' in html and 'id="figure-direction_groupes"' in html
    assert "Barron" in html
