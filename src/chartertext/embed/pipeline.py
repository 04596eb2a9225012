"""Embed a list of texts: reuse cached vectors, chunk what is too long, commit per partition, on any executor."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import ChartertextError
from ..execution import Executor, LocalExecutor
from .base import Embedder, EmbedderRecipe, check_texts
from .cache import EmbeddingCache
from .cache_format import text_key
from .chunking import pool_chunks, split_to_window

#: Keys per cache lookup, so cached vectors are never all held besides the output matrix.
_LOOKUP_ROWS = 1000


@dataclass(frozen=True)
class EmbeddingResult:
    """Vectors for a list of texts, and what it took to get them.

    Counts are over *distinct* texts: a text given twice is embedded (or fetched) once,
    and ``n_new + n_cached`` is the number of distinct texts.

    Attributes
    ----------
    vectors : ndarray of shape (n_texts, dim), float32
        L2-normalised, in input order; equal texts get byte-identical rows.
    model_id : str
    n_new : int
        Distinct texts embedded in this call.
    n_cached : int
        Distinct texts read from the cache.
    n_chunked : int
        Distinct texts longer than the model window, embedded as several chunks
        (whether now or in the run that cached them).
    n_chunks : int
        Total chunks those ``n_chunked`` texts were split into.
    warnings : tuple of str
        Cache damage found and repaired during this call.
    """

    vectors: np.ndarray
    model_id: str
    n_new: int
    n_cached: int
    n_chunked: int
    n_chunks: int
    warnings: tuple[str, ...] = ()


def _progress(enabled: bool, total: int, done: int, label: str) -> contextlib.AbstractContextManager:
    if not enabled:
        return contextlib.nullcontext(None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )
    progress.add_task(label, total=total, completed=done)
    return progress


def _batches(texts: Sequence[str], embedder: Embedder) -> Iterator[list[tuple[int, list[str], list[int]]]]:
    """Group texts so each batch sends about ``batch_size`` chunks to the model.

    A text's chunks always travel in the same batch. Items are (position in ``texts``,
    chunk texts, chunk weights).
    """
    overhead = embedder.count_tokens("")
    batch: list[tuple[int, list[str], list[int]]] = []
    pieces = 0
    for position, text in enumerate(texts):
        chunks = split_to_window(text, embedder.count_tokens, embedder.max_tokens)
        # Weight by content tokens, so the prefix does not make a short last chunk count more.
        weights = [max(c.n_tokens - overhead, 1) for c in chunks]
        batch.append((position, [c.text for c in chunks], weights))
        pieces += len(chunks)
        if pieces >= embedder.batch_size:
            yield batch
            batch, pieces = [], 0
    if batch:
        yield batch


def embed_partition(texts: Sequence[str], source: Embedder | EmbedderRecipe) -> tuple[np.ndarray, np.ndarray]:
    """Embed one partition of distinct texts: the task an executor runs (on a worker for dask).

    Parameters
    ----------
    texts : sequence of str
        Non-empty texts of any length (long ones are chunked and pooled).
    source : Embedder or EmbedderRecipe
        A loaded embedder (local executor) or the recipe a worker loads it from, once per process.

    Returns
    -------
    vectors : ndarray of shape (len(texts), dim), float32
    n_chunks : ndarray of shape (len(texts),), int
    """
    embedder = source.load() if isinstance(source, EmbedderRecipe) else source
    vectors = np.empty((len(texts), embedder.dim), dtype=np.float32)
    n_chunks = np.ones(len(texts), dtype=np.int64)
    for batch in _batches(texts, embedder):
        flat = [piece for _, pieces, _ in batch for piece in pieces]
        embedded = embedder.embed(flat)
        if embedded.shape != (len(flat), embedder.dim):
            # A wrong row count would pair vectors with the wrong texts, and cache them so.
            raise ChartertextError(
                f"embedder {embedder.model_id} returned an array of shape {embedded.shape} for "
                f"{len(flat)} texts (expected ({len(flat)}, {embedder.dim})); nothing from this batch was cached."
            )
        offset = 0
        for position, pieces, weights in batch:
            part = embedded[offset : offset + len(pieces)]
            offset += len(pieces)
            vectors[position] = part[0] if len(pieces) == 1 else pool_chunks(part, weights)
            n_chunks[position] = len(pieces)
    return vectors, n_chunks


def embed_texts(
    texts: Sequence[str],
    embedder: Embedder,
    cache: EmbeddingCache | None = None,
    *,
    progress: bool = False,
    executor: Executor | None = None,
    recipe: EmbedderRecipe | None = None,
    partition_size: int = 2000,
) -> EmbeddingResult:
    """Embed texts, reusing and filling a cache, never truncating.

    Parameters
    ----------
    texts : sequence of str
        Non-empty texts (segments). Any length: texts longer than the window are split at
        sentence boundaries and their chunk vectors pooled (see
        :func:`~chartertext.embed.chunking.split_to_window`).
    embedder : Embedder
        From :func:`~chartertext.embed.make_embedder`.
    cache : EmbeddingCache or None, default None
        Where vectors are looked up and stored, one transaction per batch, so an
        interrupted run keeps every finished batch.
    progress : bool, default False
        Show a progress bar on stderr.
    executor : Executor or None, default None
        Where the texts not yet cached are embedded (:mod:`chartertext.execution`); None runs
        them here. The cache is read and written only here, so workers need no access to it.
    recipe : EmbedderRecipe or None, default None
        How a worker loads the same model (:func:`~chartertext.embed.base.embedder_recipe`);
        without one a non-local executor is sent ``embedder`` itself, which must pickle.
    partition_size : int, default 2000
        Texts per task on a non-local executor.

    Returns
    -------
    EmbeddingResult

    Raises
    ------
    ChartertextError
        If a text is empty, whitespace-only or not a string (naming the indices).

    Examples
    --------
    >>> from chartertext.embed import EmbeddingCache, embed_texts, make_embedder  # doctest: +SKIP
    >>> with EmbeddingCache("models/embeddings.sqlite") as cache:  # doctest: +SKIP
    ...     result = embed_texts(["Ouverture de la séance.", "Budget participatif."], make_embedder(), cache)
    >>> result.vectors.shape, result.n_new  # doctest: +SKIP
    ((2, 384), 2)
    """
    texts = list(texts)
    check_texts(texts)
    keys = [text_key(t) for t in texts]
    rows_of: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        rows_of.setdefault(key, []).append(i)  # equal texts share a key, so each is embedded once
    distinct = list(rows_of)
    warnings_before = len(cache.warnings) if cache is not None else 0

    # The output matrix is the only full copy: cached and new vectors are written straight
    # into it, one lookup chunk or partition at a time.
    out = np.empty((len(texts), embedder.dim), dtype=np.float32)
    n_chunks: dict[str, int] = {}
    if cache is not None:
        for start in range(0, len(distinct), _LOOKUP_ROWS):
            for key, found in cache.get(embedder.model_id, distinct[start : start + _LOOKUP_ROWS], embedder.dim).items():
                out[rows_of[key]] = found.vector
                n_chunks[key] = found.n_chunks
    missing = [k for k in distinct if k not in n_chunks]

    executor = executor or LocalExecutor()
    # Locally one partition is one model batch, so the cache commits (and a killed run keeps)
    # every finished batch; on a cluster a partition is big enough to pay for shipping it.
    size = embedder.batch_size if executor.name == "local" else partition_size
    partitions = [missing[i : i + size] for i in range(0, len(missing), size)]
    source = recipe if (recipe is not None and executor.name != "local") else embedder
    with _progress(progress, len(distinct), len(distinct) - len(missing), f"Embedding ({embedder.model_id})") as bar:
        # Generated lazily: only the partitions in flight hold their list of texts.
        work = ([texts[rows_of[key][0]] for key in part] for part in partitions)
        results = executor.imap(embed_partition, work, shared={"source": source})
        for part, (vectors, chunks) in zip(partitions, results):
            for key, vector, count in zip(part, vectors, chunks):
                out[rows_of[key]] = vector
                n_chunks[key] = int(count)
            if cache is not None:
                cache.put(embedder.model_id, list(zip(part, vectors, (int(c) for c in chunks))))
            if bar is not None:
                bar.advance(bar.task_ids[0], len(part))

    chunked = [n for n in n_chunks.values() if n > 1]
    return EmbeddingResult(
        vectors=out,
        model_id=embedder.model_id,
        n_new=len(missing),
        n_cached=len(distinct) - len(missing),
        n_chunked=len(chunked),
        n_chunks=sum(chunked),
        warnings=tuple(cache.warnings[warnings_before:]) if cache is not None else (),
    )
