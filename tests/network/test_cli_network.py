"""``chartertext network`` end to end: the folder, the alias round trip, one-line errors."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from chartertext.cli import app


@pytest.fixture
def corpus(small_folder, tmp_path):
    return shutil.copytree(small_folder, tmp_path / "corpus")


def test_cli_network_writes_the_folder_and_names_the_pivots(corpus, tmp_path):
    out = tmp_path / "net"
    result = CliRunner().invoke(app, ["network", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} >= {"actors.csv", "aliases.csv", "network.json", "figures", "pivots.csv"}
    assert "pivot 1: Hélène Dupont: 4 meetings in 2 groups" in result.output
    assert not any(p.name.endswith(".partial") for p in tmp_path.iterdir())


def test_cli_network_respects_the_corrected_alias_table(corpus, tmp_path):
    out = tmp_path / "net"
    runner = CliRunner()
    assert runner.invoke(app, ["network", str(corpus), "--out", str(out)]).exit_code == 0
    aliases = pd.read_csv(out / "aliases.csv", keep_default_na=False)
    aliases.loc[aliases["actor"] == "Rose Leroux", "actor"] = "Rose Leroux-Benali"
    aliases.loc[aliases["alias"] == "Association Le Relais", "kind"] = "ignore"
    aliases.to_csv(out / "aliases.csv", index=False)
    result = runner.invoke(app, ["network", str(corpus), "--out", str(out), "--aliases", str(out / "aliases.csv"), "--force"])
    assert result.exit_code == 0, result.output
    actors = pd.read_csv(out / "actors.csv")
    assert "Rose Leroux-Benali" in set(actors["actor"]) and "Rose Leroux" not in set(actors["actor"])
    assert "Le Relais" not in set(actors["actor"])
    again = pd.read_csv(out / "aliases.csv", keep_default_na=False)
    assert again.set_index("alias").at["Mme Leroux", "actor"] == "Rose Leroux-Benali"


def test_cli_network_bad_alias_table_is_one_line_and_exit_1(corpus, tmp_path):
    bad = tmp_path / "aliases.csv"
    bad.write_text("alias,actor,kind\nMme Dupont,Hélène Dupont,human\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["network", str(corpus), "--out", str(tmp_path / "net"), "--aliases", str(bad)])
    assert result.exit_code == 1
    assert "line 2" in result.output and "human" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "net").exists()


def test_cli_network_refuses_to_overwrite_without_force(corpus, tmp_path):
    out = tmp_path / "net"
    out.mkdir()
    result = CliRunner().invoke(app, ["network", str(corpus), "--out", str(out)])
    assert result.exit_code == 1 and "--force" in result.output


@pytest.mark.parametrize("which", ["parent", "corpus"])
def test_cli_network_force_never_replaces_the_corpus_or_its_parent(corpus, tmp_path, which):
    (tmp_path / "these.docx").write_text("irremplaçable", encoding="utf-8")
    out = tmp_path if which == "parent" else corpus
    before = sorted(p.name for p in corpus.rglob("*"))
    result = CliRunner().invoke(app, ["network", str(corpus), "--out", str(out), "--force"])
    assert result.exit_code == 1
    assert "refusing to" in result.output and "corpus folder" in result.output and "Wrote" not in result.output
    assert sorted(p.name for p in corpus.rglob("*")) == before
    assert (tmp_path / "these.docx").read_text(encoding="utf-8") == "irremplaçable"


def test_cli_network_force_replaces_its_own_folder_but_not_a_foreign_one(corpus, tmp_path):
    runner = CliRunner()
    out = tmp_path / "net"
    assert runner.invoke(app, ["network", str(corpus), "--out", str(out)]).exit_code == 0
    assert runner.invoke(app, ["network", str(corpus), "--out", str(out), "--force"]).exit_code == 0
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "ete.jpg").write_bytes(b"\xff\xd8")
    refused = runner.invoke(app, ["network", str(corpus), "--out", str(foreign), "--force"])
    assert refused.exit_code == 1 and "not written by chartertext" in refused.output
    assert (foreign / "ete.jpg").read_bytes() == b"\xff\xd8"
