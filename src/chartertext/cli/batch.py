"""``chartertext batch``: the report of every corpus a TOML file lists, unattended, with an index page."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..batch import BatchConfig, CorpusJob, JobResult, run_batch
from ..config import GroupsConfig
from ..execution import Executor, open_executor
from .execution import EXECUTOR, SCHEDULER, WORKERS, execution_config
from .selection import GROUP_BY, GROUP_PICK, WHERE
from .terminal import clean, plain


def batch(
    config: Path = typer.Argument(..., help="TOML file listing the corpora (\\[\\[corpus]] tables, see below)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Corpora reported at once, each in its own process."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Plain log lines, no progress bar (for cron)."),
    force: bool = typer.Option(False, "--force", help="Replace existing report folders."),
    ocr: bool = typer.Option(False, "--ocr", help="Read scanned PDF pages by OCR (Tesseract, French; the ocr extra)."),
    group_by: str | None = GROUP_BY,
    group_pick: str | None = GROUP_PICK,
    where: list[str] | None = WHERE,
    executor: str = EXECUTOR,
    scheduler: str | None = SCHEDULER,
    workers: int | None = WORKERS,
) -> None:
    r"""Report every corpus listed in CONFIG.toml, then write index.html and batch.json over them.

    A corpus that fails is recorded with its error and the others go on; the exit code is 1 if
    any failed. Relative paths in CONFIG.toml are read from its own folder. Keys: out_dir,
    config, embedder, cache, pseudonymise, strict, ocr, group_by, group_pick, where at the top
    (defaults), and in each \[\[corpus]] table path (required), name, out, config, embedder,
    cache, pseudonymise, pseudonym_key, strict, ocr, group_by, group_pick, where (as --ocr, --group-by,
    --group-pick and --where of chartertext report; the options of the same names override them
    for every corpus).

    Example:

        chartertext batch communes.toml --jobs 2

        chartertext batch region.toml --executor dask --scheduler tcp://10.0.0.5:8786

        0 3 * * 1  cd /data && chartertext batch communes.toml --quiet --force >> batch.log 2>&1

    with communes.toml:

        out_dir = "reports"

        \[\[corpus]]

        path = "corpora/demo"

        \[\[corpus]]

        path = "../minutes/couthenans"

        pseudonymise = true
    """
    spec = BatchConfig.from_toml(config)
    if ocr:
        spec = spec.with_ocr()
    overrides = {"group_by": group_by, "group_pick": group_pick, "where": tuple(where or ())}
    overrides = {key: value for key, value in overrides.items() if value}
    if overrides:
        GroupsConfig(by=group_by or "group", pick=group_pick or "first", where=tuple(where or ()))  # fail before any corpus
        spec = dataclasses.replace(spec, jobs=tuple(dataclasses.replace(job, **overrides) for job in spec.jobs))
    execution = execution_config(executor, scheduler, workers)
    with open_executor(execution) as pool:
        _run(spec, config, jobs, quiet, force, pool)


def _run(spec: BatchConfig, config: Path, jobs: int, quiet: bool, force: bool, pool: Executor) -> None:
    total = len(spec.jobs)
    console = Console(stderr=True)
    numbers = {job.name: n for n, job in enumerate(spec.jobs, start=1)}
    finished = 0

    def line(result: JobResult) -> str:
        nonlocal finished
        finished += 1
        head = f"[{finished}/{total}] {result.name}"
        if not result.ok:
            return f"{head}: FAILED after {result.seconds:.0f} s: {result.error}"
        trend = "slope n/a" if result.slope is None else f"slope {result.slope:+.4f}"
        p = "" if result.p_value is None else f", p = {result.p_value:.3f}"
        return (
            f"{head}: ok in {result.seconds:.0f} s: {result.documents} documents, {trend}{p}, "
            f"onset {result.onset or 'none'} -> {result.out}"
        )

    def log(text: str) -> None:
        print(clean(text), file=sys.stderr, flush=True)

    if quiet or not console.is_terminal:
        log(f"batch {config}: {total} corpora, {min(jobs, total)} at a time")
        result = run_batch(
            spec,
            jobs=jobs,
            force=force,
            on_start=lambda job: log(f"[{numbers[job.name]}/{total}] {job.name}: started ({job.path})"),
            on_result=lambda r: log(line(r)),
            executor=pool,
        )
    else:
        columns = (TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console) as progress:
            task = progress.add_task("corpora", total=total)

            def started(job: CorpusJob) -> None:
                progress.update(task, description=clean(f"{job.name}…"))

            def ended(r: JobResult) -> None:
                progress.console.print(plain(line(r)))
                progress.advance(task)

            result = run_batch(spec, jobs=jobs, force=force, on_start=started, on_result=ended, executor=pool)
    failed = result.failed
    log(
        f"{total - len(failed)} of {total} corpora reported"
        + (f"; failed: {', '.join(r.name for r in failed)}" if failed else "")
        + f". Index: {spec.out_dir / 'index.html'}"
    )
    if failed:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.command("batch")(batch)
