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
time, per group, per group × period), :mod:`~chartertext.topics.persist` (save and load).
"""

from __future__ import annotations

from .config import ScaledParameters, TopicConfig, scale_parameters
from .fitting import build_analyzer, fit_topics
from .guided import guide_embeddings, seed_topic_list
from .model import TopicModel
from .over_time import period_labels, topic_shares, topics_over_time, topics_per_group, topics_per_group_period
from .persist import load_topic_model, save_topic_model
from .stopwords import PROCEDURAL_PHRASES, PROCEDURAL_STOPWORDS, french_stopwords
from .vocabulary import FrenchLemmaAnalyzer, make_vectorizer

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
