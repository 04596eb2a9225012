"""``chartertext report`` end to end on a small planted corpus with a charter and one broken file."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from typer.testing import CliRunner

from chartertext.cli import app

pytestmark = pytest.mark.slow

CHARTER = """# Charte des valeurs partagées

Les commissions du réseau s'engagent sur les valeurs suivantes.

Article 1 – La dignité : chaque personne accompagnée est reçue avec dignité et respect.

Article 2 – La solidarité : nous agissons ensemble, dans un esprit de solidarité et d'entraide.

Article 3 – L'écoute : nous prenons le temps d'écouter avant de répondre.
"""

FAST = "seed = 5\n[convergence]\nn_bootstrap = 30\nn_permutations = 49\nmin_segments = 3\n"


@pytest.fixture(scope="module")
def report_runs(planted_folder, tmp_path_factory):
    base = tmp_path_factory.mktemp("report")
    corpus = base / "corpus"
    shutil.copytree(planted_folder, corpus)
    (corpus / "docs" / "charte.md").write_text(CHARTER, encoding="utf-8")
    (corpus / "docs" / "vide.txt").write_bytes(b"")
    (corpus / "docs" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with open(corpus / "manifest.csv", "a", encoding="utf-8") as handle:
        handle.write("docs/charte.md,charte,charter,2021-04-15,réseau,Charte\n")
        handle.write("docs/vide.txt,vide,minutes,2021-02-01,logement,Vide\n")
    config = base / "run.toml"
    config.write_text(FAST, encoding="utf-8")
    before = sorted((p.name, p.stat().st_mtime_ns) for p in corpus.rglob("*"))
    runner = CliRunner()
    args = ["report", str(corpus), "--config", str(config), "--cache", str(base / "cache.sqlite"), "-q"]
    first = runner.invoke(app, [*args, "--out", str(base / "r1"), "--list-skipped"])
    second = runner.invoke(app, [*args, "--out", str(base / "r2")])
    refused = runner.invoke(app, [*args, "--out", str(base / "r1")])
    # A cluster of two worker processes, with its own cold cache so the workers do the embedding.
    on_dask = runner.invoke(
        app,
        ["report", str(corpus), "--config", str(config), "--cache", str(base / "dask-cache.sqlite"), "-q"]
        + ["--out", str(base / "r-dask"), "--executor", "dask", "--workers", "2", "--partition-size", "16"],
    )
    after = sorted((p.name, p.stat().st_mtime_ns) for p in corpus.rglob("*"))
    return base, first, second, refused, before == after, on_dask


def test_cli_report_summary_holds_the_published_contract(report_runs):
    base, first, *_ = report_runs
    assert first.exit_code == 0, first.output
    summary = json.loads((base / "r1" / "summary.json").read_text(encoding="utf-8"))
    assert summary["corpus"]["documents"] == 10
    assert summary["corpus"]["errors"][0]["path"] == "docs/vide.txt" and summary["corpus"]["errors"][0]["reason"]
    assert summary["corpus"]["segments"] >= summary["corpus"]["analysed_segments"] > 80
    series = summary["convergence"]["series"]
    # One meeting per group and month: freq=auto counts meetings and pools the quarter, where
    # each group has the two meetings the meeting-level estimator needs.
    assert [row["period"] for row in series] == ["2021-Q1"]
    assert summary["convergence"]["unit"] == "meeting" and summary["schema"] == "chartertext.summary/2"
    for row in series:
        assert {"period", "index", "ci_low", "ci_high", "flagged"} <= set(row)
    assert {"slope", "p_value"} <= set(summary["convergence"]["trend"])
    assert "onset" in summary["convergence"]
    assert summary["charter"] == "charte"
    for key in ("values", "charter_alignment", "provenance"):
        assert summary[key], key
    assert (base / "r1" / "run.json").is_file()
    assert (base / "r1" / "tables" / "convergence.csv").is_file()


def test_cli_report_accounts_for_every_file_of_the_corpus(report_runs):
    base, first, *_ = report_runs
    on_disk = sum(1 for p in (base / "corpus").rglob("*") if p.is_file())
    files = json.loads((base / "r1" / "summary.json").read_text(encoding="utf-8"))["corpus"]["files"]
    assert files == {"found": on_disk, "ingested": 10, "skipped": on_disk - 11, "failed": 1}
    with open(base / "r1" / "tables" / "files.csv", encoding="utf-8", newline="") as handle:
        rows = {r["path"]: r for r in csv.DictReader(handle)}
    assert len(rows) == on_disk
    assert (rows["docs/logo.png"]["status"], rows["docs/logo.png"]["reason"]) == ("skipped", "not a text document (image)")
    assert rows["docs/vide.txt"]["status"] == "failed" and rows["docs/charte.md"]["doc_ids"] == "charte"
    page = (base / "r1" / "index.html").read_text(encoding="utf-8")
    assert f"{on_disk} fichier(s) trouvé(s) : 10 lu(s), {on_disk - 11} ignoré(s), 1 en échec" in page
    output = " ".join(first.output.split())
    assert "skipped docs/logo.png: not a text document (image)" in output
    assert f"Files: {on_disk} found = 10 ingested + {on_disk - 11} skipped + 1 failed" in output


def test_cli_report_same_inputs_give_a_byte_identical_summary(report_runs):
    base, first, second, *_ = report_runs
    assert second.exit_code == 0, second.output
    assert (base / "r1" / "summary.json").read_bytes() == (base / "r2" / "summary.json").read_bytes()


def test_cli_report_refuses_to_overwrite_and_leaves_the_corpus_untouched(report_runs):
    base, _, _, refused, untouched, _ = report_runs
    assert refused.exit_code == 1 and "--force" in refused.output
    assert untouched


def test_cli_report_on_a_dask_cluster_gives_the_same_summary_byte_for_byte(report_runs):
    base, first, *_, on_dask = report_runs
    assert on_dask.exit_code == 0, on_dask.output
    assert (base / "r-dask" / "summary.json").read_bytes() == (base / "r1" / "summary.json").read_bytes()
    run = json.loads((base / "r-dask" / "run.json").read_text(encoding="utf-8"))
    assert run["execution"]["executor"] == "dask" and run["execution"]["workers"] == 2
    assert run["embedding"]["new"] > 0  # the workers embedded: nothing came from the local run's cache
    assert json.loads((base / "r1" / "run.json").read_text(encoding="utf-8"))["execution"]["executor"] == "local"


def test_cli_report_run_json_has_the_peak_memory_of_every_timed_stage(report_runs):
    base, *_ = report_runs
    run = json.loads((base / "r1" / "run.json").read_text(encoding="utf-8"))
    stages = list(run["timings_seconds"])
    assert stages[:3] == ["ingest", "segments", "embeddings"] and "network" in stages
    assert list(run["peak_rss_mb"]) == stages
    peaks = list(run["peak_rss_mb"].values())
    # A high-water mark: never below the previous stage's, and at least the size of the loaded libraries.
    assert peaks == sorted(peaks) and peaks[0] > 50
