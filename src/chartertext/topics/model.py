"""The fitted topic model: BERTopic plus our config, vocabulary and result tables.

A :class:`TopicModel` is what :func:`chartertext.topics.fit_topics` returns and what
:func:`chartertext.topics.save_topic_model` writes. It keeps the BERTopic model (to assign
new segments), the settings actually used, and per-segment results of the fit, and gives
them as pandas tables:

- :meth:`TopicModel.topic_info`: one row per topic (size, label, words, representative texts);
- :meth:`TopicModel.assignments`: one row per fitted segment (topic, probability, similarity);
- :meth:`TopicModel.transform`: the same table for new segments.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import ChartertextError
from .config import ScaledParameters, TopicConfig
from .numba_cache import enable_numba_cache
from .vocabulary import FrenchLemmaAnalyzer

if TYPE_CHECKING:  # a model read back from the result cache need not import BERTopic (seconds)
    from bertopic import BERTopic

#: Label of topic -1 (segments no topic claims).
OUTLIER_LABEL = "(outliers)"
#: Separator between the words of a label.
LABEL_SEPARATOR = ", "
#: Columns of :meth:`TopicModel.assignments` and :meth:`TopicModel.transform`.
ASSIGNMENT_COLUMNS: tuple[str, ...] = ("index", "topic", "label", "probability", "similarity")
#: Columns of :meth:`TopicModel.topic_info`.
TOPIC_INFO_COLUMNS: tuple[str, ...] = ("topic", "size", "share", "label", "words", "names", "representative_texts")


@dataclass
class TopicModel:
    """A fitted topic model and the results of its fit.

    Attributes
    ----------
    bertopic : bertopic.BERTopic
        The fitted model (its ``vectorizer_model`` is the French vocabulary).
    config : TopicConfig
        Settings as given.
    params : ScaledParameters
        Settings as used for this corpus (clusterer, min_topic_size, UMAP sizes).
    analyzer : FrenchLemmaAnalyzer
        The vocabulary analyzer.
    seed : int
        Random state used.
    topics_ : ndarray of shape (n_texts,) of int
        Topic of each text given to the fit (outside a sample, assigned with
        :meth:`transform`: see ``fitted_rows_``); -1 for outliers left unassigned.
    probabilities_ : ndarray of shape (n_texts,) of float
        HDBSCAN's membership strength of the text in the cluster it was found in (0 for
        outliers it later got reassigned from); NaN with k-means, which gives none.
    similarity_ : ndarray of shape (n_texts,) of float
        Cosine similarity between the text and its final topic's centroid.
    cluster_ids_, cluster_centroids_ : ndarray
        Topic ids and centroids of the clusters before outlier reduction; new texts that
        the clusterer leaves out are reassigned against these, as at fit time.
    topic_ids_, topic_centroids_ : ndarray
        Topic ids (with -1 if outliers remain) and their L2-normalised mean embeddings.
    representative_ : dict of int to list of int
        Indices of the fitted texts closest to each topic's centroid.
    representative_texts_ : dict of int to list of str
        Those texts.
    seed_values_ : tuple of str
        Values that seeded guided topics (empty when not guided).
    seed_words_ : dict of str to tuple of str
        The lemmatised seed words of every value of the lexicon; all weigh 1.2 in c-TF-IDF,
        while only ``seed_values_`` pulled segment embeddings.
    names_ : dict of int to tuple of str
        The names of people and places most often found in each topic's texts, most first
        (:func:`chartertext.topics.names.topic_names`): kept out of the words, shown beside them.
    notes_ : tuple of str
        What was decided on the user's behalf (k-means fallback, outliers left, values absent,
        fit on a sample).
    fitted_rows_ : ndarray of int or None, default None
        Positions of the texts the model was fitted on when it was fitted on a sample (the
        others were assigned with :meth:`transform`, see :mod:`chartertext.topics.sampling`);
        ``None`` when it was fitted on every text.
    """

    bertopic: BERTopic
    config: TopicConfig
    params: ScaledParameters
    analyzer: FrenchLemmaAnalyzer
    seed: int
    topics_: np.ndarray
    probabilities_: np.ndarray
    similarity_: np.ndarray
    cluster_ids_: np.ndarray
    cluster_centroids_: np.ndarray
    topic_ids_: np.ndarray
    topic_centroids_: np.ndarray
    representative_: dict[int, list[int]]
    representative_texts_: dict[int, list[str]]
    seed_values_: tuple[str, ...] = ()
    seed_words_: dict[str, tuple[str, ...]] = field(default_factory=dict)
    names_: dict[int, tuple[str, ...]] = field(default_factory=dict)
    notes_: tuple[str, ...] = field(default=())
    fitted_rows_: np.ndarray | None = None

    # -- topics -----------------------------------------------------------------------------
    @property
    def clusterer_(self) -> str:
        """``"hdbscan"`` (UMAP + HDBSCAN) or ``"kmeans"`` (small-corpus fallback)."""
        return self.params.clusterer

    @property
    def n_fitted_(self) -> int:
        """Number of texts the topics were fitted on: ``len(topics_)`` unless fitted on a sample."""
        return len(self.topics_) if self.fitted_rows_ is None else len(self.fitted_rows_)

    @property
    def n_topics(self) -> int:
        """Number of topics, not counting -1."""
        return int((self.topic_ids_ >= 0).sum())

    def words(self, topic: int) -> list[tuple[str, float]]:
        """The topic's words (lemmas and lemma bigrams) with their c-TF-IDF weights, best first."""
        found = self.bertopic.get_topic(topic)
        if found is False:
            raise ChartertextError(
                f"topic {topic} does not exist; topics are {self.topic_ids_.tolist()}. Use topic_info()"
            )
        return [(w, float(s)) for w, s in found if w]

    def label(self, topic: int) -> str:
        """Up to ``config.label_words`` words, skipping those already covered by earlier ones.

        "solidarité", "solidarité entraide", "entraide" gives "solidarité, solidarité entraide":
        a word whose lemmas all appear in the label so far adds nothing.
        """
        if topic == -1:
            return OUTLIER_LABEL
        chosen: list[str] = []
        covered: set[str] = set()
        for word, _ in self.words(topic):
            parts = set(word.split())
            if parts <= covered:
                continue
            chosen.append(word)
            covered |= parts
            if len(chosen) == self.config.label_words:
                break
        return LABEL_SEPARATOR.join(chosen)

    @property
    def labels_(self) -> dict[int, str]:
        """Label of every topic id."""
        return {int(t): self.label(int(t)) for t in self.topic_ids_}

    # -- tables -----------------------------------------------------------------------------
    def topic_info(self) -> pd.DataFrame:
        """One row per topic, -1 first when present.

        Returns
        -------
        pandas.DataFrame
            Columns ``TOPIC_INFO_COLUMNS``: ``topic`` (int), ``size`` (segments),
            ``share`` (of all fitted segments), ``label`` (str), ``words`` (list of str, best
            first), ``names`` (list of str: the names of people and places most often found
            in the topic's texts, see ``names_``), ``representative_texts`` (list of str,
            closest to the centroid first).
        """
        names = getattr(self, "names_", {})  # models saved before names were read have none
        sizes = pd.Series(self.topics_).value_counts()
        rows = []
        for t in self.topic_ids_.tolist():
            rows.append(
                {
                    "topic": t,
                    "size": int(sizes.get(t, 0)),
                    "share": float(sizes.get(t, 0) / len(self.topics_)),
                    "label": self.label(t),
                    "words": [w for w, _ in self.words(t)] if t >= 0 else [],
                    "names": list(names.get(t, ())),
                    "representative_texts": list(self.representative_texts_.get(t, [])),
                }
            )
        return pd.DataFrame(rows, columns=list(TOPIC_INFO_COLUMNS))

    def assignments(self) -> pd.DataFrame:
        """One row per fitted text, in input order.

        Returns
        -------
        pandas.DataFrame
            Columns ``ASSIGNMENT_COLUMNS``: ``index`` (position in the fitted texts),
            ``topic``, ``label``, ``probability`` (see ``probabilities_``), ``similarity``
            (cosine to the topic centroid).
        """
        return self._table(self.topics_, self.probabilities_, self.similarity_)

    def transform(self, texts: Sequence[str], embeddings: np.ndarray) -> pd.DataFrame:
        """Assign new texts to the fitted topics, as the fit would have.

        UMAP and the clusterer place each text (HDBSCAN's ``approximate_predict``, or the
        nearest k-means centre); with ``config.reduce_outliers``, texts left in -1 go to the
        cluster whose centroid is most similar, with the rule used at fit time.

        Parameters
        ----------
        texts : sequence of str
        embeddings : ndarray of shape (n_texts, dim)
            From the same embedding model as the fit, L2-normalised.

        Returns
        -------
        pandas.DataFrame
            Columns ``ASSIGNMENT_COLUMNS``; ``index`` is the position in ``texts``.
        """
        vectors = np.asarray(embeddings, dtype=np.float32)
        dim = self.topic_centroids_.shape[1]
        if vectors.ndim != 2 or vectors.shape != (len(texts), dim):
            raise ChartertextError(
                f"embeddings must have shape (n_texts, {dim}) = ({len(texts)}, {dim}), got {vectors.shape}. "
                "Embed the new texts with the model used for the fit"
            )
        if len(texts) == 0:
            return self._table(np.empty(0, int), np.empty(0), np.empty(0))
        vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
        enable_numba_cache()  # a model loaded in a new process would compile UMAP's transform again
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*n_jobs.*overridden.*")
            predicted, probs = self.bertopic.transform(list(texts), embeddings=vectors)
        topics = np.asarray(predicted, dtype=int)
        if self.config.reduce_outliers and (topics == -1).any():
            topics = reassign_outliers(
                topics, vectors, self.cluster_ids_, self.cluster_centroids_, self.config.outlier_threshold
            )
        probabilities = np.full(len(texts), np.nan) if probs is None else np.asarray(probs, dtype=float)
        similarity = np.full(len(texts), np.nan)
        known = np.isin(topics, self.topic_ids_)
        rows = np.searchsorted(self.topic_ids_, topics[known])
        similarity[known] = np.einsum("ij,ij->i", vectors[known], self.topic_centroids_[rows])
        return self._table(topics, probabilities, similarity)

    def _table(self, topics: np.ndarray, probabilities: np.ndarray, similarity: np.ndarray) -> pd.DataFrame:
        labels = self.labels_
        return pd.DataFrame(
            {
                "index": np.arange(len(topics)),
                "topic": topics.astype(int),
                "label": [labels.get(int(t), OUTLIER_LABEL) for t in topics],
                "probability": probabilities.astype(float),
                "similarity": similarity.astype(float),
            },
            columns=list(ASSIGNMENT_COLUMNS),
        )


def reassign_outliers(
    topics: np.ndarray,
    embeddings: np.ndarray,
    cluster_ids: np.ndarray,
    centroids: np.ndarray,
    threshold: float,
) -> np.ndarray:
    """Give each -1 the topic whose centroid is most cosine-similar, as BERTopic's ``"embeddings"`` strategy.

    Parameters
    ----------
    topics : ndarray of shape (n,) of int
    embeddings : ndarray of shape (n, dim)
        L2-normalised.
    cluster_ids : ndarray of shape (k,) of int
    centroids : ndarray of shape (k, dim)
        L2-normalised, row ``i`` the centroid of topic ``cluster_ids[i]``.
    threshold : float
        Similarities below it count as 0; a text with no similarity above 0 stays -1.

    Returns
    -------
    ndarray of shape (n,) of int
    """
    out = topics.copy()
    rows = np.flatnonzero(topics == -1)
    if len(rows) == 0 or len(cluster_ids) == 0:
        return out
    sims = embeddings[rows] @ centroids.T
    sims[sims < threshold] = 0
    best = np.argmax(sims, axis=1)
    has_any = sims.sum(axis=1) > 0
    out[rows[has_any]] = cluster_ids[best[has_any]]
    return out
