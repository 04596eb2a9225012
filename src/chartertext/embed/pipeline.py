"""Embed a list of texts: reuse cached vectors, chunk what is too long, commit per batch."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import ChartertextError
from .base import Embedder, check_texts
from .cache import CachedVector, EmbeddingCache, text_key
from .chunking import pool_chunks, split_to_window


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


def _batches(
    keys: Sequence[str], texts: dict[str, str], embedder: Embedder
) -> Iterator[list[tuple[str, list[str], list[int]]]]:
    """Group texts so each batch sends about ``batch_size`` chunks to the model.

    A text's chunks always travel in the same batch, so a batch commits whole texts.
    """
    overhead = embedder.count_tokens("")
    batch: list[tuple[str, list[str], list[int]]] = []
    pieces = 0
    for key in keys:
        chunks = split_to_window(texts[key], embedder.count_tokens, embedder.max_tokens)
        # Weight by content tokens, so the prefix does not make a short last chunk count more.
        weights = [max(c.n_tokens - overhead, 1) for c in chunks]
        batch.append((key, [c.text for c in chunks], weights))
        pieces += len(chunks)
        if pieces >= embedder.batch_size:
            yield batch
            batch, pieces = [], 0
    if batch:
        yield batch


def embed_texts(
    texts: Sequence[str],
    embedder: Embedder,
    cache: EmbeddingCache | None = None,
    *,
    progress: bool = False,
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
    by_key = dict(zip(keys, texts))  # equal texts share a key, so each is embedded once
    warnings_before = len(cache.warnings) if cache is not None else 0

    found: dict[str, CachedVector] = {}
    if cache is not None:
        found = cache.get(embedder.model_id, list(by_key), embedder.dim)
    missing = [k for k in by_key if k not in found]

    with _progress(progress, len(by_key), len(found), f"Embedding ({embedder.model_id})") as bar:
        for batch in _batches(missing, by_key, embedder):
            flat = [piece for _, pieces, _ in batch for piece in pieces]
            vectors = embedder.embed(flat)
            if vectors.shape != (len(flat), embedder.dim):
                # A wrong row count would pair vectors with the wrong texts, and cache them so.
                raise ChartertextError(
                    f"embedder {embedder.model_id} returned an array of shape {vectors.shape} for "
                    f"{len(flat)} texts (expected ({len(flat)}, {embedder.dim})); nothing from this batch was cached."
                )
            rows = []
            offset = 0
            for key, pieces, weights in batch:
                part = vectors[offset : offset + len(pieces)]
                offset += len(pieces)
                vector = part[0] if len(pieces) == 1 else pool_chunks(part, weights)
                found[key] = CachedVector(np.asarray(vector, dtype=np.float32), len(pieces))
                rows.append((key, found[key].vector, len(pieces)))
            if cache is not None:
                cache.put(embedder.model_id, rows)
            if bar is not None:
                bar.advance(bar.task_ids[0], len(batch))

    out = np.empty((len(texts), embedder.dim), dtype=np.float32)
    for i, key in enumerate(keys):
        out[i] = found[key].vector
    chunked = [found[k].n_chunks for k in by_key if found[k].n_chunks > 1]
    return EmbeddingResult(
        vectors=out,
        model_id=embedder.model_id,
        n_new=len(missing),
        n_cached=len(by_key) - len(missing),
        n_chunked=len(chunked),
        n_chunks=sum(chunked),
        warnings=tuple(cache.warnings[warnings_before:]) if cache is not None else (),
    )

