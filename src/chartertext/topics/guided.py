"""Guided topics: one seed topic per value of the value lexicon.

BERTopic's guided mode does two things with a ``seed_topic_list``:

1. before UMAP, every segment closer (cosine) to one seed topic than to the mean of all
   segments is labelled with that seed (the label becomes UMAP's semi-supervised target) and
   its embedding is moved a quarter of the way towards the seed's embedding;
2. in c-TF-IDF, seed words get a weight of 1.2, so they rise in the topic words.

BERTopic does step 1 only when it owns an embedding model, to embed the seed words; we pass
precomputed embeddings and never let BERTopic load a model, so :func:`guide_embeddings`
does step 1 here, and step 2 stays with BERTopic (``seed_topic_list`` is set on the model).
The seed's embedding is either given by the caller's embedder (``embed_seeds``, e.g. the
``chartertext.embed`` model applied to the joined seed words) or, by default, the centroid
of the segments whose vocabulary contains a seed word (:func:`corpus_seed_vectors`): it
lives in the same space as the segments, needs no model, and anchors a value only where
the corpus actually speaks of it.

Seeds are lemmatised by the topic vocabulary's own analyzer (:func:`seed_topic_list`), so
that "solidarités" in the lexicon and "solidarité" in the vocabulary are the same word.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from ..errors import ConfigError
from .vocabulary import FrenchLemmaAnalyzer

#: Share of the seed's embedding mixed into a seeded segment's embedding (BERTopic's value).
SEED_WEIGHT = 0.25


class ValueLike(Protocol):
    """What :func:`seed_topic_list` reads from a ``chartertext.values.Value``."""

    name: str
    terms: tuple[str, ...]


class LexiconLike(Protocol):
    """What :func:`seed_topic_list` reads from a ``chartertext.values.ValueLexicon``."""

    values: tuple[ValueLike, ...]
    source: str


def default_lexicon() -> LexiconLike:
    """The bundled French value lexicon (``chartertext.values.load_lexicon()``).

    Raises
    ------
    chartertext.errors.ConfigError
        When ``chartertext.values`` is not available.
    """
    try:
        from ..values import load_lexicon  # type: ignore[import-not-found]
    except ImportError as exc:
        raise ConfigError(
            "guided topics need a value lexicon, and chartertext.values could not be imported "
            f"({exc}). Pass lexicon=... to fit_topics, or set topics.guided = false"
        ) from exc
    return load_lexicon()


def seed_topic_list(
    lexicon: LexiconLike, analyzer: FrenchLemmaAnalyzer
) -> tuple[tuple[str, ...], list[list[str]]]:
    """Lemmatise each value's terms into a seed list, as the vocabulary would.

    A multiword term becomes one n-gram when it fits ``analyzer.ngram_range``, otherwise its
    lemmas become separate seeds. Terms made only of stop words vanish; a value whose terms
    all vanish is left out.

    Parameters
    ----------
    lexicon : ValueLexicon-like
        Has ``values``, each with ``name`` and ``terms``.
    analyzer : FrenchLemmaAnalyzer
        The analyzer of the topic vocabulary.

    Returns
    -------
    names : tuple of str
        The values kept, in lexicon order.
    seeds : list of list of str
        One list of distinct seed words per kept value.
    """
    high = analyzer.ngram_range[1]
    names: list[str] = []
    seeds: list[list[str]] = []
    all_terms = [term for value in lexicon.values for term in value.terms]
    lemmatised = iter(analyzer.lemmas_many(all_terms))
    for value in lexicon.values:
        words: list[str] = []
        for _term in value.terms:
            lemmas = next(lemmatised)
            candidates = [" ".join(lemmas)] if 1 <= len(lemmas) <= high else lemmas
            words.extend(w for w in candidates if w not in words)
        if words:
            names.append(value.name)
            seeds.append(words)
    return tuple(names), seeds


def corpus_seed_vectors(
    seeds: Sequence[Sequence[str]],
    features: Sequence[Sequence[str]],
    embeddings: np.ndarray,
    min_segments: int = 1,
) -> list[np.ndarray | None]:
    """Centroid of the segments whose vocabulary contains one of each value's seed words.

    Parameters
    ----------
    seeds : sequence of sequence of str
        Seed words per value (from :func:`seed_topic_list`).
    features : sequence of sequence of str
        Vocabulary features per segment (``analyzer.analyse_many(texts)``).
    embeddings : ndarray of shape (n_segments, dim)
    min_segments : int, default 1
        Fewest segments that must mention a value for it to get a vector: a value spoken of
        in two segments cannot make a topic of five, and would only pull its neighbours.

    Returns
    -------
    list of (ndarray of shape (dim,) or None)
        L2-normalised centroid per value; ``None`` when fewer than ``min_segments`` segments
        mention the value.
    """
    feature_sets = [set(f) for f in features]
    vectors: list[np.ndarray | None] = []
    for words in seeds:
        wanted = set(words)
        rows = [i for i, fs in enumerate(feature_sets) if fs & wanted]
        if len(rows) < max(1, min_segments):
            vectors.append(None)
            continue
        centroid = embeddings[rows].mean(axis=0)
        vectors.append(centroid / np.linalg.norm(centroid))
    return vectors


def embedder_seed_vectors(
    seeds: Sequence[Sequence[str]], embed_seeds: Callable[[list[str]], np.ndarray]
) -> list[np.ndarray | None]:
    """Embed each value's seed words joined by spaces, as BERTopic does.

    Parameters
    ----------
    seeds : sequence of sequence of str
    embed_seeds : callable
        ``texts -> ndarray of shape (len(texts), dim)``, in the space of the segment embeddings.
    """
    vectors = np.asarray(embed_seeds([" ".join(words) for words in seeds]), dtype=np.float64)
    vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return list(vectors)


def guide_embeddings(embeddings: np.ndarray, seed_vectors: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Label segments near a seed and pull their embeddings towards it (BERTopic's guided step).

    Parameters
    ----------
    embeddings : ndarray of shape (n_segments, dim)
        L2-normalised.
    seed_vectors : sequence of ndarray of shape (dim,)
        One per seed topic.

    Returns
    -------
    y : ndarray of shape (n_segments,) of int
        Index of the seed each segment is closest to, or -1 when the mean of all segments is
        closer than any seed (UMAP's semi-supervised target; -1 means unlabelled).
    guided : ndarray of shape (n_segments, dim) of float32
        ``0.75 * embedding + 0.25 * seed`` for labelled segments, re-normalised; others unchanged.

    Examples
    --------
    >>> e = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]])
    >>> y, g = guide_embeddings(e, [np.array([1.0, 0.0])])
    >>> y.tolist()
    [0, -1, -1]
    """
    if len(seed_vectors) == 0:
        return np.full(len(embeddings), -1), embeddings
    anchors = np.vstack([np.vstack(seed_vectors), embeddings.mean(axis=0)])
    anchors = anchors / np.linalg.norm(anchors, axis=1, keepdims=True)
    nearest = np.argmax(embeddings @ anchors.T, axis=1)
    y = np.where(nearest == len(seed_vectors), -1, nearest)
    guided = embeddings.astype(np.float64, copy=True)
    for k, seed in enumerate(seed_vectors):
        rows = y == k
        guided[rows] = (1 - SEED_WEIGHT) * guided[rows] + SEED_WEIGHT * seed
    guided /= np.linalg.norm(guided, axis=1, keepdims=True)
    return y.astype(int), guided.astype(np.float32)
