"""The topic vocabulary on the real minutes of ../shared/corpora (skipped when absent).

Topic words are features of the vocabulary, so a word that is never a feature of any segment
is in no topic's top words, whatever the clustering: these tests read the features themselves.
"""

from __future__ import annotations

import pytest

from chartertext.topics import TopicConfig
from chartertext.topics.fitting import build_analyzer
from chartertext.topics.stopwords import PROCEDURAL_STOPWORDS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def paris14(shared_corpora, nlp_fr):
    import chartertext as ct
    from chartertext.pipeline import select_segments

    corpus = ct.ingest_corpus(shared_corpora / "paris14-conseil-quartier")
    texts = select_segments(corpus, ct.RunConfig())["text"].tolist()
    analyzer = build_analyzer(TopicConfig())
    return texts, analyzer, analyzer.analyse_many(texts)


def test_vocabulary_real_minutes_have_no_procedural_word_in_any_feature(paris14):
    _, _, features = paris14
    words = {part for feats in features for feature in feats for part in feature.split()}
    assert len(words) > 1000
    assert not words & PROCEDURAL_STOPWORDS
    assert not {"prochain", "date", "confirmer", "cq", "sujet"} & words


def test_vocabulary_real_minutes_keep_street_names_out_of_the_words_and_in_the_names(paris14):
    texts, analyzer, features = paris14
    bigrams = {f for feats in features for f in feats if " " in f}
    assert not {"corentin rue", "rue père", "père corentin", "porte orléans", "rue châtillon"} & bigrams
    assert {"budget participatif", "piste cyclable", "tirage sort"} <= bigrams
    names = {name for found in analyzer.names_many(texts) for name in found}
    assert {"Porte d'Orléans", "rue du Père Corentin"} <= names
