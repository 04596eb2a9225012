from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from chartertext.errors import ChartertextError
from chartertext.topics import TopicConfig, fit_topics
from chartertext.topics.bertopic_setup import check_accents_survive, make_bertopic
from chartertext.topics.config import scale_parameters
from chartertext.topics.fitting import build_analyzer

PROCEDURAL = {"président", "séance", "unanimité", "compte rendu", "secrétaire", "commission", "conseil",
              "voter", "vote", "abstention", "réunion", "durand", "approuver", "indiquer"}


def _all_words(model) -> list[str]:
    return [w for t in model.topic_ids_.tolist() if t >= 0 for w, _ in model.words(t)]


@pytest.mark.slow
def test_fitting_topic_words_keep_accents_and_split_elisions(planted_model):
    words = _all_words(planted_model)
    unigrams = {part for w in words for part in w.split()}
    assert {"solidarité", "égalité", "accueil", "santé"} <= unigrams
    assert not any("'" in w or "’" in w for w in words)  # no "l'accueil", no "l'"
    # what BERTopic's default English preprocessing makes of them
    assert not unigrams & {"prsident", "sant", "galit", "solidarit", "laccueil", "lgalit", "mobilit"}
    assert not unigrams & PROCEDURAL and not set(words) & PROCEDURAL


@pytest.mark.slow
def test_fitting_finds_the_planted_themes(planted, planted_model):
    _, themes, _ = planted
    # logement may split in two (tenants vs buildings); the other themes must stay whole
    assert adjusted_rand_score(themes, planted_model.topics_) > 0.7
    assert planted_model.clusterer_ == "hdbscan" and 4 <= planted_model.n_topics <= 6


@pytest.mark.slow
def test_fitting_is_deterministic(planted, planted_model):
    texts, _, embeddings = planted
    again = fit_topics(texts, embeddings, seed=42)
    assert np.array_equal(again.topics_, planted_model.topics_)
    assert again.labels_ == planted_model.labels_
    assert [again.words(t) for t in again.topic_ids_] == [planted_model.words(t) for t in planted_model.topic_ids_]


@pytest.mark.slow
def test_fitting_does_not_depend_on_input_order(planted, planted_model):
    texts, _, embeddings = planted
    order = np.random.default_rng(7).permutation(len(texts))
    permuted = fit_topics([texts[i] for i in order], embeddings[order], seed=42)
    back = np.empty_like(permuted.topics_)
    back[order] = permuted.topics_
    assert np.array_equal(back, planted_model.topics_)
    assert permuted.labels_ == planted_model.labels_


@pytest.mark.slow
def test_fitting_tables_describe_every_text(planted, planted_model):
    texts, _, _ = planted
    info = planted_model.topic_info()
    assignments = planted_model.assignments()
    assert list(info.columns) == ["topic", "size", "share", "label", "words", "names", "representative_texts"]
    assert info["size"].sum() == len(texts) and info["share"].sum() == pytest.approx(1.0)
    assert list(assignments["index"]) == list(range(len(texts)))
    sizes = Counter(assignments["topic"].tolist())
    for row in info.itertuples():
        assert row.size == sizes[row.topic]
        assert 1 <= len(row.label.split(", ")) <= 4
        assert row.label.split(", ")[0] == row.words[0]
        assert 1 <= len(row.representative_texts) <= 3
        # representative texts belong to their topic
        members = {texts[i] for i in assignments.index[assignments["topic"] == row.topic]}
        assert set(row.representative_texts) <= members
    assert assignments["similarity"].between(-1, 1).all()


@pytest.mark.slow
def test_fitting_reduces_outliers_by_default(planted_model):
    assert (planted_model.topics_ >= 0).all()
    assert (planted_model.topic_ids_ >= 0).all()


def test_fitting_small_corpus_uses_kmeans_and_says_so(tiny):
    texts, embeddings = tiny
    model = fit_topics(texts, embeddings)
    assert model.clusterer_ == "kmeans"
    assert any("k-means" in note for note in model.notes_)
    assert model.n_topics == 2
    # the two planted themes (4 texts each) are separated
    assert adjusted_rand_score([0] * 4 + [1] * 4, model.topics_) == 1.0
    labels = set(model.labels_.values())
    assert any("logement" in label for label in labels) and any("tramway" in label for label in labels)
    assert np.isnan(model.assignments()["probability"]).all()


def test_fitting_small_corpus_can_refuse(tiny):
    texts, embeddings = tiny
    with pytest.raises(ChartertextError, match="at least 20 texts, got 8"):
        fit_topics(texts, embeddings, config=TopicConfig(small_corpus="error"))


def test_fitting_rejects_too_few_texts(tiny):
    texts, embeddings = tiny
    with pytest.raises(ChartertextError, match="at least 4 texts, got 3"):
        fit_topics(texts[:3], embeddings[:3])


@pytest.mark.parametrize(
    ("cut", "message"),
    [(slice(0, 7), "shape"), (None, "NaN")],
)
def test_fitting_rejects_embeddings_that_do_not_fit_the_texts(tiny, cut, message):
    texts, embeddings = tiny
    bad = embeddings[cut] if cut is not None else np.where(np.arange(embeddings.shape[1]) == 0, np.nan, embeddings)
    with pytest.raises(ChartertextError, match=message):
        fit_topics(texts, bad)


def test_fitting_rejects_texts_without_content_words(tiny):
    _, embeddings = tiny
    texts = ["Le procès-verbal de la séance est approuvé à l'unanimité."] * 8
    with pytest.raises(ChartertextError, match="stop words"):
        fit_topics(texts, embeddings)


def test_fitting_guard_catches_bertopic_ascii_preprocessing(tiny, nlp_fr):
    texts, embeddings = tiny
    config = TopicConfig()
    model = make_bertopic(scale_parameters(8, config), config, 42, build_analyzer(config), embeddings, None)
    check_accents_survive(model)  # our settings: accents survive
    model.language = "english"  # BERTopic's default, which strips every non-ASCII letter
    with pytest.raises(ChartertextError, match="accents"):
        check_accents_survive(model)


def test_fitting_rejects_non_string_texts(tiny):
    texts, embeddings = tiny
    with pytest.raises(ChartertextError, match="text 2 is a NoneType"):
        fit_topics(texts[:2] + [None] + texts[3:], embeddings)


@pytest.mark.slow
def test_fit_topics_finds_the_many_themes_of_a_large_corpus_with_default_settings():
    # 16 themes of 80 segments: with a minimum topic size growing as n / 15 (85 here) HDBSCAN
    # found no cluster at all on the 16x benchmark corpus; every theme must come out.
    words = [
        "logement", "santé", "mobilité", "école", "culture", "sport", "emploi", "sécurité",
        "propreté", "budget", "jeunesse", "seniors", "commerce", "environnement", "numérique", "voirie",
    ]  # fmt: skip
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(len(words), 48))
    themes = np.repeat(np.arange(len(words)), 80)
    texts = [f"La commission débat du thème {words[t]} : proposition numéro {i} sur {words[t]}." for i, t in enumerate(themes)]
    vectors = centres[themes] + 0.6 * rng.normal(size=(len(themes), 48))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    model = fit_topics(texts, vectors, seed=42)
    assert adjusted_rand_score(themes, model.topics_) > 0.9
