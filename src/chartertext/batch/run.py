"""Run a batch: each corpus reported by :func:`chartertext.workflow.report_corpus`, failures recorded.

Corpora run one after another, or ``jobs`` at a time in separate processes (the embedding
cache is SQLite in WAL mode, safe to share). A corpus that fails is recorded with its error
and the others go on; :attr:`BatchResult.failed` tells the caller to exit non-zero.
"""

from __future__ import annotations

import dataclasses
import math
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import Any

from .. import csvsafe
from ..errors import ChartertextError, ConfigError
from ..execution import Executor
from .config import BatchConfig, CorpusJob

__all__ = ["BatchResult", "JobResult", "run_batch", "run_job"]


@dataclass(frozen=True)
class JobResult:
    """How one corpus of the batch went: its status, the headline numbers, or the error."""

    name: str
    path: str
    out: str
    ok: bool
    error: str | None = None
    documents: int | None = None
    not_ingested: int | None = None
    segments: int | None = None
    topics: int | None = None
    slope: float | None = None
    p_value: float | None = None
    onset: str | None = None
    pseudonymised: bool = False
    seconds: float = 0.0

    @property
    def status(self) -> str:
        return "ok" if self.ok else "failed"

    def to_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "status": self.status}


@dataclass
class BatchResult:
    """Every corpus's result, in the order of the batch file."""

    config: BatchConfig
    results: list[JobResult] = field(default_factory=list)

    @property
    def failed(self) -> list[JobResult]:
        return [r for r in self.results if not r.ok]


def run_job(
    job: CorpusJob,
    force: bool = False,
    threads: int | None = None,
    executor: Executor | None = None,
    raw_csv: bool | None = None,
) -> JobResult:
    """Ingest, (pseudonymise,) analyse and write the report of one corpus; never raises for a bad corpus.

    Parameters
    ----------
    job : CorpusJob
    force : bool, default False
        Replace an existing report folder (otherwise the corpus fails with "already exists").
    threads : int, optional
        CPU threads for the embedder when the run configuration does not set them (parallel batches).
    executor : Executor, optional
        Where the corpus's heavy stages run (:mod:`chartertext.execution`); None: this process.
    raw_csv : bool, optional
        Write CSV cells as they are (:mod:`chartertext.csvsafe`); None keeps the caller's setting.
    """
    if raw_csv is not None:  # a spawned worker does not inherit the parent's setting
        with csvsafe.raw_csv(raw_csv):
            return run_job(job, force, threads, executor)
    started = time.perf_counter()
    base = {"name": job.name, "path": str(job.path), "out": str(job.out), "pseudonymised": job.pseudonymise}
    try:
        analysis = _report(job, force, threads, executor)
    except ChartertextError as exc:
        return JobResult(**base, ok=False, error=str(exc), seconds=time.perf_counter() - started)
    except Exception as exc:  # one corpus hitting a bug must not sink the batch; its error is recorded
        message = f"unexpected {exc.__class__.__name__}: {exc} (a chartertext bug: please report it)"
        return JobResult(**base, ok=False, error=message, seconds=time.perf_counter() - started)
    conv = analysis.convergence
    return JobResult(
        **base,
        ok=True,
        documents=len(analysis.corpus.documents),
        not_ingested=len(analysis.corpus.errors),
        segments=len(analysis.segments),
        topics=int(analysis.topics.n_topics),
        slope=_finite(conv.trend.slope),
        p_value=_finite(conv.trend.p_value),
        onset=conv.onset,
        seconds=time.perf_counter() - started,
    )


def _report(job: CorpusJob, force: bool, threads: int | None, executor: Executor | None):  # -> Analysis
    from ..workflow import load_run_config, report_corpus

    run = load_run_config(
        job.config, embedder=job.embedder, cache=job.cache, ocr=job.ocr, group_by=job.group_by,
        group_pick=job.group_pick, where=job.where,
    )
    if threads and run.embed.threads is None:
        run = dataclasses.replace(run, embed=dataclasses.replace(run.embed, threads=threads))
    done = report_corpus(
        job.path,
        job.out,
        run=run,
        force=force,
        strict=job.strict,
        pseudonymise=job.pseudonymise,
        pseudonym_key=job.pseudonym_key,
        executor=executor,
        argv=["chartertext", "batch", str(job.name)],
    )
    return done.analysis


def _finite(value: float) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def run_batch(
    config: BatchConfig,
    *,
    jobs: int = 1,
    force: bool = False,
    on_start: Callable[[CorpusJob], None] | None = None,
    on_result: Callable[[JobResult], None] | None = None,
    executor: Executor | None = None,
) -> BatchResult:
    """Report every corpus of ``config``, then write ``index.html`` and ``batch.json`` in ``config.out_dir``.

    Parameters
    ----------
    config : BatchConfig
    jobs : int, default 1
        Corpora reported at once; above 1, each in its own process (spawned, not forked: a
        forked copy of a process that loaded torch can hang).
    force : bool, default False
        Replace existing report folders.
    on_start, on_result : callable, optional
        Called as each corpus starts (sequential runs only) and as each one ends, for progress display.
    executor : Executor, optional
        A cluster every corpus uses in turn (then ``jobs`` must be 1: the cluster is the parallelism).

    Returns
    -------
    BatchResult
        ``failed`` lists the corpora that failed; the others have their report.
    """
    from .index import write_batch_index

    if jobs < 1:
        raise ConfigError(f"--jobs {jobs}: give at least 1.")
    if executor is not None and executor.name != "local" and jobs > 1:
        raise ConfigError(f"--jobs {jobs} with a Dask executor: the cluster already runs the work in parallel. Fix: drop --jobs.")
    jobs = min(jobs, len(config.jobs))
    done: dict[str, JobResult] = {}
    if jobs == 1:
        for job in config.jobs:
            if on_start:
                on_start(job)
            done[job.name] = run_job(job, force, executor=executor)
            if on_result:
                on_result(done[job.name])
    else:
        # Share the cores: every worker's embedder would otherwise take them all.
        threads = max(1, (os.cpu_count() or 1) // jobs)
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
            futures = {pool.submit(run_job, job, force, threads, None, csvsafe.is_raw()): job for job in config.jobs}
            for future in as_completed(futures):
                job = futures[future]
                try:
                    done[job.name] = future.result()
                except BrokenProcessPool as exc:
                    done[job.name] = JobResult(
                        job.name, str(job.path), str(job.out), ok=False, pseudonymised=job.pseudonymise,
                        error=f"its worker process died ({exc}); out of memory? Rerun with fewer --jobs.",
                    )  # fmt: skip
                if on_result:
                    on_result(done[job.name])
    result = BatchResult(config, [done[job.name] for job in config.jobs])
    write_batch_index(result)
    return result
