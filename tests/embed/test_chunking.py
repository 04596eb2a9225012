"""Splitting long texts at sentence boundaries, and pooling chunk vectors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chartertext.embed.chunking import pool_chunks, split_to_window


def words_plus_two(text: str) -> int:
    """A toy tokenizer: one token per word, plus two special tokens."""
    return len(text.split()) + 2


def test_split_to_window_keeps_a_text_that_fits_whole():
    text = "Le quorum est atteint. La séance est ouverte."
    chunks = split_to_window(text, words_plus_two, 20)
    assert [(c.start, c.end, c.text) for c in chunks] == [(0, len(text), text)]


def test_split_to_window_cuts_at_sentence_ends_not_mid_sentence():
    text = (
        "Le conseil approuve le compte rendu. "
        "La commission présente le projet de jardin partagé. "
        "Les habitants demandent des bancs."
    )
    # 6 + 8 + 5 words: a 16-token window holds the first two sentences but not all three.
    chunks = split_to_window(text, words_plus_two, 16)
    assert [c.text for c in chunks] == [
        "Le conseil approuve le compte rendu. La commission présente le projet de jardin partagé.",
        "Les habitants demandent des bancs.",
    ]


def test_split_to_window_cuts_at_line_breaks():
    text = "Présents : Anne, Karim, Lucie\nExcusés : Paul, Mireille"
    chunks = split_to_window(text, words_plus_two, 7)
    assert [c.text for c in chunks] == ["Présents : Anne, Karim, Lucie", "Excusés : Paul, Mireille"]


def test_split_to_window_splits_an_overlong_sentence_between_words():
    text = "un deux trois quatre cinq six sept huit neuf dix onze"
    chunks = split_to_window(text, words_plus_two, 6)
    assert all(c.n_tokens <= 6 for c in chunks)
    assert " ".join(c.text for c in chunks) == text


def test_split_to_window_cuts_an_unbreakable_word_without_losing_characters():
    url = "https://www.paris.fr/" + "quartier-jean-moulin-porte-d-orleans/" * 6
    count = lambda s: len(s) // 20 + 2  # noqa: E731  (a tokenizer that sees long words as many tokens)
    chunks = split_to_window(url, count, 5)
    assert len(chunks) > 1
    assert all(count(c.text) <= 5 for c in chunks)
    assert "".join(c.text for c in chunks) == url


def test_split_to_window_rejects_a_window_with_no_room_for_text():
    with pytest.raises(ValueError, match="cannot hold"):
        split_to_window("un deux trois", words_plus_two, 2)


french_words = st.sampled_from(
    ["Le", "conseil", "délibère", "sur", "l’école", "M.", "Dupont", "« vote »", "ça", "été", "Œuvre", "n°3"]
)
separators = st.sampled_from([" ", " ", " ", ". ", ".\n", "\n\n", " ! ", "… ", ";\t"])


@settings(max_examples=150, deadline=None, database=None)  # no .hypothesis/ folder in the working directory
@given(
    parts=st.lists(st.tuples(french_words, separators), min_size=1, max_size=60),
    window=st.integers(min_value=3, max_value=25),
)
def test_split_to_window_chunks_fit_and_lose_nothing(parts, window):
    text = "".join(w + s for w, s in parts).strip()
    chunks = split_to_window(text, words_plus_two, window)
    assert all(c.n_tokens == words_plus_two(c.text) <= window for c in chunks)
    assert all(c.text == text[c.start : c.end] and c.text == c.text.strip() and c.text for c in chunks)
    assert all(a.end <= b.start for a, b in zip(chunks, chunks[1:]))
    # Between chunks only whitespace is dropped: every word survives, in order.
    assert " ".join(c.text for c in chunks).split() == text.split()


def test_pool_chunks_is_unit_norm_and_leans_toward_the_longer_chunk():
    a = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    b = np.array([0.0, 1.0, 0.0], dtype=np.float32)
    pooled = pool_chunks(np.stack([a, b]), [300, 100])
    assert pooled.dtype == np.float32
    assert np.linalg.norm(pooled) == pytest.approx(1.0, abs=1e-6)
    assert pooled @ a > pooled @ b


def test_pool_chunks_rejects_missing_or_non_positive_weights():
    vectors = np.eye(3, dtype=np.float32)[:2]
    with pytest.raises(ValueError):
        pool_chunks(vectors, [1])
    with pytest.raises(ValueError):
        pool_chunks(vectors, [1, 0])
