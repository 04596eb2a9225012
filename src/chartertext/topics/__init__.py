"""Topic modelling that is safe for French: BERTopic on precomputed embeddings.

Inputs are data, not files: segment texts, their L2-normalised embeddings (from
``chartertext.embed``), and for the tables over time and per group, arrays aligned with the
texts. Nothing here downloads or loads an embedding model.

>>> from chartertext.topics import fit_topics, TopicConfig          # doctest: +SKIP
>>> model = fit_topics(texts, embeddings, config=TopicConfig())     # doctest: +SKIP
>>> model.topic_info()                                              # doctest: +SKIP

Modules: :mod:`~chartertext.topics.stopwords` (French and procedural stop words),
:mod:`~chartertext.topics.vocabulary` (the lemma vectoriser), :mod:`~chartertext.topics.config`
(settings and their scaling), :mod:`~chartertext.topics.fitting` (``fit_topics``),
:mod:`~chartertext.topics.model` (``TopicModel``), :mod:`~chartertext.topics.guided`
(seed topics from the value lexicon), :mod:`~chartertext.topics.over_time` (shares over
time, per group, per group × period), :mod:`~chartertext.topics.persist` (save and load),
:mod:`~chartertext.topics.result_cache` (reuse a fit whose inputs are unchanged),
:mod:`~chartertext.topics.numba_cache` (UMAP compiled once per machine).
"""

from __future__ import annotations

from ..lazy import lazy_attributes
from .config import ScaledParameters, TopicConfig, scale_parameters

# BERTopic, UMAP and spaCy's French data take tens of seconds to import: the modules that need them load on
# first use, so that reading a TopicConfig (every CLI command does) stays instant.
_LAZY = {
    "PROCEDURAL_PHRASES": "stopwords",
    "PROCEDURAL_STOPWORDS": "stopwords",
    "french_stopwords": "stopwords",
    "build_analyzer": "fitting",
    "fit_topics": "fitting",
    "guide_embeddings": "guided",
    "seed_topic_list": "guided",
    "TopicModel": "model",
    "period_labels": "over_time",
    "topic_shares": "over_time",
    "topics_over_time": "over_time",
    "topics_per_group": "over_time",
    "topics_per_group_period": "over_time",
    "load_topic_model": "persist",
    "save_topic_model": "persist",
    "FrenchLemmaAnalyzer": "vocabulary",
    "make_vectorizer": "vocabulary",
}


__getattr__ = lazy_attributes(__name__, _LAZY, globals())


__all__ = [
    "FrenchLemmaAnalyzer",
    "PROCEDURAL_PHRASES",
    "PROCEDURAL_STOPWORDS",
    "ScaledParameters",
    "TopicConfig",
    "TopicModel",
    "build_analyzer",
    "fit_topics",
    "french_stopwords",
    "guide_embeddings",
    "load_topic_model",
    "make_vectorizer",
    "period_labels",
    "save_topic_model",
    "scale_parameters",
    "seed_topic_list",
    "topic_shares",
    "topics_over_time",
    "topics_per_group",
    "topics_per_group_period",
]
