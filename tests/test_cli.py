"""The command line: exit codes, one-line errors, documented commands, outputs outside the corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from chartertext.cli import app


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "logement").mkdir(parents=True)
    (root / "santé").mkdir()
    (root / "logement" / "cr-2020-06-16.md").write_text(
        "---\ntitle: Commission logement\n---\n# Réunion du 16 juin 2020\n\n"
        "Présents : Mme Dupont, M. Martin.\n\n1. Accueil des familles\n\n"
        "Mme Dupont indique que l'accueil des familles reste difficile.\n",
        encoding="utf-8",
    )
    (root / "santé" / "cr-2020-09-15.txt").write_text(
        "Séance du 15 septembre 2020\n\nLa commission parle de dignité et d'écoute.\n", encoding="utf-8"
    )
    return root


def test_cli_every_command_has_help_with_an_example(runner):
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert names, "no command registered"
    for name in names:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert "Example:" in result.output, f"{name} --help has no Example block"


def test_cli_ingest_writes_segments_and_prints_a_summary(runner, small_corpus, tmp_path):
    out = tmp_path / "out" / "segments.parquet"
    result = runner.invoke(app, ["ingest", str(small_corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(out)
    assert set(frame["group"]) == {"logement", "santé"}
    assert "2 documents" in result.output
    assert "l'accueil des familles" in " ".join(frame["text"])


def test_cli_ingest_on_a_dask_cluster_writes_the_same_table_as_locally(runner, small_corpus, tmp_path):
    local, remote = tmp_path / "local.parquet", tmp_path / "dask.parquet"
    assert runner.invoke(app, ["ingest", str(small_corpus), "--out", str(local)]).exit_code == 0
    result = runner.invoke(app, ["ingest", str(small_corpus), "--out", str(remote), "--executor", "dask", "--workers", "1"])
    assert result.exit_code == 0, result.output
    pd.testing.assert_frame_equal(pd.read_parquet(remote), pd.read_parquet(local))


def test_cli_executor_options_are_checked_with_a_fix(runner, small_corpus, tmp_path):
    out = str(tmp_path / "s.parquet")
    wrong = runner.invoke(app, ["ingest", str(small_corpus), "--out", out, "--executor", "spark"])
    assert wrong.exit_code == 1 and "not one of local, dask" in wrong.output
    lonely = runner.invoke(app, ["ingest", str(small_corpus), "--out", out, "--scheduler", "tcp://127.0.0.1:8786"])
    assert lonely.exit_code == 1 and "--executor dask" in lonely.output


def test_cli_ingest_refuses_to_write_inside_the_corpus(runner, small_corpus):
    result = runner.invoke(app, ["ingest", str(small_corpus), "--out", str(small_corpus / "segments.parquet")])
    assert result.exit_code != 0
    assert "refusing to write inside the corpus folder" in result.output
    assert not (small_corpus / "segments.parquet").exists()


def test_cli_errors_are_one_line_without_traceback(runner, tmp_path):
    result = runner.invoke(app, ["ingest", str(tmp_path / "nowhere"), "--out", str(tmp_path / "s.parquet")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "no such corpus folder" in result.output


def test_cli_strict_fails_on_a_bad_document(runner, small_corpus, tmp_path):
    (small_corpus / "santé" / "vide.txt").write_bytes(b"")
    lenient = runner.invoke(app, ["ingest", str(small_corpus), "--out", str(tmp_path / "a.parquet")])
    assert lenient.exit_code == 0 and "vide.txt" in lenient.output
    strict = runner.invoke(app, ["ingest", str(small_corpus), "--out", str(tmp_path / "b.parquet"), "--strict"])
    assert strict.exit_code == 1 and "vide.txt" in strict.output
    assert not (tmp_path / "b.parquet").exists()


def test_cli_ingest_exports_iramuteq_that_reads_back(runner, small_corpus, tmp_path):
    from chartertext.ingest.readers.iramuteq import read_iramuteq

    target = tmp_path / "iramuteq.txt"
    result = runner.invoke(
        app, ["ingest", str(small_corpus), "--out", str(tmp_path / "s.parquet"), "--iramuteq", str(target)]
    )
    assert result.exit_code == 0, result.output
    docs = read_iramuteq(target.read_text(encoding="utf-8"), "iramuteq.txt")
    assert len(docs) == 2
    groups = sorted(d.fields["groupe"] for d in docs)
    assert groups == ["logement", "santé"]
    assert any("l'accueil des familles" in d.pages[0] for d in docs)


def test_cli_runs_as_a_module(small_corpus, tmp_path):
    import subprocess
    import sys

    out = tmp_path / "s.csv"
    proc = subprocess.run(
        [sys.executable, "-m", "chartertext", "ingest", str(small_corpus), "--out", str(out)],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "santé" in out.read_text(encoding="utf-8")


def test_cli_data_strings_are_printed_as_text_never_markup_nor_control_codes(runner, small_corpus, tmp_path):
    (small_corpus / "logement" / "cr-2020-06-16.md").write_text(
        "---\ngroup: '[/i]'\n---\nSéance du 16 juin 2020\n\nLe budget est adopté.\n", encoding="utf-8"
    )
    (small_corpus / "cr\x1b[2J\x07.doc").write_bytes(b"x")
    result = runner.invoke(app, ["ingest", str(small_corpus), "--out", str(tmp_path / "s.csv")])
    assert result.exit_code == 0, result.output
    assert "[/i]" in result.output
    assert "cr?[2J?.doc" in result.output and "\x1b" not in result.output and "\x07" not in result.output


def test_cli_a_bad_out_path_is_one_line_with_the_fix(runner, small_corpus, tmp_path):
    (tmp_path / "fichier").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(small_corpus), "--out", str(tmp_path / "fichier" / "s.parquet")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "choose another --out" in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_cli_an_unexpected_exception_is_one_line_saying_where_to_report(runner, small_corpus, tmp_path, monkeypatch):
    import chartertext.cli.ingest as command

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(command, "ingest_corpus", broken)
    result = runner.invoke(app, ["ingest", str(small_corpus), "--out", str(tmp_path / "s.csv")])
    assert result.exit_code == 2
    assert "unexpected ZeroDivisionError: division by zero. This is a chartertext bug: please report it" in result.output
    assert len(result.output.strip().splitlines()) == 1 and not (tmp_path / "s.csv").exists()


def test_cli_sigterm_leaves_no_temporary_file(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(300):
        (corpus / f"cr-{n:03d}.txt").write_text("Séance du conseil.\n\nLe budget est adopté.\n" * 300, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    import chartertext

    env = {**os.environ, "PYTHONPATH": str(Path(chartertext.__file__).parents[1])}  # this tree's code
    proc = subprocess.Popen(
        [sys.executable, "-m", "chartertext", "ingest", str(corpus), "--out", str(out / "s.parquet")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, env=env,
    )  # fmt: skip
    started = time.monotonic()
    while not any(out.iterdir()) and proc.poll() is None and time.monotonic() - started < 120:
        time.sleep(0.02)  # the staging file beside the target exists: ingestion is under way
    assert proc.poll() is None, "ingestion ended before it could be interrupted; make the corpus larger"
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert list(out.iterdir()) == []
