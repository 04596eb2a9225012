"""A re-run with the same inputs loads the fitted topic model instead of fitting it again."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from chartertext.embed import EmbeddingCache
from chartertext.embed.results import ResultStore
from chartertext.topics import TopicConfig, fit_topics, fitting
from chartertext.topics.result_cache import NAMESPACE


@pytest.fixture
def fits(monkeypatch, tmp_path):
    """Count the fits actually run; the user's signing key lives in tmp_path."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    calls: list[int] = []
    real = fitting._fit

    def counting(docs, *args, **kwargs):
        calls.append(len(docs))
        return real(docs, *args, **kwargs)

    monkeypatch.setattr(fitting, "_fit", counting)
    return calls


def _same_results(a, b) -> None:
    pd.testing.assert_frame_equal(a.topic_info(), b.topic_info())
    pd.testing.assert_frame_equal(a.assignments(), b.assignments())
    assert [a.words(t) for t in a.topic_ids_] == [b.words(t) for t in b.topic_ids_]


def test_second_fit_with_same_inputs_loads_the_model(tiny, fits, tmp_path):
    texts, embeddings = tiny
    cache = tmp_path / "models" / "embeddings.sqlite"
    first = fit_topics(texts, embeddings, seed=3, cache=cache)
    second = fit_topics(texts, embeddings, seed=3, cache=cache)
    assert fits == [len(texts)]
    _same_results(first, second)
    with EmbeddingCache(cache) as opened:
        assert ResultStore(opened).count(NAMESPACE) == 1


def test_loaded_model_gives_lemmas_without_parsing_again(tiny, fits, tmp_path):
    texts, embeddings = tiny
    cache = tmp_path / "c.sqlite"
    expected = fit_topics(texts, embeddings, seed=3, cache=cache).analyzer.lemmas_many(texts)
    loaded = fit_topics(texts, embeddings, seed=3, cache=cache)
    assert loaded.analyzer.lemmas_many(texts) == expected
    assert loaded.analyzer._nlp is None  # spaCy was never loaded for them


@pytest.mark.parametrize(
    "change",
    [
        {"seed": 4},
        {"config": TopicConfig(top_n_words=5)},
        {"texts": "last text edited"},
        {"embeddings": "one vector moved"},
    ],
    ids=["seed", "config", "text", "embedding"],
)
def test_any_changed_input_fits_again(tiny, fits, tmp_path, change):
    texts, embeddings = tiny
    cache = tmp_path / "c.sqlite"
    fit_topics(texts, embeddings, seed=3, cache=cache)
    kwargs = {"seed": 3, "config": None}
    kwargs.update({k: v for k, v in change.items() if k in ("seed", "config")})
    if "texts" in change:
        texts = [*texts[:-1], texts[-1] + " Et les loyers."]
    if "embeddings" in change:
        embeddings = embeddings.copy()
        embeddings[0] = embeddings[1]
    fit_topics(texts, embeddings, cache=cache, **kwargs)
    assert len(fits) == 2


def test_without_cache_every_call_fits(tiny, fits):
    texts, embeddings = tiny
    fit_topics(texts, embeddings, seed=3)
    fit_topics(texts, embeddings, seed=3)
    assert len(fits) == 2


def test_a_model_another_user_stored_is_refitted_not_unpickled(tiny, fits, tmp_path, monkeypatch):
    texts, embeddings = tiny
    cache = tmp_path / "shared.sqlite"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "colleague"))
    fit_topics(texts, embeddings, seed=3, cache=cache)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "me"))
    monkeypatch.setattr("pickle.loads", lambda *a, **k: pytest.fail("unpickled a row this user did not sign"))
    fit_topics(texts, embeddings, seed=3, cache=cache)
    assert len(fits) == 2


@pytest.mark.slow
def test_words_counted_once_equal_those_of_fit_transform(planted, nlp_fr, monkeypatch):
    """With no outlier reduction the words were fit_transform's; counting them afterwards gives the same."""
    texts, _, embeddings = planted
    config = TopicConfig(reduce_outliers=False)
    counted_after = fit_topics(texts, embeddings, seed=42, config=config)
    # The path before: fit_transform counts with the French vocabulary and nothing recounts.
    monkeypatch.setattr(fitting, "_PlaceholderAnalyzer", lambda: fitting.build_analyzer(config))
    monkeypatch.setattr(fitting, "_count_words", lambda *args: None)
    in_fit_transform = fit_topics(texts, embeddings, seed=42, config=config)
    assert (counted_after.topics_ == in_fit_transform.topics_).all()
    assert (counted_after.topics_ == -1).any()  # the case where nothing else recounts
    _same_results(counted_after, in_fit_transform)
    np.testing.assert_array_equal(
        counted_after.bertopic.c_tf_idf_.toarray(), in_fit_transform.bertopic.c_tf_idf_.toarray()
    )


def test_cached_model_keeps_its_fields(tiny, fits, tmp_path):
    texts, embeddings = tiny
    cache = tmp_path / "c.sqlite"
    first = fit_topics(texts, embeddings, seed=3, cache=cache)
    second = fit_topics(texts, embeddings, seed=3, cache=cache)
    for field in dataclasses.fields(first):
        if field.name in ("bertopic", "analyzer"):
            continue
        a, b = getattr(first, field.name), getattr(second, field.name)
        assert repr(a) == repr(b), field.name


def test_loaded_model_unpickles_bertopic_only_for_what_needs_it(tiny, fits, tmp_path):
    from chartertext.topics import load_topic_model, save_topic_model

    texts, embeddings = tiny
    cache = tmp_path / "c.sqlite"
    first = fit_topics(texts, embeddings, seed=3, cache=cache)
    loaded = fit_topics(texts, embeddings, seed=3, cache=cache)
    loaded.topic_info()
    assert loaded.bertopic._model is None  # the tables need the stored words, not BERTopic
    pd.testing.assert_frame_equal(loaded.transform(texts, embeddings), first.transform(texts, embeddings))
    assert loaded.bertopic.vectorizer_model.analyzer is loaded.analyzer  # one analyzer, as fitted
    save_topic_model(loaded, tmp_path / "saved")
    again = load_topic_model(tmp_path / "saved")
    assert type(again.bertopic) is type(first.bertopic)
    pd.testing.assert_frame_equal(again.transform(texts, embeddings), first.transform(texts, embeddings))
