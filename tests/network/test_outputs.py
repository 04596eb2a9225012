"""The files of a network folder, and what pseudonymisation keeps out of them."""

from __future__ import annotations

import json

import pandas as pd

from chartertext.network import write_network_files


def test_outputs_write_tables_aliases_json_and_figures(small_network, tmp_path):
    written = write_network_files(small_network, tmp_path)
    tables = ("actors.csv", "meetings.csv", "presence.csv", "edges.csv", "measures.csv", "pivots.csv", "aliases.csv")
    for name in (*tables, "network.json"):
        assert name in written and (tmp_path / name).is_file()
    assert (tmp_path / "figures" / "network_all.svg").is_file()
    edges = pd.read_csv(tmp_path / "edges.csv")
    pair = edges[(edges["source"] == "Hélène Dupont") & (edges["target"] == "Nadia Chérif")]
    assert pair["weight"].tolist() == [3]
    pivots = pd.read_csv(tmp_path / "pivots.csv")
    assert pivots.at[0, "group_list"] == "logement | santé"
    assert json.loads((tmp_path / "network.json").read_text(encoding="utf-8"))["freq"] == "quarter"


def test_outputs_with_rename_no_person_name_in_any_file(small_network, tmp_path):
    written = write_network_files(small_network, tmp_path, rename=lambda name: "P" + str(len(name)))
    assert "aliases.csv" not in written and not (tmp_path / "aliases.csv").exists()
    for path in tmp_path.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            for surname in ("Dupont", "DUPONT", "Chérif", "Leroux", "Benali", "Moreau"):
                assert surname not in text, f"{surname} in {path.name}"
    assert "Le Relais" in (tmp_path / "actors.csv").read_text(encoding="utf-8")  # organisations keep their names
