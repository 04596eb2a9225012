"""The embedding cache: reuse, crash safety, damage detection, concurrency, order independence."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from chartertext.embed import EmbeddingCache, EmbeddingCacheWarning, default_cache_path, embed_texts, text_key
from chartertext.errors import ChartertextError

from .fakes import FakeEmbedder

TEXTS = [
    "Approbation du compte rendu de la séance précédente.",
    "Point sur le budget participatif : trois projets retenus.",
    "La commission urbanisme présente le plan local d’urbanisme.",
    "Les habitants signalent des dépôts sauvages rue d’Alésia.",
    "Proposition d’un vide-grenier au square Ferdinand-Brunot.",
    "Le marché de Noël aura lieu place de la Mairie.",
    "Questions diverses : éclairage du passage piéton.",
    "Fête de quartier prévue le 16 juin.",
    "Le conseil demande un bilan des travaux de voirie.",
    "Clôture de la séance à 21 h 10.",
]


def fill(path, texts=TEXTS, **fake_kwargs):
    fake = FakeEmbedder(**fake_kwargs)
    with EmbeddingCache(path) as cache:
        result = embed_texts(texts, fake, cache)
    return result, fake


def test_cache_second_run_computes_nothing_and_returns_identical_bytes(tmp_path):
    path = tmp_path / "emb.sqlite"
    first, _ = fill(path)
    second, fake = fill(path)
    assert (first.n_new, first.n_cached) == (len(TEXTS), 0)
    assert (second.n_new, second.n_cached) == (0, len(TEXTS))
    assert fake.calls == []
    assert second.vectors.tobytes() == first.vectors.tobytes()


def test_cache_keeps_finished_batches_of_a_run_that_crashed(tmp_path):
    path = tmp_path / "emb.sqlite"
    with pytest.raises(RuntimeError, match="simulated crash"):
        fill(path, batch_size=2, fail_on_call=3)  # batches 1 and 2 (4 texts) finished
    rerun, fake = fill(path, batch_size=2)
    assert (rerun.n_cached, rerun.n_new) == (4, len(TEXTS) - 4)
    assert fake.n_embedded == len(TEXTS) - 4
    fresh = embed_texts(TEXTS, FakeEmbedder())
    assert np.array_equal(rerun.vectors, fresh.vectors)


@pytest.mark.parametrize("content", ["junk", "empty file", "empty database", "another program's table"])
def test_cache_leaves_a_file_that_is_not_its_own_untouched(tmp_path, content):
    path = tmp_path / "notes.sqlite"
    if content == "junk":
        path.write_bytes(b"\x00\xffce n'est pas une base SQLite" * 200)
    elif content == "empty file":
        path.write_bytes(b"")
    else:  # another program's database, with or still without a table
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA user_version = 7")
            if content == "another program's table":
                conn.execute("CREATE TABLE entretiens (id INTEGER, texte TEXT)")
    before = path.read_bytes()
    with pytest.raises(ChartertextError, match="not a chartertext embedding cache.*left untouched"):
        fill(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite"]


def test_cache_detects_a_truncated_file_and_recomputes(tmp_path):
    path = tmp_path / "emb.sqlite"
    many = [f"Intervention n°{i} sur la végétalisation des rues du quartier." for i in range(400)]
    fill(path, texts=many, dim=64, batch_size=50)
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.truncate(size // 2)
    with pytest.warns(EmbeddingCacheWarning):
        result, _ = fill(path, texts=many, dim=64, batch_size=50)
    assert result.n_new == len(many)
    fresh = embed_texts(many, FakeEmbedder(dim=64))
    assert np.array_equal(result.vectors, fresh.vectors)


def test_cache_discards_a_vector_whose_bytes_were_corrupted(tmp_path):
    path = tmp_path / "emb.sqlite"
    first, _ = fill(path)
    with sqlite3.connect(path) as conn:
        (blob,) = conn.execute(
            "SELECT vector FROM embeddings WHERE text_sha256 = ?", (text_key(TEXTS[3]),)
        ).fetchone()
        damaged = bytearray(blob)
        damaged[5] ^= 0x40  # one flipped bit
        conn.execute("UPDATE embeddings SET vector = ? WHERE text_sha256 = ?", (bytes(damaged), text_key(TEXTS[3])))
    with pytest.warns(EmbeddingCacheWarning, match="1 vector\\(s\\) failing their checksum"):
        second, fake = fill(path)
    assert second.n_new == 1 and fake.calls == [[TEXTS[3]]]
    assert second.vectors.tobytes() == first.vectors.tobytes()


def test_cache_discards_vectors_of_the_wrong_dimension(tmp_path):
    path = tmp_path / "emb.sqlite"
    fill(path, dim=8)
    # Same model_id, other dimension: e.g. a backend upgrade that forgot to change its id.
    with pytest.warns(EmbeddingCacheWarning, match="wrong size"):
        result, fake = fill(path, dim=4)
    assert result.n_new == len(TEXTS)
    assert result.vectors.shape == (len(TEXTS), 4)


def test_cache_rebuilds_a_file_with_another_schema_version(tmp_path):
    path = tmp_path / "emb.sqlite"
    fill(path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    with pytest.warns(EmbeddingCacheWarning, match="schema version is 0"):
        result, _ = fill(path)
    assert result.n_new == len(TEXTS)


def test_cache_readers_are_not_blocked_by_an_open_write(tmp_path):
    path = tmp_path / "emb.sqlite"
    fill(path, texts=TEXTS[:5])
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("DELETE FROM embeddings")  # not committed
        with EmbeddingCache(path, timeout=0.5) as reader:
            found = reader.get("fake:v1", [text_key(t) for t in TEXTS], dim=8)
        assert set(found) == {text_key(t) for t in TEXTS[:5]}
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_cache_gives_each_text_the_same_vector_whatever_the_order(tmp_path):
    path = tmp_path / "emb.sqlite"
    forward, _ = fill(path, texts=TEXTS[:6])
    shuffled = [TEXTS[i] for i in (5, 2, 8, 0, 9, 3, 2)]
    backward, fake = fill(path, texts=shuffled)
    rows = {t: forward.vectors[i].tobytes() for i, t in enumerate(TEXTS[:6])}
    for i, t in enumerate(shuffled):
        if t in rows:
            assert backward.vectors[i].tobytes() == rows[t]
    assert backward.vectors[1].tobytes() == backward.vectors[6].tobytes()
    assert sorted(t for call in fake.calls for t in call) == sorted([TEXTS[8], TEXTS[9]])
    assert (backward.n_new, backward.n_cached) == (2, 4)


def test_cache_keys_the_exact_text_so_accents_and_models_count(tmp_path):
    path = tmp_path / "emb.sqlite"
    fill(path, texts=["Réunion de l’équipe"])
    result, _ = fill(path, texts=["Reunion de l'equipe", "Réunion de l’équipe"])
    assert (result.n_new, result.n_cached) == (1, 1)
    other_model, _ = fill(path, texts=["Réunion de l’équipe"], model_id="fake:v2")
    assert other_model.n_new == 1


def test_cache_default_path_is_under_the_working_directory_and_created_on_first_use(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cache = EmbeddingCache()
    assert cache.path == default_cache_path() == tmp_path / "models" / "embeddings.sqlite"
    assert not (tmp_path / "models").exists()
    with cache:
        assert cache.count() == 0
    assert cache.path.is_file()


def test_cache_file_appears_whole_so_a_concurrent_run_never_takes_it_for_a_foreign_one(tmp_path):
    path = tmp_path / "emb.sqlite"
    first = EmbeddingCache(path)
    first._create_if_absent()  # what a run starting a moment earlier leaves, before any use
    header = path.read_bytes()[:100]
    assert int.from_bytes(header[68:72], "big") == 0x43545845  # the application id is there from the start
    result, _ = fill(path)  # a second run opens it as a cache
    assert result.n_new == len(TEXTS) and not result.warnings
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("emb.sqlite")) == []
    first.close()
