"""A topic's word counts are the sum of its segments' counts: no segment is parsed inside a joined text."""

from __future__ import annotations

import pytest

from chartertext.topics import fit_topics
from chartertext.topics.segment_counts import SegmentSumAnalyzer
from chartertext.topics.vocabulary import normalise_apostrophes


def _joined(docs: list[str]) -> str:
    """A topic's text as BERTopic builds it: joined with spaces, newlines and tabs made spaces."""
    return " ".join(docs).replace("\n", " ").replace("\t", " ")


def test_segment_sum_splits_a_join_into_its_segments():
    docs = ["Le jardin.", "Le jardin partagé\nouvre.", "La crèche\tferme.", "Le jardin."]
    words = SegmentSumAnalyzer(str.split, docs)
    assert words.split(_joined([docs[1], docs[2]])) == [1, 2]
    # "Le jardin." starts "Le jardin partagé": the wrong first choice is undone
    assert words.split(_joined([docs[1], docs[3]])) in ([1, 3],)
    assert words.split(_joined([docs[0], docs[2], docs[3]])) == [0, 2, 3]
    assert words(_joined([docs[1], docs[2]])) == ["Le", "jardin", "partagé", "ouvre.", "La", "crèche", "ferme."]


@pytest.mark.parametrize("text", ["La crèche ferme. Le jardin.", "Le jardin. Autre chose.", "Le jard", ""])
def test_text_that_is_not_a_join_in_corpus_order_is_analysed_whole(text):
    docs = ["Le jardin.", "La crèche ferme."]
    words = SegmentSumAnalyzer(lambda t: [f"whole:{t}"], docs)
    assert words.split(text) is None
    assert words(text) == [f"whole:{text}"]


def test_topic_words_come_from_the_segments_parsed_once(planted, nlp_fr):
    texts, _, embeddings = planted
    fitted = texts[::2]
    model = fit_topics(fitted, embeddings[::2], seed=42)
    # Only segments were analysed: no joined topic text reached spaCy.
    assert set(model.analyzer._memo) == {normalise_apostrophes(t) for t in fitted}
    # The vocabulary is that of the segments (a joined parse adds bigrams across segment boundaries).
    features = {f for text in fitted for f in model.analyzer(text)}
    assert set(model.bertopic.vectorizer_model.vocabulary_) == features
