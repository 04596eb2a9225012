"""CSV outputs never hand a spreadsheet a formula, unless the user asks for raw cells."""

from __future__ import annotations

import csv

import pandas as pd
from typer.testing import CliRunner

from chartertext.atomic import write_table
from chartertext.cli import app
from chartertext.csvsafe import neutralise, raw_csv, unneutralise


def test_csvsafe_every_formula_start_is_quoted_and_reads_back():
    for cell in ("=HYPERLINK(\"http://x\")", "+33 1 23", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"):
        assert neutralise(cell) == "'" + cell
        assert unneutralise(neutralise(cell)) == cell
    assert neutralise("Mme Dupont") == "Mme Dupont" and neutralise("'déjà cité'") == "'déjà cité'"


def test_csvsafe_write_table_quotes_text_cells_but_not_numbers(tmp_path):
    frame = pd.DataFrame({"title": ["=1+1", "Conseil"], "delta": [-3, 4], "group": pd.array(["@x", None], "string")})
    write_table(frame, tmp_path / "t.csv")
    rows = list(csv.reader((tmp_path / "t.csv").open(encoding="utf-8")))
    assert rows == [["title", "delta", "group"], ["'=1+1", "-3", "'@x"], ["Conseil", "4", ""]]
    with raw_csv():
        write_table(frame, tmp_path / "raw.csv")
    assert list(csv.reader((tmp_path / "raw.csv").open(encoding="utf-8")))[1] == ["=1+1", "-3", "@x"]


def test_csvsafe_cli_documents_table_is_neutralised_unless_raw_csv(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "cr.md").write_text(
        "---\ntitle: '=HYPERLINK(\"http://evil\",\"x\")'\n---\nSéance du 3 mai 2021\n\nLe budget.\n", encoding="utf-8"
    )
    runner = CliRunner()
    for options, expected in (([], "'=HYPERLINK"), (["--raw-csv"], "=HYPERLINK")):
        docs = tmp_path / f"docs{len(options)}.csv"
        result = runner.invoke(app, [*options, "ingest", str(corpus), "--out", str(tmp_path / "s.csv"), "--documents", str(docs)])
        assert result.exit_code == 0, result.output
        (row,) = csv.DictReader(docs.open(encoding="utf-8"))
        assert row["title"].startswith(expected)
    assert runner.invoke(app, ["ingest", str(corpus), "--out", str(tmp_path / "s.csv"), "--documents", str(docs)]).exit_code == 0
    (row,) = csv.DictReader(docs.open(encoding="utf-8"))
    assert row["title"].startswith("'=")  # --raw-csv did not outlive its command
