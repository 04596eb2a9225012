"""``chartertext ingest``: a corpus folder to a segments table, with a summary on the terminal."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ..atomic import atomic_path, refuse_inside, write_table
from ..corpus import Corpus, documents_frame, ingest_corpus
from ..errors import ConfigError
from ..execution import open_executor
from ..ingest.accounting import files_frame
from ..overview import documents_overview, segments_by_kind
from ..records import SEGMENT_SCHEMA
from .execution import EXECUTOR, SCHEDULER, WORKERS, execution_config
from .selection import GROUP_BY, GROUP_PICK, WHERE
from .terminal import plain, print_files


def ingest(
    corpus: Path = typer.Argument(..., help="Corpus folder (with or without manifest.csv)."),
    out: Path = typer.Option(Path("segments.parquet"), "--out", "-o", help="Segments table (.parquet or .csv)."),
    documents: Path | None = typer.Option(None, "--documents", help="Also write one row per document (.csv or .parquet)."),
    files: Path | None = typer.Option(
        None, "--files", help="Also write one row per file found: ingested, skipped or failed, and why (.csv or .parquet)."
    ),
    list_skipped: bool = typer.Option(False, "--list-skipped", help="List every skipped file with its reason."),
    sentences: bool = typer.Option(False, "--sentences", help="One row per sentence (spaCy) instead of per passage."),
    iramuteq: Path | None = typer.Option(None, "--iramuteq", help="Also export the corpus in IRaMuTeQ format."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first document that cannot be ingested."),
    no_manifest: bool = typer.Option(False, "--no-manifest", help="Ignore manifest.csv and infer metadata from the files."),
    config: Path | None = typer.Option(
        None, "--config", "-c", help="TOML run configuration ([limits], [ocr] and [groups] are used here)."
    ),
    ocr: bool = typer.Option(False, "--ocr", help="Read scanned PDF pages by OCR (Tesseract, French; the ocr extra)."),
    group_by: str | None = GROUP_BY,
    group_pick: str | None = GROUP_PICK,
    where: list[str] | None = WHERE,
    executor: str = EXECUTOR,
    scheduler: str | None = SCHEDULER,
    workers: int | None = WORKERS,
) -> None:
    """Read a corpus folder, normalise and segment its documents, and write the segments table.

    Example:

        chartertext ingest corpora/demo --out segments.parquet

        chartertext ingest ../minutes --no-manifest --documents documents.csv --iramuteq corpus_iramuteq.txt

        chartertext ingest ../site-export --list-skipped --files files.csv

        chartertext ingest ../region --out region.parquet --executor dask --workers 8

        chartertext ingest ../scans --ocr --documents documents.csv

        chartertext ingest ../site/content --documents docs.csv --group-by categories --where categories=Compte-rendu
    """
    from ..selection import select_corpus
    from ..workflow import load_run_config

    console = Console()
    run = load_run_config(config, ocr=ocr, group_by=group_by, group_pick=group_pick, where=where or ())
    if group_by and run.groups.by_speaker:
        raise ConfigError(
            f"--group-by {group_by}: speakers are grouped when the corpus is analysed "
            f"(chartertext report --group-by {group_by}); ingest groups documents by a document field."
        )
    execution = execution_config(executor, scheduler, workers)
    selecting = run.groups.document_field is not None or bool(run.groups.where)
    # A Parquet table of passages is written as it is built, partition by partition, not copied at the end.
    direct = out.suffix.lower() == ".parquet" and not sentences and not selecting
    with open_executor(execution) as pool:
        result = ingest_corpus(
            corpus,
            strict=strict,
            use_manifest=not no_manifest,
            executor=pool,
            partition_files=execution.files_per_partition,
            segments_out=out if direct else None,
            limits=run.limits,
            ocr=run.ocr,
        )
    for target in (out, documents, files, iramuteq):
        if target is not None:
            refuse_inside(target, result.root)
    selection = select_corpus(result, run.groups)
    result = selection.corpus
    segments = result.segments
    if sentences:
        from ..segment.sentences import explode_sentences

        segments = explode_sentences(segments)
    if not direct:
        write_table(segments, out, schema=SEGMENT_SCHEMA)
    if documents is not None:
        write_table(documents_frame(result.documents), documents)
    if files is not None:
        write_table(files_frame(result.files), files)
    if iramuteq is not None:
        _write_iramuteq(result, iramuteq)
    _print_summary(console, result, out, len(segments), selection.notes, list_skipped=list_skipped)


def _write_iramuteq(result: Corpus, target: Path) -> None:
    from ..interop.iramuteq import DOCUMENT_VARIABLES, document_variables, write_iramuteq

    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8") as handle:
        write_iramuteq(document_variables(result.documents), handle, variables=DOCUMENT_VARIABLES)


def _print_summary(
    console: Console, result: Corpus, out: Path, n_segments: int, notes: list[str], *, list_skipped: bool
) -> None:
    table = Table(title=plain(f"{result.root.name}: {len(result.documents)} documents, {n_segments} segments"))
    for col in ("group", "kind", "documents", "first", "last", "undated", "segments"):
        table.add_column(col, justify="right" if col in {"documents", "undated", "segments"} else "left")
    for row in documents_overview(result).itertuples(index=False):
        table.add_row(*(plain("" if v is None else v) for v in row))
    console.print(table)
    kinds = ", ".join(f"{k} {v}" for k, v in segments_by_kind(result).items())
    console.print(plain(f"Segments by kind: {kinds}"))
    console.print(plain(f"Metadata from: {'manifest.csv' if result.manifest_used else 'the files (no manifest)'}"))
    print_files(console, result, list_skipped=list_skipped)
    for note in notes:
        console.print(plain(f"Selection: {note}"))
    if len({d.group for d in result.documents if d.group}) < 2:
        from ..groups import describe_options, group_options

        console.print(plain("Fewer than two groups: convergence will have nothing to compare. The corpus offers:"))
        for line in describe_options(group_options(result, result.segments)) or ["no field, folder or speaker to group by"]:
            console.print(plain(f"  {line}"))
    if result.errors:
        console.print(f"[bold red]{len(result.errors)} document(s) not ingested:[/]")
        for err in result.errors:
            console.print(plain(f"  {err.path}: {err.reason}. {err.fix}"))
    console.print(plain(f"Wrote {out}"))


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
