"""``chartertext compare`` on the national charters: exit codes, the printed top pair, the folder it writes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from chartertext.cli import app

from .conftest import ACCUEILLIE, MAJEURE


@pytest.mark.slow
def test_cli_compare_writes_the_report_and_prints_the_closest_pair(national_folder, national_comparison, compare_run, tmp_path):
    # national_comparison has filled the session cache: the command embeds nothing new.
    runner = CliRunner()
    out = tmp_path / "chartes"
    args = ["compare", str(national_folder), "--out", str(out), "--cache", compare_run.embed.cache, "--quiet"]
    result = runner.invoke(app, [*args, "--min-words", "12"])
    assert result.exit_code == 0, result.output
    assert "5 charters compared" in result.output
    assert f"{ACCUEILLIE} ↔ {MAJEURE}" in " ".join(result.output.split())
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["parameters"]["reuse"]["min_words"] == 12
    assert all(p["words"] >= 12 for pair in summary["pairs"] for p in pair["passages"])

    again = runner.invoke(app, args)
    assert again.exit_code == 1
    assert "already exists" in again.output and "--force" in again.output


def test_cli_compare_help_has_an_example():
    result = CliRunner().invoke(app, ["compare", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "--min-words" in result.output
