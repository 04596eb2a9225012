"""``chartertext topics`` end to end on a small planted corpus: tables, model, cache, --force."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from chartertext.cli import app
from chartertext.config import CONTENT_KINDS
from chartertext.corpus import ingest_corpus
from chartertext.topics import load_topic_model

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def topics_run(planted_folder, tmp_path_factory):
    base = tmp_path_factory.mktemp("topics")
    cache = base / "cache.sqlite"
    runner = CliRunner()
    first = runner.invoke(app, ["topics", str(planted_folder), "--out", str(base / "run1"), "--cache", str(cache), "-q"])
    second = runner.invoke(app, ["topics", str(planted_folder), "--out", str(base / "run2"), "--cache", str(cache), "-q"])
    return base, first, second


def _n_content(folder) -> int:
    segments = ingest_corpus(folder).segments
    return int(segments["kind"].isin(CONTENT_KINDS).sum())


def test_cli_topics_writes_tables_and_a_model_that_reloads(topics_run, planted_folder):
    base, first, _ = topics_run
    assert first.exit_code == 0, first.output
    out = base / "run1"
    names = ("topic_info.csv", "assignments.csv", "topics_over_time.csv", "topics_per_group.csv")
    for name in (*names, "topics_per_group_period.csv"):
        assert (out / name).is_file(), name
    assignments = pd.read_csv(out / "assignments.csv")
    assert len(assignments) == _n_content(planted_folder) >= 72
    assert set(assignments["group"]) == {"logement", "santé", "mobilité"}
    info = pd.read_csv(out / "topic_info.csv")
    model = load_topic_model(out / "model")
    assert model.n_topics == int((info["topic"] >= 0).sum())
    per_cell = pd.read_csv(out / "topics_per_group_period.csv")
    sums = per_cell.groupby(["group", "period"])["share"].sum()
    assert sums.between(0.999, 1.001).all()


def test_cli_topics_second_run_embeds_nothing_and_gives_the_same_topics(topics_run, planted_folder):
    base, first, second = topics_run
    n = _n_content(planted_folder)
    assert f"{n} new, 0 cached" in first.output
    assert f"0 new, {n} cached" in second.output
    a = pd.read_csv(base / "run1" / "assignments.csv")
    b = pd.read_csv(base / "run2" / "assignments.csv")
    pd.testing.assert_frame_equal(a, b)


def test_cli_topics_refuses_an_existing_folder_without_force(topics_run, planted_folder):
    base, _, _ = topics_run
    runner = CliRunner()
    args = ["topics", str(planted_folder), "--out", str(base / "run1"), "--cache", str(base / "cache.sqlite")]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 1
    assert "already exists" in refused.output and "--force" in refused.output
