from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pytest

from chartertext.topics.guided import corpus_seed_vectors, embedder_seed_vectors, guide_embeddings, seed_topic_list
from chartertext.topics.vocabulary import FrenchLemmaAnalyzer


@dataclass(frozen=True)
class Value:
    name: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    values: tuple[Value, ...]
    source: str = "test"


def _unit(v):
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_guided_seed_list_is_lemmatised_like_the_vocabulary(nlp_fr):
    lexicon = Lexicon(
        (
            Value("solidarité", ("solidarité", "solidarités", "solidaires")),
            Value("pouvoir d'agir", ("pouvoir d’agir", "capacités d'agir des personnes")),
            Value("vide", ("le", "pour")),
        )
    )
    names, seeds = seed_topic_list(lexicon, FrenchLemmaAnalyzer())
    assert names == ("solidarité", "pouvoir d'agir")
    assert seeds[0] == ["solidarité", "solidaire"]
    # elisions split, stop words out ("pouvoir", "personne"), and what is left of a multiword
    # term is one n-gram when it fits the vocabulary's n-grams
    assert seeds[1] == ["agir", "capacité agir"]
    names3, seeds3 = seed_topic_list(lexicon, FrenchLemmaAnalyzer(ngram_range=(1, 1)))
    assert seeds3[1] == ["agir", "capacité"]


def test_guided_embeddings_label_segments_near_a_seed_and_pull_them():
    seed = _unit([1, 0, 0])
    embeddings = np.vstack([_unit([1, 0.3, 0]), _unit([1, 0, 0.3]), _unit([0, 1, 0]), _unit([0, 0.2, 1])])
    y, guided = guide_embeddings(embeddings, [seed])
    assert y.tolist() == [0, 0, -1, -1]
    assert np.allclose(np.linalg.norm(guided, axis=1), 1, atol=1e-6)
    assert (guided[:2] @ seed > embeddings[:2] @ seed).all()
    assert np.allclose(guided[2:], embeddings[2:])


def test_guided_embeddings_without_seed_change_nothing():
    embeddings = np.vstack([_unit([1, 0]), _unit([0, 1])])
    y, guided = guide_embeddings(embeddings, [])
    assert (y == -1).all() and np.array_equal(guided, embeddings)


def test_guided_corpus_seed_vector_is_the_centroid_of_segments_mentioning_the_value():
    embeddings = np.vstack([_unit([1, 0]), _unit([0.8, 0.6]), _unit([0, 1])])
    features = [["solidarité"], ["solidarité", "quartier"], ["tramway"]]
    vectors = corpus_seed_vectors([["solidarité"], ["vélo"]], features, embeddings)
    assert vectors[1] is None
    assert np.allclose(vectors[0], _unit(embeddings[0] + embeddings[1]))
    assert corpus_seed_vectors([["solidarité"]], features, embeddings, min_segments=3) == [None]


@pytest.mark.slow
def test_guided_planted_solidarity_cluster_gets_a_solidarite_topic(planted):
    from chartertext.topics import TopicConfig, fit_topics

    texts, themes, embeddings = planted
    lexicon = Lexicon((Value("solidarité", ("solidarité", "solidaire", "solidaires")),))
    model = fit_topics(texts, embeddings, config=TopicConfig(guided=True), lexicon=lexicon)
    assert model.seed_values_ == ("solidarité",)
    assert model.seed_words_ == {"solidarité": ("solidarité", "solidaire")}
    planted_rows = [i for i, t in enumerate(themes) if t == "solidarité"]
    main_topic = Counter(model.topics_[planted_rows].tolist()).most_common(1)[0][0]
    assert (model.topics_[planted_rows] == main_topic).mean() >= 0.8
    assert "solidarité" in model.label(int(main_topic)).split(", ")


def test_guided_embedder_seed_vectors_embed_the_joined_seed_words():
    calls = []

    def fake_embed(texts):
        calls.append(list(texts))
        return np.array([[3.0, 4.0], [0.0, 2.0]])

    vectors = embedder_seed_vectors([["solidarité", "entraide"], ["égalité"]], fake_embed)
    assert calls == [["solidarité entraide", "égalité"]]
    assert np.allclose(vectors[0], [0.6, 0.8]) and np.allclose(vectors[1], [0.0, 1.0])
