"""The BERTopic model we fit, built for French: its reducer, its clusterer, its vectoriser.

UMAP + HDBSCAN, or k-means with the best silhouette on small corpora (``params.clusterer``,
:mod:`~chartertext.topics.config`); the vectoriser is
:func:`chartertext.topics.vocabulary.make_vectorizer`. BERTopic deletes every non-ASCII letter
before c-TF-IDF when ``language == "english"``; we pass ``language="multilingual"`` and
:func:`check_accents_survive` fails loudly if a future BERTopic changes this rule.
"""

from __future__ import annotations

import hdbscan
import numpy as np
from bertopic import BERTopic
from bertopic.dimensionality import BaseDimensionalityReduction
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from umap import UMAP

from ..errors import ChartertextError
from .config import ScaledParameters, TopicConfig
from .numba_cache import enable_numba_cache
from .vocabulary import FrenchLemmaAnalyzer, make_vectorizer

__all__ = ["check_accents_survive", "choose_k", "make_bertopic"]

_ACCENT_PROBE = "président l'égalité à Besançon"


def make_bertopic(
    params: ScaledParameters,
    config: TopicConfig,
    seed: int,
    analyzer: FrenchLemmaAnalyzer,
    vectors: np.ndarray,
    seeds: list[list[str]] | None,
) -> BERTopic:
    """The BERTopic model :func:`~chartertext.topics.fitting.fit_topics` fits: UMAP + HDBSCAN, or k-means."""
    if params.clusterer == "hdbscan":
        enable_numba_cache()  # else each new process compiles UMAP again, 20-30 s
        reducer: object = UMAP(
            n_neighbors=params.n_neighbors,
            n_components=params.n_components,
            min_dist=config.min_dist,
            metric="cosine",
            random_state=seed,
            n_jobs=1,
            low_memory=False,
        )
        clusterer: object = hdbscan.HDBSCAN(
            min_cluster_size=params.min_topic_size,
            metric="euclidean",
            cluster_selection_method=config.cluster_selection,
            prediction_data=True,
        )
    else:
        reducer = BaseDimensionalityReduction()
        clusterer = KMeans(n_clusters=choose_k(vectors, seed), n_init=10, random_state=seed)
    return BERTopic(
        language="multilingual",  # anything but "english": see check_accents_survive
        top_n_words=config.top_n_words,
        nr_topics=config.nr_topics,
        min_topic_size=params.min_topic_size,
        umap_model=reducer,
        hdbscan_model=clusterer,
        vectorizer_model=make_vectorizer(analyzer),
        seed_topic_list=seeds,
        calculate_probabilities=False,
        verbose=False,
    )


def check_accents_survive(model: BERTopic) -> None:
    """Fail if BERTopic's preprocessing would alter French words before c-TF-IDF."""
    cleaned = model._preprocess_text(np.array([_ACCENT_PROBE]))[0]
    if cleaned != _ACCENT_PROBE:
        raise ChartertextError(
            f"this BERTopic version ({BERTopic.__module__}) rewrites {_ACCENT_PROBE!r} as {cleaned!r} "
            "before counting words, which would strip French accents from topic words. "
            "Pin bertopic to a tested version (0.17) and report the issue"
        )


def choose_k(vectors: np.ndarray, seed: int) -> int:
    """Number of k-means clusters with the best cosine silhouette, in 2..min(6, n // 2)."""
    n = len(vectors)
    best_k, best_score = 2, -np.inf
    for k in range(2, max(2, min(6, n // 2)) + 1):
        labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(vectors)
        if len(set(labels)) < 2 or len(set(labels)) >= n:
            continue
        score = silhouette_score(vectors, labels, metric="cosine")
        if score > best_score + 1e-9:
            best_k, best_score = k, score
    return best_k
