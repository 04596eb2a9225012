"""Document similarity: both views and their mean, the clustering, and the national charters' closest pair."""

from __future__ import annotations

import numpy as np
import pytest

from chartertext.compare.similarity import document_similarity, lemma_tfidf, weighted_mean_vectors
from chartertext.errors import CorpusError

from .conftest import ACCUEILLIE, MAJEURE


def unit(*rows: list[float]) -> np.ndarray:
    x = np.asarray(rows, dtype=np.float64)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_document_similarity_is_the_mean_of_both_views_and_clusters_the_closest_pair_first():
    vectors = unit([1, 0.1, 0], [1, 0.2, 0], [0, 0.2, 1])
    tfidf = unit([1, 1, 0, 0], [1, 0.8, 0.2, 0], [0, 0, 0.3, 1])
    sim = document_similarity(["lyon", "lille", "brest"], vectors, tfidf)
    assert sim.embedding[0, 1] == pytest.approx(vectors[0] @ vectors[1])
    assert sim.tfidf[0, 2] == pytest.approx(tfidf[0] @ tfidf[2])
    np.testing.assert_allclose(sim.similarity, (sim.embedding + sim.tfidf) / 2)
    np.testing.assert_allclose(sim.similarity, sim.similarity.T)
    np.testing.assert_allclose(np.diag(sim.similarity), 1.0)
    # The first merge of the clustering joins lyon and lille, at distance 1 - their similarity.
    assert sorted(sim.linkage[0, :2].astype(int)) == [0, 1]
    assert sim.linkage[0, 2] == pytest.approx(1 - sim.similarity[0, 1])
    assert sim.order.index("brest") in (0, 2)
    table = sim.table()
    assert table[["a", "b"]].values.tolist() == [["lyon", "lille"], ["lyon", "brest"], ["lille", "brest"]]


def test_document_similarity_needs_two_charters():
    with pytest.raises(CorpusError, match="at least two"):
        document_similarity(["seule"], np.ones((1, 3)), np.ones((1, 2)))


def test_lemma_tfidf_rows_are_unit_length_and_accents_are_kept():
    tfidf, vocabulary = lemma_tfidf([["égalité", "école", "école"], ["egalite", "école"]])
    assert "égalité" in vocabulary and "egalite" in vocabulary  # two different words
    np.testing.assert_allclose(np.sqrt(np.asarray(tfidf.multiply(tfidf).sum(axis=1))).ravel(), 1.0)


def test_weighted_mean_vectors_weighs_long_articles_more():
    embeddings = unit([1, 0], [0, 1], [1, 1])
    doc = weighted_mean_vectors(embeddings, ["a", "a", "b"], [90, 10, 5], ["a", "b"])
    assert doc[0, 0] > 0.99 > doc[0, 1]  # the 90-word article dominates
    np.testing.assert_allclose(np.linalg.norm(doc, axis=1), 1.0)
    with pytest.raises(CorpusError, match="no article"):
        weighted_mean_vectors(embeddings, ["a", "a", "b"], [1, 1, 1], ["a", "b", "c"])


@pytest.mark.slow
def test_similarity_national_2003_and_2008_charters_are_the_most_similar_pair(national_comparison):
    pairs = national_comparison.pairs()
    assert {pairs.iloc[0]["a"], pairs.iloc[0]["b"]} == {ACCUEILLIE, MAJEURE}
    # Both views agree: the pair is also the closest by embeddings alone and by TF-IDF alone.
    for view in ("embedding", "tfidf"):
        best = pairs.sort_values(view, ascending=False).iloc[0]
        assert {best["a"], best["b"]} == {ACCUEILLIE, MAJEURE}, view
    assert pairs["similarity"].is_monotonic_decreasing
    # The two charters are the first pair the clustering joins.
    sim = national_comparison.similarity
    assert set(sim.linkage[0, :2].astype(int)) == {sim.doc_ids.index(ACCUEILLIE), sim.doc_ids.index(MAJEURE)}
