from __future__ import annotations

import pytest

from chartertext.errors import ChartertextError, ConfigError
from chartertext.topics.config import ABSOLUTE_MIN_TEXTS, SMALL_CORPUS_STRATEGIES, TopicConfig, scale_parameters


def test_config_from_dict_rejects_unknown_keys_naming_them():
    with pytest.raises(ConfigError, match=r"min_cluster_size.*umap_neighbours|umap_neighbours.*min_cluster_size"):
        TopicConfig.from_dict({"min_cluster_size": 5, "umap_neighbours": 10, "seed": 1})


def test_config_from_dict_accepts_toml_lists():
    config = TopicConfig.from_dict({"extra_stopwords": ["quartier"], "keep_words": ["conseil"], "guided": True})
    assert config.extra_stopwords == ("quartier",) and config.keep_words == ("conseil",) and config.guided
    assert TopicConfig.from_dict(config.to_dict()) == config


@pytest.mark.parametrize(
    "bad",
    [{"min_topic_size": 1}, {"n_neighbors": 0}, {"nr_topics": 1}, {"nr_topics": "some"},
     {"small_corpus": "hdbscan"}, {"min_texts": 2}, {"outlier_threshold": 2.0}, {"top_n_words": True}],
)
def test_config_rejects_bad_values(bad):
    with pytest.raises(ConfigError, match=next(iter(bad))):
        TopicConfig(**bad)


@pytest.mark.parametrize("strategy", SMALL_CORPUS_STRATEGIES)
def test_config_every_documented_small_corpus_strategy_is_accepted(strategy):
    assert TopicConfig(small_corpus=strategy).small_corpus == strategy


@pytest.mark.parametrize(
    ("n", "min_topic_size", "n_neighbors", "n_components"),
    [(20, 5, 15, 5), (60, 5, 15, 5), (150, 10, 15, 5), (300, 20, 15, 5), (1500, 50, 15, 5)],
)
def test_config_parameters_scale_with_corpus_size(n, min_topic_size, n_neighbors, n_components):
    p = scale_parameters(n, TopicConfig())
    assert (p.clusterer, p.min_topic_size, p.n_neighbors, p.n_components) == (
        "hdbscan", min_topic_size, n_neighbors, n_components,
    )


def test_config_umap_sizes_stay_below_the_number_of_texts():
    p = scale_parameters(5, TopicConfig(min_texts=5))
    assert p.clusterer == "hdbscan" and p.n_neighbors == 4 and p.n_components == 3


def test_config_explicit_values_win_over_scaling():
    p = scale_parameters(300, TopicConfig(min_topic_size=7, n_neighbors=30, n_components=10))
    assert (p.min_topic_size, p.n_neighbors, p.n_components) == (7, 30, 10)


def test_config_small_corpus_uses_kmeans_or_raises_telling_the_minimum():
    assert scale_parameters(12, TopicConfig()).clusterer == "kmeans"
    with pytest.raises(ChartertextError, match="at least 20 texts, got 12"):
        scale_parameters(12, TopicConfig(small_corpus="error"))


def test_config_too_few_texts_always_raise():
    with pytest.raises(ChartertextError, match=f"at least {ABSOLUTE_MIN_TEXTS} texts, got 3"):
        scale_parameters(3, TopicConfig())


def test_config_names_in_words_reaches_the_vocabulary_and_the_cache_key(nlp_fr):
    import numpy as np

    from chartertext.topics.fitting import build_analyzer
    from chartertext.topics.result_cache import topics_key

    config = TopicConfig.from_dict({"names_in_words": True})
    text = "Les travaux de la rue du Père Corentin."
    assert "rue du père corentin" in build_analyzer(config)(text)
    assert "rue du père corentin" not in build_analyzer(TopicConfig())(text)
    vectors = np.eye(2, dtype=np.float32)
    keys = {topics_key(["a", "b"], vectors, config=c, seed=1, strata=None, lexicon=None) for c in (config, TopicConfig())}
    assert len(keys) == 2  # a model fitted with names in its words is never read back for one without


def test_config_names_in_words_must_be_a_boolean():
    with pytest.raises(ConfigError, match="topics.names_in_words must be true or false, got 'yes'"):
        TopicConfig.from_dict({"names_in_words": "yes"})
